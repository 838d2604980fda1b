"""Analytics on a projection of the graph kept in memory, off the event loop, bounded and timed.

The projection (:mod:`graph_service.services.projection`) is read from Neo4j once and then
kept current by the change feed; each version keeps the results computed on it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Hashable
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

import anyio

from graph_service.analytics.stopping import Stopped, stops_on
from graph_service.config import ApiKey
from graph_service.domain.audit import AuditEntry
from graph_service.errors import Forbidden, Timeout
from graph_service.services.catalogue import Analysis, analysis
from graph_service.services.projection import LiveProjection, Snapshot
from graph_service.storage.access import NetworkSource


class AnalyticsTimeout(Timeout):
    """An analysis ran past the service's time limit."""


@dataclass(frozen=True)
class Computed:
    """A result with the graph version it was computed on, and when."""

    result: Any
    graph_version: int
    computed_at: dt.datetime


class AnalyticsService:
    def __init__(
        self,
        source: NetworkSource,
        *,
        concurrency: int = 2,
        timeout: float = 120.0,
        on_cache: Callable[[bool], None] | None = None,
    ) -> None:
        """``on_cache(hit)`` is told whether each analysis came from the cache."""
        self.projection = LiveProjection(source)
        self._limiter = anyio.CapacityLimiter(concurrency)
        self._timeout = timeout
        self._on_cache = on_cache

    def offer(self, entries: list[AuditEntry]) -> None:
        """Committed changes (this replica's or the change feed's), for the projection."""
        self.projection.offer(entries)

    def close(self) -> None:
        self.projection.close()

    async def analyse(self, name: str, given: dict[str, Any], key: ApiKey) -> Computed:
        """The catalogue's analysis ``name`` with the ``given`` parameters, as ``key``.

        The role and every parameter are checked before any work is done
        (:class:`~graph_service.errors.Forbidden`, :class:`~graph_service.errors.InvalidArgument`);
        the result is cached with the snapshot it was computed on.
        """
        entry = analysis(name)
        if entry.heavy and not key.can_analyse:
            raise Forbidden(f"the role {key.role!r} may not run this analysis")
        bound = entry.bind(given)
        cache_key = (entry.name, *sorted(bound.items()))
        return await self.run(cache_key, _computation(entry, bound))

    async def run(self, key: Hashable, analysis: Callable[[Snapshot], Any]) -> Computed:
        """``analysis`` on the current snapshot in a worker thread; cached per ``key``.

        At most ``concurrency`` analyses compute at once, counting those whose callers have
        given up: one past its time limit, or whose request ended, is told to stop
        (:mod:`graph_service.analytics.stopping`) and keeps its place until its thread has
        stopped, so that abandoned work cannot pile up beside new requests.
        """
        stop = threading.Event()
        place = _Place(self._limiter)
        await place.take()
        try:
            with anyio.fail_after(self._timeout):
                # abandon_on_cancel: the caller gets its answer at the timeout, without waiting
                # for the thread to reach its next check.
                return await anyio.to_thread.run_sync(
                    place.held_by_thread(self._run_stoppable, stop, key, analysis),
                    abandon_on_cancel=True,
                )
        except TimeoutError:
            raise AnalyticsTimeout(
                f"the analysis took longer than {self._timeout:.0f} s; try again later"
            ) from None
        finally:
            stop.set()  # the caller is done with it, whether or not it finished
            place.leave()

    def _run_stoppable(
        self, stop: threading.Event, key: Hashable, analysis: Callable[[Snapshot], Any]
    ) -> Computed:
        with stops_on(stop):
            return self._run(key, analysis)

    def _run(self, key: Hashable, analysis: Callable[[Snapshot], Any]) -> Computed:
        snapshot = self.projection.acquire()
        try:
            hit, result = snapshot.results.lookup(key)
            if not hit:
                result = analysis(snapshot)
                snapshot.results.store(key, result)
        finally:
            self.projection.release(snapshot)
        if self._on_cache is not None:
            self._on_cache(hit)
        return Computed(result, snapshot.version, snapshot.computed_at)


def _computation(entry: Analysis, bound: dict[str, Any]) -> Callable[[Snapshot], Any]:
    keywords = entry.keywords(bound)

    def compute(snapshot: Snapshot) -> Any:
        return entry.function(snapshot.graph, **keywords, **snapshot.extras(entry.uses))

    return compute


class _Place:
    """A place among the analyses allowed to compute at once, taken by the caller and held by
    the worker thread from its start to its end; given back by whichever is last to hold it
    (the caller when its thread never started)."""

    def __init__(self, limiter: anyio.CapacityLimiter) -> None:
        self._limiter = limiter
        self._lock = threading.Lock()
        self._holder = "nobody"

    async def take(self) -> None:
        await self._limiter.acquire_on_behalf_of(self)
        self._holder = "caller"

    def held_by_thread(self, work: Callable[..., Any], *args: Any) -> Callable[[], Any]:
        def in_thread() -> Any:
            with self._lock:
                if self._holder != "caller":  # the caller left before the thread started
                    raise Stopped
                self._holder = "thread"
            try:
                return work(*args)
            finally:
                with self._lock:
                    self._holder = "nobody"
                with suppress(RuntimeError):  # the event loop is gone: nothing to give back
                    anyio.from_thread.run_sync(self._limiter.release_on_behalf_of, self)

        return in_thread

    def leave(self) -> None:
        """The caller is done: give the place back unless its thread holds it."""
        with self._lock:
            if self._holder != "caller":
                return
            self._holder = "nobody"
        self._limiter.release_on_behalf_of(self)
