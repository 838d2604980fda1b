"""The graph browser: a static page at ``/explore`` that talks only to the GraphQL API.

The page's own code lives in ``browser/``; its rendering library (cytoscape.js) is installed
from npm into ``node_modules`` and served from there, never from a CDN. No key is baked into
the page: it asks for one, or takes one handed over in the URL fragment by ``make run``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from graph_service.api.auth import KeyRing
from graph_service.api.errors import HTTP_STATUS
from graph_service.api.html_headers import page_headers
from graph_service.api.npm_files import npm_file
from graph_service.api.relations import RELATION_FIELDS
from graph_service.domain import explanations, vocabulary
from graph_service.domain.model import LABELS, RELATIONSHIPS
from graph_service.errors import GraphServiceError, InvalidArgument, LimitExceeded

log = logging.getLogger(__name__)

PAGE_DIR = Path(__file__).parent / "browser"
# The page's libraries, by the name the page asks for: cytoscape.js (an ES module for the page,
# a classic script for its layout worker) and its force-directed layout fcose with the two
# packages it needs (classic scripts, as globals).
LIBRARIES = {
    "cytoscape.mjs": Path("cytoscape/dist/cytoscape.esm.min.mjs"),
    "cytoscape.umd.js": Path("cytoscape/dist/cytoscape.min.js"),  # for the layout worker
    "layout-base.js": Path("layout-base/layout-base.js"),
    "cose-base.js": Path("cose-base/cose-base.js"),
    "cytoscape-fcose.js": Path("cytoscape-fcose/cytoscape-fcose.js"),
}

_HEADERS = page_headers()


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


MAX_BODY = 1_100_000  # a saved view's largest JSON, with room for its envelope
_JSON_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def _error(status: int, code: str, message: str, **headers: str) -> Response:
    body = {"error": {"code": code, "message": message}}
    return JSONResponse(body, status, headers={**_JSON_HEADERS, **headers})


async def _json_body(request: Request) -> dict[str, Any]:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY:
        raise LimitExceeded(f"a request body may have at most {MAX_BODY} bytes")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise LimitExceeded(f"a request body may have at most {MAX_BODY} bytes")
    try:
        parsed = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise InvalidArgument(f"the body is not JSON: {error}") from error
    if not isinstance(parsed, dict):
        raise InvalidArgument("the body must be a JSON object")
    return parsed


def saved_view_routes(keys: KeyRing) -> list[BaseRoute]:
    """``/explore/views`` (GET: the key's views) and ``/explore/views/{name}`` (GET: one view;
    PUT ``{"view": …}``: save; PATCH ``{"name": …}``: rename; DELETE), with the same
    ``Authorization: Bearer`` keys as ``/graphql``. Errors: ``{"error": {"code", "message"}}``."""

    async def views(request: Request) -> Response:
        key = keys.identify(request.headers.get("authorization"))
        if key is None:
            return _error(
                401,
                "UNAUTHENTICATED",
                "a valid API key is required: Authorization: Bearer <key>",
                **{"WWW-Authenticate": 'Bearer realm="graph_service"'},
            )
        service = request.state.services.views
        name = request.path_params.get("name")
        try:
            if name is None:
                found = await service.list(key)
                listed = [
                    {"name": v.name, "updatedAt": v.updated_at.isoformat(), "size": v.size}
                    for v in found
                ]
                return JSONResponse({"views": listed}, headers=_JSON_HEADERS)
            if request.method == "GET":
                view, content = await service.get(key, name)
                answer = {"name": view.name, "updatedAt": view.updated_at.isoformat()}
                return JSONResponse({**answer, "view": content}, headers=_JSON_HEADERS)
            if request.method == "DELETE":
                await service.delete(key, name)
                return Response(status_code=204, headers=_JSON_HEADERS)
            body = await _json_body(request)
            if request.method == "PATCH":
                await service.rename(key, name, body.get("name"))
                return JSONResponse({"name": body["name"].strip()}, headers=_JSON_HEADERS)
            created = await service.save(key, name, body.get("view"))
            status = 201 if created else 200
            return JSONResponse({"name": name.strip()}, status, headers=_JSON_HEADERS)
        except GraphServiceError as error:
            return _error(HTTP_STATUS.get(error.code, 400), error.code, str(error))
        except Exception:
            log.exception("unexpected error with the saved views of %s", key.name)
            return _error(500, "INTERNAL_SERVER_ERROR", "Internal server error")

    return [
        Route("/explore/views", views, methods=["GET"]),
        Route("/explore/views/{name:path}", views, methods=["GET", "PUT", "PATCH", "DELETE"]),
    ]


def explore_routes(node_modules: Path, keys: KeyRing) -> list[BaseRoute]:
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
        words = {**vocabulary.as_json(language), "explanations": explanations.as_json(language)}
        return JSONResponse(words, headers={"Cache-Control": "no-cache"})

    async def library(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in LIBRARIES:
            return PlainTextResponse(f"no library {name!r}", status_code=404)
        return npm_file(node_modules / LIBRARIES[name], "the graph browser's library is", _HEADERS)

    return [
        *saved_view_routes(keys),
        Route("/explore", page),
        Route("/explore/model.json", model_json),
        Route("/explore/vocabulary/{language}.json", vocabulary_json),
        Route("/explore/vendor/{name}", library),
        Mount("/explore/static", StaticFiles(directory=PAGE_DIR), name="explore-static"),
    ]
