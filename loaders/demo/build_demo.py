"""Generate the demo Bergamo network, ``loaders/demo/bergamo.json`` (the JSON import format).

The data is partly real and partly invented.

Real (the 2019 BergamoNews article and the press of those years): the ten associations of
Imprese & Territorio and Federottica Bergamo, the people named (Alberto Brivio, Edoardo Ranzini,
Paolo Zirafa of Ottica Zirafa, Marco Benedetti), the I&T Hub and its Point di Dalmine seat,
Confindustria Bergamo's DIH at the Kilometro Rosso and its founding partners, the funding
instruments, the topics, the opticians' project, and the article's figures: 10 service centres
signing in January 2018, 9 provincial offices, 18 officials, over 80,000 firms represented,
376 interventions, about EUR 20 million invested (two thirds own resources), and the Misura A
network projects (3 done with 21 firms, 5 starting with 19).

Invented: the firms (except Ottica Zirafa and the founding partners), the officials (except
Edoardo Ranzini), the specialists, the service centres' names, the towns of the provincial
offices, the split of the represented firms among the associations, and the projects (except
the opticians' one) with their amounts. Invented names and titles end in "(demo)", so they are
clearly fictional.

The model has no label for a bank, a university or a science park: UBI Banca, the University of
Bergamo and Kilometro Rosso S.p.A. (founding partners of Confindustria's DIH) are ``Firm`` nodes,
and the Kilometro Rosso park is also the DIH's seat, an ``Office``.

``python loaders/demo/build_demo.py`` rewrites the file; everything random comes from one
``random.Random(2018)``, so the output is byte-identical on every run.
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path
from typing import Any

Record = dict[str, Any]
Document = dict[str, Any]

OUTPUT = Path(__file__).with_name("bergamo.json")
SEED = 2018
HUB, TWIN, SEAT, OPTICIANS = "it-hub", "confindustria-dih", "point-dalmine", "opticians-network"
CONTRACT_SIGNED = "2018-01-15"
TARGET_INVESTMENT = 20_000_000
TARGET_OWN_SHARE = 2 / 3
BRIDGED_NETWORK = "network-2019-04"
# Investment ranges in kEUR: vouchers (at most EUR 10,000 each) fund small projects, appraisals
# (for the Industry 4.0 tax allowances) big ones.
KEUR = {"voucher-misura-b": (6, 30), "voucher-ministerial": (8, 25), "company-appraisal": (60, 420)}


def _table(text: str) -> list[list[str]]:
    """The rows of a ``|``-separated text table."""
    return [[cell.strip() for cell in line.split("|")] for line in text.strip().splitlines()]


def _words(text: str, sep: str | None = None) -> list[str]:
    return [word.strip() for word in text.split(sep)]


LABELS = _words("Association ServiceCentre Office Firm Expert Project Hub Topic Instrument")
TYPES = _words(
    "MEMBER_OF RUNS PARTY_TO SEATED_AT LINKED_TO WORKS_AT PARTICIPATES_IN COORDINATES ADVISES "
    "FUNDED_BY ABOUT SKILLED_IN AFFILIATED_WITH"
)
# id | name | titles of its single-firm interventions
TOPICS = _table("""
cybersecurity | Cybersicurezza | Analisi di sicurezza; Firewall e backup; Migrazione al cloud
agrifood | Agroalimentare | Tracciabilità di filiera; Sensori d'irrigazione; Catena del freddo
e-commerce | E-commerce | Negozio online e pagamenti; Vendita sui marketplace; Portale ordini B2B
social-services | Servizi sociali | Gestionale dell'assistenza; Cartella domiciliare; Gestione turni
web-social-communication | Comunicazione web e social | Nuovo sito web; Piano per i social network
industry-4-0 | Impresa 4.0 | Macchina CNC connessa; Monitoraggio produzione; Cella robotizzata IoT
""")
TITLES = {topic: _words(titles, ";") for topic, _, titles in TOPICS}
INSTRUMENTS = _table("""
voucher-misura-a    | Voucher camerale Misura A | Camera di Commercio di Bergamo
voucher-misura-b    | Voucher camerale Misura B | Camera di Commercio di Bergamo
voucher-ministerial | Voucher ministeriale      | Ministero dello Sviluppo Economico
company-appraisal   | Perizia d'impresa         |
""")
# id | name | sector | firms represented (the split is invented; the total, 83,400, is not)
ASSOCIATIONS = _table("""
ascom-bergamo               | Ascom Confcommercio Bergamo     | commerce and services  | 15000
cia-bergamo                 | CIA Bergamo                     | agriculture            |  3000
coldiretti-bergamo          | Coldiretti Bergamo              | agriculture            |  8000
confartigianato-bergamo     | Confartigianato Imprese Bergamo | crafts                 | 24000
confcooperative-bergamo     | Confcooperative Bergamo         | cooperatives           |  1500
confesercenti-bergamo       | Confesercenti Bergamo           | commerce and tourism   |  6000
confimi-apindustria-bergamo | Confimi Apindustria Bergamo     | manufacturing          |  1600
cna-bergamo                 | CNA Bergamo                     | crafts, small business | 12000
fai-conftrasporto-bergamo   | FAI Conftrasporto Bergamo       | transport, logistics   |  2800
lia-bergamo                 | LIA Bergamo                     | small business         |  9500
""")
# association | firms with an intervention (only) | topics of their interventions
INTERVENTIONS = _table("""
ascom-bergamo               | 60 | e-commerce web-social-communication cybersecurity
cia-bergamo                 | 15 | agrifood e-commerce
coldiretti-bergamo          | 30 | agrifood e-commerce web-social-communication
confartigianato-bergamo     | 70 | industry-4-0 cybersecurity web-social-communication e-commerce
confcooperative-bergamo     | 20 | social-services web-social-communication cybersecurity
confesercenti-bergamo       | 30 | e-commerce web-social-communication
confimi-apindustria-bergamo | 25 | industry-4-0 cybersecurity
cna-bergamo                 | 45 | industry-4-0 web-social-communication cybersecurity e-commerce
fai-conftrasporto-bergamo   | 15 | cybersecurity e-commerce industry-4-0
lia-bergamo                 | 20 | e-commerce cybersecurity web-social-communication
""")
# association | sector:name prefix of its invented firms
FIRM_KINDS = {
    association: [(kind.split(":")[0], kind.split(":")[1]) for kind in _words(kinds, ",")]
    for association, kinds in _table("""
ascom-bergamo           | retail:Bottega, hospitality:Albergo, catering:Ristorante, tourism:Viaggi
cia-bergamo             | agriculture:Azienda Agricola, winery:Cantina, agritourism:Agriturismo
coldiretti-bergamo      | agriculture:Azienda Agricola, dairy:Caseificio, beekeeping:Apicoltura
confartigianato-bergamo | metalworking:Meccanica, woodworking:Falegnameria, construction:Edilizia
confcooperative-bergamo | social services:Cooperativa Sociale, agriculture:Cooperativa Agricola
confesercenti-bergamo   | retail:Emporio, hospitality:Trattoria, fashion retail:Boutique
confimi-apindustria-bergamo | metalworking:Officine, plastics:Plastiche, electronics:Elettronica
cna-bergamo             | printing:Tipografia, car repair:Autofficina, ICT services:Informatica
fai-conftrasporto-bergamo | road haulage:Autotrasporti, logistics:Logistica, couriers:Spedizioni
lia-bergamo             | trade:Commerciale, business services:Servizi, ICT services:Digitale
federottica-bergamo     | optics:Ottica
confindustria-bergamo   | machinery:Macchine, rubber:Gomma, chemicals:Chimica, textiles:Tessuti
""")
}
# Misura A network projects: id | status | firms | topics | associations of the firms
NETWORKS = _table("""
opticians-network | completed | 7 | web-social-communication | federottica-bergamo
network-2018-02 | completed | 8 | agrifood e-commerce | coldiretti-bergamo cia-bergamo
network-2018-03 | completed | 6 | cybersecurity | confimi-apindustria-bergamo cna-bergamo
network-2019-01 | starting | 4 | e-commerce web-social-communication | ascom-bergamo
network-2019-02 | starting | 4 | social-services | confcooperative-bergamo
network-2019-03 | starting | 3 | agrifood industry-4-0 | cia-bergamo coldiretti-bergamo
network-2019-04 | starting | 4 | industry-4-0 cybersecurity | confartigianato-bergamo cna-bergamo
network-2019-05 | starting | 4 | cybersecurity e-commerce | fai-conftrasporto-bergamo lia-bergamo
""")
NETWORK_TITLES = dict(
    _table("""
opticians-network | Comunicazione web e social per ottici e optometristi della provincia di Bergamo
network-2018-02   | Tracciabilità e vendita online per i produttori alimentari orobici (demo)
network-2018-03   | Sicurezza informatica di base per i subfornitori metalmeccanici (demo)
network-2019-01   | Prenotazioni online ed e-commerce per l'ospitalità di lago e di valle (demo)
network-2019-02   | Piattaforma digitale comune per l'assistenza delle cooperative sociali (demo)
network-2019-03   | Monitoraggio IoT per le aziende lattiero-casearie di montagna (demo)
network-2019-04   | Verso l'Impresa 4.0: le botteghe artigiane (demo)
network-2019-05   | Telematica delle flotte e sicurezza dei dati per gli autotrasportatori (demo)
""")
)
NAME_WORDS = _words(
    "Serio Brembo Adda Orobica Bergamasca Rota Locatelli Pesenti Gritti Carminati Bonomi Mazzoleni "
    "Cortinovis Zanchi Milesi Ravasio Previtali Belotti Brembilla Facchinetti Valseriana Presolana "
    "Isola Colleoni Arera Resegone Sebino Cherio Morla Oglio Albenza Cavallina Imagna Taleggio "
    "Scalve Averara Goisis Quarenghi Donizetti Tasso Lotto Moroni Baschenis Sora Dezzo Borlezza"
)
TOWNS = _words(
    "Bergamo, Dalmine, Treviglio, Seriate, Romano di Lombardia, Albino, Caravaggio, Stezzano, "
    "Osio Sotto, Curno, Ponte San Pietro, Zogno, San Pellegrino Terme, Clusone, Lovere, Sarnico, "
    "Alzano Lombardo, Nembro, Grumello del Monte, Calusco d'Adda, Martinengo, Ghisalba, "
    "Verdellino, Trescore Balneario, Gorle, Costa Volpino, Bonate Sopra, Mozzo, Lallio, "
    "Azzano San Paolo, Cologno al Serio, Villa d'Almè",
    ",",
)
OFFICE_TOWNS = _words(
    "Bergamo, Treviglio, Seriate, Romano di Lombardia, Albino, Zogno, Clusone, Ponte San Pietro, "
    "Sarnico",
    ",",
)
PEOPLE = [
    f"{first} {last} (demo)"
    for first in _words("Giulia Marco Chiara Luca Francesca Andrea Sara Matteo Elena Davide")
    for last in _words("Rota Locatelli Pesenti Gritti Carminati Bonomi Mazzoleni Ghisleni Zanchi")
]
SIZES, SIZE_WEIGHTS = ("micro", "small", "medium", "large"), (45, 35, 17, 3)


class Graph:
    """Nodes and relationships as import records; ids are checked for uniqueness."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.nodes: dict[str, list[Record]] = {label: [] for label in LABELS}
        self.rels: dict[str, list[Record]] = {rel_type: [] for rel_type in TYPES}
        self.ids: set[str] = set()
        self.stems: set[str] = set()
        self.member_of: dict[str, str] = {}
        self.invented_firms = 0

    def node(self, label: str, node_id: str, **props: Any) -> str:
        if node_id in self.ids:
            raise ValueError(f"duplicate id {node_id!r}")
        self.ids.add(node_id)
        self.nodes[label].append({"id": node_id, **{k: v for k, v in props.items() if v != ""}})
        return node_id

    def rel(self, rel_type: str, start: str, end: str, **props: Any) -> None:
        self.rels[rel_type].append({"from": start, "to": end, **props})
        if rel_type == "MEMBER_OF":
            self.member_of[start] = end

    def firm(self, association: str) -> str:
        """A new invented firm, member of ``association``."""
        while True:
            sector, prefix = self.rng.choice(FIRM_KINDS[association])
            stem = f"{prefix} {self.rng.choice(NAME_WORDS)}"
            if stem not in self.stems:
                break
        self.stems.add(stem)
        form = self.rng.choice(("S.r.l.", "S.n.c.", "S.a.s.", "S.p.A."))
        if prefix.startswith(("Azienda", "Agriturismo", "Apicoltura", "Cooperativa")):
            form = "Soc. Coop." if prefix.startswith("Cooperativa") else ""
        size = self.rng.choices(SIZES, SIZE_WEIGHTS)[0]
        name = " ".join(part for part in (stem, form, "(demo)") if part)
        self.invented_firms += 1
        firm_id = f"firm-{self.invented_firms:04d}"
        self.node("Firm", firm_id, name=name, town=self.rng.choice(TOWNS), sector=sector, size=size)
        self.rel("MEMBER_OF", firm_id, association)
        return firm_id

    def project(self, project_id: str, title: str, kind: str, status: str, year: int) -> str:
        return self.node("Project", project_id, title=title, kind=kind, status=status, year=year)

    def finance(self, project_id: str, investment: float, own_pct: int, instrument: str) -> None:
        """Set a project's investment and own share; the instrument pays the rest."""
        record = next(p for p in self.nodes["Project"] if p["id"] == project_id)
        record.update(investment=investment, ownShare=own_pct / 100)
        cents = round(investment) * (100 - own_pct)  # investments are whole euros
        self.rel("FUNDED_BY", project_id, instrument, amount=cents / 100)


def vocabulary(g: Graph) -> None:
    for topic_id, name, _ in TOPICS:
        g.node("Topic", topic_id, name=name)
    for instrument_id, name, issuer in INSTRUMENTS:
        g.node("Instrument", instrument_id, name=name, issuer=issuer)


def associations(g: Graph) -> None:
    """The I&T Hub, the ten associations and their service centres (the contract's parties)."""
    name = "Innovation & Technology Hub — Imprese & Territorio"
    g.node("Hub", HUB, name=name, kind="dih", founded=CONTRACT_SIGNED)
    for assoc_id, assoc_name, sector, represented in ASSOCIATIONS:
        props = {"name": assoc_name, "sector": sector, "representedFirms": int(represented)}
        g.node("Association", assoc_id, **props)
        centre = f"{assoc_name.split()[0]} Servizi Bergamo (demo)"
        g.node("ServiceCentre", f"sc-{assoc_id}", name=centre)
        g.rel("RUNS", assoc_id, f"sc-{assoc_id}")
        g.rel("PARTY_TO", f"sc-{assoc_id}", HUB, since=CONTRACT_SIGNED)
    g.node("Association", "federottica-bergamo", name="Federottica Bergamo", sector="optics")
    g.rel("MEMBER_OF", "federottica-bergamo", "ascom-bergamo")


def offices(g: Graph) -> list[str]:
    """The Point di Dalmine seat and the nine provincial offices linked to it."""
    g.node("Office", SEAT, name="Point di Dalmine", town="Dalmine", kind="main")
    g.rel("SEATED_AT", HUB, SEAT)
    ids = [SEAT]
    for town in OFFICE_TOWNS:
        office_id = "office-" + town.lower().replace(" ", "-")
        name = f"Sede I&T Hub di {town} (demo)"
        ids.append(g.node("Office", office_id, name=name, town=town, kind="provincial"))
        g.rel("LINKED_TO", office_id, SEAT)
    return ids


def people(g: Graph, office_ids: list[str]) -> dict[str, list[str]]:
    """The two executives and the 18 officials; returns the officials skilled in each topic."""
    for expert_id, name, role, position in _table("""
alberto-brivio  | Alberto Brivio  | executive | Presidente, Imprese & Territorio
marco-benedetti | Marco Benedetti | executive | Presidente, Federottica Bergamo
edoardo-ranzini | Edoardo Ranzini | official  | Coordinatore, Imprese & Territorio
"""):
        g.node("Expert", expert_id, name=name, role=role, position=position)
    g.rel("AFFILIATED_WITH", "alberto-brivio", HUB, role="member")
    officials = ["edoardo-ranzini"]
    position = "Referente per l'innovazione, I&T Hub"
    for n, name in enumerate(g.rng.sample(PEOPLE, 17), start=1):
        officials.append(f"official-{n:02d}")
        g.node("Expert", officials[-1], name=name, role="official", position=position)
    skilled: dict[str, list[str]] = {topic: [] for topic, *_ in TOPICS}
    topics = list(skilled)
    for n, official in enumerate(officials):
        g.rel("WORKS_AT", official, office_ids[n % len(office_ids)])  # Ranzini at the seat
        own = [topics[n % len(topics)]]
        if g.rng.random() < 0.5:
            own.append(g.rng.choice([t for t in topics if t != own[0]]))
        for topic in own:
            g.rel("SKILLED_IN", official, topic)
            skilled[topic].append(official)
    return skilled


def network_projects(g: Graph, skilled: dict[str, list[str]]) -> dict[str, list[str]]:
    """The eight Misura A network projects; returns the firms of each."""
    name, contact = "Ottica Zirafa", "Paolo Zirafa"
    g.node("Firm", "ottica-zirafa", name=name, sector="optics", size="micro", contact=contact)
    g.rel("MEMBER_OF", "ottica-zirafa", "federottica-bergamo")
    g.rel("ADVISES", "marco-benedetti", OPTICIANS)
    firms: dict[str, list[str]] = {}
    for project_id, status, size, topics, pool in NETWORKS:
        year, pools = (2018 if status == "completed" else 2019), pool.split()
        g.project(project_id, NETWORK_TITLES[project_id], "network", status, year)
        members = ["ottica-zirafa"] if project_id == OPTICIANS else []
        while len(members) < int(size):
            members.append(g.firm(pools[len(members) % len(pools)]))
        for n, firm in enumerate(members):
            g.rel("PARTICIPATES_IN", firm, project_id, role="promoter" if n == 0 else "partner")
        # Misura A pays up to 70% of the cost and EUR 15,000 per firm.
        investment = float(sum(round(g.rng.randint(12_000, 24_000), -1) for _ in members))
        g.finance(project_id, investment, g.rng.randint(40, 50), "voucher-misura-a")
        for topic in topics.split():
            g.rel("ABOUT", project_id, topic)
        coordinator = pools[0] if project_id == OPTICIANS else f"sc-{pools[0]}"
        g.rel("COORDINATES", coordinator, project_id)
        for official in g.rng.sample(skilled[topics.split()[0]], g.rng.randint(1, 2)):
            g.rel("ADVISES", official, project_id)
        firms[project_id] = members
    return firms


def interventions(g: Graph, skilled: dict[str, list[str]], network_firms: list[str]) -> None:
    """The 376 single-firm interventions of 2018, scaled to the article's totals."""
    rng = g.rng
    firms = [g.firm(assoc) for assoc, count, _ in INTERVENTIONS for _ in range(int(count))]
    firms += rng.sample(firms, 34)  # a few firms have two interventions
    firms += rng.sample(network_firms, 12)  # and some firms of network projects have one
    rng.shuffle(firms)
    pools = {assoc: topics.split() for assoc, _, topics in INTERVENTIONS}
    drafts: list[tuple[str, list[str], str, int]] = []
    for firm in firms:
        topics = rng.sample(pools[g.member_of[firm]], 2 if rng.random() < 0.3 else 1)
        weights = (0.2, 0.1, 0.7) if "industry-4-0" in topics else (0.5, 0.4, 0.1)
        instrument = rng.choices(list(KEUR), weights)[0]
        drafts.append((firm, topics, instrument, rng.randint(*KEUR[instrument]) * 1000))
    done = g.nodes["Project"]
    scale = (TARGET_INVESTMENT - sum(p["investment"] for p in done)) / sum(d[3] for d in drafts)
    investments = [float(round(d[3] * scale, -1)) for d in drafts]
    shares: list[int] = []  # own shares in percent; those of appraisals (0 here) are set below
    for (_, _, instrument, _), investment in zip(drafts, investments, strict=True):
        if instrument == "voucher-misura-b":
            shares.append(rng.randint(50, 60))
        elif instrument == "voucher-ministerial":  # 50% of the cost, at most EUR 10,000
            shares.append(max(50, math.ceil(100 * (1 - 10_000 / investment))))
        else:
            shares.append(0)
    own = sum(p["investment"] * p["ownShare"] for p in done)
    own += sum(i * s / 100 for i, s in zip(investments, shares, strict=True))
    appraised = sum(i for i, s in zip(investments, shares, strict=True) if not s)
    needed = round(100 * (TARGET_OWN_SHARE * TARGET_INVESTMENT - own) / appraised)
    for n, ((firm, topics, instrument, _), investment, share) in enumerate(
        zip(drafts, investments, shares, strict=True), start=1
    ):
        project_id = f"intervention-2018-{n:03d}"
        title = f"{rng.choice(TITLES[topics[0]])} (demo)"
        status = "completed" if rng.random() < 0.6 else "running"
        g.project(project_id, title, "intervention", status, 2018)
        g.finance(project_id, investment, share or needed + rng.randint(-4, 4), instrument)
        for topic in topics:
            g.rel("ABOUT", project_id, topic)
        g.rel("COORDINATES", f"sc-{g.member_of[firm]}", project_id)
        g.rel("PARTICIPATES_IN", firm, project_id, role="beneficiary")
        g.rel("ADVISES", rng.choice(skilled[topics[0]]), project_id)


def twin_hub(g: Graph, bridged_firm: str) -> None:
    """Confindustria Bergamo's DIH, its partners, firms and projects, and the few bridges."""
    name = "Digital Innovation Hub Confindustria Bergamo"
    g.node("Hub", TWIN, name=name, kind="dih", founded="2017-11-01")
    g.node("Office", "kilometro-rosso", name="Kilometro Rosso", town="Stezzano", kind="main")
    g.rel("SEATED_AT", TWIN, "kilometro-rosso")
    g.node("Association", "confindustria-bergamo", name="Confindustria Bergamo", sector="industry")
    g.node("Hub", "dih-lombardia", name="DIH Lombardia", kind="regional")
    founders = _table("""
kilometro-rosso-spa   | Kilometro Rosso S.p.A.            | Stezzano | science and technology park
ubi-banca             | UBI Banca                         | Bergamo  | banking
university-of-bergamo | Università degli Studi di Bergamo | Bergamo  | higher education
""")
    for firm_id, name, town, sector in founders:
        g.node("Firm", firm_id, name=name, town=town, sector=sector, size="large")
    for partner in ["confindustria-bergamo", "dih-lombardia", *(row[0] for row in founders)]:
        g.rel("AFFILIATED_WITH", partner, TWIN, role="founding-partner")
    members = [g.firm("confindustria-bergamo") for _ in range(12)]
    specialists = []
    names = g.rng.sample(sorted(set(PEOPLE) - {e["name"] for e in g.nodes["Expert"]}), 4)
    skills = _words("industry-4-0, cybersecurity, cybersecurity industry-4-0, e-commerce", ",")
    position = "Specialista in trasformazione digitale"
    for n, (name, topics) in enumerate(zip(names, skills, strict=True), start=1):
        specialists.append(f"specialist-{n}")
        g.node("Expert", specialists[-1], name=name, role="specialist", position=position)
        g.rel("AFFILIATED_WITH", specialists[-1], TWIN, role="partner")
        for topic in topics.split():
            g.rel("SKILLED_IN", specialists[-1], topic)
    # The only bridges: three I&T firms (one also in a Confindustria project), one specialist.
    candidates = {
        r["from"]
        for r in g.rels["PARTICIPATES_IN"]
        if r["role"] == "beneficiary" and g.member_of[r["from"]] == "confimi-apindustria-bergamo"
    }
    for firm in [*members, bridged_firm, *g.rng.sample(sorted(candidates - {bridged_firm}), 2)]:
        g.rel("AFFILIATED_WITH", firm, TWIN, role="member")
    g.rel("ADVISES", specialists[2], BRIDGED_NETWORK)
    projects = _table("""
cdih-project-1 | 140000 | industry-4-0 | Manutenzione predittiva per i costruttori di macchine
cdih-project-2 | 120000 | cybersecurity industry-4-0 | Monitoraggio della sicurezza nella filiera
""")
    teams = (([*members[:6], bridged_firm], specialists[0::3]), (members[6:], specialists[1:3]))
    for (project_id, investment, topics, title), team in zip(projects, teams, strict=True):
        g.project(project_id, f"{title} (demo)", "network", "running", 2019)
        g.finance(project_id, float(investment), 60, "voucher-ministerial")
        for topic in topics.split():
            g.rel("ABOUT", project_id, topic)
        g.rel("COORDINATES", "confindustria-bergamo", project_id)
        for n, firm in enumerate(team[0]):
            g.rel("PARTICIPATES_IN", firm, project_id, role="promoter" if n == 0 else "partner")
        for expert in team[1]:
            g.rel("ADVISES", expert, project_id)


def build() -> Document:
    """The whole demo document, with records sorted as the exporter writes them."""
    g = Graph(random.Random(SEED))
    vocabulary(g)
    associations(g)
    skilled = people(g, offices(g))
    firms = network_projects(g, skilled)
    interventions(g, skilled, [f for p, fs in firms.items() if p != OPTICIANS for f in fs])
    twin_hub(g, firms[BRIDGED_NETWORK][1])
    nodes = {label: sorted(rs, key=lambda r: str(r["id"])) for label, rs in g.nodes.items()}
    rels = {t: sorted(rs, key=lambda r: (str(r["from"]), str(r["to"]))) for t, rs in g.rels.items()}
    return {"format": "graph-service/1", "nodes": nodes, "relationships": rels}


def render(doc: Document) -> str:
    """The document as JSON text, one record per line, laid out as the exporter writes it."""
    parts = ["{", f'  "format": {json.dumps(doc["format"])},']
    for section in ("nodes", "relationships"):
        groups = []
        for name, records in doc[section].items():
            lines = [f"      {json.dumps(r, ensure_ascii=False, sort_keys=False)}" for r in records]
            body = "[\n" + ",\n".join(lines) + "\n    ]" if records else "[]"
            groups.append(f"    {json.dumps(name)}: {body}")
        closing = "  }," if section == "nodes" else "  }"
        parts += [f'  "{section}": {{', ",\n".join(groups), closing]
    return "\n".join([*parts, "}"]) + "\n"


def main() -> None:
    OUTPUT.write_text(render(build()), encoding="utf-8", newline="\n")
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
