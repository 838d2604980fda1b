"""The opportunities' walks handed on to the next version of the graph: after any link,
unlink or new node, the suggestions are those of walks made afresh on the changed graph."""

from __future__ import annotations

import random
from typing import Any

import networkx as nx
import pytest

from graph_service.analytics.affinity import AffinityIndex
from graph_service.analytics.opportunities import collaboration_opportunities
from loaders import synthetic


def network() -> nx.MultiDiGraph[Any]:
    records = synthetic.generate(600, seed=5)
    G: nx.MultiDiGraph[Any] = nx.MultiDiGraph()
    for label, nodes in records.nodes.items():
        for node in nodes:
            G.add_node(node.id, label=label, **node.properties)
    for rel_type, rels in records.relationships.items():
        for rel in rels:
            G.add_edge(rel.from_id, rel.to_id, key=rel_type, type=rel_type, **rel.properties)
    return G


def of_label(G: nx.MultiDiGraph[Any], label: str) -> list[str]:
    return sorted(n for n, a in G.nodes(data=True) if a["label"] == label)


def change(G: nx.MultiDiGraph[Any], rng: random.Random, step: int) -> set[str]:
    """One write as the API makes them; the nodes whose ties it changed."""
    firms, projects = of_label(G, "Firm"), of_label(G, "Project")
    kind = step % 4
    if kind == 0:  # a firm joins a project
        firm, project = rng.choice(firms), rng.choice(projects)
        G.add_edge(firm, project, key="PARTICIPATES_IN", type="PARTICIPATES_IN", role="partner")
        return {firm, project}
    if kind == 1:  # a firm leaves its association
        firm, association = rng.choice(
            [(u, v) for u, v, k in G.edges(keys=True) if k == "MEMBER_OF"]
        )
        G.remove_edge(firm, association, key="MEMBER_OF")
        return {firm, association}
    if kind == 2:  # a new firm, member of an association, in a project
        firm = f"new-firm-{step}"
        G.add_node(firm, label="Firm", name=f"New firm {step}")
        association = rng.choice(of_label(G, "Association"))
        project = rng.choice(projects)
        G.add_edge(firm, association, key="MEMBER_OF", type="MEMBER_OF")
        G.add_edge(firm, project, key="PARTICIPATES_IN", type="PARTICIPATES_IN", role="partner")
        return {firm, association, project}
    firm, project = rng.choice(  # a firm leaves a project
        [(u, v) for u, v, k in G.edges(keys=True) if k == "PARTICIPATES_IN"]
    )
    G.remove_edge(firm, project, key="PARTICIPATES_IN")
    return {firm, project}


@pytest.mark.parametrize("in_place", [True, False])
def test_suggestions_after_changes_are_those_of_fresh_walks(in_place: bool) -> None:
    rng = random.Random(3)
    G = network()
    index = AffinityIndex(G)
    asked = rng.sample(of_label(G, "Firm"), 40)
    for firm in asked:  # the walks of many firms, kept
        collaboration_opportunities(G, firm, index=index)
    for step in range(12):
        if not in_place:  # the version before stays as it was, for analyses still on it
            G = G.copy()
        touched = change(G, rng, step)
        index = index.after_changes(G, touched, in_place=in_place)
        fresh = AffinityIndex(G)
        for firm in [*rng.sample(asked, 8), *(n for n in touched if n in G)]:
            if G.nodes[firm]["label"] != "Firm":
                continue
            kept = collaboration_opportunities(G, firm, index=index)
            again = collaboration_opportunities(G, firm, index=fresh)
            assert kept == again, (step, firm)


def test_the_walks_far_from_a_change_are_kept() -> None:
    G = network()
    index = AffinityIndex(G)
    firms = of_label(G, "Firm")
    for firm in firms:
        index.neighbours(firm)
    firm, project = firms[0], of_label(G, "Project")[0]
    G.add_edge(firm, project, key="PARTICIPATES_IN", type="PARTICIPATES_IN", role="partner")
    later = index.after_changes(G, {firm, project}, in_place=True)
    near = {firm, project, *nx.all_neighbors(G, firm), *nx.all_neighbors(G, project)}
    kept = [f for f in firms if f not in near]
    assert kept and all(f in later.neighbours._values for f in kept)
    assert not any(f in later.neighbours._values for f in near)
