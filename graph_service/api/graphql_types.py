"""The GraphQL types of the graph, generated from the graph model.

Every label becomes a type implementing ``Node`` with its properties and its relationship fields
(Relay connections with filters and sorting); every label gets a filter input, an order input,
create/update inputs and a payload; every relationship type gets link/unlink mutations. Reads and
writes of these types are compiled to Cypher by the executor (``graph_service.api.executor``),
so the resolvers declared here only give the fields their arguments.

The generated classes live in this module's namespace, where Strawberry resolves the forward
references between them.
"""

from __future__ import annotations

import datetime as dt  # noqa: F401  (string annotations "dt.date" resolve in this namespace)
import inspect
from collections.abc import Mapping
from enum import Enum
from typing import Any

import strawberry
from strawberry.types.field import StrawberryField

from graph_service.api import naming
from graph_service.api.relations import RELATION_FIELDS
from graph_service.domain.model import LABELS, RELATIONSHIPS, PropertySpec, PropertyType

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
DEFAULT_SEARCH_SIZE = 10

_namespace = globals()


@strawberry.interface(description="Anything in the graph: every node has a stable, unique id.")
class Node:
    id: strawberry.ID


@strawberry.type(description="Where a page of a connection lies in the whole list.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.enum(description="The direction of a sort.")
class SortDirection(Enum):
    ASC = "asc"
    DESC = "desc"


@strawberry.enum(description="The stable code of an expected error.")
class ErrorCode(Enum):
    NOT_FOUND = "NOT_FOUND"
    DUPLICATE_ID = "DUPLICATE_ID"
    INVALID_INPUT = "INVALID_INPUT"
    FORBIDDEN = "FORBIDDEN"
    CONFLICT = "CONFLICT"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"


@strawberry.type(description="An expected failure of a mutation: nothing was written.")
class UserError:
    code: ErrorCode
    message: str
    field: str | None = strawberry.field(
        description="The input field at fault (e.g. `input.ownShare`), if one is."
    )


@strawberry.type(description="A hit of the full-text search over names and titles.")
class SearchHit:
    score: float
    node: Node


def _enum_type(name: str, members: dict[str, str], description: str) -> Any:
    """A GraphQL enum made from ``{GraphQL name: stored value}``."""
    enum: Any = Enum(name, members)  # type: ignore[misc]
    return strawberry.enum(enum, description=description)


NodeLabel = _enum_type("NodeLabel", {label: label for label in LABELS}, "The labels of the graph.")


def _add(name: str, cls: Any) -> Any:
    _namespace[name] = cls
    return cls


def make_type(
    kind: str,
    name: str,
    fields: Mapping[str, tuple[str | None, Any]],
    description: str,
    bases: tuple[type, ...] = (),
) -> Any:
    """A Strawberry type/input built from ``{python name: (annotation, default)}``."""
    namespace: dict[str, Any] = {"__module__": __name__, "__annotations__": {}}
    for python_name, (annotation, default) in fields.items():
        if annotation is not None:  # a field with a resolver takes its type from the resolver
            namespace["__annotations__"][python_name] = annotation
        namespace[python_name] = default
    cls = type(name, bases, namespace)
    decorate = strawberry.input if kind == "input" else strawberry.type
    return _add(name, decorate(cls, description=description))


def field_with_arguments(
    returns: str, arguments: list[tuple[str, Any, Any]], description: str, name: str | None = None
) -> StrawberryField:
    """A field whose arguments are ``(name, annotation, default)``; the executor answers it."""

    def resolver(**kwargs: Any) -> Any:
        raise RuntimeError("answered by the compiled executor")

    parameters = [
        inspect.Parameter(arg, inspect.Parameter.KEYWORD_ONLY, annotation=ann, default=default)
        for arg, ann, default in arguments
    ]
    resolver.__signature__ = inspect.Signature(parameters, return_annotation=returns)  # type: ignore[attr-defined]
    resolver.__annotations__ = {arg: ann for arg, ann, _ in arguments} | {"return": returns}
    resolver.__module__ = __name__
    field: StrawberryField = strawberry.field(resolver=resolver, description=description, name=name)
    return field


# --- enums -----------------------------------------------------------------------------------


def _enum(owner: str, spec: PropertySpec) -> str:
    name = naming.enum_type(owner, spec.name)
    if name not in _namespace:
        members = {naming.enum_value(choice): choice for choice in spec.choices}
        _add(name, _enum_type(name, members, f"Values of {owner}.{spec.name}."))
    return name


def scalar_annotation(owner: str, spec: PropertySpec) -> str:
    if spec.choices:
        return _enum(owner, spec)
    return {
        PropertyType.STRING: "str",
        PropertyType.INTEGER: "int",
        PropertyType.FLOAT: "float",
        PropertyType.DATE: "dt.date",
    }[spec.type]


# --- order -----------------------------------------------------------------------------------


def _order_input(label: str) -> None:
    spec = LABELS[label]
    members = {"ID": "id"} | {naming.sort_value(p.name): p.name for p in spec.properties}
    sort_enum = f"{label}SortField"
    _add(sort_enum, _enum_type(sort_enum, members, f"Fields {label} nodes sort by."))
    make_type(
        "input",
        f"{label}Order",
        {
            "field": (sort_enum, strawberry.UNSET),
            "direction": ("SortDirection", SortDirection.ASC),
        },
        f"One sort key of a list of {label} nodes; ties are broken by id.",
    )


# --- node, edge and connection types ---------------------------------------------------------


def _page_arguments(label: str, rel_type: str | None = None) -> list[tuple[str, str, Any]]:
    arguments = [
        ("first", "int | None", strawberry.UNSET),
        ("after", "str | None", strawberry.UNSET),
        ("last", "int | None", strawberry.UNSET),
        ("before", "str | None", strawberry.UNSET),
        ("where", f"{label}Where | None", strawberry.UNSET),
        ("orderBy", f"list[{label}Order] | None", strawberry.UNSET),
    ]
    if rel_type is not None and RELATIONSHIPS[rel_type].properties:
        edge = naming.pascal(rel_type)  # the inputs are declared in api.edge_types
        arguments += [
            ("edgeWhere", f"{edge}EdgeWhere | None", strawberry.UNSET),
            ("edgeOrderBy", f"list[{edge}EdgeOrder] | None", strawberry.UNSET),
        ]
    return arguments


def _connection(target: str, rel_type: str | None) -> str:
    name = naming.connection_type(target, rel_type)
    if name in _namespace:
        return name
    edge = naming.edge_type(target, rel_type)
    edge_fields: dict[str, tuple[str, Any]] = {
        "cursor": ("str", strawberry.field(description="Opaque: pass it as `after` or `before`.")),
        "node": (target, strawberry.UNSET),
    }
    if rel_type is not None:
        for prop in RELATIONSHIPS[rel_type].properties:
            edge_fields[prop.name] = (
                f"{scalar_annotation(rel_type, prop)} | None",
                strawberry.field(description=f"Property of the {rel_type} relationship."),
            )
    make_type(
        "type", edge, edge_fields, f"{naming.article(target)} {target} in a list, with its cursor."
    )
    make_type(
        "type",
        name,
        {
            "edges": (f"list[{edge}]", strawberry.UNSET),
            "nodes": (f"list[{target}]", strawberry.field(description="The edges' nodes.")),
            "page_info": ("PageInfo", strawberry.UNSET),
            "total_count": ("int", strawberry.field(description="All matching, on every page.")),
            "aggregate": (
                f"{target}Aggregate",
                strawberry.field(description="Counts and statistics of all matching nodes."),
            ),
        },
        f"A page of {target} nodes (at most {MAX_PAGE_SIZE}, {DEFAULT_PAGE_SIZE} by default).",
    )
    return name


def _node_type(label: str) -> None:
    spec = LABELS[label]
    fields: dict[str, tuple[str | None, Any]] = {}
    for prop in spec.properties:
        annotation = scalar_annotation(label, prop)
        fields[prop.name] = (
            annotation if prop.required else f"{annotation} | None",
            strawberry.UNSET,
        )
    fields["version"] = (
        "int",
        strawberry.field(description="Goes up with every update: pass it as `expectedVersion`."),
    )
    for name, rel in RELATION_FIELDS[label].items():
        target = rel.relation.target
        connection = _connection(target, rel.relation.type if rel.has_properties else None)
        fields[name] = (
            None,
            field_with_arguments(
                connection, _page_arguments(target, rel.relation.type), rel.description, name
            ),
        )
    make_type("type", label, fields, spec.description, bases=(Node,))


for _label in LABELS:
    _order_input(_label)
for _label in LABELS:
    _node_type(_label)
    _connection(_label, None)


def query_fields() -> dict[str, tuple[str | None, Any]]:
    """The Query fields answered by the compiled executor."""
    fields: dict[str, tuple[str | None, Any]] = {
        "node": (
            None,
            field_with_arguments(
                "Node | None", [("id", "strawberry.ID", strawberry.UNSET)], "Any node by its id."
            ),
        ),
        "nodes": (
            None,
            field_with_arguments(
                "list[Node | None]",
                [("ids", "list[strawberry.ID]", strawberry.UNSET)],
                "Nodes by id, in the order asked; null for an id that is not in the graph.",
            ),
        ),
        "search": (
            None,
            field_with_arguments(
                "list[SearchHit]",
                [
                    ("text", "str", strawberry.UNSET),
                    ("labels", "list[NodeLabel] | None", strawberry.UNSET),
                    ("first", "int", DEFAULT_SEARCH_SIZE),
                ],
                "Full-text search over names and titles (words may be prefixes), best first.",
            ),
        ),
    }
    for label in LABELS:
        fields[naming.singular_field(label)] = (
            None,
            field_with_arguments(
                f"{label} | None",
                [("id", "strawberry.ID", strawberry.UNSET)],
                f"One {label} by id.",
            ),
        )
        fields[naming.plural_field(label)] = (
            None,
            field_with_arguments(
                f"{label}Connection",
                _page_arguments(label),
                f"{label} nodes, filtered, sorted and paged.",
            ),
        )
    return fields
