"""Nodes as readers see them: ids, labels and names, checked against the graph model."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from typing import Any

import networkx as nx

from graph_service.analytics.errors import NodeNotFound, UnknownLabel, UnknownRelationshipType
from graph_service.domain.analytics import NodeRef
from graph_service.domain.model import LABELS, RELATIONSHIPS


def display_name(G: nx.Graph[Any], node: Hashable) -> str:
    """The name a reader knows a node by: its ``name`` or ``title``, else its id.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("p1", label="Project", title="Opticians' network")
    >>> display_name(G, "p1")
    "Opticians' network"
    """
    attrs = G.nodes[node]
    spec = LABELS.get(attrs.get("label", ""))
    fields = (spec.display_field,) if spec else ("name", "title")
    for field in fields:
        value = attrs.get(field)
        if value:
            return str(value)
    return str(node)


def labelled_nodes(G: nx.Graph[Any]) -> Iterator[tuple[Hashable, str | None]]:
    """Each node with its label (None when it has none), in graph order."""
    for node, attrs in G.nodes(data=True):
        label = attrs.get("label")
        yield node, None if label is None else str(label)


def node_ref(G: nx.Graph[Any], node: Hashable) -> NodeRef:
    """A :class:`NodeRef` for ``node``: its id (as a string), label and display name."""
    label = G.nodes[node].get("label")
    return NodeRef(str(node), None if label is None else str(label), display_name(G, node))


def require_node(G: nx.Graph[Any], node_id: Hashable) -> Hashable:
    """Return ``node_id`` if it is a node of ``G``; raise :class:`NodeNotFound` otherwise."""
    if node_id not in G:
        raise NodeNotFound(str(node_id))
    return node_id


def check_label(label: str | None) -> None:
    """Raise :class:`UnknownLabel` unless ``label`` is None or a label of the graph model."""
    if label is not None and label not in LABELS:
        raise UnknownLabel(label)


def check_relationship_types(types: Iterable[str] | None) -> tuple[str, ...] | None:
    """The relationship types as a sorted tuple, each checked against the graph model."""
    if types is None:
        return None
    checked = tuple(sorted(set(types)))
    for type_ in checked:
        if type_ not in RELATIONSHIPS:
            raise UnknownRelationshipType(type_)
    return checked


def has_label(G: nx.Graph[Any], node: Hashable, label: str | None) -> bool:
    """Whether ``node`` carries ``label`` (always true when ``label`` is None)."""
    return label is None or G.nodes[node].get("label") == label
