"""A projection kept current by the change feed's events equals the projection read afresh,
down to the order of its nodes and neighbours; its compilation too."""

from __future__ import annotations

import copy
import datetime as dt
import random
from typing import Any

import networkx as nx
import pytest

from graph_service.analytics.changes import (
    ChangeNotApplicable,
    apply_changes,
    copy_projection,
    touched_nodes,
)
from graph_service.analytics.engine import compile_graph, recompile
from graph_service.domain.audit import AuditEntry, Change, Operation

Nodes = dict[str, dict[str, Any]]
Edges = dict[tuple[str, str, str], dict[str, Any]]

ENDS = {
    "MEMBER_OF": ("Firm", "Association"),
    "PARTICIPATES_IN": ("Firm", "Project"),
    "ABOUT": ("Project", "Topic"),
}


def projection(nodes: Nodes, edges: Edges) -> nx.MultiDiGraph[str]:
    """The graph as ``read_network`` builds it: nodes and relationships in id order."""
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    G.add_nodes_from(sorted((n, dict(a)) for n, a in nodes.items()))
    for (u, v, t), attrs in sorted(edges.items()):
        G.add_edge(u, v, key=t, **attrs)
    return G


def event(operation: str, target: str, ids: tuple[str, ...], after: Any = None) -> AuditEntry:
    return AuditEntry(
        "e", dt.datetime(2026, 1, 1), "k", Operation(operation), "m", target, ids,
        Change(None, after),
    )  # fmt: skip


def random_changes(rng: random.Random, nodes: Nodes, edges: Edges, count: int) -> list[AuditEntry]:
    """``count`` valid events, applied to ``nodes`` and ``edges`` (the truth) as they are made."""
    events = []
    for step in range(count):
        kind = rng.choice(["create", "update", "delete", "link", "link", "unlink"])
        if kind == "create" or len(nodes) < 4:
            label = rng.choice(["Firm", "Association", "Project", "Topic"])
            node = f"{label[0].lower()}{rng.randrange(10_000):04d}-{step}"
            after: dict[str, Any] = {"id": node, "name": f"n{step}"}
            if label == "Project":
                after["year"] = 2018
            nodes[node] = {**after, "label": label}
            events.append(event("create", label, (node,), after))
        elif kind == "update":
            node = rng.choice(sorted(nodes))
            label = nodes[node]["label"]
            after = {"id": node, "name": f"renamed {step}", "version": step}
            nodes[node] = {**after, "label": label}
            events.append(event("update", label, (node,), after))
        elif kind == "delete":
            node = rng.choice(sorted(nodes))
            del nodes[node]
            for key in [key for key in edges if node in key[:2]]:
                del edges[key]
            events.append(event("delete", "Firm", (node,)))
        elif kind == "link":
            rel = rng.choice(sorted(ENDS))
            sources = [n for n, a in nodes.items() if a["label"] == ENDS[rel][0]]
            targets = [n for n, a in nodes.items() if a["label"] == ENDS[rel][1]]
            if sources and targets:
                u, v = rng.choice(sorted(sources)), rng.choice(sorted(targets))
                after = {"weight": 2.0} if rel == "MEMBER_OF" else {}
                edges[u, v, rel] = {**after, "type": rel}
                events.append(event("link", rel, (u, v), after))
        elif edges:
            u, v, rel = rng.choice(sorted(edges))
            del edges[u, v, rel]
            events.append(event("unlink", rel, (u, v)))
    return events


def starting_network(rng: random.Random) -> tuple[Nodes, Edges]:
    nodes: Nodes = {}
    edges: Edges = {}
    random_changes(rng, nodes, edges, 300)
    return nodes, edges


@pytest.mark.parametrize("seed", range(5))
def test_events_applied_give_the_graph_a_fresh_read_gives_in_the_same_order(seed: int) -> None:
    rng = random.Random(seed)
    nodes, edges = starting_network(rng)
    G = projection(nodes, edges)
    compiled = compile_graph(G)
    events = random_changes(rng, nodes, edges, 200)
    assert apply_changes(G, events) == len(events)
    fresh = projection(nodes, edges)
    assert list(G.nodes(data=True)) == list(fresh.nodes(data=True))
    assert list(G.edges(keys=True, data=True)) == list(fresh.edges(keys=True, data=True))
    assert list(G.in_edges(keys=True)) == list(fresh.in_edges(keys=True))
    again = recompile(compiled, G, touched_nodes(events))
    expected = compile_graph(fresh)
    assert again.nodes == expected.nodes and again.labels == expected.labels
    assert again.indptr.tolist() == expected.indptr.tolist()
    assert again.indices.tolist() == expected.indices.tolist()
    assert again.directions.tolist() == expected.directions.tolist()
    assert again.id_rank.tolist() == expected.id_rank.tolist()
    assert again.relationships.tolist() == expected.relationships.tolist()
    assert again.relationship_types == expected.relationship_types
    assert sorted(again.graph.get_edgelist()) == sorted(expected.graph.get_edgelist())


def test_events_replayed_on_a_graph_that_holds_them_change_nothing_more() -> None:
    rng = random.Random(7)
    nodes, edges = starting_network(rng)
    G = projection(nodes, edges)
    events = random_changes(rng, nodes, edges, 100)
    apply_changes(G, events)
    apply_changes(G, events[-30:], replay=True)  # G was read while these were committed
    fresh = projection(nodes, edges)
    assert list(G.nodes(data=True)) == list(fresh.nodes(data=True))
    assert list(G.edges(keys=True, data=True)) == list(fresh.edges(keys=True, data=True))


def test_a_load_summary_stops_the_batch_where_it_stands() -> None:
    G = projection({"t1": {"id": "t1", "name": "Cyber", "label": "Topic"}}, {})
    events = [
        event("create", "Topic", ("t0",), {"id": "t0", "name": "Agrifood"}),
        event("load", "graph", ()),
        event("create", "Topic", ("t2",), {"id": "t2", "name": "E-commerce"}),
    ]
    with pytest.raises(ChangeNotApplicable) as raised:
        apply_changes(G, events)
    assert raised.value.applied == 1
    assert list(G) == ["t0", "t1"]


def test_a_relationship_to_a_node_the_projection_lacks_cannot_be_applied() -> None:
    G = projection({"f1": {"id": "f1", "name": "Ottica", "label": "Firm"}}, {})
    with pytest.raises(ChangeNotApplicable, match="MEMBER_OF cannot join f1 -> a9"):
        apply_changes(G, [event("link", "MEMBER_OF", ("f1", "a9"), {})])
    assert G.number_of_edges() == 0 and list(G) == ["f1"]


def test_dates_carried_as_text_by_the_feed_are_dates_again() -> None:
    G = projection({}, {})
    after = {"id": "s1", "name": "CS"}
    apply_changes(
        G,
        [
            event("create", "ServiceCentre", ("s1",), after),
            event("create", "Hub", ("h1",), {"id": "h1", "name": "I&T Hub"}),
            event("link", "PARTY_TO", ("s1", "h1"), {"since": "2018-01-15"}),
        ],
    )
    assert G.edges["s1", "h1", "PARTY_TO"]["since"] == dt.date(2018, 1, 15)


def test_changes_to_a_copy_leave_the_graph_being_read_as_it_was() -> None:
    rng = random.Random(3)
    nodes, edges = starting_network(rng)
    G = projection(nodes, edges)
    was = (list(G.nodes(data=True)), list(G.edges(keys=True, data=True)))
    was = copy.deepcopy(was)
    H = copy_projection(G)
    assert list(H.edges(keys=True, data=True)) == was[1]
    events = random_changes(rng, nodes, edges, 200)
    apply_changes(H, events)
    assert (list(G.nodes(data=True)), list(G.edges(keys=True, data=True))) == was
    fresh = projection(nodes, edges)
    assert list(H.nodes(data=True)) == list(fresh.nodes(data=True))
    assert list(H.edges(keys=True, data=True)) == list(fresh.edges(keys=True, data=True))
    assert list(H.in_edges(keys=True)) == list(fresh.in_edges(keys=True))
