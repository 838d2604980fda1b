from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable
from typing import Any

import networkx as nx
import pytest

from graph_service.analytics import centrality as c
from graph_service.analytics.engine import compile_graph
from graph_service.analytics.errors import InvalidParameter, UnknownLabel
from graph_service.analytics.views import undirected
from graph_service.domain.analytics import CentralityMeasure, CentralityResult
from tests.unit.analytics.networks import bergamo_network, from_simple_graph, random_network


def scores(result: CentralityResult) -> dict[str, float]:
    return {entry.id: entry.score for entry in result.entries}


def reference(values: dict[Any, float]) -> dict[str, float]:
    return {str(node): value for node, value in values.items()}


def graphs() -> list[nx.Graph[Any]]:
    disconnected = nx.gnm_random_graph(70, 110, seed=11)
    disconnected.add_edges_from([(100, 101), (101, 102)])
    disconnected.add_node(200)
    return [
        nx.gnm_random_graph(50, 120, seed=1),
        disconnected,
        nx.karate_club_graph(),
        nx.florentine_families_graph(),
        undirected(random_network(5)),
    ]


EXACT: list[tuple[Callable[..., CentralityResult], Callable[[nx.Graph[Any]], dict[Any, float]]]] = [
    (c.degree_centrality, nx.degree_centrality),
    (c.betweenness_centrality, nx.betweenness_centrality),
    (c.closeness_centrality, nx.closeness_centrality),
    (c.pagerank, lambda G: nx.pagerank(G, weight=None, tol=1e-13, max_iter=10_000)),
]


@pytest.mark.parametrize("G", graphs())
@pytest.mark.parametrize(("ours", "theirs"), EXACT)
def test_measures_equal_networkx(
    G: nx.Graph[Any],
    ours: Callable[..., CentralityResult],
    theirs: Callable[[nx.Graph[Any]], dict[Any, float]],
) -> None:
    assert scores(ours(G)) == pytest.approx(reference(theirs(G)), abs=1e-9)


@pytest.mark.parametrize("G", [g for g in graphs() if nx.is_connected(g)])
def test_eigenvector_equals_networkx_on_connected_graphs(G: nx.Graph[Any]) -> None:
    expected = nx.eigenvector_centrality(G, weight=None, tol=1e-13, max_iter=10_000)
    assert scores(c.eigenvector_centrality(G)) == pytest.approx(reference(expected), abs=1e-7)


def test_contract_graph_is_measured_in_its_undirected_view() -> None:
    G = bergamo_network()
    compiled = compile_graph(G)
    H = undirected(G)
    for ours, theirs in EXACT:
        assert scores(ours(G, compiled=compiled)) == pytest.approx(reference(theirs(H)), abs=1e-9)


def test_the_medici_broker_florence() -> None:
    families = from_simple_graph(nx.florentine_families_graph(), label="Firm")
    result = c.betweenness_centrality(families, label="Firm", top=3)
    assert [e.name for e in result.entries] == ["Medici", "Guadagni", "Albizzi"]
    assert result.entries[0].score == pytest.approx(0.521978, abs=1e-6)
    assert not result.sampled and result.sources is None and result.error_bound is None


def test_karate_club_leaders_are_most_central() -> None:
    karate = nx.karate_club_graph()
    for measure in CentralityMeasure:
        top = {e.id for e in c.centrality(karate, measure, top=2).entries}
        assert top <= {"0", "33", "32", "2"}, measure


@pytest.mark.parametrize("seed", [0, 7])
def test_sampled_betweenness_is_networkx_estimate(seed: int) -> None:
    G = nx.gnm_random_graph(80, 160, seed=3)
    result = c.betweenness_centrality(G, exact_limit=50, sources=20, seed=seed)
    expected = nx.betweenness_centrality(G, k=20, seed=seed)
    assert scores(result) == pytest.approx(reference(expected), abs=1e-12)
    assert (result.sampled, result.sources, result.seed, result.confidence) == (
        True,
        20,
        seed,
        0.95,
    )
    assert result.error_bound is not None
    assert result.error_bound == pytest.approx(math.sqrt(math.log(40) / 38))
    assert "20 sampled sources" in result.method and f"seed {seed}" in result.method
    exact = nx.betweenness_centrality(G)
    assert max(abs(exact[int(e.id)] - e.score) for e in result.entries) < result.error_bound


def test_sampled_closeness_is_close_and_within_its_bound() -> None:
    G = nx.connected_watts_strogatz_graph(300, 6, 0.2, seed=2)
    result = c.closeness_centrality(G, exact_limit=100, sources=60, seed=1)
    exact = nx.closeness_centrality(G)
    errors = [abs(exact[int(e.id)] - e.score) for e in result.entries]
    assert result.sampled and result.error_bound is not None
    assert max(errors) < result.error_bound and max(errors) < 0.02
    assert c.closeness_centrality(G, exact_limit=100, sources=60, seed=1) == result


def test_label_filter_top_and_shared_ranks() -> None:
    G = bergamo_network()
    result = c.degree_centrality(G, label="Firm")
    assert result.ranked_count == 11 and result.node_count == G.number_of_nodes()
    assert {e.label for e in result.entries} == {"Firm"}
    ranks = [(e.id, e.rank) for e in result.entries]
    assert ranks[0] == ("firm-c3", 1)
    # firms with the same degree share the best rank, the next rank skips
    assert [r for _, r in ranks] == sorted(r for _, r in ranks)
    assert dict(ranks)["firm-c1"] == dict(ranks)["firm-c2"]
    top = c.degree_centrality(G, label="Firm", top=2)
    assert top.entries == result.entries[:2] and top.top == 2


def test_bad_parameters_are_refused() -> None:
    G = nx.path_graph(4)
    with pytest.raises(UnknownLabel):
        c.degree_centrality(G, label="Company")
    with pytest.raises(InvalidParameter):
        c.pagerank(G, damping=1.5)
    with pytest.raises(InvalidParameter):
        c.betweenness_centrality(G, sources=0)
    with pytest.raises(InvalidParameter):
        c.degree_centrality(G, compiled=compile_graph(nx.path_graph(5)))


def test_results_serialise_to_json() -> None:
    result = c.pagerank(bergamo_network(), label="Association", top=3)
    data = json.loads(json.dumps(dataclasses.asdict(result)))
    assert data["measure"] == "pagerank" and data["damping"] == 0.85
    assert len(data["entries"]) == 3 and data["entries"][0]["rank"] == 1
