"""Small assertion helpers for the SDK's pydantic results."""

from __future__ import annotations

import re
from typing import Any

from stigg.generated import GraphQLClientGraphQLMultiError


def dump(model: Any) -> Any:
    """A result as plain JSON values with the SDK's snake_case field names (as the page shows them)."""
    return model.model_dump(mode="json")


def assert_subset(actual: Any, expected: Any, path: str = "$") -> None:
    """Every key of `expected` is in `actual` with an equal value (recursively); lists compare item by item."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for k, v in expected.items():
            assert k in actual, f"{path}.{k} is missing (have {sorted(actual)})"
            assert_subset(actual[k], v, f"{path}.{k}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{path}: expected {expected!r}, got {actual!r}"
        for i, (a, e) in enumerate(zip(actual, expected)):
            assert_subset(a, e, f"{path}[{i}]")
    elif isinstance(expected, re.Pattern):
        assert isinstance(actual, str) and expected.fullmatch(actual), f"{path}: {actual!r} does not match {expected.pattern}"
    else:
        assert actual == expected, f"{path}: expected {expected!r}, got {actual!r}"


def error_codes(error: GraphQLClientGraphQLMultiError) -> list[str]:
    return [(e.extensions or {}).get("code") for e in error.errors]


def subscription_id_of(plan_id: str) -> re.Pattern:
    return re.compile(rf"subscription-{re.escape(plan_id)}-[0-9a-f]{{6}}")
