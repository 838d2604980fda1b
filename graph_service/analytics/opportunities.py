"""Collaboration opportunities: firm-firm and firm-project ties worth suggesting, and why.

Scores are link-prediction indices on the co-participation view
(:func:`~.views.co_participation_graph`: firms tied to their projects and to the firms they
share one with), equal to networkx's ``adamic_adar_index``, ``resource_allocation_index`` and
``jaccard_coefficient`` there. The view is never built: the few hops around a firm are walked
in the projection itself, so one firm's suggestions take milliseconds at any network size.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Collection, Hashable, Iterable
from functools import cache
from typing import Any

import networkx as nx

from graph_service.analytics.errors import InvalidParameter
from graph_service.analytics.nodes import display_name, labelled_nodes, node_ref, require_node
from graph_service.analytics.ranking import check_top, competition_ranks, tie_key
from graph_service.analytics.views import FIRM, PROJECT, related
from graph_service.domain.analytics import (
    Opportunity,
    OpportunityKind,
    OpportunityMethod,
    OpportunityResult,
    Reason,
    ReasonKind,
)

VIEW = "co-participation (firms tied to their projects and to the firms they share one with)"


def collaboration_opportunities(
    G: nx.Graph[Any],
    firm: str | None = None,
    *,
    method: OpportunityMethod | str = OpportunityMethod.ADAMIC_ADAR,
    kinds: Iterable[OpportunityKind | str] = (OpportunityKind.FIRM, OpportunityKind.PROJECT),
    top: int = 20,
    project_kinds: Collection[str] | None = ("network",),
    project_statuses: Collection[str] | None = ("starting", "running"),
) -> OpportunityResult:
    """Ranked firm-firm and firm-project pairs that are not tied yet, with their reasons.

    A firm ``u`` is paired with a firm ``v`` it shares no project with, when they have partners
    in common; and with a project ``q`` it does not take part in, when its partners do. With
    ``Γ(x)`` the neighbours of ``x`` in the co-participation view (a firm's projects and
    partners; a project's firms) and ``Z = Γ(u) ∩ Γ(t)``, the score is

    - Adamic-Adar: ``sum(1 / log |Γ(z)| for z in Z)``;
    - resource allocation: ``sum(1 / |Γ(z)| for z in Z)``;
    - Jaccard: ``|Z| / |Γ(u) | Γ(t)|`` (the union).

    Only projects whose ``kind`` and ``status`` are among ``project_kinds`` and
    ``project_statuses`` are suggested (None: any; a project lacking the property passes).
    Each suggestion carries the reasons a coordinator can read: the partners in common, the
    topics and experts the two sides share, and a shared association.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projection.
    firm : str, optional
        The firm to suggest for; across the whole network (each firm pair once) when omitted.
    method : OpportunityMethod or str
        ``"adamic_adar"``, ``"resource_allocation"`` or ``"jaccard"``.
    kinds : iterable of OpportunityKind or str
        ``"firm"``, ``"project"`` or both.
    top : int
        How many suggestions to keep.
    project_kinds, project_statuses : collections of str, optional
        Which projects can be suggested: by default network projects starting or running.

    Returns
    -------
    OpportunityResult
        Highest score first; ties share the best rank and are ordered by ids.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for node, label in [("f1", "Firm"), ("f2", "Firm"), ("f3", "Firm"), ("p1", "Project"),
    ...                     ("p2", "Project")]:
    ...     G.add_node(node, label=label, name=node.upper(), title=node.upper())
    >>> for firm, project in [("f1", "p1"), ("f2", "p1"), ("f2", "p2"), ("f3", "p2")]:
    ...     _ = G.add_edge(firm, project, key="PARTICIPATES_IN", type="PARTICIPATES_IN")
    >>> result = collaboration_opportunities(G, "f1", project_statuses=None)
    >>> [(s.target.id, round(s.score, 3), s.reasons[0].text) for s in result.suggestions]
    [('f3', 0.721, 'Both have worked with F2'), ('p2', 0.721, "F1's partner F2 takes part in it")]

    References
    ----------
    .. [1] L. A. Adamic and E. Adar, "Friends and neighbors on the web",
       Social Networks 25(3):211-230, 2003.
    .. [2] T. Zhou, L. Lü and Y.-C. Zhang, "Predicting missing links via local information",
       European Physical Journal B 71(4):623-630, 2009.
    .. [3] D. Liben-Nowell and J. Kleinberg, "The link-prediction problem for social
       networks", Journal of the American Society for Information Science and Technology
       58(7):1019-1031, 2007.
    """
    chosen = OpportunityMethod(method)
    wanted = tuple(sorted({OpportunityKind(kind) for kind in kinds}))
    check_top(top)
    kinds_allowed = None if project_kinds is None else frozenset(project_kinds)
    statuses_allowed = None if project_statuses is None else frozenset(project_statuses)
    network = _Network(G)

    def open_project(project: Hashable) -> bool:
        attrs = G.nodes[project]
        return all(
            allowed is None or attrs.get(name) is None or attrs.get(name) in allowed
            for name, allowed in (("kind", kinds_allowed), ("status", statuses_allowed))
        )

    if firm is not None:
        require_node(G, firm)
        if G.nodes[firm].get("label") != FIRM:
            raise InvalidParameter(f"{firm!r} is not a firm")
        sources: Iterable[Hashable] = [firm]
    else:
        sources = sorted((n for n, label in labelled_nodes(G) if label == FIRM), key=str)

    score = _scorer(chosen, network.degree)
    scored = 0

    def scored_pairs() -> Iterable[tuple[float, str, str, Hashable, Hashable, OpportunityKind]]:
        nonlocal scored
        for u in sources:
            for target, kind, common in _candidates(network, u, wanted, open_project, firm is None):
                scored += 1
                yield -tie_key(score(u, target, common)), str(u), str(target), u, target, kind

    ordered = heapq.nsmallest(top, scored_pairs(), key=lambda entry: entry[:3])
    ranks = competition_ranks([e[0] for e in ordered])
    suggestions = []
    for (_, _, _, u, target, kind), rank in zip(ordered, ranks, strict=True):
        common = network.partners(u) & (
            network.partners(target)
            if kind is OpportunityKind.FIRM
            else network.participants(target)
        )
        suggestions.append(
            Opportunity(
                source=node_ref(G, u),
                target=node_ref(G, target),
                kind=kind,
                score=score(u, target, common),
                rank=rank,
                reasons=_reasons(network, u, target, kind, common),
            )
        )
    return OpportunityResult(
        method=chosen,
        firm=firm,
        kinds=wanted,
        view=VIEW,
        project_kinds=None if kinds_allowed is None else tuple(sorted(kinds_allowed)),
        project_statuses=None if statuses_allowed is None else tuple(sorted(statuses_allowed)),
        top=top,
        candidates_scored=scored,
        suggestions=tuple(suggestions),
    )


class _Network:
    """Cached walks in the projection: who takes part in what, and what it is about."""

    def __init__(self, G: nx.Graph[Any]) -> None:
        self.G = G
        self.projects = cache(self._projects)
        self.participants = cache(self._participants)
        self.partners = cache(self._partners)
        self.topics = cache(lambda project: self._targets(project, "ABOUT", "Topic"))
        self.experts = cache(self._experts)
        self.associations = cache(lambda firm: self._targets(firm, "MEMBER_OF", "Association"))
        self.coordinators = cache(self._coordinators)

    def _labelled(self, nodes: Iterable[Hashable], label: str) -> frozenset[Hashable]:
        return frozenset(n for n in nodes if self.G.nodes[n].get("label") == label)

    def _targets(self, node: Hashable, type_: str, label: str) -> frozenset[Hashable]:
        return self._labelled(related(self.G, node, type_), label)

    def _projects(self, firm: Hashable) -> frozenset[Hashable]:
        return self._targets(firm, "PARTICIPATES_IN", PROJECT)

    def _participants(self, project: Hashable) -> frozenset[Hashable]:
        return self._labelled(related(self.G, project, "PARTICIPATES_IN", incoming=True), FIRM)

    def _partners(self, firm: Hashable) -> frozenset[Hashable]:
        found: set[Hashable] = set()
        for project in self.projects(firm):
            found.update(self.participants(project))
        found.discard(firm)
        return frozenset(found)

    def _experts(self, project: Hashable) -> frozenset[Hashable]:
        return self._labelled(related(self.G, project, "ADVISES", incoming=True), "Expert")

    def _coordinators(self, project: Hashable) -> frozenset[Hashable]:
        """The associations coordinating a project, directly or through their service centre."""
        found = set()
        for leader in related(self.G, project, "COORDINATES", incoming=True):
            if self.G.nodes[leader].get("label") == "Association":
                found.add(leader)
            else:
                found.update(related(self.G, leader, "RUNS", incoming=True))
        return frozenset(found)

    def degree(self, node: Hashable) -> int:
        """The node's degree in the co-participation view."""
        if self.G.nodes[node].get("label") == PROJECT:
            return len(self.participants(node))
        return len(self.projects(node)) + len(self.partners(node))

    def firm_topics(self, firm: Hashable) -> frozenset[Hashable]:
        return frozenset().union(*(self.topics(p) for p in self.projects(firm)))

    def firm_experts(self, firm: Hashable) -> frozenset[Hashable]:
        return frozenset().union(*(self.experts(p) for p in self.projects(firm)))


def _candidates(
    network: _Network,
    u: Hashable,
    kinds: tuple[OpportunityKind, ...],
    open_project: Callable[[Hashable], bool],
    each_pair_once: bool,
) -> Iterable[tuple[Hashable, OpportunityKind, frozenset[Hashable]]]:
    """Targets two steps from ``u`` in the co-participation view, with the partners in common."""
    partners = network.partners(u)
    if OpportunityKind.FIRM in kinds:
        firms: dict[Hashable, set[Hashable]] = {}
        for z in partners:
            for v in network.partners(z):
                if v != u and v not in partners and not (each_pair_once and str(v) < str(u)):
                    firms.setdefault(v, set()).add(z)
        for v, common in firms.items():
            yield v, OpportunityKind.FIRM, frozenset(common)
    if OpportunityKind.PROJECT in kinds:
        mine = network.projects(u)
        projects: dict[Hashable, set[Hashable]] = {}
        for z in partners:
            for q in network.projects(z):
                if q not in mine and open_project(q):
                    projects.setdefault(q, set()).add(z)
        for q, common in projects.items():
            yield q, OpportunityKind.PROJECT, frozenset(common)


def _scorer(
    method: OpportunityMethod, degree: Callable[[Hashable], int]
) -> Callable[[Hashable, Hashable, frozenset[Hashable]], float]:
    if method is OpportunityMethod.ADAMIC_ADAR:
        return lambda u, t, common: sum(1 / math.log(degree(z)) for z in common)
    if method is OpportunityMethod.RESOURCE_ALLOCATION:
        return lambda u, t, common: sum(1 / degree(z) for z in common)
    return lambda u, t, common: len(common) / (degree(u) + degree(t) - len(common))


def _reasons(
    network: _Network,
    u: Hashable,
    target: Hashable,
    kind: OpportunityKind,
    common: frozenset[Hashable],
) -> tuple[Reason, ...]:
    G, firm = network.G, display_name(network.G, u)
    reasons = []

    def add(kind_: ReasonKind, nodes: Iterable[Hashable], text: Callable[[str, int], str]) -> None:
        refs = sorted((node_ref(G, n) for n in nodes), key=lambda r: (r.name, r.id))
        if refs:
            reasons.append(
                Reason(kind_, text(_names([r.name for r in refs]), len(refs)), tuple(refs))
            )

    if kind is OpportunityKind.FIRM:
        add(ReasonKind.COMMON_PARTNERS, common, lambda names, _: f"Both have worked with {names}")
        add(
            ReasonKind.SHARED_TOPICS,
            network.firm_topics(u) & network.firm_topics(target),
            lambda names, _: f"Both have projects about {names}",
        )
        add(
            ReasonKind.SHARED_EXPERTS,
            network.firm_experts(u) & network.firm_experts(target),
            lambda names, _: f"Both were advised by {names}",
        )
        add(
            ReasonKind.SAME_ASSOCIATION,
            network.associations(u) & network.associations(target),
            lambda names, _: f"Both are members of {names}",
        )
        return tuple(reasons)
    add(
        ReasonKind.COMMON_PARTNERS,
        common,
        lambda names, n: (
            f"{firm}'s partner{'s' if n > 1 else ''} {names} take{'' if n > 1 else 's'} part in it"
        ),
    )
    add(
        ReasonKind.SHARED_TOPICS,
        network.topics(target) & network.firm_topics(u),
        lambda names, _: f"It is about {names}, like {firm}'s projects",
    )
    add(
        ReasonKind.SHARED_EXPERTS,
        network.experts(target) & network.firm_experts(u),
        lambda names, n: f"It is advised by {names}, who also advised {firm}",
    )
    associations = network.associations(u)
    coordinating = network.coordinators(target) & associations
    if coordinating:
        add(
            ReasonKind.SAME_ASSOCIATION,
            coordinating,
            lambda names, _: f"It is coordinated by {names}, {firm}'s association",
        )
    else:
        members = frozenset().union(
            *(network.associations(f) for f in network.participants(target))
        )
        add(
            ReasonKind.SAME_ASSOCIATION,
            associations & members,
            lambda names, _: f"Firms of {names}, {firm}'s association, take part in it",
        )
    return tuple(reasons)


def _names(names: list[str], shown: int = 3) -> str:
    """``A``, ``A and B``, ``A, B and C``, ``A, B, C and 2 more``."""
    if len(names) > shown:
        return f"{', '.join(names[:shown])} and {len(names) - shown} more"
    if len(names) > 1:
        return f"{', '.join(names[:-1])} and {names[-1]}"
    return names[0]
