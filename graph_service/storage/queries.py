"""Every Cypher query of the storage layer. Values are always parameters; a label or a
relationship type spliced into a query is first checked against the graph model."""

from __future__ import annotations

from typing import LiteralString

from graph_service.domain.model import LABELS, RELATIONSHIPS


def label(name: str) -> str:
    if name not in LABELS:
        raise ValueError(f"unknown label {name!r}")
    return name


def relationship_type(name: str) -> str:
    if name not in RELATIONSHIPS:
        raise ValueError(f"unknown relationship type {name!r}")
    return name


def cypher(text: str) -> LiteralString:
    """Mark a query built from allow-listed names as safe for the driver."""
    return text  # mypy treats LiteralString as str; the allow-list is what makes it safe


NODE_LABEL = "Node"
"""Every node of the model also has this label: its uniqueness constraint on ``id`` makes ids
unique across labels, enforced by Neo4j itself, however many writers race."""

CREATED_MARK = "_created_by_load"
"""A marker set on creation and removed in the same statement, to tell created from updated."""

_COUNT_CHANGES = (
    f"RETURN count(CASE WHEN before.`{CREATED_MARK}` THEN 1 END) AS created, "
    f"count(CASE WHEN before.`{CREATED_MARK}` IS NULL AND before <> row.props THEN 1 END) "
    f"AS updated, count(*) AS total"
)

COUNT_NODES = cypher(f"MATCH (n:{NODE_LABEL}) RETURN count(n) AS count")
"""The graph's nodes, from the count store: only the model's nodes carry the shared label
(audit entries, saved views, webhooks and the feed's counter do not)."""


def count_label(node_label: str) -> LiteralString:
    return cypher(f"MATCH (n:{label(node_label)}) RETURN count(n) AS count")


def find_ids(node_label: str) -> LiteralString:
    return cypher(f"UNWIND $ids AS id MATCH (n:{label(node_label)} {{id: id}}) RETURN n.id AS id")


def merge_nodes(node_label: str) -> LiteralString:
    # The node's properties become exactly the record's: a load is authoritative and idempotent.
    return cypher(
        f"UNWIND $rows AS row "
        f"MERGE (n:{label(node_label)} {{id: row.id}}) "
        f"ON CREATE SET n.`{CREATED_MARK}` = true "
        f"WITH n, row, properties(n) AS before "
        f"SET n = row.props, n:{NODE_LABEL} "
        f"{_COUNT_CHANGES}"
    )


def node_columns(node_label: str) -> tuple[str, ...]:
    """The order of a node's values in a row of :func:`create_nodes`."""
    return ("id", *(p.name for p in LABELS[label(node_label)].properties))


def relationship_columns(rel_type: str) -> tuple[str, ...]:
    """The order of a relationship's values in a row of :func:`create_relationships_by_id`."""
    return ("from", "to", *(p.name for p in RELATIONSHIPS[relationship_type(rel_type)].properties))


def _from_columns(names: tuple[str, ...], skip: int = 0) -> str:
    """A map of the row's values by the model's property names (a null is not stored)."""
    return ", ".join(f"`{name}`: row[{i}]" for i, name in enumerate(names) if i >= skip)


def create_nodes(node_label: str) -> LiteralString:
    """For a label with no nodes yet: nothing to merge with (ids are unique within a load).
    Each row is a list of values in :func:`node_columns` order: no property name is sent or
    read per row."""
    props = _from_columns(node_columns(node_label))
    return cypher(
        f"UNWIND $rows AS row CREATE (n:{label(node_label)}:{NODE_LABEL} {{{props}}}) "
        f"RETURN count(*) AS created, 0 AS updated, count(*) AS total"
    )


def count_relationships(rel_type: str, from_label: str, to_label: str) -> LiteralString:
    return cypher(
        f"MATCH (:{label(from_label)})-[r:{relationship_type(rel_type)}]->(:{label(to_label)}) "
        f"RETURN count(r) AS count"
    )


def create_relationships(rel_type: str, from_label: str, to_label: str) -> LiteralString:
    return cypher(
        f"UNWIND $rows AS row "
        f"MATCH (a:{label(from_label)} {{id: row.from}}) "
        f"MATCH (b:{label(to_label)} {{id: row.to}}) "
        f"CREATE (a)-[r:{relationship_type(rel_type)}]->(b) SET r = row.props "
        f"RETURN count(*) AS created, 0 AS updated, count(*) AS total"
    )


def merge_relationships(rel_type: str, from_label: str, to_label: str) -> LiteralString:
    return cypher(
        f"UNWIND $rows AS row "
        f"MATCH (a:{label(from_label)} {{id: row.from}}) "
        f"MATCH (b:{label(to_label)} {{id: row.to}}) "
        f"MERGE (a)-[r:{relationship_type(rel_type)}]->(b) "
        f"ON CREATE SET r.`{CREATED_MARK}` = true "
        f"WITH r, row, properties(r) AS before "
        f"SET r = row.props "
        f"{_COUNT_CHANGES}"
    )


def read_nodes(node_label: str) -> LiteralString:
    return cypher(f"MATCH (n:{label(node_label)}) RETURN properties(n) AS props ORDER BY n.id")


def read_relationships(rel_type: str) -> LiteralString:
    return cypher(
        f"MATCH (a)-[r:{relationship_type(rel_type)}]->(b) "
        f"RETURN a.id AS from, b.id AS to, properties(r) AS props ORDER BY a.id, b.id"
    )


def count_type(rel_type: str) -> LiteralString:
    return cypher(f"MATCH ()-[r:{relationship_type(rel_type)}]->() RETURN count(r) AS count")


def create_relationships_by_id(rel_type: str) -> LiteralString:
    """Relationships between any two nodes, found by id through the shared label's unique index
    (for loads that stream relationships without knowing their ends' labels). Each row is a
    list of values in :func:`relationship_columns` order."""
    props = _from_columns(relationship_columns(rel_type), skip=2)
    return cypher(
        f"UNWIND $rows AS row "
        f"MATCH (a:{NODE_LABEL} {{id: row[0]}}) MATCH (b:{NODE_LABEL} {{id: row[1]}}) "
        f"CREATE (a)-[r:{relationship_type(rel_type)} {{{props}}}]->(b) "
        f"RETURN count(*) AS created, 0 AS updated, count(*) AS total"
    )


def merge_relationships_by_id(rel_type: str) -> LiteralString:
    return cypher(
        f"UNWIND $rows AS row "
        f"MATCH (a:{NODE_LABEL} {{id: row.from}}) MATCH (b:{NODE_LABEL} {{id: row.to}}) "
        f"MERGE (a)-[r:{relationship_type(rel_type)}]->(b) "
        f"ON CREATE SET r.`{CREATED_MARK}` = true "
        f"WITH r, row, properties(r) AS before "
        f"SET r = row.props "
        f"{_COUNT_CHANGES}"
    )
