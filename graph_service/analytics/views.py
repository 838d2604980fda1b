"""Views of the projected graph: the shapes the analyses run on.

The projection is a ``networkx.MultiDiGraph`` keyed by relationship type (see
:mod:`graph_service.analytics`). The views here are new graphs; the input is never changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from itertools import combinations
from typing import Any, cast

import networkx as nx

from graph_service.analytics.nodes import labelled_nodes

FIRM = "Firm"
PROJECT = "Project"


def relationship_type(key: Any, data: dict[str, Any]) -> str | None:
    """The relationship type of an edge: its ``type`` attribute, else its multigraph key."""
    found = data.get("type", key)
    return None if found is None else str(found)


def related(
    G: nx.Graph[Any], node: Hashable, type_: str, *, incoming: bool = False
) -> list[Hashable]:
    """The nodes joined to ``node`` by relationships of ``type_``, following the model's direction.

    With ``incoming`` the relationships end at ``node`` (``related(G, project, "PARTICIPATES_IN",
    incoming=True)`` are its firms); otherwise they start there. An undirected graph has no
    direction: both ends count.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("f1", "p1", key="PARTICIPATES_IN", type="PARTICIPATES_IN")
    'PARTICIPATES_IN'
    >>> related(G, "p1", "PARTICIPATES_IN", incoming=True)
    ['f1']
    """
    adjacency = G.adj[node]
    if G.is_directed():
        directed = cast("nx.DiGraph[Any]", G)
        adjacency = directed.pred[node] if incoming else directed.succ[node]
    found = []
    for other, edges in adjacency.items():
        if G.is_multigraph():
            if type_ in edges or any(d.get("type") == type_ for d in edges.values()):
                found.append(other)
        elif edges.get("type") == type_:
            found.append(other)
    return found


def relationships(G: nx.Graph[Any]) -> Iterable[tuple[Hashable, Hashable, str | None]]:
    """Every edge as ``(from, to, relationship type)``."""
    if G.is_multigraph():
        multi = cast("nx.MultiGraph[Any]", G)
        for u, v, key, data in multi.edges(keys=True, data=True):
            yield u, v, relationship_type(key, data)
    else:
        for u, v, data in G.edges(data=True):
            yield u, v, relationship_type(None, data)


def undirected(G: nx.Graph[Any]) -> nx.Graph[Any]:
    """The simple undirected view: one tie between two nodes, whatever joins them.

    Every node is kept with its attributes; every edge carries ``types``, the sorted tuple of
    the relationship types that join the pair (in either direction). Self-loops are dropped.

    Parameters
    ----------
    G : networkx graph
        The projection (any networkx graph is accepted).

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("f1", label="Firm", name="Ottica Serio")
    >>> G.add_edge("f1", "a1", key="MEMBER_OF", type="MEMBER_OF")
    'MEMBER_OF'
    >>> G.add_edge("f1", "a1", key="AFFILIATED_WITH", type="AFFILIATED_WITH")
    'AFFILIATED_WITH'
    >>> H = undirected(G)
    >>> H.number_of_edges(), H.edges["a1", "f1"]["types"], H.nodes["f1"]["name"]
    (1, ('AFFILIATED_WITH', 'MEMBER_OF'), 'Ottica Serio')
    """
    types: defaultdict[tuple[Hashable, Hashable], set[str]] = defaultdict(set)
    order = {node: position for position, node in enumerate(G)}
    for u, v, type_ in relationships(G):
        if u == v:
            continue
        pair = (u, v) if order[u] <= order[v] else (v, u)
        found = types[pair]
        if type_ is not None:
            found.add(type_)
    H: nx.Graph[Any] = nx.Graph()
    H.add_nodes_from((node, dict(attrs)) for node, attrs in G.nodes(data=True))
    H.add_edges_from((u, v, {"types": tuple(sorted(found))}) for (u, v), found in types.items())
    return H


def project_participants(G: nx.Graph[Any]) -> dict[Hashable, list[Hashable]]:
    """Each project's participating firms (``PARTICIPATES_IN``), in graph order."""
    participants: dict[Hashable, list[Hashable]] = {}
    for node, label in labelled_nodes(G):
        if label == PROJECT:
            participants[node] = [
                firm
                for firm in related(G, node, "PARTICIPATES_IN", incoming=True)
                if G.nodes[firm].get("label") == FIRM
            ]
    return participants


def collaboration_graph(G: nx.Graph[Any]) -> nx.Graph[Any]:
    """The firm-firm collaboration graph: firms tied when they share a project.

    Every firm is a node (with its attributes), collaborating or not. An edge carries
    ``weight``, the number of projects the two firms share, and ``projects``, their ids (sorted).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projection.

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["f1", "f2", "f3"], label="Firm")
    >>> G.add_nodes_from(["p1", "p2"], label="Project")
    >>> for firm, project in [("f1", "p1"), ("f2", "p1"), ("f1", "p2"), ("f2", "p2")]:
    ...     _ = G.add_edge(firm, project, key="PARTICIPATES_IN", type="PARTICIPATES_IN")
    >>> C = collaboration_graph(G)
    >>> sorted(C.nodes), C.edges["f1", "f2"]
    (['f1', 'f2', 'f3'], {'weight': 2, 'projects': ('p1', 'p2')})
    """
    shared: defaultdict[tuple[Hashable, Hashable], list[Hashable]] = defaultdict(list)
    order = {node: position for position, node in enumerate(G)}
    for project, firms in project_participants(G).items():
        for u, v in combinations(sorted(set(firms), key=order.__getitem__), 2):
            shared[u, v].append(project)
    C: nx.Graph[Any] = nx.Graph()
    C.add_nodes_from(
        (node, dict(attrs)) for node, attrs in G.nodes(data=True) if attrs.get("label") == FIRM
    )
    C.add_edges_from(
        (u, v, {"weight": len(projects), "projects": tuple(sorted(map(str, projects)))})
        for (u, v), projects in shared.items()
    )
    return C


def co_participation_graph(G: nx.Graph[Any]) -> nx.Graph[Any]:
    """Firms and projects: each firm tied to its projects and to the firms it shares one with.

    Two firms are close here when they have partners in common, a firm and a project when the
    firm's partners take part in it; collaboration opportunities are scored on a wider view that
    contains this one (:func:`affinity_graph`). Edges carry ``kind``: ``"participation"`` or
    ``"partnership"``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["f1", "f2"], label="Firm")
    >>> G.add_node("p1", label="Project")
    >>> for firm in ["f1", "f2"]:
    ...     _ = G.add_edge(firm, "p1", key="PARTICIPATES_IN", type="PARTICIPATES_IN")
    >>> sorted(co_participation_graph(G).edges(data="kind"))
    [('f1', 'f2', 'partnership'), ('f1', 'p1', 'participation'), ('f2', 'p1', 'participation')]
    """
    P: nx.Graph[Any] = nx.Graph()
    P.add_nodes_from(
        (node, dict(attrs))
        for node, attrs in G.nodes(data=True)
        if attrs.get("label") in (FIRM, PROJECT)
    )
    for project, firms in project_participants(G).items():
        P.add_edges_from(((firm, project) for firm in firms), kind="participation")
        P.add_edges_from(combinations(set(firms), 2), kind="partnership")
    return P


def as_of_year(G: nx.Graph[Any], year: int) -> nx.Graph[Any]:
    """The network as it stood at the end of ``year``.

    Projects with a ``year`` after ``year`` are removed with their relationships; projects
    without a year are kept (they cannot be dated). Every other node stays: the projection
    holds no dates for memberships and the like.

    Parameters
    ----------
    G : networkx graph
        The projection.
    year : int
        The last year to keep.

    Returns
    -------
    networkx graph
        A new graph of the same class.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("f1", label="Firm")
    >>> G.add_node("p2018", label="Project", year=2018)
    >>> G.add_node("p2019", label="Project", year=2019)
    >>> sorted(as_of_year(G, 2018))
    ['f1', 'p2018']
    """
    keep = [
        node
        for node, attrs in G.nodes(data=True)
        if not (attrs.get("label") == PROJECT and _year_after(attrs.get("year"), year))
    ]
    return G.subgraph(keep).copy()


def _year_after(value: Any, year: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > year


def types_between(G: nx.Graph[Any], u: Hashable, v: Hashable) -> tuple[str, ...]:
    """The sorted relationship types joining ``u`` and ``v``, in either direction.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("e1", "o1", key="WORKS_AT", type="WORKS_AT")
    'WORKS_AT'
    >>> types_between(G, "o1", "e1")
    ('WORKS_AT',)
    """
    found: set[str] = set()
    for a, b in ((u, v), (v, u)):
        if not G.has_edge(a, b):
            continue
        data = G.get_edge_data(a, b)
        if G.is_multigraph():
            found.update(t for k, d in data.items() if (t := relationship_type(k, d)))
        elif t := relationship_type(None, data):
            found.add(t)
    return tuple(sorted(found))


ASSOCIATION = "Association"
TOPIC = "Topic"
EXPERT = "Expert"


def affinity_graph(G: nx.Graph[Any]) -> nx.Graph[Any]:
    """Firms, projects and what brings them together: the view opportunities are scored on.

    The co-participation view (:func:`co_participation_graph`) plus three kinds of ties: each
    firm to its associations (``MEMBER_OF``), to the topics of its projects (``ABOUT``) and to
    the experts advising its projects (``ADVISES``); each project to its topics and experts.
    Two firms are then close when they have partners, an association, topics or experts in
    common; a firm and a project when the firm's partners take part in it, or it is about the
    firm's topics, or advised by the firm's experts (see
    :func:`graph_service.analytics.opportunities.collaboration_opportunities`). Edges carry
    ``kind``: ``"participation"``, ``"partnership"``, ``"membership"``, ``"topic"`` or
    ``"expert"``. Associations are those firms belong to directly (an association's own
    membership of another is not followed).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["f1", "f2"], label="Firm")
    >>> G.add_node("a1", label="Association")
    >>> G.add_node("p1", label="Project")
    >>> G.add_node("t1", label="Topic")
    >>> _ = G.add_edge("f1", "p1", key="PARTICIPATES_IN", type="PARTICIPATES_IN")
    >>> _ = G.add_edge("p1", "t1", key="ABOUT", type="ABOUT")
    >>> _ = G.add_edge("f2", "a1", key="MEMBER_OF", type="MEMBER_OF")
    >>> A = affinity_graph(G)
    >>> sorted(A["f1"]), A.edges["f2", "a1"]["kind"], A.edges["p1", "t1"]["kind"]
    (['p1', 't1'], 'membership', 'topic')
    """
    labels = (FIRM, PROJECT, ASSOCIATION, TOPIC, EXPERT)
    A: nx.Graph[Any] = nx.Graph()
    A.add_nodes_from(
        (node, dict(attrs)) for node, attrs in G.nodes(data=True) if attrs.get("label") in labels
    )

    def labelled(nodes: Iterable[Hashable], label: str) -> list[Hashable]:
        return [n for n in nodes if G.nodes[n].get("label") == label]

    for project, firms in project_participants(G).items():
        A.add_edges_from(((firm, project) for firm in firms), kind="participation")
        A.add_edges_from(combinations(set(firms), 2), kind="partnership")
        for kind, others in (
            ("topic", labelled(related(G, project, "ABOUT"), TOPIC)),
            ("expert", labelled(related(G, project, "ADVISES", incoming=True), EXPERT)),
        ):
            A.add_edges_from(((project, other) for other in others), kind=kind)
            A.add_edges_from(((firm, other) for firm in firms for other in others), kind=kind)
    for firm, label in labelled_nodes(G):
        if label == FIRM:
            associations = labelled(related(G, firm, "MEMBER_OF"), ASSOCIATION)
            A.add_edges_from(((firm, a) for a in associations), kind="membership")
    return A
