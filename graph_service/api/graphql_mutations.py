"""The GraphQL mutations, generated from the graph model: create, update and delete every label;
link and unlink every relationship type. Each is one transaction, answered by the executor;
expected failures come back in the payload's ``errors`` with a stable ``code``."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from graph_service.api import graphql_types as types
from graph_service.api import naming
from graph_service.domain.model import LABELS, RELATIONSHIPS

_FROM = Annotated[strawberry.ID, strawberry.argument(name="from")]
make_type = types.make_type
field_with_arguments = types.field_with_arguments


def _input_types(label: str) -> None:
    spec = LABELS[label]
    create: dict[str, tuple[str | None, Any]] = {
        "id": ("strawberry.ID", strawberry.field(description="Unique across the whole graph."))
    }
    update: dict[str, tuple[str | None, Any]] = {}
    for prop in spec.properties:
        scalar = types.scalar_annotation(label, prop)
        create[prop.name] = (scalar if prop.required else f"{scalar} | None", strawberry.UNSET)
        update[prop.name] = (
            f"{scalar} | None",
            strawberry.field(
                default=strawberry.UNSET,
                description="Omit to keep; null to remove."
                if not prop.required
                else "Omit to keep.",
            ),
        )
    make_type("input", f"Create{label}Input", create, f"A new {label}.")
    make_type("input", f"Update{label}Input", update, f"Changes to a {label}.")
    make_type(
        "type",
        f"{label}Payload",
        {
            naming.singular_field(label): (
                f"{label} | None",
                strawberry.field(description=f"The {label} as it is after the change."),
            ),
            "errors": ("list[UserError]", strawberry.field(description="Empty on success.")),
        },
        f"The result of a change to a {label}.",
    )


for _label in LABELS:
    _input_types(_label)

make_type(
    "type",
    "DeletePayload",
    {
        "deleted_id": ("strawberry.ID | None", strawberry.UNSET),
        "errors": ("list[UserError]", strawberry.UNSET),
    },
    "The result of a deletion (its relationships go with the node).",
)
make_type(
    "type",
    "LinkPayload",
    {
        "from_": ("Node | None", strawberry.field(name="from")),
        "to": ("Node | None", strawberry.UNSET),
        "errors": ("list[UserError]", strawberry.UNSET),
    },
    "The result of linking or unlinking two nodes: both ends as they are after the change.",
)


def mutation_fields() -> dict[str, tuple[str | None, Any]]:
    fields: dict[str, tuple[str | None, Any]] = {}
    for label in LABELS:
        payload = f"{label}Payload"
        fields[f"create{label}"] = (
            None,
            field_with_arguments(
                payload, [("input", f"Create{label}Input", strawberry.UNSET)], f"Create a {label}."
            ),
        )
        fields[f"update{label}"] = (
            None,
            field_with_arguments(
                payload,
                [
                    ("id", "strawberry.ID", strawberry.UNSET),
                    ("input", f"Update{label}Input", strawberry.UNSET),
                    ("expectedVersion", "int | None", strawberry.UNSET),
                ],
                f"Change properties of a {label}. With `expectedVersion` (the `version` last "
                "read), the change is refused with CONFLICT if someone changed it since.",
            ),
        )
        fields[f"delete{label}"] = (
            None,
            field_with_arguments(
                "DeletePayload",
                [("id", "strawberry.ID", strawberry.UNSET)],
                f"Delete a {label} and its relationships.",
            ),
        )
    for rel_type, spec in RELATIONSHIPS.items():
        pairs = ", ".join(f"{a} -> {b}" for a, b in spec.endpoints)
        ends = [("from_", _FROM, strawberry.UNSET), ("to", "strawberry.ID", strawberry.UNSET)]
        props = [
            (p.name, f"{types.scalar_annotation(rel_type, p)} | None", strawberry.UNSET)
            for p in spec.properties
        ]
        fields[f"link{naming.pascal(rel_type)}"] = (
            None,
            field_with_arguments(
                "LinkPayload",
                ends + props,
                f"{spec.description} Joins {pairs}; linking again sets the properties.",
            ),
        )
        fields[f"unlink{naming.pascal(rel_type)}"] = (
            None,
            field_with_arguments(
                "LinkPayload", ends, f"Remove a {rel_type} relationship ({pairs})."
            ),
        )
    return fields
