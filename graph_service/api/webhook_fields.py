"""Webhooks in GraphQL, for admins: ``webhooks`` (query) and ``registerWebhook``,
``pauseWebhook``, ``resumeWebhook`` (also a replay from a position), ``deleteWebhook``."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

import strawberry

from graph_service.api.audit_fields import AuditOperation
from graph_service.api.feed_fields import ChangeFilter
from graph_service.domain import webhooks as domain
from graph_service.services.container import Services
from graph_service.services.feed import encode_position

WEBHOOK_MUTATIONS = frozenset({"registerWebhook", "pauseWebhook", "resumeWebhook", "deleteWebhook"})
"""Mutation fields answered by their resolvers here, not by the graph's compiled writes."""


@strawberry.enum(name="WebhookState")
class WebhookState(Enum):
    ACTIVE = strawberry.enum_value("active", description="Events are being delivered.")
    PAUSED = strawberry.enum_value(
        "paused", description="Paused by an admin, or after repeated failed deliveries."
    )


@strawberry.type(name="WebhookDelivery", description="One attempt to deliver one event.")
class WebhookDelivery:
    position: str
    at: dt.datetime
    attempt: int
    ok: bool
    status: int | None = strawberry.field(description="The endpoint's HTTP status, if any.")
    error: str | None


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
    id: strawberry.ID
    url: str
    labels: list[str]
    ids: list[strawberry.ID]
    operations: list[AuditOperation]
    state: WebhookState
    position: str = strawberry.field(description="The last position delivered (or skipped).")
    failures: int = strawberry.field(description="Failed deliveries in a row.")
    last_error: str | None
    next_attempt_at: dt.datetime | None
    created_at: dt.datetime

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


@strawberry.type(name="RegisteredWebhook")
class RegisteredWebhook:
    webhook: Webhook
    secret: str = strawberry.field(
        description="The key of the signatures (HMAC-SHA256). Shown this once: keep it."
    )


async def webhooks_field(info: strawberry.Info) -> list[Webhook]:
    """The registered webhooks. Admins only."""
    services: Services = info.context.services
    return [Webhook.from_domain(w) for w in await services.webhooks.all(info.context.key)]


async def register_webhook(
    info: strawberry.Info, url: str, where: ChangeFilter | None = None, after: str | None = None
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
    return {"webhooks": (None, strawberry.field(resolver=webhooks_field, name="webhooks"))}


def webhook_mutations() -> dict[str, tuple[str | None, Any]]:
    return {
        "registerWebhook": (
            None,
            strawberry.mutation(resolver=register_webhook, name="registerWebhook"),
        ),
        "pauseWebhook": (None, strawberry.mutation(resolver=pause_webhook, name="pauseWebhook")),
        "resumeWebhook": (
            None,
            strawberry.mutation(resolver=resume_webhook, name="resumeWebhook"),
        ),
        "deleteWebhook": (
            None,
            strawberry.mutation(resolver=delete_webhook, name="deleteWebhook"),
        ),
    }
