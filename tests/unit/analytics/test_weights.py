"""Views and weights: the weighted measures equal networkx's weighted results."""

from __future__ import annotations

import random
from collections import Counter
from itertools import combinations
from typing import Any

import networkx as nx
import pytest

from graph_service.analytics.centrality import centrality
from graph_service.analytics.communities import louvain_communities
from graph_service.analytics.errors import InvalidParameter
from graph_service.analytics.weights import network_view, project_value
from graph_service.domain.weighting import NetworkView, TieWeight
from tests.unit.analytics.networks import random_network


def _weighted_network(seed: int) -> nx.MultiDiGraph[Any]:
    """A random network whose relationships carry declared weights, a few pairs joined by two
    relationships (whose weights add up). Weights are powers of two, so that path lengths add
    up exactly and equally short paths are equal in both libraries."""
    G = random_network(seed)
    rng = random.Random(seed)
    for _, _, data in G.edges(data=True):
        if rng.random() < 0.7:
            data["weight"] = rng.choice([0.5, 1.0, 2.0, 4.0, 8.0])
    for u, v in rng.sample(sorted(G.edges()), 5):
        G.add_edge(v, u, key="AFFILIATED_WITH", type="AFFILIATED_WITH", weight=1.0)
        G.edges[u, v, next(iter(G[u][v]))]["weight"] = 1.0
    return G


def _declared(G: nx.MultiDiGraph[Any]) -> nx.Graph[Any]:
    """The reference: a simple graph whose ties weigh the sum of their relationships'."""
    H: nx.Graph[Any] = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    for u, v, data in G.edges(data=True):
        if u == v:
            continue
        w = data.get("weight", 1.0)
        if H.has_edge(u, v):
            H[u][v]["weight"] += w
        else:
            H.add_edge(u, v, weight=w)
    for _, _, data in H.edges(data=True):
        data["distance"] = 1 / data["weight"]
    return H


def _scores(result: Any) -> dict[str, float]:
    return {e.id: e.score for e in result.entries}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_declared_weights_match_networkx_for_every_measure(seed: int) -> None:
    G = _weighted_network(seed)
    H = _declared(G)
    n = H.number_of_nodes()
    expected = {
        "pagerank": nx.pagerank(H, weight="weight", tol=1e-12, max_iter=10_000),
        "betweenness": nx.betweenness_centrality(H, weight="distance"),
        "closeness": nx.closeness_centrality(H, distance="distance"),
        "degree": {v: d / (n - 1) for v, d in H.degree(weight="weight")},
    }
    for measure, reference in expected.items():
        found = _scores(centrality(G, measure, weight="declared"))
        assert found == pytest.approx({str(k): v for k, v in reference.items()}, abs=1e-8), measure
    largest = H.subgraph(max(nx.connected_components(H), key=len)).copy()
    eigen = nx.eigenvector_centrality_numpy(largest, weight="weight")
    found = _scores(centrality(largest, "eigenvector", weight="declared"))
    assert found == pytest.approx({str(k): v for k, v in eigen.items()}, abs=1e-6)


def test_weights_change_the_ranking_they_should() -> None:
    # Without weights a and c tie; a's one strong tie makes it the more central by PageRank.
    G: nx.MultiDiGraph[Any] = nx.MultiDiGraph()
    G.add_nodes_from(["a", "b", "c", "d"], label="Firm")
    G.add_edge("a", "b", key="MEMBER_OF", type="MEMBER_OF", weight=9.0)
    G.add_edge("c", "d", key="MEMBER_OF", type="MEMBER_OF")
    G.add_edge("b", "d", key="MEMBER_OF", type="MEMBER_OF")
    plain = _scores(centrality(G, "pagerank"))
    heavy = _scores(centrality(G, "pagerank", weight="declared"))
    assert plain["a"] == pytest.approx(plain["c"])
    assert heavy["a"] > heavy["c"]


def test_sampled_weighted_betweenness_is_networkx_estimate() -> None:
    G = _weighted_network(4)
    H = _declared(G)
    result = centrality(G, "betweenness", weight="declared", exact_limit=10, sources=25, seed=7)
    reference = nx.betweenness_centrality(H, k=25, seed=7, weight="distance")
    assert result.sampled and result.sources == 25 and result.seed == 7
    assert _scores(result) == pytest.approx({str(k): v for k, v in reference.items()}, abs=1e-9)


def test_the_firms_view_ties_firms_that_share_projects() -> None:
    G = random_network(5)
    shared: Counter[tuple[str, str]] = Counter()
    invested: dict[tuple[str, str], float] = {}
    for project, attrs in G.nodes(data=True):
        if attrs.get("label") != "Project":
            continue
        firms = sorted(f for f, _, t in G.in_edges(project, keys=True) if t == "PARTICIPATES_IN")
        for pair in combinations(firms, 2):
            shared[pair] += 1
            invested[pair] = invested.get(pair, 0.0) + project_value(G, project)
    view = network_view(G, "firms", "shared_projects")
    assert {tuple(sorted(e)): d["weight"] for *e, d in view.edges(data=True)} == shared
    assert all(attrs["label"] == "Firm" for _, attrs in view.nodes(data=True))
    by_money = network_view(G, "firms", "investment")
    expected = {pair: value for pair, value in invested.items() if value > 0}
    assert {tuple(sorted(e)): d["weight"] for *e, d in by_money.edges(data=True)} == expected
    # PageRank on the firms view, weighed by shared projects, is networkx's on that graph.
    reference = nx.pagerank(view, weight="weight", tol=1e-12, max_iter=10_000)
    found = _scores(centrality(G, "pagerank", view="firms", weight="shared_projects"))
    assert found == pytest.approx({str(k): v for k, v in reference.items()}, abs=1e-8)


def test_the_associations_view_ties_associations_that_share_members() -> None:
    G: nx.MultiDiGraph[Any] = nx.MultiDiGraph()
    G.add_nodes_from(["ascom", "cna", "lia"], label="Association")
    G.add_nodes_from(["f1", "f2", "f3"], label="Firm")
    for firm, association in [("f1", "ascom"), ("f1", "cna"), ("f2", "ascom"), ("f2", "cna")]:
        G.add_edge(firm, association, key="MEMBER_OF", type="MEMBER_OF")
    G.add_edge("f3", "lia", key="MEMBER_OF", type="MEMBER_OF")
    view = network_view(G, NetworkView.ASSOCIATIONS, TieWeight.SHARED_FIRMS)
    assert sorted(view.nodes) == ["ascom", "cna", "lia"]
    assert list(view.edges(data="weight")) == [("ascom", "cna", 2.0)]


def test_weighted_louvain_modularity_is_networkx_modularity_of_its_partition() -> None:
    G = _weighted_network(6)
    H = _declared(G)
    result = louvain_communities(G, weight="declared", resolution=1.3, seed=2)
    partition = [set(c.members) for c in result.communities]
    expected = nx.community.modularity(H, partition, weight="weight", resolution=1.3)
    assert result.modularity == pytest.approx(expected, abs=1e-10)
    assert (result.weight, result.view, result.resolution) == ("declared", "whole", 1.3)


def test_a_weight_that_means_nothing_in_a_view_is_refused() -> None:
    G = random_network(1)
    with pytest.raises(InvalidParameter, match="choose none or shared_firms"):
        centrality(G, "pagerank", view="associations", weight="investment")
    with pytest.raises(InvalidParameter, match="view must be one of"):
        centrality(G, "pagerank", view="towns")


def test_actors_only_ranks_no_topic_or_instrument() -> None:
    G = random_network(2)
    actors = ("Firm", "Association", "ServiceCentre", "Expert", "Office", "Hub")
    result = centrality(G, "degree", labels=actors)
    assert result.entries
    assert {e.label for e in result.entries} <= set(actors)
    assert result.ranked_count == sum(1 for _, a in G.nodes(data=True) if a["label"] in actors)
