"""The catalogue of analyses: each one declared once, read by every entry point.

An :class:`Analysis` names its pure function (``graph_service.analytics``), its parameters with
their types, defaults and ranges, its result type and who may run it. The GraphQL schema makes
one Query field per entry (enums for the enumerated parameters), the report command builds its
options from the same entries, and :class:`~graph_service.services.analytics.AnalyticsService`
runs them: checked first, then computed on the cached projection.

Adding an analysis is one pure function and one entry in :data:`ANALYSES` (plus, for a report,
its layout in ``graph_service.reports``).
"""

from __future__ import annotations

import enum
import importlib
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NewType

from graph_service.domain import analytics as results
from graph_service.domain import comparison
from graph_service.domain.analytics import CentralityMeasure, OpportunityMethod
from graph_service.domain.explanations import explanation
from graph_service.domain.model import LABELS, RELATIONSHIPS
from graph_service.domain.weighting import NetworkView, TieWeight
from graph_service.errors import InvalidArgument

NodeId = NewType("NodeId", str)
"""A parameter that names a node by its id (an ``ID`` in GraphQL)."""

Label = enum.StrEnum("Label", {name: name for name in LABELS})  # type: ignore[misc]
Label.__doc__ = "The labels of the graph model."

RelationshipType = enum.StrEnum(  # type: ignore[misc]
    "RelationshipType", {name: name for name in RELATIONSHIPS}
)
RelationshipType.__doc__ = "The relationship types of the graph model."

MAX_TOP = 1000
OTHER_HUB = "confindustria-dih"
"""The default other hub of the bridge: Confindustria Bergamo's DIH."""


@dataclass(frozen=True)
class Parameter:
    """One parameter of an analysis.

    ``type`` is ``int``, ``float``, ``str``, :data:`NodeId`, an enumeration, or
    ``tuple[<enumeration>, ...]`` for a list of its members. ``keyword`` is the pure function's
    keyword when it differs from ``name`` (which entry points show, camel-cased in GraphQL).
    """

    name: str
    type: Any
    default: Any
    description: str
    minimum: float | None = None
    maximum: float | None = None
    keyword: str | None = None

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    @property
    def base_type(self) -> Any:
        """``type`` without its ``| None`` and, for a list, its items' type."""
        inner = _without_none(self.type)
        if typing.get_origin(inner) is tuple:
            return typing.get_args(inner)[0]
        return inner

    @property
    def is_list(self) -> bool:
        return typing.get_origin(_without_none(self.type)) is tuple

    @property
    def optional(self) -> bool:
        return self.type is not _without_none(self.type)

    @property
    def choices(self) -> type[enum.Enum] | None:
        """The enumeration this parameter takes a member (or a list of members) of."""
        candidate = self.base_type
        if isinstance(candidate, type) and issubclass(candidate, enum.Enum):
            return candidate
        return None

    def check(self, value: Any) -> Any:
        """``value`` as the pure function takes it; :class:`InvalidArgument` when it is out of
        range or not one of the choices."""
        if value is None:
            if self.required:
                raise InvalidArgument(f"{self.name} is required", self.name)
            return None
        choices = self.choices
        if choices is not None:
            values = value if isinstance(value, list | tuple) else [value]
            members = []
            for item in values:
                try:
                    members.append(item if isinstance(item, choices) else choices(item))
                except ValueError:
                    allowed = ", ".join(str(m.value) for m in choices)
                    raise InvalidArgument(
                        f"{self.name}: {item!r} is not one of {allowed}", self.name
                    ) from None
            return tuple(sorted(set(members))) if isinstance(value, list | tuple) else members[0]
        if self.minimum is not None and value < self.minimum:
            raise InvalidArgument(f"{self.name} must be at least {self.minimum:g}", self.name)
        if self.maximum is not None and value > self.maximum:
            raise InvalidArgument(f"{self.name} must be at most {self.maximum:g}", self.name)
        return value


REQUIRED: Any = object()
"""The default of a parameter that must be given."""


def _without_none(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return inner[0]
    return hint


def _top(default: int) -> Parameter:
    return Parameter("top", int, default, "How many entries to keep, best first.", 1, MAX_TOP)


def _label(description: str) -> Parameter:
    return Parameter("label", Label | None, None, description)


def _labels() -> Parameter:
    return Parameter(
        "labels",
        tuple[Label, ...] | None,
        None,
        "Rank only the nodes of these labels (the network's actors, say; all when omitted).",
    )


def _view() -> tuple[Parameter, Parameter]:
    return (
        Parameter(
            "view",
            NetworkView,
            NetworkView.WHOLE,
            "The network analysed: the whole graph, firms tied by shared projects, or "
            "associations tied by shared firms.",
        ),
        Parameter(
            "weight",
            TieWeight,
            TieWeight.NONE,
            "What weighs a tie: none; in the whole view declared (the relationships' weight); "
            "for firms shared_projects or investment; for associations shared_firms.",
        ),
    )


def _seed(description: str = "The seed of the random draws.") -> Parameter:
    return Parameter("seed", int, 0, description, 0, 2**31 - 1)


def _resolution() -> Parameter:
    return Parameter(
        "resolution",
        float,
        1.0,
        "Louvain's resolution: above 1 smaller communities, below 1 larger ones.",
        0.01,
        100.0,
    )


def _explained(key: str, summary: str) -> str:
    """The plain two lines of :mod:`graph_service.domain.explanations` before the method."""
    plain = explanation(key, "en")
    return f"{plain.what} {plain.action} {summary}"


@dataclass(frozen=True)
class Analysis:
    """One analysis: how entry points offer it and how it is computed.

    ``function(graph, **parameters, **extras)`` computes it, where ``extras`` are the things of
    the cached projection it ``uses``: ``compiled`` (the igraph/CSR form) or ``index`` (the
    opportunities' affinity walks). The function is named by its module and name under
    ``graph_service.analytics`` (``"centrality:centrality"``) and imported when first used, so
    that the command line can build its options without loading networkx.
    """

    name: str
    """The GraphQL field (and its result type's stem, ``result_name`` + ``Analysis``)."""
    summary: str
    function_name: str
    result: type
    result_name: str
    parameters: tuple[Parameter, ...] = ()
    uses: frozenset[str] = frozenset()
    heavy: bool = True
    """Heavy analyses need the analyst or admin role; the others are open to every key."""
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Fixed keywords for ``function`` that entry points do not offer."""

    @property
    def function(self) -> Callable[..., Any]:
        """The pure function of ``graph_service.analytics`` that computes this analysis."""
        module, _, name = self.function_name.partition(":")
        found: Callable[..., Any] = getattr(
            importlib.import_module(f"graph_service.analytics.{module}"), name
        )
        return found

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def bind(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Every parameter's checked value, by name (defaults filled in); raises
        :class:`InvalidArgument` naming the first that does not fit, before any work is done."""
        unknown = set(given) - {p.name for p in self.parameters}
        if unknown:
            raise InvalidArgument(f"{self.name} has no parameter {sorted(unknown)[0]!r}")
        return {
            p.name: p.check(given.get(p.name, None if p.required else p.default))
            for p in self.parameters
        }

    def keywords(self, bound: Mapping[str, Any]) -> dict[str, Any]:
        """The pure function's keywords for checked parameters."""
        return {**self.extra, **{(p.keyword or p.name): bound[p.name] for p in self.parameters}}


ANALYSES: dict[str, Analysis] = {
    a.name: a
    for a in (
        Analysis(
            "centrality",
            _explained(
                "pagerank",
                "Degree, betweenness, closeness, eigenvector or PageRank, normalised, top-k "
                "with ranks, on a view of the network with its ties weighed or not.",
            ),
            "centrality:centrality",
            results.CentralityResult,
            "Centrality",
            (
                Parameter(
                    "measure",
                    CentralityMeasure,
                    CentralityMeasure.PAGERANK,
                    "Which centrality: degree, betweenness, closeness, eigenvector or PageRank.",
                ),
                _label("Rank only the nodes of this label (all nodes when omitted)."),
                _labels(),
                _top(20),
                *_view(),
                Parameter(
                    "damping",
                    float,
                    0.85,
                    "PageRank: the probability of following a tie rather than jumping.",
                    0.0,
                    0.99,
                ),
                Parameter(
                    "sources",
                    int,
                    500,
                    "Betweenness and closeness above 5,000 nodes: the source nodes sampled.",
                    1,
                    100_000,
                ),
                _seed("Betweenness and closeness: the seed of the sampled sources."),
            ),
            uses=frozenset({"compiled"}),
        ),
        Analysis(
            "communities",
            _explained(
                "communities",
                "Louvain communities (seeded), modularity, and each community's dominant "
                "association, topic and office, largest first.",
            ),
            "communities:louvain_communities",
            results.CommunityResult,
            "Community",
            (
                _seed("The seed of Louvain's random order."),
                _resolution(),
                *_view(),
                Parameter(
                    "top", int | None, None, "Keep the largest communities only.", 1, MAX_TOP
                ),
            ),
            uses=frozenset({"compiled"}),
        ),
        Analysis(
            "structuralHoles",
            _explained(
                "structural_holes",
                "Burt's constraint and effective size: the brokers whose ties span separate parts.",
            ),
            "brokers:structural_holes",
            results.StructuralHolesResult,
            "StructuralHoles",
            (
                _label("Rank only the nodes of this label (all nodes when omitted)."),
                _labels(),
                _top(20),
            ),
            uses=frozenset({"compiled"}),
        ),
        Analysis(
            "brokers",
            _explained(
                "brokerage_roles",
                "Gould-Fernandez brokerage roles of firms, with their associations as groups.",
            ),
            "brokers:brokerage_roles",
            results.BrokerageResult,
            "Brokerage",
            (_top(20),),
        ),
        Analysis(
            "cutPoints",
            _explained(
                "articulation_points",
                "Articulation points and bridges: whose loss would cut firms off.",
            ),
            "cuts:cut_points",
            results.CutResult,
            "Cut",
            (_top(20),),
            uses=frozenset({"compiled"}),
        ),
        Analysis(
            "collaborationOpportunities",
            _explained(
                "opportunities",
                "Collaboration opportunities for a firm (or across the network), each with its "
                "reasons.",
            ),
            "opportunities:collaboration_opportunities",
            results.OpportunityResult,
            "Opportunity",
            (
                Parameter("firm", NodeId | None, None, "The firm (all firms when omitted)."),
                Parameter(
                    "method",
                    OpportunityMethod,
                    OpportunityMethod.ADAMIC_ADAR,
                    "How pairs are scored: Adamic-Adar, resource allocation or Jaccard.",
                ),
                _top(20),
            ),
            uses=frozenset({"index"}),
        ),
        Analysis(
            "bridgeCandidates",
            _explained(
                "hub_bridge",
                "The paths between the I&T Hub's network and another hub's, and the best bridges.",
            ),
            "bridge:bridge_to_hub",
            results.BridgeResult,
            "Bridge",
            (
                Parameter("other_hub", NodeId, NodeId(OTHER_HUB), "The other hub's id."),
                _top(10),
            ),
            uses=frozenset({"compiled"}),
        ),
        Analysis(
            "shortestPaths",
            "All shortest paths between two nodes, or the k shortest simple paths.",
            "paths:paths_between",
            results.PathsResult,
            "Paths",
            (
                Parameter("source", NodeId, REQUIRED, "Where the paths start."),
                Parameter("target", NodeId, REQUIRED, "Where the paths end."),
                Parameter(
                    "k",
                    int | None,
                    None,
                    "The k shortest simple paths instead of all shortest ones.",
                    1,
                    20,
                ),
            ),
            heavy=False,
        ),
        Analysis(
            "neighbourhood",
            "The nodes within radius steps of a node, and the relationships among them (only "
            "along relationshipTypes when given).",
            "paths:ego_network",
            results.EgoNetwork,
            "Neighbourhood",
            (
                Parameter("id", NodeId, REQUIRED, "The node at the centre.", keyword="center"),
                Parameter("radius", int, 1, "How many steps out.", 1, 3),
                Parameter("max_nodes", int, 500, "At most this many nodes.", 1, 5000),
                Parameter(
                    "relationship_types",
                    tuple[RelationshipType, ...] | None,
                    None,
                    "Follow only these relationship types (all when omitted).",
                ),
            ),
            heavy=False,
        ),
        Analysis(
            "networkStats",
            _explained(
                "stats",
                "Counts by label and type, density, components and clustering (as of a year's "
                "end).",
            ),
            "stats:statistics_as_of",
            results.NetworkStats,
            "Stats",
            (
                Parameter(
                    "year", int | None, None, "The network as of this year's end.", 1990, 2100
                ),
            ),
            uses=frozenset({"compiled"}),
        ),
        Analysis(
            "networkGrowth",
            "The network as it stood at the end of each project year.",
            "stats:network_growth",
            results.GrowthResult,
            "Growth",
        ),
        Analysis(
            "networkComparison",
            _explained(
                "compare",
                "The network at the end of two years: the firms that joined (first project), "
                "the new ties between firms, the largest changes in a centrality, and the "
                "communities that merged or split.",
            ),
            "comparison:compare_years",
            comparison.ComparisonResult,
            "Comparison",
            (
                Parameter("first_year", int, REQUIRED, "The earlier year.", 1990, 2100),
                Parameter("second_year", int, REQUIRED, "The later year.", 1990, 2100),
                Parameter(
                    "measure",
                    CentralityMeasure,
                    CentralityMeasure.PAGERANK,
                    "The centrality compared.",
                ),
                _labels(),
                _top(20),
                _seed("The seed of Louvain's random order."),
                _resolution(),
            ),
        ),
    )
}


REPORT_ANALYSES: dict[str, tuple[str, ...]] = {
    "centrality": ("centrality",),
    "communities": ("communities",),
    "brokers": ("structuralHoles", "brokers", "cutPoints"),
    "opportunities": ("collaborationOpportunities",),
    "bridge": ("bridgeCandidates",),
    "stats": ("networkStats", "networkGrowth"),
    "compare": ("networkComparison",),
}
"""The analyses each kind of report runs, in its order (its options are their parameters)."""


def report_parameters(kind: str) -> list[Parameter]:
    """The parameters a kind of report offers: those of its analyses, each name once."""
    seen: dict[str, Parameter] = {}
    for name in REPORT_ANALYSES[kind]:
        for parameter in ANALYSES[name].parameters:
            seen.setdefault(parameter.name, parameter)
    return list(seen.values())


def analysis(name: str) -> Analysis:
    """The catalogue's entry ``name``; :class:`InvalidArgument` when there is none."""
    found = ANALYSES.get(name)
    if found is None:
        raise InvalidArgument(f"no analysis named {name!r} (known: {', '.join(ANALYSES)})")
    return found
