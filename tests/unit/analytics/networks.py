"""Small graphs in the projection's contract: a MultiDiGraph keyed by relationship type."""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

import networkx as nx


def relate(G: nx.MultiDiGraph[Any], source: str, type_: str, target: str, **props: Any) -> None:
    """Add one relationship as the projection does: keyed by its type."""
    G.add_edge(source, target, key=type_, type=type_, **props)


def contract_graph(
    nodes: Iterable[tuple[str, str, dict[str, Any]]],
    relationships: Iterable[tuple[str, str, str]],
) -> nx.MultiDiGraph[Any]:
    """A projection from ``(id, label, properties)`` and ``(from, TYPE, to)`` tuples."""
    G: nx.MultiDiGraph[Any] = nx.MultiDiGraph()
    for node, label, props in nodes:
        G.add_node(node, label=label, **props)
    for source, type_, target in relationships:
        relate(G, source, type_, target)
    return G


def bergamo_network() -> nx.MultiDiGraph[Any]:
    """A tiny Bergamo-like network: the I&T Hub's associations, firms, projects, topics and
    experts, Confindustria's DIH with its own, and two bridging nodes (a firm and an expert
    tied to both sides)."""
    nodes = [
        ("it-hub", "Hub", {"name": "Innovation & Technology Hub", "kind": "dih"}),
        ("confindustria-dih", "Hub", {"name": "DIH Confindustria Bergamo", "kind": "dih"}),
        ("ascom", "Association", {"name": "Ascom Confcommercio Bergamo"}),
        ("confartigianato", "Association", {"name": "Confartigianato Imprese Bergamo"}),
        ("cna", "Association", {"name": "CNA Bergamo"}),
        ("federottica", "Association", {"name": "Federottica Bergamo"}),
        ("confindustria", "Association", {"name": "Confindustria Bergamo"}),
        ("sc-ascom", "ServiceCentre", {"name": "Ascom Servizi"}),
        ("sc-confartigianato", "ServiceCentre", {"name": "Confartigianato Servizi"}),
        ("sc-cna", "ServiceCentre", {"name": "CNA Servizi"}),
        ("point-dalmine", "Office", {"name": "Point di Dalmine", "kind": "main"}),
        ("office-treviglio", "Office", {"name": "Office Treviglio", "kind": "provincial"}),
        ("kilometro-rosso", "Office", {"name": "Kilometro Rosso", "kind": "main"}),
        ("edoardo-ranzini", "Expert", {"name": "Edoardo Ranzini", "role": "official"}),
        ("official-01", "Expert", {"name": "Giulia Rota", "role": "official"}),
        ("specialist-1", "Expert", {"name": "Marco Sala", "role": "specialist"}),
        ("cybersecurity", "Topic", {"name": "Cybersecurity"}),
        ("agrifood", "Topic", {"name": "Agrifood"}),
        ("e-commerce", "Topic", {"name": "E-commerce"}),
        ("voucher-misura-a", "Instrument", {"name": "Voucher Misura A"}),
        ("ottica-zirafa", "Firm", {"name": "Ottica Zirafa"}),
        ("ottica-serio", "Firm", {"name": "Ottica Serio"}),
        ("firm-a1", "Firm", {"name": "Bottega Alfa"}),
        ("firm-a2", "Firm", {"name": "Bottega Beta"}),
        ("firm-c1", "Firm", {"name": "Officine Gamma"}),
        ("firm-c2", "Firm", {"name": "Officine Delta"}),
        ("firm-c3", "Firm", {"name": "Officine Epsilon"}),
        ("firm-n1", "Firm", {"name": "Cascina Zeta"}),
        ("firm-n2", "Firm", {"name": "Cascina Eta"}),
        ("firm-k1", "Firm", {"name": "Meccanica Theta"}),
        ("firm-k2", "Firm", {"name": "Meccanica Iota"}),
    ]
    nodes += [(node, "Project", _project(*values)) for node, values in PROJECTS.items()]
    relationships = [
        ("federottica", "MEMBER_OF", "ascom"),
        ("ottica-zirafa", "MEMBER_OF", "federottica"),
        ("ottica-serio", "MEMBER_OF", "federottica"),
        ("firm-a1", "MEMBER_OF", "ascom"),
        ("firm-a2", "MEMBER_OF", "ascom"),
        ("firm-c1", "MEMBER_OF", "confartigianato"),
        ("firm-c2", "MEMBER_OF", "confartigianato"),
        ("firm-c3", "MEMBER_OF", "confartigianato"),
        ("firm-n1", "MEMBER_OF", "cna"),
        ("firm-n2", "MEMBER_OF", "cna"),
        ("firm-k1", "MEMBER_OF", "confindustria"),
        ("firm-k2", "MEMBER_OF", "confindustria"),
        ("ascom", "RUNS", "sc-ascom"),
        ("confartigianato", "RUNS", "sc-confartigianato"),
        ("cna", "RUNS", "sc-cna"),
        ("sc-ascom", "PARTY_TO", "it-hub"),
        ("sc-confartigianato", "PARTY_TO", "it-hub"),
        ("sc-cna", "PARTY_TO", "it-hub"),
        ("it-hub", "SEATED_AT", "point-dalmine"),
        ("confindustria-dih", "SEATED_AT", "kilometro-rosso"),
        ("office-treviglio", "LINKED_TO", "point-dalmine"),
        ("edoardo-ranzini", "WORKS_AT", "point-dalmine"),
        ("official-01", "WORKS_AT", "office-treviglio"),
        ("edoardo-ranzini", "SKILLED_IN", "cybersecurity"),
        ("specialist-1", "SKILLED_IN", "agrifood"),
        ("confindustria", "AFFILIATED_WITH", "confindustria-dih"),
        ("specialist-1", "AFFILIATED_WITH", "confindustria-dih"),
        ("firm-c3", "AFFILIATED_WITH", "confindustria-dih"),
        ("ottica-zirafa", "PARTICIPATES_IN", "opticians-network"),
        ("ottica-serio", "PARTICIPATES_IN", "opticians-network"),
        ("firm-a1", "PARTICIPATES_IN", "opticians-network"),
        ("firm-c1", "PARTICIPATES_IN", "cyber-net"),
        ("firm-c2", "PARTICIPATES_IN", "cyber-net"),
        ("firm-a1", "PARTICIPATES_IN", "cyber-net"),
        ("firm-n1", "PARTICIPATES_IN", "cyber-net"),
        ("firm-n1", "PARTICIPATES_IN", "agri-net"),
        ("firm-n2", "PARTICIPATES_IN", "agri-net"),
        ("firm-c3", "PARTICIPATES_IN", "agri-net"),
        ("firm-a2", "PARTICIPATES_IN", "intervention-1"),
        ("firm-k1", "PARTICIPATES_IN", "cdih-project"),
        ("firm-k2", "PARTICIPATES_IN", "cdih-project"),
        ("firm-c3", "PARTICIPATES_IN", "cdih-project"),
        ("federottica", "COORDINATES", "opticians-network"),
        ("sc-confartigianato", "COORDINATES", "cyber-net"),
        ("cna", "COORDINATES", "agri-net"),
        ("confindustria", "COORDINATES", "cdih-project"),
        ("edoardo-ranzini", "ADVISES", "opticians-network"),
        ("edoardo-ranzini", "ADVISES", "intervention-1"),
        ("official-01", "ADVISES", "cyber-net"),
        ("specialist-1", "ADVISES", "agri-net"),
        ("specialist-1", "ADVISES", "cdih-project"),
        ("opticians-network", "ABOUT", "e-commerce"),
        ("cyber-net", "ABOUT", "cybersecurity"),
        ("agri-net", "ABOUT", "agrifood"),
        ("intervention-1", "ABOUT", "cybersecurity"),
        ("cdih-project", "ABOUT", "cybersecurity"),
        ("opticians-network", "FUNDED_BY", "voucher-misura-a"),
        ("cyber-net", "FUNDED_BY", "voucher-misura-a"),
        ("agri-net", "FUNDED_BY", "voucher-misura-a"),
    ]
    return contract_graph(nodes, relationships)


PROJECTS: dict[str, tuple[str, str, str, int]] = {
    "opticians-network": ("Opticians' network", "network", "completed", 2018),
    "cyber-net": ("Cyber defence network", "network", "running", 2019),
    "agri-net": ("Agrifood traceability", "network", "starting", 2019),
    "intervention-1": ("Shop security check", "intervention", "completed", 2018),
    "cdih-project": ("Supply-chain security", "network", "running", 2019),
}


def _project(title: str, kind: str, status: str, year: int) -> dict[str, Any]:
    return {"title": title, "kind": kind, "status": status, "year": year}


def random_network(seed: int, firms: int = 60, projects: int = 14) -> nx.MultiDiGraph[Any]:
    """A seeded random network of the real one's shape, small enough for exact comparisons."""
    rng = random.Random(seed)
    G: nx.MultiDiGraph[Any] = nx.MultiDiGraph()
    associations = [f"assoc-{i}" for i in range(4)]
    topics = [f"topic-{i}" for i in range(3)]
    experts = [f"expert-{i}" for i in range(4)]
    offices = ["office-0", "office-1"]
    G.add_node("it-hub", label="Hub", name="I&T Hub")
    G.add_node("confindustria-dih", label="Hub", name="DIH")
    for i, node in enumerate(associations):
        G.add_node(node, label="Association", name=f"Association {i}")
        G.add_node(f"sc-{i}", label="ServiceCentre", name=f"Service centre {i}")
        relate(G, node, "RUNS", f"sc-{i}")
        relate(G, f"sc-{i}", "PARTY_TO", "it-hub")
    for i, node in enumerate(topics):
        G.add_node(node, label="Topic", name=f"Topic {i}")
    for i, node in enumerate(offices):
        G.add_node(node, label="Office", name=f"Office {i}")
    relate(G, "it-hub", "SEATED_AT", "office-0")
    relate(G, "office-1", "LINKED_TO", "office-0")
    for i, node in enumerate(experts):
        G.add_node(node, label="Expert", name=f"Expert {i}")
        relate(G, node, "WORKS_AT", rng.choice(offices))
        relate(G, node, "SKILLED_IN", rng.choice(topics))
    firm_ids = [f"firm-{i:03d}" for i in range(firms)]
    for i, firm in enumerate(firm_ids):
        G.add_node(firm, label="Firm", name=f"Firm {i}")
        relate(G, firm, "MEMBER_OF", rng.choice(associations))
        if rng.random() < 0.1:
            relate(G, firm, "AFFILIATED_WITH", "confindustria-dih")
    for i in range(projects):
        project = f"project-{i:02d}"
        network = rng.random() < 0.7
        G.add_node(
            project,
            label="Project",
            title=f"Project {i}",
            kind="network" if network else "intervention",
            status=rng.choice(["completed", "running", "starting"]),
            year=rng.choice([2018, 2019, 2020]),
        )
        for firm in rng.sample(firm_ids, rng.randint(3, 8) if network else 1):
            relate(G, firm, "PARTICIPATES_IN", project)
        relate(G, project, "ABOUT", rng.choice(topics))
        relate(G, rng.choice(experts), "ADVISES", project)
        relate(G, rng.choice(associations), "COORDINATES", project)
    return G


def from_simple_graph(S: nx.Graph[Any], label: str = "Firm") -> nx.MultiDiGraph[Any]:
    """A classic undirected network in the contract: its nodes as ``label``, ties as
    ``LINKED_TO`` relationships (each tie once, in the graph's order)."""
    G: nx.MultiDiGraph[Any] = nx.MultiDiGraph()
    G.add_nodes_from((str(n), {"label": label, "name": str(n)}) for n in S)
    for u, v in S.edges():
        relate(G, str(u), "LINKED_TO", str(v))
    return G


def southern_women() -> nx.MultiDiGraph[Any]:
    """Davis's Southern Women as an affiliation network: women as firms taking part in events
    as projects (all ``network``, ``running``)."""
    B = nx.davis_southern_women_graph()
    G: nx.MultiDiGraph[Any] = nx.MultiDiGraph()
    for node, side in B.nodes(data="bipartite"):
        if side == 0:
            G.add_node(node, label="Firm", name=node)
        else:
            G.add_node(node, label="Project", title=node, kind="network", status="running")
    for u, v in B.edges():
        firm, project = (u, v) if B.nodes[u]["bipartite"] == 0 else (v, u)
        relate(G, firm, "PARTICIPATES_IN", project)
    return G


def association_and_topic_pair() -> nx.MultiDiGraph[Any]:
    """Two firms that never worked together but belong to one association and have projects
    about one topic, plus an open project about that topic neither takes part in."""
    nodes = [
        ("f1", "Firm", {"name": "Ottica Uno"}),
        ("f2", "Firm", {"name": "Ottica Due"}),
        ("assoc", "Association", {"name": "Federottica Bergamo"}),
        ("topic", "Topic", {"name": "E-commerce"}),
        ("p1", "Project", _project("Shop one online", "intervention", "completed", 2019)),
        ("p2", "Project", _project("Shop two online", "intervention", "completed", 2020)),
        ("p3", "Project", _project("Opticians online", "network", "starting", 2021)),
    ]
    relationships = [
        ("f1", "MEMBER_OF", "assoc"),
        ("f2", "MEMBER_OF", "assoc"),
        ("f1", "PARTICIPATES_IN", "p1"),
        ("f2", "PARTICIPATES_IN", "p2"),
        ("p1", "ABOUT", "topic"),
        ("p2", "ABOUT", "topic"),
        ("p3", "ABOUT", "topic"),
    ]
    return contract_graph(nodes, relationships)
