package sdktests

// Bad input through the Go client: it returns its own error type (*clientv2.ErrorResponse)
// carrying Stigg's error codes.

import (
	"errors"
	"testing"

	"github.com/Yamashou/gqlgenc/clientv2"
	stigg "github.com/stiggio/api-client-go/v6"
)

func TestUnknownCustomer(t *testing.T) {
	e := newEnv(t)
	_, err := e.client.GetCustomerByID(ctx(), stigg.GetCustomerByRefIDInput{CustomerID: "customer-nobody"})
	var er *clientv2.ErrorResponse
	if !errors.As(err, &er) {
		t.Fatalf("expected *clientv2.ErrorResponse, got %T %v", err, err)
	}
	if got := codes(err); len(got) != 1 || got[0] != "CustomerNotFound" {
		t.Fatalf("codes %v", got)
	}
	// an entitlement check does not fail: it is denied with Stigg's reason
	result, err := e.client.GetEntitlement(ctx(), stigg.FetchEntitlementQuery{CustomerID: "customer-nobody", FeatureID: "feature-01-templates"})
	if err != nil {
		t.Fatal(err)
	}
	match(t, result.Entitlement, `{"isGranted": false, "accessDeniedReason": "CustomerNotFound"}`)
}

func TestPaidPlanWithoutBillingPeriod(t *testing.T) {
	e := newEnv(t)
	// "required for paid subscriptions": for a plan priced in two billing periods, and in one only
	// (plan-revvenu-monthly, loaded here)
	postJSON(t, emulatorURL+"/_emulator/environments/"+e.name+"/fixtures", nil, map[string]any{"plans": []any{map[string]any{
		"id": "plan-revvenu-monthly", "productId": "product-revvenu", "pricingType": "PAID",
		"prices": []any{map[string]any{"billingModel": "FLAT_FEE", "billingPeriod": "MONTHLY", "amount": 9, "currency": "USD"}},
	}}})
	missing := func(what string, err error) {
		t.Helper()
		if got := codes(err); len(got) != 1 || got[0] != "BillingPeriodMissingError" {
			t.Fatalf("%s: codes %v (%v)", what, got, err)
		}
	}
	for _, plan := range []string{"plan-revvenu-essentials", "plan-revvenu-monthly"} {
		_, err := e.client.ProvisionSubscription(ctx(), stigg.ProvisionSubscriptionInput{CustomerID: "customer-id", PlanID: plan})
		missing("provisionSubscription "+plan, err)
	}
	_, err := e.client.ProvisionCustomer(ctx(), stigg.ProvisionCustomerInput{
		CustomerID:         Ptr("customer-go-new"),
		SubscriptionParams: &stigg.ProvisionCustomerSubscriptionInput{PlanID: "plan-revvenu-monthly"},
	})
	missing("provisionCustomer", err)
	_, err = e.client.CreateSubscription(ctx(), stigg.SubscriptionInput{CustomerID: "customer-id", PlanID: "plan-revvenu-monthly"})
	missing("createSubscription", err)
	// nothing was written: the customer of the refused provisionCustomer does not exist
	_, err = e.client.GetCustomerByID(ctx(), stigg.GetCustomerByRefIDInput{CustomerID: "customer-go-new"})
	if got := codes(err); len(got) != 1 || got[0] != "CustomerNotFound" {
		t.Fatalf("codes %v (%v)", got, err)
	}
	// a subscription that starts in a trial (plan-revvenu-growth's 14 days) needs none
	result, err := e.client.ProvisionSubscription(ctx(), stigg.ProvisionSubscriptionInput{CustomerID: "customer-id", PlanID: "plan-revvenu-growth"})
	if err != nil {
		t.Fatal(err)
	}
	match(t, result.ProvisionSubscription, `{"status": "SUCCESS", "subscription": {"status": "IN_TRIAL"}}`)
}

func TestInvalidKey(t *testing.T) {
	track(t)
	url := emulatorURL + "/graphql"
	client := stigg.NewStiggClient("not a valid key!", nil, &url)
	_, err := client.GetCustomerByID(ctx(), stigg.GetCustomerByRefIDInput{CustomerID: "customer-id"})
	var er *clientv2.ErrorResponse
	if !errors.As(err, &er) || er.NetworkError == nil || er.NetworkError.Code != 401 {
		t.Fatalf("expected an HTTP 401 ErrorResponse, got %T %v", err, err)
	}
	// the 401 body is still parsed: Stigg's code is there
	if got := codes(err); len(got) != 1 || got[0] != "Unauthenticated" {
		t.Fatalf("codes %v (%v)", got, err)
	}
}
