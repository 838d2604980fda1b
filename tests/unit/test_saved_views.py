"""What the graph browser may keep as a saved view: names and contents, checked before storing."""

from __future__ import annotations

import json

import pytest

from graph_service.errors import InvalidArgument, LimitExceeded
from graph_service.services.saved_views import (
    MAX_NAME,
    MAX_POSITIONS,
    checked_name,
    checked_view,
)


def test_a_name_is_trimmed_and_bounded() -> None:
    assert checked_name("  Ponte verso il DIH  ") == "Ponte verso il DIH"
    assert checked_name("x" * MAX_NAME) == "x" * MAX_NAME
    with pytest.raises(LimitExceeded) as too_long:
        checked_name("x" * (MAX_NAME + 1))
    assert too_long.value.code == "LIMIT_EXCEEDED" and str(MAX_NAME) in str(too_long.value)
    for bad in ("", "   ", "tab\tname", "new\nline", "zero\u200bwidth", 42, None):
        with pytest.raises(InvalidArgument) as refused:
            checked_name(bad)
        assert refused.value.code == "INVALID_INPUT" and refused.value.field == "name"


def test_a_view_is_the_address_state_and_positions_and_nothing_else() -> None:
    stored = checked_view({"hash": "#show=it-hub&lang=it", "positions": {"it-hub": [1, -2.5]}})
    assert json.loads(stored) == {
        "hash": "#show=it-hub&lang=it",
        "positions": {"it-hub": [1.0, -2.5]},
    }
    cases = [
        ([], "view"),
        ({"hash": "#a", "script": "alert(1)"}, "view"),
        ({"hash": "show=a"}, "view.hash"),
        ({"hash": 3}, "view.hash"),
        ({"hash": "#a", "positions": [[1, 2]]}, "view.positions"),
        ({"hash": "#a", "positions": {"a": [1]}}, "view.positions"),
        ({"hash": "#a", "positions": {"a": [1, "2"]}}, "view.positions"),
        ({"hash": "#a", "positions": {"a": [1, float("nan")]}}, "view.positions"),
        ({"hash": "#a", "positions": {"a": [True, 2]}}, "view.positions"),
        ({"hash": "#a", "positions": {"a" * 300: [1, 2]}}, "view.positions"),
    ]
    for view, field in cases:
        with pytest.raises(InvalidArgument) as refused:
            checked_view(view)
        assert refused.value.field == field, view


def test_a_view_is_bounded_in_size() -> None:
    with pytest.raises(LimitExceeded):
        checked_view({"hash": "#" + "a" * 10_000})
    many = {f"n{i}": [i, i] for i in range(MAX_POSITIONS + 1)}
    with pytest.raises(LimitExceeded):
        checked_view({"hash": "#a", "positions": many})
    most = {f"firm-{i:06d}": [123456.5, -123456.5] for i in range(MAX_POSITIONS)}
    assert len(checked_view({"hash": "#a", "positions": most})) < 1_000_000
