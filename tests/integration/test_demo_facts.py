"""The facts of the domain table, checked with Cypher on a Neo4j holding the demo network.

One test per fact; every value is a query parameter. Topics and instruments are a shared
vocabulary of both hubs, so the test of the bridges leaves them out when it looks for ties.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, LiteralString, Protocol

import neo4j

HUB, TWIN, SEAT = "it-hub", "confindustria-dih", "point-dalmine"
TEN = {
    "Ascom Confcommercio Bergamo",
    "CIA Bergamo",
    "Coldiretti Bergamo",
    "Confartigianato Imprese Bergamo",
    "Confcooperative Bergamo",
    "Confesercenti Bergamo",
    "Confimi Apindustria Bergamo",
    "CNA Bergamo",
    "FAI Conftrasporto Bergamo",
    "LIA Bergamo",
}


class DemoDatabase(Protocol):
    """What the ``demo_db`` fixture gives: a driver and the database holding the demo."""

    @property
    def driver(self) -> neo4j.Driver: ...

    @property
    def database(self) -> str: ...


def rows(db: DemoDatabase, query: LiteralString, **params: Any) -> list[neo4j.Record]:
    records, _, _ = db.driver.execute_query(query, params, database_=db.database)
    return records


def one(db: DemoDatabase, query: LiteralString, **params: Any) -> neo4j.Record:
    (record,) = rows(db, query, **params)
    return record


def test_ten_associations_signed_the_network_contract_in_january_2018(
    demo_db: DemoDatabase,
) -> None:
    parties = rows(
        demo_db,
        "MATCH (a:Association)-[:RUNS]->(s:ServiceCentre)-[p:PARTY_TO]->(:Hub {id: $hub}) "
        "RETURN a.name AS association, s.id AS centre, date(p.since) AS since",
        hub=HUB,
    )
    assert {r["association"] for r in parties} == TEN
    assert len({r["centre"] for r in parties}) == len(parties) == 10
    assert all((r["since"].year, r["since"].month) == (2018, 1) for r in parties)
    everyone = one(
        demo_db, "MATCH (x)-[:PARTY_TO]->(:Hub {id: $hub}) RETURN count(x) AS parties", hub=HUB
    )
    assert everyone["parties"] == 10


def test_the_seat_is_point_di_dalmine_with_nine_provincial_offices(demo_db: DemoDatabase) -> None:
    seat = one(
        demo_db,
        "MATCH (:Hub {id: $hub})-[:SEATED_AT]->(seat:Office) "
        "OPTIONAL MATCH (office:Office)-[:LINKED_TO]->(seat) "
        "RETURN seat.id AS id, seat.name AS name, seat.town AS town, seat.kind AS kind, "
        "collect(office.kind) AS linked",
        hub=HUB,
    )
    assert (seat["id"], seat["name"], seat["town"], seat["kind"]) == (
        SEAT,
        "Point di Dalmine",
        "Dalmine",
        "main",
    )
    assert seat["linked"] == ["provincial"] * 9


def test_eighteen_officials_work_at_the_ten_offices(demo_db: DemoDatabase) -> None:
    offices = rows(
        demo_db,
        "MATCH (:Hub {id: $hub})-[:SEATED_AT]->(seat:Office) "
        "MATCH (office:Office) WHERE office = seat OR EXISTS { (office)-[:LINKED_TO]->(seat) } "
        "OPTIONAL MATCH (official:Expert {role: 'official'})-[:WORKS_AT]->(office) "
        "RETURN office.id AS office, count(official) AS officials",
        hub=HUB,
    )
    assert len(offices) == 10
    assert all(r["officials"] >= 1 for r in offices)
    assert sum(r["officials"] for r in offices) == 18
    officials = rows(
        demo_db,
        "MATCH (e:Expert {role: 'official'}) "
        "RETURN e.id AS id, COUNT { (e)-[:WORKS_AT]->(:Office) } AS offices",
    )
    assert len(officials) == 18 and all(r["offices"] == 1 for r in officials)


def test_the_ten_associations_represent_over_80000_firms(demo_db: DemoDatabase) -> None:
    record = one(
        demo_db,
        "MATCH (a:Association)-[:RUNS]->(:ServiceCentre)-[:PARTY_TO]->(:Hub {id: $hub}) "
        "WITH DISTINCT a "
        "RETURN count(a) AS associations, sum(a.representedFirms) AS firms",
        hub=HUB,
    )
    assert record["associations"] == 10
    assert record["firms"] > 80_000


def test_376_interventions_in_2018_with_one_firm_each(demo_db: DemoDatabase) -> None:
    record = one(
        demo_db,
        "MATCH (p:Project {kind: 'intervention'}) "
        "WITH p, COUNT { (:Firm)-[:PARTICIPATES_IN]->(p) } AS firms, "
        "EXISTS { (p)<-[:COORDINATES]-(:ServiceCentre)-[:PARTY_TO]->(:Hub {id: $hub}) } AS ours "
        "RETURN count(p) AS projects, collect(DISTINCT p.year) AS years, "
        "min(firms) AS fewest, max(firms) AS most, count(CASE WHEN ours THEN 1 END) AS ours",
        hub=HUB,
    )
    assert record["projects"] == 376
    assert record["years"] == [2018]
    assert (record["fewest"], record["most"]) == (1, 1)
    assert record["ours"] == 376  # each coordinated by a party to the network contract
    firms = one(
        demo_db,
        "MATCH (f:Firm)-[:PARTICIPATES_IN]->(:Project {kind: 'intervention'}) "
        "RETURN count(DISTINCT f) AS firms",
    )
    assert 300 <= firms["firms"] <= 376  # "roughly one firm each"


def test_misura_a_three_networks_with_21_firms_done_five_with_19_starting(
    demo_db: DemoDatabase,
) -> None:
    projects = rows(
        demo_db,
        "MATCH (p:Project)-[:FUNDED_BY]->(:Instrument {id: $instrument}) "
        "MATCH (f:Firm)-[:PARTICIPATES_IN]->(p) "
        "RETURN p.id AS id, p.kind AS kind, p.status AS status, p.year AS year, "
        "collect(f.id) AS firms",
        instrument="voucher-misura-a",
    )
    count: dict[tuple[str, int], int] = defaultdict(int)
    firms: dict[tuple[str, int], set[str]] = defaultdict(set)
    for project in projects:
        assert project["kind"] == "network"
        assert 3 <= len(project["firms"]) <= 20
        key = (project["status"], project["year"])
        count[key] += 1
        firms[key].update(project["firms"])
    assert dict(count) == {("completed", 2018): 3, ("starting", 2019): 5}
    assert len(firms["completed", 2018]) == 21
    assert len(firms["starting", 2019]) == 19
    assert not firms["completed", 2018] & firms["starting", 2019]


def test_federottica_coordinates_the_opticians_project(demo_db: DemoDatabase) -> None:
    record = one(
        demo_db,
        "MATCH (fed:Association {name: 'Federottica Bergamo'})-[:COORDINATES]->(p:Project) "
        "MATCH (zirafa:Firm {name: 'Ottica Zirafa'})-[part:PARTICIPATES_IN]->(p) "
        "MATCH (benedetti:Expert {name: 'Marco Benedetti'})-[:ADVISES]->(p) "
        "RETURN p.id AS project, p.title AS title, p.status AS status, part.role AS role, "
        "zirafa.contact AS contact, benedetti.position AS position, "
        "EXISTS { (zirafa)-[:MEMBER_OF]->(fed) } AS member, "
        "[(fed)-[:MEMBER_OF]->(a:Association) | a.name] AS parent, "
        "[(p)-[:ABOUT]->(t:Topic) | t.id] AS topics, "
        "[(p)-[:FUNDED_BY]->(i:Instrument) | i.id] AS instruments",
    )
    assert record["project"] == "opticians-network"
    assert "ottici e optometristi" in record["title"] and record["status"] == "completed"
    assert (record["role"], record["contact"], record["member"]) == (
        "promoter",
        "Paolo Zirafa",
        True,
    )
    assert record["position"] == "Presidente, Federottica Bergamo"
    assert record["parent"] == ["Ascom Confcommercio Bergamo"]
    assert record["topics"] == ["web-social-communication"]
    assert record["instruments"] == ["voucher-misura-a"]


def test_about_20_million_invested_two_thirds_from_own_resources(demo_db: DemoDatabase) -> None:
    # The hub's projects: coordinated by a party to the contract, or by a federation inside
    # one of the ten associations (Federottica).
    record = one(
        demo_db,
        "MATCH (p:Project) "
        "WHERE EXISTS { (p)<-[:COORDINATES]-(:ServiceCentre)-[:PARTY_TO]->(:Hub {id: $hub}) } "
        "OR EXISTS { (p)<-[:COORDINATES]-(:Association)-[:MEMBER_OF]->(:Association)"
        "-[:RUNS]->(:ServiceCentre)-[:PARTY_TO]->(:Hub {id: $hub}) } "
        "RETURN count(p) AS projects, sum(p.investment) AS investment, "
        "sum(p.investment * p.ownShare) AS own",
        hub=HUB,
    )
    assert record["projects"] == 376 + 8
    assert 19_600_000 <= record["investment"] <= 20_400_000
    assert 0.65 <= record["own"] / record["investment"] <= 0.68


def test_the_fields_and_the_instruments(demo_db: DemoDatabase) -> None:
    topics = rows(
        demo_db,
        "MATCH (t:Topic) "
        "RETURN t.id AS id, COUNT { (:Project {kind: 'intervention'})-[:ABOUT]->(t) } AS projects",
    )
    used = {r["id"] for r in topics if r["projects"] > 0}
    assert used >= {
        "cybersecurity",
        "agrifood",
        "e-commerce",
        "social-services",
        "web-social-communication",
    }
    assert "industry-4-0" in {r["id"] for r in topics}
    instruments = rows(
        demo_db,
        "MATCH (i:Instrument) "
        "RETURN i.id AS id, i.name AS name, i.issuer AS issuer, "
        "[(p:Project)-[:FUNDED_BY]->(i) | p.kind] AS kinds",
    )
    found = {r["id"]: (r["name"], r["issuer"], set(r["kinds"])) for r in instruments}
    chamber, ministry = "Camera di Commercio di Bergamo", "Ministero dello Sviluppo Economico"
    assert found["voucher-misura-a"] == ("Voucher camerale Misura A", chamber, {"network"})
    assert found["voucher-misura-b"] == ("Voucher camerale Misura B", chamber, {"intervention"})
    assert found["voucher-ministerial"][:2] == ("Voucher ministeriale", ministry)
    assert "intervention" in found["voucher-ministerial"][2]
    assert found["company-appraisal"][0] == "Perizia d'impresa"
    assert found["company-appraisal"][2] == {"intervention"}


def test_the_people_named_in_the_article(demo_db: DemoDatabase) -> None:
    people = rows(
        demo_db,
        "MATCH (e:Expert) WHERE e.name IN $names "
        "RETURN e.name AS name, e.role AS role, e.position AS position, "
        "[(e)-[:WORKS_AT]->(o:Office) | o.id] AS offices, "
        "[(e)-[:AFFILIATED_WITH]->(h:Hub) | h.id] AS hubs, "
        "[(e)-[:ADVISES]->(p:Project) | p.id] AS advises",
        names=["Alberto Brivio", "Edoardo Ranzini", "Marco Benedetti"],
    )
    found = {r["name"]: r for r in people}
    assert len(people) == 3
    brivio = found["Alberto Brivio"]
    assert (brivio["role"], brivio["position"]) == ("executive", "Presidente, Imprese & Territorio")
    assert brivio["hubs"] == [HUB]
    ranzini = found["Edoardo Ranzini"]
    assert (ranzini["role"], ranzini["position"]) == (
        "official",
        "Coordinatore, Imprese & Territorio",
    )
    assert ranzini["offices"] == [SEAT]
    benedetti = found["Marco Benedetti"]
    assert benedetti["position"] == "Presidente, Federottica Bergamo"
    assert benedetti["advises"] == ["opticians-network"]
    zirafa = rows(
        demo_db, "MATCH (f:Firm {contact: $contact}) RETURN f.name AS name", contact="Paolo Zirafa"
    )
    assert [r["name"] for r in zirafa] == ["Ottica Zirafa"]


def test_confindustria_dih_with_its_founding_partners_and_seat(demo_db: DemoDatabase) -> None:
    twin = one(
        demo_db,
        "MATCH (h:Hub {id: $twin})-[:SEATED_AT]->(seat:Office) "
        "RETURN h.name AS name, h.kind AS kind, toString(h.founded) AS founded, "
        "seat.name AS seat, seat.town AS town, EXISTS { (seat)-[:LINKED_TO]-() } AS linked",
        twin=TWIN,
    )
    assert (twin["name"], twin["kind"], twin["founded"]) == (
        "Digital Innovation Hub Confindustria Bergamo",
        "dih",
        "2017-11-01",
    )
    assert (twin["seat"], twin["town"], twin["linked"]) == ("Kilometro Rosso", "Stezzano", False)
    founders = rows(
        demo_db,
        "MATCH (x)-[:AFFILIATED_WITH {role: 'founding-partner'}]->(:Hub {id: $twin}) "
        "RETURN x.name AS name",
        twin=TWIN,
    )
    assert {r["name"] for r in founders} == {
        "Confindustria Bergamo",
        "DIH Lombardia",
        "Kilometro Rosso S.p.A.",
        "UBI Banca",
        "Università degli Studi di Bergamo",
    }


def _bridges(db: DemoDatabase) -> list[neo4j.Record]:
    """Nodes tied to the twin hub that also belong to the I&T Hub's network."""
    return rows(
        db,
        "MATCH (x)-[:AFFILIATED_WITH]->(:Hub {id: $twin}) "
        "WHERE (x:Firm AND EXISTS { (x)-[:MEMBER_OF]->(:Association)-[:RUNS]->(:ServiceCentre)"
        "-[:PARTY_TO]->(:Hub {id: $hub}) }) "
        "OR (x:Expert AND EXISTS { (x)-[:ADVISES]->(:Project)<-[:COORDINATES]-(:ServiceCentre)"
        "-[:PARTY_TO]->(:Hub {id: $hub}) }) "
        "RETURN x.id AS id, x:Firm AS firm, "
        "EXISTS { (x)-->(:Project)<-[:COORDINATES]-(:Association)"
        "-[:AFFILIATED_WITH]->(:Hub {id: $twin}) } AS in_twin_project",
        hub=HUB,
        twin=TWIN,
    )


def _reach(db: DemoDatabase, start: str, blocked: set[str]) -> set[str]:
    """The ids reachable from ``start`` without entering ``blocked``, topics or instruments."""
    seen = {start, *blocked}
    frontier = [start]
    while frontier:
        frontier = [
            r["id"]
            for r in rows(
                db,
                "MATCH (n)--(m) "
                "WHERE n.id IN $frontier AND NOT m.id IN $seen "
                "AND NOT m:Topic AND NOT m:Instrument "
                "RETURN DISTINCT m.id AS id",
                frontier=frontier,
                seen=sorted(seen),
            )
        ]
        seen.update(frontier)
    return seen - blocked


def test_the_twin_hubs_are_tied_only_through_a_few_bridges(demo_db: DemoDatabase) -> None:
    bridges = _bridges(demo_db)
    firms = [r for r in bridges if r["firm"]]
    experts = [r for r in bridges if not r["firm"]]
    assert len(firms) == 3 and len(experts) == 1
    assert sum(r["in_twin_project"] for r in firms) == 1 and experts[0]["in_twin_project"]
    bridge_ids = {r["id"] for r in bridges}
    path = one(
        demo_db,
        "MATCH p = shortestPath((a:Hub {id: $hub})-[*..15]-(b:Hub {id: $twin})) "
        "RETURN [n IN nodes(p) | n.id] AS ids, "
        "any(n IN nodes(p) WHERE n:Firm OR n:Expert) AS through_firm_or_expert",
        hub=HUB,
        twin=TWIN,
    )
    assert path["through_firm_or_expert"]
    assert bridge_ids & set(path["ids"])
    assert TWIN in _reach(demo_db, HUB, set())
    assert TWIN not in _reach(demo_db, HUB, bridge_ids)
