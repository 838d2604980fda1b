"""A graph as plain records: what loaders read, the exporter writes and storage merges."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph_service.domain.model import PropertyValue


@dataclass(frozen=True)
class Origin:
    """Where a record came from, for error messages: a file and the line the record starts on."""

    source: str
    line: int | None = None
    path: str = ""
    """The record's JSON path (``/nodes/Firm/3``); empty for CSV rows."""


@dataclass(frozen=True)
class NodeRecord:
    label: str
    id: str
    properties: dict[str, PropertyValue]
    origin: Origin | None = None


@dataclass(frozen=True)
class RelationshipRecord:
    type: str
    from_id: str
    to_id: str
    properties: dict[str, PropertyValue]
    origin: Origin | None = None


@dataclass
class GraphRecords:
    """Nodes by label and relationships by type, in the order they were read."""

    nodes: dict[str, list[NodeRecord]] = field(default_factory=dict)
    relationships: dict[str, list[RelationshipRecord]] = field(default_factory=dict)

    def add_node(self, record: NodeRecord) -> None:
        self.nodes.setdefault(record.label, []).append(record)

    def add_relationship(self, record: RelationshipRecord) -> None:
        self.relationships.setdefault(record.type, []).append(record)

    @property
    def node_count(self) -> int:
        return sum(len(records) for records in self.nodes.values())

    @property
    def relationship_count(self) -> int:
        return sum(len(records) for records in self.relationships.values())


@dataclass
class LoadSummary:
    """What a load did (or, in a dry run, would do): counts per label and relationship type."""

    dry_run: bool = False
    nodes_created: dict[str, int] = field(default_factory=dict)
    nodes_updated: dict[str, int] = field(default_factory=dict)
    nodes_unchanged: dict[str, int] = field(default_factory=dict)
    relationships_created: dict[str, int] = field(default_factory=dict)
    relationships_updated: dict[str, int] = field(default_factory=dict)
    relationships_unchanged: dict[str, int] = field(default_factory=dict)
