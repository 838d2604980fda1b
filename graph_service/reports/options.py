"""What an analyst can ask for: the kinds of report, their options and the output formats.

Light on purpose (no networkx, no numpy): the command line builds its parser from it without
loading the analytics.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from graph_service.domain.analytics import CentralityMeasure, OpportunityMethod
from graph_service.domain.vocabulary import DEFAULT_LANGUAGE, Language


class ReportKind(StrEnum):
    CENTRALITY = "centrality"
    COMMUNITIES = "communities"
    BROKERS = "brokers"
    OPPORTUNITIES = "opportunities"
    BRIDGE = "bridge"
    STATS = "stats"
    COMPARE = "compare"


class ReportFormat(StrEnum):
    TABLE = "table"
    """Aligned columns for the terminal."""
    CSV = "csv"
    JSON = "json"
    MD = "md"
    HTML = "html"
    """One self-contained file: inline CSS and SVG charts, nothing fetched from anywhere."""
    XLSX = "xlsx"
    """A workbook: one sheet per table, typed cells, the header row frozen."""


class CsvDialect(StrEnum):
    PLAIN = "plain"
    """Commas, decimal points, full precision: for programs."""
    EXCEL_IT = "excel-it"
    """What Italian Excel opens with a double click: semicolons, decimal commas, a UTF-8 BOM."""


DEFAULT_TOP = {
    ReportKind.CENTRALITY: 20,
    ReportKind.BROKERS: 20,
    ReportKind.OPPORTUNITIES: 20,
    ReportKind.BRIDGE: 10,
    ReportKind.COMMUNITIES: 30,
    ReportKind.COMPARE: 20,
}
"""How many entries a report keeps when no ``top`` is given."""


@dataclass(frozen=True)
class ReportRequest:
    """What an analyst asked for; options that do not apply to ``kind`` are ignored.

    ``top`` None is the kind's default (:data:`DEFAULT_TOP`); ``other_hub`` None is the
    bridge analysis' default, Confindustria Bergamo's DIH.
    """

    kind: ReportKind
    measure: CentralityMeasure = CentralityMeasure.PAGERANK
    label: str | None = None
    top: int | None = None
    firm: str | None = None
    method: OpportunityMethod = OpportunityMethod.ADAMIC_ADAR
    other_hub: str | None = None
    language: Language = DEFAULT_LANGUAGE
    all_labels: bool = False
    """Rank every node, projects, topics and instruments included (else the actors only)."""
    year: int | None = None
    """The network as it stood at the end of this year."""
    extra: Mapping[str, Any] = field(default_factory=dict)
    """The other parameters of the report's analyses (``seed``, ``view``, ``weight``, ...),
    by name."""

    @property
    def effective_top(self) -> int:
        """``top``, or the kind's default."""
        return self.top if self.top is not None else DEFAULT_TOP.get(self.kind, 20)
