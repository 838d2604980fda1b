"""The analytics layer's errors: they live in graph_service's one hierarchy
(:mod:`graph_service.errors`) and are named here for the analyses that raise them."""

from __future__ import annotations

from graph_service.errors import (
    AnalyticsError,
    InvalidParameter,
    NodeNotFound,
    UnknownLabel,
    UnknownRelationshipType,
)

__all__ = [
    "AnalyticsError",
    "InvalidParameter",
    "NodeNotFound",
    "UnknownLabel",
    "UnknownRelationshipType",
]
