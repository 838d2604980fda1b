"""A relationship's optional ``weight``: where it means something, and what it accepts."""

from __future__ import annotations

from graph_service.domain.model import RELATIONSHIPS, WEIGHT_MAXIMUM


def test_weight_is_accepted_on_actor_ties_only() -> None:
    weighted = {
        t for t, spec in RELATIONSHIPS.items() if any(p.name == "weight" for p in spec.properties)
    }
    assert weighted == {
        "MEMBER_OF",
        "LINKED_TO",
        "WORKS_AT",
        "PARTICIPATES_IN",
        "COORDINATES",
        "ADVISES",
        "SKILLED_IN",
        "AFFILIATED_WITH",
    }


def test_a_weight_must_be_a_positive_number() -> None:
    (spec,) = [p for p in RELATIONSHIPS["MEMBER_OF"].properties if p.name == "weight"]
    assert spec.problem(2.5) is None
    assert spec.problem(0.0) == "0.0 is not greater than 0"
    assert spec.problem(-1.0) == "-1.0 is not greater than 0"
    assert spec.problem(WEIGHT_MAXIMUM * 10) == "10000000000.0 is above the maximum 1e+09"
    assert not spec.required
