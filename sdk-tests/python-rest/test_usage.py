import pytest
import stigg

from credit_catalog import load_credit_catalog


def test_report_usage_is_what_graphql_reads(rest_env):
    measured = rest_env.stigg.v1.usage.report(usages=[{"customerId": "customer-demo-01", "featureId": "feature-02-campaigns", "value": 4, "idempotencyKey": "py-1"}]).data
    assert measured[0].current_usage == 4 and measured[0].feature_id == "feature-02-campaigns"
    rest_env.stigg.v1.usage.report(usages=[{"customerId": "customer-demo-01", "featureId": "feature-02-campaigns", "value": 4, "idempotencyKey": "py-1"}])
    read = rest_env.graphql('query { entitlement(query: { customerId: "customer-demo-01", featureId: "feature-02-campaigns" }) { currentUsage } }')
    assert read["data"]["entitlement"]["currentUsage"] == 4


def test_usage_errors(rest_env):
    with pytest.raises(stigg.BadRequestError) as bad:
        rest_env.stigg.v1.usage.report(usages=[{"customerId": "", "featureId": "feature-02-campaigns", "value": "x"}])
    assert "body.usages.0.customerId" in str(bad.value) and "body.usages.0.value" in str(bad.value)
    with pytest.raises(stigg.NotFoundError):
        rest_env.stigg.v1.usage.report(usages=[{"customerId": "nope", "featureId": "feature-02-campaigns", "value": 1}])
    with pytest.raises(stigg.UnprocessableEntityError):
        rest_env.stigg.v1.usage.history("feature-03-custom-domain", customer_id="customer-demo-01", start_date="2025-01-01T00:00:00Z")


def test_usage_history(rest_env):
    rest_env.stigg.v1.usage.report(usages=[{"customerId": "customer-demo-01", "featureId": "feature-02-campaigns", "value": 2}])
    rest_env.move_clock(advance="P1D")
    history = rest_env.stigg.v1.usage.history("feature-02-campaigns", customer_id="customer-demo-01", start_date="2025-01-01T00:00:00Z").data
    assert len(history.series) == 1 and history.series[0].tags == []
    assert history.series[0].points[-1].value == 2


def test_estimates_and_events(rest_env):
    load_credit_catalog(rest_env)
    usage = rest_env.stigg.v1.usage.estimate(customer_id="customer-ai", feature_id="feature-ai-tokens", value=30).data
    assert usage.estimates[0].estimated_cost == 60 and usage.estimates[0].balance_after_estimate == 40 and usage.warnings == []
    event = rest_env.stigg.v1.events.estimate(customer_id="customer-ai", event_name="api_call").data
    assert event.estimates[0].breakdown[0].feature_id == "feature-api-calls" and event.estimates[0].estimated_cost == 0.5
    reported = rest_env.stigg.v1.events.report(events=[{"customerId": "customer-ai", "eventName": "api_call", "idempotencyKey": "e-1"}])
    assert reported.data == {}
    grants = rest_env.stigg.v1.credits.grants.list(customer_id="customer-ai").data
    assert grants[0].consumed_amount == 0.5
    with pytest.raises(stigg.BadRequestError):
        rest_env.stigg.v1.events.report(events=[{"customerId": "customer-ai", "eventName": "", "idempotencyKey": ""}])
    with pytest.raises(stigg.NotFoundError):
        rest_env.stigg.v1.events.estimate(customer_id="nope", event_name="x")


def test_data_export_is_not_supported(rest_env):
    with pytest.raises(stigg.InternalServerError) as error:
        rest_env.stigg.v1.events.data_export.list_models()
    assert error.value.status_code == 501
    assert error.value.body["error"]["code"] == "NotSupportedByEmulator"
    assert "v1.events.dataExport.listModels" in error.value.body["error"]["message"]
