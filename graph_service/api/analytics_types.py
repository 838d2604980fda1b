"""GraphQL types for the analytics results, made from the result dataclasses of
``graph_service.domain.analytics`` (fields keep their names, camel-cased; enumerations are
strings; tuples are lists). The domain classes stay free of GraphQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import types
import typing
from typing import Any

import strawberry

from graph_service.domain import analytics

_made: dict[type, Any] = {}


def graphql_type(cls: type) -> Any:
    """The Strawberry type mirroring the dataclass ``cls`` (made once)."""
    if cls in _made:
        return _made[cls]
    hints = typing.get_type_hints(cls)
    annotations = {f.name: _annotation(hints[f.name]) for f in dataclasses.fields(cls) if f.init}
    namespace: dict[str, Any] = {"__annotations__": annotations, "__module__": __name__}
    description = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ") or None
    made = strawberry.type(type(cls.__name__, (), namespace), description=description)
    _made[cls] = made
    return made


def _annotation(hint: Any) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _annotation(inner[0]) | None
    if origin is tuple:
        return list[_annotation(args[0])]  # type: ignore[misc]
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return str
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return graphql_type(hint)
    if hint in (str, int, float, bool, dt.date, dt.datetime):
        return hint
    raise TypeError(f"no GraphQL type for {hint!r}")


def analysis_type(name: str, result: type, description: str) -> Any:
    """``{name} { graphVersion computedAt result }``: a result and the graph it was computed on."""
    namespace: dict[str, Any] = {
        "__annotations__": {
            "graph_version": int,
            "computed_at": dt.datetime,
            "result": graphql_type(result),
        },
        "__module__": __name__,
    }
    return strawberry.type(type(name, (), namespace), description=description)


CentralityAnalysis = analysis_type(
    "CentralityAnalysis", analytics.CentralityResult, "Centrality scores, ranked."
)
CommunityAnalysis = analysis_type(
    "CommunityAnalysis", analytics.CommunityResult, "Louvain communities."
)
StructuralHolesAnalysis = analysis_type(
    "StructuralHolesAnalysis",
    analytics.StructuralHolesResult,
    "Burt's constraint and effective size.",
)
BrokerageAnalysis = analysis_type(
    "BrokerageAnalysis",
    analytics.BrokerageResult,
    "Gould-Fernandez brokerage roles, associations as groups.",
)
CutAnalysis = analysis_type("CutAnalysis", analytics.CutResult, "Articulation points and bridges.")
OpportunityAnalysis = analysis_type(
    "OpportunityAnalysis",
    analytics.OpportunityResult,
    "Collaboration opportunities with their reasons.",
)
BridgeAnalysis = analysis_type(
    "BridgeAnalysis", analytics.BridgeResult, "The bridge to another hub."
)
PathsAnalysis = analysis_type(
    "PathsAnalysis", analytics.PathsResult, "Shortest paths between two nodes."
)
NeighbourhoodAnalysis = analysis_type(
    "NeighbourhoodAnalysis", analytics.EgoNetwork, "A node's neighbourhood."
)
StatsAnalysis = analysis_type("StatsAnalysis", analytics.NetworkStats, "Network statistics.")
GrowthAnalysis = analysis_type(
    "GrowthAnalysis", analytics.GrowthResult, "The network year by year."
)
