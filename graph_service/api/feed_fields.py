"""The change feed in GraphQL: ``changes`` (a page by position, any key) and the subscription
``changes`` (served over WebSocket at ``/graphql``, :mod:`graph_service.api.subscriptions`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Annotated, Any

import strawberry
from graphql import GraphQLError
from strawberry.scalars import JSON

from graph_service.api.audit_fields import AuditOperation
from graph_service.domain import audit as domain
from graph_service.errors import GraphServiceError
from graph_service.services.container import Services
from graph_service.services.feed import decode_position, encode_position


@strawberry.type(
    name="ChangeEvent",
    description="One committed change: its position in the feed, who (the key's name), what "
    "and when, and the properties before and after.",
)
class ChangeEvent:
    position: str = strawberry.field(
        description="Opaque and increasing in commit order: resume after it with `after`."
    )
    at: dt.datetime = strawberry.field(description="When it was made (UTC).")
    key_name: str = strawberry.field(description="The name of the API key that made it.")
    operation: AuditOperation
    mutation: str = strawberry.field(description="The mutation field, or `load`.")
    target_type: str = strawberry.field(description="The node's label or relationship's type.")
    target_ids: list[strawberry.ID] = strawberry.field(
        description="The node's id, or the relationship's ends (from, to)."
    )
    labels: list[str] = strawberry.field(
        description="The labels of the nodes touched (a relationship: its two ends)."
    )
    before: JSON | None = strawberry.field(description="Properties before; null if it was new.")
    after: JSON | None = strawberry.field(
        description="Properties after; null if it was removed. For a load: its counts."
    )
    removed_relationships: list[JSON] = strawberry.field(
        description="For a deleted node: the relationships deleted with it."
    )

    @classmethod
    def from_domain(cls, entry: domain.AuditEntry) -> ChangeEvent:
        assert entry.position is not None
        return cls(
            position=encode_position(entry.position),
            at=entry.at,
            key_name=entry.key_name,
            operation=AuditOperation(entry.operation.value),
            mutation=entry.mutation,
            target_type=entry.target_type,
            target_ids=[strawberry.ID(i) for i in entry.target_ids],
            labels=list(entry.labels),
            before=None if entry.change.before is None else JSON(entry.change.before),
            after=None if entry.change.after is None else JSON(entry.change.after),
            removed_relationships=[JSON(r) for r in entry.change.removed_relationships],
        )


@strawberry.input(name="ChangeFilter", description="Which changes; each list filters if given.")
class ChangeFilter:
    labels: list[str] | None = strawberry.field(
        default=None,
        description="Any of these labels (a node's, either end of a relationship) or "
        "relationship types.",
    )
    ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Any of these node ids."
    )
    operations: list[AuditOperation] | None = strawberry.field(
        default=None, description="Any of these kinds of change."
    )

    def to_domain(self) -> domain.FeedFilter:
        if len(self.labels or ()) > 100 or len(self.ids or ()) > 100:
            raise GraphQLError(
                "a change filter takes at most 100 labels and 100 ids",
                extensions={"code": "LIMIT_EXCEEDED", "field": "where"},
            )
        return domain.FeedFilter(
            tuple(self.labels or ()),
            tuple(str(i) for i in self.ids or ()),
            tuple(domain.Operation(o.value) for o in self.operations or ()),
        )


@strawberry.type(name="ChangePage", description="A page of the change feed, oldest first.")
class ChangePage:
    events: list[ChangeEvent] = strawberry.field(description="The changes, oldest first.")
    end_position: str = strawberry.field(
        description="Where the next page starts: pass it as `after` (also when `events` is empty)."
    )
    has_more: bool = strawberry.field(description="Whether more changes may follow at once.")


_AFTER = Annotated[
    str | None,
    strawberry.argument(description="A position; none: from the oldest change kept."),
]
_WHERE = Annotated[ChangeFilter | None, strawberry.argument(description="Which changes.")]


async def changes_field(
    info: strawberry.Info, after: _AFTER = None, first: int = 100, where: _WHERE = None
) -> ChangePage:
    """The changes after a position, in commit order (any key; readers included)."""
    services: Services = info.context.services
    which = (where or ChangeFilter()).to_domain()
    entries, end = await services.feed.page(
        None if after is None else decode_position(after), first, which
    )
    return ChangePage(
        events=[ChangeEvent.from_domain(e) for e in entries],
        end_position=encode_position(end),
        has_more=len(entries) == first,
    )


async def subscribe_changes(
    info: strawberry.Info,
    after: Annotated[
        str | None,
        strawberry.argument(description="Resume after this position; none: from now on."),
    ] = None,
    where: _WHERE = None,
) -> AsyncIterator[ChangeEvent]:
    """Each change after the position, then every new one as it is committed, in commit
    order, each once."""
    services: Services = info.context.services
    try:
        which = (where or ChangeFilter()).to_domain()
        subscription = await services.hub.subscribe(
            info.context.key,
            None if after is None else decode_position(after),
            which,
            services.feed,
        )
    except GraphServiceError as error:
        extensions = {"code": error.code, **({"field": error.field} if error.field else {})}
        raise GraphQLError(str(error), extensions=extensions, original_error=error) from None
    return _events(subscription)


async def _events(entries: AsyncIterator[domain.AuditEntry]) -> AsyncIterator[ChangeEvent]:
    try:
        async for entry in entries:
            yield ChangeEvent.from_domain(entry)
    finally:
        aclose = getattr(entries, "aclose", None)
        if aclose is not None:
            await aclose()


def feed_fields() -> dict[str, tuple[str | None, Any]]:
    return {"changes": (None, strawberry.field(resolver=changes_field, name="changes"))}


def subscription_fields() -> dict[str, tuple[str | None, Any]]:
    return {
        "changes": (
            None,
            strawberry.subscription(
                resolver=subscribe_changes,
                name="changes",
                description="Each change after the position, then every new one as it is "
                "committed, in commit order, each once.",
                graphql_type=ChangeEvent,
            ),
        )
    }
