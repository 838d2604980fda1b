"""The results of the reports that put several analyses side by side."""

from __future__ import annotations

from dataclasses import dataclass

from graph_service.domain.analytics import (
    BridgeResult,
    BrokerageResult,
    CentralityResult,
    CommunityResult,
    CutResult,
    GrowthResult,
    NetworkStats,
    OpportunityResult,
    StructuralHolesResult,
)
from graph_service.domain.comparison import ComparisonResult


@dataclass(frozen=True)
class BrokersReport:
    """The three views of brokerage side by side: Burt's structural holes, Gould and
    Fernandez's roles between associations, and the single points of failure."""

    structural_holes: StructuralHolesResult
    brokerage: BrokerageResult
    cuts: CutResult


@dataclass(frozen=True)
class StatsReport:
    """The network as it stands, and as it stood at the end of each project year."""

    network: NetworkStats
    growth: GrowthResult


ReportResult = (
    CentralityResult
    | CommunityResult
    | BrokersReport
    | OpportunityResult
    | BridgeResult
    | StatsReport
    | ComparisonResult
)
