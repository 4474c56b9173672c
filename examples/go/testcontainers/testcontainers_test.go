//go:build testcontainers

// The same TestMain with the Docker image, through Testcontainers for Go (https://golang.testcontainers.org/):
//
//	docker build -t stigg-emulator .          # in the emulator's repository
//	cd testcontainers && go mod init example.com/stigg-emulator-example/testcontainers   # (or add this file to your own module)
//	go get github.com/testcontainers/testcontainers-go@v0.40.0 github.com/stiggio/api-client-go/v6@v6.21.0
//	STIGG_EMULATOR_IMAGE=stigg-emulator go test -tags testcontainers ./...
//
// Testcontainers starts the container, waits for /_emulator/ready, maps the port, and removes the
// container at the end (its reaper container also removes it when the test binary is killed).
// Built only with -tags testcontainers: CI does not pull images.
package testcontainers

import (
	"context"
	"fmt"
	"log"
	"os"
	"testing"

	stigg "github.com/stiggio/api-client-go/v6"
	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"
)

var emulatorURL string

func TestMain(m *testing.M) {
	ctx := context.Background()
	image := os.Getenv("STIGG_EMULATOR_IMAGE")
	if image == "" {
		image = "stigg-emulator"
	}
	container, err := testcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{
		ContainerRequest: testcontainers.ContainerRequest{
			Image:        image,
			ExposedPorts: []string{"4000/tcp"},
			Env:          map[string]string{"STIGG_EMULATOR_EDGE_PORT": "-1"},
			WaitingFor:   wait.ForHTTP("/_emulator/ready").WithPort("4000/tcp"),
		},
		Started: true,
	})
	if err != nil {
		log.Fatal(err)
	}
	host, _ := container.Host(ctx)
	port, _ := container.MappedPort(ctx, "4000")
	emulatorURL = fmt.Sprintf("http://%s:%s", host, port.Port())
	code := m.Run()
	_ = container.Terminate(ctx)
	os.Exit(code)
}

func TestEntitlementsFromTheContainer(t *testing.T) {
	url := emulatorURL + "/graphql"
	client := stigg.NewStiggClient("server-testcontainers", nil, &url)
	customerID, planID, period := "customer-tc", "plan-revvenu-growth", stigg.BillingPeriodMonthly
	if _, err := client.ProvisionCustomer(context.Background(), stigg.ProvisionCustomerInput{
		CustomerID:         &customerID,
		SubscriptionParams: &stigg.ProvisionCustomerSubscriptionInput{PlanID: planID, BillingPeriod: &period},
	}); err != nil {
		t.Fatal(err)
	}
	result, err := client.GetEntitlement(context.Background(), stigg.FetchEntitlementQuery{CustomerID: customerID, FeatureID: "feature-04-analytics"})
	if err != nil {
		t.Fatal(err)
	}
	if !result.Entitlement.IsGranted {
		t.Fatal("analytics is not granted")
	}
}
