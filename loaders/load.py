"""Loading a graph: read everything, validate everything, then write in idempotent batches."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from graph_service.domain.model import LABELS, RELATIONSHIPS
from graph_service.domain.records import GraphRecords, LoadSummary, RelationshipRecord
from graph_service.errors import InputProblem, InvalidInput
from graph_service.storage.graph_store import GraphStore
from loaders import csv_format, json_format
from loaders.validation import property_problems, validate

DEMO_PATH = Path(__file__).resolve().parent / "demo" / "bergamo.json"

Progress = Callable[[str, int, int], None]
"""Called with (what is being written, records written so far, records in all)."""


def resolve_path(path: str) -> Path:
    """``demo`` names the shipped Bergamo network; anything else is a file or directory."""
    return DEMO_PATH if path == "demo" else Path(path)


def read(path: Path) -> GraphRecords:
    """Parse a JSON document or a CSV directory; raise InvalidInput listing every problem."""
    graph, problems = parse(path)
    if problems:
        raise InvalidInput(problems)
    return graph


def parse(path: Path) -> tuple[GraphRecords, list[InputProblem]]:
    """Parse a JSON document or a CSV directory: the records that parsed, and the problems."""
    if path.is_dir():
        graph, problems = csv_format.read_directory(path)
    elif path.suffix.lower() == ".json":
        graph, problems = json_format.read_document(path)
    else:
        reason = "expected a .json file or a CSV directory" if path.exists() else "no such file"
        graph, problems = GraphRecords(), [InputProblem(str(path), None, None, reason)]
    return graph, problems


def load(
    path: Path, store: GraphStore, *, dry_run: bool = False, progress: Progress | None = None
) -> LoadSummary:
    """Load ``path`` into ``store``. Nothing is written unless the whole input is valid."""
    graph, problems = parse(path)
    return write(graph, store, problems, dry_run=dry_run, progress=progress)


def load_records(
    graph: GraphRecords,
    store: GraphStore,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> LoadSummary:
    """Load records built in code (e.g. the synthetic network), checked as files are."""
    return write(graph, store, property_problems(graph), dry_run=dry_run, progress=progress)


def write(
    graph: GraphRecords,
    store: GraphStore,
    problems: list[InputProblem],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> LoadSummary:
    """Validate ``graph`` across records, then merge it into ``store`` in batches; nothing is
    written if ``problems`` (found while reading) or validation found anything."""
    labels, more = validate(graph, store.existing_labels)
    if problems or more:
        raise InvalidInput(problems + more)
    summary = LoadSummary(dry_run=dry_run)
    if dry_run:
        existing = store.existing_labels(labels)
        for label, nodes in graph.nodes.items():
            new = sum(1 for n in nodes if n.id not in existing)
            summary.nodes_created[label] = new
            summary.nodes_unchanged[label] = len(nodes) - new
        for rel_type, rels in graph.relationships.items():
            summary.relationships_created[rel_type] = len(rels)
        return summary

    total = graph.node_count + graph.relationship_count
    done = 0

    def advance(what: str) -> Callable[[int], None]:
        def step(count: int) -> None:
            nonlocal done
            done += count
            if progress:
                progress(what, done, total)

        return step

    for label in LABELS:
        if label in graph.nodes:
            counts = store.merge_nodes(label, graph.nodes[label], advance(label))
            summary.nodes_created[label] = counts.created
            summary.nodes_updated[label] = counts.updated
            summary.nodes_unchanged[label] = counts.total - counts.created - counts.updated
    for rel_type in RELATIONSHIPS:
        by_endpoints: dict[tuple[str, str], list[RelationshipRecord]] = defaultdict(list)
        for rel in graph.relationships.get(rel_type, []):
            by_endpoints[(labels[rel.from_id], labels[rel.to_id])].append(rel)
        for (from_label, to_label), rels in sorted(by_endpoints.items()):
            counts = store.merge_relationships(
                rel_type, from_label, to_label, rels, advance(rel_type)
            )
            for target, value in (
                (summary.relationships_created, counts.created),
                (summary.relationships_updated, counts.updated),
                (summary.relationships_unchanged, counts.total - counts.created - counts.updated),
            ):
                target[rel_type] = target.get(rel_type, 0) + value
    return summary


def export(store: GraphStore, path: Path) -> list[Path]:
    """Write the whole graph to ``path``: a ``.json`` file, or else a CSV directory."""
    graph = GraphRecords()
    for label in LABELS:
        for node in store.read_nodes(label):
            graph.add_node(node)
    for rel_type in RELATIONSHIPS:
        for rel in store.read_relationships(rel_type):
            graph.add_relationship(rel)
    if path.suffix.lower() == ".json":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json_format.render_document(graph), encoding="utf-8")
        return [path]
    return csv_format.write_directory(path, graph)
