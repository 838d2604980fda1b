"""The aggregate types of every list and connection, generated from the graph model.

Shaped after the Neo4j GraphQL Library's connection ``aggregate`` (a property, then its
functions: ``investment { sum avg }``) and Hasura's ``_aggregate`` (``count`` beside the
properties' statistics), with grouped statistics added::

    projects(where: {year: {eq: 2018}}) {
      aggregate { count investment { sum } ownShare { avg(weightedBy: INVESTMENT) }
                  groups(by: STATUS) { key count } }
    }

Numbers have ``min``, ``max``, ``sum`` and ``avg`` (optionally weighted by another number of
the node), dates ``min`` and ``max``; nodes without the value are left out of them, as in
SQL. The types live in :mod:`graph_service.api.graphql_types`' namespace, where the connection
types refer to them by name.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

from graph_service.api import naming
from graph_service.api.graphql_types import _namespace, field_with_arguments, make_type
from graph_service.api.relations import RELATION_FIELDS
from graph_service.domain.model import LABELS, PropertySpec, PropertyType

DEFAULT_GROUPS = 100
MAX_GROUPS = 1000

NUMBERS = (PropertyType.INTEGER, PropertyType.FLOAT)


def numbers(label: str) -> tuple[PropertySpec, ...]:
    return tuple(p for p in LABELS[label].properties if p.type in NUMBERS and not p.choices)


def statistics_properties(label: str) -> tuple[PropertySpec, ...]:
    """The properties of ``label`` that have statistics: numbers and dates."""
    return tuple(
        p
        for p in LABELS[label].properties
        if (p.type in NUMBERS or p.type is PropertyType.DATE) and not p.choices
    )


def group_keys(label: str) -> dict[str, tuple[str, str]]:
    """``{GraphQL enum name: (property or relationship field, description)}`` of what
    ``label`` groups by."""
    keys = {
        naming.sort_value(p.name): (p.name, f"By {_about(p)}.") for p in LABELS[label].properties
    }
    for name, field in RELATION_FIELDS[label].items():
        enum_name = naming.sort_value(name)
        if enum_name in keys:
            raise ValueError(f"{label}: {name} and a property are both {enum_name}")
        target = field.relation.target
        keys[enum_name] = (name, f"By the {target} nodes of `{name}`, each its own group.")
    return keys


def described_enum(name: str, members: dict[str, tuple[str, str]], description: str) -> None:
    """A GraphQL enum of ``{GraphQL name: (value, description)}``."""
    values = {
        key: strawberry.enum_value(value, description=text)
        for key, (value, text) in members.items()
    }
    enum: Any = Enum(name, values)  # type: ignore[misc]
    _namespace[name] = strawberry.enum(enum, description=description)


def _about(prop: PropertySpec) -> str:
    return f"{prop.name} ({prop.description[:1].lower()}{prop.description[1:].rstrip('.')})"


def _date_statistics() -> None:
    make_type(
        "type",
        "DateStatistics",
        {
            "min": ("dt.date | None", strawberry.field(description="The earliest date.")),
            "max": ("dt.date | None", strawberry.field(description="The latest date.")),
        },
        "The earliest and latest of a date property's values (nodes without one left out).",
    )


def _number_statistics(label: str) -> str:
    name = f"{label}NumberStatistics"
    fields_enum = f"{label}NumberField"
    members = {naming.sort_value(p.name): (p.name, p.description) for p in numbers(label)}
    described_enum(fields_enum, members, f"The number properties of {label} nodes.")
    avg = field_with_arguments(
        "float | None",
        [("weightedBy", f"{fields_enum} | None", strawberry.UNSET)],
        "The mean (null when no node has a value); with `weightedBy`, each value counts as "
        "much as that property's value of the same node (the investment-weighted own share).",
        "avg",
    )
    make_type(
        "type",
        name,
        {
            "min": ("float | None", strawberry.field(description="The smallest value.")),
            "max": ("float | None", strawberry.field(description="The largest value.")),
            "sum": ("float", strawberry.field(description="The total (0 when there is none).")),
            "avg": (None, avg),
        },
        f"Statistics of a number property of {label} nodes (nodes without one left out).",
    )
    return name


def _statistics_fields(label: str, number_type: str | None) -> dict[str, tuple[str | None, Any]]:
    fields: dict[str, tuple[str | None, Any]] = {
        "count": ("int", strawberry.field(description="How many nodes."))
    }
    for prop in statistics_properties(label):
        kind = "DateStatistics" if prop.type is PropertyType.DATE else number_type
        fields[prop.name] = (
            kind,
            strawberry.field(description=f"Statistics of {_about(prop)}."),
        )
    return fields


def _declare(label: str) -> None:
    number_type = _number_statistics(label) if numbers(label) else None
    group_by = f"{label}GroupBy"
    described_enum(
        group_by,
        group_keys(label),
        f"What {label} nodes are grouped by: a property, or the nodes of a relationship field "
        "(a node with several is in each of their groups).",
    )
    group_fields: dict[str, tuple[str | None, Any]] = {
        "key": (
            "str | None",
            strawberry.field(
                description="The group's value as text, or the related node's id; null for "
                "the nodes without one."
            ),
        ),
        "name": (
            "str | None",
            strawberry.field(description="The related node's name, when grouped by one."),
        ),
    }
    group_fields |= _statistics_fields(label, number_type)
    make_type("type", f"{label}Group", group_fields, f"{label} nodes sharing one key.")
    groups = field_with_arguments(
        f"list[{label}Group]",
        [("by", group_by, strawberry.UNSET), ("first", "int", DEFAULT_GROUPS)],
        f"The matching nodes in groups, by key (the nodes without one last); at most "
        f"`first` groups ({DEFAULT_GROUPS} by default, {MAX_GROUPS} at most).",
        "groups",
    )
    fields = _statistics_fields(label, number_type) | {"groups": (None, groups)}
    make_type(
        "type",
        f"{label}Aggregate",
        fields,
        f"Counts and statistics of every matching {label} node, on all pages together.",
    )


_date_statistics()
for _label in LABELS:
    _declare(_label)
