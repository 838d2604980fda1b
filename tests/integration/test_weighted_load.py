"""A weighted network loaded through the loader into Neo4j: the weighted centralities of
`graph-service report` equal networkx's weighted results on the same file."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph_service.analytics.centrality import centrality
from graph_service.storage.network_projection import read_network
from tests.conftest import Database

WEIGHTS = (0.5, 1.0, 2.0, 4.0, 8.0)
"""Powers of two: path lengths add up exactly, so equally short paths are equal in both."""


def _document(seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    associations = [f"assoc-{i}" for i in range(4)]
    firms = [f"firm-{i:02}" for i in range(40)]
    projects = [f"project-{i:02}" for i in range(12)]
    member_of = [
        {"from": firm, "to": rng.choice(associations), "weight": rng.choice(WEIGHTS)}
        for firm in firms
    ]
    participates = []
    for project in projects:
        for firm in rng.sample(firms, rng.randint(3, 8)):
            entry: dict[str, Any] = {"from": firm, "to": project}
            if rng.random() < 0.8:  # some without a weight: they count 1
                entry["weight"] = rng.choice(WEIGHTS)
            participates.append(entry)
    return {
        "format": "graph-service/1",
        "nodes": {
            "Association": [{"id": a, "name": f"Association {a}"} for a in associations],
            "Firm": [{"id": f, "name": f"Firm {f}"} for f in firms],
            "Project": [{"id": p, "title": f"Project {p}", "year": 2019} for p in projects],
        },
        "relationships": {"MEMBER_OF": member_of, "PARTICIPATES_IN": participates},
    }


def _reference(document: dict[str, Any]) -> nx.Graph[Any]:
    G: nx.Graph[Any] = nx.Graph()
    for nodes in document["nodes"].values():
        G.add_nodes_from(node["id"] for node in nodes)
    for rels in document["relationships"].values():
        for rel in rels:
            weight = rel.get("weight", 1.0)
            G.add_edge(rel["from"], rel["to"], weight=weight, distance=1 / weight)
    return G


def test_weighted_centralities_match_networkx_on_the_loaded_network(
    empty_db: Database, tmp_path: Path
) -> None:
    document = _document(7)
    path = tmp_path / "weighted.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    loaded = empty_db.cli("load", str(path))
    assert loaded.returncode == 0, loaded.stderr
    H = _reference(document)
    largest = H.subgraph(max(nx.connected_components(H), key=len)).copy()
    n = H.number_of_nodes()
    expected = {
        "pagerank": nx.pagerank(H, weight="weight", tol=1e-13, max_iter=10_000),
        "betweenness": nx.betweenness_centrality(H, weight="distance"),
        "closeness": nx.closeness_centrality(H, distance="distance"),
        "degree": {v: d / (n - 1) for v, d in H.degree(weight="weight")},
    }
    if largest.number_of_nodes() == n:
        expected["eigenvector"] = nx.eigenvector_centrality_numpy(H, weight="weight")
    graph = read_network(empty_db.driver, empty_db.database)
    for measure, reference in expected.items():
        if measure in ("pagerank", "betweenness"):  # as an analyst runs it
            result = empty_db.cli(
                "report", "centrality", "--measure", measure, "--weight", "declared",
                "--all-labels", "--top", "1000", "--format", "json",
            )  # fmt: skip
            assert result.returncode == 0, result.stderr
            entries = json.loads(result.stdout)["result"]["entries"]
            found = {e["id"]: e["score"] for e in entries}
        else:  # the same analysis on the same projection, without a process each
            ranked = centrality(graph, measure, weight="declared")
            found = {e.id: e.score for e in ranked.entries}
        tolerance = 1e-6 if measure == "eigenvector" else 1e-8
        assert found == pytest.approx(reference, abs=tolerance), measure
    # Unweighted, the same network ranks differently: the weights were read and used.
    plain = centrality(graph, "pagerank", top=5)
    weighed = centrality(graph, "pagerank", weight="declared", top=5)
    assert [e.score for e in plain.entries] != [e.score for e in weighed.entries]


def test_a_weight_of_zero_is_refused_naming_the_record(empty_db: Database, tmp_path: Path) -> None:
    document = _document(8)
    document["relationships"]["MEMBER_OF"][3]["weight"] = 0
    path = tmp_path / "zero.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = empty_db.cli("load", str(path))
    assert result.returncode == 1
    assert "[/relationships/MEMBER_OF/3/weight]: 0.0 is not greater than 0" in result.stderr
    assert "nothing was written" in result.stderr
    (count,) = empty_db.query("MATCH (n:Node) RETURN count(n) AS n")
    assert count["n"] == 0
