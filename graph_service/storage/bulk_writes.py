"""Many changes of one kind in one statement each (``UNWIND $rows``), run inside a caller's
write transaction: the whole call commits or none of it does.

Each function answers, per row, the properties before and after (``None``: did not exist /
no longer exists), so that the caller can tell what changed and audit exactly that.
"""

from __future__ import annotations

from typing import Any

from neo4j import exceptions as neo4j_errors

from graph_service import errors
from graph_service.domain.audit import Change
from graph_service.storage.audit import properties
from graph_service.storage.queries import NODE_LABEL, cypher, label, relationship_type
from graph_service.storage.transactions import Tx

_NEW = "_new"


_LABELS_OF = cypher(
    # One seek of the shared label's unique index for the whole list.
    f"MATCH (n:{NODE_LABEL}) WHERE n.id IN $ids "
    f"RETURN n.id AS id, [x IN labels(n) WHERE x <> '{NODE_LABEL}'][0] AS label"
)


async def labels_of(tx: Tx, ids: list[str]) -> dict[str, str]:
    """The label of each of ``ids`` that exists (one query whatever their number)."""
    result = await tx.run(_LABELS_OF, ids=ids)
    return {str(record["id"]): str(record["label"]) async for record in result}


async def create_nodes(tx: Tx, node_label: str, rows: list[dict[str, Any]]) -> dict[int, Change]:
    """Create the nodes of ``rows`` (``{index, id, values}`` each, ids known to be free), by
    their row's index."""
    created = [row["values"] | {"id": row["id"]} for row in rows]
    try:
        # The properties written are the ones sent: nothing to read back.
        result = await tx.run(
            cypher(
                f"UNWIND $rows AS props CREATE (n:{label(node_label)}:{NODE_LABEL}) SET n = props"
            ),
            rows=created,
        )
        await result.consume()  # a duplicate id fails here, not at the next statement
        return {
            int(row["index"]): Change(None, properties(props))
            for row, props in zip(rows, created, strict=True)
        }
    except neo4j_errors.ConstraintError:
        # Another client created one of the ids since they were looked up.
        raise errors.DuplicateId("an id of the input was created meanwhile", "input") from None


async def update_nodes(tx: Tx, node_label: str, rows: list[dict[str, Any]]) -> dict[int, Change]:
    """Update the existing nodes of ``rows`` (``{index, id, values}`` each; a None value
    removes the property), by their row's index. A node is written only if a value differs
    (then its version is bumped): a row that changes nothing writes nothing."""
    result = await tx.run(
        cypher(
            f"UNWIND $rows AS row MATCH (n:{label(node_label)} {{id: row.id}}) "
            "WITH row, n, properties(n) AS before, "
            "any(k IN keys(row.values) WHERE NOT coalesce(n[k] = row.values[k], "
            "n[k] IS NULL AND row.values[k] IS NULL)) AS differs "
            "CALL (row, n, differs) { WITH row, n WHERE differs "
            "SET n += row.values, n.version = coalesce(n.version, 0) + 1 } "
            "RETURN row.index AS index, before, properties(n) AS after"
        ),
        rows=rows,
    )
    return {
        int(r["index"]): Change(properties(r["before"]), properties(r["after"]))
        async for r in result
    }


async def link_many(
    tx: Tx,
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
    tx: Tx,
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
