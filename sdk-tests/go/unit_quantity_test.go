package sdktests

// The unit quantity of a per-unit price through the Go client: `unitQuantity`, or `priceUnitAmount`
// (the name the Node SDK sends it under), on provisioning, customer provisioning, createSubscription
// and estimates. plan-revvenu-growth prices templates per unit ($1 a month each): the quantity
// bought is the customer's templates limit.

import (
	"testing"

	stigg "github.com/stiggio/api-client-go/v6"
)

func templatesLimit(t *testing.T, e env, customerID string) any {
	t.Helper()
	result, err := e.client.GetEntitlement(ctx(), stigg.FetchEntitlementQuery{CustomerID: customerID, FeatureID: "feature-01-templates"})
	if err != nil {
		t.Fatal(err)
	}
	if result.Entitlement.UsageLimit == nil {
		return nil
	}
	return *result.Entitlement.UsageLimit
}

func TestUnitQuantity(t *testing.T) {
	e := newEnv(t)
	// provisionCustomer: subscriptionParams.priceUnitAmount
	_, err := e.client.ProvisionCustomer(ctx(), stigg.ProvisionCustomerInput{
		CustomerID: Ptr("customer-go-units"),
		SubscriptionParams: &stigg.ProvisionCustomerSubscriptionInput{
			PlanID:          "plan-revvenu-growth",
			BillingPeriod:   Ptr(stigg.BillingPeriodMonthly),
			PriceUnitAmount: Ptr(float64(4)),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := templatesLimit(t, e, "customer-go-units"); got != float64(4) {
		t.Fatalf("templates limit %v after provisionCustomer with priceUnitAmount 4", got)
	}

	// provisionSubscription: unitQuantity
	result, err := e.client.ProvisionSubscription(ctx(), stigg.ProvisionSubscriptionInput{
		CustomerID:    "customer-id",
		PlanID:        "plan-revvenu-growth",
		BillingPeriod: Ptr(stigg.BillingPeriodMonthly),
		UnitQuantity:  Ptr(float64(6)),
		SkipTrial:     Ptr(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	match(t, result.ProvisionSubscription, `{"status": "SUCCESS", "subscription": {"status": "ACTIVE", "totalPrice": {"total": {"amount": 6, "currency": "USD"}}}}`)
	if got := templatesLimit(t, e, "customer-id"); got != float64(6) {
		t.Fatalf("templates limit %v after provisionSubscription with unitQuantity 6", got)
	}

	// createSubscription: priceUnitAmount
	created, err := e.client.CreateSubscription(ctx(), stigg.SubscriptionInput{
		CustomerID:      "customer-f9942a",
		PlanID:          "plan-revvenu-growth",
		BillingPeriod:   Ptr(stigg.BillingPeriodMonthly),
		PriceUnitAmount: Ptr(float64(5)),
		IsTrial:         Ptr(false),
	})
	if err != nil {
		t.Fatal(err)
	}
	match(t, created.CreateSubscription, `{"status": "ACTIVE", "totalPrice": {"total": {"amount": 5, "currency": "USD"}}}`)
	if got := templatesLimit(t, e, "customer-f9942a"); got != float64(5) {
		t.Fatalf("templates limit %v after createSubscription with priceUnitAmount 5", got)
	}

	// estimateSubscription: unitQuantity, and priceUnitAmount
	for _, in := range []stigg.EstimateSubscriptionInput{
		{CustomerID: "customer-demo-02", PlanID: "plan-revvenu-growth", BillingPeriod: Ptr(stigg.BillingPeriodMonthly), UnitQuantity: Ptr(float64(7)), SkipTrial: Ptr(true)},
		{CustomerID: "customer-demo-02", PlanID: "plan-revvenu-growth", BillingPeriod: Ptr(stigg.BillingPeriodMonthly), PriceUnitAmount: Ptr(float64(7)), SkipTrial: Ptr(true)},
	} {
		estimate, err := e.client.EstimateSubscription(ctx(), in)
		if err != nil {
			t.Fatal(err)
		}
		match(t, estimate.EstimateSubscription, `{"subTotal": {"amount": 7, "currency": "USD"}, "total": {"amount": 7, "currency": "USD"}}`)
	}
}
