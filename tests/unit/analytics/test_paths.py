from __future__ import annotations

from itertools import islice

import networkx as nx
import pytest

from graph_service.analytics.errors import InvalidParameter, NodeNotFound, UnknownRelationshipType
from graph_service.analytics.paths import ego_network, k_shortest_paths, shortest_paths
from graph_service.analytics.views import undirected
from tests.unit.analytics.networks import bergamo_network, random_network


def ids(result_paths: tuple[object, ...]) -> list[list[str]]:
    return [[n.id for n in p.nodes] for p in result_paths]  # type: ignore[attr-defined]


@pytest.mark.parametrize("seed", range(4))
def test_all_shortest_paths_equal_networkx(seed: int) -> None:
    G = random_network(seed, firms=30, projects=8)
    H = undirected(G)
    nodes = sorted(G)
    for source, target in [(nodes[0], nodes[-1]), ("firm-000", "firm-007"), ("it-hub", "topic-1")]:
        result = shortest_paths(G, source, target, limit=1000)
        expected = sorted(nx.all_shortest_paths(H, source, target))
        assert sorted(ids(result.paths)) == expected
        assert result.distance == len(expected[0]) - 1 and not result.truncated


def test_shortest_paths_say_which_relationships_and_are_capped() -> None:
    G = bergamo_network()
    result = shortest_paths(G, "ottica-zirafa", "firm-c1")
    assert result.distance == 4
    assert ids(result.paths)[0] == [
        "ottica-zirafa", "opticians-network", "firm-a1", "cyber-net", "firm-c1",
    ]  # fmt: skip
    assert result.paths[0].relationships == ("PARTICIPATES_IN",) * 4
    capped = shortest_paths(G, "firm-c1", "firm-n2", limit=1)
    assert len(capped.paths) == 1 and capped.truncated
    assert shortest_paths(G, "firm-a1", "firm-a1").distance == 0


def test_relationship_types_restrict_paths() -> None:
    G = bergamo_network()
    members = shortest_paths(G, "firm-c1", "firm-c3", relationship_types=["MEMBER_OF"])
    assert ids(members.paths) == [["firm-c1", "confartigianato", "firm-c3"]]
    none = shortest_paths(G, "firm-c1", "cyber-net", relationship_types=["MEMBER_OF"])
    assert none.distance is None and none.paths == ()
    with pytest.raises(UnknownRelationshipType):
        shortest_paths(G, "firm-c1", "firm-c3", relationship_types=["KNOWS"])
    with pytest.raises(NodeNotFound):
        shortest_paths(G, "firm-c1", "nowhere")


@pytest.mark.parametrize("seed", range(3))
def test_k_shortest_paths_equal_networkx(seed: int) -> None:
    G = random_network(seed, firms=25, projects=6)
    H = undirected(G)
    result = k_shortest_paths(G, "firm-001", "firm-020", k=6)
    assert result.distance is not None
    expected = [
        p
        for p in islice(nx.shortest_simple_paths(H, "firm-001", "firm-020"), 6)
        if len(p) - 1 <= result.distance + 2
    ]
    assert [len(p) for p in ids(result.paths)] == [len(p) for p in expected]
    assert sorted(ids(result.paths)) == sorted(expected) or len(expected) == 6
    for path in ids(result.paths):
        assert nx.is_simple_path(H, path)
    with pytest.raises(InvalidParameter):
        k_shortest_paths(G, "firm-001", "firm-020", k=0)


def test_ego_network_equals_networkx_ego_graph() -> None:
    G = bergamo_network()
    H = undirected(G)
    for radius in (0, 1, 2):
        ego = ego_network(G, "cyber-net", radius=radius)
        expected = nx.single_source_shortest_path_length(H, "cyber-net", cutoff=radius)
        assert {n.id: n.distance for n in ego.nodes} == expected
        inside = set(expected)
        assert len(ego.edges) == G.subgraph(inside).number_of_edges()
    ego = ego_network(G, "cyber-net")
    assert ego.nodes[0].id == "cyber-net" and ego.nodes[0].distance == 0
    edge = next(e for e in ego.edges if e.source == "firm-c1")
    assert (edge.target, edge.type) == ("cyber-net", "PARTICIPATES_IN")


def test_ego_network_by_relationship_type_and_capped() -> None:
    G = bergamo_network()
    ego = ego_network(G, "confartigianato", radius=2, relationship_types=["MEMBER_OF", "RUNS"])
    assert {n.id for n in ego.nodes} == {
        "confartigianato", "firm-c1", "firm-c2", "firm-c3", "sc-confartigianato",
    }  # fmt: skip
    assert {e.type for e in ego.edges} == {"MEMBER_OF", "RUNS"}
    capped = ego_network(G, "confartigianato", radius=2, max_nodes=3)
    assert capped.truncated and [n.distance for n in capped.nodes] == [0, 1, 1]
    with pytest.raises(InvalidParameter):
        ego_network(G, "confartigianato", radius=-1)
