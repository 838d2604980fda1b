"""The graph read in bulk into networkx, for the analytics: two queries, whatever its size."""

from __future__ import annotations

from typing import Any

import neo4j
import networkx as nx

from graph_service.domain.model import LABELS, RELATIONSHIPS, PropertySpec, PropertyType

# One record per label and per relationship type, holding lists: the driver decodes a few large
# lists far faster than hundreds of thousands of small records (5x at 80,000 firms).
_NODES = (
    "MATCH (n) WITH n, [l IN labels(n) WHERE l IN $labels][0] AS label "
    "WHERE label IS NOT NULL "
    "RETURN label, collect(properties(n)) AS nodes"
)
_RELATIONSHIPS = (
    "MATCH (a)-[r]->(b) WHERE type(r) IN $types "
    "RETURN type(r) AS type, collect(a.id) AS sources, collect(b.id) AS targets, "
    "collect(properties(r)) AS props"
)


def last_commit(driver: neo4j.Driver, database: str) -> frozenset[str]:
    """The bookmark of the database's last committed transaction.

    A read transaction's bookmark names the last transaction committed before it (Neo4j
    Community has no other way to tell): it is the same until something is written — a load,
    a mutation, another service's change, even of a single property — and different after.
    """
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        session.execute_read(lambda tx: tx.run("RETURN 1").consume())
        return frozenset(session.last_bookmarks().raw_values)


def read_network(driver: neo4j.Driver, database: str) -> nx.MultiDiGraph[str]:
    """The whole graph: nodes keyed by id with ``label`` and their properties, edges keyed by
    relationship type with ``type`` and their properties, directed as in the model.

    Nodes are added in the order of their ids and relationships in the order of their
    ``(from, to, type)`` ids, whatever order Neo4j returns them in (its internal order follows
    the order things were written): every analysis that breaks ties by position or draws at
    random with a seed then gives the same result on the same graph, however it was loaded.
    """
    nodes: list[tuple[str, dict[str, Any]]] = []
    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        for record in session.run(_NODES, labels=list(LABELS)):
            label = record["label"]
            dates = _dates(LABELS[label].properties)
            nodes.extend(
                (props["id"], {**_native(props, dates), "label": label})
                for props in record["nodes"]
            )
        for record in session.run(_RELATIONSHIPS, types=list(RELATIONSHIPS)):
            rel_type = record["type"]
            dates = _dates(RELATIONSHIPS[rel_type].properties)
            edges.extend(
                (source, target, rel_type, {**_native(props, dates), "type": rel_type})
                for source, target, props in zip(
                    record["sources"], record["targets"], record["props"], strict=True
                )
            )
    nodes.sort(key=lambda node: node[0])
    edges.sort(key=lambda edge: edge[:3])
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    graph.add_nodes_from(nodes)
    # (u, v, key, data) tuples: accepted by MultiDiGraph, not by the type stubs.
    graph.add_edges_from(edges)  # type: ignore[arg-type]
    return graph


def _dates(specs: tuple[PropertySpec, ...]) -> tuple[str, ...]:
    return tuple(spec.name for spec in specs if spec.type is PropertyType.DATE)


def _native(props: dict[str, Any], dates: tuple[str, ...]) -> dict[str, Any]:
    """Neo4j's dates as Python's (the only non-plain values of the model)."""
    for name in dates:
        value = props.get(name)
        if isinstance(value, neo4j.time.Date):
            props[name] = value.to_native()
    return props
