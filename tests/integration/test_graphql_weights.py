"""Views, weights, tuning parameters and the comparison of two years through GraphQL, on the
demo network in the real Neo4j: the same results as the analyses on the projected graph."""

from __future__ import annotations

import pytest

from graph_service.analytics.centrality import pagerank
from graph_service.analytics.communities import louvain_communities
from graph_service.storage.network_projection import read_network
from tests.conftest import Database
from tests.integration.graphql_server import GraphQLClient


@pytest.fixture
def client(demo_db: Database, service_url: str) -> GraphQLClient:
    return GraphQLClient(f"{service_url}/graphql")


def test_centrality_on_the_firms_view_weighed_by_investment(
    client: GraphQLClient, demo_db: Database
) -> None:
    data = client.as_role("analyst").query(
        "{ centrality(measure: PAGERANK, view: FIRMS, weight: INVESTMENT, damping: 0.7, top: 5)"
        " { result { view weight damping entries { id score } } } }"
    )
    result = data["centrality"]["result"]
    assert (result["view"], result["weight"], result["damping"]) == ("firms", "investment", 0.7)
    graph = read_network(demo_db.driver, demo_db.database)
    expected = pagerank(graph, view="firms", weight="investment", damping=0.7, top=5).entries
    assert [(e["id"], e["score"]) for e in result["entries"]] == [(e.id, e.score) for e in expected]


def test_a_weight_that_means_nothing_in_the_view_is_an_invalid_input(
    client: GraphQLClient,
) -> None:
    answer = (
        client.as_role("analyst")
        .post("{ centrality(view: ASSOCIATIONS, weight: INVESTMENT) { result { measure } } }")
        .json()
    )
    (error,) = answer["errors"]
    assert "choose none or shared_firms" in error["message"]
    assert error["extensions"]["code"] == "INVALID_INPUT"


def test_communities_with_a_resolution_and_the_ties_between_them(
    client: GraphQLClient, demo_db: Database
) -> None:
    data = client.as_role("analyst").query(
        "{ communities(resolution: 2.0, seed: 3, top: 4) { result { resolution modularity"
        " communityCount communities { size } links { first second ties } } } }"
    )
    result = data["communities"]["result"]
    graph = read_network(demo_db.driver, demo_db.database)
    expected = louvain_communities(graph, resolution=2.0, seed=3)
    assert result["modularity"] == pytest.approx(expected.modularity)
    assert result["communityCount"] == len(expected.communities)
    assert [c["size"] for c in result["communities"]] == [c.size for c in expected.communities[:4]]
    assert all(link["second"] < 4 for link in result["links"])


def test_the_comparison_of_two_years(client: GraphQLClient) -> None:
    data = client.as_role("analyst").query(
        "{ networkComparison(firstYear: 2018, secondYear: 2019, top: 3) { result { firstYear"
        " secondYear newFirmCount newFirms { firm { id } firstYear } changes { change } } } }"
    )
    result = data["networkComparison"]["result"]
    assert (result["firstYear"], result["secondYear"]) == (2018, 2019)
    assert result["newFirmCount"] >= len(result["newFirms"]) > 0
    assert all(f["firstYear"] == 2019 for f in result["newFirms"])
