"""Reading and writing whole graphs: batched merges for loads, ordered reads for exports."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, LiteralString, TypeVar

import neo4j
import neo4j.time
from neo4j import exceptions as neo4j_errors

from graph_service.domain.model import LABELS, RELATIONSHIPS, PropertyValue
from graph_service.domain.records import NodeRecord, RelationshipRecord
from graph_service.errors import GraphServiceError
from graph_service.storage import queries
from graph_service.storage.database import timed

BATCH_SIZE = 2000
WRITERS = 2
"""Write transactions in flight at once during a load, where they cannot wait on each other."""
T = TypeVar("T")

QUEUED = 2
"""Batches read ahead per writer: each writer finds the next transaction ready when it is done."""

Progress = Callable[[int], None]
"""Called with the number of records just written."""
GroupProgress = Callable[[str, int], None]
"""Called with a label or type and the number of its records just written."""


@dataclass(frozen=True)
class _Job:
    """One batch of a load: its label or type, its query and rows, and how many transactions
    may run at once while it does (1: alone)."""

    name: str
    query: str
    rows: list[Any]
    writers: int


@dataclass(frozen=True)
class MergeCounts:
    created: int = 0
    updated: int = 0
    total: int = 0

    def __add__(self, other: MergeCounts) -> MergeCounts:
        return MergeCounts(
            self.created + other.created, self.updated + other.updated, self.total + other.total
        )


class WriteFailed(GraphServiceError):
    """Neo4j refused or lost a batch of a load (each batch is all or nothing)."""

    code = "SERVICE_UNAVAILABLE"


class GraphStore:
    """The graph in one Neo4j database."""

    def __init__(
        self, driver: neo4j.Driver, database: str, transaction_timeout: float = 300.0
    ) -> None:
        self._driver = driver
        self._database = database
        self._timeout = transaction_timeout

    def node_count(self) -> int:
        records, _, _ = self._driver.execute_query(
            queries.COUNT_NODES, database_=self._database, routing_=neo4j.RoutingControl.READ
        )
        count: int = records[0]["count"]
        return count

    def _read_one(self, query: LiteralString, key: str) -> Any:
        records, _, _ = self._driver.execute_query(
            query, database_=self._database, routing_=neo4j.RoutingControl.READ
        )
        return records[0][key]

    def existing_labels(self, ids: Iterable[str]) -> dict[str, str]:
        """The label of each of ``ids`` that is already a node of the database."""
        wanted = sorted(set(ids))
        found: dict[str, str] = {}
        if not wanted:
            return found
        for label in LABELS:
            # A label with no nodes holds none of the ids (an O(1) count): a first load into
            # an empty database looks nothing up.
            if self._read_one(queries.count_label(label), "count") == 0:
                continue
            for chunk in _chunks(wanted, 10_000):
                records, _, _ = self._driver.execute_query(
                    queries.find_ids(label),
                    {"ids": chunk},
                    database_=self._database,
                    routing_=neo4j.RoutingControl.READ,
                )
                found.update((record["id"], label) for record in records)
        return found

    def merge_nodes(
        self, label: str, records: Iterable[NodeRecord], progress: Progress | None = None
    ) -> MergeCounts:
        """Merge ``records`` (a list, or a stream read one batch at a time) into ``label``."""
        step = None if progress is None else (lambda _label, size: progress(size))
        return self.merge_node_groups([(label, records)], step).get(label, MergeCounts())

    def merge_node_groups(
        self,
        groups: Iterable[tuple[str, Iterable[NodeRecord]]],
        progress: GroupProgress | None = None,
    ) -> dict[str, MergeCounts]:
        """Merge each (label, records) group, the batches of all the groups in one stream of
        ``WRITERS`` transactions (distinct ids: concurrent batches never wait for each other's
        locks, whatever their labels). Returns the counts per label."""
        return self._write_all(
            (
                _Job(label, query, rows, WRITERS)
                for label, records in groups
                for query, rows in self._node_batches(label, records)
            ),
            progress,
        )

    def _node_batches(
        self, label: str, records: Iterable[NodeRecord]
    ) -> Iterator[tuple[str, list[Any]]]:
        # Into a label with no nodes, create: the load's ids are unique (validated), so there
        # is nothing to merge with, and CREATE skips MERGE's look-up and change counting. Its
        # rows are lists of values in a fixed order, no property name repeated in each.
        if self._read_one(queries.count_label(label), "count") == 0:
            query = queries.create_nodes(label)
            names = queries.node_columns(label)[1:]
            for chunk in _batched(records, BATCH_SIZE):
                yield query, [[r.id, *(r.properties.get(name) for name in names)] for r in chunk]
        else:
            query = queries.merge_nodes(label)
            for chunk in _batched(records, BATCH_SIZE):
                yield query, [{"id": r.id, "props": {"id": r.id, **r.properties}} for r in chunk]

    def merge_relationships(
        self,
        rel_type: str,
        from_label: str,
        to_label: str,
        records: Sequence[RelationshipRecord],
        progress: Progress | None = None,
    ) -> MergeCounts:
        # None of this type between these labels yet: create, as for nodes (the load has no
        # duplicate relationships, validated).
        count = queries.count_relationships(rel_type, from_label, to_label)
        writers = 1  # MERGE locks both ends: concurrent batches would deadlock on shared ones
        if self._read_one(count, "count") == 0:
            query = queries.create_relationships(rel_type, from_label, to_label)
            writers = WRITERS
        else:
            query = queries.merge_relationships(rel_type, from_label, to_label)
        jobs = (
            _Job(
                rel_type,
                query,
                [{"from": r.from_id, "to": r.to_id, "props": dict(r.properties)} for r in chunk],
                writers,
            )
            for chunk in _chunks(records, BATCH_SIZE)
        )
        step = None if progress is None else (lambda _type, size: progress(size))
        return self._write_all(jobs, step).get(rel_type, MergeCounts())

    def merge_relationship_groups(
        self,
        groups: Iterable[tuple[str, Iterable[RelationshipRecord]]],
        progress: GroupProgress | None = None,
    ) -> dict[str, MergeCounts]:
        """Merge each (type, records) group whatever their ends' labels (found by id through
        the shared label's unique index), in one stream of transactions: ``WRITERS`` at a time
        while creating, one at a time while merging. Returns the counts per type."""
        return self._write_all(
            (
                _Job(rel_type, query, rows, writers)
                for rel_type, records in groups
                for query, rows, writers in self._relationship_batches(rel_type, records)
            ),
            progress,
        )

    def _relationship_batches(
        self, rel_type: str, records: Iterable[RelationshipRecord]
    ) -> Iterator[tuple[str, list[Any], int]]:
        if self._read_one(queries.count_type(rel_type), "count") == 0:
            query = queries.create_relationships_by_id(rel_type)
            names = queries.relationship_columns(rel_type)[2:]
            for chunk in _batched(records, BATCH_SIZE):
                lists = [[r.from_id, r.to_id, *(r.properties.get(n) for n in names)] for r in chunk]
                yield query, lists, WRITERS
        else:
            # MERGE locks both ends: concurrent batches would deadlock on shared ones.
            query = queries.merge_relationships_by_id(rel_type)
            for chunk in _batched(records, BATCH_SIZE):
                maps = [{"from": r.from_id, "to": r.to_id, "props": r.properties} for r in chunk]
                yield query, maps, 1

    def _write_all(
        self, jobs: Iterable[_Job], progress: GroupProgress | None
    ) -> dict[str, MergeCounts]:
        """Write each job's rows in its own transaction (retried by the driver), as many at a
        time as every job in flight allows. While Neo4j runs them, the next batches are read
        and queued (``QUEUED`` per writer), so that no writer waits for Python between two
        transactions, nor at the end of a label or type. Counts per job name."""
        counts: dict[str, MergeCounts] = {}
        pending: deque[tuple[Future[MergeCounts], _Job]] = deque()

        def finish_one() -> None:
            future, job = pending.popleft()
            counts[job.name] = counts.get(job.name, MergeCounts()) + future.result()
            if progress:
                progress(job.name, len(job.rows))

        with ThreadPoolExecutor(max_workers=WRITERS) as pool:
            try:
                for job in jobs:
                    # A job allowing one writer waits for those before it, and they for it.
                    while pending and (
                        job.writers == 1
                        or pending[-1][1].writers == 1
                        or len(pending) >= QUEUED * WRITERS
                    ):
                        finish_one()
                    pending.append((pool.submit(self._write, job.query, job.rows), job))
                while pending:
                    finish_one()
            finally:
                for future, _ in pending:
                    future.cancel()
        return counts

    def _write(self, query: str, rows: list[Any]) -> MergeCounts:
        def work(tx: neo4j.ManagedTransaction) -> MergeCounts:
            record = tx.run(query, rows=rows).single(strict=True)
            return MergeCounts(record["created"], record["updated"], record["total"])

        try:
            with self._driver.session(database=self._database) as session:
                return session.execute_write(timed(work, self._timeout))
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as error:
            text = str(error).strip().splitlines()
            raise WriteFailed(text[0] if text else type(error).__name__) from None

    def read_nodes(self, label: str) -> Iterator[NodeRecord]:
        """Every node of ``label``, ordered by id, with the model's properties only."""
        spec = LABELS[label]
        with self._driver.session(database=self._database) as session:
            for record in session.run(queries.read_nodes(label)):
                props = record["props"]
                yield NodeRecord(
                    label,
                    props["id"],
                    {p.name: _native(props[p.name]) for p in spec.properties if p.name in props},
                )

    def read_relationships(self, rel_type: str) -> Iterator[RelationshipRecord]:
        """Every relationship of ``rel_type``, ordered by its endpoints' ids."""
        spec = RELATIONSHIPS[rel_type]
        with self._driver.session(database=self._database) as session:
            for record in session.run(queries.read_relationships(rel_type)):
                props = record["props"]
                yield RelationshipRecord(
                    rel_type,
                    record["from"],
                    record["to"],
                    {p.name: _native(props[p.name]) for p in spec.properties if p.name in props},
                )


def _native(value: Any) -> PropertyValue:
    if isinstance(value, neo4j.time.Date):
        native: dt.date = value.to_native()
        return native
    if isinstance(value, str | int | float):
        return value
    raise TypeError(f"unexpected property value {value!r}")


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
