"""``where`` filters compiled to Cypher conditions, their values as parameters: properties,
relationships followed (some, all, none, exactly one, how many), a relationship and its node
together, and AND, OR, NOT. Labels, types and property names come from the model only."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph_service.domain.model import LABELS, RELATIONSHIPS
from graph_service.domain.selection import (
    AllOf,
    AnyOf,
    Condition,
    Filter,
    NoneOf,
    Related,
    RelatedCount,
    Relation,
)
from graph_service.storage.queries import label, relationship_type

COMPARISONS = {"eq": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<=", "in": "IN"}


@dataclass
class Parameters:
    """Parameters collected while building one query."""

    params: dict[str, object] = field(default_factory=dict)

    def param(self, value: object) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"${name}"


def path_pattern(var: str, rel: str, relation: Relation, target: str) -> str:
    rel_type = relationship_type(relation.type)
    end = f"({target}:{label(relation.target)})"
    if relation.direction == "out":
        return f"({var})-[{rel}:{rel_type}]->{end}"
    return f"({var})<-[{rel}:{rel_type}]-{end}"


def where_clause(where: Filter | None, var: str, query: Parameters, depth: int) -> str:
    if where is None:
        return ""
    match where:
        case Condition():
            return condition_clause(where, var, query)
        case Related():
            inner, rel = f"x{depth}", f"r{depth}" if where.edge else ""
            pattern = path_pattern(var, rel, where.relation, inner)
            condition = " AND ".join(
                c
                for c in (
                    where_clause(where.where, inner, query, depth + 1),
                    *(condition_clause(c, rel, query) for c in where.edge),
                )
                if c
            )
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
            pattern = path_pattern(var, "", where.relation, f"x{depth}")
            return (
                f"COUNT {{ MATCH {pattern} }} "
                f"{COMPARISONS[where.operator]} {query.param(where.value)}"
            )
        case AllOf():
            parts = [p for p in (where_clause(x, var, query, depth) for x in where.parts) if p]
            return "(" + " AND ".join(parts) + ")" if parts else ""
        case AnyOf():
            parts = [where_clause(x, var, query, depth) or "true" for x in where.parts]
            return "(" + " OR ".join(parts) + ")" if parts else "false"
        case NoneOf():
            inner_condition = where_clause(where.part, var, query, depth)
            return f"NOT ({inner_condition})" if inner_condition else "false"


def condition_clause(condition: Condition, var: str, query: Parameters) -> str:
    prop = condition.property
    known = any(s.find_property(prop) for s in LABELS.values()) or any(
        s.find_property(prop) for s in RELATIONSHIPS.values()
    )
    if prop != "id" and not known:
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
    return f"{target} {COMPARISONS[condition.operator]} {query.param(condition.value)}"
