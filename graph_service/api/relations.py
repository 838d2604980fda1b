"""The relationship fields of the GraphQL types: each relationship type, in each direction, for
each pair of labels it joins, is a field of the node it starts from."""

from __future__ import annotations

from dataclasses import dataclass

from graph_service.domain.model import RELATIONSHIPS
from graph_service.domain.selection import Direction, Relation


@dataclass(frozen=True)
class RelationField:
    label: str
    name: str
    relation: Relation
    description: str

    @property
    def has_properties(self) -> bool:
        return bool(RELATIONSHIPS[self.relation.type].properties)


# (type, from label, to label): (field on the "from" node, field on the "to" node)
_NAMES: dict[tuple[str, str, str], tuple[str, str]] = {
    ("MEMBER_OF", "Firm", "Association"): ("associations", "members"),
    ("MEMBER_OF", "Association", "Association"): ("parentAssociations", "federations"),
    ("RUNS", "Association", "ServiceCentre"): ("serviceCentres", "associations"),
    ("PARTY_TO", "ServiceCentre", "Hub"): ("hubs", "parties"),
    ("SEATED_AT", "Hub", "Office"): ("seats", "hubs"),
    ("LINKED_TO", "Office", "Office"): ("linkedTo", "linkedOffices"),
    ("WORKS_AT", "Expert", "Office"): ("offices", "experts"),
    ("PARTICIPATES_IN", "Firm", "Project"): ("projects", "participants"),
    ("COORDINATES", "Association", "Project"): ("coordinatedProjects", "coordinatingAssociations"),
    ("COORDINATES", "ServiceCentre", "Project"): (
        "coordinatedProjects",
        "coordinatingServiceCentres",
    ),
    ("ADVISES", "Expert", "Project"): ("advisedProjects", "advisers"),
    ("FUNDED_BY", "Project", "Instrument"): ("instruments", "projects"),
    ("ABOUT", "Project", "Topic"): ("topics", "projects"),
    ("SKILLED_IN", "Expert", "Topic"): ("topics", "experts"),
    ("AFFILIATED_WITH", "Association", "Hub"): ("affiliatedHubs", "associationAffiliates"),
    ("AFFILIATED_WITH", "Firm", "Hub"): ("affiliatedHubs", "firmAffiliates"),
    ("AFFILIATED_WITH", "Expert", "Hub"): ("affiliatedHubs", "expertAffiliates"),
    ("AFFILIATED_WITH", "Hub", "Hub"): ("affiliatedHubs", "hubAffiliates"),
}


def _fields() -> dict[str, dict[str, RelationField]]:
    fields: dict[str, dict[str, RelationField]] = {}
    for rel_type, spec in RELATIONSHIPS.items():
        for from_label, to_label in spec.endpoints:
            out_name, in_name = _NAMES[(rel_type, from_label, to_label)]
            ends: tuple[tuple[str, str, Direction, str, str], ...] = (
                (from_label, out_name, "out", to_label, f"{spec.description} ({rel_type})"),
                (to_label, in_name, "in", from_label, f"{spec.description} ({rel_type}, incoming)"),
            )
            for label, name, direction, target, description in ends:
                by_name = fields.setdefault(label, {})
                if name in by_name:
                    raise ValueError(f"two relationship fields {label}.{name}")
                relation = Relation(rel_type, direction, target)
                by_name[name] = RelationField(label, name, relation, description)
    return fields


RELATION_FIELDS: dict[str, dict[str, RelationField]] = _fields()
"""The relationship fields of each label, by field name."""
