import pytest
import stigg

PAID_MONTHLY = {
    "pricing_type": "PAID",
    "pricing_models": [{"billing_model": "FLAT_FEE", "price_periods": [{"billing_period": "MONTHLY", "price": {"amount": 30, "currency": "usd"}}]}],
}


def draft_plan(rest_env, plan_id="plan-py-pro"):
    plans = rest_env.stigg.v1.plans
    plans.create(id=plan_id, display_name="Pro", product_id="product-revvenu", pricing_type="PAID")
    plans.entitlements.create(plan_id, entitlements=[{"type": "FEATURE", "id": "feature-seats", "usage_limit": 7}])
    plans.update(plan_id, charges=PAID_MONTHLY)


def test_create_retrieve_update_list(rest_env):
    plans = rest_env.stigg.v1.plans
    created = plans.create(id="plan-py-1", display_name="Py", product_id="product-revvenu", metadata={"a": "1"}).data
    assert created.id == "plan-py-1"
    assert created.status == "DRAFT"
    assert created.version_number == 1
    assert created.metadata == {"a": "1"}
    plan = plans.retrieve("plan-revvenu-essentials").data
    assert plan.parent_plan_id == "plan-revvenu-basic"
    assert plan.status == "PUBLISHED"
    updated = plans.update("plan-py-1", display_name="Py 2", description="d").data
    assert (updated.display_name, updated.description) == ("Py 2", "d")
    ids = [p.id for p in plans.list(status=["DRAFT"]).data]
    assert ids == ["plan-py-1"]


def test_errors(rest_env):
    plans = rest_env.stigg.v1.plans
    with pytest.raises(stigg.NotFoundError):
        plans.retrieve("nope")
    with pytest.raises(stigg.ConflictError):
        plans.create(id="plan-revvenu-basic", display_name="X", product_id="product-revvenu")
    with pytest.raises(stigg.BadRequestError):
        plans.create(id=" bad", display_name="X", product_id="product-revvenu")
    with pytest.raises(stigg.UnprocessableEntityError) as info:
        plans.publish("plan-revvenu-basic", migration_type="NEW_CUSTOMERS")
    assert info.value.body["error"]["code"] == "PackageAlreadyPublished"


def test_drafts_charges_publish_archive(rest_env):
    plans = rest_env.stigg.v1.plans
    draft_plan(rest_env)
    charges = plans.list_charges("plan-py-pro").data
    assert [(c.billing_model, c.price.amount, c.price.currency) for c in charges] == [("FLAT_FEE", 30, "usd")]
    assert plans.list_overage_charges("plan-py-pro").data == []
    assert plans.publish("plan-py-pro", migration_type="NEW_CUSTOMERS").data.task_id is None
    assert plans.retrieve("plan-py-pro").data.status == "PUBLISHED"
    draft = plans.create_draft("plan-py-pro").data
    assert (draft.status, draft.version_number) == ("DRAFT", 2)
    assert plans.remove_draft("plan-py-pro").data.id == "plan-py-pro"
    archived = plans.archive("plan-py-pro").data
    assert archived.status == "ARCHIVED"
    status, body = rest_env.fetch("GET", "/api/v1/plans/plan-py-pro")
    assert status == 200 and body["data"]["status"] == "ARCHIVED"


def test_entitlements(rest_env):
    entitlements = rest_env.stigg.v1.plans.entitlements
    draft_plan(rest_env)
    created = entitlements.create("plan-py-pro", entitlements=[{"type": "FEATURE", "id": "feature-04-analytics"}]).data
    assert created[0].id == "feature-04-analytics"
    assert created[0].type == "FEATURE"
    updated = entitlements.update("feature-seats", plan_id="plan-py-pro", type="FEATURE", usage_limit=9).data
    assert updated.usage_limit == 9
    listed = entitlements.list("plan-py-pro").data
    assert [e.id for e in listed] == ["feature-seats", "feature-04-analytics"]
    deleted = entitlements.delete("feature-04-analytics", plan_id="plan-py-pro").data
    assert deleted.id == "feature-04-analytics"
    with pytest.raises(stigg.ConflictError):
        entitlements.create("plan-py-pro", entitlements=[{"type": "FEATURE", "id": "feature-seats", "usage_limit": 1}])
    with pytest.raises(stigg.UnprocessableEntityError):
        entitlements.create("plan-revvenu-basic", entitlements=[{"type": "FEATURE", "id": "feature-seats", "usage_limit": 1}])


def test_a_published_plan_is_provisioned_through_graphql(rest_env):
    draft_plan(rest_env)
    rest_env.stigg.v1.plans.publish("plan-py-pro", migration_type="NEW_CUSTOMERS")
    rest_env.graphql("mutation($i: ProvisionCustomerInput!) { provisionCustomer(input: $i) { customer { customerId } } }", {"i": {"customerId": "cus-py"}})
    provisioned = rest_env.graphql(
        "mutation($i: ProvisionSubscriptionInput!) { provisionSubscriptionV2(input: $i) { status } }",
        {"i": {"customerId": "cus-py", "planId": "plan-py-pro", "billingPeriod": "MONTHLY"}},
    )
    assert "errors" not in provisioned
    seats = rest_env.graphql(
        "query($q: FetchEntitlementQuery!) { entitlement(query: $q) { isGranted usageLimit } }",
        {"q": {"customerId": "cus-py", "featureId": "feature-seats"}},
    )
    assert seats["data"]["entitlement"] == {"isGranted": True, "usageLimit": 7}
