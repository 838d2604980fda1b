"""The Query fields of the analytics: ordinary resolvers, run by the analytics service on the
cached projection, off the event loop. The heavy ones need the analyst or admin role."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import strawberry

from graph_service.analytics import (
    bridge,
    brokers,
    centrality,
    communities,
    cuts,
    errors,
    opportunities,
    paths,
    stats,
    views,
)
from graph_service.api.analytics_types import (
    BridgeAnalysis,
    BrokerageAnalysis,
    CentralityAnalysis,
    CommunityAnalysis,
    CutAnalysis,
    GrowthAnalysis,
    NeighbourhoodAnalysis,
    OpportunityAnalysis,
    PathsAnalysis,
    StatsAnalysis,
    StructuralHolesAnalysis,
)
from graph_service.domain.model import RELATIONSHIPS
from graph_service.services.analytics import AnalyticsService, Snapshot

MAX_TOP = 1000
_CONFINDUSTRIA_DIH = strawberry.ID(bridge.OTHER_HUB)


class FieldError(Exception):
    """An expected failure of an analytics field, with its stable code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


async def _run(
    info: strawberry.Info, key: Hashable, analysis: Callable[[Snapshot], Any], heavy: bool = True
) -> Any:
    api_key = info.context.key
    if heavy and not api_key.can_analyse:
        raise FieldError("FORBIDDEN", f"the role {api_key.role!r} may not run this analysis")
    service: AnalyticsService = info.context.services["analytics"]
    try:
        return await service.run(key, analysis)
    except errors.NodeNotFound as error:
        raise FieldError("NOT_FOUND", str(error)) from None
    except errors.AnalyticsError as error:
        raise FieldError("INVALID_INPUT", str(error)) from None


def _top(top: int) -> int:
    if not 1 <= top <= MAX_TOP:
        raise FieldError("INVALID_INPUT", f"top must be between 1 and {MAX_TOP}")
    return top


async def centrality_field(
    info: strawberry.Info, measure: str = "pagerank", label: str | None = None, top: int = 20
) -> CentralityAnalysis:
    """Degree, betweenness, closeness, eigenvector or PageRank, normalised, top-k with ranks."""
    return await _run(
        info,
        ("centrality", measure, label, _top(top)),
        lambda s: centrality.centrality(
            s.graph, measure, label=label, top=top, compiled=s.compiled
        ),
    )


async def communities_field(info: strawberry.Info, seed: int = 0) -> CommunityAnalysis:
    """Louvain communities (seeded), modularity, and each community's dominant association,
    topic and office."""
    return await _run(
        info,
        ("communities", seed),
        lambda s: communities.louvain_communities(s.graph, seed=seed, compiled=s.compiled),
    )


async def structural_holes_field(
    info: strawberry.Info, label: str | None = None, top: int = 20
) -> StructuralHolesAnalysis:
    """Burt's constraint and effective size: the brokers whose ties span separate parts."""
    return await _run(
        info,
        ("holes", label, _top(top)),
        lambda s: brokers.structural_holes(s.graph, label=label, top=top, compiled=s.compiled),
    )


async def brokers_field(info: strawberry.Info, top: int = 20) -> BrokerageAnalysis:
    """Gould-Fernandez brokerage roles of firms, with their associations as groups."""
    return await _run(
        info, ("brokers", _top(top)), lambda s: brokers.brokerage_roles(s.graph, top=top)
    )


async def cut_points_field(info: strawberry.Info, top: int = 20) -> CutAnalysis:
    """Articulation points and bridges: whose loss would cut firms off."""
    return await _run(
        info, ("cuts", _top(top)), lambda s: cuts.cut_points(s.graph, top=top, compiled=s.compiled)
    )


async def opportunities_field(
    info: strawberry.Info,
    firm: strawberry.ID | None = None,
    method: str = "adamic_adar",
    top: int = 20,
) -> OpportunityAnalysis:
    """Collaboration opportunities for a firm (or across the network), each with its reasons."""
    return await _run(
        info,
        ("opportunities", firm, method, _top(top)),
        lambda s: opportunities.collaboration_opportunities(
            s.graph, firm, method=method, top=top, index=s.affinity
        ),
    )


async def bridge_field(
    info: strawberry.Info, other_hub: strawberry.ID = _CONFINDUSTRIA_DIH, top: int = 10
) -> BridgeAnalysis:
    """The paths between the I&T Hub's network and another hub's, and the best bridges."""
    return await _run(
        info,
        ("bridge", other_hub, _top(top)),
        lambda s: bridge.bridge_to_hub(s.graph, other_hub=other_hub, top=top, compiled=s.compiled),
    )


async def shortest_paths_field(
    info: strawberry.Info, source: strawberry.ID, target: strawberry.ID, k: int | None = None
) -> PathsAnalysis:
    """All shortest paths between two nodes, or the ``k`` shortest simple paths."""
    if k is not None and not 1 <= k <= 20:
        raise FieldError("INVALID_INPUT", "k must be between 1 and 20")

    def analysis(s: Snapshot) -> Any:
        if k is None:
            return paths.shortest_paths(s.graph, source, target)
        return paths.k_shortest_paths(s.graph, source, target, k=k)

    return await _run(info, ("paths", source, target, k), analysis, heavy=False)


async def neighbourhood_field(
    info: strawberry.Info,
    id: strawberry.ID,
    radius: int = 1,
    max_nodes: int = 500,
    relationship_types: list[str] | None = None,
) -> NeighbourhoodAnalysis:
    """The nodes within ``radius`` steps of a node, and the relationships among them (only
    along ``relationshipTypes`` when given)."""
    if not 1 <= radius <= 3 or not 1 <= max_nodes <= 5000:
        raise FieldError("INVALID_INPUT", "radius must be 1 to 3 and maxNodes 1 to 5000")
    types = None if relationship_types is None else tuple(sorted(set(relationship_types)))
    unknown = [t for t in types or () if t not in RELATIONSHIPS]
    if unknown:
        raise FieldError("INVALID_INPUT", f"unknown relationship type {unknown[0]!r}")
    return await _run(
        info,
        ("ego", id, radius, max_nodes, types),
        lambda s: paths.ego_network(
            s.graph, id, radius=radius, max_nodes=max_nodes, relationship_types=types
        ),
        heavy=False,
    )


async def network_stats_field(info: strawberry.Info, year: int | None = None) -> StatsAnalysis:
    """Counts by label and type, density, components and clustering (as of a year's end)."""
    return await _run(
        info,
        ("stats", year),
        lambda s: (
            stats.network_statistics(s.graph, compiled=s.compiled)
            if year is None
            else stats.network_statistics(views.as_of_year(s.graph, year), year=year)
        ),
    )


async def network_growth_field(info: strawberry.Info) -> GrowthAnalysis:
    """The network as it stood at the end of each project year."""
    return await _run(info, ("growth",), lambda s: stats.network_growth(s.graph))


def analytics_fields() -> dict[str, tuple[str | None, Any]]:
    resolvers: dict[str, Callable[..., Any]] = {
        "centrality": centrality_field,
        "communities": communities_field,
        "structuralHoles": structural_holes_field,
        "brokers": brokers_field,
        "cutPoints": cut_points_field,
        "collaborationOpportunities": opportunities_field,
        "bridgeCandidates": bridge_field,
        "shortestPaths": shortest_paths_field,
        "neighbourhood": neighbourhood_field,
        "networkStats": network_stats_field,
        "networkGrowth": network_growth_field,
    }
    return {
        name: (None, strawberry.field(resolver=fn, name=name)) for name, fn in resolvers.items()
    }
