"""GraphQL selections turned into reads (``graph_service.domain.selection``).

The document has been validated against the schema; this walks its field nodes — fragments,
aliases, ``@skip``/``@include`` — and reads the arguments, so that storage can answer each root
field with one Cypher query whose result is already the answer's shape.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
    Undefined,
    value_from_ast_untyped,
)

from graph_service import errors
from graph_service.api import naming
from graph_service.api.graphql_types import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from graph_service.api.relations import RELATION_FIELDS
from graph_service.domain.model import LABELS, RELATIONSHIPS, PropertySpec, PropertyType
from graph_service.domain.selection import (
    AllOf,
    AnyOf,
    Condition,
    ConnectionItem,
    ConnectionShape,
    ConstantItem,
    EdgeShape,
    Filter,
    Item,
    NodeList,
    NodesById,
    NodeShape,
    NoneOf,
    Operator,
    Page,
    PageInfoShape,
    PropertyItem,
    Read,
    Related,
    SortKey,
    TextSearch,
    ValueKind,
)

_LABELS_BY_SINGULAR = {naming.singular_field(label): label for label in LABELS}
_LABELS_BY_PLURAL = {naming.plural_field(label): label for label in LABELS}
COMPILED_ROOT_FIELDS = frozenset(
    {"node", "nodes", "search", *_LABELS_BY_SINGULAR, *_LABELS_BY_PLURAL}
)
_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')


class InvalidArgument(errors.InvalidArgument):
    """An argument the schema accepts but the graph cannot (a page too large, a bad cursor)."""

    def __init__(self, message: str, node: FieldNode) -> None:
        super().__init__(message)
        self.node = node


@dataclass(frozen=True)
class Selection:
    """A validated operation's fragments and variables, to walk its selections."""

    fragments: Mapping[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]

    def fields(
        self, selection_set: SelectionSetNode | None, type_names: Iterable[str]
    ) -> list[tuple[str, list[FieldNode]]]:
        """The fields selected on an object of the first of ``type_names`` (the others being
        the interfaces it implements), merged by response key, in order."""
        names = set(type_names)
        collected: dict[str, list[FieldNode]] = {}
        self._collect(selection_set, names, collected, set())
        return list(collected.items())

    def _collect(
        self,
        selection_set: SelectionSetNode | None,
        names: set[str],
        into: dict[str, list[FieldNode]],
        seen: set[str],
    ) -> None:
        if selection_set is None:
            return
        for selection in selection_set.selections:
            if not self._included(selection):
                continue
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                into.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                if condition is None or condition.name.value in names:
                    self._collect(selection.selection_set, names, into, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in seen:
                    continue
                if fragment.type_condition.name.value in names:
                    self._collect(fragment.selection_set, names, into, seen | {name})

    def _included(self, selection: Any) -> bool:
        for directive in selection.directives or ():
            name = directive.name.value
            if name in ("skip", "include"):
                argument = next((a for a in directive.arguments if a.name.value == "if"), None)
                value = (
                    bool(value_from_ast_untyped(argument.value, dict(self.variables)))
                    if argument
                    else False
                )
                if value == (name == "skip"):
                    return False
        return True

    def arguments(self, field: FieldNode) -> dict[str, Any]:
        """The field's arguments as sent; one given by an absent variable counts as not given."""
        values = {}
        for argument in field.arguments or ():
            value = value_from_ast_untyped(argument.value, dict(self.variables))
            if value is not Undefined:
                values[argument.name.value] = value
        return values

    # --- reads -------------------------------------------------------------------------------

    def read(self, fields: list[FieldNode]) -> Read:
        """The read answering one root field of the Query type."""
        field = fields[0]
        name = field.name.value
        args = self.arguments(field)
        if name in _LABELS_BY_PLURAL:
            label = _LABELS_BY_PLURAL[name]
            return NodeList(
                label,
                _page(args, field),
                _where(label, args.get("where"), field),
                _order(label, args.get("orderBy")),
                self.connection_shape(fields, label, None),
            )
        if name in _LABELS_BY_SINGULAR:
            label = _LABELS_BY_SINGULAR[name]
            return NodesById(
                (str(args["id"]),), (label,), self.node_shape(fields, (label,)), single=True
            )
        if name in ("node", "nodes"):
            ids = (str(args["id"]),) if name == "node" else tuple(str(i) for i in args["ids"])
            labels = tuple(LABELS)
            return NodesById(ids, labels, self.node_shape(fields, labels), single=name == "node")
        if name == "search":
            return self._search(fields, args)
        raise ValueError(f"{name} is not a compiled field")

    def _search(self, fields: list[FieldNode], args: dict[str, Any]) -> TextSearch:
        field = fields[0]
        # Lower case: the index is case-blind, and Lucene's AND/OR/NOT must stay words.
        words = [_LUCENE_SPECIAL.sub(r"\\\1", word.lower()) for word in str(args["text"]).split()]
        if not words:
            raise InvalidArgument("search text must contain a word", field)
        limit = args.get("first", 10)
        if limit is None or not 1 <= limit <= MAX_PAGE_SIZE:
            raise InvalidArgument(f"first must be between 1 and {MAX_PAGE_SIZE}", field)
        labels = tuple(args.get("labels") or LABELS)
        text = " AND ".join(f"({word} OR {word}*)" for word in words)
        score_keys, node_keys, constants = [], [], []
        for key, hit_fields in self.fields(merged(fields), ("SearchHit",)):
            hit_name = hit_fields[0].name.value
            if hit_name == "score":
                score_keys.append(key)
            elif hit_name == "node":
                node_keys.append((key, self.node_shape(hit_fields, labels)))
            elif hit_name == "__typename":
                constants.append(ConstantItem(key, "SearchHit"))
        return TextSearch(
            text, labels, limit, tuple(score_keys), tuple(node_keys), tuple(constants)
        )

    # --- shapes ------------------------------------------------------------------------------

    def node_shape(self, fields: list[FieldNode], labels: tuple[str, ...]) -> NodeShape:
        selection = merged(fields)
        return NodeShape(tuple((label, self._node_items(selection, label)) for label in labels))

    def _node_items(self, selection: SelectionSetNode, label: str) -> tuple[Item, ...]:
        spec = LABELS[label]
        relations = RELATION_FIELDS[label]
        items: list[Item] = []
        for key, fields in self.fields(selection, (label, "Node")):
            name = fields[0].name.value
            if name == "__typename":
                items.append(ConstantItem(key, label))
            elif name == "id":
                items.append(PropertyItem(key, "id"))
            elif name == "version":
                items.append(PropertyItem(key, "version", ValueKind.VERSION))
            elif name in relations:
                relation = relations[name]
                target = relation.relation.target
                args = self.arguments(fields[0])
                rel_type = relation.relation.type if relation.has_properties else None
                items.append(
                    ConnectionItem(
                        key,
                        relation.relation,
                        _page(args, fields[0]),
                        _where(target, args.get("where"), fields[0]),
                        _order(target, args.get("orderBy")),
                        self.connection_shape(fields, target, rel_type),
                    )
                )
            else:
                prop = spec.find_property(name)
                if prop is not None:
                    items.append(PropertyItem(key, name, _kind(prop)))
        return tuple(items)

    def connection_shape(
        self, fields: list[FieldNode], target: str, rel_type: str | None
    ) -> ConnectionShape:
        connection = naming.connection_type(target, rel_type)
        total, edges, nodes, infos, constants = [], [], [], [], []
        for key, sub in self.fields(merged(fields), (connection,)):
            name = sub[0].name.value
            if name == "totalCount":
                total.append(key)
            elif name == "edges":
                edges.append((key, self._edge_shape(sub, target, rel_type)))
            elif name == "nodes":
                nodes.append((key, self.node_shape(sub, (target,))))
            elif name == "pageInfo":
                items = tuple(
                    (k, f[0].name.value) for k, f in self.fields(merged(sub), ("PageInfo",))
                )
                infos.append((key, PageInfoShape(items)))
            elif name == "__typename":
                constants.append(ConstantItem(key, connection))
        return ConnectionShape(
            tuple(total), tuple(edges), tuple(nodes), tuple(infos), tuple(constants)
        )

    def _edge_shape(self, fields: list[FieldNode], target: str, rel_type: str | None) -> EdgeShape:
        edge = naming.edge_type(target, rel_type)
        cursors, nodes, props, constants = [], [], [], []
        for key, sub in self.fields(merged(fields), (edge,)):
            name = sub[0].name.value
            if name == "cursor":
                cursors.append(key)
            elif name == "node":
                nodes.append((key, self.node_shape(sub, (target,))))
            elif name == "__typename":
                constants.append(ConstantItem(key, edge))
            elif rel_type is not None:
                prop = RELATIONSHIPS[rel_type].find_property(name)
                if prop is not None:
                    props.append(PropertyItem(key, name, _kind(prop)))
        return EdgeShape(tuple(cursors), tuple(nodes), tuple(props), tuple(constants))


def merged(fields: list[FieldNode]) -> SelectionSetNode:
    selections = tuple(s for f in fields if f.selection_set for s in f.selection_set.selections)
    return SelectionSetNode(selections=selections)


def _kind(prop: PropertySpec) -> ValueKind:
    if prop.choices:
        return ValueKind.ENUM
    return ValueKind.DATE if prop.type is PropertyType.DATE else ValueKind.PLAIN


def _page(args: Mapping[str, Any], field: FieldNode) -> Page:
    first, last = args.get("first"), args.get("last")
    for name, size in (("first", first), ("last", last)):
        if size is not None and not 0 <= size <= MAX_PAGE_SIZE:
            raise InvalidArgument(f"{name} must be between 0 and {MAX_PAGE_SIZE}", field)
    if first is None and last is None:
        first = DEFAULT_PAGE_SIZE
    return Page(
        first,
        _cursor(args.get("after"), "after", field),
        last,
        _cursor(args.get("before"), "before", field),
    )


def _cursor(value: Any, name: str, field: FieldNode) -> int | None:
    if value is None:
        return None
    if isinstance(value, str) and value.isdigit() and len(value) < 10:
        return int(value)
    raise InvalidArgument(f"{name} is not a cursor of this list", field)


def _order(label: str, order_by: Any) -> tuple[SortKey, ...]:
    if not order_by:
        return ()
    by_name = {"ID": "id"} | {naming.sort_value(p.name): p.name for p in LABELS[label].properties}
    entries = order_by if isinstance(order_by, list) else [order_by]
    return tuple(
        SortKey(by_name[entry["field"]], entry.get("direction") == "DESC") for entry in entries
    )


def _where(label: str, where: Any, field: FieldNode) -> Filter | None:
    if not where:
        return None
    spec = LABELS[label]
    relations = RELATION_FIELDS[label]
    parts: list[Filter] = []
    for key, value in where.items():
        if value is None:
            continue
        if key == "AND":
            parts.append(AllOf(tuple(f for w in _listed(value) if (f := _where(label, w, field)))))
        elif key == "OR":
            parts.append(AnyOf(tuple(_where(label, w, field) or AllOf(()) for w in _listed(value))))
        elif key == "NOT":
            parts.append(NoneOf(_where(label, value, field) or AllOf(())))
        elif key in relations:
            relation = relations[key].relation
            parts.append(Related(relation, _where(relation.target, value, field) or AllOf(())))
        else:
            prop = None if key == "id" else spec.find_property(key)
            parts.extend(_conditions(key, prop, value, field))
    if len(parts) == 1:
        return parts[0]
    return AllOf(tuple(parts))


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _conditions(
    name: str, prop: PropertySpec | None, operators: Mapping[str, Any], field: FieldNode
) -> list[Filter]:
    conditions: list[Filter] = []
    for operator, value in operators.items():
        if value is None:
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
