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

Progress = Callable[[int], None]
"""Called with the number of records just written."""


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
        # Into a label with no nodes, create: the load's ids are unique (validated), so there
        # is nothing to merge with, and CREATE skips MERGE's look-up and change counting.
        empty = self._read_one(queries.count_label(label), "count") == 0
        query = queries.create_nodes(label) if empty else queries.merge_nodes(label)
        batches = (
            [{"id": r.id, "props": {"id": r.id, **r.properties}} for r in chunk]
            for chunk in _batched(records, BATCH_SIZE)
        )
        # Distinct ids: concurrent batches never wait for each other's locks.
        return self._write_batches(query, batches, WRITERS, progress)

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
        batches = (
            [{"from": r.from_id, "to": r.to_id, "props": dict(r.properties)} for r in chunk]
            for chunk in _chunks(records, BATCH_SIZE)
        )
        return self._write_batches(query, batches, writers, progress)

    def merge_relationships_by_id(
        self,
        rel_type: str,
        records: Iterable[RelationshipRecord],
        progress: Progress | None = None,
    ) -> MergeCounts:
        """Merge relationships of one type whatever their ends' labels, one batch at a time
        (their ends found by id through the shared label's unique index)."""
        writers = 1  # MERGE locks both ends: concurrent batches would deadlock on shared ones
        if self._read_one(queries.count_type(rel_type), "count") == 0:
            query = queries.create_relationships_by_id(rel_type)
            writers = WRITERS
        else:
            query = queries.merge_relationships_by_id(rel_type)
        batches = (
            [{"from": r.from_id, "to": r.to_id, "props": dict(r.properties)} for r in chunk]
            for chunk in _batched(records, BATCH_SIZE)
        )
        return self._write_batches(query, batches, writers, progress)

    def _write_batches(
        self,
        query: str,
        batches: Iterable[list[dict[str, Any]]],
        writers: int,
        progress: Progress | None,
    ) -> MergeCounts:
        """Write the batches, ``writers`` transactions at a time: while Neo4j runs one, the
        next is prepared and sent (each its own transaction, retried by the driver)."""
        counts = MergeCounts()
        pending: deque[tuple[Future[MergeCounts], int]] = deque()

        def finish_one() -> None:
            nonlocal counts
            future, size = pending.popleft()
            counts += future.result()
            if progress:
                progress(size)

        with ThreadPoolExecutor(max_workers=writers) as pool:
            try:
                for rows in batches:
                    pending.append((pool.submit(self._write, query, rows), len(rows)))
                    if len(pending) >= writers:
                        finish_one()
                while pending:
                    finish_one()
            finally:
                for future, _ in pending:
                    future.cancel()
        return counts

    def _write(self, query: str, rows: list[dict[str, Any]]) -> MergeCounts:
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
