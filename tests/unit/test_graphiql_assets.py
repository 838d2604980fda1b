"""GraphiQL is served with its scripts from the service (installed from npm), not from a CDN."""

import json

from graph_service.api.graphiql import assets, graphiql_html
from graph_service.config import PROJECT_ROOT


def test_the_page_loads_nothing_from_elsewhere_and_keeps_its_integrity_hashes() -> None:
    page = graphiql_html()
    assert "unpkg.com" not in page
    assert 'src="/graphiql/vendor/graphiql/graphiql.min.js"' in page
    assert page.count('integrity="sha384-') == len(assets()) > 4


def test_every_file_it_needs_is_pinned_in_the_lock_file_at_the_version_the_page_expects() -> None:
    lock = json.loads((PROJECT_ROOT / "package-lock.json").read_text())["packages"]
    for asset in assets():
        entry = lock.get(f"node_modules/{asset.package}")
        assert entry is not None, f"{asset.package} is not in package-lock.json"
        assert entry["version"] == asset.version, asset.package
        assert not entry.get("dev", False), f"{asset.package} must be a runtime dependency"
