"""The same network loaded in two orders gives the same results, for every analysis.

Neo4j returns nodes and relationships in the order they were written; the projection orders
them by id, so nothing that breaks ties by position or draws with a seed (Louvain, sampled
betweenness and closeness) can tell how the graph was loaded.
"""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Callable
from functools import partial
from typing import Any

import networkx as nx

from graph_service.analytics.bridge import bridge_to_hub
from graph_service.analytics.brokers import brokerage_roles, cut_points, structural_holes
from graph_service.analytics.centrality import centrality
from graph_service.analytics.communities import louvain_communities
from graph_service.analytics.comparison import compare_years
from graph_service.analytics.opportunities import collaboration_opportunities
from graph_service.analytics.paths import ego_network, k_shortest_paths, shortest_paths
from graph_service.analytics.stats import network_growth, network_statistics
from graph_service.domain.analytics import CentralityMeasure
from graph_service.domain.records import GraphRecords
from graph_service.domain.weighting import ACTOR_LABELS
from graph_service.services import loading
from graph_service.storage.network_projection import read_network
from loaders import synthetic
from tests.conftest import Database

Analysis = Callable[["nx.MultiDiGraph[Any]"], object]


def _analyses() -> dict[str, Analysis]:
    found: dict[str, Analysis] = {}
    for measure in CentralityMeasure:
        found[f"{measure} exact"] = partial(centrality, measure=measure)
        found[f"{measure} sampled"] = partial(
            centrality, measure=measure, exact_limit=50, sources=40, seed=3
        )
        found[f"{measure} firms view"] = partial(
            centrality, measure=measure, view="firms", weight="shared_projects", labels=ACTOR_LABELS
        )
    found |= {
        "louvain": lambda G: louvain_communities(G, seed=1),
        "louvain weighed by investment": lambda G: louvain_communities(
            G, view="firms", weight="investment", resolution=1.5
        ),
        "louvain associations": lambda G: louvain_communities(
            G, view="associations", weight="shared_firms"
        ),
        "structural holes": lambda G: structural_holes(G, top=30),
        "brokerage roles": lambda G: brokerage_roles(G, top=30),
        "cut points": lambda G: cut_points(G),
        "opportunities": lambda G: collaboration_opportunities(G, None, top=30),
        "opportunities of a firm": lambda G: collaboration_opportunities(G, "firm-000001", top=30),
        "bridge": lambda G: bridge_to_hub(G, top=20),
        "statistics": lambda G: network_statistics(G),
        "growth": lambda G: network_growth(G),
        "shortest paths": lambda G: shortest_paths(G, "firm-000001", "confindustria-dih"),
        "k shortest paths": lambda G: k_shortest_paths(G, "firm-000002", "it-hub", k=5),
        "ego network": lambda G: ego_network(G, "firm-000003", radius=2),
        "comparison": lambda G: compare_years(G, 2018, 2020),
        "declared weights": lambda G: centrality(G, "betweenness", weight="declared"),
    }
    return found


def _results(db: Database) -> dict[str, str]:
    G = read_network(db.driver, db.database)
    return {
        name: json.dumps(dataclasses.asdict(analysis(G)), sort_keys=True, default=str)  # type: ignore[call-overload]
        for name, analysis in _analyses().items()
    }


def _node_order(db: Database) -> list[str]:
    return [r["id"] for r in db.query("MATCH (n) RETURN n.id AS id")]


def _shuffled(records: GraphRecords, seed: int) -> list[GraphRecords]:
    """The records in another order, in several loads: labels and types in reverse order, and
    the records of each shuffled."""
    rng = random.Random(seed)
    loads = []
    for label in reversed(list(records.nodes)):
        nodes = list(records.nodes[label])
        rng.shuffle(nodes)
        loads.append(GraphRecords(nodes={label: nodes}))
    for rel_type in reversed(list(records.relationships)):
        rels = list(records.relationships[rel_type])
        rng.shuffle(rels)
        loads.append(GraphRecords(relationships={rel_type: rels}))
    return loads


def test_one_network_loaded_in_two_orders_gives_identical_results(empty_db: Database) -> None:
    records = synthetic.generate(200, seed=5)
    loading.load_records(records, empty_db.store)
    first_order = _node_order(empty_db)
    first = _results(empty_db)

    empty_db.wipe()
    for part in _shuffled(records, seed=11):
        loading.load_records(part, empty_db.store)
    second_order = _node_order(empty_db)
    assert sorted(first_order) == sorted(second_order)
    assert first_order != second_order, "the database gave the same order: the test proves nothing"
    second = _results(empty_db)

    assert second.keys() == first.keys()
    different = [name for name in first if first[name] != second[name]]
    assert different == []
