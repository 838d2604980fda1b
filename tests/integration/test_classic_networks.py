"""Classic published networks, shipped with networkx, loaded through ``graph-service load`` into
the real Neo4j and analysed through GraphQL: the answers must be networkx's own.

The graph model has no label for a family or a club member, so each network is written in the
model's words, in a shape whose projection is exactly the published graph:

- Padgett's Florentine families and Zachary's karate club: people as ``Office`` nodes and ties
  as ``LINKED_TO`` (the one relationship between two nodes of the same label that carries no
  meaning of its own here);
- Davis's Southern Women: the women as firms (`Firm`) taking part in the events as projects (`Project`),
  the firm-project affiliation network the hub's own data has.
"""

from __future__ import annotations

import json
import re
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from tests.conftest import Database
from tests.integration.graphql_server import GraphQLClient

TOLERANCE = 1e-9


def slug(name: Hashable) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-")


def as_offices(G: nx.Graph[Any], prefix: str) -> dict[str, Any]:
    return {
        "format": "graph-service/1",
        "nodes": {"Office": [{"id": f"{prefix}{slug(n)}", "name": str(n)} for n in G]},
        "relationships": {
            "LINKED_TO": [
                {"from": f"{prefix}{slug(u)}", "to": f"{prefix}{slug(v)}"} for u, v in G.edges
            ]
        },
    }


def load(db: Database, document: dict[str, Any], path: Path) -> None:
    """Through the real loader, as an analyst would: ``graph-service load FILE``."""
    db.wipe()
    path.write_text(json.dumps(document))
    done = db.cli("load", str(path))
    assert done.returncode == 0, done.stderr


def scores(client: GraphQLClient, measure: str, label: str) -> dict[str, float]:
    data = client.query(
        f"{{ centrality(measure: {measure.upper()}, label: {label}, top: 1000)"
        " { result { sampled entries { id score } } } }"
    )
    result = data["centrality"]["result"]
    assert result["sampled"] is False
    return {e["id"]: e["score"] for e in result["entries"]}


@pytest.fixture
def client(empty_db: Database, service_url: str) -> GraphQLClient:
    return GraphQLClient(f"{service_url}/graphql")


def test_florentine_families_the_medici_broker_the_most(
    client: GraphQLClient, empty_db: Database, tmp_path: Path
) -> None:
    G = nx.florentine_families_graph()
    load(empty_db, as_offices(G, ""), tmp_path / "florentine.json")

    betweenness = scores(client, "betweenness", "Office")
    expected = nx.betweenness_centrality(G)
    assert max(betweenness, key=betweenness.__getitem__) == "medici"
    assert betweenness["medici"] == pytest.approx(0.521978, abs=1e-6)  # Padgett and Ansell
    for family, value in expected.items():
        assert betweenness[slug(family)] == pytest.approx(value, abs=TOLERANCE)
    closeness = scores(client, "closeness", "Office")
    for family, value in nx.closeness_centrality(G).items():
        assert closeness[slug(family)] == pytest.approx(value, abs=TOLERANCE)

    cuts = client.query("{ cutPoints(top: 100) { result { articulationPoints { id } } } }")
    found = {p["id"] for p in cuts["cutPoints"]["result"]["articulationPoints"]}
    assert found == {slug(n) for n in nx.articulation_points(G)}


def test_karate_club_centralities_and_communities(
    client: GraphQLClient, empty_db: Database, tmp_path: Path
) -> None:
    G = nx.karate_club_graph()
    load(empty_db, as_offices(G, "member-"), tmp_path / "karate.json")
    H = nx.relabel_nodes(G, {n: f"member-{n}" for n in G})

    for measure, reference in (
        ("degree", nx.degree_centrality(H)),
        ("eigenvector", nx.eigenvector_centrality_numpy(H)),
        ("pagerank", nx.pagerank(nx.Graph(list(H.edges())), tol=1e-12)),  # unweighted
    ):
        found = scores(client, measure, "Office")
        assert found.keys() == reference.keys(), measure
        for member, value in reference.items():
            assert found[member] == pytest.approx(value, abs=1e-6), (measure, member)

    data = client.query(
        "{ communities(seed: 1) { result { modularity communities { size members } } } }"
    )["communities"]["result"]
    partition = [set(c["members"]) for c in data["communities"]]
    assert set().union(*partition) == set(H)
    # The modularity reported is that of the partition returned, recomputed by networkx, and
    # Louvain finds the well-known four-community split (Q ≈ 0.42; the two factions give 0.37).
    unweighted = nx.community.modularity(H, partition, weight=None)
    assert data["modularity"] == pytest.approx(unweighted, abs=1e-9)
    assert data["modularity"] > 0.40
    instructor, president = "member-0", "member-33"
    assert not any(instructor in c and president in c for c in partition)


def test_southern_women_as_firms_in_projects(
    client: GraphQLClient, empty_db: Database, tmp_path: Path
) -> None:
    B = nx.davis_southern_women_graph()
    women = [n for n, side in B.nodes(data="bipartite") if side == 0]
    events = [n for n, side in B.nodes(data="bipartite") if side == 1]
    document = {
        "format": "graph-service/1",
        "nodes": {
            "Firm": [{"id": slug(w), "name": w} for w in women],
            "Project": [{"id": slug(e), "title": f"Event {e}", "kind": "network"} for e in events],
        },
        "relationships": {
            "PARTICIPATES_IN": [
                {"from": slug(w), "to": slug(e)}
                for u, v in B.edges
                for w, e in [(u, v) if u in women else (v, u)]
            ]
        },
    }
    load(empty_db, document, tmp_path / "davis.json")

    # The affiliation network as loaded: degrees and betweenness of the two-mode graph.
    n = B.number_of_nodes()
    degree = scores(client, "degree", "Firm")
    for woman in women:
        assert degree[slug(woman)] == pytest.approx(B.degree(woman) / (n - 1), abs=TOLERANCE)
    betweenness = scores(client, "betweenness", "Project")
    for event, value in nx.betweenness_centrality(B).items():
        if event in events:
            assert betweenness[slug(event)] == pytest.approx(value, abs=TOLERANCE)

    # Through GraphQL reads: who attended what, as loaded.
    data = client.query('{ firm(id: "evelyn-jefferson") { projects(first: 100) { totalCount } } }')
    assert data["firm"]["projects"]["totalCount"] == B.degree("Evelyn Jefferson")
    stats = client.query("{ networkStats { result { nodeCount relationshipCount } } }")
    assert stats["networkStats"]["result"] == {
        "nodeCount": B.number_of_nodes(),
        "relationshipCount": B.number_of_edges(),
    }
