"""The unit quantity of a per-unit price through the Python SDK: `unitQuantity`, or `priceUnitAmount`
(the name the Node SDK sends it under), on provisioning, customer provisioning, create_subscription
and estimates. plan-revvenu-growth prices templates per unit ($1 a month each): the quantity bought
is the customer's templates limit."""

from __future__ import annotations

from stigg.generated import (
    EstimateSubscriptionInput,
    FetchEntitlementQuery,
    ProvisionCustomerInput,
    ProvisionSubscriptionInput,
    SubscriptionInput,
)

from helpers import assert_subset, dump

USD = "USD"


async def templates_limit(stigg, customer_id: str):
    resp = await stigg.call("get_entitlement", FetchEntitlementQuery(**{"customerId": customer_id, "featureId": "feature-01-templates"}))
    return resp.entitlement.usage_limit


async def test_unit_quantity(stigg, stigg_env):
    # provision_customer: subscriptionParams.priceUnitAmount
    await stigg.call(
        "provision_customer",
        ProvisionCustomerInput(
            **{
                "customerId": "customer-py-units",
                "subscriptionParams": {"planId": "plan-revvenu-growth", "billingPeriod": "MONTHLY", "priceUnitAmount": 4},
            }
        ),
    )
    assert await templates_limit(stigg, "customer-py-units") == 4

    # provision_subscription: unitQuantity
    data = await stigg.call(
        "provision_subscription",
        ProvisionSubscriptionInput(
            **{"customerId": "customer-id", "planId": "plan-revvenu-growth", "billingPeriod": "MONTHLY", "unitQuantity": 6, "skipTrial": True}
        ),
    )
    assert_subset(
        dump(data)["provision_subscription"],
        {"status": "SUCCESS", "subscription": {"status": "ACTIVE", "total_price": {"total": {"amount": 6, "currency": USD}}}},
    )
    assert await templates_limit(stigg, "customer-id") == 6

    # create_subscription: priceUnitAmount
    data = await stigg.call(
        "create_subscription",
        SubscriptionInput(
            **{"customerId": "customer-f9942a", "planId": "plan-revvenu-growth", "billingPeriod": "MONTHLY", "priceUnitAmount": 5, "isTrial": False}
        ),
    )
    assert_subset(dump(data)["create_subscription"], {"status": "ACTIVE", "total_price": {"total": {"amount": 5, "currency": USD}}})
    assert await templates_limit(stigg, "customer-f9942a") == 5

    # estimate_subscription: unitQuantity, and priceUnitAmount
    for quantity in ({"unitQuantity": 7}, {"priceUnitAmount": 7}):
        data = await stigg.call(
            "estimate_subscription",
            EstimateSubscriptionInput(
                **{"customerId": "customer-demo-02", "planId": "plan-revvenu-growth", "billingPeriod": "MONTHLY", "skipTrial": True, **quantity}
            ),
        )
        assert_subset(dump(data)["estimate_subscription"], {"sub_total": {"amount": 7, "currency": USD}, "total": {"amount": 7, "currency": USD}})
