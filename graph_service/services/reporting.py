"""The network as a report reads it: projected from Neo4j, with its version and when it was read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph_service.analytics.version import graph_version
from graph_service.config import Settings
from graph_service.domain.analytics import GraphVersion
from graph_service.services.database import running_database
from graph_service.storage.network_projection import read_network


@dataclass(frozen=True)
class ProjectedNetwork:
    """The whole graph in networkx, its version, and when it was read (UTC)."""

    graph: nx.MultiDiGraph[Any]
    version: GraphVersion
    read_at: dt.datetime


def project_network(settings: Settings) -> ProjectedNetwork:
    """Read the whole graph from the configured Neo4j (started locally if needed)."""
    with running_database(settings) as driver:
        graph = read_network(driver, settings.neo4j_database)
    return ProjectedNetwork(graph, graph_version(graph), dt.datetime.now(dt.UTC))
