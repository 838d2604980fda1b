"""Request ids, one JSON log line per request, and the request metrics.

Every HTTP response carries ``X-Request-ID``: the client's own when it sent a sane one, else a
new one. The access log line says method, path, status, duration, request id, the calling key's
*name* and the error codes of the answer; a key itself is never logged.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_service.api.metrics import Metrics

REQUEST_ID_HEADER = "x-request-id"
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_INFO = "graph_service.request"

access_log = logging.getLogger("graph_service.access")


@dataclass
class RequestInfo:
    """What the endpoint learns about a request, for its log line and metrics."""

    request_id: str
    key_name: str | None = None
    error_codes: list[str] = field(default_factory=list)
    cypher_queries: int | None = None


def request_info(request: Request) -> RequestInfo:
    """The request's info, filled in by the endpoint (a detached one outside the middleware)."""
    info = request.scope.get(_INFO)
    return info if isinstance(info, RequestInfo) else RequestInfo("")


class RequestObserver:
    """ASGI middleware: request id in and out, the access log line, the request metrics."""

    def __init__(self, app: ASGIApp, metrics: Metrics | None = None) -> None:
        self._app = app
        self._metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        info = RequestInfo(_request_id(scope))
        scope[_INFO] = info
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [
                    (name, value)
                    for name, value in message.get("headers", [])
                    if name.lower() != REQUEST_ID_HEADER.encode()
                ]
                headers.append((REQUEST_ID_HEADER.encode(), info.request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self._app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            path: str = scope.get("path", "")
            method: str = scope.get("method", "")
            if self._metrics is not None:
                self._metrics.observe_request(path, method, status, seconds, info.error_codes)
            fields: dict[str, Any] = {
                "method": method,
                "path": path,
                "status": status,
                "duration_ms": round(1000 * seconds, 2),
                "request_id": info.request_id,
                "key_name": info.key_name,
                "error_codes": info.error_codes,
            }
            if info.cypher_queries is not None:
                fields["cypher_queries"] = info.cypher_queries
            access_log.info("request", extra={"fields": fields})


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == REQUEST_ID_HEADER.encode():
            candidate: str = value.decode("latin-1")
            if _SANE_REQUEST_ID.fullmatch(candidate):
                return candidate
            break
    return uuid.uuid4().hex


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the record's ``fields``."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update(fields)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


JsonFormatter.converter = time.gmtime


def configure_logging(level: int = logging.INFO) -> None:
    """Send every log record (ours and uvicorn's) to stderr as JSON lines."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # One line per webhook delivery would drown the rest; failures are logged by the service.
    logging.getLogger("httpx").setLevel(logging.WARNING)
