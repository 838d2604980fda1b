"""The bulk mutations' GraphQL side, generated from the graph model: ``upsertFirms`` and the
like for every label, ``linkEach…``/``unlinkEach…`` for every relationship type. Each call is
one transaction of up to 1,000 items, all or nothing."""

from __future__ import annotations

from typing import Any

import strawberry

from graph_service.api import graphql_types as types
from graph_service.api import naming
from graph_service.domain.model import LABELS, RELATIONSHIPS

_TO_DESCRIPTION = "The end node's id."


def _ends() -> dict[str, tuple[str | None, Any]]:
    return {
        "from_": (
            "strawberry.ID",
            strawberry.field(name="from", description="The start node's id."),
        ),
        "to": ("strawberry.ID", strawberry.field(description=_TO_DESCRIPTION)),
    }


BULK_PAYLOAD = "BulkPayload"


def upsert_field(label: str) -> str:
    """``Firm`` → ``upsertFirms``."""
    plural = naming.plural_field(label)
    return f"upsert{plural[0].upper()}{plural[1:]}"


def link_each_field(rel_type: str) -> str:
    return f"linkEach{naming.pascal(rel_type)}"


def unlink_each_field(rel_type: str) -> str:
    return f"unlinkEach{naming.pascal(rel_type)}"


def _upsert_input(label: str) -> str:
    spec = LABELS[label]
    fields: dict[str, tuple[str | None, Any]] = {
        "id": (
            "strawberry.ID",
            strawberry.field(
                description="The node's id: an existing one is updated, else created."
            ),
        )
    }
    for prop in spec.properties:
        fields[prop.name] = (
            f"{types.scalar_annotation(label, prop)} | None",
            strawberry.field(
                default=strawberry.UNSET,
                description="Required when the node is created; omit to keep, "
                + ("null is refused." if prop.required else "null to remove."),
            ),
        )
    name = f"Upsert{label}Input"
    types.make_type("input", name, fields, f"One {label} to create, or to update if its id exists.")
    return name


def _link_input(rel_type: str) -> str:
    spec = RELATIONSHIPS[rel_type]
    fields = _ends()
    for prop in spec.properties:
        fields[prop.name] = (
            f"{types.scalar_annotation(rel_type, prop)} | None",
            strawberry.field(default=strawberry.UNSET, description=f"The link's {prop.name}."),
        )
    name = f"{naming.pascal(rel_type)}Link"
    types.make_type("input", name, fields, f"One {rel_type} relationship to make or to set.")
    return name


types.make_type(
    "input",
    "LinkEnds",
    _ends(),
    "The two ends of a relationship.",
)
types.make_type(
    "type",
    BULK_PAYLOAD,
    {
        "created": ("int", strawberry.field(description="Items created (nodes or links).")),
        "updated": ("int", strawberry.field(description="Items whose values changed.")),
        "removed": ("int", strawberry.field(description="Links removed.")),
        "unchanged": (
            "int",
            strawberry.field(description="Items already as asked: nothing written for them."),
        ),
        "errors": (
            "list[UserError]",
            strawberry.field(
                description="Empty on success; otherwise each wrong item, its field named "
                "`input.<index>.<field>`, and nothing of the call was written."
            ),
        ),
    },
    "The result of a bulk change: how many items it created, changed, removed or left as "
    "they were.",
)


def bulk_fields() -> dict[str, tuple[str | None, Any]]:
    fields: dict[str, tuple[str | None, Any]] = {}
    for label in LABELS:
        fields[upsert_field(label)] = (
            None,
            types.field_with_arguments(
                BULK_PAYLOAD,
                [("input", f"list[{_upsert_input(label)}]", strawberry.UNSET)],
                f"Create or update up to 1,000 {label} nodes by id, in one transaction: all or "
                "nothing. An item that changes nothing writes nothing (no version bump, no audit "
                "entry), so the same call twice changes nothing the second time.",
            ),
        )
    for rel_type in RELATIONSHIPS:
        fields[link_each_field(rel_type)] = (
            None,
            types.field_with_arguments(
                BULK_PAYLOAD,
                [("input", f"list[{_link_input(rel_type)}]", strawberry.UNSET)],
                f"Link up to 1,000 pairs by {rel_type} (or set the properties of existing "
                "links), in one transaction: all or nothing.",
            ),
        )
        fields[unlink_each_field(rel_type)] = (
            None,
            types.field_with_arguments(
                BULK_PAYLOAD,
                [("input", "list[LinkEnds]", strawberry.UNSET)],
                f"Remove up to 1,000 {rel_type} relationships, in one transaction: all or "
                "nothing (a missing one refuses the call).",
            ),
        )
    return fields
