"""The change feed: every committed change in commit order, read by position, and streamed live
to subscribers.

The feed *is* the audit trail (one entry per change, written in the change's transaction); it
adds a position to each entry. Positions go to clients as opaque, versioned strings
(:func:`encode_position`).

Each replica runs one :class:`FeedHub`: it reads Neo4j for entries after the last it saw every
``poll_seconds``, keeps the most recent in memory and wakes its subscribers. A subscriber reads
from the hub's memory while it keeps up, and from Neo4j when it has fallen behind it (a resume
from an old position, a slow client): either way it gets every entry after its position once,
in order. Replicas share nothing but Neo4j, so a subscriber on any replica sees the changes
made through all of them.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
from collections import Counter, deque
from collections.abc import AsyncIterator, Callable
from contextlib import suppress

from graph_service.config import ApiKey, FeedSettings
from graph_service.domain.audit import AuditEntry, FeedFilter
from graph_service.errors import (
    GraphServiceError,
    InvalidArgument,
    LimitExceeded,
    PositionExpired,
)
from graph_service.storage.feed import ChangeLog

log = logging.getLogger(__name__)

MAX_PAGE = 500
BUFFER = 10_000
"""Entries each replica keeps in memory for its live subscribers."""
_PREFIX = "feed:1:"


def encode_position(position: int) -> str:
    """The opaque, versioned form of a position that clients see."""
    return base64.urlsafe_b64encode(f"{_PREFIX}{position}".encode()).decode().rstrip("=")


def decode_position(text: str, field: str = "after") -> int:
    """The position of a string of :func:`encode_position`; INVALID_INPUT for anything else."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
        if raw.startswith(_PREFIX) and raw[len(_PREFIX) :].isdigit():
            return int(raw[len(_PREFIX) :])
    except (binascii.Error, UnicodeError, ValueError):
        pass
    raise InvalidArgument(f"{text[:100]!r} is not a position of the change feed", field)


class ChangeFeed:
    """Reading the feed, for any key (readers included)."""

    def __init__(self, log_: ChangeLog) -> None:
        self._log = log_

    async def page(
        self, after: int | None, first: int, which: FeedFilter
    ) -> tuple[list[AuditEntry], int]:
        """Up to ``first`` changes after ``after`` (None: from the start of what is kept), and
        the position to continue from (the last one returned, or the head when none matched)."""
        if not 1 <= first <= MAX_PAGE:
            raise InvalidArgument(f"first must be between 1 and {MAX_PAGE}", "first")
        head, pruned = await self._log.head()
        start = pruned if after is None else await self.checked(after, head, pruned)
        entries = await self._log.page(start, first, which)
        if len(entries) == first:
            assert entries[-1].position is not None
            return entries, entries[-1].position
        # Fewer than asked: nothing more matches up to the head read before the page.
        return entries, max(start, head, *(e.position or 0 for e in entries))

    async def head(self) -> int:
        return (await self._log.head())[0]

    async def checked(self, after: int, head: int | None = None, pruned: int | None = None) -> int:
        """``after`` if changes after it can still be read; PositionExpired otherwise."""
        if head is None or pruned is None:
            head, pruned = await self._log.head()
        if after < pruned:
            raise PositionExpired(
                "the changes after this position are older than the feed keeps: "
                "read the current state again, then follow the feed from its head"
            )
        return after


class FeedHub:
    """One replica's live view of the feed, shared by its subscribers."""

    def __init__(self, log_: ChangeLog, settings: FeedSettings) -> None:
        self._log = log_
        self._settings = settings
        self._recent: deque[AuditEntry] = deque(maxlen=BUFFER)
        self._floor = 0
        """The recent entries hold every entry after this position."""
        self._head = 0
        self._changed = asyncio.Condition()
        self._started = asyncio.Event()
        self._subscriptions: Counter[str] = Counter()
        self._task: asyncio.Task[None] | None = None

    @property
    def head(self) -> int:
        return self._head

    async def start(self) -> None:
        self._task = asyncio.create_task(self._follow(), name="change-feed")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task

    async def wait_started(self) -> None:
        await self._started.wait()

    async def changed(self, head: int, timeout: float) -> None:
        """Return when the hub has seen past ``head`` (or after ``timeout`` seconds)."""
        async with self._changed:
            with suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait_for(lambda: self._head > head), timeout)

    async def _follow(self) -> None:
        failures = 0
        while True:
            try:
                await self._poll()
                self._started.set()
                failures = 0
                await asyncio.sleep(self._settings.poll_seconds)
            except asyncio.CancelledError:
                raise
            except GraphServiceError as error:
                failures += 1
                log.warning("the change feed cannot be read: %s", error)
                await asyncio.sleep(min(5.0, self._settings.poll_seconds * 2**failures))

    async def _poll(self) -> None:
        if not self._started.is_set():
            self._head = self._floor = (await self._log.head())[0]
        while True:
            entries = await self._log.page(self._head, MAX_PAGE)
            if not entries:
                head, _ = await self._log.head()
                if head < self._head:  # the database was emptied or restored from a backup
                    log.warning("the change feed went back from %d to %d", self._head, head)
                    self._recent.clear()
                    self._head = self._floor = head
                return
            async with self._changed:
                for entry in entries:
                    if len(self._recent) == self._recent.maxlen:
                        self._floor = self._recent[0].position or self._floor
                    self._recent.append(entry)
                self._head = entries[-1].position or self._head
                self._changed.notify_all()
            if len(entries) < MAX_PAGE:
                return

    def _after(self, position: int) -> list[AuditEntry] | None:
        """The recent entries after ``position``; None if the hub no longer has them all."""
        if position < self._floor:
            return None
        return [e for e in self._recent if (e.position or 0) > position]

    async def subscribe(
        self, key: ApiKey, after: int | None, which: FeedFilter, feed: ChangeFeed
    ) -> Subscription:
        """Every change after ``after`` (None: from now on) that matches ``which``, then each
        new one as it is committed, in order, each once, until the subscription is closed.
        Refused (LIMIT_EXCEEDED) beyond the key's number of subscriptions on this replica;
        POSITION_EXPIRED when ``after`` was pruned."""
        if self._subscriptions[key.name] >= self._settings.subscriptions_per_key:
            raise LimitExceeded(
                f"the key {key.name!r} already holds {self._settings.subscriptions_per_key} "
                "subscriptions, the most allowed"
            )
        self._subscriptions[key.name] += 1  # taken before any await: no race past the limit
        try:
            position = await feed.head() if after is None else await feed.checked(after)
        except BaseException:
            self._release(key.name)
            raise
        return Subscription(self._stream(position, which), lambda: self._release(key.name))

    def _release(self, key_name: str) -> None:
        self._subscriptions[key_name] -= 1

    async def _stream(self, position: int, which: FeedFilter) -> AsyncIterator[AuditEntry]:
        await self.wait_started()
        while True:
            recent = self._after(position)
            if recent is None:  # behind the hub's memory: read Neo4j
                try:
                    entries = await self._log.page(position, MAX_PAGE)
                except GraphServiceError as error:  # Neo4j away: wait for it, lose nothing
                    log.warning("a subscription cannot read the change feed: %s", error)
                    await asyncio.sleep(1)
                    continue
                if not entries:
                    position = max(position, self._floor)
                    continue
            else:
                entries = recent
            for entry in entries:
                if which.matches(entry):
                    yield entry
                position = entry.position or position
            if not entries:
                await self.changed(position, self._settings.ping_seconds)


class Subscription:
    """A live subscription: an async iterator of changes that gives its slot back when it is
    closed (whether or not it was ever read)."""

    def __init__(self, entries: AsyncIterator[AuditEntry], release: Callable[[], None]) -> None:
        self._entries = entries
        self._release: Callable[[], None] | None = release

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> AuditEntry:
        try:
            return await anext(self._entries)
        except BaseException:
            await self.aclose()
            raise

    async def aclose(self) -> None:
        if self._release is not None:
            self._release()
            self._release = None
            aclose = getattr(self._entries, "aclose", None)
            if aclose is not None:
                await aclose()
