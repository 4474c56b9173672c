package example

import (
	"context"
	"slices"
	"testing"

	stigg "github.com/stiggio/api-client-go/v6"
)

func ptr[T any](v T) *T { return &v }

func TestGrowthCustomerHasAnalytics(t *testing.T) {
	e := newEnvironment(t)
	ctx := context.Background()
	_, err := e.client.ProvisionCustomer(ctx, stigg.ProvisionCustomerInput{
		CustomerID:         ptr("customer-1"),
		Name:               ptr("Acme"),
		SubscriptionParams: &stigg.ProvisionCustomerSubscriptionInput{PlanID: "plan-revvenu-growth", BillingPeriod: ptr(stigg.BillingPeriodMonthly)},
	})
	if err != nil {
		t.Fatal(err)
	}
	result, err := e.client.GetEntitlement(ctx, stigg.FetchEntitlementQuery{CustomerID: "customer-1", FeatureID: "feature-04-analytics"})
	if err != nil {
		t.Fatal(err)
	}
	if !result.Entitlement.IsGranted {
		t.Fatal("analytics is not granted")
	}
}

func TestTrialEndsWhenTheClockPassesIt(t *testing.T) {
	e := newEnvironment(t)
	ctx := context.Background()
	// plan-revvenu-growth starts with a 14-day trial; the demo seed's journey converts it to paid
	_, err := e.client.ProvisionCustomer(ctx, stigg.ProvisionCustomerInput{
		CustomerID:         ptr("customer-2"),
		SubscriptionParams: &stigg.ProvisionCustomerSubscriptionInput{PlanID: "plan-revvenu-growth", BillingPeriod: ptr(stigg.BillingPeriodMonthly)},
	})
	if err != nil {
		t.Fatal(err)
	}
	status := func() []stigg.SubscriptionStatus {
		subs, err := e.client.GetActiveSubscriptionsList(ctx, stigg.GetActiveSubscriptionsInput{CustomerID: "customer-2"})
		if err != nil {
			t.Fatal(err)
		}
		var out []stigg.SubscriptionStatus
		for _, s := range subs.GetActiveSubscriptions {
			out = append(out, s.Status)
		}
		return out
	}
	if got := status(); !slices.Equal(got, []stigg.SubscriptionStatus{stigg.SubscriptionStatusInTrial}) {
		t.Fatalf("before: %v", got)
	}
	if applied := e.moveClock(t, `{"advance":"P15D"}`); !slices.Contains(applied, "subscription.trial_converted") {
		t.Fatalf("applied: %v", applied)
	}
	if got := status(); !slices.Equal(got, []stigg.SubscriptionStatus{stigg.SubscriptionStatusActive}) {
		t.Fatalf("after: %v", got)
	}
}

func TestTheLocalEnvironment(t *testing.T) {
	// the environment of the key server-local, as the README points the client at it
	url := emulatorURL + "/graphql"
	client := stigg.NewStiggClient("server-local", nil, &url)
	result, err := client.GetEntitlement(context.Background(), stigg.FetchEntitlementQuery{CustomerID: "customer-demo-01", FeatureID: "feature-04-analytics"})
	if err != nil {
		t.Fatal(err)
	}
	if !result.Entitlement.IsGranted {
		t.Fatal("analytics is not granted")
	}
}
