module example.com/stigg-emulator-example

go 1.22

require (
	github.com/Yamashou/gqlgenc v0.11.2
	github.com/stiggio/api-client-go/v6 v6.21.0
)

require (
	github.com/hashicorp/go-cleanhttp v0.5.2 // indirect
	github.com/hashicorp/go-retryablehttp v0.7.4 // indirect
	github.com/vektah/gqlparser/v2 v2.5.8 // indirect
)
