"""Single changes to the graph, run inside a caller's write transaction (all or nothing)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from neo4j import exceptions as neo4j_errors

from graph_service import errors
from graph_service.domain.audit import Change
from graph_service.domain.model import LABELS, PropertyValue
from graph_service.storage.audit import properties
from graph_service.storage.queries import NODE_LABEL, cypher, label, relationship_type
from graph_service.storage.transactions import Tx

_DIFFERS = (
    "any(k IN keys($changes) WHERE NOT coalesce(n[k] = $changes[k], "
    "n[k] IS NULL AND $changes[k] IS NULL))"
)
"""Whether setting ``$changes`` on ``n`` would change anything (null on either side: only
unchanged if both are null)."""

_NEW = "_new"
"""Set by MERGE on creation and cleared by the same statement, to tell "created" from "matched"."""


class NotFound(errors.NotFound):
    """No node with that id (of that label)."""

    def __init__(self, node_id: str, node_label: str | None = None) -> None:
        self.node_id = node_id
        what = node_label or "node"
        super().__init__(f"no {what} with id {node_id!r}", "id")


class DuplicateId(errors.DuplicateId):
    def __init__(self, node_id: str, existing_label: str) -> None:
        self.node_id = node_id
        super().__init__(f"id {node_id!r} is already used by a {existing_label}")


class RelationshipNotFound(errors.NotFound):
    """No relationship of that type between the two nodes: neither end alone is at fault."""

    def __init__(self, rel_type: str, from_id: str, to_id: str) -> None:
        super().__init__(f"no {rel_type} relationship from {from_id!r} to {to_id!r}", None)


class VersionConflict(errors.VersionConflict):
    def __init__(self, node_id: str, expected: int | None, current: int) -> None:
        super().__init__(
            f"{node_id!r} is at version {current}, not {expected}: read it again and retry"
        )


@contextmanager
def _gone_is_not_found(what: str, node_label: str | None = None) -> Iterator[None]:
    """A node deleted by a concurrent transaction between this one's look-up and its write is
    not found, as if the delete had come first (Neo4j says EntityNotFound)."""
    try:
        yield
    except neo4j_errors.ClientError as error:
        if error.code == "Neo.ClientError.Statement.EntityNotFound":
            raise NotFound(what, node_label) from None
        raise


async def label_of(tx: Tx, node_id: str) -> str | None:
    """The label of the node with ``node_id``, whatever it is; None if there is none."""
    lookups = " UNION ".join(
        f"MATCH (n:{label(name)} {{id: $id}}) RETURN {_quote(name)} AS label" for name in LABELS
    )
    result = await tx.run(cypher(lookups), id=node_id)
    record = await result.single()
    return None if record is None else str(record["label"])


async def create_node(
    tx: Tx,
    node_label: str,
    node_id: str,
    props: dict[str, PropertyValue],
) -> Change:
    existing = await label_of(tx, node_id)
    if existing is not None:
        raise DuplicateId(node_id, existing)
    try:
        result = await tx.run(
            cypher(
                f"CREATE (n:{label(node_label)}:{NODE_LABEL}) SET n = $props "
                "RETURN properties(n) AS after"
            ),
            props={**props, "id": node_id},
        )
        record = await result.single(strict=True)
    except neo4j_errors.ConstraintError:
        # Another writer took the id in the meantime, with this label or another one.
        raise DuplicateId(node_id, "node") from None
    return Change(None, properties(record["after"]))


async def update_node(
    tx: Tx,
    node_label: str,
    node_id: str,
    changes: dict[str, PropertyValue | None],
    expected_version: int | None = None,
) -> Change:
    """Set the given properties (None removes one) and bump the node's version; with
    ``expected_version``, refuse if the node's version is another. Returns the node's
    properties before and after (read under the write lock): the same when nothing differed,
    in which case nothing was written and the version stays."""
    with _gone_is_not_found(node_id, node_label):
        return await _update_node(tx, node_label, node_id, changes, expected_version)


async def _update_node(
    tx: Tx,
    node_label: str,
    node_id: str,
    changes: dict[str, PropertyValue | None],
    expected_version: int | None,
) -> Change:
    # The node is write-locked (_lock) before its version is read, so that two concurrent
    # updates cannot both see the same version: the documented Neo4j way to avoid lost updates.
    result = await tx.run(
        cypher(
            f"MATCH (n:{label(node_label)} {{id: $id}}) SET n._lock = true "
            "WITH n, coalesce(n.version, 0) AS current, properties(n) AS before "
            "OPTIONAL CALL (n, current) { "
            "WITH n, current WHERE $expected IS NULL OR current = $expected "
            f"WITH n, current, {_DIFFERS} AS changed "
            "CALL (n, current, changed) { WITH n, current WHERE changed "
            "SET n += $changes, n.version = current + 1 } "
            "RETURN CASE WHEN changed THEN current + 1 ELSE current END AS updated } "
            "REMOVE n._lock RETURN current, updated, before, properties(n) AS after"
        ),
        id=node_id,
        changes=changes,
        expected=expected_version,
    )
    record = await result.single()
    if record is None:
        raise NotFound(node_id, node_label)
    if record["updated"] is None:
        raise VersionConflict(node_id, expected_version, record["current"])
    return Change(properties(record["before"]), properties(record["after"]))


async def delete_node(tx: Tx, node_label: str, node_id: str) -> Change:
    with _gone_is_not_found(node_id, node_label):
        return await _delete_node(tx, node_label, node_id)


async def _delete_node(tx: Tx, node_label: str, node_id: str) -> Change:
    result = await tx.run(
        cypher(
            f"MATCH (n:{label(node_label)} {{id: $id}}) "
            "CALL (n) { MATCH (n)-[r]-() WITH DISTINCT r RETURN collect({type: type(r), "
            "from: startNode(r).id, to: endNode(r).id, properties: properties(r)}) AS removed } "
            "WITH n, properties(n) AS before, removed DETACH DELETE n RETURN before, removed"
        ),
        id=node_id,
    )
    record = await result.single()
    if record is None:
        raise NotFound(node_id, node_label)
    removed = sorted(
        ({**r, "properties": properties(r["properties"])} for r in record["removed"]),
        key=lambda r: (r["type"], r["from"], r["to"]),
    )
    return Change(properties(record["before"]), None, tuple(removed))


async def link(
    tx: Tx,
    rel_type: str,
    ends: tuple[tuple[str, str], tuple[str, str]],
    props: dict[str, Any],
) -> Change:
    """Merge the relationship between two existing nodes ((label, id) each) and set its props;
    its properties before (None: it is new) and after."""
    (from_label, from_id), (to_label, to_id) = ends
    with _gone_is_not_found(f"{from_id} -> {to_id}"):
        result = await tx.run(
            cypher(
                f"MATCH (a:{label(from_label)} {{id: $from}}) "
                f"MATCH (b:{label(to_label)} {{id: $to}}) "
                f"MERGE (a)-[r:{relationship_type(rel_type)}]->(b) ON CREATE SET r.{_NEW} = true "
                f"WITH r, properties(r) AS before SET r = $props "
                f"RETURN CASE WHEN before.{_NEW} THEN null ELSE before END AS before, "
                "properties(r) AS after"
            ),
            {"from": from_id, "to": to_id, "props": props},
        )
        record = await result.single()
    if record is None:
        raise RelationshipNotFound(rel_type, from_id, to_id)
    return Change(properties(record["before"]), properties(record["after"]))


async def unlink(
    tx: Tx,
    rel_type: str,
    ends: tuple[tuple[str, str], tuple[str, str]],
) -> Change:
    (from_label, from_id), (to_label, to_id) = ends
    with _gone_is_not_found(f"{from_id} -> {to_id}", f"{rel_type} relationship"):
        result = await tx.run(
            cypher(
                f"MATCH (:{label(from_label)} {{id: $from}})-[r:{relationship_type(rel_type)}]->"
                f"(:{label(to_label)} {{id: $to}}) WITH r, properties(r) AS before DELETE r "
                "RETURN count(*) AS n, head(collect(before)) AS before"
            ),
            {"from": from_id, "to": to_id},
        )
        record = await result.single(strict=True)
    if record["n"] == 0:
        raise RelationshipNotFound(rel_type, from_id, to_id)
    return Change(properties(record["before"]), None)


def _quote(name: str) -> str:
    return f"'{label(name)}'"
