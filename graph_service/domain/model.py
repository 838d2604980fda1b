"""The graph model: node labels, relationship types and their properties.

This is the single description of what the graph may hold. The schema file, the loaders'
validation, the exporters and the API are all checked against it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum


class PropertyType(Enum):
    """The value types a property may have."""

    STRING = "string"
    INTEGER = "integer"
    FLOAT = "float"
    DATE = "date"


PropertyValue = str | int | float | dt.date


@dataclass(frozen=True)
class PropertySpec:
    """One property of a label or relationship type, with the values it accepts."""

    name: str
    type: PropertyType
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    description: str = ""
    """What the property means, in a sentence (the API's documentation)."""
    positive: bool = False
    """Only values greater than zero (a weight: zero would make a tie infinitely long)."""

    def problem(self, value: PropertyValue) -> str | None:
        """Say what is wrong with an already typed ``value``, or return None if it fits
        (Neo4j's own limits included: what it would refuse is refused here, before writing)."""
        if isinstance(value, int) and not INTEGER_MIN <= value <= INTEGER_MAX:
            return f"{value} is outside the integers Neo4j stores (64-bit)"
        if isinstance(value, str) and len(value) > MAX_TEXT_LENGTH:
            return (
                f"the text has {len(value):,} characters; at most {MAX_TEXT_LENGTH:,} are allowed"
            )
        if self.choices and value not in self.choices:
            return f"{value!r} is not one of {', '.join(self.choices)}"
        if isinstance(value, int | float) and not isinstance(value, bool):
            if self.positive and not value > 0:
                return f"{value!r} is not greater than 0"
            if self.minimum is not None and value < self.minimum:
                return f"{value!r} is below the minimum {self.minimum:g}"
            if self.maximum is not None and value > self.maximum:
                return f"{value!r} is above the maximum {self.maximum:g}"
        if isinstance(value, str) and self.required and not value.strip():
            return "must not be blank"
        return None


INTEGER_MIN = -(2**63)
INTEGER_MAX = 2**63 - 1
MAX_TEXT_LENGTH = 1_000_000
"""Characters of one text property (a request body is at most 1 MB anyway)."""


@dataclass(frozen=True)
class LabelSpec:
    """A node label. Every node also has a string ``id``, unique across the whole graph."""

    name: str
    description: str
    properties: tuple[PropertySpec, ...]
    indexed: tuple[str, ...] = ()

    def find_property(self, name: str) -> PropertySpec | None:
        return next((p for p in self.properties if p.name == name), None)

    @property
    def display_field(self) -> str:
        """The property that names a node of this label (``title`` for projects)."""
        return self.properties[0].name


@dataclass(frozen=True)
class RelationshipSpec:
    """A relationship type, the (from label, to label) pairs it may join, and its properties."""

    type: str
    description: str
    endpoints: tuple[tuple[str, str], ...]
    properties: tuple[PropertySpec, ...] = field(default=())

    def find_property(self, name: str) -> PropertySpec | None:
        return next((p for p in self.properties if p.name == name), None)

    def joins(self, from_label: str, to_label: str) -> bool:
        return (from_label, to_label) in self.endpoints


def _s(
    name: str, description: str, *, required: bool = False, choices: tuple[str, ...] = ()
) -> PropertySpec:
    return PropertySpec(
        name, PropertyType.STRING, required=required, choices=choices, description=description
    )


def _i(
    name: str, description: str, minimum: float | None = None, maximum: float | None = None
) -> PropertySpec:
    return PropertySpec(
        name, PropertyType.INTEGER, minimum=minimum, maximum=maximum, description=description
    )


def _f(
    name: str, description: str, minimum: float | None = None, maximum: float | None = None
) -> PropertySpec:
    return PropertySpec(
        name, PropertyType.FLOAT, minimum=minimum, maximum=maximum, description=description
    )


def _d(name: str, description: str) -> PropertySpec:
    return PropertySpec(name, PropertyType.DATE, description=description)


def _weight() -> PropertySpec:
    """A tie's strength where it means something (shared work, time spent, trust): optional,
    greater than zero, 1 when absent; analyses use it when asked to (``weight="declared"``)."""
    return PropertySpec(
        "weight",
        PropertyType.FLOAT,
        minimum=None,
        maximum=WEIGHT_MAXIMUM,
        positive=True,
        description="How strong the tie is (greater than zero; 1 when absent).",
    )


WEIGHT_MAXIMUM = 1e9
"""The largest relationship ``weight`` accepted."""


OFFICE_KINDS = ("main", "provincial")
EXPERT_ROLES = ("official", "specialist", "executive")
PROJECT_KINDS = ("intervention", "network")
PROJECT_STATUSES = ("completed", "running", "starting")
FIRM_SIZES = ("micro", "small", "medium", "large")
HUB_KINDS = ("dih", "regional")
AFFILIATION_ROLES = ("founding-partner", "member", "partner")
PARTICIPATION_ROLES = ("promoter", "partner", "beneficiary")

LABELS: dict[str, LabelSpec] = {
    spec.name: spec
    for spec in (
        LabelSpec(
            "Association",
            "A trade association of the confederation, or a category federation inside one.",
            (
                _s("name", "The association's name.", required=True),
                _s("sector", "The trade or craft it represents."),
                _i("representedFirms", "How many firms it says it represents.", minimum=0),
            ),
            indexed=("sector",),
        ),
        LabelSpec(
            "ServiceCentre",
            "An association's service company, a party to the network contract.",
            (_s("name", "The company's name.", required=True),),
        ),
        LabelSpec(
            "Office",
            "The hub's main seat or a provincial office.",
            (
                _s("name", "The office's name.", required=True),
                _s("town", "The town the office is in."),
                _s("kind", "The hub's main seat, or a provincial office.", choices=OFFICE_KINDS),
            ),
            indexed=("town", "kind"),
        ),
        LabelSpec(
            "Firm",
            "A member firm.",
            (
                _s("name", "The firm's name.", required=True),
                _s("town", "The town of the firm's seat."),
                _s("sector", "The firm's trade."),
                _s("size", "The firm's size class (micro: under 10 staff).", choices=FIRM_SIZES),
                _s("contact", "The person to contact at the firm."),
            ),
            indexed=("town", "sector", "size"),
        ),
        LabelSpec(
            "Expert",
            "A hub official, an outside specialist or an executive of the network.",
            (
                _s("name", "The expert's full name.", required=True),
                _s("role", "What the expert is to the network.", choices=EXPERT_ROLES),
                _s("position", "The expert's job title."),
            ),
            indexed=("role",),
        ),
        LabelSpec(
            "Project",
            "A single-firm intervention or a joint (network) project.",
            (
                _s("title", "The project's title.", required=True),
                _s(
                    "kind",
                    "A single firm's intervention, or a joint project of several firms.",
                    choices=PROJECT_KINDS,
                ),
                _s("status", "How far the project has got.", choices=PROJECT_STATUSES),
                _i("year", "The year the project started.", minimum=1990, maximum=2100),
                _f("investment", "The project's total investment, in euros.", minimum=0),
                _f(
                    "ownShare",
                    "The share of the investment paid from the firms' own resources (0 to 1).",
                    minimum=0,
                    maximum=1,
                ),
            ),
            indexed=("kind", "status", "year"),
        ),
        LabelSpec(
            "Hub",
            "A digital innovation hub (or a regional network of hubs).",
            (
                _s("name", "The hub's name.", required=True),
                _s("kind", "A digital innovation hub, or a regional network.", choices=HUB_KINDS),
                _d("founded", "The day the hub was founded."),
            ),
            indexed=("kind",),
        ),
        LabelSpec(
            "Topic", "A field of innovation.", (_s("name", "The field's name.", required=True),)
        ),
        LabelSpec(
            "Instrument",
            "A funding instrument.",
            (
                _s("name", "The instrument's name.", required=True),
                _s("issuer", "Who offers the funding."),
            ),
        ),
    )
}

RELATIONSHIPS: dict[str, RelationshipSpec] = {
    spec.type: spec
    for spec in (
        RelationshipSpec(
            "MEMBER_OF",
            "Membership of a firm in an association, or of a federation in an association.",
            (("Firm", "Association"), ("Association", "Association")),
            (_weight(),),
        ),
        RelationshipSpec(
            "RUNS", "The association's service company.", (("Association", "ServiceCentre"),)
        ),
        RelationshipSpec(
            "PARTY_TO",
            "A signatory of the hub's network contract.",
            (("ServiceCentre", "Hub"),),
            (_d("since", "The day the company signed."),),
        ),
        RelationshipSpec("SEATED_AT", "The hub's main seat.", (("Hub", "Office"),)),
        RelationshipSpec(
            "LINKED_TO",
            "A provincial office linked to the main seat.",
            (("Office", "Office"),),
            (_weight(),),
        ),
        RelationshipSpec(
            "WORKS_AT", "Where an official works.", (("Expert", "Office"),), (_weight(),)
        ),
        RelationshipSpec(
            "PARTICIPATES_IN",
            "A firm taking part in a project.",
            (("Firm", "Project"),),
            (
                _s(
                    "role",
                    "The firm's part: the project's lead (promoter), a partner, or the "
                    "beneficiary of an intervention.",
                    choices=PARTICIPATION_ROLES,
                ),
                _weight(),
            ),
        ),
        RelationshipSpec(
            "COORDINATES",
            "Who leads a project.",
            (("Association", "Project"), ("ServiceCentre", "Project")),
            (_weight(),),
        ),
        RelationshipSpec(
            "ADVISES", "An expert supporting a project.", (("Expert", "Project"),), (_weight(),)
        ),
        RelationshipSpec(
            "FUNDED_BY",
            "How a project is paid for (amount in euros).",
            (("Project", "Instrument"),),
            (_f("amount", "The amount granted, in euros.", minimum=0),),
        ),
        RelationshipSpec("ABOUT", "A project's field.", (("Project", "Topic"),)),
        RelationshipSpec("SKILLED_IN", "An expert's field.", (("Expert", "Topic"),), (_weight(),)),
        RelationshipSpec(
            "AFFILIATED_WITH",
            "A tie to a hub outside the network contract (or of a hub to a regional network).",
            (("Association", "Hub"), ("Firm", "Hub"), ("Expert", "Hub"), ("Hub", "Hub")),
            (
                _s(
                    "role",
                    "The tie: a founding partner, a member or a partner of the hub.",
                    choices=AFFILIATION_ROLES,
                ),
                _weight(),
            ),
        ),
    )
}
