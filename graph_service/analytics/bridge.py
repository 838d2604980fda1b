"""The bridge to another hub: how the two hubs' networks meet, and the best new ties.

Everything runs in the undirected view. The *home network* is the set of nodes the home hub
(the I&T Hub, ``it-hub``) reaches that are no farther from it than from the other hub
(Confindustria Bergamo's DIH, ``confindustria-dih``): a node at equal distance counts as
home, since the analysis is the home hub's. The *other network* is the set of nodes strictly
closer to the other hub. Two breadth-first searches, one from each hub, settle every node's
side and its distance to the other hub.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterator
from dataclasses import replace
from itertools import pairwise
from typing import Any

import networkx as nx
import numpy as np

from graph_service.analytics.engine import CompiledGraph, IntArray, compiled_for
from graph_service.analytics.errors import InvalidParameter
from graph_service.analytics.nodes import node_ref, require_node
from graph_service.analytics.ranking import check_top, competition_ranks, tie_key
from graph_service.analytics.stopping import check
from graph_service.analytics.views import FIRM, types_between
from graph_service.domain.analytics import BridgeCandidate, BridgeResult, Path

HOME_HUB = "it-hub"
OTHER_HUB = "confindustria-dih"
CANDIDATE_LABELS = ("Firm", "Expert", "Association", "Office")
PROPOSED = "PROPOSED"
"""The relationship shown for the proposed new tie at the end of a candidate's example path."""


def bridge_to_hub(
    G: nx.Graph[Any],
    *,
    home_hub: str = HOME_HUB,
    other_hub: str = OTHER_HUB,
    top: int = 10,
    max_paths: int = 10,
    candidate_labels: Collection[str] = CANDIDATE_LABELS,
    firm_shortlist: int | None = 200,
    compiled: CompiledGraph | None = None,
) -> BridgeResult:
    """The shortest paths between two hubs, and the home-network nodes that would best bridge them.

    A candidate is a home-network node of ``candidate_labels``. If it were tied directly to
    the other hub, a home-network firm ``f`` would reach that hub in ``d(f, candidate) + 1``
    steps instead of ``d(f, other hub)``: the candidate brings ``f`` closer when that is
    shorter. Candidates are ranked by how many home-network firms they bring closer, then by
    the mean gain in steps, then by the mean new distance. Each is evaluated exactly, with one
    breadth-first search from it (64 of them at a time, :meth:`CompiledGraph.hop_layers`).
    Nodes with exactly the same ties do exactly as well, so only one of them is searched from
    (the others are counted in ``alike``); and firms, the bulk of the network, are
    shortlisted first: the ``firm_shortlist`` with the most nodes two steps away (None: every
    firm).

    Parameters
    ----------
    G : networkx graph
        The projection.
    home_hub, other_hub : str
        The ids of the two hubs.
    top : int
        How many candidates to keep.
    max_paths : int
        How many hub-to-hub shortest paths to list at most.
    candidate_labels : collection of str
        Which home-network nodes may be candidates.
    firm_shortlist : int, optional
        How many firms (of distinct ties) to evaluate.
    compiled : CompiledGraph, optional
        ``compile_graph(G)``, to reuse across analyses.

    Returns
    -------
    BridgeResult

    Examples
    --------
    >>> G = nx.Graph([("it-hub", "assoc"), ("assoc", "f1"), ("assoc", "f2"), ("f2", "expert"),
    ...               ("expert", "dih")])
    >>> nx.set_node_attributes(G, {"f1": "Firm", "f2": "Firm", "assoc": "Association"}, "label")
    >>> result = bridge_to_hub(G, home_hub="it-hub", other_hub="dih")
    >>> result.distance, [n.id for n in result.shortest_paths[0].nodes]
    (4, ['it-hub', 'assoc', 'f2', 'expert', 'dih'])
    >>> [(c.node.id, c.firms_closer, c.mean_gain) for c in result.candidates]
    [('f2', 2, 1.0), ('f1', 1, 3.0), ('assoc', 1, 2.0)]
    >>> [n.id for n in result.candidates[2].example.nodes]
    ['f1', 'assoc', 'dih']
    """
    check_top(top)
    if max_paths < 0:
        raise InvalidParameter(f"max_paths must be zero or more, not {max_paths}")
    require_node(G, home_hub)
    require_node(G, other_hub)
    graph = compiled_for(G, compiled)
    n = graph.node_count
    unreached = n + 1
    h, o = graph.index[home_hub], graph.index[other_hub]
    to_home = _finite(graph.distances(h)[0], unreached)
    to_other = _finite(graph.distances(o)[0], unreached)
    home = (to_home <= to_other) & (to_home < unreached)
    home_firms = np.flatnonzero(home & graph.label_mask(FIRM))
    distance = int(to_other[h]) if to_other[h] < unreached else None

    paths = list(_shortest_paths(graph, h, to_home, to_other, max_paths + 1))
    classes = _candidate_classes(graph, home, candidate_labels, firm_shortlist)
    old = to_other[home_firms]
    from_candidates = graph.hop_distances_from([members[0] for members in classes], home_firms)
    evaluated = []
    for members, from_candidate in zip(classes, from_candidates, strict=True):
        check()
        found = _evaluate(G, graph, members, from_candidate, old, unreached, to_other)
        if found is not None:
            evaluated.append(found)
    evaluated.sort(key=lambda found: _rank_key(found[0]))
    kept = [
        _with_example(G, graph, candidate, members[0], int(home_firms[firm]), other_hub)
        for candidate, members, firm in evaluated[:top]
    ]
    ranks = competition_ranks([_rank_key(c)[:3] for c in kept])
    return BridgeResult(
        home_hub=node_ref(G, home_hub),
        other_hub=node_ref(G, other_hub),
        distance=distance,
        home_nodes=int(home.sum()),
        other_nodes=int((to_other < to_home).sum()),
        home_firms=int(home_firms.size),
        method=(
            "home network: nodes no farther from the home hub than from the other "
            "(breadth-first searches from both hubs, undirected view); each candidate "
            "evaluated exactly by a breadth-first search from it"
            + (
                f"; firms shortlisted: the {firm_shortlist} with the most nodes two steps away"
                if firm_shortlist is not None
                else ""
            )
        ),
        shortest_paths=tuple(_path(G, graph, p) for p in paths[:max_paths]),
        paths_truncated=len(paths) > max_paths,
        candidates_evaluated=len(classes),
        candidates=tuple(
            _with_rank(candidate, rank) for candidate, rank in zip(kept, ranks, strict=True)
        ),
    )


def _finite(distance: IntArray, unreached: int) -> IntArray:
    return np.where(distance >= 0, distance, unreached)


def _shortest_paths(
    graph: CompiledGraph, h: int, to_home: IntArray, to_other: IntArray, limit: int
) -> Iterator[list[int]]:
    """Hub-to-hub shortest paths, in order of node ids, walking the shortest-path DAG."""
    total = int(to_other[h])
    if total > graph.node_count:
        return
    on_path = (to_home + to_other) == total
    stack: list[list[int]] = [[h]]
    found = 0
    while stack and found < limit:
        path = stack.pop()
        v = path[-1]
        if to_other[v] == 0:
            found += 1
            yield path
            continue
        steps = [w for w in graph.neighbours(v).tolist() if on_path[w] and to_home[w] == len(path)]
        for w in sorted(steps, key=lambda i: str(graph.nodes[i]), reverse=True):
            stack.append([*path, w])


def _candidate_classes(
    graph: CompiledGraph,
    home: np.ndarray[Any, Any],
    labels: Collection[str],
    firm_shortlist: int | None,
) -> list[list[int]]:
    """Home-network candidates grouped by identical ties; firms shortlisted by two-step reach."""
    wanted = set(labels)
    classes: dict[tuple[str | None, tuple[int, ...]], list[int]] = {}
    for i in np.flatnonzero(home).tolist():
        label = graph.labels[i]
        if label in wanted:
            classes.setdefault((label, tuple(graph.neighbours(i).tolist())), []).append(i)
    degree = graph.degrees()
    firms: list[tuple[list[int], tuple[int, ...]]] = []
    others: list[tuple[list[int], tuple[int, ...]]] = []
    for (label, ties), members in classes.items():
        members.sort(key=lambda i: str(graph.nodes[i]))
        (firms if label == FIRM else others).append((members, ties))
    if firm_shortlist is not None:
        firms.sort(key=lambda c: (-int(degree[list(c[1])].sum()), str(graph.nodes[c[0][0]])))
        firms = firms[:firm_shortlist]
    return [members for members, _ in others + firms]


def _evaluate(
    G: nx.Graph[Any],
    graph: CompiledGraph,
    members: list[int],
    from_candidate: IntArray,
    old: IntArray,
    unreached: int,
    to_other: IntArray,
) -> tuple[BridgeCandidate, list[int], int] | None:
    """The candidate's figures (its example path still empty), its class, and the home firm
    (its place in ``old``) that the example will reach; None when it brings no firm closer.
    ``from_candidate`` and ``old``: each home firm's distance from the candidate and from the
    other hub; ``to_other``: every node's."""
    c = members[0]
    new = np.where(from_candidate >= 0, from_candidate + 1, unreached)
    closer = new < old
    if not closer.any():
        return None
    connected = closer & (old >= unreached)
    gained = closer & ~connected
    gains = old - new
    # the firm that gains most: newly connected first, then the largest gain, the nearest
    order = np.lexsort((new, -np.where(connected, unreached, gains), ~closer))
    firm = int(order[0])
    current = int(to_other[c])
    candidate = BridgeCandidate(
        node=node_ref(G, graph.nodes[c]),
        rank=0,
        alike=len(members) - 1,
        firms_closer=int(closer.sum()),
        mean_gain=float(gains[gained].mean()) if gained.any() else None,
        firms_connected=int(connected.sum()),
        mean_new_distance=float(new[closer].mean()),
        current_distance=current if current < unreached else None,
        example=Path((), ()),
        example_old_distance=int(old[firm]) if not connected[firm] else None,
    )
    return candidate, members, firm


def _with_example(
    G: nx.Graph[Any],
    graph: CompiledGraph,
    candidate: BridgeCandidate,
    c: int,
    firm: int,
    other_hub: str,
) -> BridgeCandidate:
    """The candidate (node ``c``) with its example: a shortest path from ``firm`` to it, then
    the new tie."""
    walk = graph.shortest_path(c, firm)[::-1]
    example = _path(G, graph, walk)
    example = Path((*example.nodes, node_ref(G, other_hub)), (*example.relationships, PROPOSED))
    return replace(candidate, example=example)


def _rank_key(c: BridgeCandidate) -> tuple[Any, ...]:
    return (
        -c.firms_closer,
        -tie_key(c.mean_gain or 0.0),
        tie_key(c.mean_new_distance),
        c.node.id,
    )


def _with_rank(candidate: BridgeCandidate, rank: int) -> BridgeCandidate:
    fields = dict(candidate.__dict__, rank=rank)
    return BridgeCandidate(**fields)


def _path(G: nx.Graph[Any], graph: CompiledGraph, walk: list[int]) -> Path:
    nodes: list[Hashable] = [graph.nodes[i] for i in walk]
    return Path(
        tuple(node_ref(G, node) for node in nodes),
        tuple("|".join(types_between(G, a, b)) for a, b in pairwise(nodes)),
    )
