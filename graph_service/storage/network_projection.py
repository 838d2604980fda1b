"""The graph read in bulk into networkx, for the analytics: two queries, whatever its size."""

from __future__ import annotations

from typing import Any

import neo4j
import networkx as nx

from graph_service.domain.model import LABELS, RELATIONSHIPS

_NODES = (
    "MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels) "
    "RETURN n.id AS id, [l IN labels(n) WHERE l IN $labels][0] AS label, properties(n) AS props"
)
_RELATIONSHIPS = (
    "MATCH (a)-[r]->(b) WHERE type(r) IN $types "
    "RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props"
)

# Both counts come from Neo4j's count store (no scan); audit entries are not part of the graph.
_COUNTS = (
    "CALL () { MATCH (n) RETURN count(n) AS nodes } "
    "CALL () { MATCH (e:AuditEntry) RETURN count(e) AS entries } "
    "CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes - entries AS nodes, rels"
)


def read_state(driver: neo4j.Driver, database: str) -> tuple[frozenset[str], tuple[int, int]]:
    """Where the database stands: the bookmark of its last committed transaction, and the
    node and relationship counts.

    A read transaction's bookmark names the last transaction committed before it (Neo4j
    Community has no other way to tell): it is the same until something is written — a load,
    a mutation, another service's change, even of a single property — and different after.
    """
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        record = session.execute_read(lambda tx: tx.run(_COUNTS).single(strict=True))
        bookmarks = frozenset(session.last_bookmarks().raw_values)
    return bookmarks, (int(record["nodes"]), int(record["rels"]))


def read_network(driver: neo4j.Driver, database: str) -> nx.MultiDiGraph[str]:
    """The whole graph: nodes keyed by id with ``label`` and their properties, edges keyed by
    relationship type with ``type`` and their properties, directed as in the model."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        for record in session.run(_NODES, labels=list(LABELS)):
            props: dict[str, Any] = {k: _plain(v) for k, v in record["props"].items()}
            graph.add_node(record["id"], **props, label=record["label"])
        for record in session.run(_RELATIONSHIPS, types=list(RELATIONSHIPS)):
            rel_type = record["type"]
            graph.add_edge(
                record["source"],
                record["target"],
                key=rel_type,
                type=rel_type,
                **{k: _plain(v) for k, v in record["props"].items()},
            )
    return graph


def _plain(value: Any) -> Any:
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value
