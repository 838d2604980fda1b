"""The model's words for people, in Italian and English: labels, relationships, properties and
their allowed values.

One vocabulary for every surface that shows the graph to people (the graph browser, the
reports): each surface keeps its own messages, and takes the model's words from here. A test
checks that every label, relationship type, property and allowed value of the model has its
words in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Language = Literal["it", "en"]
LANGUAGES: tuple[Language, ...] = ("it", "en")
DEFAULT_LANGUAGE: Language = "it"


@dataclass(frozen=True)
class Noun:
    """A label's name for people: one and many (``impresa`` / ``imprese``)."""

    one: str
    many: str


@dataclass(frozen=True)
class Phrase:
    """A relationship read in each direction: ``forward`` from its start ("è socio di"),
    ``backward`` from its end ("ha come socio")."""

    forward: str
    backward: str


LABEL_NOUNS: dict[Language, dict[str, Noun]] = {
    "it": {
        "Association": Noun("associazione", "associazioni"),
        "ServiceCentre": Noun("centro servizi", "centri servizi"),
        "Office": Noun("sede", "sedi"),
        "Firm": Noun("impresa", "imprese"),
        "Expert": Noun("esperto", "esperti"),
        "Project": Noun("progetto", "progetti"),
        "Hub": Noun("hub", "hub"),
        "Topic": Noun("tema", "temi"),
        "Instrument": Noun("strumento di finanziamento", "strumenti di finanziamento"),
    },
    "en": {
        "Association": Noun("association", "associations"),
        "ServiceCentre": Noun("service centre", "service centres"),
        "Office": Noun("office", "offices"),
        "Firm": Noun("firm", "firms"),
        "Expert": Noun("expert", "experts"),
        "Project": Noun("project", "projects"),
        "Hub": Noun("hub", "hubs"),
        "Topic": Noun("topic", "topics"),
        "Instrument": Noun("funding instrument", "funding instruments"),
    },
}

RELATIONSHIP_PHRASES: dict[Language, dict[str, Phrase]] = {
    "it": {
        "MEMBER_OF": Phrase("è socio di", "ha come socio"),
        "RUNS": Phrase("gestisce", "è gestito da"),
        "PARTY_TO": Phrase("ha firmato il contratto di rete di", "ha tra i firmatari"),
        "SEATED_AT": Phrase("ha sede presso", "è la sede di"),
        "LINKED_TO": Phrase("è collegata a", "coordina"),
        "WORKS_AT": Phrase("lavora presso", "ha come funzionario"),
        "PARTICIPATES_IN": Phrase("partecipa a", "ha tra i partecipanti"),
        "COORDINATES": Phrase("coordina", "è coordinato da"),
        "ADVISES": Phrase("segue", "è seguito da"),
        "FUNDED_BY": Phrase("è finanziato da", "finanzia"),
        "ABOUT": Phrase("riguarda", "è il tema di"),
        "SKILLED_IN": Phrase("è esperto di", "ha come esperto"),
        "AFFILIATED_WITH": Phrase("aderisce a", "ha tra gli aderenti"),
    },
    "en": {
        "MEMBER_OF": Phrase("member of", "has as member"),
        "RUNS": Phrase("runs", "run by"),
        "PARTY_TO": Phrase("signed the network contract of", "has as signatory"),
        "SEATED_AT": Phrase("seated at", "seat of"),
        "LINKED_TO": Phrase("linked to", "coordinates"),
        "WORKS_AT": Phrase("works at", "has as official"),
        "PARTICIPATES_IN": Phrase("takes part in", "has as participant"),
        "COORDINATES": Phrase("coordinates", "coordinated by"),
        "ADVISES": Phrase("advises", "advised by"),
        "FUNDED_BY": Phrase("funded by", "funds"),
        "ABOUT": Phrase("about", "topic of"),
        "SKILLED_IN": Phrase("skilled in", "has as expert"),
        "AFFILIATED_WITH": Phrase("affiliated with", "has as affiliate"),
    },
}

PROPERTY_NAMES: dict[Language, dict[str, str]] = {
    "it": {
        "id": "codice",
        "name": "nome",
        "title": "titolo",
        "sector": "settore",
        "representedFirms": "imprese rappresentate",
        "town": "comune",
        "kind": "tipo",
        "size": "dimensione",
        "contact": "contatto",
        "role": "ruolo",
        "position": "incarico",
        "status": "stato",
        "year": "anno",
        "investment": "investimento",
        "ownShare": "quota a carico delle imprese",
        "founded": "fondato il",
        "issuer": "ente erogatore",
        "since": "dal",
        "amount": "importo",
        "weight": "peso",
        "version": "versione",
    },
    "en": {
        "id": "id",
        "name": "name",
        "title": "title",
        "sector": "sector",
        "representedFirms": "firms represented",
        "town": "town",
        "kind": "kind",
        "size": "size",
        "contact": "contact",
        "role": "role",
        "position": "position",
        "status": "status",
        "year": "year",
        "investment": "investment",
        "ownShare": "share paid by the firms",
        "founded": "founded",
        "issuer": "issuer",
        "since": "since",
        "amount": "amount",
        "weight": "weight",
        "version": "version",
    },
}

VALUE_WORDS: dict[Language, dict[str, str]] = {
    "it": {
        # Office.kind
        "main": "sede principale",
        "provincial": "sede provinciale",
        # Expert.role
        "official": "funzionario",
        "specialist": "specialista",
        "executive": "dirigente",
        # Project.kind
        "intervention": "intervento",
        "network": "progetto di rete",
        # Project.status
        "completed": "concluso",
        "running": "in corso",
        "starting": "in avvio",
        # Firm.size
        "micro": "micro",
        "small": "piccola",
        "medium": "media",
        "large": "grande",
        # Hub.kind
        "dih": "digital innovation hub",
        "regional": "rete regionale",
        # AFFILIATED_WITH.role, PARTICIPATES_IN.role
        "founding-partner": "socio fondatore",
        "member": "aderente",
        "partner": "partner",
        "beneficiary": "beneficiaria",
        "promoter": "capofila",
    },
    "en": {
        "main": "main seat",
        "provincial": "provincial office",
        "official": "official",
        "specialist": "specialist",
        "executive": "executive",
        "intervention": "intervention",
        "network": "network project",
        "completed": "completed",
        "running": "running",
        "starting": "starting",
        "micro": "micro",
        "small": "small",
        "medium": "medium",
        "large": "large",
        "dih": "digital innovation hub",
        "regional": "regional network",
        "founding-partner": "founding partner",
        "member": "member",
        "partner": "partner",
        "beneficiary": "beneficiary",
        "promoter": "lead partner",
    },
}


SECTOR_WORDS: dict[Language, dict[str, str]] = {
    # The sectors of associations and firms as the data names them (in English), for people.
    "it": {
        "ICT services": "servizi informatici",
        "agriculture": "agricoltura",
        "agritourism": "agriturismo",
        "banking": "banche",
        "beekeeping": "apicoltura",
        "business services": "servizi alle imprese",
        "car repair": "autoriparazione",
        "catering": "ristorazione",
        "chemicals": "chimica",
        "commerce and services": "commercio e servizi",
        "commerce and tourism": "commercio e turismo",
        "construction": "edilizia",
        "cooperatives": "cooperazione",
        "couriers": "corrieri",
        "crafts": "artigianato",
        "crafts, small business": "artigianato e piccola impresa",
        "dairy": "lattiero-caseario",
        "electronics": "elettronica",
        "fashion retail": "negozi di moda",
        "higher education": "università",
        "hospitality": "alberghi e ospitalità",
        "industry": "industria",
        "logistics": "logistica",
        "machinery": "macchinari",
        "manufacturing": "manifattura",
        "metalworking": "metalmeccanica",
        "optics": "ottica",
        "plastics": "materie plastiche",
        "printing": "stampa e grafica",
        "retail": "commercio al dettaglio",
        "road haulage": "autotrasporto",
        "rubber": "gomma",
        "science and technology park": "parco scientifico e tecnologico",
        "small business": "piccola impresa",
        "social services": "servizi sociali",
        "tourism": "turismo",
        "trade": "commercio",
        "transport, logistics": "trasporti e logistica",
        "winery": "vitivinicolo",
        "woodworking": "lavorazione del legno",
    },
    "en": {
        "ICT services": "ICT services",
        "agriculture": "agriculture",
        "agritourism": "agritourism",
        "banking": "banking",
        "beekeeping": "beekeeping",
        "business services": "business services",
        "car repair": "car repair",
        "catering": "catering",
        "chemicals": "chemicals",
        "commerce and services": "commerce and services",
        "commerce and tourism": "commerce and tourism",
        "construction": "construction",
        "cooperatives": "cooperatives",
        "couriers": "couriers",
        "crafts": "crafts",
        "crafts, small business": "crafts, small business",
        "dairy": "dairy",
        "electronics": "electronics",
        "fashion retail": "fashion retail",
        "higher education": "higher education",
        "hospitality": "hospitality",
        "industry": "industry",
        "logistics": "logistics",
        "machinery": "machinery",
        "manufacturing": "manufacturing",
        "metalworking": "metalworking",
        "optics": "optics",
        "plastics": "plastics",
        "printing": "printing",
        "retail": "retail",
        "road haulage": "road haulage",
        "rubber": "rubber",
        "science and technology park": "science and technology park",
        "small business": "small business",
        "social services": "social services",
        "tourism": "tourism",
        "trade": "trade",
        "transport, logistics": "transport, logistics",
        "winery": "winery",
        "woodworking": "woodworking",
    },
}


def label_noun(label: str, language: Language, *, many: bool = False) -> str:
    """``Firm`` → ``impresa`` (or ``imprese`` with ``many``); an unknown label as it is.

    Examples
    --------
    >>> label_noun("Firm", "it", many=True)
    'imprese'
    >>> label_noun("ServiceCentre", "en")
    'service centre'
    """
    noun = LABEL_NOUNS[language].get(label)
    if noun is None:
        return label
    return noun.many if many else noun.one


def relationship_phrase(rel_type: str, language: Language, *, backward: bool = False) -> str:
    """``MEMBER_OF`` → ``è socio di`` (read from its end with ``backward``).

    Examples
    --------
    >>> relationship_phrase("PARTICIPATES_IN", "it")
    'partecipa a'
    >>> relationship_phrase("PARTICIPATES_IN", "en", backward=True)
    'has as participant'
    """
    phrase = RELATIONSHIP_PHRASES[language].get(rel_type)
    if phrase is None:
        return rel_type
    return phrase.backward if backward else phrase.forward


def value_word(value: str, language: Language) -> str:
    """An allowed value of the model (``running``) or a sector (``optics``) in words (``in corso``,
    ``ottica``); others as given.

    Examples
    --------
    >>> value_word("completed", "it")
    'concluso'
    >>> value_word("Bergamo", "it")
    'Bergamo'
    """
    return VALUE_WORDS[language].get(value, SECTOR_WORDS[language].get(value, value))


def property_name(name: str, language: Language) -> str:
    """A property's name for people (``ownShare`` → ``quota a carico delle imprese``).

    Examples
    --------
    >>> property_name("town", "it")
    'comune'
    """
    return PROPERTY_NAMES[language].get(name, name)


def as_json(language: Language) -> dict[str, object]:
    """The whole vocabulary of one language, as the graph browser loads it."""
    return {
        "labels": {k: {"one": v.one, "many": v.many} for k, v in LABEL_NOUNS[language].items()},
        "relationships": {
            k: {"forward": v.forward, "backward": v.backward}
            for k, v in RELATIONSHIP_PHRASES[language].items()
        },
        "properties": dict(PROPERTY_NAMES[language]),
        "values": {**SECTOR_WORDS[language], **VALUE_WORDS[language]},
    }
