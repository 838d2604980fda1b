"""GraphQL names derived from the graph model, in one place."""

from __future__ import annotations

from graph_service.domain.model import LABELS, RELATIONSHIPS

_PLURALS = {label: f"{label[0].lower()}{label[1:]}s" for label in LABELS}


def singular_field(label: str) -> str:
    """``Firm`` → ``firm`` (the Query field fetching one by id)."""
    return f"{label[0].lower()}{label[1:]}"


def plural_field(label: str) -> str:
    """``Firm`` → ``firms`` (the Query field listing them)."""
    return _PLURALS[label]


def pascal(rel_type: str) -> str:
    """``PARTICIPATES_IN`` → ``ParticipatesIn``."""
    return "".join(part.capitalize() for part in rel_type.split("_"))


def enum_type(owner: str, prop: str) -> str:
    """The GraphQL enum of a property with fixed choices (``ProjectStatus``)."""
    if owner in RELATIONSHIPS:
        return {"AFFILIATED_WITH": "AffiliationRole"}.get(owner, f"{pascal(owner)}{prop.title()}")
    return f"{owner}{prop[0].upper()}{prop[1:]}"


def article(noun: str) -> str:
    """``A`` or ``An``, as the noun is spoken (``An Association``, ``A Firm``)."""
    return "An" if noun[:1].upper() in "AEIO" else "A"


def enum_value(stored: str) -> str:
    """``founding-partner`` → ``FOUNDING_PARTNER``."""
    return stored.upper().replace("-", "_")


def sort_value(prop: str) -> str:
    """``representedFirms`` → ``REPRESENTED_FIRMS``."""
    return "".join(f"_{c}" if c.isupper() else c.upper() for c in prop)


def connection_type(target: str, rel_type: str | None) -> str:
    """``FirmConnection``, or ``FirmParticipatesInConnection`` when the edges have properties."""
    if rel_type is not None and RELATIONSHIPS[rel_type].properties:
        return f"{target}{pascal(rel_type)}Connection"
    return f"{target}Connection"


def edge_type(target: str, rel_type: str | None) -> str:
    return connection_type(target, rel_type).removesuffix("Connection") + "Edge"
