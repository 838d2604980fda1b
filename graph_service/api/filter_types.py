"""The inputs of ``where``: conditions on properties, through relationships (some, all, none,
exactly one, how many), on a relationship and its node together, combined by AND, OR and NOT;
generated from the model in :mod:`graph_service.api.graphql_types`' namespace, where the list
fields refer to them by name."""

from __future__ import annotations

from typing import Any

import strawberry

from graph_service.api.graphql_types import _enum, _namespace, make_type
from graph_service.api.relations import RELATION_FIELDS, RelationField
from graph_service.domain.model import LABELS, PropertySpec, PropertyType

_OPERATORS: dict[str, tuple[str, ...]] = {
    "ID": ("eq", "in"),
    "String": ("eq", "in", "contains", "startsWith", "endsWith", "isNull"),
    "Int": ("eq", "in", "gt", "gte", "lt", "lte", "between", "isNull"),
    "Float": ("eq", "in", "gt", "gte", "lt", "lte", "between", "isNull"),
    "Date": ("eq", "gt", "gte", "lt", "lte", "between", "isNull"),
}
_OPERATOR_HELP = {
    "eq": "equal to",
    "in": "one of",
    "contains": "contains, ignoring case",
    "startsWith": "starts with, ignoring case",
    "endsWith": "ends with, ignoring case",
    "between": "from the first value to the second, both included",
    "gt": "greater than",
    "gte": "at least",
    "lt": "less than",
    "lte": "at most",
    "isNull": "true: has no value; false: has one",
}


def _filter_input(graphql_name: str, annotation: str, operators: tuple[str, ...]) -> str:
    name = f"{graphql_name}Filter"
    if name in _namespace:
        return name
    fields: dict[str, tuple[str, Any]] = {}
    for operator in operators:
        python_name = "in_" if operator == "in" else operator
        if operator in ("in", "between"):
            ann = f"list[{annotation}] | None"
        elif operator == "isNull":
            ann = "bool | None"
        else:
            ann = f"{annotation} | None"
        fields[python_name] = (
            ann,
            strawberry.field(
                default=strawberry.UNSET, name=operator, description=_OPERATOR_HELP[operator]
            ),
        )
    make_type("input", name, fields, f"Conditions on a {graphql_name} value; all must hold.")
    return name


def _property_filter(owner: str, spec: PropertySpec) -> str:
    if spec.choices:
        enum = _enum(owner, spec)
        return _filter_input(enum, enum, ("eq", "in", "isNull"))
    graphql, annotation = {
        PropertyType.STRING: ("String", "str"),
        PropertyType.INTEGER: ("Int", "int"),
        PropertyType.FLOAT: ("Float", "float"),
        PropertyType.DATE: ("Date", "dt.date"),
    }[spec.type]
    return _filter_input(graphql, annotation, _OPERATORS[graphql])


def _connection_filters(label: str, name: str, rel: RelationField) -> dict[str, tuple[str, Any]]:
    """``projectsConnection`` and its ``All``/``None``/``Single``: conditions on a node of
    ``name`` and on the relationship that reaches it, holding together (their input type is
    declared with the relationship's in :mod:`graph_service.api.edge_types`)."""
    where, rel_type = connection_where(label, name), rel.relation.type
    return {
        f"{name}Connection{suffix}": (f"{where} | None", _input_field(f"{text} ({rel_type})."))
        for suffix, text in (
            ("", f"Some node of `{name}` matches with its relationship"),
            ("All", f"Every node of `{name}` matches with its relationship (true when none)"),
            ("None", f"No node of `{name}` matches with its relationship"),
            ("Single", f"Exactly one node of `{name}` matches with its relationship"),
        )
    }


def connection_where(label: str, name: str) -> str:
    """The input of a node of relationship field ``name`` with its relationship."""
    return f"{label}{name[0].upper()}{name[1:]}ConnectionWhere"


def _input_field(description: str) -> Any:
    return strawberry.field(default=strawberry.UNSET, description=description)


def _where_input(label: str) -> None:
    spec = LABELS[label]
    fields: dict[str, tuple[str, Any]] = {
        "id": (f"{_filter_input('ID', 'strawberry.ID', _OPERATORS['ID'])} | None", strawberry.UNSET)
    }
    for prop in spec.properties:
        fields[prop.name] = (f"{_property_filter(label, prop)} | None", strawberry.UNSET)
    for name, rel in RELATION_FIELDS[label].items():
        fields[name] = (
            f"{rel.relation.target}Where | None",
            strawberry.field(
                default=strawberry.UNSET,
                description=f"Some node of `{name}` matches ({rel.relation.type}).",
            ),
        )
        for suffix, help_text in (
            ("All", "Every node of `{}` matches (true when there is none)"),
            ("None", "No node of `{}` matches"),
            ("Single", "Exactly one node of `{}` matches"),
        ):
            fields[f"{name}{suffix}"] = (
                f"{rel.relation.target}Where | None",
                strawberry.field(
                    default=strawberry.UNSET,
                    description=f"{help_text.format(name)} ({rel.relation.type}).",
                ),
            )
        count_filter = _filter_input("Count", "int", ("eq", "gt", "gte", "lt", "lte", "between"))
        fields[f"{name}Count"] = (
            f"{count_filter} | None",
            strawberry.field(
                default=strawberry.UNSET,
                description=f"Conditions on how many nodes `{name}` has ({rel.relation.type}).",
            ),
        )
        if rel.has_properties:
            fields |= _connection_filters(label, name, rel)
    for combinator, help_text in (("AND", "all of"), ("OR", "any of")):
        fields[combinator] = (
            f"list[{label}Where] | None",
            strawberry.field(default=strawberry.UNSET, description=f"Matches {help_text} these."),
        )
    fields["NOT"] = (
        f"{label}Where | None",
        strawberry.field(default=strawberry.UNSET, description="Does not match this."),
    )
    make_type(
        "input", f"{label}Where", fields, f"Which {label} nodes: every condition given must hold."
    )


for _label in LABELS:
    _where_input(_label)
