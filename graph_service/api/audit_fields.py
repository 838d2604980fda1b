"""``auditTrail``: the audit trail for admins, newest first, as a connection."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from graph_service.api.graphql_types import PageInfo
from graph_service.domain import audit as domain
from graph_service.errors import InvalidArgument
from graph_service.services.container import Services


@strawberry.enum(name="AuditOperation", description="What a change did.")
class AuditOperation(Enum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    LINK = "link"
    UNLINK = "unlink"
    LOAD = strawberry.enum_value("load", description="A `graph-service load` (one summary).")


@strawberry.type(name="AuditEntry", description="One successful mutation, as it was recorded.")
class AuditEntryType:
    at: dt.datetime = strawberry.field(description="When it was committed (UTC).")
    key_name: str = strawberry.field(description="The name of the API key that made it.")
    operation: AuditOperation
    mutation: str = strawberry.field(description="The mutation field, e.g. `updateFirm`.")
    target_type: str = strawberry.field(description="The node's label or relationship's type.")
    target_ids: list[strawberry.ID] = strawberry.field(
        description="The node's id, or the relationship's ends (from, to)."
    )
    before: JSON | None = strawberry.field(description="Properties before; null if it was new.")
    after: JSON | None = strawberry.field(description="Properties after; null if it was removed.")
    removed_relationships: list[JSON] = strawberry.field(
        description="For a deleted node: the relationships deleted with it "
        "(`type`, `from`, `to`, `properties`)."
    )

    @classmethod
    def from_domain(cls, entry: domain.AuditEntry) -> AuditEntryType:
        return cls(
            at=entry.at,
            key_name=entry.key_name,
            operation=AuditOperation(entry.operation.value),
            mutation=entry.mutation,
            target_type=entry.target_type,
            target_ids=[strawberry.ID(i) for i in entry.target_ids],
            before=_json(entry.change.before),
            after=_json(entry.change.after),
            removed_relationships=[JSON(r) for r in entry.change.removed_relationships],
        )


@strawberry.type(name="AuditEdge")
class AuditEdge:
    cursor: str
    node: AuditEntryType


@strawberry.type(name="AuditConnection", description="A page of the audit trail, newest first.")
class AuditConnection:
    edges: list[AuditEdge]
    nodes: list[AuditEntryType]
    page_info: PageInfo


async def audit_trail_field(
    info: strawberry.Info,
    first: int = 20,
    after: str | None = None,
    key_name: str | None = None,
    since: dt.datetime | None = None,
    target: Annotated[
        strawberry.ID | None, strawberry.argument(description="A node id the change touched.")
    ] = None,
) -> AuditConnection:
    """Every successful mutation: who (key name), when, what, before and after. Admins only."""
    services: Services = info.context.services
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)
    entries, more = await services.audit.page(
        info.context.key,
        domain.AuditFilter(key_name, since, None if target is None else str(target)),
        first,
        None if after is None else _position(after),
    )
    edges = [AuditEdge(cursor=_cursor(e), node=AuditEntryType.from_domain(e)) for e in entries]
    return AuditConnection(
        edges=edges,
        nodes=[edge.node for edge in edges],
        page_info=PageInfo(
            has_next_page=more,
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )


def _json(properties: dict[str, Any] | None) -> JSON | None:
    return None if properties is None else JSON(properties)


def _cursor(entry: domain.AuditEntry) -> str:
    raw = f"{entry.at.isoformat()}|{entry.entry_id}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _position(cursor: str) -> domain.AuditPosition:
    try:
        at, _, entry_id = base64.urlsafe_b64decode(cursor.encode()).decode().partition("|")
        position = domain.AuditPosition(dt.datetime.fromisoformat(at), entry_id)
    except (binascii.Error, UnicodeError, ValueError):
        raise InvalidArgument(f"{cursor!r} is not a cursor of the audit trail", "after") from None
    if not entry_id or position.at.tzinfo is None:
        raise InvalidArgument(f"{cursor!r} is not a cursor of the audit trail", "after")
    return position


def audit_fields() -> dict[str, tuple[str | None, Any]]:
    return {"auditTrail": (None, strawberry.field(resolver=audit_trail_field, name="auditTrail"))}
