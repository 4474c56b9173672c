"""Bad input through the Python SDK: the SDK raises its own error types, carrying Stigg's error codes."""

from __future__ import annotations

import pytest
from stigg import Stigg
from stigg.generated import (
    FetchEntitlementQuery,
    GetCustomerByRefIdInput,
    GraphQLClientGraphQLMultiError,
    GraphQLClientHttpError,
    ProvisionCustomerInput,
    ProvisionSubscriptionInput,
    SubscriptionInput,
)

from helpers import error_codes


async def test_unknown_customer(stigg, stigg_env):
    with pytest.raises(GraphQLClientGraphQLMultiError) as err:
        await stigg.call("get_customer_by_id", GetCustomerByRefIdInput(**{"customerId": "customer-nobody"}))
    assert error_codes(err.value) == ["CustomerNotFound"]
    assert "customer-nobody" in str(err.value)

    # an entitlement check does not raise: it is denied with Stigg's reason
    resp = await stigg.call("get_entitlement", FetchEntitlementQuery(**{"customerId": "customer-nobody", "featureId": "feature-01-templates"}))
    assert resp.entitlement.is_granted is False
    assert resp.entitlement.access_denied_reason.value == "CustomerNotFound"


async def test_paid_plan_without_billing_period(stigg, stigg_env):
    # "required for paid subscriptions": for a plan priced in two billing periods, and in one only
    # (plan-revvenu-monthly, loaded here)
    stigg_env.control("POST", "/fixtures", {"plans": [{
        "id": "plan-revvenu-monthly", "productId": "product-revvenu", "pricingType": "PAID",
        "prices": [{"billingModel": "FLAT_FEE", "billingPeriod": "MONTHLY", "amount": 9, "currency": "USD"}],
    }]})
    calls = [
        ("provision_subscription", ProvisionSubscriptionInput(**{"customerId": "customer-id", "planId": "plan-revvenu-essentials"})),
        ("provision_subscription", ProvisionSubscriptionInput(**{"customerId": "customer-id", "planId": "plan-revvenu-monthly"})),
        ("provision_customer", ProvisionCustomerInput(**{"customerId": "customer-py-new", "subscriptionParams": {"planId": "plan-revvenu-monthly"}})),
        ("create_subscription", SubscriptionInput(**{"customerId": "customer-id", "planId": "plan-revvenu-monthly"})),
    ]
    for method, arg in calls:
        with pytest.raises(GraphQLClientGraphQLMultiError) as err:
            await stigg.call(method, arg)
        assert error_codes(err.value) == ["BillingPeriodMissingError"], method

    # nothing was written: the customer of the refused provision_customer does not exist
    with pytest.raises(GraphQLClientGraphQLMultiError) as err:
        await stigg.call("get_customer_by_id", GetCustomerByRefIdInput(**{"customerId": "customer-py-new"}))
    assert error_codes(err.value) == ["CustomerNotFound"]

    # a subscription that starts in a trial (plan-revvenu-growth's 14 days) needs none
    data = await stigg.call("provision_subscription", ProvisionSubscriptionInput(**{"customerId": "customer-id", "planId": "plan-revvenu-growth"}))
    assert data.provision_subscription.status.value == "SUCCESS"
    assert data.provision_subscription.subscription.status.value == "IN_TRIAL"


async def test_invalid_key(stigg_env):
    # an API key no environment can be named after: HTTP 401, which the SDK raises as its HTTP
    # error (after its own retries); the body carries Stigg's error code
    for create in (Stigg.create_client, Stigg.create_async_client):
        client = create("not a valid key!", api_url=stigg_env.api_url, enable_edge=False)
        with pytest.raises(GraphQLClientHttpError) as err:
            result = client.get_customer_by_id(GetCustomerByRefIdInput(**{"customerId": "customer-id"}))
            if hasattr(result, "__await__"):
                await result
        assert err.value.status_code == 401
        assert [e["extensions"]["code"] for e in err.value.response.json()["errors"]] == ["Unauthenticated"]
