"""Comparing two years of the synthetic network against a direct computation."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import networkx as nx
import pytest

from graph_service.analytics.comparison import compare_years
from graph_service.domain.weighting import ACTOR_LABELS
from graph_service.errors import InvalidParameter
from loaders import synthetic


@pytest.fixture(scope="module")
def network() -> nx.MultiDiGraph[Any]:
    records = synthetic.generate(600, seed=2)
    G: nx.MultiDiGraph[Any] = nx.MultiDiGraph()
    for label, nodes in records.nodes.items():
        for node in nodes:
            G.add_node(node.id, label=label, **node.properties)
    for rel_type, rels in records.relationships.items():
        for rel in rels:
            G.add_edge(rel.from_id, rel.to_id, key=rel_type, type=rel_type, **rel.properties)
    return G


def _as_of(G: nx.MultiDiGraph[Any], year: int) -> nx.Graph[Any]:
    """The simple undirected network without the projects of later years, built directly."""
    later = {
        n for n, a in G.nodes(data=True) if a["label"] == "Project" and a.get("year", 0) > year
    }
    H: nx.Graph[Any] = nx.Graph()
    H.add_nodes_from((n, a) for n, a in G.nodes(data=True) if n not in later)
    H.add_edges_from((u, v) for u, v in G.edges() if u not in later and v not in later and u != v)
    return H


def _partners(G: nx.MultiDiGraph[Any], year: int) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for project, attrs in G.nodes(data=True):
        if attrs["label"] == "Project" and attrs.get("year", 0) <= year:
            firms = sorted(
                u for u, _, t in G.in_edges(project, keys=True) if t == "PARTICIPATES_IN"
            )
            pairs.update(combinations(firms, 2))
    return pairs


def test_the_firms_that_joined_and_the_new_ties_are_those_computed_directly(
    network: nx.MultiDiGraph[Any],
) -> None:
    first_year = {}
    for firm, attrs in network.nodes(data=True):
        if attrs["label"] != "Firm":
            continue
        years = [
            network.nodes[p]["year"]
            for _, p, t in network.out_edges(firm, keys=True)
            if t == "PARTICIPATES_IN"
        ]
        if years:
            first_year[firm] = min(years)
    joined = {firm for firm, year in first_year.items() if 2019 < year <= 2021}
    assert joined, "the synthetic network has no firm joining: the test proves nothing"
    result = compare_years(network, 2019, 2021, top=None)
    assert result.new_firm_count == len(joined)
    assert {f.firm.id for f in result.new_firms} == joined
    assert all(f.first_year == first_year[f.firm.id] for f in result.new_firms)
    new_ties = _partners(network, 2021) - _partners(network, 2019)
    assert result.new_tie_count == len(new_ties)
    assert {(t.first.id, t.second.id) for t in result.new_ties} == new_ties


def test_the_biggest_changes_in_pagerank_are_those_computed_directly(
    network: nx.MultiDiGraph[Any],
) -> None:
    before = nx.pagerank(_as_of(network, 2019), tol=1e-13, max_iter=10_000)
    after = nx.pagerank(_as_of(network, 2021), tol=1e-13, max_iter=10_000)
    actors = {n for n, a in network.nodes(data=True) if a["label"] in ACTOR_LABELS}
    change = {n: after[n] - before[n] for n in actors}
    result = compare_years(network, 2019, 2021, top=10)
    assert len(result.changes) == 10
    rose = max(change, key=lambda n: change[n])
    fell = min(change, key=lambda n: change[n])
    assert result.changes[0].node.id == rose
    assert result.changes[-1].node.id == fell
    for entry in result.changes:
        assert entry.score_before == pytest.approx(before[entry.node.id], abs=1e-9)
        assert entry.score_after == pytest.approx(after[entry.node.id], abs=1e-9)
        assert entry.change == pytest.approx(change[entry.node.id], abs=1e-9)
    shown = [c.change for c in result.changes]
    assert shown == sorted(shown, reverse=True)
    # Nothing left out rose more than the smallest rise shown, or fell more than the least fall.
    rises = [c for c in shown if c > 0]
    falls = [c for c in shown if c < 0]
    hidden = [v for n, v in change.items() if n not in {c.node.id for c in result.changes}]
    if rises:
        assert all(v <= min(rises) + 1e-12 for v in hidden)
    if falls:
        assert all(v >= max(falls) - 1e-12 for v in hidden)


def test_communities_that_merged_or_split_are_reported_by_their_members(
    network: nx.MultiDiGraph[Any],
) -> None:
    result = compare_years(network, 2018, 2024)
    assert result.community_changes, "nothing merged or split: the test proves nothing"
    after = {c.index: set(c.members) for c in result.communities_after.communities}
    before = {c.index: set(c.members) for c in result.communities_before.communities}
    for change in result.community_changes:
        if change.kind.value == "merged":
            (target,) = change.after
            for index in change.before:
                assert len(before[index] & after[target]) > 0.5 * len(before[index])
        else:
            (source,) = change.before
            for index in change.after:
                assert len(before[source] & after[index]) >= 0.2 * len(before[source])


def test_the_years_must_come_in_order(network: nx.MultiDiGraph[Any]) -> None:
    with pytest.raises(InvalidParameter, match="must come before"):
        compare_years(network, 2019, 2019)
