"""Answers put in the order their fields were asked (the GraphQL spec's serialized map
ordering): Neo4j returns the compiled reads' maps with their keys in its own order, and this
walks an answer once, along the read's shape, rebuilding each map in the selection's order.

A plan is built per read (from its shape, never from the data) and applied to its answer: the
work is one dict per object of the answer, with no lookup of the GraphQL document.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from graph_service.api import cursors
from graph_service.domain.selection import (
    AggregateShape,
    ConnectionItem,
    ConnectionShape,
    EdgeShape,
    NodeList,
    NodesById,
    NodeShape,
    PageInfoShape,
    Read,
    TextSearch,
)

Plan = Callable[[Any], Any]
"""Reorders one value of an answer (a map, a list of maps, or a value left as it is)."""


def read_plan(read: Read) -> Plan:
    """The plan that orders the answer of ``read``."""
    match read:
        case NodeList():
            return connection_plan(read.shape)
        case NodesById():
            node = node_plan(read.shape)
            return node if read.single else _each(node)
        case TextSearch():
            nested = {key: node_plan(shape) for key, shape in read.node_keys}
            return _each(_map(read.order, nested))


def node_plan(shape: NodeShape) -> Plan:
    """A node's map in the order of its label's fields (an interface's nodes differ by label:
    each map's own keys tell which label's order applies)."""
    variants: dict[frozenset[str], Plan] = {}
    for _label, items in shape.by_label:
        keys = tuple(item.key for item in items)
        nested = {
            item.key: connection_plan(item.shape)
            for item in items
            if isinstance(item, ConnectionItem)
        }
        variants.setdefault(frozenset(keys), _map(keys, nested))
    if len(variants) == 1:
        (only,) = variants.values()
        return only

    def by_keys(value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        plan = variants.get(frozenset(value))
        return value if plan is None else plan(value)

    return by_keys


def connection_plan(shape: ConnectionShape) -> Plan:
    nested: dict[str, Plan] = {}
    for key, edge in shape.edges:
        nested[key] = _each(_edge_plan(edge))
    for key, node in shape.nodes:
        nested[key] = _each(node_plan(node))
    for key, info in shape.page_info:
        nested[key] = _page_info_plan(info)
    for key, aggregate in shape.aggregates:
        nested[key] = _aggregate_plan(aggregate)
    return _map(shape.order, nested)


def _aggregate_plan(shape: AggregateShape) -> Plan:
    nested = {p.key: _map(p.order, {}) for p in shape.properties}
    for groups in shape.groups:
        nested[groups.key] = _each(_aggregate_plan(groups.shape))
    return _map(shape.order, nested)


def _edge_plan(shape: EdgeShape) -> Plan:
    nested = {key: node_plan(node) for key, node in shape.node}
    nested |= {key: cursors.encode for key in shape.cursor_keys}
    return _map(shape.order, nested)


def _page_info_plan(shape: PageInfoShape) -> Plan:
    nested: dict[str, Plan] = {
        key: cursors.encode for key, what in shape.items if what in ("startCursor", "endCursor")
    }
    return _map(tuple(key for key, _ in shape.items), nested)


def _map(keys: tuple[str, ...], nested: dict[str, Plan]) -> Plan:
    """A map rebuilt with ``keys`` in this order, ``nested`` plans applied to their values.

    The usual map has every key asked: its values are taken in one C call (``itemgetter``) and
    zipped with the keys. A map without some of them (a node of another label in a list of
    an interface's nodes) keeps the keys it has, in order.

    >>> _map(("name", "id"), {})({"id": "f1", "name": "Rossi"})
    {'name': 'Rossi', 'id': 'f1'}
    >>> _map(("name", "town"), {"town": str.upper})({"town": "Lovere", "name": "Bianchi"})
    {'name': 'Bianchi', 'town': 'LOVERE'}
    >>> _map(("name", "id"), {})({"id": "h1"})
    {'id': 'h1'}
    """
    steps = tuple((key, nested.get(key)) for key in keys)
    if not keys:
        return lambda value: {} if isinstance(value, dict) else value
    take = operator.itemgetter(*keys)
    one = len(keys) == 1
    plans = tuple((i, nested[key]) for i, key in enumerate(keys) if key in nested)

    def partial(value: dict[str, Any]) -> dict[str, Any]:
        return {
            key: (plan(value[key]) if plan is not None else value[key])
            for key, plan in steps
            if key in value
        }

    def reorder(value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        try:
            taken = take(value)
        except KeyError:
            return partial(value)
        values = [taken] if one else list(taken)
        for i, plan in plans:
            values[i] = plan(values[i])
        return dict(zip(keys, values, strict=True))

    return reorder


def _each(plan: Plan) -> Plan:
    def each(value: Any) -> Any:
        if not isinstance(value, list):
            return plan(value)
        return [plan(item) for item in value]

    return each
