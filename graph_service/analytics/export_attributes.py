"""The graph with its measures as node attributes, ready for Gephi (GEXF, GraphML).

Gephi reads a node's ``label`` as the name it shows, and an edge's ``type`` as directed or
undirected: the model's label goes to ``neo4jLabel`` and the relationship type to
``relationship``. Values are the plain scalars both formats take (dates as ISO text, nothing
for an absent value).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any, cast

import networkx as nx

from graph_service.analytics.centrality import betweenness_centrality, degree_centrality, pagerank
from graph_service.analytics.communities import louvain_communities
from graph_service.analytics.engine import compile_graph
from graph_service.analytics.nodes import display_name

MEASURES = ("degree", "betweenness", "pagerank")
"""The centralities written for every node, with ``community`` and ``communityName``."""


def measured_graph(G: nx.Graph[Any], *, seed: int = 0) -> nx.MultiDiGraph[Any]:
    """A copy of the projection ``G`` whose nodes carry their measures and community.

    Node attributes: ``label`` (the display name), ``neo4jLabel``, the model's properties,
    ``degree``, ``betweenness`` (sampled above 5,000 nodes, seeded with ``seed``),
    ``pagerank``, ``community`` (its number, 1 for the largest) and ``communityName`` (its
    main association). Edge attributes: ``relationship`` and the relationship's properties;
    edges are keyed and identified by ``from|TYPE|to``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("f1", label="Firm", name="Ottica Serio")
    >>> G.add_node("a1", label="Association", name="Ascom")
    >>> _ = G.add_edge("f1", "a1", key="MEMBER_OF", type="MEMBER_OF")
    >>> H = measured_graph(G)
    >>> H.nodes["f1"]["label"], H.nodes["f1"]["neo4jLabel"], H.nodes["f1"]["degree"]
    ('Ottica Serio', 'Firm', 1.0)
    >>> list(H.edges(keys=True, data=True))
    [('f1', 'a1', 'f1|MEMBER_OF|a1', {'relationship': 'MEMBER_OF', 'id': 'f1|MEMBER_OF|a1'})]
    """
    compiled = compile_graph(G)
    scores: dict[str, dict[str, float]] = {
        "degree": _scores(degree_centrality(G, compiled=compiled)),
        "betweenness": _scores(betweenness_centrality(G, compiled=compiled, seed=seed)),
        "pagerank": _scores(pagerank(G, compiled=compiled)),
    }
    communities = louvain_communities(G, compiled=compiled, seed=seed)
    community: dict[str, tuple[int, str]] = {}
    for c in communities.communities:
        name = c.dominant_association.name if c.dominant_association else f"{c.index + 1}"
        for member in c.members:
            community[member] = (c.index + 1, name)
    H: nx.MultiDiGraph[Any] = nx.MultiDiGraph()
    for node, attrs in G.nodes(data=True):
        key = str(node)
        values = {name: _scalar(value) for name, value in attrs.items() if name != "label"}
        values = {name: value for name, value in values.items() if value is not None}
        values["neo4jLabel"] = str(attrs.get("label", ""))
        values["label"] = display_name(G, node)
        for measure in MEASURES:
            values[measure] = scores[measure].get(key, 0.0)
        number, name = community.get(key, (0, ""))
        values["community"] = number
        values["communityName"] = name
        H.add_node(key, **values)
    for u, v, rel_type, attrs in _edges(G):
        identifier = f"{u}|{rel_type}|{v}"
        values = {n: _scalar(x) for n, x in attrs.items() if n != "type"}
        values = {n: x for n, x in values.items() if x is not None}
        H.add_edge(str(u), str(v), key=identifier, relationship=rel_type, id=identifier, **values)
    return H


def _scores(result: Any) -> dict[str, float]:
    return {entry.id: entry.score for entry in result.entries}


def _edges(G: nx.Graph[Any]) -> list[tuple[Hashable, Hashable, str, dict[str, Any]]]:
    if G.is_multigraph():
        multi = cast("nx.MultiGraph[Any]", G)
        return [
            (u, v, str(data.get("type", key)), data)
            for u, v, key, data in multi.edges(keys=True, data=True)
        ]
    return [(u, v, str(data.get("type", "")), data) for u, v, data in G.edges(data=True)]


def _scalar(value: Any) -> str | int | float | bool | None:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)
