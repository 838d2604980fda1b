"""Saved views of the graph browser against the real Neo4j: kept per key, bounded, and invisible
to everything that reads the graph (export, search, node lookups, analytics)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from graph_service.services.saved_views import MAX_VIEWS_PER_KEY
from tests.conftest import Database
from tests.integration.graphql_server import KEYS, GraphQLClient

VIEW = {"hash": "#show=it-hub&expand=it-hub&colour=sector", "positions": {"it-hub": [10, 20]}}


@pytest.fixture
def views(demo_db: Database, service_url: str) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {KEYS['reader'].secret}"}
    with httpx.Client(base_url=f"{service_url}/explore", headers=headers) as client:
        yield client
    demo_db.query("MATCH (v:SavedView) DELETE v")


def test_a_coordinator_saves_lists_renames_opens_and_deletes_views(
    views: httpx.Client, service_url: str
) -> None:
    assert views.put("/views/Ponte%20verso%20il%20DIH", json={"view": VIEW}).status_code == 201
    assert (
        views.put("/views/Ponte verso il DIH", json={"view": VIEW}).status_code == 200
    )  # replaced
    assert views.put("/views/àlfa/con barra", json={"view": VIEW}).status_code == 201
    listed = views.get("/views").json()["views"]
    assert [v["name"] for v in listed] == ["àlfa/con barra", "Ponte verso il DIH"]
    opened = views.get("/views/Ponte verso il DIH").json()
    assert opened["view"] == {"hash": VIEW["hash"], "positions": {"it-hub": [10.0, 20.0]}}
    assert views.patch("/views/Ponte verso il DIH", json={"name": "Il ponte"}).status_code == 200
    assert views.get("/views/Il ponte").json()["view"]["hash"] == VIEW["hash"]
    refused = views.patch("/views/Il ponte", json={"name": "àlfa/con barra"})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "DUPLICATE_ID"
    assert views.delete("/views/Il ponte").status_code == 204
    gone = views.get("/views/Il ponte")
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "NOT_FOUND"
    # Another key sees none of them; no key gets the API's own 401.
    other = {"Authorization": f"Bearer {KEYS['analyst'].secret}"}
    assert httpx.get(f"{service_url}/explore/views", headers=other).json() == {"views": []}
    anonymous = httpx.get(f"{service_url}/explore/views")
    assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"].startswith(
        "Bearer"
    )


def test_views_are_bounded_and_bad_input_is_named(views: httpx.Client, demo_db: Database) -> None:
    def save(i: int) -> int:
        return views.put(f"/views/view {i:03d}", json={"view": VIEW}).status_code

    with ThreadPoolExecutor(8) as pool:  # concurrent saves, each its own transaction
        assert set(pool.map(save, range(MAX_VIEWS_PER_KEY))) == {201}
    over = views.put("/views/one too many", json={"view": VIEW})
    assert over.status_code == 400 and over.json()["error"]["code"] == "LIMIT_EXCEEDED"
    count = demo_db.query("MATCH (v:SavedView) RETURN count(v) AS n")[0]["n"]
    assert count == MAX_VIEWS_PER_KEY
    assert views.put("/views/view 000", json={"view": VIEW}).status_code == 200  # replacing is fine
    for body, code in [
        (b"{not json", "INVALID_INPUT"),
        (b"[1, 2]", "INVALID_INPUT"),
        (json.dumps({"view": {"hash": "#a", "positions": {"a": [1]}}}).encode(), "INVALID_INPUT"),
    ]:
        answer = views.put("/views/view 001", content=body)
        assert answer.status_code == 400 and answer.json()["error"]["code"] == code, body[:40]
    # Past the service's body limit: refused before it is read, by the HTTP layer.
    huge = views.put("/views/view 001", content=b'{"view": {"hash": "#' + b"a" * 1_200_000 + b'"}}')
    assert huge.status_code == 413
    assert huge.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    long_name = views.put("/views/" + "x" * 81, json={"view": VIEW})
    assert long_name.json()["error"]["code"] == "LIMIT_EXCEEDED"
    assert (
        views.get("/views/view 001").json()["view"]["hash"] == VIEW["hash"]
    )  # nothing half-written


def test_nothing_that_reads_the_graph_sees_the_views(
    views: httpx.Client, demo_db: Database, service_url: str, tmp_path: Path
) -> None:
    api = GraphQLClient(f"{service_url}/graphql", KEYS["analyst"].secret)
    stats = "{ networkStats { graphVersion result { nodeCount relationshipCount } } }"
    before = api.query(stats)["networkStats"]
    nodes_before = demo_db.store.node_count()
    assert before["result"]["nodeCount"] == nodes_before
    assert views.put("/views/Innovation Hub view", json={"view": VIEW}).status_code == 201
    # The same graph, not even read again: a saved view is none of the analyses' business.
    assert api.query(stats)["networkStats"] == before
    assert demo_db.store.node_count() == nodes_before
    found = api.query('{ search(text: "Innovation Hub view", first: 20) { node { __typename } } }')
    assert all(hit["node"]["__typename"] != "SavedView" for hit in found["search"])
    assert api.query('{ node(id: "Innovation Hub view") { id } }')["node"] is None
    result = demo_db.cli("export", str(tmp_path / "graph.json"))
    assert result.returncode == 0, result.stderr
    assert "SavedView" not in (tmp_path / "graph.json").read_text()
    assert "Innovation Hub view" not in (tmp_path / "graph.json").read_text()
