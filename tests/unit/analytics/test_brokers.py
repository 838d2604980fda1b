from __future__ import annotations

import math
from itertools import combinations
from typing import Any

import networkx as nx
import pytest

from graph_service.analytics.brokers import (
    brokerage_roles,
    count_brokerage,
    cut_points,
    structural_holes,
)
from graph_service.analytics.views import collaboration_graph, undirected
from graph_service.domain.analytics import BrokerageRole
from tests.unit.analytics.networks import bergamo_network, random_network

R = BrokerageRole


def small_graphs() -> list[nx.Graph[Any]]:
    return [
        nx.gnm_random_graph(40, 80, seed=2),
        nx.gnm_random_graph(60, 70, seed=9),
        nx.karate_club_graph(),
        nx.florentine_families_graph(),
        undirected(random_network(4)),
    ]


@pytest.mark.parametrize("G", small_graphs())
def test_constraint_and_effective_size_equal_networkx(G: nx.Graph[Any]) -> None:
    result = structural_holes(G)
    constraint = nx.constraint(G)
    effective = nx.effective_size(G)
    assert result.ranked_count == G.number_of_nodes()
    for entry in result.entries:
        node = next(n for n in G if str(n) == entry.id)
        if entry.constraint is None:
            assert math.isnan(constraint[node]) and entry.degree == 0
            continue
        assert entry.constraint == pytest.approx(constraint[node], abs=1e-12)
        assert entry.effective_size == pytest.approx(effective[node], abs=1e-12)
        assert entry.efficiency == pytest.approx(effective[node] / G.degree(node))
    ranked = [e.constraint for e in result.entries if e.constraint is not None]
    assert ranked == sorted(ranked)


def test_structural_holes_for_one_label() -> None:
    result = structural_holes(bergamo_network(), label="Firm", top=3)
    assert len(result.entries) == 3 and {e.label for e in result.entries} == {"Firm"}
    assert result.entries[0].id == "firm-c3"  # in two projects and tied to the other hub


def brute_force_brokerage(G: nx.Graph[Any], groups: dict[Any, str]) -> dict[Any, dict[R, int]]:
    """Straight from the definition: every open two-path A - B - C, classified."""
    counts: dict[Any, dict[R, int]] = {b: dict.fromkeys(R, 0) for b in G if b in groups}
    for b in counts:
        for a, c in combinations(G[b], 2):
            if G.has_edge(a, c) or a not in groups or c not in groups:
                continue
            ga, gb, gc = groups[a], groups[b], groups[c]
            if ga == gb == gc:
                role = R.COORDINATOR
            elif ga == gc:
                role = R.ITINERANT
            elif gb in (ga, gc):
                role = R.REPRESENTATIVE_GATEKEEPER
            else:
                role = R.LIAISON
            counts[b][role] += 1
    return counts


def test_brokerage_on_a_hand_computed_example() -> None:
    # B (group x) tied to A1, A2 (x), C1, C2 (y), D (z); A1 - A2 and C1 - D are tied.
    G = nx.Graph([("B", n) for n in ["A1", "A2", "C1", "C2", "D"]] + [("A1", "A2"), ("C1", "D")])
    groups = {"B": "x", "A1": "x", "A2": "x", "C1": "y", "C2": "y", "D": "z"}
    counts = count_brokerage(G, groups)
    # open pairs at B: A1-C1 A1-C2 A1-D A2-C1 A2-C2 A2-D (representative/gatekeeper: 6),
    # C1-C2 (itinerant: 1), C2-D (liaison: 1); A1-A2 and C1-D are closed.
    assert counts["B"] == {
        R.COORDINATOR: 0,
        R.ITINERANT: 1,
        R.REPRESENTATIVE_GATEKEEPER: 6,
        R.LIAISON: 1,
    }
    # A1 brokers between A2... no: A2 is tied to B. A1's only neighbours are B and A2 (closed).
    assert sum(counts["A1"].values()) == 0
    # C1 brokers B - D? closed (B - D tied). So C1 brokers nothing either.
    assert sum(counts["C1"].values()) == 0
    # a coordinator: B2 between two of its own group
    G.add_edges_from([("A1", "B2"), ("B2", "E")])
    groups |= {"B2": "x", "E": "x"}
    assert count_brokerage(G, groups)["B2"][R.COORDINATOR] == 1


@pytest.mark.parametrize("seed", range(5))
def test_brokerage_equals_the_definition_on_random_graphs(seed: int) -> None:
    G = nx.gnm_random_graph(40, 120, seed=seed)
    groups = {n: "abcd"[n % 4] for n in G if n % 7}  # some nodes without a group
    assert count_brokerage(G, groups) == brute_force_brokerage(G, groups)


def test_brokerage_roles_group_firms_by_association() -> None:
    G = bergamo_network()
    result = brokerage_roles(G)
    by_id = {e.id: e for e in result.entries}
    # firm-a1 (Ascom) links the opticians (Federottica) with cyber-net's firms
    a1 = by_id["firm-a1"]
    assert a1.group == "ascom" and a1.group_name == "Ascom Confcommercio Bergamo"
    assert (a1.representative_gatekeeper, a1.liaison) == (0, 6)
    assert a1.total == 6 and a1.rank == 1
    n1 = by_id["firm-n1"]  # CNA: cyber-net (confartigianato x2, ascom) and agri-net
    # open pairs across its two projects: c1/c2 - c3 (itinerant), c1/c2/a1 - n2
    # (representative/gatekeeper), a1 - c3 (liaison)
    assert (n1.itinerant, n1.representative_gatekeeper, n1.liaison) == (2, 3, 1)
    C = collaboration_graph(G)
    groups = {f: next(iter(G.successors(f))) for f in C}
    expected = brute_force_brokerage(C, groups)
    for entry in result.entries:
        assert entry.total == sum(expected[entry.id].values())


def test_brokerage_top_and_ranks() -> None:
    result = brokerage_roles(random_network(1, firms=80, projects=20), top=5)
    totals = [e.total for e in result.entries]
    assert totals == sorted(totals, reverse=True) and len(totals) == 5
    assert result.entries[0].rank == 1


def brute_force_cut_off(
    H: nx.Graph[Any], removed: list[Any] | tuple[Any, Any], edge: bool
) -> tuple[int, int]:
    K = H.copy()
    if edge:
        K.remove_edge(*removed)
        start = removed[0]
    else:
        K.remove_nodes_from(removed)
        start = next(iter(H[removed[0]]))
    component = nx.node_connected_component(H, start if not edge else removed[0])
    parts = [p for p in nx.connected_components(K) if p & component]
    firms = [sum(H.nodes[n].get("label") == "Firm" for n in p) for p in parts]
    main = max(range(len(parts)), key=lambda i: (len(parts[i]), firms[i]))
    return (
        sum(len(p) for i, p in enumerate(parts) if i != main),
        sum(f for i, f in enumerate(firms) if i != main),
    )


@pytest.mark.parametrize("seed", range(4))
def test_cut_points_equal_networkx_and_count_what_they_cut_off(seed: int) -> None:
    G = random_network(seed, firms=40, projects=10)
    H = undirected(G)
    result = cut_points(G)
    assert {p.id for p in result.articulation_points} == set(nx.articulation_points(H))
    assert {frozenset((b.source.id, b.target.id)) for b in result.bridges} == {
        frozenset(e) for e in nx.bridges(H)
    }
    for point in result.articulation_points:
        assert (point.nodes_cut_off, point.firms_cut_off) == brute_force_cut_off(
            H, [point.id], edge=False
        )
    for bridge in result.bridges:
        pair = (bridge.source.id, bridge.target.id)
        assert (bridge.nodes_cut_off, bridge.firms_cut_off) == brute_force_cut_off(
            H, pair, edge=True
        )
    largest = max(nx.connected_components(H), key=len)
    assert result.largest_component_size == len(largest)
    assert result.component_count == nx.number_connected_components(H)


def test_cut_points_in_the_bergamo_network() -> None:
    result = cut_points(bergamo_network())
    first = result.articulation_points[0]
    assert first.in_largest_component
    firms_first = [p.firms_cut_off for p in result.articulation_points]
    assert firms_first == sorted(firms_first, reverse=True)
    seat = next(b for b in result.bridges if b.target.id == "kilometro-rosso")
    assert seat.source.id == "confindustria-dih"  # in the model's direction
    assert (seat.relationships, seat.nodes_cut_off, seat.firms_cut_off) == ("SEATED_AT", 1, 0)
    assert len(cut_points(bergamo_network(), top=2).articulation_points) == 2


@pytest.mark.parametrize(
    "H",
    [
        nx.barbell_graph(4, 2),
        nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 2), (4, 5), (6, 7)]),
        nx.gnm_random_graph(60, 70, seed=3),
        nx.gnm_random_graph(60, 62, seed=5),
    ],
    ids=["barbell", "bowtie-and-tail", "sparse-1", "sparse-2"],
)
def test_cut_points_where_cycles_meet_at_a_node(H: nx.Graph[Any]) -> None:
    """Articulation points inside the cycles too, not only at the ends of bridges."""
    H = nx.relabel_nodes(H, {n: f"n{n:02d}" for n in H})
    result = cut_points(H)
    assert {p.id for p in result.articulation_points} == set(nx.articulation_points(H))
    for point in result.articulation_points:
        expected = brute_force_cut_off(H, [point.id], edge=False)
        assert (point.nodes_cut_off, point.firms_cut_off) == expected
    for bridge in result.bridges:
        pair = (bridge.source.id, bridge.target.id)
        assert (bridge.nodes_cut_off, bridge.firms_cut_off) == brute_force_cut_off(
            H, pair, edge=True
        )
