"""The graph browser's routes: the page, its code, its model and its library, with no database."""

from pathlib import Path

import anyio
import httpx

from graph_service.api.app import create_app
from graph_service.config import ApiKey, Settings
from graph_service.domain.model import LABELS

KEY = ApiKey("coordinator", "reader", "a-coordinator-key-0123456789")


class Client:
    """Requests straight to the application; its lifespan (and its Neo4j driver) is not started,
    as these routes need neither."""

    def __init__(self, settings: Settings) -> None:
        self.transport = httpx.ASGITransport(app=create_app(settings))

    def get(self, path: str) -> httpx.Response:
        async def fetch() -> httpx.Response:
            async with httpx.AsyncClient(transport=self.transport, base_url="http://page") as http:
                response = await http.get(path)
                await response.aread()
                return response

        return anyio.run(fetch)


def client(node_modules: Path | None = None) -> Client:
    if node_modules is None:
        return Client(Settings(api_keys=(KEY,)))
    return Client(Settings(api_keys=(KEY,), node_modules=node_modules))


def test_the_page_is_served_without_any_key_in_it_and_with_a_strict_policy() -> None:
    response = client().get("/explore")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert KEY.secret not in response.text
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy
    assert 'src="/explore/static/js/main.js"' in response.text


def test_the_page_code_and_its_library_come_from_the_service_not_a_cdn() -> None:
    http = client()
    main = http.get("/explore/static/js/main.js")
    assert main.status_code == 200 and "javascript" in main.headers["content-type"]
    library = http.get("/explore/vendor/cytoscape.mjs")
    assert http.get("/explore/vendor/cytoscape-fcose.js").status_code == 200
    assert http.get("/explore/vendor/..%2Fpackage.json").status_code == 404
    assert library.status_code == 200 and "javascript" in library.headers["content-type"]
    assert "export" in library.text[-2000:]
    for path in Path("graph_service/api/browser").rglob("*.*"):
        text = path.read_text()
        assert "https://" not in text and "http://" not in text, f"{path} loads from elsewhere"


def test_a_missing_library_is_named_with_the_command_that_installs_it(tmp_path: Path) -> None:
    response = client(node_modules=tmp_path).get("/explore/vendor/cytoscape.mjs")
    assert response.status_code == 503
    assert "make setup" in response.text and str(tmp_path) in response.text


def test_the_model_tells_the_page_every_label_its_properties_and_relationships() -> None:
    model = client().get("/explore/model.json").json()
    assert set(model["labels"]) == set(LABELS)
    project = model["labels"]["Project"]
    assert project["nameProperty"] == "title"
    assert {
        "name": "status",
        "type": "string",
        "choices": ["completed", "running", "starting"],
    } in (project["properties"])
    firm_relations = {
        (r["field"], r["type"], r["target"]) for r in model["labels"]["Firm"]["relations"]
    }
    assert ("projects", "PARTICIPATES_IN", "Project") in firm_relations
    assert "AFFILIATED_WITH" in model["relationshipTypes"]
