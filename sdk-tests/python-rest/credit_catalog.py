"""A credit-priced catalog for the REST suites, loaded on top of the demo seed through the control plane."""

from __future__ import annotations

CREDIT_CATALOG = {
    "features": [
        {"id": "feature-ai-tokens", "featureType": "NUMBER", "meterType": "Incremental", "units": "token"},
        {
            "id": "feature-api-calls",
            "featureType": "NUMBER",
            "meterType": "Incremental",
            "meter": {
                "aggregation": {"function": "COUNT"},
                "filters": [{"conditions": [{"field": "eventName", "operation": "EQUALS", "value": "api_call"}]}],
            },
        },
    ],
    "customCurrencies": [{"id": "currency-credits", "displayName": "Credits", "units": "credit", "unitsPlural": "credits"}],
    "products": [{"id": "product-ai"}],
    "plans": [
        {
            "id": "plan-ai",
            "displayName": "AI",
            "productId": "product-ai",
            "pricingType": "PAID",
            "prices": [
                {"billingModel": "FLAT_FEE", "billingPeriod": "MONTHLY", "amount": 10},
                {"billingModel": "CREDIT_BASED", "billingPeriod": "MONTHLY", "amount": 0, "featureId": "feature-ai-tokens", "creditRate": 2, "customCurrencyId": "currency-credits"},
                {"billingModel": "CREDIT_BASED", "billingPeriod": "MONTHLY", "amount": 0, "featureId": "feature-api-calls", "creditRate": 0.5, "customCurrencyId": "currency-credits"},
            ],
            "entitlements": [
                {"featureId": "feature-ai-tokens", "hasUnlimitedUsage": True},
                {"featureId": "feature-api-calls", "hasUnlimitedUsage": True},
                {"customCurrencyId": "currency-credits", "amount": 100, "cadence": "MONTH"},
            ],
        }
    ],
    "customers": [{"id": "customer-ai", "subscriptions": [{"id": "subscription-ai", "planId": "plan-ai", "billingPeriod": "MONTHLY"}]}],
}


def load_credit_catalog(rest_env) -> None:
    status, body = rest_env._request("POST", f"{rest_env.emulator.url}/_emulator/environments/{rest_env.name}/fixtures", CREDIT_CATALOG)
    assert status == 200, body
