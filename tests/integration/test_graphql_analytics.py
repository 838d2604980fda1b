"""The analytics through GraphQL, on the demo network in the real Neo4j."""

import pytest

from tests.conftest import Database
from tests.integration.graphql_server import GraphQLClient


@pytest.fixture
def client(demo_db: Database, service_url: str) -> GraphQLClient:
    return GraphQLClient(f"{service_url}/graphql")


def test_centrality_is_ranked_and_says_how_it_was_computed(client: GraphQLClient) -> None:
    data = client.as_role("analyst").query(
        "{ centrality(measure: BETWEENNESS, label: Association, top: 3) { graphVersion computedAt"
        " result { measure label sampled method entries { id name score rank } } } }"
    )
    result = data["centrality"]["result"]
    assert (result["measure"], result["label"], result["sampled"]) == (
        "betweenness",
        "Association",
        False,
    )
    scores = [e["score"] for e in result["entries"]]
    assert len(scores) == 3 and scores == sorted(scores, reverse=True)
    assert result["entries"][0]["rank"] == 1
    assert data["centrality"]["computedAt"]


def test_the_bridge_names_the_nodes_tied_to_both_hubs(
    client: GraphQLClient, demo_db: Database
) -> None:
    both = {
        r["id"]
        for r in demo_db.query(
            "MATCH (x)-[:AFFILIATED_WITH]->(:Hub {id: 'confindustria-dih'}) "
            "WHERE x:Firm OR x:Expert RETURN x.id AS id"
        )
    }
    data = client.as_role("analyst").query(
        "{ bridgeCandidates(top: 5) { result { distance shortestPaths { nodes { id label name } relationships }"
        " candidates { node { id name } firmsCloser meanGain } } } }"
    )
    result = data["bridgeCandidates"]["result"]
    assert result["shortestPaths"]
    for path in result["shortestPaths"]:
        assert {n["id"] for n in path["nodes"][1:-1]} & both
    assert result["candidates"][0]["firmsCloser"] > 0


def test_heavy_analyses_need_the_analyst_role_and_light_ones_do_not(client: GraphQLClient) -> None:
    denied = client.as_role("reader").post("{ communities { result { modularity } } }").json()
    assert denied["data"] is None
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    paths = client.as_role("reader").query(
        '{ shortestPaths(source: "ottica-zirafa", target: "it-hub") { result { distance paths { nodes { id } } } } }'
    )
    result = paths["shortestPaths"]["result"]
    assert result["distance"] >= 2 and result["paths"][0]["nodes"][0]["id"] == "ottica-zirafa"
    missing = (
        client.as_role("reader")
        .post('{ neighbourhood(id: "no-such-node") { result { center { id } } } }')
        .json()
    )
    assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_a_write_through_the_api_is_seen_by_the_next_analysis(
    client: GraphQLClient, demo_db: Database
) -> None:
    query = "{ networkStats { graphVersion result { nodeCount } } }"
    before = client.as_role("admin").query(query)["networkStats"]
    again = client.as_role("admin").query(query)["networkStats"]
    assert again == before
    client.query(
        'mutation { createTopic(input: {id: "quantum", name: "Quantum"}) { errors { code } } }'
    )
    after = client.as_role("admin").query(query)["networkStats"]
    assert after["graphVersion"] > before["graphVersion"]
    assert after["result"]["nodeCount"] == before["result"]["nodeCount"] + 1


def test_a_neighbourhood_follows_only_the_relationship_types_asked_for(
    client: GraphQLClient, demo_db: Database
) -> None:
    data = client.as_role("reader").query(
        '{ neighbourhood(id: "ottica-zirafa", relationshipTypes: [MEMBER_OF])'
        " { result { nodes { id } edges { type } } } }"
    )
    result = data["neighbourhood"]["result"]
    associations = {
        r["id"]
        for r in demo_db.query(
            "MATCH (:Firm {id: 'ottica-zirafa'})-[:MEMBER_OF]->(a) RETURN a.id AS id"
        )
    }
    assert {n["id"] for n in result["nodes"]} == associations | {"ottica-zirafa"}
    assert {e["type"] for e in result["edges"]} == {"MEMBER_OF"}
    wrong = client.as_role("reader").post(
        '{ neighbourhood(id: "ottica-zirafa", relationshipTypes: [KNOWS]) { result { truncated } } }'
    )
    assert wrong.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "KNOWS" in wrong.json()["errors"][0]["message"]
    assert "Allowed values: MEMBER_OF, RUNS" in wrong.json()["errors"][0]["message"]


def test_a_change_written_outside_the_service_even_of_one_property_reaches_the_analyses(
    client: GraphQLClient, demo_db: Database
) -> None:
    query = "{ networkStats(year: 2019) { graphVersion result { nodeCount } } }"
    before = client.as_role("analyst").query(query)["networkStats"]
    again = client.as_role("analyst").query(query)["networkStats"]
    assert again == before  # unchanged graph: the cached answer
    (project,) = demo_db.query(
        "MATCH (p:Project) WHERE p.year <= 2019 RETURN p.id AS id ORDER BY p.id LIMIT 1"
    )
    # As another program would, past the change feed: one property, no node or relationship.
    demo_db.query("MATCH (p:Project {id: $id}) SET p.year = 2024", id=project["id"])
    # The next analysis reads the graph again before it answers.
    after = client.as_role("analyst").query(query)["networkStats"]
    assert after["result"]["nodeCount"] < before["result"]["nodeCount"]
    assert after["graphVersion"] > before["graphVersion"]
