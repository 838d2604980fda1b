"""GraphiQL opens in Chromium with everything it loads coming from the service itself."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Browser, Request

from tests.conftest import ARTIFACTS


def test_graphiql_runs_without_any_cdn(browser: Browser, service_url: str) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    hosts: set[str] = set()

    def seen(request: Request) -> None:
        if not request.url.startswith(("data:", "blob:")):
            hosts.add(urlsplit(request.url).netloc)

    page.on("request", seen)
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(f"{service_url}/graphql")
    page.wait_for_selector(".graphiql-query-editor .CodeMirror", timeout=30_000)
    assert hosts == {urlsplit(service_url).netloc}
    assert not failed
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "graphiql.png"))
    page.close()
