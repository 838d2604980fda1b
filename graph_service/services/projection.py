"""The analytics' projection of the graph, kept current by the change feed.

The graph is read from Neo4j in bulk once; after that every committed change is applied to
it, in the feed's position order: this replica's own changes as soon as they commit, other
replicas' as the feed hub sees them, and any still missing when an analysis starts (the feed's
head is checked before each one, with a query that returns one number). No change made
through the service, on any replica, makes an analysis wait for a read of the whole graph.

When the graph was replaced or written past the service (a load's summary event, a gap in the
positions, a commit that moved no position: a load from Python or direct Cypher) the next
analysis reads the whole graph first: answering from the graph before a load would describe
another network. More than :data:`MAX_CATCH_UP` changes offered at once are read again in the
background, and the last consistent version answers meanwhile, with its version number. Any
commit moves Neo4j's bookmark; this replica's webhook deliveries and saved views note theirs
(:class:`~graph_service.storage.commits.QuietCommits`), so they are not taken for writes past
the service; another replica's are, and cost the next analysis here a read of the graph.

Analyses read a version's graph in worker threads while others run: a version with no
analysis running is changed in place (microseconds a change); one that is in use is copied in
the background, changed and then published, and the analyses that started on it finish on it.
What is derived from a version (its compiled igraph view, its results) belongs to it; a new
version starts with an empty result cache and compiles from its predecessor's compilation,
walking only the nodes whose ties changed.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph_service.analytics.affinity import AffinityIndex
from graph_service.analytics.changes import (
    ChangeNotApplicable,
    apply_changes,
    copy_projection,
    touched_nodes,
)
from graph_service.analytics.engine import CompiledGraph, compile_graph, recompile
from graph_service.domain.audit import AuditEntry, Operation
from graph_service.errors import GraphServiceError
from graph_service.services.result_cache import ResultCache
from graph_service.storage.access import NetworkSource

log = logging.getLogger(__name__)

MAX_CATCH_UP = 5_000
"""Changes applied one by one at most; beyond that the graph is read again."""


@dataclass(eq=False)
class Snapshot:
    """The graph at one version (every change up to ``position`` of the feed applied), and
    what has been computed on it."""

    graph: nx.MultiDiGraph[str]
    version: int
    position: int
    computed_at: dt.datetime
    results: ResultCache = field(default_factory=ResultCache)
    base: CompiledGraph | None = None
    """The compilation of an earlier version, whose ties differ only at ``touched``."""
    touched: frozenset[Hashable] = frozenset()
    readers: int = 0
    """Analyses running on this version now (guarded by the projection's lock)."""
    _compiled: CompiledGraph | None = None
    _affinity: AffinityIndex | None = None
    _compiling: threading.Lock = field(default_factory=threading.Lock)
    _indexing: threading.Lock = field(default_factory=threading.Lock)

    @property
    def compiled(self) -> CompiledGraph:
        with self._compiling:  # once, for all the analyses that want it at the same time
            if self._compiled is None:
                if self.base is not None:
                    self._compiled = recompile(self.base, self.graph, self.touched)
                else:
                    self._compiled = compile_graph(self.graph)
                self.base = None
            return self._compiled

    @property
    def affinity(self) -> AffinityIndex:
        """The opportunities' walks, kept with the snapshot: later firms reuse them."""
        with self._indexing:  # one index, whichever thread asks first
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

    def successor(
        self, graph: nx.MultiDiGraph[str], version: int, position: int, applied: list[AuditEntry]
    ) -> Snapshot:
        """The next version: ``graph`` is this one's with ``applied`` changes."""
        touched = touched_nodes(applied)
        with self._compiling:
            compiled, base, earlier = self._compiled, self.base, self.touched
        later = Snapshot(graph, version, position, dt.datetime.now(dt.UTC), base=compiled or base)
        later.touched = frozenset(touched) | (earlier if compiled is None else frozenset())
        if not touched and compiled is not None:  # properties only: the same ties
            later._compiled, later.base = compiled, None
        affinity = self._affinity
        if affinity is not None and all(e.operation is not Operation.DELETE for e in applied):
            # The opportunities' walks that the changes cannot have altered go on: the first
            # firm asked for after a write does not walk every association again.
            later._affinity = affinity.after_changes(graph, touched, in_place=graph is self.graph)
        return later


class LiveProjection:
    """The current snapshot for the analyses, kept current by the change feed."""

    def __init__(self, source: NetworkSource) -> None:
        self._source = source
        self._lock = threading.Lock()
        """Guards the fields below; held while a snapshot nobody reads is changed in place."""
        self._apply = threading.Lock()
        """One thread at a time brings the snapshot forward."""
        self._snapshot: Snapshot | None = None
        self._version = 0
        self._head = 0
        self._pending: dict[int, AuditEntry] = {}
        self._bookmark: tuple[int, frozenset[str]] | None = None
        self._want_read = self._want_catch_up = False
        self._worker: threading.Thread | None = None
        self._closed = False
        self._reads = 0
        """Graphs read whole so far (the walks ahead of one stop when the next is read)."""

    @property
    def position(self) -> int:
        """The feed position of the current snapshot (0 before the first read)."""
        snapshot = self._snapshot
        return 0 if snapshot is None else snapshot.position

    def acquire(self) -> Snapshot:
        """The current snapshot, brought up to the feed's head first when that is quick;
        give it back with :meth:`release`. Blocks (in a worker thread) for the first read, and
        for a read of the whole graph when the graph was replaced or written past the feed (a
        load, direct Cypher): an answer from the graph before a load would be another network's.
        """
        head, bookmark = self._source.state()
        with self._lock:
            if head < self._head:  # the feed starts again: its counter went with the graph
                self._head = 0
                self._pending.clear()
                self._want_read = self._snapshot is not None
            self._head = max(self._head, head)
        if self._snapshot is None:
            with self._apply:
                if self._snapshot is None:
                    self._install(*self._source.read_at())
        self._catch_up(head)
        self._notice_outside_writes(head, bookmark)
        with self._lock:
            replaced, self._want_read = self._want_read, False
        if replaced:  # a load, or a write past the feed: the snapshot is not the graph any more
            self._read_again()
        with self._lock:
            snapshot = self._snapshot
            assert snapshot is not None
            snapshot.readers += 1
            return snapshot

    def release(self, snapshot: Snapshot) -> None:
        with self._lock:
            snapshot.readers -= 1

    def offer(self, entries: Iterable[AuditEntry]) -> None:
        """Committed changes (this replica's, or the feed's): applied in the background, in
        position order, before the next analysis when possible. Never blocks for long."""
        with self._lock:
            if self._snapshot is None:  # nothing read yet: the first read will hold them
                return
            floor = self.position
            for entry in entries:
                if entry.position is not None and entry.position > floor:
                    self._pending[entry.position] = entry
                    self._head = max(self._head, entry.position)
            if len(self._pending) > MAX_CATCH_UP:  # falling behind: read them again later
                self._pending.clear()
            if self._head <= floor:
                return
            self._want_catch_up = True
            self._start_worker()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            worker = self._worker
        if worker is not None:
            worker.join(timeout=10)

    def _catch_up(self, head: int) -> None:
        """Apply the changes up to ``head`` in place if nobody reads the snapshot; otherwise
        leave it to the background (copy, apply, publish)."""
        snapshot = self._snapshot
        if snapshot is None or snapshot.position >= head:
            return
        with self._apply:
            snapshot = self._snapshot
            assert snapshot is not None
            if snapshot.position >= head:
                return
            entries = self._changes(snapshot.position, head)
            if entries is None:
                # A load (or more than can be caught up): the caller reads the graph itself
                # before it answers. A read left to the worker would race with it, and the
                # caller could answer from the graph before the load.
                with self._lock:
                    self._want_read = True
                return
            with self._lock:
                if snapshot.readers > 0:
                    self._want_catch_up = True
                    self._start_worker()
                    return
                self._advance(snapshot, snapshot.graph, entries)

    def _advance(
        self,
        snapshot: Snapshot,
        graph: nx.MultiDiGraph[str],
        entries: list[AuditEntry],
        *,
        replay: bool = False,
    ) -> None:
        """Apply ``entries`` to ``graph`` (``snapshot``'s, or a copy) and publish the result;
        under ``_apply`` (and ``_lock`` when in place)."""
        try:
            applied = apply_changes(graph, entries, replay=replay)
        except ChangeNotApplicable as error:
            log.info("the projection is read again: %s", error)
            applied = error.applied
            if graph is snapshot.graph:
                # In place, under ``_lock``: whoever is bringing the snapshot forward reads
                # the graph next (an analysis before it answers, or the worker's loop). A
                # worker started here could take the read from the analysis, which would
                # then answer from the graph before the change.
                self._want_read = True
            else:
                self._schedule_read()
        if applied:
            done = entries[:applied]
            assert done[-1].position is not None
            self._version += 1
            fresh = snapshot.successor(graph, self._version, done[-1].position, done)
            self._publish(fresh, locked=graph is snapshot.graph)

    def _publish(self, snapshot: Snapshot, *, locked: bool) -> None:
        if locked:
            self._set_current(snapshot)
        else:
            with self._lock:
                self._set_current(snapshot)

    def _set_current(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        for position in [p for p in self._pending if p <= snapshot.position]:
            del self._pending[position]

    def _changes(self, after: int, head: int) -> list[AuditEntry] | None:
        """The changes after ``after`` up to ``head``, from memory or else from Neo4j; None when
        they cannot all be had (too many, pruned, missing)."""
        if head - after > MAX_CATCH_UP:
            return None
        with self._lock:
            known = [self._pending.get(p) for p in range(after + 1, head + 1)]
        if all(entry is not None for entry in known):
            return [entry for entry in known if entry is not None]
        fetched = self._source.changes_after(after, head - after)
        if [entry.position for entry in fetched] != list(range(after + 1, head + 1)):
            return None
        return fetched

    def _install(self, graph: nx.MultiDiGraph[str], position: int) -> None:
        """A graph read whole at ``position`` becomes the current snapshot, with the changes
        committed since applied first: the read may hold some of them already, so they are
        replayed (under ``_apply``)."""
        head = max(self._source.state()[0], self._head)
        entries = self._changes(position, head) if head > position else []
        try:
            applied = apply_changes(graph, entries or [], replay=True)
        except ChangeNotApplicable as error:
            log.info("the projection is read again: %s", error)
            applied = error.applied
            self._schedule_read()
        if entries and applied:
            position = entries[applied - 1].position or position
        with self._lock:
            self._version += 1
            fresh = Snapshot(graph, self._version, position, dt.datetime.now(dt.UTC))
            self._set_current(fresh)
            self._head = max(self._head, head)
            self._reads += 1
            read = self._reads
        threading.Thread(
            target=self._walk_ahead, args=(fresh, read), name="analytics-affinity", daemon=True
        ).start()

    def _walk_ahead(self, fresh: Snapshot, read: int) -> None:
        """Make the opportunities' costly walks (associations, topics, experts) of a graph just
        read, in the background: the first firms asked for do not wait for them. One node at
        a time under ``_apply``, on the current version's index: no change is applied in place
        under a walk, and a change waits for one walk at most. Stops when the graph is read
        again (that read walks ahead in turn)."""
        wide = fresh.affinity.wide_nodes()
        try:
            for node in wide:
                with self._apply:
                    snapshot = self._snapshot
                    if self._closed or snapshot is None or self._reads != read:
                        return
                    index = snapshot.affinity
                    if node in snapshot.graph:
                        index.neighbour_places(node)
        except Exception:  # a walk ahead saves time only: a request makes it again if needed
            log.exception("the opportunities' walks could not be made ahead")

    def _notice_outside_writes(self, head: int, bookmark: frozenset[str]) -> None:
        """A commit that moved no feed position and is not one of this replica's webhook or
        view commits is a write that bypassed the service: the analysis waits for a read of
        the graph, as after a load."""
        with self._lock:
            previous, self._bookmark = self._bookmark, (head, bookmark)
            if previous is None or previous[0] != head or previous[1] == bookmark:
                return
        if not self._source.explains(bookmark):
            with self._lock:
                self._want_read = True

    def _schedule_read(self, *, locked: bool = False) -> None:
        if not locked:
            with self._lock:
                self._schedule_read(locked=True)
            return
        self._want_read = True
        self._start_worker()

    def _start_worker(self) -> None:
        """(under ``_lock``)"""
        if self._worker is None and not self._closed:
            self._worker = threading.Thread(
                target=self._work, name="analytics-projection", daemon=True
            )
            self._worker.start()

    def _work(self) -> None:
        while True:
            with self._lock:
                if self._closed or not (self._want_read or self._want_catch_up):
                    self._worker = None
                    return
                read = self._want_read
                self._want_read = self._want_catch_up = False
            try:
                if read:
                    self._read_again()
                else:
                    self._copy_and_catch_up()
            except GraphServiceError as error:
                log.warning("the projection cannot be brought up to date: %s", error)
                with self._lock:
                    self._want_read = self._want_read or read
                time.sleep(1.0)

    def _read_again(self) -> None:
        graph, position = self._source.read_at()
        with self._apply:
            self._install(graph, position)
        self._warm()

    def _copy_and_catch_up(self) -> None:
        """Bring the snapshot up to the head: in place if nobody reads it (any more), else on
        a copy, published when done."""
        with self._apply:
            snapshot = self._current()
            if snapshot.position >= self._head:
                return
            entries = self._changes(snapshot.position, self._head)
            if entries is None:
                self._schedule_read()
                return
            with self._lock:
                if snapshot.readers == 0:
                    self._advance(snapshot, snapshot.graph, entries)
                    return
                snapshot.readers += 1  # held while copying: nothing changes it in place
        try:
            graph = copy_projection(snapshot.graph)
        finally:
            self.release(snapshot)
        with self._apply:
            if self._snapshot is not snapshot:
                return  # another version came meanwhile: the next catch-up starts from it
            entries = self._changes(snapshot.position, self._head)
            if entries is None:
                self._schedule_read()
            else:
                self._advance(snapshot, graph, entries)

    def _warm(self) -> None:
        """Compile the current version ahead of the next analysis that needs it."""
        with self._lock:
            snapshot = self._current()
            snapshot.readers += 1
        try:
            _ = snapshot.compiled
        finally:
            self.release(snapshot)

    def _current(self) -> Snapshot:
        snapshot = self._snapshot
        assert snapshot is not None
        return snapshot
