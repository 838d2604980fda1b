"""The network at two years side by side: who joined, which ties are new, who rose and who fell,
which communities merged or split."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Hashable
from typing import Any

import networkx as nx

from graph_service.analytics.centrality import centrality
from graph_service.analytics.communities import louvain_communities
from graph_service.analytics.errors import InvalidParameter
from graph_service.analytics.nodes import node_ref
from graph_service.analytics.ranking import check_top, tie_key
from graph_service.analytics.views import FIRM, PROJECT, as_of_year, collaboration_graph, related
from graph_service.domain.analytics import CentralityMeasure, CommunityResult
from graph_service.domain.comparison import (
    CommunityChange,
    CommunityChangeKind,
    ComparisonResult,
    NewFirm,
    NewTie,
    ScoreChange,
)
from graph_service.domain.weighting import ACTOR_LABELS

MERGE_SHARE = 0.5
"""A community of the first year goes to the second year's community holding more than this
share of its members."""
SPLIT_SHARE = 0.2
"""A community splits when at least two parts, each of at least this share of its members, end
up in different communities."""


def first_project_years(G: nx.Graph[Any]) -> dict[Hashable, int]:
    """Each firm's first project year (firms without a dated project are left out).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("f1", label="Firm")
    >>> G.add_nodes_from([("p1", {"year": 2019}), ("p2", {"year": 2018})], label="Project")
    >>> for p in ("p1", "p2"):
    ...     _ = G.add_edge("f1", p, key="PARTICIPATES_IN", type="PARTICIPATES_IN")
    >>> first_project_years(G)
    {'f1': 2018}
    """
    found: dict[Hashable, int] = {}
    for node, attrs in G.nodes(data=True):
        if attrs.get("label") != FIRM:
            continue
        years = [
            year
            for project in related(G, node, "PARTICIPATES_IN")
            if G.nodes[project].get("label") == PROJECT
            and isinstance(year := G.nodes[project].get("year"), int)
        ]
        if years:
            found[node] = min(years)
    return found


def compare_years(
    G: nx.Graph[Any],
    first_year: int,
    second_year: int,
    *,
    measure: CentralityMeasure | str = CentralityMeasure.PAGERANK,
    labels: Collection[str] | None = ACTOR_LABELS,
    top: int | None = 20,
    seed: int = 0,
    resolution: float = 1.0,
) -> ComparisonResult:
    """Compare the network as it stood at the end of ``first_year`` and of ``second_year``.

    A firm joins the network with its first project: the new firms are those whose first
    project is dated after ``first_year`` and by ``second_year``. The new ties are the pairs of
    firms that share a project by ``second_year`` and shared none by ``first_year``. The
    centrality ``measure`` is computed on both networks (:func:`~.views.as_of_year`), and the
    nodes of ``labels`` with the largest changes kept: ``top`` in all, the rises and falls in
    proportion to how many there are, highest rise first. Louvain runs on both networks with
    the same ``seed`` and ``resolution``; two first-year communities merged when more than
    half of each (counting the members present in both years) sits in one second-year
    community; one split when at least two parts of it, each of at least a fifth, sit in
    different ones.

    Parameters
    ----------
    G : networkx graph
        The projection.
    first_year, second_year : int
        ``first_year`` before ``second_year``.
    measure, labels, top, seed, resolution
        The centrality compared, whom it ranks, how many changes to keep, and Louvain's seed
        and resolution.

    Returns
    -------
    ComparisonResult

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["f1", "f2", "f3"], label="Firm")
    >>> G.add_nodes_from([("p1", {"year": 2018}), ("p2", {"year": 2019})], label="Project")
    >>> for f, p in [("f1", "p1"), ("f2", "p1"), ("f2", "p2"), ("f3", "p2")]:
    ...     _ = G.add_edge(f, p, key="PARTICIPATES_IN", type="PARTICIPATES_IN")
    >>> result = compare_years(G, 2018, 2019)
    >>> [f.firm.id for f in result.new_firms], [(t.first.id, t.second.id) for t in result.new_ties]
    (['f3'], [('f2', 'f3')])
    """
    if first_year >= second_year:
        raise InvalidParameter(
            f"the first year ({first_year}) must come before the second ({second_year})"
        )
    check_top(top)
    before, after = as_of_year(G, first_year), as_of_year(G, second_year)
    joined = [
        (firm, year)
        for firm, year in first_project_years(after).items()
        if first_year < year <= second_year
    ]
    projects = {
        firm: sum(1 for p in related(after, firm, "PARTICIPATES_IN") if p in after)
        for firm, _ in joined
    }
    joined.sort(key=lambda item: (-projects[item[0]], item[1], str(item[0])))
    old_ties = collaboration_graph(before)
    new_ties = sorted(
        (
            (u, v, data["weight"])
            for u, v, data in collaboration_graph(after).edges(data=True)
            if not old_ties.has_edge(u, v)
        ),
        key=lambda tie: (-tie[2], *sorted((str(tie[0]), str(tie[1])))),
    )
    scores = [centrality(network, measure, labels=labels, seed=seed) for network in (before, after)]
    changes = _changes(G, scores[0].entries, scores[1].entries, top)
    communities = [
        louvain_communities(network, seed=seed, resolution=resolution)
        for network in (before, after)
    ]
    return ComparisonResult(
        first_year=first_year,
        second_year=second_year,
        measure=CentralityMeasure(measure),
        method=(
            f"the network at the end of each year; {scores[1].method}; "
            f"{communities[1].method}, seed {seed}, resolution {resolution:g}"
        ),
        new_firm_count=len(joined),
        new_firms=tuple(
            NewFirm(node_ref(G, firm), year, projects[firm]) for firm, year in joined[:top]
        ),
        new_tie_count=len(new_ties),
        new_ties=tuple(_new_tie(G, u, v, int(n)) for u, v, n in new_ties[:top]),
        changes=changes,
        communities_before=communities[0],
        communities_after=communities[1],
        community_changes=community_changes(communities[0], communities[1]),
    )


def _changes(G: nx.Graph[Any], before: Any, after: Any, top: int | None) -> tuple[ScoreChange, ...]:
    old = {e.id: e for e in before}
    rows = []
    for entry in after:
        previous = old.get(entry.id)
        if previous is None:
            continue
        change = entry.score - previous.score
        if tie_key(change) == 0:
            continue
        rows.append(
            ScoreChange(
                node_ref(G, _node(G, entry.id)),
                previous.score,
                entry.score,
                change,
                previous.rank,
                entry.rank,
            )
        )
    rows.sort(key=lambda c: (-tie_key(c.change), c.node.id))
    if top is None or len(rows) <= top:
        return tuple(rows)
    rises = sum(1 for c in rows if c.change > 0)
    keep_rises = min(rises, max(top - (len(rows) - rises), round(top * rises / len(rows))))
    keep_falls = top - keep_rises
    return tuple(rows[:keep_rises] + (rows[len(rows) - keep_falls :] if keep_falls else []))


def _new_tie(G: nx.Graph[Any], u: Hashable, v: Hashable, projects: int) -> NewTie:
    first, second = sorted((node_ref(G, u), node_ref(G, v)), key=lambda ref: ref.id)
    return NewTie(first, second, projects)


def _node(G: nx.Graph[Any], node_id: str) -> Hashable:
    if node_id in G:
        return node_id
    found: Hashable = next(node for node in G if str(node) == node_id)
    return found


def community_changes(
    before: CommunityResult, after: CommunityResult
) -> tuple[CommunityChange, ...]:
    """The merges and splits between two partitions of (mostly) the same nodes.

    Examples
    --------
    >>> from graph_service.domain.analytics import Community
    >>> def partition(*groups):
    ...     return CommunityResult("", 0, 1.0, 6, 0.0, tuple(
    ...         Community(i, len(g), (), None, None, None, g) for i, g in enumerate(groups)))
    >>> first, second = partition(("a", "b"), ("c", "d")), partition(("a", "b", "c", "d"))
    >>> changes = community_changes(first, second)
    >>> [(c.kind.value, c.before, c.after) for c in changes]
    [('merged', (0, 1), (0,))]
    """
    where = {member: c.index for c in after.communities for member in c.members}
    destinations: dict[int, Counter[int]] = {}
    for community in before.communities:
        destinations[community.index] = Counter(where[m] for m in community.members if m in where)
    changes: list[CommunityChange] = []
    into: dict[int, list[int]] = {}
    for index, counts in destinations.items():
        total = sum(counts.values())
        if not total:
            continue
        target, count = min(counts.items(), key=lambda item: (-item[1], item[0]))
        if count > MERGE_SHARE * total:
            into.setdefault(target, []).append(index)
        parts = sorted(t for t, n in counts.items() if n >= SPLIT_SHARE * total)
        if len(parts) >= 2:
            changes.append(CommunityChange(CommunityChangeKind.SPLIT, (index,), tuple(parts)))
    for target, sources in sorted(into.items()):
        if len(sources) >= 2:
            changes.append(
                CommunityChange(CommunityChangeKind.MERGED, tuple(sorted(sources)), (target,))
            )
    return tuple(sorted(changes, key=lambda c: (c.kind.value, c.before, c.after)))
