"""The graph browser's routes: the page, its code, its model and its library, with no database."""

import json
import re
from pathlib import Path

import anyio
import httpx

from graph_service.api.app import create_app
from graph_service.config import ApiKey, Settings
from graph_service.domain import explanations, vocabulary
from graph_service.domain.analytics import OpportunityMethod
from graph_service.domain.explanations import EXPLANATIONS
from graph_service.domain.model import LABELS
from loaders import synthetic

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


def test_the_page_code_comes_from_the_service_not_a_cdn() -> None:
    """(Its libraries, installed by npm, are checked in tests/integration/test_served_libraries.)"""
    http = client()
    main = http.get("/explore/static/js/main.js")
    assert main.status_code == 200 and "javascript" in main.headers["content-type"]
    assert http.get("/explore/vendor/..%2Fpackage.json").status_code == 404
    for path in Path("graph_service/api/browser").rglob("*.*"):
        # The SVG namespace is a name, not an address anything is loaded from.
        text = path.read_text().replace("http://www.w3.org/2000/svg", "")
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


PAGE = Path("graph_service/api/browser")
MESSAGES: dict[str, dict[str, str]] = json.loads((PAGE / "messages.json").read_text())


def test_every_message_of_the_page_exists_in_italian_and_in_english() -> None:
    italian, english = set(MESSAGES["it"]), set(MESSAGES["en"])
    assert italian - english == set(), "missing in English"
    assert english - italian == set(), "missing in Italian"
    for lang, messages in MESSAGES.items():
        for key, text in messages.items():
            assert text.strip(), f"{lang}: {key} is empty"
            assert text.count("{") == text.count("}"), f"{lang}: {key} has unbalanced braces"
            placeholders = set(re.findall(r"\{(\w+)", text))
            other = MESSAGES["en" if lang == "it" else "it"][key]
            assert placeholders == set(re.findall(r"\{(\w+)", other)), f"{key}: other values"


def test_every_message_the_page_asks_for_is_in_the_catalogue() -> None:
    html = (PAGE / "index.html").read_text()
    scripts = "\n".join(p.read_text() for p in (PAGE / "js").glob("*.js"))
    asked = set(re.findall(r'data-i18n(?:-[a-z-]+)?="([\w.]+)"', html))
    asked |= set(re.findall(r"\bt\('([\w.]+)'", scripts))
    # Keys built from a control's values: every option of the size and colour menus.
    options = re.findall(r'<select id="(size-by|colour-by|layout)">(.*?)</select>', html, re.S)
    for select, body in options:
        prefix = {"size-by": "size", "colour-by": "colour", "layout": "layout"}[select]
        for value in re.findall(r'value="(\w+)"', body):
            asked.add(f"{prefix}.{value}")
            if prefix == "size" and value not in EXPLANATIONS["en"]:
                asked.add(f"sizeExplain.{value}")  # a property's; a measure's is explained
    asked |= {f"suggest.index.{method.value}" for method in OpportunityMethod}
    assert len(asked) > 100
    assert asked <= set(MESSAGES["it"]), (
        f"not in the catalogue: {sorted(asked - set(MESSAGES['it']))}"
    )
    # No text for people written straight into the page: every element with words has a key.
    bare = re.findall(r">\s*([A-Za-zÀ-ú][^<>{}]{2,})\s*<", html)
    assert set(bare) <= {"IT", "EN"}, bare


def test_the_page_gets_the_models_words_from_the_one_vocabulary() -> None:
    http = client()
    for lang in vocabulary.LANGUAGES:
        served = http.get(f"/explore/vocabulary/{lang}.json").json()
        assert served == {**vocabulary.as_json(lang), "explanations": explanations.as_json(lang)}
    assert http.get("/explore/vocabulary/de.json").status_code == 404
    italian = http.get("/explore/vocabulary/it.json").json()
    assert italian["relationships"]["MEMBER_OF"]["forward"] == "è socio di"
    assert italian["labels"]["Firm"]["many"] == "imprese"
    scripts = "\n".join(p.read_text() for p in (PAGE / "js").glob("*.js"))
    for phrase in ("è socio di", "member of", "partecipa a", "imprese"):
        assert phrase not in scripts, f"{phrase!r} is a word of the vocabulary, not of the page"


def test_every_sector_of_the_demo_and_synthetic_networks_has_its_words() -> None:
    demo = json.loads(Path("loaders/demo/bergamo.json").read_text())
    sectors = {n["sector"] for label in ("Firm", "Association") for n in demo["nodes"][label]}
    sectors |= set(synthetic.SECTORS)
    for lang in vocabulary.LANGUAGES:
        missing = {s for s in sectors if s not in vocabulary.SECTOR_WORDS[lang]}
        assert not missing, f"{lang}: no words for {missing}"
    assert vocabulary.value_word("printing", "it") == "stampa e grafica"
