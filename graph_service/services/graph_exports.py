"""The whole graph with its measures, for Gephi: ``graph-service export PATH --format gexf``."""

from __future__ import annotations

import os
import tempfile
from enum import StrEnum
from pathlib import Path

import networkx as nx

from graph_service.analytics.export_attributes import measured_graph
from graph_service.config import Settings
from graph_service.errors import GraphServiceError
from graph_service.services.database import running_database
from graph_service.storage.access import NetworkSource


class GraphFileFormat(StrEnum):
    GEXF = "gexf"
    GRAPHML = "graphml"


class GraphFileNotWritten(GraphServiceError):
    """The export file could not be written."""

    code = "INVALID_INPUT"


def export_graph_file(settings: Settings, path: Path, fmt: GraphFileFormat | str) -> int:
    """Write the whole graph, its measures and communities as node attributes, to ``path``
    in ``fmt`` (replacing the file in one step); return the number of nodes written."""
    chosen = GraphFileFormat(fmt)
    with running_database(settings) as driver:
        graph = NetworkSource(driver, settings.neo4j_database).read()
    measured = measured_graph(graph)
    target = path.expanduser()
    try:
        descriptor, name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise GraphFileNotWritten(f"cannot write {path}: {error.strerror or error}") from error
    temporary = Path(name)
    try:
        with open(descriptor, "wb") as handle:
            if chosen is GraphFileFormat.GEXF:
                nx.write_gexf(measured, handle)
            else:
                nx.write_graphml(measured, handle)
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise GraphFileNotWritten(f"cannot write {path}: {error.strerror or error}") from error
    return measured.number_of_nodes()
