"""Webhooks: partners' endpoints that receive the change feed by HTTP POST."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Webhook:
    """A partner's endpoint: where to POST, which changes, how far it got (``cursor``, the
    last position delivered), and whether it is ``active`` or ``paused``."""

    webhook_id: str
    url: str
    secret: str = field(repr=False)
    labels: tuple[str, ...]
    ids: tuple[str, ...]
    operations: tuple[str, ...]
    state: str
    cursor: int
    failures: int
    created_at: dt.datetime
    last_error: str | None
    next_attempt_at: dt.datetime | None


@dataclass(frozen=True)
class Delivery:
    """One attempt to deliver one event: its HTTP status, or the error that stopped it."""

    position: int
    at: dt.datetime
    attempt: int
    ok: bool
    status: int | None
    error: str | None
