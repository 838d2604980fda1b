"""The affinity view's neighbourhoods, walked in the projection and kept (see
:mod:`graph_service.analytics.opportunities`)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from functools import cache
from typing import Any, cast

import networkx as nx

from graph_service.analytics.views import ASSOCIATION, EXPERT, FIRM, PROJECT, TOPIC


class AffinityIndex:
    """Cached walks in the projection: who takes part in what, and what it is about.

    Each walk is made once per index and kept; an index belongs to one graph, which must not
    change while the index is in use (the service keeps one per projected version).
    """

    def __init__(self, G: nx.Graph[Any]) -> None:
        self.G = G
        self.label: dict[Hashable, Any] = {
            node: data.get("label") for node, data in G.nodes(data=True)
        }
        """Each node's label, read once."""
        self.ties = cache(self._ties)
        self.projects = cache(self._projects)
        self.participants = cache(self._participants)
        self.partners = cache(self._partners)
        self.topics = cache(lambda project: self._targets(project, "ABOUT", TOPIC))
        self.experts = cache(self._experts)
        self.associations = cache(lambda firm: self._targets(firm, "MEMBER_OF", ASSOCIATION))
        self.coordinators = cache(self._coordinators)
        self.firm_topics = cache(self._firm_topics)
        self.firm_experts = cache(self._firm_experts)
        self.neighbours = cache(self._neighbours)
        self.degree = cache(self._degree)

    def _labelled(self, nodes: Iterable[Hashable], label: str) -> frozenset[Hashable]:
        return frozenset(n for n in nodes if self.label[n] == label)

    def _targets(self, node: Hashable, type_: str, label: str) -> frozenset[Hashable]:
        return self._labelled(self.related(node, type_), label)

    def related(self, node: Hashable, type_: str, *, incoming: bool = False) -> list[Hashable]:
        """:func:`~.views.related`, from one cached pass over the node's ties of every type."""
        return self.ties(node, incoming).get(type_, [])

    def _ties(self, node: Hashable, incoming: bool) -> dict[Hashable, list[Hashable]]:
        G = self.G
        adjacency = G.adj[node]
        if G.is_directed():
            directed = cast("nx.DiGraph[Any]", G)
            adjacency = directed.pred[node] if incoming else directed.succ[node]
        found: dict[Hashable, list[Hashable]] = {}
        multigraph = G.is_multigraph()
        for other, edges in adjacency.items():
            if multigraph:
                types = {*edges, *(d.get("type") for d in edges.values())}
            else:
                types = {edges.get("type")}
            for type_ in types:
                if type_ is not None:
                    found.setdefault(type_, []).append(other)
        return found

    def _projects(self, firm: Hashable) -> frozenset[Hashable]:
        return self._targets(firm, "PARTICIPATES_IN", PROJECT)

    def _participants(self, project: Hashable) -> frozenset[Hashable]:
        return self._labelled(self.related(project, "PARTICIPATES_IN", incoming=True), FIRM)

    def _partners(self, firm: Hashable) -> frozenset[Hashable]:
        found: set[Hashable] = set()
        for project in self.projects(firm):
            found.update(self.participants(project))
        found.discard(firm)
        return frozenset(found)

    def _experts(self, project: Hashable) -> frozenset[Hashable]:
        return self._labelled(self.related(project, "ADVISES", incoming=True), EXPERT)

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
            return self._labelled(self.related(node, "MEMBER_OF", incoming=True), FIRM)
        if label == TOPIC:
            projects = self._labelled(self.related(node, "ABOUT", incoming=True), PROJECT)
            return projects | self._firms_of(projects)
        if label == EXPERT:
            projects = self._labelled(self.related(node, "ADVISES"), PROJECT)
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

    def _firm_topics(self, firm: Hashable) -> frozenset[Hashable]:
        return frozenset().union(*(self.topics(p) for p in self.projects(firm)))

    def _firm_experts(self, firm: Hashable) -> frozenset[Hashable]:
        return frozenset().union(*(self.experts(p) for p in self.projects(firm)))
