"""Analytics on a cached projection of the graph, off the event loop, bounded and timed.

The projection is read from Neo4j in bulk the first time it is needed and kept, with the results
computed on it, until the graph changes: every mutation through the API bumps the version, and
any other write (a load, another replica's or another program's change, even of one property)
is noticed before each use by the bookmark of Neo4j's last committed transaction.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

import anyio
import networkx as nx

from graph_service.analytics.affinity import AffinityIndex
from graph_service.analytics.engine import CompiledGraph, compile_graph
from graph_service.config import ApiKey
from graph_service.errors import Forbidden, Timeout
from graph_service.services.catalogue import Analysis, analysis
from graph_service.services.result_cache import ResultCache
from graph_service.storage.access import NetworkSource


class AnalyticsTimeout(Timeout):
    """An analysis ran past the service's time limit."""


@dataclass
class Snapshot:
    """The graph as projected at one version, and what has been computed on it."""

    graph: nx.MultiDiGraph[str]
    version: int
    state: frozenset[str]
    """The bookmark of Neo4j's last commit when the graph was read."""
    computed_at: dt.datetime
    results: ResultCache = field(default_factory=ResultCache)
    _compiled: CompiledGraph | None = None
    _affinity: AffinityIndex | None = None

    @property
    def compiled(self) -> CompiledGraph:
        if self._compiled is None:
            self._compiled = compile_graph(self.graph)
        return self._compiled

    @property
    def affinity(self) -> AffinityIndex:
        """The opportunities' walks, kept with the snapshot: later firms reuse them."""
        if self._affinity is None:
            self._affinity = AffinityIndex(self.graph)
        return self._affinity

    def extras(self, uses: frozenset[str]) -> dict[str, Any]:
        """What an analysis of the catalogue ``uses`` of this snapshot, by keyword."""
        extras: dict[str, Any] = {}
        if "compiled" in uses:
            extras["compiled"] = self.compiled
        if "index" in uses:
            extras["index"] = self.affinity
        return extras


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
        self._source = source
        self._limiter = anyio.CapacityLimiter(concurrency)
        self._timeout = timeout
        self._lock = threading.Lock()
        self._version = 0
        self._snapshot: Snapshot | None = None
        self._on_cache = on_cache

    def bump(self) -> None:
        """The graph changed: the next analysis reads it again."""
        with self._lock:
            self._version += 1

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
        snapshot = self._current()
        hit, result = snapshot.results.lookup(key)
        if not hit:
            result = analysis(snapshot)
            snapshot.results.store(key, result)
        if self._on_cache is not None:
            self._on_cache(hit)
        return Computed(result, snapshot.version, snapshot.computed_at)

    def _current(self) -> Snapshot:
        state = self._source.last_commit()
        with self._lock:
            snapshot, version = self._snapshot, self._version
            if snapshot is not None and snapshot.version == version and snapshot.state != state:
                self._version = version = version + 1  # written elsewhere: a new version too
            if snapshot is not None and (snapshot.version, snapshot.state) == (version, state):
                return snapshot
        graph = self._source.read()
        fresh = Snapshot(graph, version, state, dt.datetime.now(dt.UTC))
        with self._lock:
            self._snapshot = fresh
        return fresh


def _computation(entry: Analysis, bound: dict[str, Any]) -> Callable[[Snapshot], Any]:
    keywords = entry.keywords(bound)

    def compute(snapshot: Snapshot) -> Any:
        return entry.function(snapshot.graph, **keywords, **snapshot.extras(entry.uses))

    return compute
