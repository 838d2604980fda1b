"""The demo Bergamo network (``loaders/demo``): up to date, valid against the model, and true to
the article's facts. Pure Python on the generated document; no database."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from typing import Any

import pytest

from graph_service.domain.model import LABELS, RELATIONSHIPS, PropertySpec, PropertyType
from loaders.demo import build_demo

Record = dict[str, Any]
Document = dict[str, Any]

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
INTERVENTION_INSTRUMENTS = {"voucher-misura-b", "voucher-ministerial", "company-appraisal"}
ARTICLE_TOPICS = {
    "cybersecurity",
    "agrifood",
    "e-commerce",
    "social-services",
    "web-social-communication",
}


@pytest.fixture(scope="module")
def doc() -> Document:
    return build_demo.build()


class Graph:
    """Look-ups over the document's records."""

    def __init__(self, doc: Document) -> None:
        self.nodes: dict[str, Record] = {}
        self.label: dict[str, str] = {}
        for label, records in doc["nodes"].items():
            for record in records:
                self.nodes[record["id"]] = record
                self.label[record["id"]] = label
        self.out: dict[tuple[str, str], list[Record]] = defaultdict(list)
        self.into: dict[tuple[str, str], list[Record]] = defaultdict(list)
        for rel_type, records in doc["relationships"].items():
            for record in records:
                self.out[rel_type, record["from"]].append(record)
                self.into[rel_type, record["to"]].append(record)

    def of(self, label: str, **props: Any) -> list[Record]:
        return [
            n
            for i, n in self.nodes.items()
            if self.label[i] == label and all(n.get(k) == v for k, v in props.items())
        ]

    def targets(self, rel_type: str, start: str) -> list[str]:
        return [r["to"] for r in self.out[rel_type, start]]

    def sources(self, rel_type: str, end: str) -> list[str]:
        return [r["from"] for r in self.into[rel_type, end]]

    def neighbours(self, node_id: str) -> set[str]:
        found: set[str] = set()
        for (_, start), records in self.out.items():
            if start == node_id:
                found.update(r["to"] for r in records)
        for (_, end), records in self.into.items():
            if end == node_id:
                found.update(r["from"] for r in records)
        return found

    def distances(self, start: str, skip: set[str]) -> dict[str, int]:
        """Breadth-first distances from ``start``, ignoring direction, never entering ``skip``."""
        adjacency: dict[str, set[str]] = defaultdict(set)
        for (_, start_id), records in self.out.items():
            for r in records:
                adjacency[start_id].add(r["to"])
                adjacency[r["to"]].add(start_id)
        distance = {start: 0}
        frontier = [start]
        while frontier:
            following = []
            for node_id in frontier:
                for other in sorted(adjacency[node_id] - skip):
                    if other not in distance:
                        distance[other] = distance[node_id] + 1
                        following.append(other)
            frontier = following
        return distance


@pytest.fixture(scope="module")
def graph(doc: Document) -> Graph:
    return Graph(doc)


def _problem(spec: PropertySpec, value: object) -> str | None:
    """What is wrong with a JSON value of ``spec``, or None."""
    if spec.type is PropertyType.STRING and isinstance(value, str):
        return spec.problem(value)
    if spec.type is PropertyType.INTEGER and isinstance(value, int) and not isinstance(value, bool):
        return spec.problem(value)
    if spec.type is PropertyType.FLOAT and isinstance(value, float):
        return spec.problem(value)
    if spec.type is PropertyType.DATE and isinstance(value, str):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return f"{value!r} is not a date"
        return spec.problem(dt.date.fromisoformat(value))
    return f"{value!r} is not a {spec.type.value}"


def _check_properties(
    where: str, record: Record, keys: list[str], specs: tuple[PropertySpec, ...]
) -> None:
    by_name = {spec.name: spec for spec in specs}
    assert list(record)[: len(keys)] == keys, where
    names = list(record)[len(keys) :]
    assert names == [s.name for s in specs if s.name in names], f"{where}: not in model order"
    for name in names:
        assert name in by_name, f"{where}: unknown property {name!r}"
        assert _problem(by_name[name], record[name]) is None, f"{where}.{name}: {record[name]!r}"
    for spec in specs:
        assert not spec.required or spec.name in record, f"{where}: {spec.name} is required"


def test_the_committed_file_is_up_to_date(doc: Document) -> None:
    text = build_demo.OUTPUT.read_text(encoding="utf-8")
    assert text == build_demo.render(doc), "run: python loaders/demo/build_demo.py"


def test_the_build_is_deterministic(doc: Document) -> None:
    assert build_demo.render(build_demo.build()) == build_demo.render(doc)


def test_nodes_fit_the_model(doc: Document) -> None:
    assert doc["format"] == "graph-service/1"
    assert list(doc["nodes"]) == list(LABELS)
    for label, records in doc["nodes"].items():
        ids = [r["id"] for r in records]
        assert ids == sorted(ids), f"{label} records are not sorted by id"
        for record in records:
            assert isinstance(record["id"], str) and record["id"].strip()
            _check_properties(f"{label} {record['id']}", record, ["id"], LABELS[label].properties)


def test_ids_are_unique_across_the_graph(doc: Document) -> None:
    ids = Counter(r["id"] for records in doc["nodes"].values() for r in records)
    assert [i for i, n in ids.items() if n > 1] == []


def test_relationships_fit_the_model(doc: Document, graph: Graph) -> None:
    assert list(doc["relationships"]) == list(RELATIONSHIPS)
    for rel_type, records in doc["relationships"].items():
        spec = RELATIONSHIPS[rel_type]
        pairs = [(r["from"], r["to"]) for r in records]
        assert pairs == sorted(pairs), f"{rel_type} records are not sorted by from, to"
        assert len(set(pairs)) == len(pairs), f"{rel_type} has duplicates"
        for record in records:
            where = f"{rel_type} {record['from']} -> {record['to']}"
            ends = (graph.label.get(record["from"]), graph.label.get(record["to"]))
            assert ends[0] and ends[1], f"{where}: unknown endpoint"
            assert spec.joins(ends[0], ends[1]), f"{where}: {ends} not allowed"
            _check_properties(where, record, ["from", "to"], spec.properties)


def test_ten_associations_signed_the_contract_in_january_2018(doc: Document, graph: Graph) -> None:
    parties = doc["relationships"]["PARTY_TO"]
    assert {r["to"] for r in parties} == {HUB} and len(parties) == 10
    assert all(r["since"] == "2018-01-15" for r in parties)
    names = set()
    for party in parties:
        assert graph.label[party["from"]] == "ServiceCentre"
        (runner,) = graph.sources("RUNS", party["from"])
        assert graph.targets("RUNS", runner) == [party["from"]]
        names.add(graph.nodes[runner]["name"])
    assert names == TEN
    ten = [a for a in graph.of("Association") if a["name"] in TEN]
    assert sum(a["representedFirms"] for a in ten) > 80_000
    assert all(a.get("sector") for a in ten)
    assert len(graph.of("ServiceCentre")) == 10


def test_the_seat_and_nine_provincial_offices(graph: Graph) -> None:
    assert graph.targets("SEATED_AT", HUB) == [SEAT]
    seat = graph.nodes[SEAT]
    assert (seat["name"], seat["town"], seat["kind"]) == ("Point di Dalmine", "Dalmine", "main")
    linked = graph.sources("LINKED_TO", SEAT)
    assert len(linked) == 9
    assert all(graph.nodes[o]["kind"] == "provincial" and graph.nodes[o]["town"] for o in linked)
    assert len({graph.nodes[o]["town"] for o in linked}) == 9


def test_eighteen_officials_staff_the_ten_offices(graph: Graph) -> None:
    offices = {SEAT, *graph.sources("LINKED_TO", SEAT)}
    officials = graph.of("Expert", role="official")
    assert len(officials) == 18
    staffed: Counter[str] = Counter()
    for official in officials:
        (office,) = graph.targets("WORKS_AT", official["id"])
        staffed[office] += 1
        assert 1 <= len(graph.targets("SKILLED_IN", official["id"])) <= 2
    assert set(staffed) == offices
    (ranzini,) = graph.of("Expert", name="Edoardo Ranzini")
    assert graph.targets("WORKS_AT", ranzini["id"]) == [SEAT]


def test_376_interventions_in_2018_with_one_firm_each(graph: Graph) -> None:
    interventions = graph.of("Project", kind="intervention")
    assert len(interventions) == 376
    beneficiaries = set()
    topics: set[str] = set()
    for project in interventions:
        pid = project["id"]
        assert re.fullmatch(r"intervention-2018-\d{3}", pid)
        assert project["year"] == 2018 and project["status"] in ("completed", "running")
        (participation,) = graph.into["PARTICIPATES_IN", pid]
        assert participation["role"] == "beneficiary"
        firm = participation["from"]
        beneficiaries.add(firm)
        (association,) = graph.targets("MEMBER_OF", firm)
        assert graph.sources("COORDINATES", pid) == graph.targets("RUNS", association)
        (funding,) = graph.out["FUNDED_BY", pid]
        assert funding["to"] in INTERVENTION_INSTRUMENTS
        expected = round(project["investment"] * (1 - project["ownShare"]), 2)
        assert funding["amount"] == pytest.approx(expected, abs=0.011)
        about = graph.targets("ABOUT", pid)
        assert 1 <= len(about) <= 2
        topics.update(about)
        (adviser,) = graph.sources("ADVISES", pid)
        assert graph.nodes[adviser]["role"] == "official"
    assert 300 <= len(beneficiaries) < 376  # "roughly one firm each"
    assert topics >= ARTICLE_TOPICS


def test_misura_a_three_networks_with_21_firms_done_and_five_with_19_starting(graph: Graph) -> None:
    projects = graph.sources("FUNDED_BY", "voucher-misura-a")
    firms: dict[str, set[str]] = defaultdict(set)
    count: Counter[str] = Counter()
    for pid in projects:
        project = graph.nodes[pid]
        assert project["kind"] == "network"
        members = graph.sources("PARTICIPATES_IN", pid)
        assert 3 <= len(members) <= 20
        (funding,) = graph.out["FUNDED_BY", pid]
        assert funding["amount"] <= min(0.7 * project["investment"], 15_000 * len(members))
        officials = [
            e for e in graph.sources("ADVISES", pid) if graph.nodes[e]["role"] == "official"
        ]
        assert 1 <= len(officials) <= 2
        (coordinator,) = graph.sources("COORDINATES", pid)
        assert coordinator == "federottica-bergamo" or graph.targets("PARTY_TO", coordinator) == [
            HUB
        ]
        key = f"{project['status']} {project['year']}"
        count[key] += 1
        firms[key].update(members)
    assert count == {"completed 2018": 3, "starting 2019": 5}
    assert len(firms["completed 2018"]) == 21 and len(firms["starting 2019"]) == 19
    assert not firms["completed 2018"] & firms["starting 2019"]


def test_federottica_coordinates_the_opticians_project(graph: Graph) -> None:
    pid = "opticians-network"
    project = graph.nodes[pid]
    assert "ottici e optometristi" in project["title"] and project["status"] == "completed"
    assert graph.sources("COORDINATES", pid) == ["federottica-bergamo"]
    assert graph.targets("MEMBER_OF", "federottica-bergamo") == ["ascom-bergamo"]
    assert graph.targets("ABOUT", pid) == ["web-social-communication"]
    (zirafa,) = graph.of("Firm", name="Ottica Zirafa")
    assert zirafa["contact"] == "Paolo Zirafa"
    roles = {r["from"]: r["role"] for r in graph.into["PARTICIPATES_IN", pid]}
    assert roles.pop(zirafa["id"]) == "promoter" and set(roles.values()) == {"partner"}
    for firm in [zirafa["id"], *roles]:
        assert graph.targets("MEMBER_OF", firm) == ["federottica-bergamo"]
    assert "marco-benedetti" in graph.sources("ADVISES", pid)


def test_about_twenty_million_invested_two_thirds_own(graph: Graph) -> None:
    projects = [
        p
        for p in graph.of("Project")
        if graph.sources("COORDINATES", p["id"]) != ["confindustria-bergamo"]
    ]
    assert len(projects) == 376 + 8
    total = sum(p["investment"] for p in projects)
    own = sum(p["investment"] * p["ownShare"] for p in projects)
    assert 19_600_000 <= total <= 20_400_000
    assert 0.65 <= own / total <= 0.68
    for project in graph.of("Project"):
        assert float(project["investment"]).is_integer()
        assert round(project["ownShare"], 2) == project["ownShare"]


def test_topics_and_instruments(graph: Graph) -> None:
    assert {t["id"] for t in graph.of("Topic")} == ARTICLE_TOPICS | {"industry-4-0"}
    assert graph.nodes["industry-4-0"]["name"] == "Impresa 4.0"
    instruments = {i["id"]: (i["name"], i.get("issuer")) for i in graph.of("Instrument")}
    assert instruments == {
        "voucher-misura-a": ("Voucher camerale Misura A", "Camera di Commercio di Bergamo"),
        "voucher-misura-b": ("Voucher camerale Misura B", "Camera di Commercio di Bergamo"),
        "voucher-ministerial": ("Voucher ministeriale", "Ministero dello Sviluppo Economico"),
        "company-appraisal": ("Perizia d'impresa", None),
    }


def test_the_named_people(graph: Graph) -> None:
    def person(name: str) -> Record:
        (found,) = graph.of("Expert", name=name)
        return found

    brivio = person("Alberto Brivio")
    assert (brivio["role"], brivio["position"]) == ("executive", "Presidente, Imprese & Territorio")
    assert graph.out["AFFILIATED_WITH", brivio["id"]] == [
        {"from": brivio["id"], "to": HUB, "role": "member"}
    ]
    ranzini = person("Edoardo Ranzini")
    assert (ranzini["role"], ranzini["position"]) == (
        "official",
        "Coordinatore, Imprese & Territorio",
    )
    benedetti = person("Marco Benedetti")
    assert (benedetti["role"], benedetti["position"]) == (
        "executive",
        "Presidente, Federottica Bergamo",
    )
    assert graph.targets("ADVISES", benedetti["id"]) == ["opticians-network"]
    assert [f["name"] for f in graph.of("Firm", contact="Paolo Zirafa")] == ["Ottica Zirafa"]


def test_firms_belong_to_one_association_and_invented_ones_say_so(graph: Graph) -> None:
    affiliations = graph.into["AFFILIATED_WITH", TWIN]
    founders = {r["from"] for r in affiliations if r["role"] == "founding-partner"}
    invented = 0
    for firm in graph.of("Firm"):
        memberships = graph.targets("MEMBER_OF", firm["id"])
        if firm["id"] in founders:
            assert memberships == []
            continue
        assert len(memberships) == 1
        if firm["id"].startswith("firm-"):
            invented += 1
            assert firm["id"] == f"firm-{invented:04d}"
            assert firm["name"].endswith("(demo)")
            assert firm["town"] and firm["sector"] and firm["size"]


def test_confindustria_dih_its_founding_partners_and_seat(graph: Graph) -> None:
    twin = graph.nodes[TWIN]
    assert (twin["name"], twin["kind"], twin["founded"]) == (
        "Digital Innovation Hub Confindustria Bergamo",
        "dih",
        "2017-11-01",
    )
    assert graph.targets("SEATED_AT", TWIN) == ["kilometro-rosso"]
    seat = graph.nodes["kilometro-rosso"]
    assert (seat["town"], seat["kind"]) == ("Stezzano", "main")
    assert graph.neighbours("kilometro-rosso") == {TWIN}
    affiliations = graph.into["AFFILIATED_WITH", TWIN]
    founders = {
        graph.nodes[r["from"]]["name"] for r in affiliations if r["role"] == "founding-partner"
    }
    assert founders == {
        "Confindustria Bergamo",
        "DIH Lombardia",
        "Kilometro Rosso S.p.A.",
        "UBI Banca",
        "Università degli Studi di Bergamo",
    }
    assert graph.nodes["dih-lombardia"]["kind"] == "regional"
    members = graph.sources("MEMBER_OF", "confindustria-bergamo")
    assert len(members) == 12 and set(members) <= {r["from"] for r in affiliations}
    specialists = [e for e in graph.sources("AFFILIATED_WITH", TWIN) if graph.label[e] == "Expert"]
    assert 3 <= len(specialists) <= 4
    assert all(
        graph.nodes[e]["role"] == "specialist" and graph.targets("SKILLED_IN", e)
        for e in specialists
    )
    for pid in ("cdih-project-1", "cdih-project-2"):
        project = graph.nodes[pid]
        assert (project["kind"], project["year"]) == ("network", 2019)
        assert graph.sources("COORDINATES", pid) == ["confindustria-bergamo"]
        assert graph.targets("FUNDED_BY", pid) == ["voucher-ministerial"]
        assert set(graph.targets("ABOUT", pid)) <= {"industry-4-0", "cybersecurity"}
        assert set(graph.sources("ADVISES", pid)) <= set(specialists)


def test_a_few_bridges_are_the_only_ties_between_the_two_hubs(graph: Graph) -> None:
    ten_centres = set(graph.sources("PARTY_TO", HUB))
    bridge_firms = {
        f
        for f in graph.sources("AFFILIATED_WITH", TWIN)
        if graph.label[f] == "Firm"
        and any(
            graph.targets("RUNS", a)[0] in ten_centres
            for a in graph.targets("MEMBER_OF", f)
            if graph.targets("RUNS", a)
        )
    }
    assert len(bridge_firms) == 3
    twin_projects = set(graph.targets("COORDINATES", "confindustria-bergamo"))
    assert all(set(graph.targets("PARTICIPATES_IN", f)) - twin_projects for f in bridge_firms)
    assert (
        sum(bool(set(graph.targets("PARTICIPATES_IN", f)) & twin_projects) for f in bridge_firms)
        == 1
    )
    bridge_experts = {
        e
        for e in graph.sources("AFFILIATED_WITH", TWIN)
        if graph.label[e] == "Expert"
        and any(
            set(graph.sources("COORDINATES", p)) & ten_centres for p in graph.targets("ADVISES", e)
        )
    }
    assert len(bridge_experts) == 1
    (expert,) = bridge_experts
    assert set(graph.targets("ADVISES", expert)) & twin_projects
    # Topics and instruments are a shared vocabulary, not ties: leave them out.
    vocabulary = {i for i, label in graph.label.items() if label in ("Topic", "Instrument")}
    assert TWIN in graph.distances(HUB, vocabulary)
    assert TWIN not in graph.distances(HUB, vocabulary | bridge_firms | bridge_experts)
    # And every shortest path, whatever it crosses, goes through a bridge.
    shortest = graph.distances(HUB, set())[TWIN]
    assert graph.distances(HUB, bridge_firms | bridge_experts).get(TWIN, shortest + 1) > shortest
