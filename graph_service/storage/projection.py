"""Reads compiled to Cypher: one query per read, returning the answer's exact shape.

A read (``graph_service.domain.selection``) names the nodes, filters, order, pages and the keys
of the answer. The query built here returns one value, already shaped as the answer — map
projections, ``COLLECT`` and ``COUNT`` subqueries for related nodes — so that serving it takes no
per-field work in Python, and related lists never cost one query per node (no N+1).

Offsets are the cursors: the cursor of an edge is its position in the ordered list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph_service.domain.model import LABELS
from graph_service.domain.selection import (
    AllOf,
    AnyOf,
    Condition,
    ConnectionItem,
    ConnectionShape,
    ConstantItem,
    Filter,
    Item,
    NodeList,
    NodesById,
    NodeShape,
    NoneOf,
    Page,
    PropertyItem,
    Read,
    Related,
    RelatedCount,
    Relation,
    SortKey,
    TextSearch,
    ValueKind,
)
from graph_service.storage.aggregates import nested_aggregate, root_aggregate
from graph_service.storage.queries import cypher, label, relationship_type
from graph_service.storage.schema import FULLTEXT_INDEX

_COMPARISONS = {"eq": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<=", "in": "IN"}


@dataclass
class _Query:
    """Parameters collected while building one query."""

    params: dict[str, object] = field(default_factory=dict)

    def param(self, value: object) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"${name}"


def compile_read(read: Read) -> tuple[str, dict[str, object]]:
    """The Cypher query and parameters answering ``read``, in one column ``result``."""
    query = _Query()
    match read:
        case NodeList():
            text = _node_list(read, query)
        case NodesById():
            text = _nodes_by_id(read, query)
        case TextSearch():
            text = _text_search(read, query)
    return cypher(text), query.params


# --- root reads ------------------------------------------------------------------------------


def _node_list(read: NodeList, query: _Query) -> str:
    var = "m0"
    pattern = f"MATCH ({var}:{label(read.label)})"
    where = _where(read.where, var, query, depth=0)
    where_clause = f" WHERE {where}" if where else ""
    needs_total = _needs_total(read.shape, read.page)
    lines = []
    if needs_total:
        lines.append(f"CALL () {{ {pattern}{where_clause} RETURN count({var}) AS total }}")
    window = _window(read.page)
    row = _row_map(read.shape, var, None, query, depth=0)
    if window.tail:
        order = _order(read.order, var, reverse=True)
        lines.append(
            f"CALL () {{ {pattern}{where_clause} WITH {var} ORDER BY {order} "
            f"LIMIT {query.param(window.limit)} RETURN collect({row}) AS reversed }}"
        )
        lines.append(f"WITH {_tail_rows('reversed', window.start, query)} AS rows, total")
        start = "total - size(rows)"
    else:
        order = _order(read.order, var)
        paging = f"SKIP {query.param(window.start)}"
        if window.limit is not None:
            paging += f" LIMIT {query.param(window.limit)}"
        lines.append(
            f"CALL () {{ {pattern}{where_clause} WITH {var} ORDER BY {order} {paging} "
            f"RETURN collect({row}) AS rows }}"
        )
        start = query.param(window.start)
    total_expr = "total" if needs_total else "null"
    aggregates = {}
    for index, (key, shape) in enumerate(read.shape.aggregates):
        calls, aggregates[key] = root_aggregate(
            shape, f"{pattern}{where_clause}", var, index, query.param
        )
        lines += calls
    body = _connection_map(read.shape, "rows", total_expr, start, aggregates=aggregates)
    lines.append(f"RETURN {body} AS result")
    return "\n".join(lines)


def _nodes_by_id(read: NodesById, query: _Query) -> str:
    var = "m0"
    projection = _node_projection(read.shape, var, query, depth=0)
    lookups = " UNION ".join(
        f"MATCH ({var}:{label(name)} {{id: id}}) RETURN {var}" for name in read.labels
    )
    found = f"OPTIONAL CALL (id) {{ {lookups} }}"
    value = f"CASE WHEN {var} IS NULL THEN null ELSE {projection} END"
    if read.single:
        return f"WITH {query.param(read.ids[0])} AS id {found} RETURN {value} AS result"
    ids = query.param(list(read.ids))
    # collect() drops nulls: wrap each answer so that "no such node" keeps its place.
    return (
        f"UNWIND range(0, size({ids}) - 1) AS i WITH i, {ids}[i] AS id {found} "
        f"WITH i, {value} AS value ORDER BY i "
        f"WITH collect({{v: value}}) AS rows RETURN [row IN rows | row.v] AS result"
    )


def _text_search(read: TextSearch, query: _Query) -> str:
    var = "m0"
    projections = ", ".join(
        f"`{key}`: {_node_projection(shape, var, query, depth=0)}" for key, shape in read.node_keys
    )
    scores = ", ".join(f"`{key}`: score" for key in read.score_keys)
    constants = ", ".join(f"`{c.key}`: {query.param(c.value)}" for c in read.constants)
    entries = ", ".join(part for part in (projections, scores, constants) if part)
    # Ask the index for more than needed: hits of other labels are filtered out afterwards.
    return (
        f"CALL db.index.fulltext.queryNodes({query.param(FULLTEXT_INDEX)}, "
        f"{query.param(read.text)}, {{limit: {query.param(read.limit * 10 + 50)}}}) "
        f"YIELD node AS {var}, score "
        f"WHERE any(l IN labels({var}) WHERE l IN {query.param(list(read.labels))}) "
        f"WITH {var}, score ORDER BY score DESC, {var}.id LIMIT {query.param(read.limit)} "
        f"RETURN collect({{{entries}}}) AS result"
    )


# --- shapes ----------------------------------------------------------------------------------


def _node_projection(shape: NodeShape, var: str, query: _Query, depth: int) -> str:
    """A map of the node's answer; a CASE over labels when the shape covers several."""
    if len(shape.by_label) == 1:
        ((_, items),) = shape.by_label
        return _items_map(items, var, query, depth)
    cases = " ".join(
        f"WHEN {var}:{label(name)} THEN {_items_map(items, var, query, depth)}"
        for name, items in shape.by_label
    )
    return f"CASE {cases} ELSE {{}} END"


def _items_map(items: tuple[Item, ...], var: str, query: _Query, depth: int) -> str:
    entries = []
    for item in items:
        match item:
            case PropertyItem():
                entries.append(f"`{item.key}`: {_value(item, var)}")
            case ConstantItem():
                entries.append(f"`{item.key}`: {query.param(item.value)}")
            case ConnectionItem():
                entries.append(f"`{item.key}`: {_nested_connection(item, var, query, depth + 1)}")
    return "{" + ", ".join(entries) + "}"


def _value(item: PropertyItem, var: str) -> str:
    expression = f"{var}.`{item.property}`"
    if item.kind is ValueKind.ENUM:
        return f"toUpper(replace({expression}, '-', '_'))"
    if item.kind is ValueKind.DATE:
        return f"toString({expression})"
    if item.kind is ValueKind.VERSION:
        return f"coalesce({expression}, 0)"
    return expression


def _row_map(shape: ConnectionShape, var: str, rel: str | None, query: _Query, depth: int) -> str:
    """One row per listed node: its projections (``n0``, ``n1``…) and the edge's properties."""
    entries = [
        f"n{index}: {_node_projection(node_shape, var, query, depth)}"
        for index, node_shape in enumerate(_node_shapes(shape))
    ]
    if rel is not None:
        for _, edge in shape.edges:
            entries.extend(f"`r_{p.key}`: {_value(p, rel)}" for p in edge.properties)
    return "{" + ", ".join(entries) + "}"


def _node_shapes(shape: ConnectionShape) -> list[NodeShape]:
    """Every node shape the connection answers with, edges' first, then ``nodes``'."""
    shapes = [node for _, edge in shape.edges for _, node in edge.node]
    shapes.extend(node for _, node in shape.nodes)
    return shapes


def _connection_map(
    shape: ConnectionShape,
    rows: str,
    total: str,
    start: str,
    depth: int = 0,
    aggregates: dict[str, str] | None = None,
) -> str:
    i, row = f"i{depth}", f"row{depth}"
    entries = [f"`{key}`: {total}" for key in shape.total_keys]
    entries.extend(f"`{key}`: {value}" for key, value in (aggregates or {}).items())
    index = 0
    edge_entries = []
    for key, edge in shape.edges:
        parts = [f"`{k}`: toString({start} + {i})" for k in edge.cursor_keys]
        for node_key, _ in edge.node:
            parts.append(f"`{node_key}`: {rows}[{i}].n{index}")
            index += 1
        parts.extend(f"`{p.key}`: {rows}[{i}].`r_{p.key}`" for p in edge.properties)
        parts.extend(f"`{c.key}`: '{_literal(c.value)}'" for c in edge.constants)
        edge_entries.append(
            f"`{key}`: [{i} IN range(0, size({rows}) - 1) | {{{', '.join(parts)}}}]"
        )
    entries.extend(edge_entries)
    for key, _ in shape.nodes:
        entries.append(f"`{key}`: [{row} IN {rows} | {row}.n{index}]")
        index += 1
    for key, info in shape.page_info:
        parts = []
        for info_key, what in info.items:
            value = {
                "hasPreviousPage": f"{start} > 0",
                "hasNextPage": f"{start} + size({rows}) < {total}",
                "startCursor": f"CASE WHEN size({rows}) = 0 THEN null ELSE toString({start}) END",
                "endCursor": (
                    f"CASE WHEN size({rows}) = 0 THEN null "
                    f"ELSE toString({start} + size({rows}) - 1) END"
                ),
                "__typename": f"'{info.typename}'",
            }[what]
            parts.append(f"`{info_key}`: {value}")
        entries.append(f"`{key}`: {{{', '.join(parts)}}}")
    entries.extend(f"`{c.key}`: '{_literal(c.value)}'" for c in shape.constants)
    return "{" + ", ".join(entries) + "}"


def _literal(value: str) -> str:
    """A type name as a Cypher string literal (GraphQL names are letters, digits and _)."""
    if not value.replace("_", "").isalnum():
        raise ValueError(f"not a GraphQL name: {value!r}")
    return value


def _nested_connection(item: ConnectionItem, var: str, query: _Query, depth: int) -> str:
    """The connection over ``item.relation`` from ``var``, as one expression."""
    target, rel = f"m{depth}", f"r{depth}"
    total_var, rows_var = f"total{depth}", f"rows{depth}"
    pattern = _pattern(var, rel, item.relation, target)
    where = _where(item.where, target, query, depth)
    where_clause = f" WHERE {where}" if where else ""
    needs_total = _needs_total(item.shape, item.page)
    total = f"COUNT {{ MATCH {pattern}{where_clause} }}" if needs_total else "null"
    window = _window(item.page)
    row = _row_map(item.shape, target, rel, query, depth)
    if window.tail:
        order = _order(item.order, target, reverse=True)
        collected = (
            f"COLLECT {{ MATCH {pattern}{where_clause} WITH {target}, {rel} ORDER BY {order} "
            f"LIMIT {query.param(window.limit)} RETURN {row} }}"
        )
        rows = _tail_rows(collected, window.start, query, total=total_var)
        start = f"{total_var} - size({rows_var})"
    else:
        order = _order(item.order, target)
        paging = f"SKIP {query.param(window.start)}"
        if window.limit is not None:
            paging += f" LIMIT {query.param(window.limit)}"
        rows = (
            f"COLLECT {{ MATCH {pattern}{where_clause} WITH {target}, {rel} ORDER BY {order} "
            f"{paging} RETURN {row} }}"
        )
        start = query.param(window.start)
    aggregates = {
        key: nested_aggregate(shape, f"MATCH {pattern}{where_clause}", target, depth, query.param)
        for key, shape in item.shape.aggregates
    }
    body = _connection_map(item.shape, rows_var, total_var, start, depth, aggregates)
    return f"[{total_var} IN [{total}] | [{rows_var} IN [{rows}] | {body}][0]][0]"


def _pattern(var: str, rel: str, relation: Relation, target: str) -> str:
    rel_type = relationship_type(relation.type)
    end = f"({target}:{label(relation.target)})"
    if relation.direction == "out":
        return f"({var})-[{rel}:{rel_type}]->{end}"
    return f"({var})<-[{rel}:{rel_type}]-{end}"


def _needs_total(shape: ConnectionShape, page: Page) -> bool:
    wants_next = any(what == "hasNextPage" for _, info in shape.page_info for _, what in info.items)
    return bool(shape.total_keys) or wants_next or _window(page).tail


# --- pages and order -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Window:
    """Forward: skip ``start``, take ``limit`` (None: all). Tail: the last ``limit`` from the
    end, none before ``start``."""

    start: int
    limit: int | None
    tail: bool = False


def _window(page: Page) -> _Window:
    start = page.after + 1 if page.after is not None else 0
    end = page.before
    if page.first is not None:
        end = start + page.first if end is None else min(end, start + page.first)
    if page.last is None:
        return _Window(start, None if end is None else max(end - start, 0))
    if end is None:
        return _Window(start, page.last, tail=True)
    begin = max(start, end - page.last)
    return _Window(begin, max(end - begin, 0))


def _tail_rows(reversed_rows: str, start: int, query: _Query, total: str = "total") -> str:
    """The rows of a tail window in order, dropping any that come before offset ``start``."""
    if start == 0:
        return f"reverse({reversed_rows})"
    keep = f"{total} - {query.param(start)}"
    kept = f"CASE WHEN {keep} < 0 THEN 0 ELSE {keep} END"
    return f"[xs_ IN [{reversed_rows}] | reverse(xs_[0..{kept}])][0]"


def _order(keys: tuple[SortKey, ...], var: str, reverse: bool = False) -> str:
    """ORDER BY terms; nodes without the value come last either way, ties go by id."""
    parts = []
    for key in keys:
        value = f"{var}.`{key.property}`"
        descending = key.descending != reverse
        parts.append(f"{value} IS NULL{' DESC' if reverse else ''}")
        parts.append(f"{value}{' DESC' if descending else ''}")
    if not any(key.property == "id" for key in keys):
        parts.append(f"{var}.id{' DESC' if reverse else ''}")
    return ", ".join(parts)


# --- filters ---------------------------------------------------------------------------------


def _where(where: Filter | None, var: str, query: _Query, depth: int) -> str:
    if where is None:
        return ""
    match where:
        case Condition():
            return _condition(where, var, query)
        case Related():
            inner = f"x{depth}"
            pattern = _pattern(var, "", where.relation, inner)
            condition = _where(where.where, inner, query, depth + 1)
            matching = f"MATCH {pattern}{f' WHERE {condition}' if condition else ''}"
            match where.quantifier:
                case "some":
                    return f"EXISTS {{ {matching} }}"
                case "none":
                    return f"NOT EXISTS {{ {matching} }}"
                case "single":
                    return f"COUNT {{ {matching} }} = 1"
                case "all":
                    return (
                        f"NOT EXISTS {{ MATCH {pattern} WHERE NOT coalesce({condition}, false) }}"
                        if condition
                        else ""
                    )
        case RelatedCount():
            pattern = _pattern(var, "", where.relation, f"x{depth}")
            return (
                f"COUNT {{ MATCH {pattern} }} "
                f"{_COMPARISONS[where.operator]} {query.param(where.value)}"
            )
        case AllOf():
            parts = [p for p in (_where(x, var, query, depth) for x in where.parts) if p]
            return "(" + " AND ".join(parts) + ")" if parts else ""
        case AnyOf():
            parts = [_where(x, var, query, depth) or "true" for x in where.parts]
            return "(" + " OR ".join(parts) + ")" if parts else "false"
        case NoneOf():
            inner_condition = _where(where.part, var, query, depth)
            return f"NOT ({inner_condition})" if inner_condition else "false"


def _condition(condition: Condition, var: str, query: _Query) -> str:
    prop = condition.property
    if prop != "id" and not any(spec.find_property(prop) for spec in LABELS.values()):
        raise ValueError(f"unknown property {prop!r}")
    target = f"{var}.`{prop}`"
    if condition.operator == "isNull":
        return f"{target} IS NULL" if condition.value else f"{target} IS NOT NULL"
    if condition.operator == "contains":
        return f"toLower({target}) CONTAINS toLower({query.param(condition.value)})"
    if condition.operator == "startsWith":
        return f"toLower({target}) STARTS WITH toLower({query.param(condition.value)})"
    if condition.operator == "endsWith":
        return f"toLower({target}) ENDS WITH toLower({query.param(condition.value)})"
    return f"{target} {_COMPARISONS[condition.operator]} {query.param(condition.value)}"
