"""The audit trail in Neo4j: one ``AuditEntry`` node per successful mutation, created in the
mutation's own write transaction (so an entry exists exactly when its change does).

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
    Audited,
    AuditEntry,
    AuditFilter,
    AuditPosition,
    Change,
    Operation,
)

AUDIT_LABEL = "AuditEntry"

_RECORD = "UNWIND $entries AS entry CREATE (e:AuditEntry) SET e = entry"

_PAGE = (
    "MATCH (e:AuditEntry) "
    "WHERE ($keyName IS NULL OR e.keyName = $keyName) "
    "AND ($since IS NULL OR e.at >= $since) "
    "AND ($target IS NULL OR $target IN e.targetIds) "
    "AND ($afterAt IS NULL OR e.at < $afterAt OR (e.at = $afterAt AND e.entryId < $afterId)) "
    "RETURN properties(e) AS entry ORDER BY e.at DESC, e.entryId DESC LIMIT $limit"
)

COUNT_ENTRIES = "MATCH (e:AuditEntry) RETURN count(e) AS count"


async def record(
    tx: neo4j.AsyncManagedTransaction,
    *,
    key_name: str,
    operation: Operation,
    mutation: str,
    target_type: str,
    target_ids: tuple[str, ...],
    change: Change,
) -> AuditEntry:
    """Write the entry of a change inside the change's transaction."""
    (entry,) = await record_many(
        tx, key_name, mutation, [Audited(operation, target_type, target_ids, change)]
    )
    return entry


async def record_many(
    tx: neo4j.AsyncManagedTransaction, key_name: str, mutation: str, changes: list[Audited]
) -> list[AuditEntry]:
    """Write one entry per change of a mutation inside its transaction, in one statement."""
    at = dt.datetime.now(dt.UTC)
    entries = [
        AuditEntry(
            entry_id=str(uuid.uuid4()),
            at=at,
            key_name=key_name,
            operation=c.operation,
            mutation=mutation,
            target_type=c.target_type,
            target_ids=c.target_ids,
            change=c.change,
        )
        for c in changes
    ]
    await tx.run(
        _RECORD,
        entries=[
            {
                "entryId": entry.entry_id,
                "at": entry.at,
                "keyName": key_name,
                "operation": entry.operation.value,
                "mutation": mutation,
                "targetType": entry.target_type,
                "targetIds": list(entry.target_ids),
                "before": _json(entry.change.before),
                "after": _json(entry.change.after),
                "removedRelationships": orjson.dumps(entry.change.removed_relationships).decode()
                if entry.change.removed_relationships
                else None,
            }
            for entry in entries
        ],
    )
    return entries


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
    )


def _parsed(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    value: dict[str, Any] = orjson.loads(text)
    return value
