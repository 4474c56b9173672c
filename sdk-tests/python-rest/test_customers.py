import pytest
import stigg


def grant(feature_id, **extra):
    """A grant as the create params require it (every field present, None when not used)."""
    base = {
        "feature_id": feature_id,
        "period": "1 month",
        "custom_end_date": None,
        "usage_limit": None,
        "has_unlimited_usage": None,
        "has_soft_limit": None,
        "enum_values": None,
        "is_visible": None,
        "reset_period": None,
        "monthly_reset_period_configuration": None,
        "weekly_reset_period_configuration": None,
        "yearly_reset_period_configuration": None,
    }
    base.update(extra)
    return base


def error_body(error):
    return error.body if isinstance(error.body, dict) else {}


# ---------------------------------------------------------------- retrieve


def test_retrieve_a_customer_created_through_graphql(rest_env):
    created = rest_env.graphql(
        "mutation($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { customerId } } }",
        {"input": {"customerId": "cus-py-1", "name": "Ada"}},
    )
    assert "errors" not in created
    customer = rest_env.stigg.v1.customers.retrieve("cus-py-1").data
    assert customer.id == "cus-py-1"
    assert customer.name == "Ada"
    assert customer.archived_at is None


def test_retrieve_an_unknown_customer_is_not_found(rest_env):
    with pytest.raises(stigg.NotFoundError):
        rest_env.stigg.v1.customers.retrieve("nope")


def test_a_wrong_key_is_an_authentication_error(emulator):
    client = stigg.Stigg(api_key="bogus key", base_url=emulator.url, max_retries=0)
    with pytest.raises(stigg.AuthenticationError):
        client.v1.customers.retrieve("x")


# ---------------------------------------------------------------- provision, update, list


def test_provision_then_update(rest_env):
    customers = rest_env.stigg.v1.customers
    created = customers.provision(
        id="cus-py-2",
        name="Acme",
        email="billing@acme.com",
        billing_currency="eur",
        language="en",
        metadata={"tier": "gold"},
        default_payment_method={"billing_id": "pm_1", "type": "CARD", "card_last4_digits": "4242", "card_expiry_month": 12, "card_expiry_year": 2030},
    ).data
    assert created.id == "cus-py-2"
    assert created.billing_currency == "eur"
    assert created.language == "en"
    assert created.metadata == {"tier": "gold"}
    assert created.default_payment_method.billing_id == "pm_1"
    assert created.default_payment_method.card_last4_digits == "4242"
    assert created.integrations == []

    updated = customers.update("cus-py-2", name="Acme Inc", timezone="UTC").data
    assert updated.name == "Acme Inc"
    assert updated.email == "billing@acme.com"
    assert updated.timezone == "UTC"


def test_provision_errors(rest_env):
    customers = rest_env.stigg.v1.customers
    with pytest.raises(stigg.BadRequestError) as bad:
        customers.provision(id="", billing_currency="xxx")
    message = error_body(bad.value)["error"]["message"]
    assert "body.id" in message and "body.billingCurrency" in message
    with pytest.raises(stigg.UnprocessableEntityError) as rule:
        customers.provision(id="cus-py-3", coupon_id="coupon-summer-archived")
    assert error_body(rule.value)["error"]["code"] == "ArchivedCouponCantBeApplied"
    with pytest.raises(stigg.NotFoundError):
        customers.update("nope", name="x")


def test_list_pages_and_filters(rest_env):
    customers = rest_env.stigg.v1.customers
    rest_env.move_clock(advance="P1D")
    for cid in ["cus-py-a", "cus-py-b", "cus-py-c"]:
        customers.provision(id=cid, name="Bee" if cid == "cus-py-b" else "Other")
        rest_env.move_clock(advance="PT1M")
    page = customers.list(limit=2, created_at={"gte": "2025-01-02T00:00:00Z"})
    assert [c.id for c in page.data] == ["cus-py-c", "cus-py-b"]
    assert [c.id for c in page.get_next_page().data] == ["cus-py-a"]
    assert [c.id for c in customers.list(name="Bee").data] == ["cus-py-b"]
    with pytest.raises(stigg.BadRequestError):
        customers.list(limit=1000)


# ---------------------------------------------------------------- archive, unarchive, import


def test_archive_and_unarchive(rest_env):
    customers = rest_env.stigg.v1.customers
    archived = customers.archive("customer-demo-02").data
    assert archived.archived_at is not None
    assert archived.name is None
    with pytest.raises(stigg.NotFoundError):
        customers.archive("customer-demo-02")
    restored = customers.unarchive("customer-demo-02").data
    assert restored.archived_at is None
    with pytest.raises(stigg.BadRequestError):
        customers.unarchive("customer-demo-02")


def test_import(rest_env):
    customers = rest_env.stigg.v1.customers
    result = customers.import_(
        customers=[
            {"id": "cus-py-imp-1", "name": "One", "email": "one@example.com", "billing_id": "cus_1"},
            {"id": "customer-test-id", "name": "Renamed", "email": None},
        ]
    ).data
    assert result.new_customers == ["cus-py-imp-1"]
    assert customers.retrieve("cus-py-imp-1").data.billing_id == "cus_1"
    with pytest.raises(stigg.ConflictError):
        customers.import_(customers=[{"id": "d", "name": None, "email": None}, {"id": "d", "name": None, "email": None}])


# ---------------------------------------------------------------- payment method


def test_attach_and_detach_a_payment_method(rest_env):
    payment = rest_env.stigg.v1.customers.payment_method
    attached = payment.attach("customer-test-id", integration_id="stripe", payment_method_id="pm_9", vendor_identifier="STRIPE").data
    assert attached.default_payment_method.billing_id == "pm_9"
    assert attached.default_payment_method.type == "CARD"
    detached = payment.detach("customer-test-id").data
    assert detached.default_payment_method is None
    with pytest.raises(stigg.NotFoundError):
        payment.detach("nope")
    with pytest.raises(stigg.BadRequestError):
        payment.attach("customer-test-id", integration_id="", payment_method_id="pm", vendor_identifier="PAYPAL")


# ---------------------------------------------------------------- entitlements and resources


def test_check_entitlement(rest_env):
    customers = rest_env.stigg.v1.customers
    feature = customers.check_entitlement("customer-demo-01", feature_id="feature-01-templates", requested_usage=1).data
    assert feature.type == "FEATURE"
    assert feature.is_granted is False
    assert feature.access_denied_reason == "RequestedUsageExceedingLimit"
    assert feature.usage_limit == 3
    assert feature.feature.display_name == "Templates"
    enum = customers.check_entitlement("customer-id", feature_id="feature-05-support", requested_values=["email"]).data
    assert enum.is_granted is True
    credit = customers.check_entitlement("customer-id", currency_id="currency-api-credits").data
    assert credit.type == "CREDIT"
    assert credit.currency.currency_id == "currency-api-credits"
    with pytest.raises(stigg.BadRequestError):
        customers.check_entitlement("customer-id")


def test_retrieve_entitlements_and_resources(rest_env):
    customers = rest_env.stigg.v1.customers
    state = customers.retrieve_entitlements("customer-id").data
    assert state.access_denied_reason is None
    assert [e.feature.id for e in state.entitlements][:2] == ["feature-01-templates", "feature-02-campaigns"]
    assert customers.retrieve_entitlements("nope").data.access_denied_reason == "CustomerNotFound"
    sub = rest_env.graphql(
        "mutation($input: ProvisionSubscriptionInput!) { provisionSubscriptionV2(input: $input) { status } }",
        {"input": {"customerId": "customer-test-id", "planId": "plan-revvenu-basic", "resourceId": "site-1"}},
    )
    assert "errors" not in sub
    assert [r.id for r in customers.list_resources("customer-test-id").data] == ["site-1"]
    with pytest.raises(stigg.NotFoundError):
        customers.list_resources("nope")


# ---------------------------------------------------------------- promotional entitlements


def test_promotional_entitlements(rest_env):
    promotions = rest_env.stigg.v1.customers.promotional_entitlements
    granted = promotions.create("customer-test-id", promotional_entitlements=[grant("feature-03-memory", usage_limit=20, period="1 week")]).data
    assert len(granted) == 1
    assert granted[0].id == "customer-test-id:feature-03-memory"
    assert granted[0].period == "1 week"
    assert granted[0].usage_limit == 20
    assert granted[0].status == "Active"
    listed = promotions.list("customer-test-id", status=["Active"]).data
    assert [p.feature_id for p in listed] == ["feature-03-memory"]
    revoked = promotions.revoke("feature-03-memory", id="customer-test-id").data
    assert revoked.status == "Expired"
    with pytest.raises(stigg.NotFoundError):
        promotions.revoke("feature-03-memory", id="customer-test-id")
    with pytest.raises(stigg.BadRequestError) as bad:
        promotions.create("customer-test-id", promotional_entitlements=[{"feature_id": "feature-03-memory", "period": "forever"}])
    assert "promotionalEntitlements.0.period" in error_body(bad.value)["error"]["message"]
    with pytest.raises(stigg.NotFoundError):
        promotions.list("nope")


# ---------------------------------------------------------------- not served


def test_methods_the_emulator_does_not_serve_answer_501(rest_env):
    customers = rest_env.stigg.v1.customers
    calls = {
        "v1.customers.listInvoices": lambda: customers.list_invoices("customer-id"),
        "v1.customers.listContracts": lambda: customers.list_contracts("customer-id"),
        "v1.customers.integrations.list": lambda: customers.integrations.list("customer-id"),
        "v1.customers.integrations.retrieve": lambda: customers.integrations.retrieve("int-1", id="customer-id"),
    }
    for operation, call in calls.items():
        with pytest.raises(stigg.APIStatusError) as raised:
            call()
        assert raised.value.status_code == 501, operation
        assert error_body(raised.value)["error"]["details"]["operation"] == operation
