"""The analytics on the demo network, projected from the real Neo4j in bulk."""

import networkx as nx

from graph_service.analytics.bridge import bridge_to_hub
from graph_service.analytics.opportunities import collaboration_opportunities
from graph_service.storage.network_projection import read_network
from tests.conftest import Database


def test_the_projection_holds_every_node_and_relationship(demo_db: Database) -> None:
    graph = read_network(demo_db.driver, demo_db.database)
    (counts,) = demo_db.query(
        "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r"
    )
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (counts["n"], counts["r"])
    assert graph.nodes["it-hub"]["label"] == "Hub"
    assert graph.nodes["confindustria-dih"]["founded"].isoformat() == "2017-11-01"
    assert (
        graph.edges["ottica-zirafa", "opticians-network", "PARTICIPATES_IN"]["role"] == "promoter"
    )


def test_the_bridge_to_confindustria_runs_through_the_nodes_tied_to_both_hubs(
    demo_db: Database,
) -> None:
    bridging = {
        r["id"]
        for r in demo_db.query(
            "MATCH (x)-[:AFFILIATED_WITH]->(:Hub {id: 'confindustria-dih'}) "
            "WHERE (x:Firm AND EXISTS { (x)-[:MEMBER_OF]->(:Association)-[:RUNS]->()-[:PARTY_TO]->(:Hub {id: 'it-hub'}) }) "
            "OR (x:Expert AND EXISTS { (x)-[:ADVISES]->(p:Project) WHERE NOT EXISTS { (:Association {id: 'confindustria-bergamo'})-[:COORDINATES]->(p) } }) "
            "RETURN x.id AS id"
        )
    }
    assert len(bridging) == 4
    graph = read_network(demo_db.driver, demo_db.database)
    result = bridge_to_hub(graph)
    assert result.distance == nx.shortest_path_length(
        graph.to_undirected(as_view=True), "it-hub", "confindustria-dih"
    )
    assert result.shortest_paths
    for path in result.shortest_paths:
        inner = {node.id for node in path.nodes[1:-1]}
        assert inner & bridging, [n.id for n in path.nodes]
    assert result.candidates and result.candidates[0].firms_closer > 0


def test_opportunities_for_an_optician_come_with_reasons_in_words(demo_db: Database) -> None:
    graph = read_network(demo_db.driver, demo_db.database)
    result = collaboration_opportunities(graph, "ottica-zirafa", top=5)
    assert result.suggestions
    (topic,) = demo_db.query(
        "MATCH (:Firm {id: 'ottica-zirafa'})-[:PARTICIPATES_IN]->(:Project)-[:ABOUT]->(t:Topic) RETURN t.name AS name"
    )
    for suggestion in result.suggestions:
        assert suggestion.source.id == "ottica-zirafa"
        texts = [reason.text for reason in suggestion.reasons]
        assert any(topic["name"] in text for text in texts), texts
