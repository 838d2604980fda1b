from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from itertools import combinations
from typing import Any

import networkx as nx
import pytest

from graph_service.analytics.affinity import AffinityIndex
from graph_service.analytics.errors import InvalidParameter, NodeNotFound
from graph_service.analytics.opportunities import collaboration_opportunities
from graph_service.analytics.views import affinity_graph
from graph_service.domain.analytics import OpportunityKind, OpportunityMethod, ReasonKind
from tests.unit.analytics.networks import (
    association_and_topic_pair,
    bergamo_network,
    random_network,
    southern_women,
)

NetworkxIndex = Callable[..., Iterator[tuple[Any, Any, float]]]
INDICES: dict[OpportunityMethod, NetworkxIndex] = {
    OpportunityMethod.ADAMIC_ADAR: nx.adamic_adar_index,
    OpportunityMethod.RESOURCE_ALLOCATION: nx.resource_allocation_index,
    OpportunityMethod.JACCARD: nx.jaccard_coefficient,
}


def expected_scores(
    G: nx.Graph[Any], method: OpportunityMethod, firm: str | None = None
) -> dict[tuple[str, str], float]:
    """networkx's index on the affinity view, for every unlinked pair with a common neighbour
    (firm-firm pairs once, firm-project pairs from the firm)."""
    P = affinity_graph(G)
    firms = sorted(n for n in P if P.nodes[n]["label"] == "Firm")
    projects = [n for n in P if P.nodes[n]["label"] == "Project"]
    pairs = [(u, v) for u, v in combinations(firms, 2)] + [(u, p) for u in firms for p in projects]
    pairs = [
        (u, v)
        for u, v in pairs
        if not P.has_edge(u, v) and set(P[u]) & set(P[v]) and firm in (None, u, v)
    ]
    pairs = [(firm, u if v == firm else v) if firm and v == firm else (u, v) for u, v in pairs]
    return {(u, v): s for u, v, s in INDICES[method](P, pairs)}


@pytest.mark.parametrize("method", list(OpportunityMethod))
@pytest.mark.parametrize("G", [southern_women(), random_network(6)])
def test_scores_equal_networkx_link_prediction_across_the_network(
    G: nx.Graph[Any], method: OpportunityMethod
) -> None:
    result = collaboration_opportunities(
        G, method=method, top=10_000, project_kinds=None, project_statuses=None
    )
    found = {(s.source.id, s.target.id): s.score for s in result.suggestions}
    assert found == pytest.approx(expected_scores(G, method))
    assert result.candidates_scored == len(found)
    scores = [round(s.score, 9) for s in result.suggestions]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("method", list(OpportunityMethod))
def test_scores_for_one_firm_equal_networkx(method: OpportunityMethod) -> None:
    G = southern_women()
    result = collaboration_opportunities(
        G, "Evelyn Jefferson", method=method, top=100, project_kinds=None, project_statuses=None
    )
    found = {(s.source.id, s.target.id): s.score for s in result.suggestions}
    assert found == pytest.approx(expected_scores(G, method, "Evelyn Jefferson"))
    assert {s.source.id for s in result.suggestions} == {"Evelyn Jefferson"}


def projects_of(G: nx.MultiDiGraph[Any], firm: str) -> set[str]:
    return {p for p in G.successors(firm) if G.nodes[p]["label"] == "Project"}


def test_suggestions_are_not_yet_linked_and_filtered() -> None:
    G = random_network(8, firms=40, projects=12)
    for firm in ["firm-000", "firm-005", "firm-010"]:
        result = collaboration_opportunities(G, firm, top=50)
        own = projects_of(G, firm)
        for s in result.suggestions:
            if s.kind is OpportunityKind.FIRM:
                assert not own & projects_of(G, s.target.id)
            else:
                assert s.target.id not in own
                attrs = G.nodes[s.target.id]
                assert attrs["kind"] == "network" and attrs["status"] in {"running", "starting"}


def test_reasons_in_plain_english() -> None:
    G = bergamo_network()
    result = collaboration_opportunities(G, "firm-c1", method="resource_allocation")
    by_target = {s.target.id: s for s in result.suggestions}
    # partners of its partners (through firm-a1 and firm-n1), and agri-net through firm-n1;
    # firms and a project about cybersecurity; firm-c3 also through Confartigianato
    assert set(by_target) == {
        "ottica-zirafa",
        "ottica-serio",
        "firm-n2",
        "firm-c3",
        "agri-net",
        "firm-a2",
        "firm-k1",
        "firm-k2",
        "cdih-project",
    }
    cdih = {r.kind: r.text for r in by_target["cdih-project"].reasons}
    assert cdih == {
        ReasonKind.SHARED_TOPICS: "It is about Cybersecurity, like Officine Gamma's projects",
        ReasonKind.SAME_ASSOCIATION: (
            "Firms of Confartigianato Imprese Bergamo, Officine Gamma's association, take part in it"
        ),
    }
    zirafa = {r.kind: r for r in by_target["ottica-zirafa"].reasons}
    assert zirafa[ReasonKind.COMMON_PARTNERS].text == "Both have worked with Bottega Alfa"
    assert [n.id for n in zirafa[ReasonKind.COMMON_PARTNERS].nodes] == ["firm-a1"]
    assert ReasonKind.SAME_ASSOCIATION not in zirafa
    agri = {r.kind: r.text for r in by_target["agri-net"].reasons}
    assert (
        agri[ReasonKind.COMMON_PARTNERS] == "Officine Gamma's partner Cascina Zeta takes part in it"
    )
    assert agri[ReasonKind.SAME_ASSOCIATION] == (
        "Firms of Confartigianato Imprese Bergamo, Officine Gamma's association, take part in it"
    )
    assert "opticians-network" not in by_target  # completed: not open to new firms
    n2 = collaboration_opportunities(G, "firm-n2")
    c1 = next(s for s in n2.suggestions if s.target.id == "firm-c1")
    assert {r.kind: r.text for r in c1.reasons} == {
        ReasonKind.COMMON_PARTNERS: "Both have worked with Cascina Zeta",
    }
    k1 = collaboration_opportunities(G, "firm-k1", project_statuses=None)
    agri_for_k1 = next(s for s in k1.suggestions if s.target.id == "agri-net")
    texts = {r.kind: r.text for r in agri_for_k1.reasons}
    assert texts[ReasonKind.SHARED_EXPERTS] == (
        "It is advised by Marco Sala, who also advised Meccanica Theta"
    )
    n1 = next(s for s in k1.suggestions if s.target.id == "firm-n2")
    assert {r.kind: r.text for r in n1.reasons}[ReasonKind.SHARED_EXPERTS] == (
        "Both were advised by Marco Sala"
    )


def test_shared_topics_and_associations_are_named() -> None:
    G = bergamo_network()
    result = collaboration_opportunities(G, "ottica-zirafa", kinds=["firm"])
    c1 = next(s for s in result.suggestions if s.target.id == "firm-c1")
    assert [r.kind for r in c1.reasons] == [ReasonKind.COMMON_PARTNERS]
    serio_like = collaboration_opportunities(G, "firm-c2", kinds=["firm"])
    texts = [r.text for s in serio_like.suggestions for r in s.reasons]
    assert "Both have worked with Bottega Alfa" in texts
    relate_topic = collaboration_opportunities(G, "firm-c3", kinds=["firm"])
    assert "firm-n1" not in {s.target.id for s in relate_topic.suggestions}  # partners already
    c1_for_c3 = next((s for s in relate_topic.suggestions if s.target.id == "firm-c1"), None)
    assert c1_for_c3 is not None
    reasons = {r.kind: r.text for r in c1_for_c3.reasons}
    assert reasons[ReasonKind.SHARED_TOPICS] == "Both have projects about Cybersecurity"
    assert reasons[ReasonKind.SAME_ASSOCIATION] == (
        "Both are members of Confartigianato Imprese Bergamo"
    )


def test_firms_sharing_only_an_association_and_a_topic_are_suggested() -> None:
    G = association_and_topic_pair()
    result = collaboration_opportunities(G, "f1")
    by_target = {s.target.id: s for s in result.suggestions}
    assert set(by_target) == {"f2", "p3"}
    f2 = by_target["f2"]
    assert f2.kind is OpportunityKind.FIRM
    assert {r.kind: r.text for r in f2.reasons} == {
        ReasonKind.SHARED_TOPICS: "Both have projects about E-commerce",
        ReasonKind.SAME_ASSOCIATION: "Both are members of Federottica Bergamo",
    }
    assert [n.id for r in f2.reasons for n in r.nodes] == ["topic", "assoc"]
    # the association (2 firms) and the topic (3 projects, 2 firms) are the common neighbours
    assert f2.score == pytest.approx(1 / math.log(2) + 1 / math.log(5))
    assert {r.kind: r.text for r in by_target["p3"].reasons} == {
        ReasonKind.SHARED_TOPICS: "It is about E-commerce, like Ottica Uno's projects",
    }
    assert [s.target.id for s in collaboration_opportunities(G, "f2").suggestions] == [
        "f1",
        "p3",
    ]


@pytest.mark.parametrize("method", list(OpportunityMethod))
def test_hub_limit_prunes_candidates_not_scores(method: OpportunityMethod) -> None:
    G = random_network(3, firms=80, projects=10)  # firm-002's association, expert: 17, 20 ties
    full = collaboration_opportunities(G, "firm-002", method=method, top=1000)
    pruned = collaboration_opportunities(G, "firm-002", method=method, top=1000, hub_limit=12)
    everything = {s.target.id: s.score for s in full.suggestions}
    kept = {s.target.id: s.score for s in pruned.suggestions}
    assert 0 < len(kept) < len(everything)
    assert kept == pytest.approx({t: everything[t] for t in kept})


@pytest.mark.parametrize("method", list(OpportunityMethod))
def test_the_top_few_are_the_head_of_the_whole_ranking(method: OpportunityMethod) -> None:
    """Many firms share exactly one association, hence one score: the few kept at the cut are
    those first by id, as in the whole ranking."""
    G = random_network(4, firms=120, projects=15)
    firms = sorted(n for n, attrs in G.nodes(data=True) if attrs["label"] == "Firm")
    for firm in firms[::7]:
        every = collaboration_opportunities(G, firm, method=method, top=10_000)
        for top in (0, 1, 3, 10):
            head = collaboration_opportunities(G, firm, method=method, top=top)
            assert head.suggestions == every.suggestions[:top], (firm, top)
            assert head.candidates_scored == every.candidates_scored


def test_result_says_what_was_computed_and_refuses_bad_input() -> None:
    G = bergamo_network()
    result = collaboration_opportunities(G, "firm-c1", method="jaccard", top=1)
    assert result.method is OpportunityMethod.JACCARD and result.firm == "firm-c1"
    assert result.project_statuses == ("running", "starting") and len(result.suggestions) == 1
    assert "affinity" in result.view
    with pytest.raises(NodeNotFound):
        collaboration_opportunities(G, "no-such-firm")
    with pytest.raises(InvalidParameter):
        collaboration_opportunities(G, "cyber-net")
    with pytest.raises(InvalidParameter, match="'cosine' is not a valid OpportunityMethod"):
        collaboration_opportunities(G, "firm-c1", method="cosine")
    with pytest.raises(InvalidParameter):
        collaboration_opportunities(G, "firm-c1", hub_limit=0)


def test_a_kept_affinity_index_gives_the_same_suggestions_for_every_firm() -> None:
    G = bergamo_network()
    index = AffinityIndex(G)
    firms = sorted(n for n, attrs in G.nodes(data=True) if attrs["label"] == "Firm")
    for firm in firms:
        assert collaboration_opportunities(G, firm, index=index) == collaboration_opportunities(
            G, firm
        )


def test_an_affinity_index_of_another_graph_is_refused() -> None:
    G = bergamo_network()
    with pytest.raises(InvalidParameter, match="another graph"):
        collaboration_opportunities(G, "ottica-zirafa", index=AffinityIndex(G.copy()))
