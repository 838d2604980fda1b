"""The audit trail in Neo4j, which is also the change feed: one ``AuditEntry`` node per
committed change, created in the change's own write transaction (so an entry exists exactly
when its change does), with its ``position`` in the feed.

Positions come from one counter node (``ChangeCounter``), incremented as the last step of the
transaction: the counter stays write-locked until the transaction commits, so the next writer
takes the next number only after this one committed. Positions therefore follow commit order
across every writer and every replica on the database, and a reader who sees position ``n``
already sees every position below it. (A clock could not promise this.)

``AuditEntry`` is not a label of the graph model: exports, search, node lookups and the
analytics projection only ever match the model's labels, so entries never show up there. An
entry has no ``id`` and no relationships; it names its target by ids, which stay meaningful
after the target is deleted.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import neo4j
import neo4j.time
import orjson

from graph_service.domain.audit import (
    AuditEntry,
    AuditFilter,
    AuditPosition,
    Change,
    Operation,
)
from graph_service.storage.transactions import Tx

AUDIT_LABEL = "AuditEntry"

COUNTER_LABEL = "ChangeCounter"

_RECORD = (
    # The counter is write-locked (_lock) before its value is read: two transactions cannot
    # take the same number, and the lock is held until commit.
    "MERGE (c:ChangeCounter {name: 'changes'}) SET c._lock = true "
    "WITH c, coalesce(c.last, 0) AS base SET c.last = base + size($entries) REMOVE c._lock "
    "WITH base UNWIND range(0, size($entries) - 1) AS i "
    "CREATE (e:AuditEntry) SET e = $entries[i], e.position = base + i + 1"
)

_PAGE = (
    "MATCH (e:AuditEntry) "
    "WHERE ($keyName IS NULL OR e.keyName = $keyName) "
    "AND ($since IS NULL OR e.at >= $since) "
    "AND ($target IS NULL OR $target IN e.targetIds) "
    "AND ($afterAt IS NULL OR e.at < $afterAt OR (e.at = $afterAt AND e.entryId < $afterId)) "
    "RETURN properties(e) AS entry ORDER BY e.at DESC, e.entryId DESC LIMIT $limit"
)

COUNT_ENTRIES = "MATCH (e:AuditEntry) RETURN count(e) AS count"


def entry(
    *,
    key_name: str,
    operation: Operation,
    mutation: str,
    target_type: str,
    target_ids: tuple[str, ...],
    change: Change,
    labels: tuple[str, ...] = (),
) -> AuditEntry:
    """A new entry, timed now; it gets its position when it is written."""
    return AuditEntry(
        entry_id=str(uuid.uuid4()),
        at=dt.datetime.now(dt.UTC),
        key_name=key_name,
        operation=operation,
        mutation=mutation,
        target_type=target_type,
        target_ids=target_ids,
        change=change,
        labels=labels,
    )


async def record(tx: Tx, entries: list[AuditEntry]) -> None:
    """Write ``entries``, in this order, as the last step of their changes' transaction."""
    if entries:
        await tx.run(_RECORD, entries=[_stored(e) for e in entries])


def record_sync(tx: neo4j.ManagedTransaction, entries: list[AuditEntry]) -> None:
    if entries:
        tx.run(_RECORD, entries=[_stored(e) for e in entries]).consume()


def _stored(entry: AuditEntry) -> dict[str, Any]:
    change = entry.change
    return {
        "entryId": entry.entry_id,
        "at": entry.at,
        "keyName": entry.key_name,
        "operation": entry.operation.value,
        "mutation": entry.mutation,
        "targetType": entry.target_type,
        "targetIds": list(entry.target_ids),
        "labels": list(entry.labels),
        "before": _json(change.before),
        "after": _json(change.after),
        "removedRelationships": orjson.dumps(change.removed_relationships).decode()
        if change.removed_relationships
        else None,
    }


async def read_page(
    driver: neo4j.AsyncDriver,
    database: str,
    which: AuditFilter,
    first: int,
    after: AuditPosition | None = None,
) -> tuple[list[AuditEntry], bool]:
    """Up to ``first`` entries, newest first, after ``after``; and whether more follow."""
    records, _, _ = await driver.execute_query(
        _PAGE,
        {
            "keyName": which.key_name,
            "since": which.since,
            "target": which.target,
            "afterAt": after.at if after else None,
            "afterId": after.entry_id if after else None,
            "limit": first + 1,
        },
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    entries = [_entry(record["entry"]) for record in records]
    return entries[:first], len(entries) > first


def properties(raw: dict[str, Any] | None) -> dict[str, Any] | None:
    """A node's or relationship's properties as plain values, without internal markers."""
    if raw is None:
        return None
    return {k: _native(v) for k, v in sorted(raw.items()) if not k.startswith("_")}


def _native(value: Any) -> Any:
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


def _json(value: dict[str, Any] | None) -> str | None:
    return None if value is None else orjson.dumps(value).decode()


def stored_entry(props: dict[str, Any]) -> AuditEntry:
    """An entry as read back from its node's properties."""
    return _entry(props)


def _entry(props: dict[str, Any]) -> AuditEntry:
    at = props["at"]
    if isinstance(at, neo4j.time.DateTime):
        at = at.to_native()
    return AuditEntry(
        entry_id=props["entryId"],
        at=at,
        key_name=props["keyName"],
        operation=Operation(props["operation"]),
        mutation=props["mutation"],
        target_type=props["targetType"],
        target_ids=tuple(props["targetIds"]),
        change=Change(
            _parsed(props.get("before")),
            _parsed(props.get("after")),
            tuple(orjson.loads(props.get("removedRelationships") or "[]")),
        ),
        position=props.get("position"),
        labels=tuple(props.get("labels") or ()),
    )


def _parsed(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    value: dict[str, Any] = orjson.loads(text)
    return value
