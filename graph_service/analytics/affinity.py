"""The affinity view's neighbourhoods, walked in the projection and kept (see
:mod:`graph_service.analytics.opportunities`)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable
from typing import Any, Generic, TypeVar, cast

import networkx as nx
import numpy as np
import numpy.typing as npt

from graph_service.analytics.views import ASSOCIATION, EXPERT, FIRM, PROJECT, TOPIC

T = TypeVar("T")
IntArray = npt.NDArray[np.int64]
FIRM_KIND, PROJECT_KIND = 1, 2
"""The :attr:`AffinityIndex.kind` of firms and projects (0: any other node)."""
_KINDS = {FIRM: FIRM_KIND, PROJECT: PROJECT_KIND}
_WIDE = frozenset({ASSOCIATION, TOPIC, EXPERT})
"""The labels whose affinity neighbourhoods are wide (see :meth:`AffinityIndex.warm`)."""


class AffinityIndex:
    """Cached walks in the projection: who takes part in what, and what it is about.

    Each walk is made once per index and kept; an index belongs to one graph, which must not
    change while the index is in use (the service keeps one per projected version, and hands
    the walks that a change cannot have altered on to the next version:
    :meth:`after_changes`).
    """

    def __init__(self, G: nx.Graph[Any]) -> None:
        self.G = G
        self.label: dict[Hashable, Any] = {
            node: data.get("label") for node, data in G.nodes(data=True)
        }
        """Each node's label, read once."""
        self.nodes: list[Hashable] = list(self.label)
        """The nodes in a fixed order: node ``nodes[i]`` is at place ``i`` of the arrays."""
        self.place: dict[Hashable, int] = {node: i for i, node in enumerate(self.nodes)}
        self.kind = np.fromiter((_KINDS.get(label, 0) for label in self.label.values()), np.int8)
        """Per place: 1 for a firm, 2 for a project, 0 for any other node."""
        self.ties = _Memo(self._ties)
        self.projects = _Memo(self._projects)
        self.participants = _Memo(self._participants)
        self.partners = _Memo(self._partners)
        self.topics = _Memo(self._topics)
        self.experts = _Memo(self._experts)
        self.associations = _Memo(self._associations)
        self.coordinators = _Memo(self._coordinators)
        self.firm_topics = _Memo(self._firm_topics)
        self.firm_experts = _Memo(self._firm_experts)
        self.neighbours = _Memo(self._neighbours)
        self.degree = _Memo(self._degree)
        self.neighbour_places = _Memo(self._neighbour_places)

    def after_changes(
        self, G: nx.Graph[Any], touched: Collection[Hashable], *, in_place: bool
    ) -> AffinityIndex:
        """The index of ``G``, a later version of this index's graph whose ties differ only
        at the ``touched`` nodes (created, linked or unlinked since; no node deleted), with
        every walk the change cannot have altered kept.

        Each walk reads a node's ties, its neighbours' ties, or (a firm's partners, topics
        and experts, a topic's or an expert's firms, a project's coordinators) its
        neighbours' neighbours' labels and ties: so the walks from the touched nodes and from
        their neighbours are dropped, the others kept. ``in_place``: ``G`` is this index's
        own graph, changed in place, and this index is not used any more: its walks are
        handed on instead of copied.

        Examples
        --------
        >>> G = nx.MultiDiGraph()
        >>> for node, label in [("f1", "Firm"), ("f2", "Firm"), ("a1", "Association")]:
        ...     G.add_node(node, label=label)
        >>> _ = G.add_edge("f1", "a1", key="MEMBER_OF", type="MEMBER_OF")
        >>> index = AffinityIndex(G)
        >>> sorted(index.neighbours("a1")), index.degree("f2")
        (['f1'], 0)
        >>> _ = G.add_edge("f2", "a1", key="MEMBER_OF", type="MEMBER_OF")
        >>> later = index.after_changes(G, {"f2", "a1"}, in_place=True)
        >>> sorted(later.neighbours("a1")), later.degree("f2")
        (['f1', 'f2'], 1)
        """
        stale = set(touched)
        for node in touched:
            if node in G:
                stale.update(nx.all_neighbors(G, node) if G.is_directed() else G.adj[node])
        later = object.__new__(AffinityIndex)
        later.__dict__.update(self.__dict__)  # the bound walks are rebound just below
        later.G = G
        later.label = self.label if in_place else dict(self.label)
        later.nodes = self.nodes if in_place else list(self.nodes)
        later.place = self.place if in_place else dict(self.place)
        for node in touched:
            later.label[node] = G.nodes[node].get("label") if node in G else None
            if node not in later.place:
                later.place[node] = len(later.nodes)
                later.nodes.append(node)
        later.kind = np.zeros(len(later.nodes), np.int8)
        later.kind[: self.kind.shape[0]] = self.kind
        for node in touched:
            later.kind[later.place[node]] = _KINDS.get(later.label[node], 0)
        for name, memo in vars(self).items():
            if isinstance(memo, _Memo):
                setattr(later, name, memo.rebound(later, stale, in_place=in_place))
        return later

    def wide_nodes(self) -> list[Hashable]:
        """The nodes whose neighbourhoods are costly to walk: the associations (thousands of
        member firms), topics and experts (the firms of all their projects). Walked ahead
        (``neighbour_places``), a firm's suggestions then walk only its own few projects and
        partners."""
        return [node for node in self.nodes if self.label[node] in _WIDE]

    def _linked(
        self, node: Hashable, type_: str, label: str, *, incoming: bool = False
    ) -> frozenset[Hashable]:
        """The nodes of ``label`` joined to ``node`` by relationships of ``type_`` (as
        :meth:`related`), in one pass over its ties that reads only that type: the walks of
        the wide nodes go through tens of thousands of ties, each read once here."""
        adjacency = self._adjacency(node, incoming)
        labels = self.label
        if self.G.is_multigraph():
            return frozenset(
                other
                for other, edges in adjacency.items()
                if labels[other] == label
                and (type_ in edges or any(d.get("type") == type_ for d in edges.values()))
            )
        return frozenset(
            other
            for other, data in adjacency.items()
            if labels[other] == label and data.get("type") == type_
        )

    def related(self, node: Hashable, type_: str, *, incoming: bool = False) -> list[Hashable]:
        """:func:`~.views.related`, from one cached pass over the node's ties of every type."""
        return self.ties(node, incoming).get(type_, [])

    def _adjacency(self, node: Hashable, incoming: bool) -> Any:
        """The node's ties in the model's direction (both ends on an undirected graph)."""
        G = self.G
        if G.is_directed():
            directed = cast("nx.DiGraph[Any]", G)
            return directed.pred[node] if incoming else directed.succ[node]
        return G.adj[node]

    def _ties(self, node: Hashable, incoming: bool) -> dict[Hashable, list[Hashable]]:
        found: dict[Hashable, list[Hashable]] = {}
        multigraph = self.G.is_multigraph()
        for other, edges in self._adjacency(node, incoming).items():
            if multigraph:
                types = {*edges, *(d.get("type") for d in edges.values())}
            else:
                types = {edges.get("type")}
            for type_ in types:
                if type_ is not None:
                    found.setdefault(type_, []).append(other)
        return found

    def _topics(self, project: Hashable) -> frozenset[Hashable]:
        return self._linked(project, "ABOUT", TOPIC)

    def _associations(self, firm: Hashable) -> frozenset[Hashable]:
        return self._linked(firm, "MEMBER_OF", ASSOCIATION)

    def _projects(self, firm: Hashable) -> frozenset[Hashable]:
        return self._linked(firm, "PARTICIPATES_IN", PROJECT)

    def _participants(self, project: Hashable) -> frozenset[Hashable]:
        return self._linked(project, "PARTICIPATES_IN", FIRM, incoming=True)

    def _partners(self, firm: Hashable) -> frozenset[Hashable]:
        found: set[Hashable] = set()
        for project in self.projects(firm):
            found.update(self.participants(project))
        found.discard(firm)
        return frozenset(found)

    def _experts(self, project: Hashable) -> frozenset[Hashable]:
        return self._linked(project, "ADVISES", EXPERT, incoming=True)

    def _firms_of(self, projects: Iterable[Hashable]) -> frozenset[Hashable]:
        return frozenset().union(*(self.participants(p) for p in projects))

    def _coordinators(self, project: Hashable) -> frozenset[Hashable]:
        """The associations coordinating a project, directly or through their service centre."""
        found = set()
        for leader in self.related(project, "COORDINATES", incoming=True):
            if self.label[leader] == "Association":
                found.add(leader)
            else:
                found.update(self.related(leader, "RUNS", incoming=True))
        return frozenset(found)

    def _neighbours(self, node: Hashable) -> frozenset[Hashable]:
        """The node's neighbours in the affinity view (see the module docstring)."""
        label = self.label[node]
        if label == FIRM:
            return (
                self.projects(node)
                | self.partners(node)
                | self.associations(node)
                | self.firm_topics(node)
                | self.firm_experts(node)
            )
        if label == PROJECT:
            return self.participants(node) | self.topics(node) | self.experts(node)
        if label == ASSOCIATION:
            return self._linked(node, "MEMBER_OF", FIRM, incoming=True)
        if label == TOPIC:
            projects = self._linked(node, "ABOUT", PROJECT, incoming=True)
            return projects | self._firms_of(projects)
        if label == EXPERT:
            projects = self._linked(node, "ADVISES", PROJECT)
            return projects | self._firms_of(projects)
        return frozenset()

    def _degree(self, node: Hashable) -> int:
        """The node's degree in the affinity view."""
        if self.label[node] == FIRM:  # disjoint parts: no need for the union
            return sum(
                len(part(node))
                for part in (
                    self.projects,
                    self.partners,
                    self.associations,
                    self.firm_topics,
                    self.firm_experts,
                )
            )
        return len(self.neighbours(node))

    def _neighbour_places(self, node: Hashable) -> IntArray:
        """The places of the node's neighbours in the affinity view."""
        place = self.place
        found = self.neighbours(node)
        return np.fromiter((place[other] for other in found), np.int64, len(found))

    def _firm_topics(self, firm: Hashable) -> frozenset[Hashable]:
        return frozenset().union(*(self.topics(p) for p in self.projects(firm)))

    def _firm_experts(self, firm: Hashable) -> frozenset[Hashable]:
        return frozenset().union(*(self.experts(p) for p in self.projects(firm)))


class _Memo(Generic[T]):
    """A walk of the index, remembered per node (``ties``: per node and direction)."""

    def __init__(self, walk: Callable[..., T], values: dict[Any, T] | None = None) -> None:
        self._walk = walk
        self._values: dict[Any, T] = {} if values is None else values

    def __call__(self, *key: Any) -> T:
        found_key = key[0] if len(key) == 1 else key
        try:
            return self._values[found_key]
        except KeyError:
            value = self._values[found_key] = self._walk(*key)
            return value

    def rebound(self, index: AffinityIndex, stale: set[Hashable], *, in_place: bool) -> _Memo[T]:
        """This walk for ``index``, keeping what it found from the nodes not ``stale``."""
        walk = getattr(index, self._walk.__name__)  # the same method, of the new index
        values = self._values if in_place else dict(self._values)
        if len(values) < 4 * len(stale):
            kept = {
                key: value
                for key, value in values.items()
                if (key[0] if isinstance(key, tuple) else key) not in stale
            }
            values.clear()
            values.update(kept)
        else:
            for node in stale:
                values.pop(node, None)
                values.pop((node, True), None)
                values.pop((node, False), None)
        return _Memo(walk, values)
