from __future__ import annotations

import networkx as nx
import pytest

from graph_service.analytics.engine import compile_graph
from graph_service.analytics.stats import network_growth, network_statistics
from graph_service.analytics.views import (
    as_of_year,
    co_participation_graph,
    collaboration_graph,
    undirected,
)
from tests.unit.analytics.networks import bergamo_network, random_network, relate


def test_undirected_view_keeps_nodes_and_merges_relationships() -> None:
    G = bergamo_network()
    relate(G, "firm-c3", "MEMBER_OF", "confartigianato")  # a duplicate, in a second key
    relate(G, "confartigianato", "AFFILIATED_WITH", "firm-c3")
    H = undirected(G)
    assert set(H) == set(G)
    assert H.nodes["ottica-zirafa"] == G.nodes["ottica-zirafa"]
    assert H.edges["firm-c3", "confartigianato"]["types"] == ("AFFILIATED_WITH", "MEMBER_OF")
    assert H.number_of_edges() == nx.Graph(G.to_undirected()).number_of_edges()


def test_collaboration_graph_ties_firms_sharing_projects() -> None:
    C = collaboration_graph(bergamo_network())
    assert C.edges["firm-a1", "firm-c1"] == {"weight": 1, "projects": ("cyber-net",)}
    assert C.has_edge("firm-c3", "firm-k1") and not C.has_edge("firm-c3", "firm-c1")
    assert "firm-a2" in C and C.degree("firm-a2") == 0  # a single-firm intervention only
    G = random_network(3)
    relate(G, "firm-000", "PARTICIPATES_IN", "project-00")
    relate(G, "firm-001", "PARTICIPATES_IN", "project-00")
    relate(G, "firm-000", "PARTICIPATES_IN", "project-01")
    relate(G, "firm-001", "PARTICIPATES_IN", "project-01")
    assert collaboration_graph(G).edges["firm-000", "firm-001"]["weight"] >= 2


def test_co_participation_graph_holds_firms_and_projects() -> None:
    P = co_participation_graph(bergamo_network())
    assert {P.nodes[n]["label"] for n in P} == {"Firm", "Project"}
    assert P.edges["firm-a1", "cyber-net"]["kind"] == "participation"
    assert P.edges["firm-a1", "firm-c1"]["kind"] == "partnership"


def test_as_of_year_drops_later_projects_and_their_relationships() -> None:
    G = bergamo_network()
    G.add_node("undated", label="Project", title="Undated")
    then = as_of_year(G, 2018)
    assert "cyber-net" not in then and "opticians-network" in then and "undated" in then
    assert not then.has_edge("firm-a1", "cyber-net")
    assert then.number_of_nodes() == G.number_of_nodes() - 3
    assert "cyber-net" in G  # the input is untouched


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_statistics_equal_networkx(seed: int) -> None:
    G = random_network(seed)
    G.add_node("lonely", label="Firm", name="Lonely")
    H = undirected(G)
    stats = network_statistics(G)
    assert stats.node_count == G.number_of_nodes()
    assert stats.relationship_count == G.number_of_edges()
    assert stats.ties == H.number_of_edges()
    assert stats.density == pytest.approx(nx.density(H))
    components = list(nx.connected_components(H))
    assert stats.component_count == len(components)
    assert stats.largest_component_size == max(map(len, components))
    assert stats.isolated_nodes == nx.number_of_isolates(H)
    assert stats.average_clustering == pytest.approx(nx.average_clustering(H))
    by_label = {c.name: c.count for c in stats.nodes_by_label}
    assert by_label["Firm"] == 61 and by_label["Hub"] == 2
    by_type = {c.name: c.count for c in stats.relationships_by_type}
    assert sum(by_type.values()) == G.number_of_edges()


def test_classic_networks_statistics() -> None:
    karate = nx.karate_club_graph()
    stats = network_statistics(karate, compiled=compile_graph(karate))
    assert (stats.node_count, stats.ties, stats.component_count) == (34, 78, 1)
    assert stats.average_clustering == pytest.approx(nx.average_clustering(karate))


def test_growth_reports_each_project_year() -> None:
    G = bergamo_network()
    growth = network_growth(G)
    assert [s.year for s in growth.years] == [2018, 2019]
    projects = [{c.name: c.count for c in s.nodes_by_label}["Project"] for s in growth.years]
    assert projects == [2, 5]
    assert growth.years[-1].node_count == G.number_of_nodes()
    assert [s.year for s in network_growth(G, years=[2019, 2017]).years] == [2017, 2019]
