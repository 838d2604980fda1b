"""uvicorn, as the service runs it: bounded connections, headers and slow clients.

uvicorn's httptools protocol has no limit on the size or number of headers, nor a deadline for
a request's headers (uvicorn's own timeouts cover idle keep-alive connections only): this
protocol adds them, answering ``431`` or ``408`` and closing the connection before the parser
buffers more. Bodies are bounded by ``api.body_limit`` once the headers are in.
"""

from __future__ import annotations

import asyncio
import gc
from typing import Any

import httptools
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from graph_service.config import Settings

_REASONS = {408: b"Request Timeout", 431: b"Request Header Fields Too Large"}


class _HeaderLimit(Exception):
    pass


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with header size, header count and header time limits."""

    max_header_bytes = 16_384
    max_headers = 64
    read_timeout = 10.0

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self._reading_headers = True
        self._header_bytes = 0
        self._header_count = 0
        self._header_timer: asyncio.TimerHandle | None = None

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_header_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        self._unset_keepalive_if_required()
        if self._reading_headers:
            if self._header_timer is None:
                self._header_timer = self.loop.call_later(
                    self.read_timeout, self._refuse, 408, "the request's headers came too slowly"
                )
            self._header_bytes += len(data)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as error:
            if isinstance(error.__context__, _HeaderLimit):
                self._refuse(431, str(error.__context__))
                return
            self.logger.warning("Invalid HTTP request received.")
            self.send_400_response("Invalid HTTP request received.")
            return
        except httptools.HttpParserUpgrade:
            # The change feed's subscriptions (graphql-transport-ws): the headers were bounded
            # like any other request's before the upgrade.
            self._stop_header_timer()
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return
        if self._reading_headers and self._header_bytes > self.max_header_bytes:
            too_large = f"the request's headers are larger than {self.max_header_bytes} bytes"
            self._refuse(431, too_large)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._reading_headers = True
        self._header_count = 0

    def on_url(self, url: bytes) -> None:
        if len(self.url) + len(url) > self.max_header_bytes:
            raise _HeaderLimit(f"the request's URL is longer than {self.max_header_bytes} bytes")
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_count += 1
        if self._header_count > self.max_headers:
            raise _HeaderLimit(f"the request has more than {self.max_headers} headers")
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._reading_headers = False
        self._header_bytes = 0
        self._stop_header_timer()
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._reading_headers = True

    def _stop_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _refuse(self, status: int, message: str) -> None:
        self._stop_header_timer()
        if self.transport.is_closing():
            return
        body = message.encode()
        self.transport.write(
            b"HTTP/1.1 %d %s\r\ncontent-type: text/plain; charset=utf-8\r\n"
            b"content-length: %d\r\nconnection: close\r\n\r\n%s"
            % (status, _REASONS[status], len(body), body)
        )
        self.transport.close()


def server_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's options for the service: its protocol with the configured limits."""
    protocol = type(
        "ServiceHttpProtocol",
        (BoundedHttpToolsProtocol,),
        {
            "max_header_bytes": settings.max_header_bytes,
            "max_headers": settings.max_headers,
            "read_timeout": settings.read_timeout,
        },
    )
    return {
        "http": protocol,
        "limit_concurrency": settings.max_concurrency,
        "timeout_keep_alive": settings.keep_alive_timeout,
        "h11_max_incomplete_event_size": settings.max_header_bytes,
    }


def freeze_startup_objects() -> int:
    """Leave the objects made at start-up (modules, the schema, the app) out of every later
    garbage collection; returns how many were frozen.

    Python's full collection visits every object that could be in a cycle. In a serving
    process, nearly all of them were made at start-up and live until the end, and each full
    collection went through them all again: about 100 ms, twice in five seconds of wide answers,
    every request in flight waiting meanwhile. Frozen, they are not visited; a full collection
    takes a few milliseconds. What dies later is still freed as before.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
