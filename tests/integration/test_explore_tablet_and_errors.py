"""The graph browser on a tablet, in the other language chosen on its switch, and when things go
wrong: a refused key, a database that cannot be reached. Real Chromium, screenshots under
``test-artifacts/explore/``."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from graph_service.config import Settings
from graph_service.local_neo4j import LocalNeo4j, free_port
from tests.conftest import Database
from tests.integration.explore_page import (
    axe_scan,
    open_page,
    say,
    search_and_pick,
    settle,
    shot,
    until,
)
from tests.integration.graphql_server import (
    KEYS,
    REFUSED_SOCKETS,
    collect_refused_sockets,
    serving,
)

ANALYST = KEYS["analyst"].secret


def test_on_a_tablet_the_panel_folds_away_and_the_language_choice_is_kept(
    browser: Browser, demo_db: Database, service_url: str
) -> None:
    context = browser.new_context(
        viewport={"width": 820, "height": 1180}, has_touch=True, locale="it-IT"
    )
    page = context.new_page()
    open_page(page, f"{service_url}/explore#key={ANALYST}")
    # The graph has the whole width; the panel waits behind its button.
    assert page.get_attribute("#panel-toggle", "aria-expanded") == "false"
    assert not page.is_visible("#panel")
    assert page.eval_on_selector("#graph", "g => g.getBoundingClientRect().width") >= 800
    page.click("#panel-toggle")
    assert page.is_visible("#panel")
    search_and_pick(page, "Tipografia Gritti", "firm-0033")
    page.click("#expand")
    settle(page)
    # Touch targets of at least 44 px, labels large enough to read.
    heights = page.eval_on_selector_all(
        "#panel button, #panel select",
        "l => l.filter(b => b.offsetParent).map(b => b.offsetHeight)",
    )
    assert min(heights) >= 44
    assert page.evaluate("window.explorer.cy.zoom() * 11") >= 11
    # The growth plays year by year up to the last one, then the button offers to play again.
    first, last = page.evaluate(
        "[document.getElementById('time-year').min, document.getElementById('time-year').max].map(Number)"
    )
    page.click("#time-play")
    until(page, f"window.explorer.state.year === {first}")
    assert page.inner_text("#time-play") == say("it", "time.stop")
    until(page, f"window.explorer.state.year === {last} && !window.explorer.playing", timeout=60)
    assert page.inner_text("#time-play") == say("it", "time.play")
    shot(page, "tablet-01-panel-open")
    axe_scan(page, "the tablet with its panel open")
    page.click("#panel-toggle")
    assert page.get_attribute("#panel-toggle", "aria-expanded") == "false"
    assert page.inner_text("#panel-toggle") == say("it", "panel.show")
    shot(page, "tablet-02-panel-closed")
    # English on the switch: the page's words change, the choice is in the address and kept.
    page.click("#lang-en")
    until(page, "document.documentElement.lang === 'en'")
    assert page.inner_text("#panel-toggle") == say("en", "panel.show")
    assert "lang=en" in page.url
    page.goto(f"{service_url}/explore")
    until(page, "document.body.dataset.ready === 'true'", timeout=60)
    assert page.evaluate("document.documentElement.lang") == "en"
    shot(page, "tablet-03-english-kept")
    context.close()


def test_a_refused_key_is_asked_again_with_a_readable_message(
    browser: Browser, demo_db: Database, service_url: str
) -> None:
    page = browser.new_page(locale="en-GB")
    page.goto(f"{service_url}/explore#key=not-a-key-of-this-service")
    page.wait_for_selector("#key-dialog[open]")
    assert say("en", "key.refused") in page.inner_text("#key-dialog")
    page.fill("#key-input", KEYS["reader"].secret)
    page.press("#key-input", "Enter")
    until(page, "document.body.dataset.ready === 'true'")
    # A reader may browse, but analytics need an analyst's key: the page says so.
    page.select_option("#size-by", "betweenness")
    page.wait_for_selector("#status.error")
    assert "analyst" in page.inner_text("#status")
    assert page.input_value("#size-by") == ""
    page.close()


@pytest.mark.filterwarnings(REFUSED_SOCKETS)
def test_the_page_says_so_when_the_service_cannot_reach_neo4j(
    browser: Browser, tmp_path: Path
) -> None:
    neo4j = LocalNeo4j(tmp_path / "neo4j", free_port(), "browser-outage-password", heap="512m")
    neo4j.start()
    try:
        settings = Settings(neo4j_uri=neo4j.uri, neo4j_password=neo4j.password)
        with serving(settings) as base:
            page = browser.new_page(locale="it-IT")
            open_page(page, f"{base}/explore#key={ANALYST}")
            neo4j.stop()
            page.fill("#search", "Ottica")
            page.wait_for_selector("#status.error", timeout=60_000)
            assert say("it", "error.SERVICE_UNAVAILABLE") in page.inner_text("#status")
            assert page.get_attribute("#status", "role") == "alert"
            shot(page, "neo4j-down")
            page.close()
    finally:
        neo4j.stop()
        collect_refused_sockets()
