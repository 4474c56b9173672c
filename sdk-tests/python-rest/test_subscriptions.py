"""v1.subscriptions through Stigg's Python REST SDK: one call per served method, the main errors, and the 501s."""

import urllib.request

import pytest
import stigg

GROWTH_01 = "subscription-plan-revvenu-growth-589879"
ESSENTIALS_02 = "subscription-plan-revvenu-essentials-dc847c"
T0 = "2025-01-01T00:00:01.000Z"

MULTI = """
products:
  - { id: product-rest, displayName: REST product, multipleSubscriptions: true }
plans:
  - { id: plan-rest-pro, productId: product-rest, displayName: Pro, pricingType: PAID,
      prices: [ { billingPeriod: MONTHLY, amount: 50 } ], entitlements: [ { featureId: feature-seats, usageLimit: 10 } ] }
"""
MULTI_V2 = """
plans:
  - { id: plan-rest-pro, productId: product-rest, displayName: Pro, pricingType: PAID,
      prices: [ { billingPeriod: MONTHLY, amount: 50 } ], entitlements: [ { featureId: feature-seats, usageLimit: 10 } ],
      versions: [ { version: 2, prices: [ { billingPeriod: MONTHLY, amount: 60 } ] } ] }
"""


def load_fixtures(rest_env, yaml: str) -> None:
    req = urllib.request.Request(
        f"{rest_env.emulator.url}/_emulator/environments/{rest_env.name}/fixtures",
        data=yaml.encode(),
        method="POST",
        headers={"content-type": "application/yaml"},
    )
    with urllib.request.urlopen(req, timeout=10) as res:
        assert res.status == 200


def new_customer(rest_env, customer_id: str) -> None:
    created = rest_env.graphql(
        "mutation($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { customerId } } }",
        {"input": {"customerId": customer_id}},
    )
    assert "errors" not in created


@pytest.fixture
def env(rest_env):
    """The environment with its clock frozen one second after the suite's start."""
    rest_env.move_clock(to=T0, frozen=True)
    return rest_env


def code_of(error: pytest.ExceptionInfo) -> str:
    return error.value.body["error"]["code"]


def test_retrieve(env):
    sub = env.stigg.v1.subscriptions.retrieve(GROWTH_01).data
    assert sub.id == GROWTH_01
    assert sub.customer_id == "customer-demo-01"
    assert sub.plan_id == "plan-revvenu-growth"
    assert sub.status == "ACTIVE"
    assert sub.pricing_type == "PAID"
    assert [(a.id, a.quantity) for a in sub.addons] == [("addon-10-campaigns", 3)]
    with pytest.raises(stigg.NotFoundError) as error:
        env.stigg.v1.subscriptions.retrieve("nope")
    assert code_of(error) == "SubscriptionNotFound"


def test_list(env):
    page = env.stigg.v1.subscriptions.list(customer_id="customer-demo-02")
    assert [s.id for s in page.data] == [ESSENTIALS_02]
    growth = env.stigg.v1.subscriptions.list(plan_id="plan-revvenu-growth", status=["ACTIVE", "IN_TRIAL"])
    assert sorted(s.id for s in growth.data) == sorted([GROWTH_01, "subscription-plan-revvenu-growth-dfe598"])
    every = [s.id for s in env.stigg.v1.subscriptions.list(limit=2)]
    assert len(every) == len(set(every)) >= 5
    with pytest.raises(stigg.BadRequestError) as error:
        env.stigg.v1.subscriptions.list(status=["SLEEPING"])
    assert "query.status" in error.value.body["error"]["message"]


def test_provision(env):
    new_customer(env, "cus-py-prov")
    data = env.stigg.v1.subscriptions.provision(
        customer_id="cus-py-prov",
        plan_id="plan-revvenu-essentials",
        id="sub-py-1",
        billing_period="MONTHLY",
        addons=[{"id": "addon-10-campaigns", "quantity": 1}],
        metadata={"source": "python"},
    ).data
    assert data.status == "SUCCESS"
    assert data.subscription.id == "sub-py-1"
    assert data.subscription.status == "ACTIVE"
    assert data.subscription.metadata == {"source": "python"}
    campaigns = next(e for e in data.entitlements if e.type == "FEATURE" and e.feature and e.feature.id == "feature-02-campaigns")
    assert campaigns.usage_limit == 30
    with pytest.raises(stigg.BadRequestError) as error:
        env.stigg.v1.subscriptions.provision(customer_id="cus-py-prov", plan_id="plan-revvenu-basic", billing_period="WEEKLY")
    assert "body.billingPeriod" in error.value.body["error"]["message"]
    with pytest.raises(stigg.NotFoundError):
        env.stigg.v1.subscriptions.provision(customer_id="nobody", plan_id="plan-revvenu-basic")
    with pytest.raises(stigg.ConflictError):
        env.stigg.v1.subscriptions.provision(customer_id="cus-py-prov", plan_id="plan-revvenu-basic", id=GROWTH_01)
    with pytest.raises(stigg.UnprocessableEntityError) as error:
        env.stigg.v1.subscriptions.provision(customer_id="cus-py-prov", plan_id="plan-revvenu-essentials", billing_period="MONTHLY", minimum_spend={"amount": 10, "currency": "usd"})
    assert code_of(error) == "UnsupportedParameter"


def test_preview(env):
    new_customer(env, "cus-py-preview")
    data = env.stigg.v1.subscriptions.preview(customer_id="cus-py-preview", plan_id="plan-revvenu-essentials", billing_period="ANNUALLY").data
    assert data.immediate_invoice.sub_total == 200
    assert data.immediate_invoice.total == 200
    assert data.recurring_invoice.total == 200
    assert env.stigg.v1.subscriptions.list(customer_id="cus-py-preview").data == []


def test_update(env):
    sub = env.stigg.v1.subscriptions.update(ESSENTIALS_02, addons=[{"id": "addon-10-campaigns", "quantity": 2}], metadata={"a": "b"}).data
    assert [(a.id, a.quantity) for a in sub.addons] == [("addon-10-campaigns", 2)]
    assert sub.metadata == {"a": "b"}
    with pytest.raises(stigg.NotFoundError):
        env.stigg.v1.subscriptions.update("nope", metadata={})


def test_cancel(env):
    sub = env.stigg.v1.subscriptions.cancel(GROWTH_01, cancellation_time="IMMEDIATE").data
    assert sub.status == "CANCELED"
    assert sub.cancel_reason == "Immediate"
    with pytest.raises(stigg.UnprocessableEntityError) as error:
        env.stigg.v1.subscriptions.update(GROWTH_01, metadata={"x": "y"})
    assert code_of(error) == "InvalidSubscriptionStatus"


def test_delegate(env):
    new_customer(env, "cus-py-delegate")
    sub = env.stigg.v1.subscriptions.delegate(ESSENTIALS_02, target_customer_id="cus-py-delegate").data
    assert sub.customer_id == "cus-py-delegate"
    assert sub.paying_customer_id == "customer-demo-02"
    with pytest.raises(stigg.NotFoundError):
        env.stigg.v1.subscriptions.delegate(ESSENTIALS_02, target_customer_id="nobody")


def test_migrate_and_transfer(env):
    load_fixtures(env, MULTI)
    new_customer(env, "cus-py-multi")
    env.stigg.v1.subscriptions.provision(customer_id="cus-py-multi", plan_id="plan-rest-pro", billing_period="MONTHLY", resource_id="site-1", id="sub-py-m")
    load_fixtures(env, MULTI_V2)
    migrated = env.stigg.v1.subscriptions.migrate("sub-py-m", subscription_migration_time="END_OF_BILLING_PERIOD").data
    assert [(u.subscription_schedule_type, u.schedule_status) for u in migrated.future_updates] == [("MIGRATE_TO_LATEST", "SCHEDULED")]
    moved = env.stigg.v1.subscriptions.transfer("sub-py-m", destination_resource_id="site-2").data
    assert moved.resource_id == "site-2"
    with pytest.raises(stigg.NotFoundError):
        env.stigg.v1.subscriptions.transfer("nope", destination_resource_id="site-3")


def test_import(env):
    new_customer(env, "cus-py-imp")
    data = env.stigg.v1.subscriptions.import_(subscriptions=[{"id": "sub-py-imp", "customer_id": "cus-py-imp", "plan_id": "plan-revvenu-basic"}]).data
    assert data.task_id.startswith("task-")
    assert env.stigg.v1.subscriptions.retrieve("sub-py-imp").data.customer_id == "cus-py-imp"
    with pytest.raises(stigg.BadRequestError):
        env.stigg.v1.subscriptions.import_(subscriptions=[])


def test_future_update_cancel_schedule_and_pending_payment(env):
    env.stigg.v1.subscriptions.update(GROWTH_01, addons=[{"id": "addon-10-campaigns", "quantity": 1}], schedule_strategy="END_OF_BILLING_PERIOD")
    with pytest.raises(stigg.UnprocessableEntityError) as error:
        env.stigg.v1.subscriptions.future_update.cancel_pending_payment(GROWTH_01)
    assert code_of(error) == "FutureUpdateNotFound"
    assert env.stigg.v1.subscriptions.future_update.cancel_schedule(GROWTH_01).data.id == GROWTH_01
    assert env.stigg.v1.subscriptions.retrieve(GROWTH_01).data.future_updates == []
    with pytest.raises(stigg.UnprocessableEntityError) as error:
        env.stigg.v1.subscriptions.future_update.cancel_schedule(GROWTH_01)
    assert code_of(error) == "FutureUpdateNotFound"


def test_not_served_methods_answer_501(env):
    for call in (
        lambda: env.stigg.v1.subscriptions.usage.charge_usage(GROWTH_01),
        lambda: env.stigg.v1.subscriptions.usage.sync(GROWTH_01),
        lambda: env.stigg.v1.subscriptions.invoice.mark_as_paid(GROWTH_01),
    ):
        with pytest.raises(stigg.APIStatusError) as error:
            call()
        assert error.value.status_code == 501
        assert code_of(error) == "NotSupportedByEmulator"
