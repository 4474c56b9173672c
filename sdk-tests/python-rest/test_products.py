import json
import urllib.request

import pytest
import stigg


def events(rest_env, type_: str) -> list[dict]:
    """The environment's webhook event log (control plane), of one type."""
    url = f"{rest_env.emulator.url}/_emulator/environments/{rest_env.name}/webhooks?type={type_}"
    with urllib.request.urlopen(url, timeout=10) as res:
        return [e["payload"] for e in json.loads(res.read())["events"]]


def test_create_product_and_product_created(rest_env):
    product = rest_env.stigg.v1.products.create_product(id="product-py", display_name="Py", description="d", metadata={"a": "b"}).data
    assert product.id == "product-py"
    assert product.status == "PUBLISHED"
    assert product.multiple_subscriptions is False
    assert product.metadata == {"a": "b"}
    assert product.product_settings is not None and product.product_settings.subscription_start_setup == "PLAN_SELECTION"
    [event] = events(rest_env, "product.created")
    assert event["entityId"] == "product-py"
    assert event["displayName"] == "Py"
    assert event["isDefaultProduct"] is False
    with pytest.raises(stigg.ConflictError):
        rest_env.stigg.v1.products.create_product(id="product-revvenu", display_name="Again")
    with pytest.raises(stigg.BadRequestError):
        rest_env.stigg.v1.products.create_product(id="", display_name="")


def test_list_products(rest_env):
    ids = [p.id for p in rest_env.stigg.v1.products.list_products()]
    assert "product-revvenu" in ids
    assert rest_env.stigg.v1.products.list_products(status=["ARCHIVED"]).data == []


def test_update_product(rest_env):
    product = rest_env.stigg.v1.products.update_product(
        "product-revvenu",
        display_name="Revvenu 2",
        product_settings={"subscription_start_setup": "PLAN_SELECTION", "subscription_end_setup": "CANCEL_SUBSCRIPTION", "subscription_cancellation_time": "END_OF_BILLING_PERIOD"},
    ).data
    assert product.display_name == "Revvenu 2"
    assert product.product_settings is not None and product.product_settings.subscription_cancellation_time == "END_OF_BILLING_PERIOD"
    assert [e["name"] for e in events(rest_env, "product.updated")] == ["Revvenu 2"]
    with pytest.raises(stigg.NotFoundError):
        rest_env.stigg.v1.products.update_product("product-nope", display_name="x")


def test_archive_and_unarchive_product(rest_env):
    rest_env.stigg.v1.products.create_product(id="product-py-old", display_name="Old")
    assert rest_env.stigg.v1.products.archive_product("product-py-old").data.status == "ARCHIVED"
    assert rest_env.stigg.v1.products.unarchive_product("product-py-old").data.status == "PUBLISHED"
    with pytest.raises(stigg.UnprocessableEntityError):
        rest_env.stigg.v1.products.archive_product("product-revvenu")
    with pytest.raises(stigg.NotFoundError):
        rest_env.stigg.v1.products.unarchive_product("product-nope")


def test_duplicate_product(rest_env):
    product = rest_env.stigg.v1.products.duplicate_product("product-revvenu", target_id="product-py-copy", display_name="Copy").data
    assert product.id == "product-py-copy"
    assert product.display_name == "Copy"
    assert product.product_settings is not None and product.product_settings.downgrade_plan_id == "plan-revvenu-basic-product-py-copy"
    result = rest_env.graphql("query { products(paging: { first: 50 }) { edges { node { refId plans { refId } } } } }")
    copy = next(e["node"] for e in result["data"]["products"]["edges"] if e["node"]["refId"] == "product-py-copy")
    assert "plan-revvenu-basic-product-py-copy" in [p["refId"] for p in copy["plans"]]
    with pytest.raises(stigg.ConflictError):
        rest_env.stigg.v1.products.duplicate_product("product-revvenu", target_id="product-py-copy")
    with pytest.raises(stigg.NotFoundError):
        rest_env.stigg.v1.products.duplicate_product("product-nope", target_id="product-py-x")
