"""How an analysis looks at the network: which view of it, how its ties are weighed, whom it
ranks. Plain choices, shared by the analytics, the reports, the command line and the API."""

from __future__ import annotations

from enum import StrEnum


class NetworkView(StrEnum):
    """The graph an analysis runs on."""

    WHOLE = "whole"
    """Every node and relationship, a tie wherever any relationship joins two nodes."""
    FIRMS = "firms"
    """Firms only, two firms tied when they take part in a project together."""
    ASSOCIATIONS = "associations"
    """Associations only, two associations tied when a firm is a member of both."""


class TieWeight(StrEnum):
    """What makes a tie strong. Not every weight means something in every view:
    :data:`WEIGHTS_BY_VIEW` says which apply where."""

    NONE = "none"
    """Every tie counts the same."""
    DECLARED = "declared"
    """The relationships' own ``weight`` property (1 when absent), summed over a tie."""
    SHARED_PROJECTS = "shared_projects"
    """The number of projects two firms take part in together."""
    INVESTMENT = "investment"
    """The euros invested in the projects two firms share: a project's ``investment``, or
    the sum of its ``FUNDED_BY`` amounts when the investment is not known."""
    SHARED_FIRMS = "shared_firms"
    """The number of firms that are members of both associations."""


WEIGHTS_BY_VIEW: dict[NetworkView, tuple[TieWeight, ...]] = {
    NetworkView.WHOLE: (TieWeight.NONE, TieWeight.DECLARED),
    NetworkView.FIRMS: (TieWeight.NONE, TieWeight.SHARED_PROJECTS, TieWeight.INVESTMENT),
    NetworkView.ASSOCIATIONS: (TieWeight.NONE, TieWeight.SHARED_FIRMS),
}
"""The weights that mean something in each view."""

ACTOR_LABELS: tuple[str, ...] = (
    "Firm",
    "Association",
    "ServiceCentre",
    "Expert",
    "Office",
    "Hub",
)
"""The network's actors: who can hold it together, as opposed to what their ties are about
(projects, topics, funding instruments). Reports rank these by default."""
