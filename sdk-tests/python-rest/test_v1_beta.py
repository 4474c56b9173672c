"""The v1-beta governance methods through Stigg's Python REST SDK, on the demo seed's governance tree
(owner cus-acme: org-acme > team-eng, and the dimensional entity gpt-4o)."""

import pytest
import stigg


def test_entity_types_list_and_upsert(rest_env):
    ids = [t.id for t in rest_env.stigg.v1_beta.entity_types.list()]
    assert ids == ["model", "org", "team"]
    created = rest_env.stigg.v1_beta.entity_types.upsert(types=[{"id": "project", "display_name": "Project", "attribution_keys": ["projectId"]}]).data
    assert created[0].id == "project"
    assert created[0].attribution_keys == ["projectId"]


def test_entities_list_retrieve_upsert_archive_unarchive(rest_env):
    entities = rest_env.stigg.v1_beta.customers.entities
    assert sorted(e.id for e in entities.list("cus-acme")) == ["gpt-4o", "org-acme", "team-eng"]
    team = entities.retrieve("team-eng", id="cus-acme").data
    assert team.entity_type_id == "team"
    assert team.display_name == "Engineering"
    upserted = entities.upsert("cus-acme", entities=[{"id": "team-ops", "entity_type_id": "team", "parent_id": "org-acme", "display_name": "Ops"}]).data
    assert upserted[0].id == "team-ops"
    assert entities.archive("cus-acme", ids=["team-ops"]).data.ids == ["team-ops"]
    assert entities.retrieve("team-ops", id="cus-acme").data.archived_at is not None
    assert entities.unarchive("cus-acme", ids=["team-ops"]).data.ids == ["team-ops"]
    with pytest.raises(stigg.NotFoundError):
        entities.retrieve("nope", id="cus-acme")


def test_assignments_list_and_upsert(rest_env):
    assignments = rest_env.stigg.v1_beta.customers.assignments
    rows = list(assignments.list("cus-acme", entity_id="team-eng"))
    assert len(rows) == 2
    assert rows[0].feature_id == "ai-tokens"
    assert rows[0].parent_id == "org-acme"
    updated = assignments.upsert("cus-acme", assignments=[{"entity_id": "org-acme", "feature_id": "ai-tokens", "usage_limit": 42, "cadence": "P1M"}]).data
    assert updated[0].usage_limit == 42
    with pytest.raises(stigg.BadRequestError):
        assignments.upsert("cus-acme", assignments=[{"entity_id": "org-acme", "feature_id": "ai-tokens", "currency_id": "c"}])


def test_governance_tree_and_check(rest_env):
    budgets = rest_env.stigg.v1.events.beta.customers.retrieve_governance("cus-acme", feature_ids=["ai-tokens"]).data
    assert len(budgets) >= 3
    assert budgets[0].feature_id == "ai-tokens"
    check = rest_env.stigg.v1_beta.customers.entitlements.check("cus-acme", feature_id="ai-tokens", requested_usage=10, dimensions={"teamId": "team-eng"}).data
    assert check.is_granted is True
    assert check.type == "FEATURE"
    assert check.chains
