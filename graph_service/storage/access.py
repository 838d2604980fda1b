"""Storage behind a narrow interface: the API's reads and writes, the audit trail, the
projection for the analytics. Each class holds a driver and its database; every call runs its
own Cypher (built in this package) in a transaction, with Neo4j's errors translated.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

import neo4j
import networkx as nx

from graph_service.domain.audit import AuditEntry, AuditFilter, AuditPosition, Change, Operation
from graph_service.domain.model import PropertyValue
from graph_service.domain.selection import Read
from graph_service.storage import audit, bulk_writes, feed, graph_writes, network_projection
from graph_service.storage.commits import QuietCommits
from graph_service.storage.errors import translated, translated_async
from graph_service.storage.projection import compile_read
from graph_service.storage.transactions import Tx, in_transaction, single_read

T = TypeVar("T")

Observer = Callable[[str, float], None]
"""Told each transaction's kind (``read``, ``write``, ``projection``, ``changes``) and its
seconds."""

CommitListener = Callable[[list[AuditEntry]], None]
"""Told the audit entries (feed events, with their positions) of each committed transaction."""


def _ignore(kind: str, seconds: float) -> None:
    return None


class GraphReader:
    """The compiled reads of the API: one Cypher query per read, all in one transaction,
    which Neo4j terminates after ``timeout`` seconds."""

    def __init__(
        self,
        driver: neo4j.AsyncDriver,
        database: str,
        observe: Observer = _ignore,
        timeout: float = 30.0,
        retry_time: float = 3.0,
    ) -> None:
        self._driver = driver
        self._database = database
        self._observe = observe
        self._timeout = timeout
        self._retry_time = retry_time

    async def read_all(self, reads: Sequence[Read]) -> list[Any]:
        """Each read's answer, already in the shape it asked for."""
        queries = [compile_read(read) for read in reads]

        async def work(tx: Tx) -> list[Any]:
            answers = []
            for query, params in queries:
                result = await tx.run(query, params)
                record = await result.single(strict=True)
                answers.append(record["result"])
            return answers

        started = time.perf_counter()
        try:
            async with (
                translated_async(),
                self._driver.session(
                    database=self._database, default_access_mode=neo4j.READ_ACCESS
                ) as session,
            ):
                if len(queries) == 1:  # most requests: one root field, one statement
                    query, params = queries[0]
                    record = await single_read(
                        session,
                        query,
                        params,
                        timeout=self._timeout,
                        retry_time=self._retry_time,
                    )
                    return [record["result"]]
                return await in_transaction(
                    session, work, timeout=self._timeout, retry_time=self._retry_time
                )
        finally:
            self._observe("read", time.perf_counter() - started)

    async def ping(self) -> None:
        """Return when Neo4j answers a query; raise DatabaseUnavailable otherwise."""
        async with translated_async():
            await self._driver.execute_query("RETURN 1", database_=self._database)


class WriteTransaction:
    """The single changes a write transaction may make, and reads of their result."""

    def __init__(self, tx: Tx) -> None:
        self._tx = tx
        self.queries = 0
        """How many Cypher queries this transaction ran."""
        self.entries: list[AuditEntry] = []
        """The audit entries (feed events) to write when the work is done, in this order."""

    async def label_of(self, node_id: str) -> str | None:
        self.queries += 1
        return await graph_writes.label_of(self._tx, node_id)

    async def create_node(
        self, label: str, node_id: str, props: dict[str, PropertyValue]
    ) -> Change:
        self.queries += 2
        return await graph_writes.create_node(self._tx, label, node_id, props)

    async def update_node(
        self,
        label: str,
        node_id: str,
        changes: dict[str, PropertyValue | None],
        expected_version: int | None,
    ) -> Change:
        self.queries += 1
        return await graph_writes.update_node(self._tx, label, node_id, changes, expected_version)

    async def delete_node(self, label: str, node_id: str) -> Change:
        self.queries += 1
        return await graph_writes.delete_node(self._tx, label, node_id)

    async def link(
        self, rel_type: str, ends: tuple[tuple[str, str], tuple[str, str]], props: dict[str, Any]
    ) -> Change:
        self.queries += 1
        return await graph_writes.link(self._tx, rel_type, ends, props)

    async def unlink(self, rel_type: str, ends: tuple[tuple[str, str], tuple[str, str]]) -> Change:
        self.queries += 1
        return await graph_writes.unlink(self._tx, rel_type, ends)

    async def audit(
        self,
        *,
        key_name: str,
        operation: Operation,
        mutation: str,
        target_type: str,
        target_ids: tuple[str, ...],
        change: Change,
        labels: tuple[str, ...] = (),
    ) -> AuditEntry:
        """The change's audit entry, which is its event in the change feed: written in the
        change's transaction (both or neither), when the unit of work is done.

        Every change calls this once: a bulk write calls it once per item, in the items' order,
        and its items get consecutive positions, all with one counter update at commit.
        """
        if not self.entries:
            self.queries += 1  # one query writes them all
        entry = audit.entry(
            key_name=key_name,
            operation=operation,
            mutation=mutation,
            target_type=target_type,
            target_ids=target_ids,
            change=change,
            labels=labels,
        )
        self.entries.append(entry)
        return entry

    async def labels_of(self, ids: list[str]) -> dict[str, str]:
        self.queries += 1
        return await bulk_writes.labels_of(self._tx, ids)

    async def create_nodes(self, label: str, rows: list[dict[str, Any]]) -> dict[int, Change]:
        self.queries += 1
        return await bulk_writes.create_nodes(self._tx, label, rows)

    async def update_nodes(self, label: str, rows: list[dict[str, Any]]) -> dict[int, Change]:
        self.queries += 1
        return await bulk_writes.update_nodes(self._tx, label, rows)

    async def link_many(
        self, rel_type: str, labels: tuple[str, str], rows: list[dict[str, Any]]
    ) -> dict[int, Change]:
        self.queries += 1
        return await bulk_writes.link_many(self._tx, rel_type, labels, rows)

    async def unlink_many(
        self, rel_type: str, labels: tuple[str, str], rows: list[dict[str, Any]]
    ) -> dict[int, Change]:
        self.queries += 1
        return await bulk_writes.unlink_many(self._tx, rel_type, labels, rows)

    async def read(self, read: Read) -> Any:
        """A compiled read inside the transaction (it sees the transaction's own changes)."""
        query, params = compile_read(read)
        self.queries += 1
        result = await self._tx.run(query, params)
        record = await result.single(strict=True)
        return record["result"]


class GraphWriter:
    """Write transactions: a unit of work runs whole or not at all, terminated by Neo4j after
    ``timeout`` seconds; at most ``concurrent`` at once, the others waiting in order.

    Every write ends by taking the change feed's counter, held until its commit, so writes
    commit one after the other whatever their number: a burst of hundreds would only wait
    inside Neo4j, holding the locks of what they changed, and the unluckiest would reach the
    transaction timeout. Waiting here, a write holds nothing and its turn comes in order."""

    def __init__(
        self,
        driver: neo4j.AsyncDriver,
        database: str,
        observe: Observer = _ignore,
        timeout: float = 30.0,
        retry_time: float = 3.0,
        concurrent: int = 4,
        on_commit: CommitListener | None = None,
    ) -> None:
        """``on_commit`` is told each committed transaction's entries (the analytics'
        projection applies them)."""
        self._driver = driver
        self._database = database
        self._observe = observe
        self._timeout = timeout
        self._retry_time = retry_time
        self._turns = asyncio.Semaphore(concurrent)
        self._on_commit = on_commit

    async def transaction(self, work: Callable[[WriteTransaction], Awaitable[T]]) -> T:
        """Run ``work`` in one write transaction (retried whole on transient failures)."""
        recorded: list[AuditEntry] = []

        async def unit(tx: Tx) -> T:
            writes = WriteTransaction(tx)
            done = await work(writes)
            # Last: the feed's counter stays locked from here to the commit, and no longer.
            recorded[:] = await audit.record(tx, writes.entries)
            return done

        started = time.perf_counter()
        try:
            async with (
                self._turns,
                translated_async(),
                self._driver.session(database=self._database) as session,
            ):
                done = await in_transaction(
                    session, unit, timeout=self._timeout, retry_time=self._retry_time
                )
            if recorded and self._on_commit is not None:
                self._on_commit(recorded)
            return done
        finally:
            # A refused change (not found, conflict) ran a transaction too.
            self._observe("write", time.perf_counter() - started)


class AuditLog:
    """The audit trail's entries, for reading."""

    def __init__(self, driver: neo4j.AsyncDriver, database: str) -> None:
        self._driver = driver
        self._database = database

    async def page(
        self, which: AuditFilter, first: int, after: AuditPosition | None
    ) -> tuple[list[AuditEntry], bool]:
        async with translated_async():
            return await audit.read_page(self._driver, self._database, which, first, after)


class NetworkSource:
    """The whole graph for the analytics (read in bulk, in a worker thread), and the change
    feed's events that keep it current."""

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str,
        observe: Observer = _ignore,
        quiet: QuietCommits | None = None,
    ) -> None:
        self._driver = driver
        self._database = database
        self._observe = observe
        self._quiet = quiet or QuietCommits()

    def state(self) -> tuple[int, frozenset[str]]:
        """The change feed's head, and the bookmark of Neo4j's last commit."""
        with translated():
            return network_projection.state(self._driver, self._database)

    def explains(self, bookmark: frozenset[str]) -> bool:
        """Whether ``bookmark`` is a commit of this process that changed nothing of the
        model (a webhook delivery, a saved view): no reason to read the graph again."""
        return self._quiet.explain(bookmark)

    def read(self) -> nx.MultiDiGraph[str]:
        return self.read_at()[0]

    def read_at(self) -> tuple[nx.MultiDiGraph[str], int]:
        """The whole graph, and the feed position it holds every change up to (it may hold
        some later ones too: applying those again changes nothing)."""
        started = time.perf_counter()
        with translated():
            found = network_projection.read_network_at(self._driver, self._database)
        self._observe("projection", time.perf_counter() - started)
        return found

    def changes_after(self, position: int, first: int) -> list[AuditEntry]:
        """Up to ``first`` feed events after ``position``, in order."""
        started = time.perf_counter()
        with translated():
            entries = feed.page_sync(self._driver, self._database, position, first)
        self._observe("changes", time.perf_counter() - started)
        return entries
