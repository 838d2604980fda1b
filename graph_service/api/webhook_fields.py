"""Webhooks in GraphQL, for admins: ``webhooks`` (query) and ``registerWebhook``,
``pauseWebhook``, ``resumeWebhook`` (also a replay from a position), ``deleteWebhook``."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any

import strawberry

from graph_service.api.audit_fields import AuditOperation
from graph_service.api.feed_fields import ChangeFilter
from graph_service.domain import webhooks as domain
from graph_service.services.container import Services
from graph_service.services.feed import encode_position

WEBHOOK_MUTATIONS = frozenset({"registerWebhook", "pauseWebhook", "resumeWebhook", "deleteWebhook"})
"""Mutation fields answered by their resolvers here, not by the graph's compiled writes."""


@strawberry.enum(name="WebhookState", description="Whether a webhook's events are being delivered.")
class WebhookState(Enum):
    ACTIVE = strawberry.enum_value("active", description="Events are being delivered.")
    PAUSED = strawberry.enum_value(
        "paused", description="Paused by an admin, or after repeated failed deliveries."
    )


@strawberry.type(name="WebhookDelivery", description="One attempt to deliver one event.")
class WebhookDelivery:
    position: str = strawberry.field(description="The position of the event delivered.")
    at: dt.datetime = strawberry.field(description="When the attempt was made (UTC).")
    attempt: int = strawberry.field(
        description="Which attempt at this event it was (1: the first)."
    )
    ok: bool = strawberry.field(description="Whether the endpoint accepted the event.")
    status: int | None = strawberry.field(description="The endpoint's HTTP status, if any.")
    error: str | None = strawberry.field(
        description="Why the delivery failed, if it did (no answer, a timeout, a refused status)."
    )


async def _deliveries(
    root: Webhook, info: strawberry.Info, first: int = 20
) -> list[WebhookDelivery]:
    services: Services = info.context.services
    found = await services.webhooks.deliveries(info.context.key, str(root.id), first)
    return [
        WebhookDelivery(
            position=encode_position(d.position),
            at=d.at,
            attempt=d.attempt,
            ok=d.ok,
            status=d.status,
            error=d.error,
        )
        for d in found
    ]


@strawberry.type(name="Webhook", description="A partner endpoint that receives the change feed.")
class Webhook:
    id: strawberry.ID = strawberry.field(description="The webhook's id.")
    url: str = strawberry.field(description="Where the events are posted.")
    labels: list[str] = strawberry.field(
        description="Only changes touching these labels or relationship types (all if empty)."
    )
    ids: list[strawberry.ID] = strawberry.field(
        description="Only changes touching these node ids (all if empty)."
    )
    operations: list[AuditOperation] = strawberry.field(
        description="Only changes of these kinds (all if empty)."
    )
    state: WebhookState = strawberry.field(description="Whether events are being delivered.")
    position: str = strawberry.field(description="The last position delivered (or skipped).")
    failures: int = strawberry.field(description="Failed deliveries in a row.")
    last_error: str | None = strawberry.field(
        description="Why the last delivery failed, if it did."
    )
    next_attempt_at: dt.datetime | None = strawberry.field(
        description="When the next delivery will be tried (UTC), if one is waiting."
    )
    created_at: dt.datetime = strawberry.field(description="When it was registered (UTC).")

    deliveries: list[WebhookDelivery] = strawberry.field(
        resolver=_deliveries, description="The most recent deliveries, newest first."
    )

    @classmethod
    def from_domain(cls, webhook: domain.Webhook) -> Webhook:
        return cls(
            id=strawberry.ID(webhook.webhook_id),
            url=webhook.url,
            labels=list(webhook.labels),
            ids=[strawberry.ID(i) for i in webhook.ids],
            operations=[AuditOperation(o) for o in webhook.operations],
            state=WebhookState(webhook.state),
            position=encode_position(webhook.cursor),
            failures=webhook.failures,
            last_error=webhook.last_error,
            next_attempt_at=webhook.next_attempt_at,
            created_at=webhook.created_at,
        )


@strawberry.type(
    name="RegisteredWebhook", description="A webhook just registered, with its secret."
)
class RegisteredWebhook:
    webhook: Webhook = strawberry.field(description="The webhook registered.")
    secret: str = strawberry.field(
        description="The key of the signatures (HMAC-SHA256). Shown this once: keep it."
    )


async def webhooks_field(info: strawberry.Info) -> list[Webhook]:
    """The registered webhooks. Admins only."""
    services: Services = info.context.services
    return [Webhook.from_domain(w) for w in await services.webhooks.all(info.context.key)]


async def register_webhook(
    info: strawberry.Info,
    url: Annotated[str, strawberry.argument(description="Where to post the events (https).")],
    where: ChangeFilter | None = None,
    after: str | None = None,
) -> RegisteredWebhook:
    """POST every change matching `where` to `url`, signed; from now on, or after the position
    `after`. Admins only."""
    services: Services = info.context.services
    which = (where or ChangeFilter()).to_domain()
    webhook, secret = await services.webhooks.register(info.context.key, url, which, after)
    return RegisteredWebhook(webhook=Webhook.from_domain(webhook), secret=secret)


async def pause_webhook(info: strawberry.Info, id: strawberry.ID) -> Webhook:
    """Stop delivering (the position is kept). Admins only."""
    services: Services = info.context.services
    return Webhook.from_domain(await services.webhooks.pause(info.context.key, str(id)))


async def resume_webhook(
    info: strawberry.Info, id: strawberry.ID, after: str | None = None
) -> Webhook:
    """Deliver again, from where it stopped; with `after`, from that position (a replay: the
    events come again with the same idempotency keys). Admins only."""
    services: Services = info.context.services
    webhook = await services.webhooks.resume(info.context.key, str(id), after)
    return Webhook.from_domain(webhook)


async def delete_webhook(info: strawberry.Info, id: strawberry.ID) -> bool:
    """Remove the webhook and its delivery records. Admins only."""
    services: Services = info.context.services
    await services.webhooks.delete(info.context.key, str(id))
    return True


def webhook_queries() -> dict[str, tuple[str | None, Any]]:
    return {
        "webhooks": (
            None,
            strawberry.field(
                resolver=webhooks_field,
                name="webhooks",
                description="The registered webhooks. Admins only.",
            ),
        )
    }


def webhook_mutations() -> dict[str, tuple[str | None, Any]]:
    return {
        "registerWebhook": (
            None,
            strawberry.mutation(
                resolver=register_webhook,
                name="registerWebhook",
                description="Post every change matching `where` to `url`, signed; from now on, "
                "or after the position `after`. Admins only.",
            ),
        ),
        "pauseWebhook": (
            None,
            strawberry.mutation(
                resolver=pause_webhook,
                name="pauseWebhook",
                description="Stop delivering (the position is kept). Admins only.",
            ),
        ),
        "resumeWebhook": (
            None,
            strawberry.mutation(
                resolver=resume_webhook,
                name="resumeWebhook",
                description="Deliver again, from where it stopped; with `after`, from that "
                "position (a replay: the events come again with the same idempotency keys). "
                "Admins only.",
            ),
        ),
        "deleteWebhook": (
            None,
            strawberry.mutation(
                resolver=delete_webhook,
                name="deleteWebhook",
                description="Remove the webhook and its delivery records. Admins only.",
            ),
        ),
    }
