"""Webhooks in Neo4j: their registration, their cursor in the feed, the lease that says which
replica delivers them, and the record of each delivery.

A webhook is delivered by one replica at a time: the one holding its lease (``leaseOwner`` until
``leaseUntil``, both judged by Neo4j's clock, so replicas' clocks do not matter). A replica
takes the lease only after write-locking the webhook's node, so two replicas cannot both take
it; it renews the lease with each delivery, and every cursor move checks it still holds it.
"""

from __future__ import annotations

from typing import Any, LiteralString

import neo4j

from graph_service.domain.webhooks import Delivery, Webhook
from graph_service.storage.commits import QuietCommits, write_quietly
from graph_service.storage.errors import translated_async
from graph_service.storage.feed import session

_CREATE = (
    "OPTIONAL MATCH (w:Webhook) WITH count(w) AS registered WHERE registered < $most "
    "CREATE (w:Webhook) SET w = $webhook, w.createdAt = datetime(), w.failures = 0, "
    "w.state = 'active' RETURN properties(w) AS webhook"
)
_ONE = "MATCH (w:Webhook {webhookId: $id}) RETURN properties(w) AS webhook"
_ALL = "MATCH (w:Webhook) RETURN properties(w) AS webhook ORDER BY w.createdAt, w.webhookId"
_PAUSE = "MATCH (w:Webhook {webhookId: $id}) SET w.state = 'paused' RETURN properties(w) AS webhook"
_RESUME = (
    "MATCH (w:Webhook {webhookId: $id}) SET w.state = 'active', w.failures = 0, "
    "w.nextAttemptAt = null, w.cursor = coalesce($cursor, w.cursor) "
    "RETURN properties(w) AS webhook"
)
_DELETE = (
    "MATCH (w:Webhook {webhookId: $id}) "
    "CALL (w) { MATCH (d:WebhookDelivery {webhookId: w.webhookId}) DELETE d } "
    "DELETE w RETURN count(*) AS deleted"
)
_DUE = (
    "MATCH (w:Webhook) WHERE w.state = 'active' "
    "AND (w.nextAttemptAt IS NULL OR w.nextAttemptAt <= datetime()) "
    "AND (w.leaseUntil IS NULL OR w.leaseUntil < datetime() OR w.leaseOwner = $me) "
    "AND w.cursor < $head RETURN w.webhookId AS id"
)
_CLAIM = (
    # Locked first (_lock), then read: two replicas cannot both see the lease free.
    "MATCH (w:Webhook {webhookId: $id}) SET w._lock = true "
    "WITH w WHERE w.state = 'active' "
    "AND (w.leaseUntil IS NULL OR w.leaseUntil < datetime() OR w.leaseOwner = $me) "
    "SET w.leaseOwner = $me, w.leaseUntil = datetime() + duration({seconds: $lease}) "
    "REMOVE w._lock RETURN properties(w) AS webhook"
)
_ADVANCE = (
    "MATCH (w:Webhook {webhookId: $id}) SET w._lock = true "
    "WITH w WHERE w.leaseOwner = $me AND w.state = 'active' "
    "SET w.cursor = $cursor, w.failures = 0, w.nextAttemptAt = null, w.lastError = null, "
    "w.leaseUntil = datetime() + duration({seconds: $lease}) REMOVE w._lock "
    "FOREACH (d IN $deliveries | CREATE (r:WebhookDelivery) SET r = d, r.at = datetime(), "
    "r.webhookId = w.webhookId) "
    "RETURN w.webhookId AS id"
)
_FAIL = (
    "MATCH (w:Webhook {webhookId: $id}) SET w._lock = true "
    "WITH w WHERE w.leaseOwner = $me "
    "WITH w, coalesce(w.failures, 0) + 1 AS failures "
    "SET w.failures = failures, w.lastError = $error, "
    "w.nextAttemptAt = datetime() + duration({milliseconds: "
    "toInteger(CASE WHEN $base * 2.0 ^ (failures - 1) > $cap THEN $cap "
    "ELSE $base * 2.0 ^ (failures - 1) END * 1000)}), "
    "w.state = CASE WHEN failures >= $most THEN 'paused' ELSE w.state END, "
    "w.leaseOwner = null, w.leaseUntil = null REMOVE w._lock "
    "CREATE (r:WebhookDelivery) SET r = $delivery, r.at = datetime(), r.webhookId = w.webhookId "
    "RETURN w.state AS state"
)
_RELEASE = (
    "MATCH (w:Webhook {webhookId: $id}) WHERE w.leaseOwner = $me "
    "SET w.leaseOwner = null, w.leaseUntil = null"
)
_DELIVERIES = (
    "MATCH (d:WebhookDelivery {webhookId: $id}) RETURN properties(d) AS delivery "
    "ORDER BY d.at DESC, d.position DESC LIMIT $limit"
)


class WebhookStore:
    def __init__(
        self, driver: neo4j.AsyncDriver, database: str, quiet: QuietCommits | None = None
    ) -> None:
        self._driver = driver
        self._database = database
        self._quiet = quiet or QuietCommits()
        """Told each commit's bookmark: webhooks change nothing the analyses read."""

    async def _run(self, query: LiteralString, **params: Any) -> list[neo4j.Record]:
        async with translated_async(), session(self._driver, self._database) as writing:
            return await write_quietly(writing, query, params, self._quiet)

    async def create(self, webhook: dict[str, Any], most: int) -> Webhook | None:
        """The new webhook; None if ``most`` are registered already."""
        records = await self._run(_CREATE, webhook=webhook, most=most)
        return _webhook(records[0]["webhook"]) if records else None

    async def get(self, webhook_id: str) -> Webhook | None:
        records = await self._run(_ONE, id=webhook_id)
        return _webhook(records[0]["webhook"]) if records else None

    async def all(self) -> list[Webhook]:
        return [_webhook(r["webhook"]) for r in await self._run(_ALL)]

    async def pause(self, webhook_id: str) -> Webhook | None:
        records = await self._run(_PAUSE, id=webhook_id)
        return _webhook(records[0]["webhook"]) if records else None

    async def resume(self, webhook_id: str, cursor: int | None = None) -> Webhook | None:
        """Active again, failures forgotten; from ``cursor`` on if given (a replay)."""
        records = await self._run(_RESUME, id=webhook_id, cursor=cursor)
        return _webhook(records[0]["webhook"]) if records else None

    async def delete(self, webhook_id: str) -> bool:
        records = await self._run(_DELETE, id=webhook_id)
        return bool(records and records[0]["deleted"])

    async def due(self, me: str, head: int) -> list[str]:
        """The active webhooks behind ``head`` that this replica may deliver now."""
        return [str(r["id"]) for r in await self._run(_DUE, me=me, head=head)]

    async def claim(self, webhook_id: str, me: str, lease: float) -> Webhook | None:
        records = await self._run(_CLAIM, id=webhook_id, me=me, lease=lease)
        return _webhook(records[0]["webhook"]) if records else None

    async def advance(
        self,
        webhook_id: str,
        me: str,
        cursor: int,
        lease: float,
        delivered: list[Delivery],
    ) -> bool:
        """Move the cursor (recording the deliveries that got it there) if still the owner."""
        records = await self._run(
            _ADVANCE,
            id=webhook_id,
            me=me,
            cursor=cursor,
            lease=lease,
            deliveries=[_delivery_props(d) for d in delivered],
        )
        return bool(records)

    async def fail(
        self,
        webhook_id: str,
        me: str,
        delivery: Delivery,
        *,
        base: float,
        cap: float,
        most: int,
    ) -> str | None:
        """Record a failed delivery; the next attempt waits ``base * 2^(failures-1)`` seconds
        (at most ``cap``); after ``most`` failures in a row the webhook is paused. Returns the
        webhook's state (None: the lease was lost)."""
        records = await self._run(
            _FAIL,
            id=webhook_id,
            me=me,
            delivery=_delivery_props(delivery),
            error=delivery.error,
            base=base,
            cap=cap,
            most=most,
        )
        return str(records[0]["state"]) if records else None

    async def release(self, webhook_id: str, me: str) -> None:
        await self._run(_RELEASE, id=webhook_id, me=me)

    async def deliveries(self, webhook_id: str, first: int) -> list[Delivery]:
        records = await self._run(_DELIVERIES, id=webhook_id, limit=first)
        return [_delivery(r["delivery"]) for r in records]


def _native(value: Any) -> Any:
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


def _webhook(props: dict[str, Any]) -> Webhook:
    return Webhook(
        webhook_id=props["webhookId"],
        url=props["url"],
        secret=props["secret"],
        labels=tuple(props.get("labels") or ()),
        ids=tuple(props.get("ids") or ()),
        operations=tuple(props.get("operations") or ()),
        state=props["state"],
        cursor=int(props.get("cursor") or 0),
        failures=int(props.get("failures") or 0),
        created_at=_native(props["createdAt"]),
        last_error=props.get("lastError"),
        next_attempt_at=_native(props.get("nextAttemptAt")),
    )


def _delivery_props(delivery: Delivery) -> dict[str, Any]:
    return {
        "position": delivery.position,
        "attempt": delivery.attempt,
        "ok": delivery.ok,
        "status": delivery.status,
        "error": delivery.error,
    }


def _delivery(props: dict[str, Any]) -> Delivery:
    return Delivery(
        position=int(props["position"]),
        at=_native(props["at"]),
        attempt=int(props.get("attempt") or 1),
        ok=bool(props["ok"]),
        status=props.get("status"),
        error=props.get("error"),
    )
