import pytest
import stigg


def draft_addon(rest_env, addon_id="addon-py-seats"):
    addons = rest_env.stigg.v1.addons
    addons.create(id=addon_id, display_name="Seats", product_id="product-revvenu", max_quantity=5)
    addons.entitlements.create(addon_id, entitlements=[{"type": "FEATURE", "id": "feature-seats", "usage_limit": 3}])
    addons.update(
        addon_id,
        charges={
            "pricing_type": "PAID",
            "pricing_models": [{"billing_model": "FLAT_FEE", "price_periods": [{"billing_period": "MONTHLY", "price": {"amount": 6}}]}],
        },
    )


def test_create_retrieve_update_list(rest_env):
    addons = rest_env.stigg.v1.addons
    draft_addon(rest_env)
    addon = addons.retrieve("addon-py-seats").data
    assert (addon.status, addon.max_quantity, addon.pricing_type) == ("DRAFT", 5, "PAID")
    assert [(e.id, e.type) for e in addon.entitlements] == [("feature-seats", "FEATURE")]
    updated = addons.update("addon-py-seats", display_name="More seats", dependencies=["addon-extra-stuff"]).data
    assert updated.display_name == "More seats"
    assert updated.dependencies == ["addon-extra-stuff"]
    assert [a.id for a in addons.list(status=["DRAFT"]).data] == ["addon-py-seats"]


def test_errors(rest_env):
    addons = rest_env.stigg.v1.addons
    with pytest.raises(stigg.NotFoundError):
        addons.retrieve("nope")
    with pytest.raises(stigg.ConflictError):
        addons.create(id="addon-extra-stuff", display_name="X", product_id="product-revvenu")
    with pytest.raises(stigg.BadRequestError):
        addons.create(id="addon-x", display_name="X", product_id="product-revvenu", max_quantity=0)
    with pytest.raises(stigg.UnprocessableEntityError):
        addons.archive("addon-extra-stuff")


def test_drafts_charges_publish_archive(rest_env):
    addons = rest_env.stigg.v1.addons
    draft_addon(rest_env)
    charges = addons.list_charges("addon-py-seats").data
    assert [(c.billing_period, c.price.amount) for c in charges] == [("MONTHLY", 6)]
    assert addons.publish("addon-py-seats", migration_type="NEW_CUSTOMERS").data.task_id is None
    draft = addons.create_draft("addon-py-seats").data
    assert (draft.status, draft.version_number) == ("DRAFT", 2)
    assert addons.remove_draft("addon-py-seats").data.id == "addon-py-seats"
    assert addons.archive("addon-py-seats").data.status == "ARCHIVED"


def test_entitlements(rest_env):
    entitlements = rest_env.stigg.v1.addons.entitlements
    draft_addon(rest_env)
    created = entitlements.create("addon-py-seats", entitlements=[{"type": "FEATURE", "id": "feature-03-memory", "usage_limit": 5, "behavior": "Override"}]).data
    assert created[0].behavior == "Override"
    assert entitlements.update("feature-seats", addon_id="addon-py-seats", type="FEATURE", usage_limit=4).data.usage_limit == 4
    assert [e.id for e in entitlements.list("addon-py-seats").data] == ["feature-seats", "feature-03-memory"]
    assert entitlements.delete("feature-03-memory", addon_id="addon-py-seats").data.id == "feature-03-memory"
    with pytest.raises(stigg.NotFoundError):
        entitlements.delete("feature-03-memory", addon_id="addon-py-seats")
