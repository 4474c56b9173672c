"""The page's reads with the client's default enable_edge=True: get_entitlement, get_entitlements,
get_entitlements_state, get_active_subscriptions_list and get_paywall then GET the edge routes and
validate the answers against the SDK's own models."""

from __future__ import annotations

from stigg.generated import FetchEntitlementQuery, FetchEntitlementsQuery, GetActiveSubscriptionsInput, GetPaywallInput

from helpers import assert_subset, dump


async def test_get_entitlement_from_edge(stigg_edge, stigg_env):
    resp = await stigg_edge.call(
        "get_entitlement",
        FetchEntitlementQuery(**{"customerId": "customer-id", "featureId": "feature-01-templates", "options": {"requestedUsage": 1}}),
    )
    assert_subset(dump(resp)["entitlement"], {"is_granted": True, "usage_limit": 3, "current_usage": 0, "feature": {"ref_id": "feature-01-templates"}})


async def test_get_entitlements_from_edge(stigg_edge, stigg_env):
    data = await stigg_edge.call("get_entitlements", FetchEntitlementsQuery(**{"customerId": "customer-demo-01"}))
    assert {"feature-01-templates", "feature-02-campaigns"} <= {e["feature"]["ref_id"] for e in dump(data)["entitlements"]}


async def test_get_entitlements_state_from_edge(stigg_edge, stigg_env):
    data = await stigg_edge.call("get_entitlements_state", FetchEntitlementsQuery(**{"customerId": "customer-demo-01"}))
    state = dump(data)["entitlements_state"]
    by_feature = {e["feature"]["ref_id"]: e for e in state["entitlements"] if e.get("feature")}
    assert_subset(by_feature["feature-01-templates"], {"current_usage": 3, "usage_limit": 3})
    assert len(state["entitlements_v_2"]) > 0  # entitlementsV2, which the SDK requires


async def test_get_active_subscriptions_list_from_edge(stigg_edge, stigg_env):
    data = await stigg_edge.call("get_active_subscriptions_list", GetActiveSubscriptionsInput(**{"customerId": "customer-demo-01"}))
    subs = dump(data)["get_active_subscriptions"]
    assert_subset(subs, [{"subscription_id": "subscription-plan-revvenu-growth-589879", "plan": {"plan_id": "plan-revvenu-growth", "product": {"ref_id": "product-revvenu"}}}])


async def test_get_paywall_from_edge(stigg_edge, stigg_env):
    data = await stigg_edge.call("get_paywall", GetPaywallInput(**{"productId": "product-revvenu"}))
    assert [p["ref_id"] for p in dump(data)["paywall"]["plans"]] == ["plan-revvenu-basic", "plan-revvenu-essentials", "plan-revvenu-growth"]
