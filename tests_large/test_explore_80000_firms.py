"""The graph browser on the 80,000-firm synthetic network (``make test-large``; a few minutes
with the load): expanding the largest association stays responsive and readable.

Loading the network takes minutes, so this test is not part of ``make test``. A screenshot of each
step goes to ``test-artifacts/explore/``.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser

from graph_service.domain import vocabulary
from tests.conftest import Database
from tests.integration.explore_page import (
    LABEL_OVERLAPS,
    axe_scan,
    open_page,
    search_and_pick,
    settle,
    shot,
    until,
)
from tests.integration.graphql_server import KEYS, serving

ANALYST = KEYS["analyst"].secret
LARGEST = "confartigianato-bergamo"


@pytest.mark.timeout(3600)
def test_the_largest_association_of_80000_firms_opens_as_a_group(
    session_db: Database, browser: Browser
) -> None:
    session_db.wipe()
    loaded = session_db.cli("load", "synthetic", "--firms", "80000", "--seed", "1", timeout=1800)
    assert loaded.returncode == 0, loaded.stderr
    members = session_db.query(
        "MATCH (f:Firm)-[:MEMBER_OF]->(a:Association) RETURN a.id AS id, count(f) AS n "
        "ORDER BY n DESC LIMIT 1"
    )[0]
    assert members["id"] == LARGEST and members["n"] > 20_000
    with serving(session_db.settings) as base:
        page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="it-IT")
        open_page(page, f"{base}/explore#key={ANALYST}")
        search_and_pick(page, "Confartigianato Imprese", LARGEST)
        started = time.monotonic()
        page.click("#expand")
        group = f"group:{LARGEST}:members"
        until(page, f"window.explorer.cy.getElementById({group!r}).nonempty()", timeout=120)
        settle(page)
        expanded = time.monotonic() - started
        name = page.evaluate(f"window.explorer.cy.getElementById({group!r}).data('name')")
        firms = vocabulary.label_noun("Firm", "it", many=True)
        count = f"{members['n']:,}".replace(",", ".")
        assert name == f"{count} {firms} · Confartigianato Imprese Bergamo", name
        assert page.evaluate("window.explorer.cy.nodes().length") < 60
        shot(page, "80k-01-expanded")
        # The list of over 20,000 firms: one page at a time, searched by name, in good time.
        page.evaluate(f"window.explorer.select({group!r})")
        page.wait_for_selector("#group-list li button.pull", timeout=60_000)
        assert page.inner_text("#group-page") == f"Da 1 a 20 di {count}"
        started = time.monotonic()
        page.fill("#group-search", "Optics")
        until(
            page,
            "[...document.querySelectorAll('#group-list li .name')]"
            ".every(n => n.textContent.includes('Optics'))",
            timeout=60,
        )
        settle(page)
        searched = time.monotonic() - started
        assert page.query_selector_all("#group-list li .name")
        page.click("#group-next")
        until(page, "document.getElementById('group-page').textContent.startsWith('Da 21')")
        settle(page)
        page.click("#group-list li:first-child button.pull")
        until(page, "window.explorer.state.sel && !window.explorer.state.sel.startsWith('group:')")
        settle(page)
        # Readable: no two labels drawn over each other, the page still answers at once.
        shot(page, "80k-02-list-searched-and-one-firm-out")
        overlaps = page.evaluate(LABEL_OVERLAPS)
        assert overlaps["labels"] >= 3 and overlaps["overlaps"] == 0, overlaps
        axe_scan(page, "the 80,000-firm network")
        print(f"expand {expanded:.1f} s, search in the group {searched:.1f} s")
        assert expanded < 30 and searched < 15
        page.close()
