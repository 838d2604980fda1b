"""Reads compiled to Cypher: one query per read, returning the answer's exact shape.

A read (``graph_service.domain.selection``) names the nodes, filters, order, pages and the keys
of the answer. The query built here returns one value, already shaped as the answer — map
projections, ``COLLECT`` and ``COUNT`` subqueries for related nodes — so that serving it takes no
per-field work in Python, and related lists never cost one query per node (no N+1).

Cursors are keysets (:mod:`graph_service.storage.keyset`): an item's sort values and id.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph_service.domain.selection import (
    ConnectionItem,
    ConnectionShape,
    ConstantItem,
    Item,
    NodeList,
    NodesById,
    NodeShape,
    Page,
    PropertyItem,
    Read,
    TextSearch,
    ValueKind,
)
from graph_service.storage import keyset
from graph_service.storage.aggregates import nested_aggregate, root_aggregate
from graph_service.storage.filters import Parameters as _Query
from graph_service.storage.filters import condition_clause as _condition
from graph_service.storage.filters import path_pattern as _pattern
from graph_service.storage.filters import where_clause as _where
from graph_service.storage.queries import cypher, label
from graph_service.storage.schema import FULLTEXT_INDEX


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
    lines = []
    if read.shape.total_keys:
        lines.append(f"CALL () {{ {pattern}{where_clause} RETURN count({var}) AS total }}")
    found = keyset.terms(read.order, var, read.label)
    window = _paging(read.page, found, "fetched", query)
    cursor = keyset.cursor_of(found, read.order, query.param) if _needs_cursor(read.shape) else None
    if _lists_items(read.shape):
        row = _row_map(read.shape, var, None, query, 0, cursor)
        lines.append(
            f"CALL () {{ {pattern}{_and(where, _bounds(read.page, found, query))} WITH {var} "
            f"ORDER BY {window.order} LIMIT {window.limit} RETURN collect({row}) AS fetched }}"
        )
    else:  # totals or aggregates only: no page to fetch, sort or cut
        lines.append("CALL () { RETURN [] AS fetched }")
    total = "total" if read.shape.total_keys else "null"
    lines.append(
        f"WITH {window.rows} AS rows, {window.has_next} AS hasNext, "
        f"{window.has_previous} AS hasPrevious, {total} AS total"
    )
    aggregates = {}
    for index, (key, shape) in enumerate(read.shape.aggregates):
        calls, aggregates[key] = root_aggregate(
            shape, f"{pattern}{where_clause}", var, index, query.param
        )
        lines += calls
    body = _connection_map(read.shape, "rows", "total", "hasNext", "hasPrevious", 0, aggregates)
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


def _row_map(
    shape: ConnectionShape,
    var: str,
    rel: str | None,
    query: _Query,
    depth: int,
    cursor: str | None,
) -> str:
    """One row per listed node: its projections (``n0``, ``n1``…), the edge's properties and
    its cursor (``c``)."""
    entries = [
        f"n{index}: {_node_projection(node_shape, var, query, depth)}"
        for index, node_shape in enumerate(_node_shapes(shape))
    ]
    if cursor is not None:
        entries.append(f"c: {cursor}")
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
    has_next: str,
    has_previous: str,
    depth: int = 0,
    aggregates: dict[str, str] | None = None,
) -> str:
    i, row = f"i{depth}", f"row{depth}"
    entries = [f"`{key}`: {total}" for key in shape.total_keys]
    entries.extend(f"`{key}`: {value}" for key, value in (aggregates or {}).items())
    index = 0
    edge_entries = []
    for key, edge in shape.edges:
        parts = [f"`{k}`: {rows}[{i}].c" for k in edge.cursor_keys]
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
                "hasPreviousPage": has_previous,
                "hasNextPage": has_next,
                "startCursor": f"CASE WHEN size({rows}) = 0 THEN null ELSE {rows}[0].c END",
                "endCursor": f"CASE WHEN size({rows}) = 0 THEN null ELSE {rows}[-1].c END",
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
    total_var, rows_var, fetched = f"total{depth}", f"rows{depth}", f"fetched{depth}"
    pattern = _pattern(var, rel, item.relation, target)
    on_edge = [_condition(c, rel, query) for c in item.edge_where]
    where = _and(_where(item.where, target, query, depth), *on_edge).removeprefix(" WHERE ")
    matches = f"MATCH {pattern}{' WHERE ' + where if where else ''}"
    total = f"COUNT {{ {matches} }}" if item.shape.total_keys else "null"
    found = keyset.terms(
        item.order, target, item.relation.target, rel=rel, rel_type=item.relation.type
    )
    window = _paging(item.page, found, fetched, query)
    cursor = keyset.cursor_of(found, item.order, query.param) if _needs_cursor(item.shape) else None
    collected = "[]"  # totals or aggregates only: no page to fetch, sort or cut
    every = f"every{depth}"
    walk = None
    if _lists_items(item.shape):
        row = _row_map(item.shape, target, rel, query, depth, cursor)
        bounds = _bounds(item.page, found, query)
        cut = f"ORDER BY {window.order} LIMIT {window.limit} RETURN {row} }}"
        if item.shape.total_keys and _counts_only_below(item.shape):
            # Both the total and a page: one walk collects the matches, which are counted,
            # then sorted and cut (two walks, COUNT and COLLECT, took twice as long). Not
            # when the page's nodes list connections of their own: Neo4j 5.26 fails
            # (Neo.DatabaseError.Statement.ExecutionFailed) on a COLLECT subquery that starts
            # from a node unwound in the COLLECT subquery around it.
            walk, unwound = _walked_once(item, matches, (target, rel), every, bounds)
            total, collected = f"size({every})", f"COLLECT {{ {unwound} {cut}"
        else:
            matched = f"MATCH {pattern}{_and(where, bounds)} WITH {target}, {rel}"
            collected = f"COLLECT {{ {matched} {cut}"
    aggregates = {
        key: nested_aggregate(shape, matches, target, depth, query.param)
        for key, shape in item.shape.aggregates
    }
    body = _connection_map(
        item.shape, rows_var, total_var, window.has_next, window.has_previous, depth, aggregates
    )
    expression = (
        f"[{total_var} IN [{total}] | [{fetched} IN [{collected}] | "
        f"[{rows_var} IN [{window.rows}] | {body}][0]][0]][0]"
    )
    if walk is not None:
        expression = f"[{every} IN [{walk}] | {expression}][0]"
    return expression


def _walked_once(
    item: ConnectionItem, match: str, variables: tuple[str, str], every: str, bounds: str
) -> tuple[str, str]:
    """The walk that collects a connection's matches (as ``every``), and the clauses that
    take them up again, between the page's cursors, for sorting and cutting: the nodes alone,
    or with their relationships when the page sorts by them or shows them. ``variables``: the
    names of the matched node and relationship in ``match``."""
    target, rel = variables
    if _uses_relationship(item):
        walked, carried = f"{every}_item", f"{target}, {rel}"
        kept, unwound = f"[{carried}]", f"WITH {walked}[0] AS {target}, {walked}[1] AS {rel}"
    else:
        walked = kept = carried = target
        unwound = f"WITH {target}"
    if bounds:
        unwound = f"{unwound} WHERE {bounds} WITH {carried}"
    return f"COLLECT {{ {match} RETURN {kept} }}", f"UNWIND {every} AS {walked} {unwound}"


def _counts_only_below(shape: ConnectionShape) -> bool:
    """Whether the connections of the page's nodes (if any) ask for totals alone."""
    return all(
        not (_lists_items(item.shape) or item.shape.aggregates)
        for node_shape in _node_shapes(shape)
        for _, items in node_shape.by_label
        for item in items
        if isinstance(item, ConnectionItem)
    )


def _uses_relationship(item: ConnectionItem) -> bool:
    """Whether a connection's page needs the relationships, not only the nodes: to sort by,
    or to show their properties."""
    return any(key.edge for key in item.order) or any(
        edge.properties for _, edge in item.shape.edges
    )


def _lists_items(shape: ConnectionShape) -> bool:
    """Whether a connection's answer shows any of its page (its edges, nodes or page info),
    or only what is over all of it (its total, its aggregates)."""
    return bool(shape.edges or shape.nodes or shape.page_info)


def _needs_cursor(shape: ConnectionShape) -> bool:
    wanted = ("startCursor", "endCursor")
    return any(edge.cursor_keys for _, edge in shape.edges) or any(
        what in wanted for _, info in shape.page_info for _, what in info.items
    )


# --- pages -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Window:
    """How a page is fetched (in ``order``, at most ``limit``, one more than the page to tell
    whether more follow) and, over the fetched list, its rows and page info."""

    order: str
    limit: str
    rows: str
    has_next: str
    has_previous: str


def _paging(page: Page, found: list[keyset.Term], fetched: str, query: _Query) -> _Window:
    if page.first is not None or page.last is None:
        first = query.param(page.first if page.first is not None else 0)
        rows = f"{fetched}[0..{first}]"
        has_previous = "true" if page.after is not None else "false"
        if page.last is not None:  # the last of the first
            last = query.param(page.last)
            has_previous = f"({has_previous} OR size({rows}) > {last})"
            start = f"CASE WHEN size(xs_) > {last} THEN size(xs_) - {last} ELSE 0 END"
            rows = f"[xs_ IN [{rows}] | xs_[{start}..]][0]"
        return _Window(
            keyset.order_by(found),
            query.param((page.first or 0) + 1),
            rows,
            f"size({fetched}) > {first}",
            has_previous,
        )
    last = query.param(page.last)
    return _Window(
        keyset.order_by(found, reverse=True),
        query.param(page.last + 1),
        f"reverse({fetched}[0..{last}])",
        "true" if page.before is not None else "false",
        f"size({fetched}) > {last}",
    )


def _bounds(page: Page, found: list[keyset.Term], query: _Query) -> str:
    """The condition that keeps the items between the page's cursors."""
    parts = []
    if page.after is not None:
        parts.append(keyset.beyond(found, page.after, query.param, after=True))
    if page.before is not None:
        parts.append(keyset.beyond(found, page.before, query.param, after=False))
    return " AND ".join(parts)


def _and(*conditions: str) -> str:
    kept = [c for c in conditions if c]
    return f" WHERE {' AND '.join(kept)}" if kept else ""
