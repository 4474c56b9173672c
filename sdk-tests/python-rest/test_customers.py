import pytest
import stigg


def test_retrieve_a_customer_created_through_graphql(rest_env):
    created = rest_env.graphql(
        "mutation($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { customerId } } }",
        {"input": {"customerId": "cus-py-1", "name": "Ada"}},
    )
    assert "errors" not in created
    customer = rest_env.stigg.v1.customers.retrieve("cus-py-1").data
    assert customer.id == "cus-py-1"
    assert customer.name == "Ada"
    assert customer.archived_at is None


def test_retrieve_an_unknown_customer_is_not_found(rest_env):
    with pytest.raises(stigg.NotFoundError):
        rest_env.stigg.v1.customers.retrieve("nope")


def test_a_wrong_key_is_an_authentication_error(emulator):
    client = stigg.Stigg(api_key="bogus key", base_url=emulator.url, max_retries=0)
    with pytest.raises(stigg.AuthenticationError):
        client.v1.customers.retrieve("x")
