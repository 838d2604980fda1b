from __future__ import annotations

from typing import Any

import networkx as nx
import pytest

from graph_service.analytics.bridge import bridge_to_hub
from graph_service.analytics.errors import NodeNotFound
from graph_service.analytics.views import undirected
from tests.unit.analytics.networks import bergamo_network, random_network


def brute_force(H: nx.Graph[Any], home: str, other: str) -> dict[str, tuple[int, float | None]]:
    """For every home-network candidate: add the tie, recompute, count firms brought closer."""
    inf = float("inf")
    to_home = nx.single_source_shortest_path_length(H, home)
    to_other = nx.single_source_shortest_path_length(H, other)
    side = {n for n in to_home if to_home[n] <= to_other.get(n, inf)}
    firms = [n for n in side if H.nodes[n].get("label") == "Firm"]
    found = {}
    for c in side:
        if H.nodes[c].get("label") not in {"Firm", "Expert", "Association", "Office"}:
            continue
        K = H.copy()
        K.add_edge(c, other)
        after = nx.single_source_shortest_path_length(K, other)
        closer = [f for f in firms if after.get(f, inf) < to_other.get(f, inf)]
        gains = [to_other[f] - after[f] for f in closer if f in to_other]
        if closer:
            found[c] = (len(closer), sum(gains) / len(gains) if gains else None)
    return found


@pytest.mark.parametrize("seed", range(4))
def test_candidates_equal_brute_force(seed: int) -> None:
    G = random_network(seed, firms=40, projects=10)
    H = undirected(G)
    result = bridge_to_hub(G, top=1000, firm_shortlist=None)
    expected = brute_force(H, "it-hub", "confindustria-dih")
    found = {c.node.id: (c.firms_closer, c.mean_gain) for c in result.candidates}
    alike = sum(c.alike for c in result.candidates)
    assert len(found) + alike == len(expected)
    for node, value in found.items():
        assert value == pytest.approx(expected[node])
    keys = [(-c.firms_closer, -(c.mean_gain or 0)) for c in result.candidates]
    assert keys == sorted(keys)


def test_bergamo_bridge() -> None:
    G = bergamo_network()
    H = undirected(G)
    result = bridge_to_hub(G)
    assert result.home_hub.name == "Innovation & Technology Hub"
    assert result.distance == nx.shortest_path_length(H, "it-hub", "confindustria-dih")
    expected = sorted(nx.all_shortest_paths(H, "it-hub", "confindustria-dih"))
    assert sorted([n.id for n in p.nodes] for p in result.shortest_paths) == expected
    assert "firm-c3" in {n.id for p in result.shortest_paths for n in p.nodes}
    best = result.candidates[0]
    assert best.rank == 1 and best.firms_closer >= result.candidates[-1].firms_closer
    assert best.example is not None
    path = best.example
    assert path.nodes[-1].id == "confindustria-dih" and path.relationships[-1] == "PROPOSED"
    assert path.nodes[-2] == best.node and path.nodes[0].label == "Firm"
    assert best.example_old_distance == nx.shortest_path_length(
        H, path.nodes[0].id, "confindustria-dih"
    )
    assert len(path.relationships) < best.example_old_distance
    assert all(
        c.node.label in {"Firm", "Expert", "Association", "Office"} for c in result.candidates
    )


def test_hubs_not_yet_connected() -> None:
    G = bergamo_network()
    for node in ["confindustria", "specialist-1", "firm-c3"]:
        G.remove_edge(node, "confindustria-dih", key="AFFILIATED_WITH")
    result = bridge_to_hub(G, max_paths=3)
    assert result.distance is None and result.shortest_paths == ()
    best = result.candidates[0]
    assert best.firms_connected == best.firms_closer and best.mean_gain is None
    assert best.example_old_distance is None


def test_missing_hub_is_reported() -> None:
    with pytest.raises(NodeNotFound):
        bridge_to_hub(bergamo_network(), other_hub="somewhere-else")
