"""The arguments of a list or connection field as reads take them: the page, the order and
the filter, checked against the graph model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from graphql import FieldNode

from graph_service import errors
from graph_service.api import cursors, naming
from graph_service.api.graphql_types import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from graph_service.api.relations import RELATION_FIELDS
from graph_service.domain.model import LABELS, RELATIONSHIPS, PropertySpec, PropertyType
from graph_service.domain.selection import (
    AllOf,
    AnyOf,
    Condition,
    Cursor,
    Filter,
    NoneOf,
    Operator,
    Page,
    Quantifier,
    Related,
    RelatedCount,
    Relation,
    SortKey,
    ValueKind,
)


class InvalidArgument(errors.InvalidArgument):
    """An argument the schema accepts but the graph cannot (a page too large, a bad cursor)."""

    def __init__(self, message: str, node: FieldNode) -> None:
        super().__init__(message)
        self.node = node


def value_kind(prop: PropertySpec) -> ValueKind:
    if prop.choices:
        return ValueKind.ENUM
    return ValueKind.DATE if prop.type is PropertyType.DATE else ValueKind.PLAIN


def page(
    args: Mapping[str, Any],
    field: FieldNode,
    label: str,
    keys: tuple[SortKey, ...],
    rel_type: str | None = None,
) -> Page:
    first, last = args.get("first"), args.get("last")
    for name, size in (("first", first), ("last", last)):
        if size is not None and not 0 <= size <= MAX_PAGE_SIZE:
            raise InvalidArgument(f"{name} must be between 0 and {MAX_PAGE_SIZE}", field)
    if first is None and last is None:
        first = DEFAULT_PAGE_SIZE
    return Page(
        first,
        cursor(args.get("after"), "after", field, label, keys, rel_type),
        last,
        cursor(args.get("before"), "before", field, label, keys, rel_type),
    )


def cursor(
    value: Any,
    name: str,
    field: FieldNode,
    label: str,
    keys: tuple[SortKey, ...],
    rel_type: str | None = None,
) -> Cursor | None:
    if value is None:
        return None
    found = cursors.decode(value, label, keys, rel_type) if isinstance(value, str) else None
    if found is None:
        raise InvalidArgument(f"{name} is not a cursor of this list (in this order)", field)
    return found


def order(label: str, order_by: Any) -> tuple[SortKey, ...]:
    if not order_by:
        return ()
    by_name = {"ID": "id"} | {naming.sort_value(p.name): p.name for p in LABELS[label].properties}
    entries = order_by if isinstance(order_by, list) else [order_by]
    return tuple(
        SortKey(by_name[entry["field"]], entry.get("direction") == "DESC") for entry in entries
    )


def edge_order(rel_type: str, order_by: Any) -> tuple[SortKey, ...]:
    """The sort keys of ``edgeOrderBy``: the relationship's properties, before the nodes'."""
    if not order_by:
        return ()
    spec = RELATIONSHIPS[rel_type]
    by_name = {naming.sort_value(p.name): p.name for p in spec.properties}
    entries = order_by if isinstance(order_by, list) else [order_by]
    return tuple(
        SortKey(by_name[e["field"]], e.get("direction") == "DESC", edge=True) for e in entries
    )


def edge_filter(rel_type: str, where: Any, field: FieldNode) -> tuple[Condition, ...]:
    """The conditions of ``edgeWhere`` on the relationship's own properties."""
    found: list[Condition] = []
    for name, operators in (where or {}).items():
        prop = RELATIONSHIPS[rel_type].find_property(name)
        if operators is None or prop is None:
            continue
        found += [c for c in _conditions(name, prop, operators, field) if isinstance(c, Condition)]
    return tuple(found)


def filter_of(label: str, where: Any, field: FieldNode) -> Filter | None:
    if not where:
        return None
    spec = LABELS[label]
    relations = RELATION_FIELDS[label]
    parts: list[Filter] = []
    for key, value in where.items():
        if value is None:
            continue
        if key == "AND":
            parts.append(
                AllOf(tuple(f for w in _listed(value) if (f := filter_of(label, w, field))))
            )
        elif key == "OR":
            parts.append(
                AnyOf(tuple(filter_of(label, w, field) or AllOf(()) for w in _listed(value)))
            )
        elif key == "NOT":
            parts.append(NoneOf(filter_of(label, value, field) or AllOf(())))
        elif key in relations:
            relation = relations[key].relation
            parts.append(Related(relation, filter_of(relation.target, value, field) or AllOf(())))
        elif (through := _quantified(key, relations, "Connection")) is not None:
            relation, quantifier = through
            node = filter_of(relation.target, value.get("node"), field) or AllOf(())
            edge = edge_filter(relation.type, value.get("edge"), field)
            parts.append(Related(relation, node, quantifier, edge))
        elif (quantified := _quantified(key, relations)) is not None:
            relation, quantifier = quantified
            inner = filter_of(relation.target, value, field) or AllOf(())
            parts.append(Related(relation, inner, quantifier))
        elif key.endswith("Count") and key.removesuffix("Count") in relations:
            relation = relations[key.removesuffix("Count")].relation
            parts += _counts(relation, value, field)
        else:
            prop = None if key == "id" else spec.find_property(key)
            parts.extend(_conditions(key, prop, value, field))
    if len(parts) == 1:
        return parts[0]
    return AllOf(tuple(parts))


_QUANTIFIERS: tuple[tuple[str, Quantifier], ...] = (
    ("All", "all"),
    ("None", "none"),
    ("Single", "single"),
)


def _quantified(
    key: str, relations: Mapping[str, Any], infix: str = ""
) -> tuple[Relation, Quantifier] | None:
    """``projectsAll`` → (the relation of ``projects``, ``all``); with ``infix="Connection"``,
    ``projectsConnection`` → (…, ``some``) and ``projectsConnectionAll`` → (…, ``all``); None
    for other keys."""
    some: tuple[tuple[str, Quantifier], ...] = (("", "some"),) if infix else ()
    for suffix, quantifier in (*some, *_QUANTIFIERS):
        name = key.removesuffix(f"{infix}{suffix}")
        if name != key and name in relations:
            return relations[name].relation, quantifier
    return None


def _counts(relation: Relation, operators: Mapping[str, Any], field: FieldNode) -> list[Filter]:
    found: list[Filter] = []
    for operator, value in operators.items():
        if value is None:
            continue
        if operator == "between":
            bounds = [int(v) for v in _listed(value)]
            if len(bounds) != 2:
                raise InvalidArgument("between takes two values, from and to", field)
            found += [
                RelatedCount(relation, "gte", bounds[0]),
                RelatedCount(relation, "lte", bounds[1]),
            ]
        else:
            op: Operator = operator  # type: ignore[assignment]
            found.append(RelatedCount(relation, op, int(value)))
    return found


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _conditions(
    name: str, prop: PropertySpec | None, operators: Mapping[str, Any], field: FieldNode
) -> list[Filter]:
    conditions: list[Filter] = []
    for operator, value in operators.items():
        if value is None:
            continue
        if operator == "between":
            bounds = [_stored(prop, v, field) for v in _listed(value)]
            if len(bounds) != 2:
                raise InvalidArgument(f"{name}: between takes two values, from and to", field)
            conditions += [Condition(name, "gte", bounds[0]), Condition(name, "lte", bounds[1])]
            continue
        if operator == "in":
            value = [_stored(prop, v, field) for v in _listed(value)]
        elif operator != "isNull":
            value = _stored(prop, value, field)
        op: Operator = operator  # type: ignore[assignment]
        conditions.append(Condition(name, op, value))
    return conditions


def _stored(prop: PropertySpec | None, value: Any, field: FieldNode) -> object:
    """A filter value as the graph stores it (enum names back to their stored form)."""
    if prop is None:
        return str(value)
    if prop.choices:
        by_name = {naming.enum_value(choice): choice for choice in prop.choices}
        return by_name.get(value, value)
    if prop.type is PropertyType.DATE:
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise InvalidArgument(f"{value!r} is not a date (YYYY-MM-DD)", field) from None
    if prop.type is PropertyType.FLOAT:
        return float(value)
    return value
