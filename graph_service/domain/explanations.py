"""What each measure and analysis means to a coordinator, in two plain lines, in Italian and
English: what it shows ("who holds the network together") and what to do with it.

One place for every surface that shows a measure (the reports, the graph browser, the GraphQL
schema's descriptions); how a measure is computed is said elsewhere, in each result's method.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph_service.domain.vocabulary import Language


@dataclass(frozen=True)
class Explanation:
    """``what``: what the measure shows; ``action``: what a coordinator can do with it."""

    what: str
    action: str


EXPLANATIONS: dict[Language, dict[str, Explanation]] = {
    "it": {
        "degree": Explanation(
            "Quanti legami diretti ha ciascun attore: chi ha più contatti nella rete.",
            "Partite da loro per far circolare notizie e inviti; chi ne ha pochi va coinvolto.",
        ),
        "betweenness": Explanation(
            "Chi sta sui percorsi più brevi tra gli altri: chi tiene insieme la rete.",
            "Se uno di loro si ferma, pezzi di rete si allontanano: affiancategli un secondo "
            "referente.",
        ),
        "closeness": Explanation(
            "Chi raggiunge tutti gli altri in pochi passaggi.",
            "Sono il punto di partenza migliore per far arrivare un'iniziativa a tutta la rete.",
        ),
        "eigenvector": Explanation(
            "Chi è legato ad attori a loro volta ben collegati.",
            "Sono alleati influenti: coinvolgeteli nei progetti che devono farsi notare.",
        ),
        "pagerank": Explanation(
            "Il peso di ciascun attore nella rete: dove si arriva più spesso seguendo i legami.",
            "Sono i punti di riferimento della rete: partite da qui per presentare l'hub e i "
            "suoi servizi.",
        ),
        "communities": Explanation(
            "Gruppi di attori più legati tra loro che con il resto della rete.",
            "Ogni gruppo ha un riferimento naturale, l'associazione prevalente: usatelo per "
            "iniziative mirate e cercate chi fa da ponte tra i gruppi.",
        ),
        "structural_holes": Explanation(
            "Chi mette in contatto persone e imprese che tra loro non si conoscono.",
            "Sono i mediatori: affidate loro le presentazioni tra imprese di ambiti diversi.",
        ),
        "brokerage_roles": Explanation(
            "Quante volte un'impresa fa da tramite tra due suoi partner di progetto, e tra "
            "quali associazioni.",
            "Chi fa da tramite tra associazioni diverse è il candidato naturale per i progetti "
            "comuni tra associazioni.",
        ),
        "articulation_points": Explanation(
            "Gli attori la cui uscita spezzerebbe la rete in parti scollegate.",
            "Sono punti deboli: create legami alternativi attorno a loro.",
        ),
        "bridges": Explanation(
            "I legami la cui rottura spezzerebbe la rete.",
            "Rafforzateli o affiancateli con un secondo legame.",
        ),
        "opportunities": Explanation(
            "Coppie non ancora legate ma vicine nella rete: partner, temi, esperti o "
            "associazione in comune.",
            "Proponete loro un incontro o un progetto comune, partendo dai motivi indicati.",
        ),
        "hub_bridge": Explanation(
            "Quali attori, se legati direttamente all'altro hub, avvicinerebbero più imprese.",
            "Proponeteli per primi nei progetti congiunti con l'altro hub.",
        ),
        "stats": Explanation(
            "Dimensioni e forma della rete: attori, legami, parti scollegate, densità.",
            "Confrontatele anno per anno per capire se la rete cresce e resta unita.",
        ),
        "compare": Explanation(
            "Cosa è cambiato tra due anni: imprese e legami nuovi, chi è salito e chi è "
            "sceso, gruppi che si sono uniti o divisi.",
            "Accompagnate le imprese nuove e ricontattate gli attori in calo.",
        ),
    },
    "en": {
        "degree": Explanation(
            "How many direct ties each actor has: who has the most contacts in the network.",
            "Start with them to spread news and invitations; reach out to those with few.",
        ),
        "betweenness": Explanation(
            "Who lies on the shortest routes between the others: who holds the network together.",
            "If one of them stops, parts of the network drift apart: give them a second "
            "contact person.",
        ),
        "closeness": Explanation(
            "Who reaches everyone else in a few steps.",
            "They are the best starting point to carry an initiative to the whole network.",
        ),
        "eigenvector": Explanation(
            "Who is tied to actors that are well connected themselves.",
            "They are influential allies: bring them into the projects that must be noticed.",
        ),
        "pagerank": Explanation(
            "Each actor's weight in the network: where following its ties leads most often.",
            "They are the network's points of reference: start here to present the hub and "
            "its services.",
        ),
        "communities": Explanation(
            "Groups of actors more tied to each other than to the rest of the network.",
            "Each group has a natural lead, its main association: use it for targeted "
            "initiatives, and look for who bridges the groups.",
        ),
        "structural_holes": Explanation(
            "Who puts people and firms in touch that do not know each other.",
            "They are the go-betweens: ask them to introduce firms from different circles.",
        ),
        "brokerage_roles": Explanation(
            "How often a firm stands between two of its project partners, and between which "
            "associations.",
            "Firms that stand between different associations are the natural candidates for "
            "projects across associations.",
        ),
        "articulation_points": Explanation(
            "The actors whose departure would split the network into disconnected parts.",
            "They are weak points: build alternative ties around them.",
        ),
        "bridges": Explanation(
            "The ties whose loss would split the network.",
            "Strengthen them, or back them up with a second tie.",
        ),
        "opportunities": Explanation(
            "Pairs not tied yet but close in the network: partners, topics, experts or an "
            "association in common.",
            "Suggest a meeting or a joint project, starting from the reasons given.",
        ),
        "hub_bridge": Explanation(
            "Which actors, tied directly to the other hub, would bring the most firms closer.",
            "Put them forward first for joint projects with the other hub.",
        ),
        "stats": Explanation(
            "The network's size and shape: actors, ties, disconnected parts, density.",
            "Compare them year by year to see whether the network grows and holds together.",
        ),
        "compare": Explanation(
            "What changed between two years: new firms and ties, who rose and who fell, "
            "groups that merged or split.",
            "Follow up the new firms and get back in touch with the actors that fell.",
        ),
    },
}


def explanation(key: str, language: Language) -> Explanation:
    """The two lines for the measure or analysis ``key`` (``pagerank``, ``communities``, ...).

    Examples
    --------
    >>> explanation("betweenness", "en").what
    'Who lies on the shortest routes between the others: who holds the network together.'
    >>> explanation("betweenness", "it").action.startswith("Se uno di loro si ferma")
    True
    """
    try:
        return EXPLANATIONS[language][key]
    except KeyError:
        raise KeyError(f"no explanation of {key!r} in {language!r}") from None


def as_json(language: Language) -> dict[str, dict[str, str]]:
    """Every explanation of one language, as the graph browser loads it."""
    return {k: {"what": v.what, "action": v.action} for k, v in EXPLANATIONS[language].items()}
