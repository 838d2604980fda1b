from __future__ import annotations

import networkx as nx
import pytest

from graph_service.analytics.communities import louvain_communities, modularity
from graph_service.analytics.errors import InvalidParameter
from graph_service.analytics.views import undirected
from tests.unit.analytics.networks import (
    bergamo_network,
    from_simple_graph,
    random_network,
    southern_women,
)


def partition(members: list[tuple[str, ...]]) -> list[set[str]]:
    return [set(m) for m in members]


@pytest.mark.parametrize("seed", [0, 1, 42])
def test_same_seed_same_communities(seed: int) -> None:
    G = from_simple_graph(nx.connected_caveman_graph(8, 6))
    first = louvain_communities(G, seed=seed)
    assert louvain_communities(G, seed=seed) == first
    assert sum(c.size for c in first.communities) == G.number_of_nodes()


def test_other_seeds_may_differ_but_all_are_good_partitions() -> None:
    G = nx.gnm_random_graph(200, 500, seed=4)
    results = [louvain_communities(G, seed=s) for s in range(4)]
    assert len({tuple(c.members for c in r.communities) for r in results}) > 1
    for result in results:
        found = [{int(n) for n in c.members} for c in result.communities]
        assert result.modularity == pytest.approx(nx.community.modularity(G, found))
        expected = nx.community.louvain_communities(G, seed=0)
        assert result.modularity > nx.community.modularity(G, expected) - 0.03


def test_karate_club_splits_like_networkx_louvain() -> None:
    karate = nx.karate_club_graph()
    result = louvain_communities(karate, seed=3)
    theirs = nx.community.louvain_communities(karate, weight=None, seed=3)
    assert result.modularity > nx.community.modularity(karate, theirs, weight=None) - 0.03
    assert 3 <= len(result.communities) <= 5
    found = [{int(n) for n in c.members} for c in result.communities]
    assert result.modularity == pytest.approx(nx.community.modularity(karate, found, weight=None))
    instructor = next(c for c in found if 0 in c)
    assert 33 not in instructor


def test_modularity_equals_networkx_with_resolution() -> None:
    G = undirected(random_network(2))
    parts = nx.community.louvain_communities(G, seed=1)
    for resolution in (0.5, 1.0, 2.0):
        assert modularity(G, parts, resolution=resolution) == pytest.approx(
            nx.community.modularity(G, parts, resolution=resolution)
        )
    with pytest.raises(InvalidParameter):
        modularity(G, parts[1:])
    with pytest.raises(InvalidParameter):
        louvain_communities(G, resolution=0)


def test_communities_name_their_dominant_association_topic_and_office() -> None:
    G = bergamo_network()
    result = louvain_communities(G, seed=0)
    assert result.seed == 0 and "Louvain" in result.method
    with_firms = [c for c in result.communities if c.dominant_association is not None]
    assert with_firms
    for community in with_firms:
        dominant = community.dominant_association
        assert dominant is not None
        members = set(community.members)
        counts: dict[str, int] = {}
        for firm in members:
            if G.nodes[firm]["label"] == "Firm":
                for association in G.successors(firm):
                    if G.nodes[association]["label"] == "Association":
                        counts[association] = counts.get(association, 0) + 1
        assert dominant.count == max(counts.values())
        assert counts[dominant.id] == dominant.count
        assert dominant.name == G.nodes[dominant.id]["name"]
    cdih = next(c for c in result.communities if "firm-k1" in c.members)
    assert cdih.dominant_topic is not None and cdih.dominant_topic.name == "Cybersecurity"
    offices = [c.dominant_office for c in result.communities if c.dominant_office]
    assert {o.id for o in offices} <= {"point-dalmine", "office-treviglio"}


def test_southern_women_split_into_two_circles() -> None:
    result = louvain_communities(southern_women(), seed=0)
    assert result.modularity > 0.3
    labels = {count.name for c in result.communities for count in c.labels}
    assert labels == {"Firm", "Project"}
    evelyn = next(c for c in result.communities if "Evelyn Jefferson" in c.members)
    assert "Dorothy Murchison" not in evelyn.members or "Flora Price" not in evelyn.members
