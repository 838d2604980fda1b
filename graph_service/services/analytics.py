"""Analytics on a projection of the graph kept in memory, off the event loop, bounded and timed.

The projection (:mod:`graph_service.services.projection`) is read from Neo4j once and then
kept current by the change feed; each version keeps the results computed on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import anyio

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
        """``analysis`` on the current snapshot in a worker thread; cached per ``key``."""
        try:
            with anyio.fail_after(self._timeout):
                # abandon_on_cancel: the caller gets its answer at the timeout; the worker
                # thread finishes on its own (and still fills the cache).
                return await anyio.to_thread.run_sync(
                    self._run, key, analysis, limiter=self._limiter, abandon_on_cancel=True
                )
        except TimeoutError:
            raise AnalyticsTimeout(
                f"the analysis took longer than {self._timeout:.0f} s; try again later"
            ) from None

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
