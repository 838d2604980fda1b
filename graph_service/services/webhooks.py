"""Webhooks: the change feed POSTed to partners' HTTP endpoints, signed, in order, at least once.

An admin registers a URL with filters and gets the webhook's secret, once. Each replica runs a
:class:`WebhookDispatcher`; for each webhook behind the feed's head, the replica that holds the
webhook's lease in Neo4j delivers its events one at a time, in position order, and moves the
webhook's cursor after each delivery the endpoint accepted (any 2xx). A failure (another status,
a timeout, a refused connection) is recorded and retried after ``backoff * 2^(n-1)`` seconds;
after ``webhook_failures`` in a row the webhook is paused until an admin resumes it.

The service makes outbound HTTP requests to the registered URLs: only ``http``/``https``, no
redirects followed, each request bounded in time and body size.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import hashlib
import hmac
import logging
import secrets
import time
import uuid
from collections.abc import Sequence
from contextlib import suppress
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson

from graph_service import __version__
from graph_service.config import ApiKey, FeedSettings
from graph_service.domain.audit import AuditEntry, FeedFilter, Operation
from graph_service.domain.model import LABELS, RELATIONSHIPS
from graph_service.domain.webhooks import Delivery, Webhook
from graph_service.errors import (
    Forbidden,
    GraphServiceError,
    InvalidArgument,
    LimitExceeded,
    NotFound,
)
from graph_service.services.feed import ChangeFeed, FeedHub, decode_position, encode_position
from graph_service.storage.feed import ChangeLog
from graph_service.storage.webhooks import WebhookStore

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "Graph-Service-Signature"
MAX_URL = 2048
MAX_IDS = 100
MAX_BODY = 256 * 1024
"""An event larger than this is sent without its properties (``"truncated": true``)."""
PAGE = 100


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The value of the signature header: ``t=<unix time>,v1=<hex HMAC-SHA256 of
    "<t>.<body>" keyed by the webhook's secret>``."""
    signed = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def event_json(entry: AuditEntry) -> dict[str, Any]:
    """An event as partners receive it by webhook (the fields of the GraphQL ``ChangeEvent``)."""
    assert entry.position is not None
    return {
        "position": encode_position(entry.position),
        "at": entry.at.isoformat(),
        "keyName": entry.key_name,
        "operation": entry.operation.value.upper(),
        "mutation": entry.mutation,
        "targetType": entry.target_type,
        "targetIds": list(entry.target_ids),
        "labels": list(entry.labels),
        "before": entry.change.before,
        "after": entry.change.after,
        "removedRelationships": list(entry.change.removed_relationships),
    }


def event_body(entry: AuditEntry) -> bytes:
    body = orjson.dumps(event_json(entry))
    if len(body) > MAX_BODY:
        event = event_json(entry)
        for name in ("before", "after", "removedRelationships"):
            event[name] = None
        body = orjson.dumps({**event, "truncated": True})
    return body


class Webhooks:
    """Registering and managing webhooks: admins only."""

    def __init__(self, store: WebhookStore, feed: ChangeFeed, settings: FeedSettings) -> None:
        self._store = store
        self._feed = feed
        self._settings = settings

    async def register(
        self, key: ApiKey, url: str, which: FeedFilter, after: str | None
    ) -> tuple[Webhook, str]:
        """The new webhook, and its secret (shown this once). Events after ``after`` (default:
        from now on) are delivered."""
        _admin(key)
        _check_url(url)
        _check_filter(which)
        start = await self._feed.head() if after is None else decode_position(after)
        if after is not None:
            await self._feed.checked(start)
        secret = "whsec_" + secrets.token_urlsafe(32)
        created = await self._store.create(
            {
                "webhookId": str(uuid.uuid4()),
                "url": url,
                "secret": secret,
                "labels": list(which.labels),
                "ids": list(which.ids),
                "operations": [o.value for o in which.operations],
                "cursor": start,
            },
            self._settings.webhooks,
        )
        if created is None:
            raise LimitExceeded(
                f"{self._settings.webhooks} webhooks are registered, the most allowed", "url"
            )
        return created, secret

    async def all(self, key: ApiKey) -> list[Webhook]:
        _admin(key)
        return await self._store.all()

    async def pause(self, key: ApiKey, webhook_id: str) -> Webhook:
        _admin(key)
        return _found(await self._store.pause(webhook_id), webhook_id)

    async def resume(self, key: ApiKey, webhook_id: str, after: str | None = None) -> Webhook:
        """Active again; with ``after``, events after that position are delivered again (a
        replay, with the same idempotency keys)."""
        _admin(key)
        cursor = None
        if after is not None:
            cursor = await self._feed.checked(decode_position(after))
        return _found(await self._store.resume(webhook_id, cursor), webhook_id)

    async def delete(self, key: ApiKey, webhook_id: str) -> None:
        _admin(key)
        if not await self._store.delete(webhook_id):
            raise NotFound(f"no webhook with id {webhook_id!r}", "id")

    async def deliveries(self, key: ApiKey, webhook_id: str, first: int) -> list[Delivery]:
        _admin(key)
        if not 1 <= first <= 100:
            raise InvalidArgument("first must be between 1 and 100", "first")
        return await self._store.deliveries(webhook_id, first)


class WebhookDispatcher:
    """One replica's deliveries: the webhooks whose lease it holds."""

    def __init__(
        self, store: WebhookStore, log_: ChangeLog, hub: FeedHub, settings: FeedSettings
    ) -> None:
        self._store = store
        self._log = log_
        self._hub = hub
        self._settings = settings
        self._me = f"replica-{uuid.uuid4()}"
        self._running: dict[str, asyncio.Task[None]] = {}
        self._task: asyncio.Task[None] | None = None
        self._client = httpx.AsyncClient(
            timeout=settings.webhook_timeout_seconds,
            follow_redirects=False,
            headers={"user-agent": f"graph-service/{__version__}"},
        )

    async def start(self) -> None:
        self._task = asyncio.create_task(self._dispatch(), name="webhooks")

    async def stop(self) -> None:
        tasks = [t for t in (self._task, *self._running.values()) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with suppress(asyncio.CancelledError, Exception):
                await task
        await self._client.aclose()

    async def _dispatch(self) -> None:
        await self._hub.wait_started()
        while True:
            try:
                for webhook_id in await self._store.due(self._me, self._hub.head):
                    if webhook_id not in self._running:
                        task = asyncio.create_task(self._deliver(webhook_id))
                        self._running[webhook_id] = task
                        task.add_done_callback(functools.partial(self._done, webhook_id))
            except GraphServiceError as error:
                log.warning("webhooks: cannot read what is due: %s", error)
            await asyncio.sleep(self._settings.poll_seconds)

    def _done(self, webhook_id: str, task: asyncio.Task[None]) -> None:
        self._running.pop(webhook_id, None)

    async def _deliver(self, webhook_id: str) -> None:
        try:
            webhook = await self._store.claim(
                webhook_id, self._me, self._settings.webhook_lease_seconds
            )
            if webhook is None:
                return
            try:
                await self._deliver_claimed(webhook)
            finally:
                await self._store.release(webhook_id, self._me)
        except GraphServiceError as error:
            log.warning("webhook %s: %s", webhook_id, error)

    async def _deliver_claimed(self, webhook: Webhook) -> None:
        which = _filter(webhook)
        cursor = webhook.cursor
        while True:
            entries = await self._log.page(cursor, PAGE)
            if not entries:
                return
            for entry in entries:
                assert entry.position is not None
                if not which.matches(entry):
                    cursor = entry.position
                    continue
                delivery = await self._post(webhook, entry)
                if not delivery.ok:
                    state = await self._store.fail(
                        webhook.webhook_id,
                        self._me,
                        delivery,
                        base=self._settings.webhook_backoff_seconds,
                        cap=self._settings.webhook_backoff_cap_seconds,
                        most=self._settings.webhook_failures,
                    )
                    log.warning(
                        "webhook %s: delivery of %d failed (%s); now %s",
                        webhook.webhook_id,
                        entry.position,
                        delivery.error,
                        state,
                    )
                    return
                cursor = entry.position
                if not await self._store.advance(
                    webhook.webhook_id,
                    self._me,
                    cursor,
                    self._settings.webhook_lease_seconds,
                    [delivery],
                ):
                    return  # paused, deleted, or the lease went to another replica
            if not await self._store.advance(
                webhook.webhook_id, self._me, cursor, self._settings.webhook_lease_seconds, []
            ):
                return

    async def _post(self, webhook: Webhook, entry: AuditEntry) -> Delivery:
        assert entry.position is not None
        body = event_body(entry)
        position = encode_position(entry.position)
        headers = {
            "content-type": "application/json",
            SIGNATURE_HEADER: signature(webhook.secret, int(time.time()), body),
            "idempotency-key": position,
            "graph-service-webhook": webhook.webhook_id,
        }
        status: int | None = None
        error: str | None = None
        try:
            async with self._client.stream(
                "POST", webhook.url, content=body, headers=headers
            ) as response:
                status = response.status_code
        except httpx.HTTPError as failure:
            error = f"{type(failure).__name__}: {failure}"[:500]
        ok = status is not None and 200 <= status < 300
        if status is not None and not ok:
            error = f"HTTP {status}"
        return Delivery(entry.position, _now(), webhook.failures + 1, ok, status, error)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _filter(webhook: Webhook) -> FeedFilter:
    return FeedFilter(webhook.labels, webhook.ids, tuple(Operation(o) for o in webhook.operations))


def _admin(key: ApiKey) -> None:
    if key.role != "admin":
        raise Forbidden(f"the role {key.role!r} may not manage webhooks")


def _found(webhook: Webhook | None, webhook_id: str) -> Webhook:
    if webhook is None:
        raise NotFound(f"no webhook with id {webhook_id!r}", "id")
    return webhook


def _check_url(url: str) -> None:
    if len(url) > MAX_URL:
        raise InvalidArgument(f"the URL is longer than {MAX_URL} characters", "url")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises on a port out of range)
    except ValueError as error:
        raise InvalidArgument(f"{url[:100]!r} is not a URL: {error}", "url") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidArgument("the URL must be http:// or https:// with a host", "url")
    if parts.username or parts.password:
        raise InvalidArgument("the URL must not carry a user name or password", "url")


def _check_filter(which: FeedFilter) -> None:
    known: Sequence[str] = [*LABELS, *RELATIONSHIPS]
    for label in which.labels:
        if label not in known:
            raise InvalidArgument(f"{label!r} is neither a label nor a relationship type", "labels")
    if len(which.ids) > MAX_IDS or any(len(i) > 200 for i in which.ids):
        raise InvalidArgument(f"at most {MAX_IDS} ids, each up to 200 characters", "ids")
