"""Filters and sort keys on the properties of relationships (a firm's ``role`` in a project),
given to a relationship field as ``edgeWhere`` and ``edgeOrderBy``: generated from the model
for every relationship type with properties, in :mod:`graph_service.api.graphql_types`'
namespace, where the relationship fields refer to them by name."""

from __future__ import annotations

from typing import Any

import strawberry

from graph_service.api import naming
from graph_service.api.aggregate_types import described_enum
from graph_service.api.filter_types import _property_filter, connection_where
from graph_service.api.graphql_types import SortDirection, make_type
from graph_service.api.relations import RELATION_FIELDS
from graph_service.domain.model import RELATIONSHIPS


def sort_fields(rel_type: str) -> dict[str, str]:
    """``{GraphQL enum name: property}`` of what a relationship type's edges sort by."""
    return {naming.sort_value(p.name): p.name for p in RELATIONSHIPS[rel_type].properties}


def _sort_members(rel_type: str) -> dict[str, tuple[str, str]]:
    spec = RELATIONSHIPS[rel_type]
    return {
        key: (name, f"The relationship's {name}.") for key, name in sort_fields(rel_type).items()
    } | {
        naming.sort_value(p.name): (p.name, p.description) for p in spec.properties if p.description
    }


def _declare(rel_type: str) -> None:
    edge = naming.pascal(rel_type)
    spec = RELATIONSHIPS[rel_type]
    fields: dict[str, tuple[str | None, Any]] = {
        prop.name: (
            f"{_property_filter(rel_type, prop)} | None",
            strawberry.field(
                default=strawberry.UNSET,
                description=f"Conditions on the {rel_type} relationship's {prop.name}.",
            ),
        )
        for prop in spec.properties
    }
    make_type(
        "input",
        f"{edge}EdgeWhere",
        fields,
        f"Which {rel_type} relationships: every condition given must hold.",
    )
    sort_enum = f"{edge}EdgeSortField"
    described_enum(sort_enum, _sort_members(rel_type), f"Properties {rel_type} edges sort by.")
    make_type(
        "input",
        f"{edge}EdgeOrder",
        {
            "field": (sort_enum, strawberry.UNSET),
            "direction": ("SortDirection", SortDirection.ASC),
        },
        f"One sort key of a list by its {rel_type} relationships, before those of `orderBy`.",
    )


def _declare_connections(label: str) -> None:
    """The inputs that ``where``'s ``projectsConnection`` and the like take."""
    for name, rel in RELATION_FIELDS[label].items():
        if not rel.has_properties:
            continue
        rel_type = rel.relation.type
        field = {
            "node": (f"Conditions on the node of `{name}`.", f"{rel.relation.target}Where"),
            "edge": (f"Conditions on its {rel_type}.", f"{naming.pascal(rel_type)}EdgeWhere"),
        }
        make_type(
            "input",
            connection_where(label, name),
            {
                key: (
                    f"{annotation} | None",
                    strawberry.field(default=strawberry.UNSET, description=description),
                )
                for key, (description, annotation) in field.items()
            },
            f"A node of `{name}` with the {rel_type} relationship that reaches it: every"
            " condition given, on either, must hold for the same relationship.",
        )


for _rel_type, _spec in RELATIONSHIPS.items():
    if _spec.properties:
        _declare(_rel_type)
for _label in RELATION_FIELDS:
    _declare_connections(_label)
