"""Tests as a team writes them against the emulator: provision, read entitlements, move the clock."""
from stigg.generated import FetchEntitlementQuery, GetActiveSubscriptionsInput, ProvisionCustomerInput


def test_a_growth_customer_has_analytics(env):
    env.client.provision_customer(
        ProvisionCustomerInput(**{"customerId": "customer-1", "name": "Acme", "subscriptionParams": {"planId": "plan-revvenu-growth", "billingPeriod": "MONTHLY"}})
    )
    result = env.client.get_entitlement(FetchEntitlementQuery(**{"customerId": "customer-1", "featureId": "feature-04-analytics"}))
    assert result.entitlement.is_granted


def test_the_trial_ends_when_the_clock_passes_it(env):
    # plan-revvenu-growth starts with a 14-day trial; the demo seed's journey converts it to paid
    env.client.provision_customer(
        ProvisionCustomerInput(**{"customerId": "customer-2", "subscriptionParams": {"planId": "plan-revvenu-growth", "billingPeriod": "MONTHLY"}})
    )
    before = env.client.get_active_subscriptions_list(GetActiveSubscriptionsInput(**{"customerId": "customer-2"}))
    assert [s.status.value for s in before.get_active_subscriptions] == ["IN_TRIAL"]

    moved = env.move_clock(advance="P15D")
    assert "subscription.trial_converted" in [t["type"] for t in moved["applied"]]

    after = env.client.get_active_subscriptions_list(GetActiveSubscriptionsInput(**{"customerId": "customer-2"}))
    assert [s.status.value for s in after.get_active_subscriptions] == ["ACTIVE"]


def test_the_local_environment(emulator_url):
    # the environment of the key server-local, as the README points the SDK at it
    from stigg import Stigg
    client = Stigg.create_client("server-local", api_url=f"{emulator_url}/graphql", enable_edge=False)
    result = client.get_entitlement(FetchEntitlementQuery(**{"customerId": "customer-demo-01", "featureId": "feature-04-analytics"}))
    assert result.entitlement.is_granted
