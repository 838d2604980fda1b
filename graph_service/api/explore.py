"""The graph browser: a static page at ``/explore`` that talks only to the GraphQL API.

The page's own code lives in ``browser/``; its rendering library (cytoscape.js) is installed
from npm into ``node_modules`` and served from there, never from a CDN. No key is baked into
the page: it asks for one, or takes one handed over in the URL fragment by ``make run``.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from graph_service.api.npm_files import npm_file
from graph_service.api.relations import RELATION_FIELDS
from graph_service.domain import vocabulary
from graph_service.domain.model import LABELS, RELATIONSHIPS

PAGE_DIR = Path(__file__).parent / "browser"
# The page's libraries, by the name the page asks for: cytoscape.js (an ES module) and its
# force-directed layout fcose with the two packages it needs (classic scripts, as globals).
LIBRARIES = {
    "cytoscape.mjs": Path("cytoscape/dist/cytoscape.esm.min.mjs"),
    "layout-base.js": Path("layout-base/layout-base.js"),
    "cose-base.js": Path("cose-base/cose-base.js"),
    "cytoscape-fcose.js": Path("cytoscape-fcose/cytoscape-fcose.js"),
}

# The page is code: it must not be cached by an old copy after an upgrade, nor framed elsewhere.
# Inline styles are allowed because cytoscape.js injects its own small stylesheet; scripts are not.
_HEADERS = {
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; connect-src 'self'; frame-ancestors 'none'"
    ),
}


def browser_model() -> dict[str, object]:
    """What the page needs to know of the graph model: labels, their properties, and the
    relationship fields with their types (one source of truth: the domain model)."""
    labels = {
        name: {
            "description": spec.description,
            "nameProperty": "title" if spec.find_property("title") else "name",
            "properties": [
                {"name": prop.name, "type": prop.type.value, "choices": list(prop.choices)}
                for prop in spec.properties
            ],
            "relations": [
                {
                    "field": field.name,
                    "type": field.relation.type,
                    "direction": field.relation.direction,
                    "target": field.relation.target,
                }
                for field in RELATION_FIELDS.get(name, {}).values()
            ],
        }
        for name, spec in LABELS.items()
    }
    relationships = {name: spec.description for name, spec in RELATIONSHIPS.items()}
    return {"labels": labels, "relationshipTypes": relationships}


def explore_routes(node_modules: Path) -> list[BaseRoute]:
    """The routes of the graph browser; ``node_modules`` is where npm installed its libraries."""
    model = browser_model()

    async def page(request: Request) -> Response:
        return FileResponse(PAGE_DIR / "index.html", headers=_HEADERS)

    async def model_json(request: Request) -> Response:
        return JSONResponse(model, headers={"Cache-Control": "no-cache"})

    async def vocabulary_json(request: Request) -> Response:
        language = request.path_params["language"]
        if language not in vocabulary.LANGUAGES:
            return PlainTextResponse(f"no language {language!r}", status_code=404)
        return JSONResponse(vocabulary.as_json(language), headers={"Cache-Control": "no-cache"})

    async def library(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in LIBRARIES:
            return PlainTextResponse(f"no library {name!r}", status_code=404)
        return npm_file(node_modules / LIBRARIES[name], "the graph browser's library is", _HEADERS)

    return [
        Route("/explore", page),
        Route("/explore/model.json", model_json),
        Route("/explore/vocabulary/{language}.json", vocabulary_json),
        Route("/explore/vendor/{name}", library),
        Mount("/explore/static", StaticFiles(directory=PAGE_DIR), name="explore-static"),
    ]
