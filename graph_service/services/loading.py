"""Loading and exporting whole graphs: read and validate everything with the loaders, then
write in idempotent batches (the Cypher is in storage)."""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from graph_service.config import Settings
from graph_service.domain.model import LABELS, RELATIONSHIPS
from graph_service.domain.records import (
    GraphRecords,
    LoadSummary,
    NodeRecord,
    RelationshipRecord,
)
from graph_service.errors import GraphServiceError, InputProblem, InvalidInput
from graph_service.storage.database import Driver
from graph_service.storage.graph_store import GraphStore, WriteFailed
from loaders import csv_format, json_format
from loaders.json_format import Record
from loaders.load import (
    DEMO_PATH,
    NodeGroups,
    RelationshipGroups,
    groups_of_nodes,
    groups_of_relationships,
    read,
    resolve_path,
    stream,
)
from loaders.stream_checks import StreamChecks
from loaders.validation import CappedProblems, property_problems, validate

__all__ = [
    "DEMO_PATH",
    "LoadInterrupted",
    "export",
    "load",
    "load_records",
    "read",
    "resolve_path",
    "store_for",
]

Progress = Callable[[str, int, int], None]
"""Called with (what is being written, records written so far, records in all)."""


class LoadInterrupted(GraphServiceError):
    """Neo4j refused or lost a batch after others were written: what was written is complete
    records only, and loading the same input again completes it (loads merge on ids)."""

    code = "SERVICE_UNAVAILABLE"


def load(
    path: Path,
    store: GraphStore,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> LoadSummary:
    """Load ``path`` (a JSON document or a CSV directory) into ``store``, streamed: read once to
    validate everything, keeping only ids, labels and lines (and once more to name the problems
    or to look ids up in a database that holds nodes already), then again to write a batch at a
    time. An input of up to ``KEPT_RECORDS`` records is not read again to be written: the
    records of the first reading are kept. Nothing is written unless the whole input is
    valid."""
    streamed = stream(path)
    problems = CappedProblems(MAX_PROBLEMS)
    problems += streamed.problems
    checks = StreamChecks(problems)
    kept: list[Record] | None = []
    with _few_collections():
        for record in streamed.records(problems):
            if isinstance(record, NodeRecord):
                checks.node(record)
            else:
                checks.relationship(record)
            if kept is not None:
                if len(kept) < KEPT_RECORDS:
                    kept.append(record)
                else:
                    kept = None  # a large input: read again, a batch at a time
    checks.finish(
        store.existing_labels,
        lambda: streamed.records([]),
        database_empty=store.node_count() == 0,
    )
    if problems:
        listed = list(problems)
        if problems.dropped:
            more = f"and {problems.dropped:,} more problems"
            listed.append(InputProblem(str(path), None, None, more))
        raise InvalidInput(listed)
    summary = LoadSummary(dry_run=dry_run)
    if dry_run:
        for label, count in checks.by_label.items():
            unchanged = checks.in_database.get(label, 0)
            summary.nodes_unchanged[label] = unchanged
            summary.nodes_created[label] = count - unchanged
        for rel_type, rels in streamed.relationship_groups():
            _add(summary.relationships_created, rel_type, sum(1 for _ in rels))
        return summary
    total, done = checks.nodes + checks.relationships, 0
    del checks  # what validation kept is not needed to write

    def step(what: str, count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(what, done, total)

    node_groups, relationship_groups = streamed.node_groups, streamed.relationship_groups
    frozen = kept is not None
    if kept is not None:
        node_groups, relationship_groups = _kept_groups(kept)
        gc.freeze()  # the kept records: not walked again by each full pass of the collector
    del kept
    try:
        _write_groups(store, node_groups, relationship_groups, summary, step)
    except WriteFailed as error:
        raise _interrupted(error) from None
    finally:
        if frozen:
            gc.unfreeze()
    return summary


@contextmanager
def _few_collections() -> Iterator[None]:
    """Python's cycle collector paused while the input is read (reading records makes no
    cycles): its full passes would walk every record kept so far, again and again, which cost
    a load of 80,000 firms a second."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _write_groups(
    store: GraphStore,
    node_groups: Callable[[], NodeGroups],
    relationship_groups: Callable[[], RelationshipGroups],
    summary: LoadSummary,
    step: Callable[[str, int], None],
) -> None:
    for label, counts in store.merge_node_groups(node_groups(), step).items():
        _add(summary.nodes_created, label, counts.created)
        _add(summary.nodes_updated, label, counts.updated)
        _add(summary.nodes_unchanged, label, counts.total - counts.created - counts.updated)
    groups = relationship_groups()
    for rel_type, counts in store.merge_relationship_groups(groups, step).items():
        _add(summary.relationships_created, rel_type, counts.created)
        _add(summary.relationships_updated, rel_type, counts.updated)
        unchanged = counts.total - counts.created - counts.updated
        _add(summary.relationships_unchanged, rel_type, unchanged)


MAX_PROBLEMS = 1000
"""Problems listed at most (a file wrong on every line says so in the first thousand)."""

KEPT_RECORDS = 500_000
"""Records kept in memory from the validating reading, to be written without reading the
input again: twice the Bergamo network at its real size (80,000 firms: 246,644 records, which
kept take 150 MB more at the peak of a load). A larger input is read again to be written, a
batch at a time."""


def _kept_groups(
    kept: list[Record],
) -> tuple[Callable[[], NodeGroups], Callable[[], RelationshipGroups]]:
    """The groups of the kept records, as the input's own reading would give them: nodes of one
    label at a time in the input's order, then relationships of one type at a time."""
    return (lambda: groups_of_nodes(kept)), (lambda: groups_of_relationships(kept))


def _add(counts: dict[str, int], name: str, count: int) -> None:
    """A group's count (a JSON document may hold a label's nodes in more than one group)."""
    counts[name] = counts.get(name, 0) + count


def _interrupted(error: WriteFailed) -> LoadInterrupted:
    return LoadInterrupted(
        f"the load stopped after part of it was written ({error}); nothing half-written "
        "is left in a record: run the same load again to complete it"
    )


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

    try:
        return _write(graph, store, labels, summary, progress)
    except WriteFailed as error:
        raise _interrupted(error) from None


def _write(
    graph: GraphRecords,
    store: GraphStore,
    labels: dict[str, str],
    summary: LoadSummary,
    progress: Progress | None,
) -> LoadSummary:
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


def store_for(driver: Driver, settings: Settings) -> GraphStore:
    """The graph in the configured database, for the loading commands."""
    return GraphStore(driver, settings.neo4j_database)
