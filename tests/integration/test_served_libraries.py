"""The browser libraries the service serves, as `make setup` installs them from npm: the graph
browser's cytoscape.js and fcose, GraphiQL's scripts (unit tests need none of them)."""

from __future__ import annotations

from pathlib import Path

import httpx

from graph_service.api.graphiql import assets
from graph_service.config import PROJECT_ROOT


def test_the_graph_browser_s_libraries_are_served_from_the_install(service_url: str) -> None:
    library = httpx.get(f"{service_url}/explore/vendor/cytoscape.mjs")
    assert library.status_code == 200 and "javascript" in library.headers["content-type"]
    assert "export" in library.text[-2000:]
    fcose = httpx.get(f"{service_url}/explore/vendor/cytoscape-fcose.js")
    assert fcose.status_code == 200 and "javascript" in fcose.headers["content-type"]


def test_every_graphiql_file_is_installed_where_the_page_expects_it() -> None:
    for asset in assets():
        path = Path(PROJECT_ROOT / "node_modules" / asset.package / asset.path)
        assert path.is_file(), f"{path} is missing: run make setup"
