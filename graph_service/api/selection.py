"""GraphQL selections turned into reads (``graph_service.domain.selection``).

The document has been validated against the schema; this walks its field nodes — fragments,
aliases, ``@skip``/``@include`` — and reads the arguments, so that storage can answer each root
field with one Cypher query whose result is already the answer's shape.
"""

from __future__ import annotations

import re
from typing import Any

from graphql import FieldNode, SelectionSetNode

from graph_service.api import naming
from graph_service.api.aggregate_selection import aggregate_shape
from graph_service.api.fields import Fields, merged
from graph_service.api.graphql_types import MAX_PAGE_SIZE
from graph_service.api.read_arguments import (
    InvalidArgument,
    edge_filter,
    edge_order,
    filter_of,
    order,
    page,
    value_kind,
)
from graph_service.api.relations import RELATION_FIELDS
from graph_service.domain.model import LABELS, RELATIONSHIPS
from graph_service.domain.selection import (
    Condition,
    ConnectionItem,
    ConnectionShape,
    ConstantItem,
    EdgeShape,
    Item,
    NodeList,
    NodesById,
    NodeShape,
    PageInfoShape,
    PropertyItem,
    Read,
    TextSearch,
    ValueKind,
)

__all__ = ["COMPILED_ROOT_FIELDS", "InvalidArgument", "Selection"]

_LABELS_BY_SINGULAR = {naming.singular_field(label): label for label in LABELS}
_LABELS_BY_PLURAL = {naming.plural_field(label): label for label in LABELS}
COMPILED_ROOT_FIELDS = frozenset(
    {"node", "nodes", "search", *_LABELS_BY_SINGULAR, *_LABELS_BY_PLURAL}
)
_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')


class Selection(Fields):
    """A validated operation's fragments and variables, and the reads its fields ask for."""

    # --- reads -------------------------------------------------------------------------------

    def read(self, fields: list[FieldNode]) -> Read:
        """The read answering one root field of the Query type."""
        field = fields[0]
        name = field.name.value
        args = self.arguments(field)
        if name in _LABELS_BY_PLURAL:
            label = _LABELS_BY_PLURAL[name]
            keys = order(label, args.get("orderBy"))
            return NodeList(
                label,
                page(args, field, label, keys),
                filter_of(label, args.get("where"), field),
                keys,
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
        asked = tuple(key for key, _ in self.fields(merged(fields), ("SearchHit",)))
        return TextSearch(
            text, labels, limit, tuple(score_keys), tuple(node_keys), tuple(constants), asked
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
                keys = order(target, args.get("orderBy"))
                edge_where: tuple[Condition, ...] = ()
                if rel_type is not None:
                    keys = edge_order(rel_type, args.get("edgeOrderBy")) + keys
                    edge_where = edge_filter(rel_type, args.get("edgeWhere"), fields[0])
                items.append(
                    ConnectionItem(
                        key,
                        relation.relation,
                        page(args, fields[0], target, keys, rel_type),
                        filter_of(target, args.get("where"), fields[0]),
                        keys,
                        self.connection_shape(fields, target, rel_type),
                        edge_where,
                    )
                )
            else:
                prop = spec.find_property(name)
                if prop is not None:
                    items.append(PropertyItem(key, name, value_kind(prop)))
        return tuple(items)

    def connection_shape(
        self, fields: list[FieldNode], target: str, rel_type: str | None
    ) -> ConnectionShape:
        connection = naming.connection_type(target, rel_type)
        total, edges, nodes, infos, constants, aggregates = [], [], [], [], [], []
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
            elif name == "aggregate":
                aggregates.append((key, aggregate_shape(self, sub, target)))
        return ConnectionShape(
            tuple(total),
            tuple(edges),
            tuple(nodes),
            tuple(infos),
            tuple(constants),
            tuple(key for key, _ in self.fields(merged(fields), (connection,))),
            tuple(aggregates),
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
                    props.append(PropertyItem(key, name, value_kind(prop)))
        asked = tuple(key for key, _ in self.fields(merged(fields), (edge,)))
        return EdgeShape(tuple(cursors), tuple(nodes), tuple(props), tuple(constants), asked)
