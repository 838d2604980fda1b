"""What a read asks of the graph, as plain data: which nodes, filtered and ordered how, and the
shape of the answer (which properties under which keys, which relationships, which pages).

The API turns a GraphQL selection into these; storage turns them into one Cypher query whose
result already has the answer's shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Literal

Direction = Literal["out", "in"]
Quantifier = Literal["some", "all", "none", "single"]

Operator = Literal[
    "eq", "in", "contains", "startsWith", "endsWith", "gt", "gte", "lt", "lte", "isNull"
]


@dataclass(frozen=True)
class Relation:
    """A relationship type followed from a node in one direction, to nodes of one label."""

    type: str
    direction: Direction
    target: str


# --- filters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    """``property <operator> value`` (``id`` counts as a property)."""

    property: str
    operator: Operator
    value: object


@dataclass(frozen=True)
class Related:
    """Nodes reached through ``relation`` satisfy ``where`` (and their relationships ``edge``):
    some of them (at least one), all of them (none fails it, also when there is none), none of
    them, or exactly one."""

    relation: Relation
    where: Filter
    quantifier: Quantifier = "some"
    edge: tuple[Condition, ...] = ()
    """Conditions on the relationship that reaches each node, which must hold with ``where``
    (a firm that leads a project of 2018, not one that leads a project and joined another)."""


@dataclass(frozen=True)
class RelatedCount:
    """The number of nodes reached through ``relation`` compares with ``value``."""

    relation: Relation
    operator: Operator
    value: int


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Filter, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Filter, ...]


@dataclass(frozen=True)
class NoneOf:
    part: Filter


Filter = Condition | Related | RelatedCount | AllOf | AnyOf | NoneOf


@dataclass(frozen=True)
class SortKey:
    property: str
    descending: bool = False
    edge: bool = False
    """A property of the relationship that reaches the node (a firm's ``role`` in a project)."""


def order_signature(keys: tuple[SortKey, ...]) -> str:
    """The order a cursor belongs to (a cursor of one order is refused by another)."""
    return (
        ",".join(f"{'~' if k.edge else ''}{k.property}{'-' if k.descending else '+'}" for k in keys)
        or "id+"
    )


def cursor_length(keys: tuple[SortKey, ...]) -> int:
    """How many values a cursor of this order holds: per key, whether the item has no value
    and its value; then the id, unless a key is the id."""
    return 2 * len(keys) + (0 if any(k.property == "id" and not k.edge for k in keys) else 1)


# --- pages -----------------------------------------------------------------------------------


Cursor = tuple[object, ...]
"""An item's place in an ordered list (keyset): the values :func:`cursor_length` counts. A
page after it holds the items that sort after these values, whatever was inserted since."""


@dataclass(frozen=True)
class Page:
    """A slice of an ordered list: ``first`` after ``after``, or ``last`` before ``before``
    (both: the last of the first)."""

    first: int | None = None
    after: Cursor | None = None
    last: int | None = None
    before: Cursor | None = None


# --- the answer's shape ----------------------------------------------------------------------


class ValueKind(Enum):
    PLAIN = "plain"
    ENUM = "enum"
    """Stored as ``founding-partner``, answered as ``FOUNDING_PARTNER``."""
    DATE = "date"
    VERSION = "version"
    """The node's update counter (0 until its first update)."""


@dataclass(frozen=True)
class PropertyItem:
    key: str
    property: str
    kind: ValueKind = ValueKind.PLAIN


@dataclass(frozen=True)
class ConstantItem:
    key: str
    value: str


@dataclass(frozen=True)
class NodeShape:
    """The items to answer for a node, by its label (several labels for an interface)."""

    by_label: tuple[tuple[str, tuple[Item, ...]], ...]


@dataclass(frozen=True)
class EdgeShape:
    """Keys of an edge: its cursor, its node, the relationship's properties."""

    cursor_keys: tuple[str, ...] = ()
    node: tuple[tuple[str, NodeShape], ...] = ()
    properties: tuple[PropertyItem, ...] = ()
    constants: tuple[ConstantItem, ...] = ()
    order: tuple[str, ...] = ()
    """Every key above, in the order they were asked."""


@dataclass(frozen=True)
class PageInfoShape:
    items: tuple[tuple[str, str], ...]
    """(key, one of hasNextPage, hasPreviousPage, startCursor, endCursor, __typename)."""
    typename: str = "PageInfo"


# --- aggregates ------------------------------------------------------------------------------

Function = Literal["min", "max", "sum", "avg"]


@dataclass(frozen=True)
class Statistic:
    """One function of a property's values; ``avg`` may be weighted by another property."""

    key: str
    function: Function
    weight: str | None = None


@dataclass(frozen=True)
class PropertyStatistics:
    """The statistics asked of one numeric or date property (nodes without it are left out)."""

    key: str
    property: str
    date: bool
    statistics: tuple[Statistic, ...]
    constants: tuple[ConstantItem, ...] = ()
    order: tuple[str, ...] = ()


@dataclass(frozen=True)
class Grouping:
    """What the nodes are grouped by: one of their properties, or the nodes they reach
    through ``relation`` (a node with several counts in each group; with none, in the null
    group)."""

    property: str | None = None
    kind: ValueKind = ValueKind.PLAIN
    relation: Relation | None = None
    name_property: str = "name"
    """The related nodes' property that names a group."""


@dataclass(frozen=True)
class Groups:
    """The matching nodes in groups, ordered by key (the null group last), at most ``limit``."""

    key: str
    by: Grouping
    limit: int
    shape: AggregateShape
    key_keys: tuple[str, ...] = ()
    name_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class AggregateShape:
    """Statistics over every matching node of a list, whatever the page."""

    count_keys: tuple[str, ...] = ()
    properties: tuple[PropertyStatistics, ...] = ()
    groups: tuple[Groups, ...] = ()
    constants: tuple[ConstantItem, ...] = ()
    order: tuple[str, ...] = ()
    """Every key above, in the order they were asked."""


@dataclass(frozen=True)
class ConnectionShape:
    """A page of related (or, at the root, of all) nodes with its edges and page info."""

    total_keys: tuple[str, ...] = ()
    edges: tuple[tuple[str, EdgeShape], ...] = ()
    nodes: tuple[tuple[str, NodeShape], ...] = ()
    page_info: tuple[tuple[str, PageInfoShape], ...] = ()
    constants: tuple[ConstantItem, ...] = ()
    order: tuple[str, ...] = ()
    """Every key above, in the order they were asked."""
    aggregates: tuple[tuple[str, AggregateShape], ...] = ()


@dataclass(frozen=True)
class ConnectionItem:
    """A relationship field of a node: a connection over ``relation``."""

    key: str
    relation: Relation
    page: Page
    where: Filter | None
    order: tuple[SortKey, ...]
    shape: ConnectionShape
    edge_where: tuple[Condition, ...] = ()
    """Conditions on the relationship's own properties."""


Item = PropertyItem | ConstantItem | ConnectionItem


# --- root reads ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NodeList:
    """All nodes of a label, filtered, ordered and paged."""

    label: str
    page: Page
    where: Filter | None
    order: tuple[SortKey, ...]
    shape: ConnectionShape


@dataclass(frozen=True)
class NodesById:
    """Nodes by id, in the order asked, null where there is none (of ``labels``)."""

    ids: tuple[str, ...]
    labels: tuple[str, ...]
    shape: NodeShape
    single: bool


@dataclass(frozen=True)
class TextSearch:
    """Nodes whose name or title matches ``text``, best first."""

    text: str
    labels: tuple[str, ...]
    limit: int
    score_keys: tuple[str, ...]
    node_keys: tuple[tuple[str, NodeShape], ...]
    constants: tuple[ConstantItem, ...]
    order: tuple[str, ...] = ()
    """The keys of a hit, in the order they were asked."""


Read = NodeList | NodesById | TextSearch
