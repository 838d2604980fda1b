"""Collaboration opportunities: firm-firm and firm-project ties worth suggesting, and why.

Scores are link-prediction indices on the *affinity view*
(:func:`~.views.affinity_graph`), an undirected graph of firms, projects, associations, topics
and experts in which

- a firm is tied to its projects (``PARTICIPATES_IN``), to its partners (the firms it shares a
  project with), to its associations (``MEMBER_OF``), to the topics of its projects (``ABOUT``)
  and to the experts advising its projects (``ADVISES``);
- a project is tied to its firms, its topics and its experts.

Two firms are thus close when they share partners, an association, topics or experts; a firm
and a project when the firm's partners take part in it, or it is about the firm's topics, or
advised by the firm's experts. The scores equal networkx's ``adamic_adar_index``,
``resource_allocation_index`` and ``jaccard_coefficient`` on that view. The view is never
built: the two hops around a firm are walked in the projection itself.

Associations and topics can have thousands of firms. Adamic-Adar and resource allocation
already weigh such a common neighbour little (``1 / log`` and ``1 / degree``), so for one firm
they are walked whole: every firm of its associations is a candidate. On the full-size
network (80,000 firms in ten associations) that is some 10,000 candidates: Adamic-Adar and
resource allocation, whose scores add up over the common neighbours, are summed in arrays (each
common neighbour adds its weight to its whole neighbourhood at once), in about 25 ms per firm;
Jaccard, which needs each candidate's own degree, takes up to 1 s. Across the whole network
the walk would be repeated for every member, so there the neighbours with more than
``hub_limit`` ties (:data:`NETWORK_HUB_LIMIT` by default; it can be set for one firm too) are
not walked to find candidates: they still count in the score of every pair found through
another common neighbour, so every score stays networkx's.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Collection, Hashable, Iterable
from typing import Any

import networkx as nx
import numpy as np

from graph_service.analytics.affinity import FIRM_KIND, PROJECT_KIND, AffinityIndex
from graph_service.analytics.errors import InvalidParameter
from graph_service.analytics.nodes import display_name, labelled_nodes, node_ref, require_node
from graph_service.analytics.ranking import check_top, competition_ranks, tie_key
from graph_service.analytics.views import FIRM, PROJECT
from graph_service.domain.analytics import (
    Opportunity,
    OpportunityKind,
    OpportunityMethod,
    OpportunityResult,
    Reason,
    ReasonKind,
)

VIEW = (
    "affinity (firms tied to their projects, partners, associations, and their projects' topics"
    " and experts; projects to their firms, topics and experts)"
)
NETWORK_HUB_LIMIT = 1000
"""Across the whole network, neighbours with more ties than this are not walked for candidates."""


def collaboration_opportunities(
    G: nx.Graph[Any],
    firm: str | None = None,
    *,
    method: OpportunityMethod | str = OpportunityMethod.ADAMIC_ADAR,
    kinds: Iterable[OpportunityKind | str] = (OpportunityKind.FIRM, OpportunityKind.PROJECT),
    top: int = 20,
    project_kinds: Collection[str] | None = ("network",),
    project_statuses: Collection[str] | None = ("starting", "running"),
    hub_limit: int | None = None,
    index: AffinityIndex | None = None,
) -> OpportunityResult:
    """Ranked firm-firm and firm-project pairs that are not tied yet, with their reasons.

    Pairs are scored on the affinity view (see the module docstring and
    :func:`~.views.affinity_graph`): with ``Γ(x)`` the neighbours of ``x`` there (a firm's
    projects, partners, associations, topics and experts; a project's firms, topics and
    experts; an association's firms; a topic's or an expert's projects and their firms) and
    ``Z = Γ(u) ∩ Γ(t)``, the score of a firm ``u`` and a target ``t`` is

    - Adamic-Adar: ``sum(1 / log |Γ(z)| for z in Z)``;
    - resource allocation: ``sum(1 / |Γ(z)| for z in Z)``;
    - Jaccard: ``|Z| / |Γ(u) | Γ(t)|`` (the union).

    A firm ``u`` is paired with a firm it shares no project with, and with a project it does
    not take part in, when ``Z`` is not empty: partners, an association, topics or experts in
    common. Only projects whose ``kind`` and ``status`` are among ``project_kinds`` and
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
    hub_limit : int, optional
        Common neighbours with more than this many ties in the view are not walked to find
        candidates (they still count in the score of pairs found otherwise). By default none
        is skipped for one firm, and :data:`NETWORK_HUB_LIMIT` applies across the network.
    index : AffinityIndex, optional
        ``AffinityIndex(G)``, kept across calls on the same graph: the walks it has cached
        (an association's firms, a topic's projects) are not repeated.

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

    Firms that never worked together are suggested to each other when they share an
    association or the topic of a project:

    >>> G.add_node("a1", label="Association", name="A1")
    >>> G.add_node("f4", label="Firm", name="F4")
    >>> for firm in ["f1", "f4"]:
    ...     _ = G.add_edge(firm, "a1", key="MEMBER_OF", type="MEMBER_OF")
    >>> result = collaboration_opportunities(G, "f4", kinds=["firm"])
    >>> [(s.target.id, round(s.score, 3), s.reasons[0].text) for s in result.suggestions]
    [('f1', 1.443, 'Both are members of A1')]

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
    try:
        chosen = OpportunityMethod(method)
        wanted = tuple(sorted({OpportunityKind(kind) for kind in kinds}))
    except ValueError as error:
        raise InvalidParameter(str(error)) from None
    check_top(top)
    kinds_allowed = None if project_kinds is None else frozenset(project_kinds)
    statuses_allowed = None if project_statuses is None else frozenset(project_statuses)
    if hub_limit is not None and (isinstance(hub_limit, bool) or hub_limit < 1):
        raise InvalidParameter(f"hub_limit must be a positive integer, got {hub_limit!r}")
    limit = hub_limit if hub_limit is not None or firm is not None else NETWORK_HUB_LIMIT
    if index is not None and index.G is not G:
        raise InvalidParameter("the affinity index was built on another graph")
    network = index if index is not None else AffinityIndex(G)

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
            candidates = _candidates(network, u, wanted, open_project, firm is None, limit)
            for target, kind, common in candidates:
                scored += 1
                yield -tie_key(score(u, target, common)), str(u), str(target), u, target, kind

    weight = _WEIGHTS.get(chosen)
    if firm is not None and weight is not None:
        best, scored = _best_for_one_firm(network, firm, wanted, open_project, limit, weight, top)

        def exact(target: Hashable) -> float:
            common = network.neighbours(firm) & network.neighbours(target)
            return -tie_key(score(firm, target, common))

        ordered: list[tuple[float, str, str, Hashable, Hashable, OpportunityKind]] = sorted(
            ((exact(t), str(firm), str(t), firm, t, _kind(network, t)) for t in best),
            key=lambda entry: entry[:3],
        )
    else:
        pairs = scored_pairs()
        ordered = heapq.nsmallest(top, pairs, key=lambda entry: entry[:3])
        for _ in pairs:  # none kept (top 0): still count them
            pass
    ranks = competition_ranks([e[0] for e in ordered])
    suggestions = []
    for (_, _, _, u, target, kind), rank in zip(ordered, ranks, strict=True):
        common = network.neighbours(u) & network.neighbours(target)
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


def _candidates(
    network: AffinityIndex,
    u: Hashable,
    kinds: tuple[OpportunityKind, ...],
    open_project: Callable[[Hashable], bool],
    each_pair_once: bool,
    hub_limit: int | None,
) -> Iterable[tuple[Hashable, OpportunityKind, frozenset[Hashable]]]:
    """Targets two steps from ``u`` in the affinity view, with the common neighbours.

    A common neighbour with more than ``hub_limit`` ties is not walked, but is added to the
    common neighbours of every target found through another one.
    """
    partners, mine = network.partners(u), network.projects(u)
    want_firms, want_projects = OpportunityKind.FIRM in kinds, OpportunityKind.PROJECT in kinds
    found: dict[Hashable, set[Hashable]] = {}
    hubs = []
    for z in network.neighbours(u):
        if hub_limit is not None and network.degree(z) > hub_limit:
            hubs.append(z)
            continue
        for t in network.neighbours(z):
            if t in found:
                found[t].add(z)
                continue
            label = network.label[t]
            if label == FIRM:
                wanted = (
                    want_firms
                    and t != u
                    and t not in partners
                    and not (each_pair_once and str(t) < str(u))
                )
            else:
                wanted = label == PROJECT and want_projects and t not in mine and open_project(t)
            if wanted:
                found[t] = {z}
    for t, common in found.items():
        common.update(z for z in hubs if t in network.neighbours(z))
        kind = _kind(network, t)
        yield t, kind, frozenset(common)


def _best_for_one_firm(
    network: AffinityIndex,
    u: Hashable,
    kinds: tuple[OpportunityKind, ...],
    open_project: Callable[[Hashable], bool],
    hub_limit: int | None,
    weight: Callable[[int], float],
    top: int,
) -> tuple[list[Hashable], int]:
    """The ``top`` targets for firm ``u`` by an additive score (Adamic-Adar, resource
    allocation), best first and by id, and how many were scored.

    The same pairs and scores as :func:`_candidates` with the scorer, summed in arrays: each
    common neighbour ``z`` adds its weight to every node of its neighbourhood at once, instead
    of a set of common neighbours being built for each of the thousands of candidates an
    association brings.
    """
    n = len(network.nodes)
    score = np.zeros(n)
    reached = np.zeros(n, dtype=bool)
    for z in network.neighbours(u):
        degree = network.degree(z)
        if degree < 2:  # tied to u alone: nobody else's common neighbour (and log 1 = 0)
            continue
        places = network.neighbour_places(z)
        score[places] += weight(degree)
        if hub_limit is None or degree <= hub_limit:
            reached[places] = True
    wanted = np.zeros(n, dtype=bool)
    if OpportunityKind.FIRM in kinds:
        wanted |= network.kind == FIRM_KIND
    if OpportunityKind.PROJECT in kinds:
        wanted |= network.kind == PROJECT_KIND
    candidate = reached & wanted
    place = network.place
    tied = [u, *network.partners(u), *network.projects(u)]
    candidate[[place[node] for node in tied]] = False
    for i in np.flatnonzero(candidate & (network.kind == PROJECT_KIND)).tolist():
        candidate[i] = open_project(network.nodes[i])
    found = np.flatnonzero(candidate)
    values = score[found]
    if top == 0 or found.size == 0:
        return [], int(found.size)
    if found.size > top:  # those near the top-th best score, with a margin for the rounding
        kth = np.partition(values, found.size - top)[found.size - top]
        near = values >= kth - 1e-9
        found, values = found[near], values[near]
    distinct, group = np.unique(values, return_inverse=True)
    rounded = np.array([-tie_key(value) for value in distinct.tolist()])[group]
    best: list[Hashable] = []
    for key in np.unique(rounded).tolist():  # best score first, then by id
        ids = sorted((str(network.nodes[i]), i) for i in found[rounded == key].tolist())
        best.extend(network.nodes[i] for _, i in ids[: top - len(best)])
        if len(best) >= top:
            break
    return best, int(candidate.sum())


def _kind(network: AffinityIndex, target: Hashable) -> OpportunityKind:
    return OpportunityKind.FIRM if network.label[target] == FIRM else OpportunityKind.PROJECT


_WEIGHTS: dict[OpportunityMethod, Callable[[int], float]] = {
    OpportunityMethod.ADAMIC_ADAR: lambda degree: 1 / math.log(degree),
    OpportunityMethod.RESOURCE_ALLOCATION: lambda degree: 1 / degree,
}
"""What a common neighbour of ``degree`` ties adds to an additive score (Jaccard's is not
additive: it needs the union)."""


def _scorer(
    method: OpportunityMethod, degree: Callable[[Hashable], int]
) -> Callable[[Hashable, Hashable, frozenset[Hashable]], float]:
    weight = _WEIGHTS.get(method)
    if weight is not None:
        # fsum: the correctly rounded sum, the same whatever order a set gives its members in
        return lambda u, t, common: math.fsum(weight(degree(z)) for z in common)
    return lambda u, t, common: len(common) / (degree(u) + degree(t) - len(common))


def _reasons(
    network: AffinityIndex,
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

    common = frozenset(n for n in common if G.nodes[n].get("label") == FIRM)
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
