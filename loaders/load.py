"""Reading an input (a JSON document or a CSV directory) into records, with every problem
found; writing them is the loading service's (``graph_service.services.loading``)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import TypeVar

from graph_service.domain.records import GraphRecords, NodeRecord, RelationshipRecord
from graph_service.errors import InputProblem, InvalidInput
from loaders import csv_format, json_format
from loaders.json_format import Record

T = TypeVar("T", NodeRecord, RelationshipRecord)

DEMO_PATH = Path(__file__).resolve().parent / "demo" / "bergamo.json"


def resolve_path(path: str) -> Path:
    """``demo`` names the shipped Bergamo network; anything else is a file or directory."""
    return DEMO_PATH if path == "demo" else Path(path)


def read(path: Path) -> GraphRecords:
    """Parse a JSON document or a CSV directory whole; raise InvalidInput listing every
    problem. For inputs that fit in memory (the demo network, tests); loads use ``stream``."""
    graph, problems = parse(path)
    if problems:
        raise InvalidInput(problems)
    return graph


def parse(path: Path) -> tuple[GraphRecords, list[InputProblem]]:
    """Parse a JSON document or a CSV directory: the records that parsed, and the problems."""
    graph = GraphRecords()
    streamed = stream(path)
    problems = list(streamed.problems)
    for record in streamed.records(problems):
        if isinstance(record, NodeRecord):
            graph.add_node(record)
        else:
            graph.add_relationship(record)
    return graph, problems


NodeGroups = Iterator[tuple[str, Iterator[NodeRecord]]]
RelationshipGroups = Iterator[tuple[str, Iterator[RelationshipRecord]]]


@dataclass(frozen=True)
class StreamedInput:
    """An input read from its file(s) again at each pass, a record at a time: once to validate
    everything (``records``), then to write nodes and relationships (each a group of one label
    or type at a time; a group is consumed before the next is read)."""

    problems: list[InputProblem]
    """What is wrong with the input's layout, found before any record is read."""
    records: Callable[[list[InputProblem]], Iterator[Record]]
    node_groups: Callable[[], NodeGroups]
    relationship_groups: Callable[[], RelationshipGroups]


def stream(path: Path) -> StreamedInput:
    """A JSON document or a CSV directory, to be read a record at a time."""
    if path.is_dir():
        return _csv(path)
    if path.suffix.lower() == ".json":
        return _json(path)
    reason = "expected a .json file or a CSV directory" if path.exists() else "no such file"
    return StreamedInput(
        [InputProblem(str(path), None, None, reason)],
        lambda problems: iter(()),
        lambda: iter(()),
        lambda: iter(()),
    )


def _csv(path: Path) -> StreamedInput:
    node_files, rel_files, found = csv_format.directory_files(path)

    def records(problems: list[InputProblem]) -> Iterator[Record]:
        for file in node_files:
            yield from csv_format.iter_nodes(file, problems)
        for file in rel_files:
            yield from csv_format.iter_relationships(file, problems)

    def node_groups() -> NodeGroups:
        return ((f.stem, csv_format.iter_nodes(f, [])) for f in node_files)

    def relationship_groups() -> RelationshipGroups:
        return ((f.stem, csv_format.iter_relationships(f, [])) for f in rel_files)

    return StreamedInput(found, records, node_groups, relationship_groups)


def _json(path: Path) -> StreamedInput:
    def records(problems: list[InputProblem]) -> Iterator[Record]:
        return json_format.iter_records(path, problems)

    def node_groups() -> NodeGroups:
        return groups_of_nodes(json_format.iter_records(path, [], ("nodes",)))

    def relationship_groups() -> RelationshipGroups:
        return groups_of_relationships(json_format.iter_records(path, [], ("relationships",)))

    return StreamedInput([], records, node_groups, relationship_groups)


def groups_of_nodes(records: Iterable[Record]) -> NodeGroups:
    """The nodes among ``records``, a group per run of one label, in their order."""
    return itertools.groupby(_only(NodeRecord, records), attrgetter("label"))


def groups_of_relationships(records: Iterable[Record]) -> RelationshipGroups:
    """The relationships among ``records``, a group per run of one type, in their order."""
    return itertools.groupby(_only(RelationshipRecord, records), attrgetter("type"))


def _only(kind: type[T], records: Iterable[Record]) -> Iterator[T]:
    return (r for r in records if isinstance(r, kind))
