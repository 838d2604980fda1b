"""The change feed's reads: the audit entries in position order, the counter's head, pruning.

The entries themselves are written by :mod:`graph_service.storage.audit`, in each change's own
transaction; this module only reads them (and deletes the expired ones).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import neo4j

from graph_service.domain.audit import AuditEntry, FeedFilter
from graph_service.storage import audit
from graph_service.storage.errors import translated, translated_async

_PAGE = (
    "MATCH (e:AuditEntry) WHERE e.position > $after "
    "AND ($labels IS NULL OR e.targetType IN $labels "
    "OR any(label IN coalesce(e.labels, []) WHERE label IN $labels)) "
    "AND ($ids IS NULL OR any(i IN e.targetIds WHERE i IN $ids)) "
    "AND ($operations IS NULL OR e.operation IN $operations) "
    "RETURN properties(e) AS entry ORDER BY e.position LIMIT $limit"
)

_HEAD = (
    "OPTIONAL MATCH (c:ChangeCounter {name: 'changes'}) "
    "RETURN coalesce(c.last, 0) AS head, coalesce(c.prunedThrough, 0) AS prunedThrough"
)

_PRUNE = (
    "MATCH (e:AuditEntry) WHERE e.at < $before AND e.position IS NOT NULL "
    "WITH e ORDER BY e.position LIMIT $batch "
    "WITH collect(e) AS old, max(e.position) AS through "
    "FOREACH (e IN old | DELETE e) "
    "WITH through WHERE through IS NOT NULL "
    "MERGE (c:ChangeCounter {name: 'changes'}) "
    "SET c.prunedThrough = CASE WHEN coalesce(c.prunedThrough, 0) > through "
    "THEN c.prunedThrough ELSE through END "
    "RETURN through"
)

_PRUNE_DELIVERIES = (
    "MATCH (d:WebhookDelivery) WHERE d.at < $before WITH d LIMIT $batch "
    "DELETE d RETURN count(*) AS deleted"
)

PRUNE_BATCH = 5000
"""Entries deleted per transaction, so that pruning a large feed never needs a huge one."""


def session(driver: neo4j.AsyncDriver, database: str) -> neo4j.AsyncSession:
    """A session for the feed's and the webhooks' frequent queries, which name properties
    that exist only once used (the drivers of ``storage.database`` ask Neo4j not to warn of
    unknown names)."""
    return driver.session(database=database)


class ChangeLog:
    """The change feed in Neo4j, for reading by position."""

    def __init__(self, driver: neo4j.AsyncDriver, database: str) -> None:
        self._driver = driver
        self._database = database

    async def page(
        self, after: int, first: int, which: FeedFilter | None = None
    ) -> list[AuditEntry]:
        """Up to ``first`` entries after position ``after`` that match ``which``, in order."""
        which = which or FeedFilter()
        params = {
            "after": after,
            "limit": first,
            "labels": list(which.labels) or None,
            "ids": list(which.ids) or None,
            "operations": [o.value for o in which.operations] or None,
        }
        records = await self._read(_PAGE, params)
        return [audit.stored_entry(r["entry"]) for r in records]

    async def _read(self, query: str, params: dict[str, Any]) -> list[neo4j.Record]:
        async def work(tx: neo4j.AsyncManagedTransaction) -> list[neo4j.Record]:
            result = await tx.run(query, params)
            return [record async for record in result]

        async with translated_async(), session(self._driver, self._database) as reading:
            return await reading.execute_read(work)

    async def head(self) -> tuple[int, int]:
        """The last position handed out, and the last one pruned."""
        records = await self._read(_HEAD, {})
        return int(records[0]["head"]), int(records[0]["prunedThrough"])


def page_sync(driver: neo4j.Driver, database: str, after: int, first: int) -> list[AuditEntry]:
    """Up to ``first`` entries after position ``after``, in order (for a worker thread)."""
    params = {"after": after, "limit": first, "labels": None, "ids": None, "operations": None}
    with driver.session(
        database=database,
        default_access_mode=neo4j.READ_ACCESS,
    ) as reading:
        records = reading.execute_read(lambda tx: list(tx.run(_PAGE, params)))
    return [audit.stored_entry(r["entry"]) for r in records]


def prune(driver: neo4j.Driver, database: str, before: dt.datetime) -> tuple[int, int]:
    """Delete the entries (and webhook delivery records) older than ``before``, in batches;
    returns how many entries were deleted and the last position pruned (0: none)."""
    deleted, through = 0, 0
    with translated():
        while True:
            records, summary, _ = driver.execute_query(
                _PRUNE, {"before": before, "batch": PRUNE_BATCH}, database_=database
            )
            if not records:
                break
            through = max(through, int(records[0]["through"]))
            deleted += summary.counters.nodes_deleted
        while True:
            records, _, _ = driver.execute_query(
                _PRUNE_DELIVERIES, {"before": before, "batch": PRUNE_BATCH}, database_=database
            )
            if records[0]["deleted"] == 0:
                break
    return deleted, through


def record_entry(driver: neo4j.Driver, database: str, entry: AuditEntry) -> None:
    """Write one entry in a transaction of its own (a load's summary, after the load)."""

    def work(tx: neo4j.ManagedTransaction) -> None:
        audit.record_sync(tx, [entry])

    with translated(), driver.session(database=database) as session:
        session.execute_write(work)
