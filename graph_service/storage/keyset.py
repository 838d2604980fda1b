"""Keyset paging: a list's order as terms, a cursor as the terms' values of an item, and the
condition "after (or before) this cursor" that a query filters on, so that pages neither
repeat nor skip an item however many are inserted or removed while a client pages.

The terms of an order are, per sort key, whether the node lacks the value (those sort last)
and the value; then the node's id, which makes every position unique.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from graph_service.domain.model import LABELS, RELATIONSHIPS, PropertyType
from graph_service.domain.selection import Cursor, SortKey, order_signature

Param = Callable[[object], str]


@dataclass(frozen=True)
class Term:
    expression: str
    descending: bool
    date: bool = False


def terms(
    keys: tuple[SortKey, ...], var: str, label: str, rel: str = "", rel_type: str = ""
) -> list[Term]:
    """The terms of ``keys`` for nodes ``var`` of ``label`` (reached through ``rel`` of
    ``rel_type``, for the relationship's own keys)."""
    found = []
    for key in keys:
        if key.edge:
            spec = RELATIONSHIPS[rel_type].find_property(key.property)
            value = f"{rel}.`{key.property}`"
        else:
            spec = LABELS[label].find_property(key.property)
            value = f"{var}.`{key.property}`"
        found.append(Term(f"{value} IS NULL", False))
        found.append(
            Term(value, key.descending, spec is not None and spec.type is PropertyType.DATE)
        )
    if not any(key.property == "id" and not key.edge for key in keys):
        found.append(Term(f"{var}.id", False))
    return found


def order_by(found: Sequence[Term], reverse: bool = False) -> str:
    return ", ".join(f"{t.expression}{' DESC' if t.descending != reverse else ''}" for t in found)


def cursor_of(found: Sequence[Term], keys: tuple[SortKey, ...], param: Param) -> str:
    """The list an item's cursor is made of: its order's signature, then its terms' values
    (dates as text)."""
    values = [f"toString({t.expression})" if t.date else t.expression for t in found]
    return f"[{param(order_signature(keys))}, {', '.join(values)}]"


def beyond(found: Sequence[Term], cursor: Cursor, param: Param, after: bool) -> str:
    """The items strictly after (or before) ``cursor`` in the order of ``found``."""
    clauses: list[str] = []
    equal: list[str] = []
    for term, value in zip(found, cursor, strict=True):
        if value is None:  # the term before said "no value": equal, both are null
            continue
        operator = ">" if after != term.descending else "<"
        name = param(value)
        clauses.append(" AND ".join([*equal, f"{term.expression} {operator} {name}"]))
        equal.append(f"{term.expression} = {name}")
    return "(" + " OR ".join(f"({c})" for c in clauses) + ")" if clauses else "false"
