"""The analytics' projection follows the writes: an analysis asked right after a change, on
the replica that made it or on another one, is answered from a projection that already holds
the change, without reading the whole graph again (the projection's bulk reads are counted in
``/metrics``)."""

from __future__ import annotations

import time

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import Database
from tests.integration.graphql_server import GraphQLClient

STATS = "{ networkStats { graphVersion result { nodeCount relationshipCount } } }"
NEIGHBOURS = '{ neighbourhood(id: "firm-a") { graphVersion result { nodes { id } } } }'


def neo4j_reads(base: str, kind: str) -> float:
    """How many transactions of ``kind`` the replica at ``base`` has run on Neo4j."""
    text = httpx.get(f"{base}/metrics").text
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "graph_service_neo4j_transaction_duration_seconds_count"
        and sample.labels.get("kind") == kind
    )


def mutate(client: GraphQLClient, mutation: str) -> None:
    data = client.query(f"mutation {{ {mutation} {{ errors {{ code message }} }} }}")
    (payload,) = data.values()
    assert payload["errors"] == [], payload


def stats(client: GraphQLClient) -> dict[str, int]:
    answer = client.query(STATS)["networkStats"]
    return {"version": answer["graphVersion"], **answer["result"]}


def test_an_analysis_right_after_a_write_sees_it_without_reading_the_graph_again(
    replicas: list[str],
) -> None:
    client = GraphQLClient(f"{replicas[0]}/graphql")
    mutate(client, 'createAssociation(input: {id: "assoc-1", name: "Ascom"})')
    before = stats(client)  # the first analysis reads the graph
    reads = neo4j_reads(replicas[0], "projection")

    mutate(client, 'createFirm(input: {id: "firm-a", name: "Ottica Serio"})')
    created = stats(client)
    assert created["nodeCount"] == before["nodeCount"] + 1
    assert created["version"] > before["version"]

    mutate(client, 'linkMemberOf(from: "firm-a", to: "assoc-1")')
    linked = stats(client)
    assert linked["relationshipCount"] == before["relationshipCount"] + 1
    nodes = client.query(NEIGHBOURS)["neighbourhood"]["result"]["nodes"]
    assert {n["id"] for n in nodes} == {"firm-a", "assoc-1"}

    mutate(client, 'updateFirm(id: "firm-a", input: {town: "Dalmine"})')
    mutate(client, 'unlinkMemberOf(from: "firm-a", to: "assoc-1")')
    unlinked = stats(client)
    assert unlinked["relationshipCount"] == before["relationshipCount"]
    assert unlinked["version"] > linked["version"]
    assert neo4j_reads(replicas[0], "projection") == reads


def test_a_write_on_another_replica_reaches_the_projection_through_the_feed(
    replicas: list[str],
) -> None:
    first, second = (GraphQLClient(f"{base}/graphql") for base in replicas)
    before = stats(second)
    reads = neo4j_reads(replicas[1], "projection")
    fetched = neo4j_reads(replicas[1], "changes")

    mutate(first, 'createFirm(input: {id: "firm-b", name: "Ottica Brembo"})')
    mutate(first, 'linkMemberOf(from: "firm-b", to: "assoc-1")')
    # The second replica's feed hub (polling every 0.05 s here) hands it the two events.
    time.sleep(1.0)
    after = stats(second)
    assert after["nodeCount"] == before["nodeCount"] + 1
    assert after["relationshipCount"] == before["relationshipCount"] + 1
    assert neo4j_reads(replicas[1], "projection") == reads
    assert neo4j_reads(replicas[1], "changes") == fetched  # applied from the hub's events

    # Asked at once, before the hub's next poll: the head check fetches the missing events.
    mutate(first, 'deleteFirm(id: "firm-b")')
    deleted = stats(second)
    assert deleted["nodeCount"] == before["nodeCount"]
    assert deleted["relationshipCount"] == before["relationshipCount"]
    assert neo4j_reads(replicas[1], "projection") == reads


def test_a_load_is_read_again_before_the_next_analysis_and_versions_never_go_back(
    replicas: list[str], session_db: Database
) -> None:
    client = GraphQLClient(f"{replicas[0]}/graphql")
    before = stats(client)
    reads = neo4j_reads(replicas[0], "projection")
    loaded = session_db.cli("load", "demo")
    assert loaded.returncode == 0, loaded.stderr
    (total,) = session_db.query("MATCH (n:Firm|Association|Topic) RETURN count(n) AS n")
    # The next answer holds the loaded graph, with a newer version; never an older one.
    deadline = time.monotonic() + 60
    versions = [before["version"]]
    while now := client.query(
        "{ networkStats { graphVersion result { nodesByLabel { name count } } } }"
    )["networkStats"]:
        assert now["graphVersion"] >= versions[-1]
        versions.append(now["graphVersion"])
        counts = {c["name"]: c["count"] for c in now["result"]["nodesByLabel"]}
        if sum(counts.get(k, 0) for k in ("Firm", "Association", "Topic")) == total["n"]:
            break
        assert time.monotonic() < deadline, "the load never reached the projection"
        time.sleep(0.2)
    assert neo4j_reads(replicas[0], "projection") > reads
