import json
import urllib.request

import pytest
import stigg


def events(rest_env, type_: str) -> list[dict]:
    """The environment's webhook event log (control plane), of one type."""
    url = f"{rest_env.emulator.url}/_emulator/environments/{rest_env.name}/webhooks?type={type_}"
    with urllib.request.urlopen(url, timeout=10) as res:
        return [e["payload"] for e in json.loads(res.read())["events"]]


def test_create_feature_answers_it_and_records_feature_created(rest_env):
    feature = rest_env.stigg.v1.features.create_feature(
        id="feature-py-seats",
        display_name="Seats",
        feature_type="NUMBER",
        meter_type="INCREMENTAL",
        feature_units="seat",
        feature_units_plural="seats",
        metadata={"team": "growth"},
        meter={"aggregation": {"function": "COUNT"}, "filters": []},
        unit_transformation={"divide": 10, "round": "UP"},
    ).data
    assert feature.id == "feature-py-seats"
    assert feature.feature_type == "NUMBER"
    assert feature.meter_type == "INCREMENTAL"
    assert feature.feature_status == "ACTIVE"
    assert feature.feature_units == "seat"
    assert feature.metadata == {"team": "growth"}
    assert feature.meter is not None and feature.meter.aggregation.function == "COUNT"
    assert feature.unit_transformation is not None and feature.unit_transformation.divide == 10
    [event] = events(rest_env, "feature.created")
    assert event["id"] == "feature-py-seats"
    assert event["name"] == "Seats"
    assert event["unit"] == "seat"
    assert event["units"] == "seats"
    assert event["meterType"] == "INCREMENTAL"


def test_create_feature_errors(rest_env):
    with pytest.raises(stigg.ConflictError):
        rest_env.stigg.v1.features.create_feature(id="feature-01-templates", display_name="Again", feature_type="BOOLEAN")
    with pytest.raises(stigg.BadRequestError) as bad:
        rest_env.stigg.v1.features.create_feature(id="", display_name="", feature_type="TEXT")  # type: ignore[arg-type]
    assert "body.featureType" in str(bad.value)
    with pytest.raises(stigg.UnprocessableEntityError):
        rest_env.stigg.v1.features.create_feature(id="feature-py-flag", display_name="Flag", feature_type="BOOLEAN", meter_type="FLUCTUATING")


def test_retrieve_feature_and_not_found(rest_env):
    feature = rest_env.stigg.v1.features.retrieve_feature("feature-02-campaigns").data
    assert feature.display_name == "Campaigns"
    assert feature.meter_type == "INCREMENTAL"
    with pytest.raises(stigg.NotFoundError):
        rest_env.stigg.v1.features.retrieve_feature("feature-nope")


def test_list_features_pages_and_filters(rest_env):
    ids = [f.id for f in rest_env.stigg.v1.features.list_features(limit=3)]
    assert "feature-01-templates" in ids
    assert len(ids) == len(set(ids))
    booleans = rest_env.stigg.v1.features.list_features(feature_type=["BOOLEAN"], limit=100).data
    assert booleans and all(f.feature_type == "BOOLEAN" for f in booleans)


def test_update_feature(rest_env):
    rest_env.stigg.v1.features.create_feature(id="feature-py-x", display_name="X", feature_type="BOOLEAN", description="first")
    feature = rest_env.stigg.v1.features.update_feature("feature-py-x", display_name="X2", metadata={"k": "v"}).data
    assert feature.display_name == "X2"
    assert feature.description == "first"
    assert feature.metadata == {"k": "v"}
    assert [e["name"] for e in events(rest_env, "feature.updated")] == ["X2"]
    with pytest.raises(stigg.NotFoundError):
        rest_env.stigg.v1.features.update_feature("feature-nope", display_name="x")


def test_archive_and_unarchive_feature(rest_env):
    rest_env.stigg.v1.features.create_feature(id="feature-py-old", display_name="Old", feature_type="BOOLEAN")
    assert rest_env.stigg.v1.features.archive_feature("feature-py-old").data.feature_status == "SUSPENDED"
    assert rest_env.stigg.v1.features.unarchive_feature("feature-py-old").data.feature_status == "ACTIVE"
    assert [e["status"] for e in events(rest_env, "feature.updated")] == ["SUSPENDED", "ACTIVE"]
    with pytest.raises(stigg.UnprocessableEntityError):
        rest_env.stigg.v1.features.archive_feature("feature-01-templates")
    with pytest.raises(stigg.NotFoundError):
        rest_env.stigg.v1.features.unarchive_feature("feature-nope")


def test_contracts_are_not_supported(rest_env):
    with pytest.raises(stigg.APIStatusError) as error:
        rest_env.stigg.v1.contracts.retrieve("k1")
    assert error.value.status_code == 501
    assert "v1.contracts.retrieve" in str(error.value)
