"""The result of comparing the network at two years: plain, frozen and serialisable."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from graph_service.domain.analytics import CentralityMeasure, CommunityResult, NodeRef


class CommunityChangeKind(StrEnum):
    MERGED = "merged"
    SPLIT = "split"


@dataclass(frozen=True)
class NewFirm:
    """A firm whose first project came after the first year: ``projects`` by the second."""

    firm: NodeRef
    first_year: int
    projects: int


@dataclass(frozen=True)
class NewTie:
    """Two firms that share a project by the second year and shared none by the first."""

    first: NodeRef
    second: NodeRef
    projects: int


@dataclass(frozen=True)
class ScoreChange:
    """A node's centrality at both years; ranks among the ranked labels (None: not ranked)."""

    node: NodeRef
    score_before: float
    score_after: float
    change: float
    rank_before: int | None
    rank_after: int | None


@dataclass(frozen=True)
class CommunityChange:
    """Communities (by ``index`` in each year's result) that merged into one, or one that split."""

    kind: CommunityChangeKind
    before: tuple[int, ...]
    after: tuple[int, ...]


@dataclass(frozen=True)
class ComparisonResult:
    """The network at the end of ``first_year`` and of ``second_year``, side by side."""

    first_year: int
    second_year: int
    measure: CentralityMeasure
    method: str
    new_firm_count: int
    new_firms: tuple[NewFirm, ...]
    new_tie_count: int
    new_ties: tuple[NewTie, ...]
    changes: tuple[ScoreChange, ...]
    """The largest changes in score, highest rise first and steepest fall last."""
    communities_before: CommunityResult
    communities_after: CommunityResult
    community_changes: tuple[CommunityChange, ...]
