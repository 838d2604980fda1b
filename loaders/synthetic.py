"""A seeded synthetic network shaped like the real one, at any size (80,000 firms by default).

The demo data set (``loaders/demo``) reproduces the article's first year; this one is for
measuring the service at the size the hub really has. For ``firms`` = N it holds:

- the ten associations of Imprese & Territorio with their service centres, party to the I&T
  Hub's network contract, Federottica Bergamo inside Ascom, and Confindustria Bergamo;
- the I&T Hub seated at the Point di Dalmine with nine provincial offices linked to it; the twin
  hub ``confindustria-dih`` at the Kilometro Rosso, with DIH Lombardia as a founding partner;
- topics and the four funding instruments;
- 18 officials working at the offices and ``300 N / 80,000`` specialists (at least 12),
  affiliated with one hub or the other, each skilled in one to three topics;
- N firms, each a member of one association (weighted by the firms it represents) and one in
  ten of a second; 5% belong to Confindustria Bergamo and are affiliated with its DIH, and a
  few I&T firms (0.3%) are affiliated with it too (the bridges between the two networks);
- ``2,000 N / 80,000`` network projects (at least 3) of 3 to 20 firms, mostly drawn from the
  lead association's firms, funded by Misura A vouchers (the twin hub's: ministerial vouchers),
  and ``6,000 N / 80,000`` single-firm interventions (at least 5), each about one or two
  topics, coordinated by a service centre (or Confindustria Bergamo) and advised by experts.

Everything random comes from one ``random.Random(seed)``: the same size and seed give the same
records in the same order, hence byte-identical files. Names and titles end in "(synthetic)".
The records are in the import format (:mod:`graph_service.domain.records`) and go through the
loader's own validation before anything is written.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from pathlib import Path

from graph_service.domain.model import PropertyValue
from graph_service.domain.records import GraphRecords, NodeRecord, RelationshipRecord
from loaders import csv_format, json_format

FULL_SIZE = 80_000
MIN_FIRMS = 100
HUB, TWIN, SEAT, REGIONAL = "it-hub", "confindustria-dih", "point-dalmine", "dih-lombardia"
TWIN_ASSOCIATION, TWIN_SEAT = "confindustria-bergamo", "kilometro-rosso"
CONTRACT_SIGNED = dt.date(2018, 1, 15)
# id | name | sector | firms represented (weights for drawing a firm's association)
ASSOCIATIONS = (
    ("ascom-bergamo", "Ascom Confcommercio Bergamo", "commerce and services", 15000),
    ("cia-bergamo", "CIA Bergamo", "agriculture", 3000),
    ("coldiretti-bergamo", "Coldiretti Bergamo", "agriculture", 8000),
    ("confartigianato-bergamo", "Confartigianato Imprese Bergamo", "crafts", 24000),
    ("confcooperative-bergamo", "Confcooperative Bergamo", "cooperatives", 1500),
    ("confesercenti-bergamo", "Confesercenti Bergamo", "commerce and tourism", 6000),
    ("confimi-apindustria-bergamo", "Confimi Apindustria Bergamo", "manufacturing", 1600),
    ("cna-bergamo", "CNA Bergamo", "crafts, small business", 12000),
    ("fai-conftrasporto-bergamo", "FAI Conftrasporto Bergamo", "transport, logistics", 2800),
    ("lia-bergamo", "LIA Bergamo", "small business", 9500),
)
TOPICS = (
    "cybersecurity", "agrifood", "e-commerce", "social-services", "web-social-communication",
    "industry-4-0", "logistics", "energy", "tourism", "health", "design", "fintech",
)  # fmt: skip
INSTRUMENTS = (
    ("voucher-misura-a", "Voucher camerale Misura A", "Camera di Commercio di Bergamo"),
    ("voucher-misura-b", "Voucher camerale Misura B", "Camera di Commercio di Bergamo"),
    ("voucher-ministerial", "Voucher ministeriale", "Ministero dello Sviluppo Economico"),
    ("company-appraisal", "Perizia d'impresa", ""),
)
OFFICE_TOWNS = (
    "Bergamo", "Treviglio", "Seriate", "Romano di Lombardia", "Albino", "Zogno", "Clusone",
    "Ponte San Pietro", "Sarnico",
)  # fmt: skip
TOWNS = (
    *OFFICE_TOWNS, "Dalmine", "Caravaggio", "Stezzano", "Osio Sotto", "Curno", "Lovere",
    "Alzano Lombardo", "Nembro", "Grumello del Monte", "Martinengo", "Ghisalba", "Gorle",
)  # fmt: skip
SECTORS = (
    "retail", "hospitality", "agriculture", "metalworking", "woodworking", "construction",
    "social services", "printing", "ICT services", "logistics", "machinery", "optics",
)  # fmt: skip
SIZES, SIZE_WEIGHTS = ("micro", "small", "medium", "large"), (45, 35, 17, 3)
YEARS = tuple(range(2018, 2025))


class _Builder:
    """Records in the order they are made; ids are checked for uniqueness."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.graph = GraphRecords()
        self.ids: set[str] = set()
        self.pairs: set[tuple[str, str, str]] = set()

    def node(self, label: str, node_id: str, **props: PropertyValue) -> str:
        if node_id in self.ids:
            raise ValueError(f"duplicate id {node_id!r}")
        self.ids.add(node_id)
        values = {k: v for k, v in props.items() if v != ""}
        self.graph.add_node(NodeRecord(label, node_id, values))
        return node_id

    def rel(self, rel_type: str, start: str, end: str, **props: PropertyValue) -> None:
        if (rel_type, start, end) not in self.pairs:
            self.pairs.add((rel_type, start, end))
            self.graph.add_relationship(RelationshipRecord(rel_type, start, end, props))


def scaled(full: int, firms: int, minimum: int) -> int:
    """``full`` (its value at 80,000 firms) scaled to ``firms``, and at least ``minimum``."""
    return max(minimum, round(full * firms / FULL_SIZE))


def generate(firms: int = FULL_SIZE, seed: int = 1) -> GraphRecords:
    """The synthetic network with ``firms`` firms (see the module docstring)."""
    if firms < MIN_FIRMS:
        raise ValueError(f"firms must be at least {MIN_FIRMS}, got {firms}")
    b = _Builder(random.Random(seed))
    _frame(b)
    officials, specialists = _experts(b, scaled(300, firms, 12))
    members = _firms(b, firms)
    experts = {"it": officials + specialists[0], "twin": specialists[1]}
    _projects(b, members, experts, scaled(2000, firms, 3), scaled(6000, firms, 5))
    return b.graph


def _frame(b: _Builder) -> None:
    """Hubs, associations and service centres, offices, topics and instruments."""
    b.node("Hub", HUB, name="Innovation & Technology Hub", kind="dih", founded=CONTRACT_SIGNED)
    twin_name = "Digital Innovation Hub Confindustria Bergamo"
    b.node("Hub", TWIN, name=twin_name, kind="dih", founded=dt.date(2017, 11, 1))
    b.node("Hub", REGIONAL, name="DIH Lombardia", kind="regional")
    b.rel("AFFILIATED_WITH", REGIONAL, TWIN, role="founding-partner")
    for assoc_id, name, sector, represented in ASSOCIATIONS:
        b.node("Association", assoc_id, name=name, sector=sector, representedFirms=represented)
        centre = f"sc-{assoc_id}"
        b.node("ServiceCentre", centre, name=f"{name.split()[0]} Servizi (synthetic)")
        b.rel("RUNS", assoc_id, centre)
        b.rel("PARTY_TO", centre, HUB, since=CONTRACT_SIGNED)
    b.node("Association", "federottica-bergamo", name="Federottica Bergamo", sector="optics")
    b.rel("MEMBER_OF", "federottica-bergamo", "ascom-bergamo")
    b.node("Association", TWIN_ASSOCIATION, name="Confindustria Bergamo", sector="industry")
    b.rel("AFFILIATED_WITH", TWIN_ASSOCIATION, TWIN, role="founding-partner")
    b.node("Office", SEAT, name="Point di Dalmine", town="Dalmine", kind="main")
    b.rel("SEATED_AT", HUB, SEAT)
    for town in OFFICE_TOWNS:
        office = b.node(
            "Office",
            "office-" + town.lower().replace(" ", "-"),
            name=f"I&T Hub office {town} (synthetic)",
            town=town,
            kind="provincial",
        )
        b.rel("LINKED_TO", office, SEAT)
    b.node("Office", TWIN_SEAT, name="Kilometro Rosso", town="Stezzano", kind="main")
    b.rel("SEATED_AT", TWIN, TWIN_SEAT)
    for topic in TOPICS:
        b.node("Topic", topic, name=topic.replace("-", " ").capitalize())
    for instrument_id, name, issuer in INSTRUMENTS:
        b.node("Instrument", instrument_id, name=name, issuer=issuer)


def _experts(b: _Builder, count: int) -> tuple[list[str], tuple[list[str], list[str]]]:
    """18 officials at the offices; specialists of the I&T Hub (80%) and of the twin hub."""
    offices = [r.id for r in b.graph.nodes["Office"] if r.id != TWIN_SEAT]
    officials = []
    for n in range(1, 19):
        official = b.node(
            "Expert", f"official-{n:02d}", name=f"Official {n} (synthetic)", role="official"
        )
        b.rel("WORKS_AT", official, offices[(n - 1) % len(offices)])
        officials.append(official)
    ours: list[str] = []
    theirs: list[str] = []
    for n in range(1, count + 1):
        twin = b.rng.random() < 0.2
        specialist = b.node(
            "Expert", f"specialist-{n:04d}", name=f"Specialist {n} (synthetic)", role="specialist"
        )
        b.rel("AFFILIATED_WITH", specialist, TWIN if twin else HUB, role="partner")
        (theirs if twin else ours).append(specialist)
    for expert in officials + ours + theirs:
        for topic in b.rng.sample(TOPICS, b.rng.choice((1, 1, 2, 3))):
            b.rel("SKILLED_IN", expert, topic)
    return officials, (ours, theirs)


def _firms(b: _Builder, count: int) -> dict[str, list[str]]:
    """``count`` firms; returns the firms of each association (the twin's included)."""
    ids = [a[0] for a in ASSOCIATIONS]
    weights = [a[3] for a in ASSOCIATIONS]
    members: dict[str, list[str]] = {a: [] for a in (*ids, TWIN_ASSOCIATION)}
    rng = b.rng
    width = max(6, len(str(count)))
    for n in range(1, count + 1):
        firm = b.node(
            "Firm",
            f"firm-{n:0{width}d}",
            name=f"{rng.choice(SECTORS).capitalize()} {n} (synthetic)",
            town=rng.choice(TOWNS),
            sector=rng.choice(SECTORS),
            size=rng.choices(SIZES, SIZE_WEIGHTS)[0],
        )
        if rng.random() < 0.05:
            association = TWIN_ASSOCIATION
            b.rel("AFFILIATED_WITH", firm, TWIN, role="member")
        else:
            association = rng.choices(ids, weights)[0]
            if rng.random() < 0.003:
                b.rel("AFFILIATED_WITH", firm, TWIN, role="member")
        b.rel("MEMBER_OF", firm, association)
        members[association].append(firm)
        if association != TWIN_ASSOCIATION and rng.random() < 0.1:
            second = rng.choice(ids)
            if second != association:
                b.rel("MEMBER_OF", firm, second)
    return members


def _projects(
    b: _Builder,
    members: dict[str, list[str]],
    experts: dict[str, list[str]],
    networks: int,
    interventions: int,
) -> None:
    """Network projects of 3-20 firms, then single-firm interventions."""
    rng = b.rng
    ours = [a[0] for a in ASSOCIATIONS]
    everyone = [firm for firms in members.values() for firm in firms]
    for n in range(1, networks + 1):
        lead = TWIN_ASSOCIATION if rng.random() < 0.08 else rng.choice(ours)
        pool = members[lead] if members[lead] and rng.random() < 0.7 else everyone
        firms = rng.sample(pool, min(rng.randint(3, 20), len(pool)))
        instrument = "voucher-ministerial" if lead == TWIN_ASSOCIATION else "voucher-misura-a"
        project = _project(b, f"network-{n:05d}", "network", instrument, len(firms))
        b.rel("COORDINATES", lead if lead == TWIN_ASSOCIATION else f"sc-{lead}", project)
        for k, firm in enumerate(firms):
            b.rel("PARTICIPATES_IN", firm, project, role="promoter" if k == 0 else "partner")
        _advise(b, project, experts["twin" if lead == TWIN_ASSOCIATION else "it"])
    home = {firm: assoc for assoc, firms in members.items() for firm in firms}
    for n in range(1, interventions + 1):
        firm = rng.choice(everyone)
        instrument = rng.choices(INSTRUMENTS[1:], (5, 3, 2))[0][0]
        project = _project(b, f"intervention-{n:05d}", "intervention", instrument, 1)
        lead = home[firm]
        b.rel("COORDINATES", lead if lead == TWIN_ASSOCIATION else f"sc-{lead}", project)
        b.rel("PARTICIPATES_IN", firm, project, role="beneficiary")
        _advise(b, project, experts["twin" if lead == TWIN_ASSOCIATION else "it"])


def _project(b: _Builder, project_id: str, kind: str, instrument: str, firms: int) -> str:
    rng = b.rng
    topics = rng.sample(TOPICS, rng.choice((1, 1, 2)))
    year = rng.choice(YEARS)
    status = "completed" if year < 2023 else rng.choice(("running", "starting"))
    investment = float(rng.randint(6, 420) * 1000 * (firms if firms > 1 else 1))
    own_pct = rng.randint(30, 70)
    title = f"{topics[0].replace('-', ' ').capitalize()} project {project_id[-5:]} (synthetic)"
    b.node(
        "Project",
        project_id,
        title=title,
        kind=kind,
        status=status,
        year=year,
        investment=investment,
        ownShare=own_pct / 100,
    )
    b.rel("FUNDED_BY", project_id, instrument, amount=investment * (100 - own_pct) / 100)
    for topic in topics:
        b.rel("ABOUT", project_id, topic)
    return project_id


def _advise(b: _Builder, project: str, experts: Sequence[str]) -> None:
    for expert in b.rng.sample(experts, min(len(experts), b.rng.choice((1, 1, 2)))):
        b.rel("ADVISES", expert, project)


def write(graph: GraphRecords, out: Path, file_format: str) -> list[Path]:
    """Write ``graph`` in the import format: a CSV directory, or ``out`` as a JSON document
    (``.json`` is added to its name if missing)."""
    if file_format == "csv":
        return csv_format.write_directory(out, graph)
    path = out if out.suffix.lower() == ".json" else out.with_name(out.name + ".json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json_format.render_document(graph), encoding="utf-8", newline="\n")
    return [path]
