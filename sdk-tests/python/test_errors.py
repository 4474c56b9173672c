"""Bad input through the Python SDK: the SDK raises its own error types, carrying Stigg's error codes."""

from __future__ import annotations

import pytest
from stigg import Stigg
from stigg.generated import (
    FetchEntitlementQuery,
    GetCustomerByRefIdInput,
    GraphQLClientGraphQLMultiError,
    GraphQLClientHttpError,
    ProvisionSubscriptionInput,
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
    with pytest.raises(GraphQLClientGraphQLMultiError) as err:
        await stigg.call("provision_subscription", ProvisionSubscriptionInput(**{"customerId": "customer-id", "planId": "plan-revvenu-essentials"}))
    assert error_codes(err.value) == ["BillingPeriodMissingError"]


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
