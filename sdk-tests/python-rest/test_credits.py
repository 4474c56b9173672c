import pytest
import stigg

from credit_catalog import load_credit_catalog

DEMO = {"customer_id": "customer-demo-01", "currency_id": "currency-api-credits"}


def grant(env, **over):
    args = {**DEMO, "amount": 50, "display_name": "Top-up", "grant_type": "PAID", **over}
    return env.stigg.v1.credits.grants.create(**args).data


def test_grants_create_list_and_void(rest_env):
    created = grant(rest_env, cost={"amount": 12.5, "currency": "usd"}, metadata={"order": "o-1"}, priority=3)
    assert created.amount == 50
    assert created.grant_type == "PAID"
    assert created.status == "ACTIVE"
    assert created.cost.amount == 12.5 and created.cost.currency == "usd"
    assert created.metadata == {"order": "o-1"}
    assert created.payment_collection == "NOT_REQUIRED"
    listed = rest_env.stigg.v1.credits.grants.list(customer_id="customer-demo-01")
    assert [g.id for g in listed.data] == [created.id]
    voided = rest_env.stigg.v1.credits.grants.void(created.id).data
    assert voided.status == "VOIDED" and voided.voided_at is not None


def test_grant_errors(rest_env):
    with pytest.raises(stigg.BadRequestError) as bad:
        grant(rest_env, amount=-1, grant_type="FREE")
    assert "body.amount" in str(bad.value) and "body.grantType" in str(bad.value)
    with pytest.raises(stigg.NotFoundError):
        grant(rest_env, customer_id="nope")
    with pytest.raises(stigg.NotFoundError):
        rest_env.stigg.v1.credits.grants.void("nope")
    created = grant(rest_env)
    rest_env.stigg.v1.credits.grants.void(created.id)
    with pytest.raises(stigg.UnprocessableEntityError) as voided:
        rest_env.stigg.v1.credits.grants.void(created.id)
    assert voided.value.body["error"]["code"] == "CreditGrantAlreadyVoided"


def test_consume_consume_async_and_ledger(rest_env):
    grant(rest_env, amount=100)
    consumed = rest_env.stigg.v1.credits.consumption.consume(**DEMO, amount=30, idempotency_key="c-1").data
    assert consumed.amount == 30 and consumed.customer_id == "customer-demo-01"
    assert consumed.credit.current_usage == 30 and consumed.credit.usage_limit == 100
    ack = rest_env.stigg.v1.credits.consumption.consume_async(consumptions=[{**{"customerId": "customer-demo-01", "currencyId": "currency-api-credits"}, "amount": 5, "idempotencyKey": "c-2"}])
    assert ack.data == {}
    ledger = rest_env.stigg.v1.credits.list_ledger(customer_id="customer-demo-01")
    assert [(e.event_type, e.amount) for e in ledger.data] == [("CREDITS_GRANTED", 100), ("CREDITS_CONSUMED", -30), ("CREDITS_CONSUMED", -5)]
    assert ledger.data[1].credit_currency_id == "currency-api-credits"
    with pytest.raises(stigg.BadRequestError) as bad:
        rest_env.stigg.v1.credits.consumption.consume(**DEMO, amount=0, idempotency_key="")
    assert "body.amount" in str(bad.value) and "body.idempotencyKey" in str(bad.value)
    with pytest.raises(stigg.NotFoundError):
        rest_env.stigg.v1.credits.list_ledger(customer_id="nope")


def test_get_usage_and_auto_recharge(rest_env):
    load_credit_catalog(rest_env)
    rest_env.stigg.v1.usage.report(usages=[{"customerId": "customer-ai", "featureId": "feature-ai-tokens", "value": 5}])
    rest_env.move_clock(advance="PT1H")
    usage = rest_env.stigg.v1.credits.get_usage(customer_id="customer-ai", currency_id="currency-credits", time_range="LAST_WEEK").data
    assert usage.currency.currency_id == "currency-credits" and usage.currency.singular == "credit"
    assert [(s.feature_id, s.total_credits, s.event_count) for s in usage.series] == [("feature-ai-tokens", 10, 1)]
    assert usage.pagination.next is None
    settings = rest_env.stigg.v1.credits.get_auto_recharge(customer_id="customer-ai", currency_id="currency-credits").data
    assert settings.is_enabled is False and settings.threshold_type == "CREDIT_AMOUNT" and settings.grant_expiration_period == "1_MONTH"
    with pytest.raises(stigg.NotFoundError):
        rest_env.stigg.v1.credits.get_auto_recharge(customer_id="customer-ai", currency_id="nope")


def test_custom_currencies(rest_env):
    created = rest_env.stigg.v1.credits.custom_currencies.create(id="currency-gems", display_name="Gems", units={"singular": "gem", "plural": "gems"}, metadata={"a": "b"}).data
    assert created.id == "currency-gems" and created.units.plural == "gems" and created.archived_at is None
    updated = rest_env.stigg.v1.credits.custom_currencies.update("currency-gems", display_name="Jewels", description="shiny").data
    assert updated.display_name == "Jewels" and updated.description == "shiny"
    assert [c.id for c in rest_env.stigg.v1.credits.custom_currencies.list().data] == ["currency-api-credits", "currency-gems"]
    assert rest_env.stigg.v1.credits.custom_currencies.list_associated_entities("currency-gems").data == []
    archived = rest_env.stigg.v1.credits.custom_currencies.archive("currency-gems").data
    assert archived.archived_at is not None
    assert [c.id for c in rest_env.stigg.v1.credits.custom_currencies.list(status=["ARCHIVED"]).data] == ["currency-gems"]
    with pytest.raises(stigg.ConflictError):
        grant(rest_env, currency_id="currency-gems")
    assert rest_env.stigg.v1.credits.custom_currencies.unarchive("currency-gems").data.archived_at is None
    with pytest.raises(stigg.ConflictError):
        rest_env.stigg.v1.credits.custom_currencies.create(id="currency-gems", display_name="Again")
    with pytest.raises(stigg.NotFoundError):
        rest_env.stigg.v1.credits.custom_currencies.archive("nope")


def test_a_currency_a_plan_uses_cannot_be_archived(rest_env):
    load_credit_catalog(rest_env)
    entities = rest_env.stigg.v1.credits.custom_currencies.list_associated_entities("currency-credits").data
    assert [(e.id, e.type) for e in entities] == [("plan-ai", "Plan")]
    with pytest.raises(stigg.UnprocessableEntityError) as used:
        rest_env.stigg.v1.credits.custom_currencies.archive("currency-credits")
    assert used.value.body["error"]["code"] == "IntegrityViolation"
