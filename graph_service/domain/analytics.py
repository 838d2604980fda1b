"""Results of the network analyses: plain, frozen and serialisable.

Every result says what was computed (the method and its parameters) next to the values, so a
report, a GraphQL type or a CSV file built from it needs nothing else. Fields hold only
strings, numbers, booleans, None, tuples and other results, so ``dataclasses.asdict`` followed
by ``json.dumps`` always works (enumerations are ``StrEnum``; NaN never appears: an undefined
value is None).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class CentralityMeasure(StrEnum):
    """The centrality measures: degree, betweenness, closeness, eigenvector and PageRank."""

    DEGREE = "degree"
    BETWEENNESS = "betweenness"
    CLOSENESS = "closeness"
    EIGENVECTOR = "eigenvector"
    PAGERANK = "pagerank"


class BrokerageRole(StrEnum):
    """Gould and Fernandez's brokerage roles in their undirected form."""

    COORDINATOR = "coordinator"
    ITINERANT = "itinerant"
    REPRESENTATIVE_GATEKEEPER = "representative_gatekeeper"
    LIAISON = "liaison"


class OpportunityMethod(StrEnum):
    """How a pair's closeness is scored: Adamic-Adar, resource allocation or Jaccard."""

    ADAMIC_ADAR = "adamic_adar"
    RESOURCE_ALLOCATION = "resource_allocation"
    JACCARD = "jaccard"


class OpportunityKind(StrEnum):
    """What a firm is paired with: another firm, or a project it does not take part in yet."""

    FIRM = "firm"
    PROJECT = "project"


class ReasonKind(StrEnum):
    COMMON_PARTNERS = "common_partners"
    SHARED_TOPICS = "shared_topics"
    SHARED_EXPERTS = "shared_experts"
    SAME_ASSOCIATION = "same_association"


class PathMethod(StrEnum):
    ALL_SHORTEST = "all_shortest"
    K_SHORTEST = "k_shortest"


@dataclass(frozen=True)
class NodeRef:
    """A node as a reader sees it: its id, label and display name (``name`` or ``title``)."""

    id: str
    label: str | None
    name: str


@dataclass(frozen=True)
class GraphVersion:
    """Which graph a result was computed on: a fingerprint of its contents, and its size."""

    fingerprint: str
    nodes: int
    relationships: int


@dataclass(frozen=True)
class Count:
    """How many of something (a label, a relationship type) there are."""

    name: str
    count: int


@dataclass(frozen=True)
class Path:
    """A walk through the graph; ``relationships[i]`` joins ``nodes[i]`` and ``nodes[i + 1]``.

    A step joined by several relationship types lists them Cypher-style (``"ABOUT|SKILLED_IN"``);
    directions are not shown: paths are found in the undirected view.
    """

    nodes: tuple[NodeRef, ...]
    relationships: tuple[str, ...]

    @property
    def length(self) -> int:
        return len(self.relationships)


# --- centrality -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankedNode:
    """A node's score and its rank (1 = highest; tied scores share the best rank: 1, 2, 2, 4)."""

    id: str
    label: str | None
    name: str
    score: float
    rank: int


@dataclass(frozen=True)
class CentralityResult:
    """One centrality measure over a graph, ranked for one label (or all nodes).

    ``node_count`` is the size of the graph the scores were computed on; ``ranked_count`` the
    number of nodes of ``label`` that were ranked, of which ``entries`` holds the first ``top``.
    When ``sampled`` is true the scores are estimates from ``sources`` source nodes drawn with
    ``seed``, each within ``error_bound`` of the exact value with probability ``confidence``.
    """

    measure: CentralityMeasure
    label: str | None
    node_count: int
    ranked_count: int
    top: int | None
    method: str
    sampled: bool
    sources: int | None
    seed: int | None
    error_bound: float | None
    confidence: float | None
    damping: float | None
    entries: tuple[RankedNode, ...]
    view: str = "whole"
    """The view the scores were computed on (a ``NetworkView`` value)."""
    weight: str = "none"
    """What weighed its ties (a ``TieWeight`` value)."""
    ranked_labels: tuple[str, ...] | None = None
    """The labels ranked (None: every label, or ``label`` alone)."""


# --- communities ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dominant:
    """The most frequent association, topic or office in a community.

    ``count`` members of the community are tied to it, ``share`` of those that are tied to any.
    """

    id: str
    name: str
    count: int
    share: float


@dataclass(frozen=True)
class Community:
    """One community, its make-up and the association, topic and office that dominate it."""

    index: int
    size: int
    labels: tuple[Count, ...]
    dominant_association: Dominant | None
    dominant_topic: Dominant | None
    dominant_office: Dominant | None
    members: tuple[str, ...]


@dataclass(frozen=True)
class CommunityLink:
    """How many ties join two communities (by their ``index``, ``first < second``)."""

    first: int
    second: int
    ties: int


@dataclass(frozen=True)
class CommunityResult:
    """A partition of the network into communities, largest first."""

    method: str
    seed: int
    resolution: float
    node_count: int
    modularity: float
    communities: tuple[Community, ...]
    view: str = "whole"
    weight: str = "none"
    links: tuple[CommunityLink, ...] = ()
    """The ties between communities, most first (ties by index)."""
    community_count: int = 0
    """How many communities the partition has (``communities`` may hold the largest only)."""


# --- brokers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StructuralHole:
    """Burt's measures for one node; None where undefined (a node without ties)."""

    id: str
    label: str | None
    name: str
    degree: int
    effective_size: float | None
    efficiency: float | None
    constraint: float | None
    rank: int


@dataclass(frozen=True)
class StructuralHolesResult:
    """Burt's structural-hole measures, ranked by constraint (lowest = most brokerage first)."""

    label: str | None
    node_count: int
    ranked_count: int
    top: int | None
    method: str
    entries: tuple[StructuralHole, ...]


@dataclass(frozen=True)
class Broker:
    """How many open two-paths a node brokers, by Gould and Fernandez role."""

    id: str
    label: str | None
    name: str
    group: str
    group_name: str
    coordinator: int
    itinerant: int
    representative_gatekeeper: int
    liaison: int
    total: int
    rank: int


@dataclass(frozen=True)
class BrokerageResult:
    """Gould-Fernandez brokerage counts, ranked by total brokerage."""

    view: str
    grouping: str
    node_count: int
    grouped_count: int
    top: int | None
    method: str
    entries: tuple[Broker, ...]


@dataclass(frozen=True)
class CutVertex:
    """An articulation point and what its removal would cut off from the rest of its component."""

    id: str
    label: str | None
    name: str
    component_size: int
    in_largest_component: bool
    nodes_cut_off: int
    firms_cut_off: int


@dataclass(frozen=True)
class CutEdge:
    """A bridge (a tie on no cycle) and what removing it would cut off."""

    source: NodeRef
    target: NodeRef
    relationships: str
    component_size: int
    in_largest_component: bool
    nodes_cut_off: int
    firms_cut_off: int


@dataclass(frozen=True)
class CutResult:
    """The single points of failure of the network, most firms cut off first."""

    node_count: int
    component_count: int
    largest_component_size: int
    largest_component_firms: int
    method: str
    articulation_points: tuple[CutVertex, ...]
    bridges: tuple[CutEdge, ...]


# --- opportunities ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """One plain-English reason for a suggestion, and the nodes it refers to."""

    kind: ReasonKind
    text: str
    nodes: tuple[NodeRef, ...]


@dataclass(frozen=True)
class Opportunity:
    """A suggested tie between a firm and another firm or a project."""

    source: NodeRef
    target: NodeRef
    kind: OpportunityKind
    score: float
    rank: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class OpportunityResult:
    """Ranked collaboration opportunities for one firm (``firm``) or across the network."""

    method: OpportunityMethod
    firm: str | None
    kinds: tuple[OpportunityKind, ...]
    view: str
    project_kinds: tuple[str, ...] | None
    project_statuses: tuple[str, ...] | None
    top: int
    candidates_scored: int
    suggestions: tuple[Opportunity, ...]


# --- the bridge to another hub ----------------------------------------------------------------


@dataclass(frozen=True)
class BridgeCandidate:
    """A node of the home network that, tied directly to the other hub, would bring firms closer.

    ``firms_closer`` home-network firms would get closer to the other hub, by ``mean_gain`` steps
    on average (over those already connected to it; ``firms_connected`` would be connected for
    the first time). ``example`` is the path of the firm that gains most: it runs from the firm
    to the candidate and ends with the proposed new tie to the other hub (``"PROPOSED"``).
    ``alike`` other nodes have exactly the same ties as the candidate and would do as well.
    """

    node: NodeRef
    rank: int
    alike: int
    firms_closer: int
    mean_gain: float | None
    firms_connected: int
    mean_new_distance: float
    current_distance: int | None
    example: Path | None
    example_old_distance: int | None


@dataclass(frozen=True)
class BridgeResult:
    """Where the home hub's network meets another hub's, and the best new bridges."""

    home_hub: NodeRef
    other_hub: NodeRef
    distance: int | None
    home_nodes: int
    other_nodes: int
    home_firms: int
    method: str
    shortest_paths: tuple[Path, ...]
    paths_truncated: bool
    candidates_evaluated: int
    candidates: tuple[BridgeCandidate, ...]


# --- paths and neighbourhoods -----------------------------------------------------------------


@dataclass(frozen=True)
class PathsResult:
    """Paths between two nodes; ``distance`` is the shortest length (None: not connected)."""

    source: NodeRef
    target: NodeRef
    method: PathMethod
    relationship_types: tuple[str, ...] | None
    limit: int
    distance: int | None
    truncated: bool
    paths: tuple[Path, ...]


@dataclass(frozen=True)
class EgoNode:
    id: str
    label: str | None
    name: str
    distance: int


@dataclass(frozen=True)
class EgoEdge:
    """A relationship inside an ego network, in the model's direction."""

    source: str
    target: str
    type: str


@dataclass(frozen=True)
class EgoNetwork:
    """The neighbourhood of a node up to ``radius`` steps (``truncated``: cut at ``max_nodes``)."""

    center: NodeRef
    radius: int
    relationship_types: tuple[str, ...] | None
    max_nodes: int | None
    truncated: bool
    nodes: tuple[EgoNode, ...]
    edges: tuple[EgoEdge, ...]


# --- statistics -------------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkStats:
    """Size and shape of the network (as it stood at the end of ``year``, when given).

    ``ties``, ``density``, the components and the clustering are those of the undirected view,
    where any relationships between two nodes make one tie.
    """

    year: int | None
    node_count: int
    relationship_count: int
    nodes_by_label: tuple[Count, ...]
    relationships_by_type: tuple[Count, ...]
    ties: int
    density: float
    component_count: int
    largest_component_size: int
    isolated_nodes: int
    average_clustering: float


@dataclass(frozen=True)
class GrowthResult:
    """The network statistics at the end of each project year, oldest first."""

    years: tuple[NetworkStats, ...]
