"""Many changes of one kind in one statement each (``UNWIND $rows``), run inside a caller's
write transaction: the whole call commits or none of it does.

Each function answers, per row, the properties before and after (``None``: did not exist /
no longer exists), so that the caller can tell what changed and audit exactly that.
"""

from __future__ import annotations

from typing import Any

import neo4j

from graph_service.domain.audit import Change
from graph_service.domain.model import LABELS
from graph_service.storage.audit import properties
from graph_service.storage.queries import cypher, label, relationship_type

_NEW = "_new"


def _labels_query() -> str:
    arms = " UNION ".join(
        f"MATCH (n:{label(name)} {{id: id}}) RETURN '{label(name)}' AS label" for name in LABELS
    )
    return f"UNWIND $ids AS id CALL (id) {{ {arms} }} RETURN id, label"


async def labels_of(tx: neo4j.AsyncManagedTransaction, ids: list[str]) -> dict[str, str]:
    """The label of each of ``ids`` that exists (one query whatever their number)."""
    result = await tx.run(cypher(_labels_query()), ids=ids)
    return {str(record["id"]): str(record["label"]) async for record in result}


async def upsert_nodes(
    tx: neo4j.AsyncManagedTransaction, node_label: str, rows: list[dict[str, Any]]
) -> dict[int, Change]:
    """Create or update the nodes of ``rows`` (``{index, id, values}`` each; a None value
    removes the property), by their row's index. A node is written only if a value differs
    (then an existing node's version is bumped): a row that changes nothing writes nothing."""
    result = await tx.run(
        cypher(
            f"UNWIND $rows AS row MERGE (n:{label(node_label)} {{id: row.id}}) "
            f"ON CREATE SET n.{_NEW} = true "
            "WITH row, n, properties(n) AS before "
            f"WITH row, n, before, coalesce(before.{_NEW}, false) AS created, "
            "any(k IN keys(row.values) WHERE NOT coalesce(n[k] = row.values[k], "
            "n[k] IS NULL AND row.values[k] IS NULL)) AS differs "
            "CALL (row, n, created, differs) { WITH row, n, created WHERE differs OR created "
            "SET n += row.values "
            "FOREACH (_ IN CASE WHEN created THEN [] ELSE [1] END | "
            "SET n.version = coalesce(n.version, 0) + 1) } "
            f"REMOVE n.{_NEW} "
            "RETURN row.index AS index, CASE WHEN created THEN null ELSE before END AS before, "
            "properties(n) AS after"
        ),
        rows=rows,
    )
    return {
        int(record["index"]): Change(properties(record["before"]), properties(record["after"]))
        async for record in result
    }


async def link_many(
    tx: neo4j.AsyncManagedTransaction,
    rel_type: str,
    labels: tuple[str, str],
    rows: list[dict[str, Any]],
) -> dict[int, Change]:
    """Merge the relationships of ``rows`` (``{index, from, to, values}`` each) between
    existing nodes of ``labels`` and set their properties, by their row's index."""
    from_label, to_label = labels
    result = await tx.run(
        cypher(
            f"UNWIND $rows AS row MATCH (a:{label(from_label)} {{id: row.from}}) "
            f"MATCH (b:{label(to_label)} {{id: row.to}}) "
            f"MERGE (a)-[r:{relationship_type(rel_type)}]->(b) ON CREATE SET r.{_NEW} = true "
            "WITH row, r, properties(r) AS before "
            f"CALL (row, r, before) {{ WITH row, r WHERE before.{_NEW} OR before <> row.values "
            "SET r = row.values } "
            f"RETURN row.index AS index, CASE WHEN before.{_NEW} THEN null ELSE before END "
            "AS before, properties(r) AS after"
        ),
        rows=rows,
    )
    return {
        int(record["index"]): Change(properties(record["before"]), properties(record["after"]))
        async for record in result
    }


async def unlink_many(
    tx: neo4j.AsyncManagedTransaction,
    rel_type: str,
    labels: tuple[str, str],
    rows: list[dict[str, Any]],
) -> dict[int, Change]:
    """Delete the relationships of ``rows`` (``{index, from, to}`` each); the removed ones by
    their row's index (a row whose relationship does not exist is missing)."""
    from_label, to_label = labels
    result = await tx.run(
        cypher(
            f"UNWIND $rows AS row MATCH (:{label(from_label)} {{id: row.from}})"
            f"-[r:{relationship_type(rel_type)}]->(:{label(to_label)} {{id: row.to}}) "
            "WITH row, r, properties(r) AS before DELETE r "
            "RETURN row.index AS index, before"
        ),
        rows=rows,
    )
    return {
        int(record["index"]): Change(properties(record["before"]), None) async for record in result
    }
