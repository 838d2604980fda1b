"""What each measure and analysis means to a coordinator, in two plain lines, in Italian and
English: what it shows ("who holds the network together") and what to do with it.

One place for every surface that shows a measure (the reports, the graph browser, the GraphQL
schema's descriptions); how a measure is computed is said elsewhere, in each result's method.
The reasons given for a suggested collaboration are here too, for the same surfaces.
"""

from __future__ import annotations

from collections.abc import Sequence
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


# Why a collaboration is suggested, by the reason's kind and what is suggested: another firm
# (``firm.``) or a project (``project.``). ``{names}``: the partners, topics, experts or
# associations in common (see :func:`names_text`); ``{firm}``: the firm the suggestion is for.
# Worded so that one name and several read equally well.
REASONS: dict[Language, dict[str, str]] = {
    "it": {
        "firm.common_partners": "Hanno lavorato entrambe con {names}",
        "firm.shared_topics": "Hanno entrambe progetti su {names}",
        "firm.shared_experts": "Sono state seguite entrambe da {names}",
        "firm.same_association": "Sono entrambe socie di {names}",
        "project.common_partners": "Vi partecipa già chi ha lavorato con {firm}: {names}",
        "project.shared_topics": "Riguarda {names}, come i progetti di {firm}",
        "project.shared_experts": "Lo segue chi ha già seguito {firm}: {names}",
        "project.same_association": "Coinvolge {names}, di cui {firm} è socia",
    },
    "en": {
        "firm.common_partners": "Both have worked with {names}",
        "firm.shared_topics": "Both have projects about {names}",
        "firm.shared_experts": "Both were advised by {names}",
        "firm.same_association": "Both are members of {names}",
        "project.common_partners": "Already taking part: {names}, who worked with {firm}",
        "project.shared_topics": "It is about {names}, like {firm}'s projects",
        "project.shared_experts": "It is advised by {names}, who also advised {firm}",
        "project.same_association": "It involves {names}, of which {firm} is a member",
    },
}

# How a list of names is read: ``A e B``, ``A, B, C e altri 2``.
NAME_LISTS: dict[Language, dict[str, str]] = {
    "it": {"and": "e", "and_more": "e altri {count}"},
    "en": {"and": "and", "and_more": "and {count} more"},
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


def names_text(names: Sequence[str], language: Language, shown: int = 3) -> str:
    """``A``, ``A e B``, ``A, B e C``, ``A, B, C e altri 2``.

    Examples
    --------
    >>> names_text(["Ascom", "CNA", "LIA", "CIA", "FAI"], "it")
    'Ascom, CNA, LIA e altri 2'
    >>> names_text(["Ascom", "CNA"], "en")
    'Ascom and CNA'
    """
    words = NAME_LISTS[language]
    if len(names) > shown + 1:  # never "and 1 more": that one name fits as well
        more = words["and_more"].format(count=len(names) - shown)
        return f"{', '.join(names[:shown])} {more}"
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {words['and']} {names[-1]}"


def reason_text(
    kind: str, names: Sequence[str], firm: str, language: Language, *, project: bool = False
) -> str:
    """A reason for a suggestion, from its kind (``shared_topics``), the names it refers to and
    the firm the suggestion is for; ``project`` when a project is suggested, not a firm.

    Examples
    --------
    >>> reason_text("shared_topics", ["agrifood", "cybersecurity"], "Ottica Zirafa", "it")
    'Hanno entrambe progetti su agrifood e cybersecurity'
    >>> reason_text("shared_experts", ["Anna Rota"], "Ottica Zirafa", "en", project=True)
    'It is advised by Anna Rota, who also advised Ottica Zirafa'
    """
    template = REASONS[language][f"{'project' if project else 'firm'}.{kind}"]
    return template.format(names=names_text(names, language), firm=firm)


def as_json(language: Language) -> dict[str, dict[str, object]]:
    """Every explanation of one language, as the graph browser loads it: the measures' two
    lines, the reasons' templates and the words that join a list of names."""
    return {
        "measures": {
            k: {"what": v.what, "action": v.action} for k, v in EXPLANATIONS[language].items()
        },
        "reasons": dict(REASONS[language]),
        "lists": dict(NAME_LISTS[language]),
    }
