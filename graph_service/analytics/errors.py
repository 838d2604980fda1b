"""The analytics layer's errors, all under graph_service's one hierarchy."""

from __future__ import annotations

from graph_service.errors import GraphServiceError


class AnalyticsError(GraphServiceError):
    """Base of the errors an analysis raises on purpose."""


class NodeNotFound(AnalyticsError):
    """A node id named in a request is not in the graph."""

    def __init__(self, node_id: str) -> None:
        self.node_id = node_id
        super().__init__(f"no node with id {node_id!r} in the graph")


class UnknownLabel(AnalyticsError):
    """A label that is not in the graph model."""

    def __init__(self, label: str) -> None:
        self.label = label
        super().__init__(f"{label!r} is not a label of the graph model")


class UnknownRelationshipType(AnalyticsError):
    """A relationship type that is not in the graph model."""

    def __init__(self, type_: str) -> None:
        self.type = type_
        super().__init__(f"{type_!r} is not a relationship type of the graph model")


class InvalidParameter(AnalyticsError):
    """A parameter of an analysis is out of range (a negative radius, zero sources, ...)."""
