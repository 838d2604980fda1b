"""A graph's version for people: a short fingerprint of everything in it.

Two projections with the same nodes, relationships and properties have the same fingerprint,
however the graph was loaded; any change, even of one property, gives another. A report
carries it, so two reports can be told apart as made on the same graph or not.
"""

from __future__ import annotations

import hashlib
from typing import Any, cast

import networkx as nx

from graph_service.domain.analytics import GraphVersion

FINGERPRINT_LENGTH = 12


def graph_version(G: nx.Graph[Any]) -> GraphVersion:
    """The fingerprint of ``G`` (its first :data:`FINGERPRINT_LENGTH` hexadecimal digits of
    SHA-256 over the sorted nodes and relationships with their properties), with its counts.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("f1", label="Firm", name="Ottica Serio")
    >>> G.add_node("a1", label="Association", name="Ascom")
    >>> _ = G.add_edge("f1", "a1", key="MEMBER_OF", type="MEMBER_OF")
    >>> H = nx.MultiDiGraph()
    >>> H.add_nodes_from(reversed(list(G.nodes(data=True))))
    >>> _ = H.add_edges_from(G.edges(keys=True, data=True))
    >>> graph_version(G) == graph_version(H), graph_version(G).nodes
    (True, 2)
    >>> G.nodes["f1"]["name"] = "Ottica Serio Srl"
    >>> graph_version(G) == graph_version(H)
    False
    """
    digest = hashlib.sha256()
    for node, attrs in sorted(G.nodes(data=True), key=lambda item: str(item[0])):
        digest.update(_line("node", str(node), attrs))
    if G.is_multigraph():
        multi = cast("nx.MultiGraph[Any]", G)
        edges: list[Any] = list(multi.edges(keys=True, data=True))
    else:
        edges = [(u, v, None, d) for u, v, d in G.edges(data=True)]
    for u, v, key, attrs in sorted(edges, key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        digest.update(_line("edge", f"{u}\t{v}\t{key}", attrs))
    return GraphVersion(
        digest.hexdigest()[:FINGERPRINT_LENGTH], G.number_of_nodes(), G.number_of_edges()
    )


def _line(kind: str, key: str, attrs: dict[str, Any]) -> bytes:
    # repr of the sorted items: the same for equal properties, whatever their order.
    return f"{kind}\t{key}\t{sorted(attrs.items())!r}\n".encode()
