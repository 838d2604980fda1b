"""Every kind of report, in Italian and in English, opened in Chromium as an analyst opens it:
no label cut, each chart's bars in the order of its table, screenshots kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from playwright.sync_api import Browser

from graph_service.analytics.version import graph_version
from graph_service.reports.options import ReportKind, ReportRequest
from graph_service.reports.render import RenderOptions, render
from graph_service.services.reports import analyse
from graph_service.storage.network_projection import read_network
from tests.conftest import ARTIFACTS, Database

EXTRA = {ReportKind.COMPARE: {"first_year": 2018, "second_year": 2019}}

MEASURE = """
() => [...document.querySelectorAll('svg')].map(svg => {
  const box = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  });
  let table = svg.closest('figure');
  while (table && table.tagName !== 'TABLE') table = table.nextElementSibling;
  const rows = table ? [...table.querySelectorAll('tbody tr')].map(
    tr => [...tr.querySelectorAll('td')].map(td => td.textContent)) : [];
  return {
    kind: svg.getAttribute('class'),
    box: {left: box.left, right: box.right, top: box.top, bottom: box.bottom},
    texts,
    labels: [...svg.querySelectorAll('text.label')].map(t => t.textContent),
    totals: [...svg.querySelectorAll('text.value')].map(t => Number(t.dataset.total)),
    rows,
  };
})
"""


def _in_table_order(labels: list[str], rows: list[list[str]]) -> bool:
    """The chart's labels are a column of the table, in its order (or two columns joined by an
    arrow, for pairs)."""
    count = len(labels)
    if not rows or len(rows) < count:
        return False
    columns = list(zip(*rows[:count], strict=True))
    if any(list(column) == labels for column in columns):
        return True
    return any(
        [f"{a} → {b}" for a, b in zip(first, second, strict=True)] == labels
        for first in columns
        for second in columns
    )


@pytest.fixture(scope="module")
def demo_network(session_db: Database) -> nx.MultiDiGraph[Any]:
    session_db.ensure_demo()
    return read_network(session_db.driver, session_db.database)


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize("kind", list(ReportKind))
def test_the_report_opens_with_every_label_whole_and_bars_in_table_order(
    demo_network: nx.MultiDiGraph[Any],
    browser: Browser,
    tmp_path: Path,
    kind: ReportKind,
    language: str,
) -> None:
    # Rendered as `graph-service report KIND --format html` renders it (the command itself is
    # run in test_report_cli), from the demo network as read from Neo4j.
    result = analyse(demo_network, ReportRequest(kind, extra=EXTRA.get(kind, {})))
    options = RenderOptions(
        language=language,  # type: ignore[arg-type]
        generated_at=dt.datetime.now(dt.UTC),
        version=graph_version(demo_network),
    )
    target = tmp_path / f"{kind}-{language}.html"
    target.write_bytes(render(result, "html", options).files[0].data)
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    try:
        page.goto(target.as_uri())
        assert page.locator("html").get_attribute("lang") == language
        figures: list[dict[str, Any]] = page.evaluate(MEASURE)
        assert figures, "no chart nor picture drawn"
        for figure in figures:
            box = figure["box"]
            cut = [
                t["text"]
                for t in figure["texts"]
                if t["left"] < box["left"] - 0.5
                or t["right"] > box["right"] + 0.5
                or t["top"] < box["top"] - 0.5
                or t["bottom"] > box["bottom"] + 0.5
            ]
            assert cut == [], f"cut at the picture's edge: {cut}"
            if figure["kind"] == "chart" and figure["totals"]:
                totals = figure["totals"]
                assert totals in (sorted(totals), sorted(totals, reverse=True)), totals
                assert _in_table_order(figure["labels"], figure["rows"]), figure["labels"]
        ARTIFACTS.joinpath("reports").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "reports" / f"{kind}-{language}.png"), full_page=True)
        dated = page.locator("p.dated").inner_text()
        assert ("versione del grafo" if language == "it" else "graph version") in dated
        how = "Come è stato calcolato" if language == "it" else "How this was computed"
        assert page.get_by_role("heading", name=how).count() == 1
    finally:
        page.close()
