"""Aggregates of a list compiled to Cypher: counts, min/max/sum/avg of properties and groups,
over every node a list's filter matches (whatever the page), inside the list's one query.

Two forms, because Neo4j 5 refuses an aggregating function in a subquery that sits inside an
expression (``{x: COLLECT { ... count(n) ... }}``: "implicit grouping"):

* at the root, uncorrelated ``CALL () { MATCH … WITH count(n) AS a0, … RETURN {…} }``
  subqueries, whose ``WITH`` aggregates and groups as Neo4j does best;
* under a node (a relationship field), a ``COLLECT`` of the related nodes' values, reduced by
  list expressions (``reduce``, comprehensions), which are allowed anywhere.
"""

from __future__ import annotations

from collections.abc import Callable

from graph_service.domain.selection import (
    AggregateShape,
    ConstantItem,
    Grouping,
    Groups,
    PropertyStatistics,
    ValueKind,
)
from graph_service.storage.queries import label, relationship_type

Param = Callable[[object], str]
"""Adds a query parameter and answers its ``$name``."""

Value = Callable[[str, str | None, str | None], str]
"""The expression of a statistic: (function or ``count``, property, weight property)."""


# --- at the root: aggregating subqueries -----------------------------------------------------


class _Aggregating:
    """Aggregations of ``var`` as ``WITH`` columns (each written once), and expressions over
    them."""

    def __init__(self, var: str) -> None:
        self.var = var
        self.columns: dict[str, str] = {}

    def _column(self, expression: str) -> str:
        return self.columns.setdefault(expression, f"a{len(self.columns)}")

    def __call__(self, function: str, prop: str | None, weight: str | None) -> str:
        if function == "count" or prop is None:
            return self._column(f"count({self.var})")
        x = f"{self.var}.`{prop}`"
        if function == "avg" and weight is not None:
            w = f"{self.var}.`{weight}`"
            total = self._column(f"sum(CASE WHEN {w} IS NOT NULL THEN {x} * {w} END)")
            weights = self._column(f"sum(CASE WHEN {x} IS NOT NULL THEN {w} END)")
            return f"CASE WHEN {weights} = 0 THEN null ELSE toFloat({total}) / {weights} END"
        return self._column(f"{function}({x})")

    def aggregations(self) -> str:
        self._column(f"count({self.var})")  # always one row, even when nothing is asked
        return ", ".join(f"{expression} AS {name}" for expression, name in self.columns.items())


def root_aggregate(
    shape: AggregateShape, match: str, var: str, index: int, param: Param
) -> tuple[list[str], str]:
    """The ``CALL`` lines answering ``shape`` over the nodes ``match`` binds to ``var``, and
    the expression of the answer after them."""
    stats = _Aggregating(var)
    body = statistics_map(shape, stats)
    name = f"agg{index}"
    lines = [f"CALL () {{ {match} WITH {stats.aggregations()} RETURN {body} AS {name} }}"]
    extra = []
    for number, groups in enumerate(shape.groups):
        group_name = f"{name}_{number}"
        lines.append(f"CALL () {{ {_root_groups(groups, match, var, param)} AS {group_name} }}")
        extra.append(f"`{groups.key}`: {group_name}")
    return lines, f"{name}{{.*, {', '.join(extra)}}}" if extra else name


def _root_groups(groups: Groups, match: str, var: str, param: Param) -> str:
    by = groups.by
    if by.relation is not None:
        related = f"({var}){_arrow(by, 'g_')}"
        keyed = f"OPTIONAL MATCH {related} WITH {var}, g_.id AS gk, g_.`{by.name_property}` AS gn"
    else:
        keyed = f"WITH {var}, {var}.`{by.property}` AS gk, null AS gn"
    stats = _Aggregating(var)
    body = _group_map(groups, stats, "gk", "gn")
    return (
        f"{match} {keyed} WITH gk, gn, {stats.aggregations()} "
        f"ORDER BY gk IS NULL, gk LIMIT {param(groups.limit)} RETURN collect({body})"
    )


# --- under a node: reductions of collected rows ----------------------------------------------


def _listing(rows: str) -> Value:
    """Statistics of the rows (maps of property values) in the list expression ``rows``."""

    def value(function: str, prop: str | None, weight: str | None) -> str:
        if function == "count" or prop is None:
            return f"size({rows})"
        values = f"[v_ IN {rows} WHERE v_.`{prop}` IS NOT NULL | v_.`{prop}`]"
        if function == "sum":
            return f"reduce(s_ = 0, x_ IN {values} | s_ + x_)"
        if function in ("min", "max"):
            better = "<" if function == "min" else ">"
            return (
                f"reduce(m_ = null, x_ IN {values} | "
                f"CASE WHEN m_ IS NULL OR x_ {better} m_ THEN x_ ELSE m_ END)"
            )
        if weight is None:
            total, count = f"reduce(s_ = 0.0, x_ IN {values} | s_ + x_)", f"size({values})"
        else:
            pairs = f"[v_ IN {rows} WHERE v_.`{prop}` IS NOT NULL AND v_.`{weight}` IS NOT NULL]"
            total = f"reduce(s_ = 0.0, x_ IN {pairs} | s_ + x_.`{prop}` * x_.`{weight}`)"
            count = f"reduce(s_ = 0.0, x_ IN {pairs} | s_ + x_.`{weight}`)"
        return f"CASE WHEN {count} = 0 THEN null ELSE {total} / {count} END"

    return value


def nested_aggregate(shape: AggregateShape, match: str, var: str, depth: int, param: Param) -> str:
    """One expression answering ``shape`` over the nodes ``match`` binds to ``var``."""
    rows = f"ax{depth}"
    entries = [f"`{p}`: {var}.`{p}`" for p in sorted(_properties(shape))]
    for number, groups in enumerate(shape.groups):
        entries.append(f"`g{number}`: {_row_groups(groups.by, var)}")
    collected = f"COLLECT {{ {match} RETURN {{{', '.join(entries)}}} }}"
    extra = [
        f"`{groups.key}`: {_nested_groups(groups, rows, f'g{number}', depth, param)}"
        for number, groups in enumerate(shape.groups)
    ]
    body = statistics_map(shape, _listing(rows), extra)
    return f"[{rows} IN [{collected}] | {body}][0]"


def _row_groups(by: Grouping, var: str) -> str:
    """A row's groups: ``[{k: key, n: name}]``, the null group when it has none."""
    if by.relation is None:
        return f"[{{k: {var}.`{by.property}`, n: null}}]"
    found = f"[({var}){_arrow(by, 'g_')} | {{k: g_.id, n: g_.`{by.name_property}`}}]"
    return f"CASE WHEN size({found}) = 0 THEN [{{k: null, n: null}}] ELSE {found} END"


def _nested_groups(groups: Groups, rows: str, column: str, depth: int, param: Param) -> str:
    keys = (
        f"COLLECT {{ UNWIND {rows} AS r_ UNWIND r_.`{column}` AS e_ "
        f"WITH DISTINCT e_.k AS k, e_.n AS n ORDER BY k IS NULL, k "
        f"LIMIT {param(groups.limit)} RETURN {{k: k, n: n}} }}"
    )
    members = (
        f"[r_ IN {rows} WHERE any(e_ IN r_.`{column}` "
        f"WHERE e_.k = k_.k OR (e_.k IS NULL AND k_.k IS NULL))]"
    )
    inner = f"gx{depth}"
    body = _group_map(groups, _listing(inner), "k_.k", "k_.n")
    return f"[k_ IN {keys} | [{inner} IN [{members}] | {body}][0]]"


def _properties(shape: AggregateShape) -> set[str]:
    """Every property whose values the statistics of ``shape`` (and of its groups) read."""
    found = set()
    for prop in shape.properties:
        found.add(prop.property)
        found.update(s.weight for s in prop.statistics if s.weight is not None)
    for groups in shape.groups:
        found |= _properties(groups.shape)
    return found


# --- maps ------------------------------------------------------------------------------------


def statistics_map(shape: AggregateShape, value: Value, extra: list[str] | None = None) -> str:
    """The map of ``shape``'s keys (groups left to ``extra``), each from ``value``."""
    entries = [f"`{key}`: {value('count', None, None)}" for key in shape.count_keys]
    entries.extend(f"`{p.key}`: {_property_map(p, value)}" for p in shape.properties)
    entries.extend(extra or [])
    entries.extend(_constants(shape.constants))
    return "{" + ", ".join(entries) + "}"


def _property_map(prop: PropertyStatistics, value: Value) -> str:
    entries = []
    for statistic in prop.statistics:
        expression = value(statistic.function, prop.property, statistic.weight)
        if prop.date:
            expression = f"toString({expression})"
        entries.append(f"`{statistic.key}`: {expression}")
    entries.extend(_constants(prop.constants))
    return "{" + ", ".join(entries) + "}"


def _group_map(groups: Groups, value: Value, key: str, name: str) -> str:
    shown = _shown(groups.by, key)
    extra = [f"`{k}`: {shown}" for k in groups.key_keys]
    extra += [f"`{k}`: {name}" for k in groups.name_keys]
    return statistics_map(groups.shape, value, extra)


def _shown(by: Grouping, key: str) -> str:
    """A group's key as the answer shows it: text (an enum's GraphQL name)."""
    if by.relation is None and by.kind is ValueKind.ENUM:
        return f"toUpper(replace({key}, '-', '_'))"
    return f"toString({key})"


def _constants(constants: tuple[ConstantItem, ...]) -> list[str]:
    for constant in constants:
        if not constant.value.replace("_", "").isalnum():
            raise ValueError(f"not a GraphQL name: {constant.value!r}")
    return [f"`{c.key}`: '{c.value}'" for c in constants]


def _arrow(by: Grouping, target: str) -> str:
    assert by.relation is not None
    relation = by.relation
    rel_type = relationship_type(relation.type)
    end = f"({target}:{label(relation.target)})"
    return f"-[:{rel_type}]->{end}" if relation.direction == "out" else f"<-[:{rel_type}]-{end}"
