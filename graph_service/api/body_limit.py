"""Request bodies bounded before they are read: a declared ``Content-Length`` over the limit is
refused at once, a chunked body is read no further than the limit, and a client that stops
sending half-way is given up after the read timeout."""

from __future__ import annotations

import asyncio

import orjson
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class BodyLimit:
    """ASGI middleware: ``413`` past ``max_bytes``, ``408`` after ``read_timeout`` seconds of
    silence in the middle of a body."""

    def __init__(self, app: ASGIApp, max_bytes: int, read_timeout: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.read_timeout = read_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = [v for k, v in scope["headers"] if k == b"content-length"]
        if len(declared) > 1 or (declared and not declared[0].strip().isdigit()):
            await _answer(send, 400, "the Content-Length header is malformed")
            return
        if declared and int(declared[0]) > self.max_bytes:
            await _answer(send, 413, f"the body is larger than {self.max_bytes} bytes")
            return
        received = 0
        finished = False
        started = False

        async def bounded_receive() -> Message:
            nonlocal received, finished
            if finished:
                return await receive()  # after the body: waiting for a disconnect, unbounded
            try:
                async with asyncio.timeout(self.read_timeout):
                    message = await receive()
            except TimeoutError:
                raise _Refused(408, "the request's body came too slowly") from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _Refused(413, f"the body is larger than {self.max_bytes} bytes")
                finished = not message.get("more_body", False)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, bounded_receive, watched_send)
        except _Refused as refused:
            if not started:
                await _answer(send, refused.status, str(refused))
        except ClientDisconnect:
            pass  # the client left in the middle of its body: nobody to answer


_CODES = {408: "REQUEST_TIMEOUT", 413: "PAYLOAD_TOO_LARGE"}


async def _answer(send: Send, status: int, message: str) -> None:
    code = _CODES.get(status, "BAD_REQUEST")
    body = orjson.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
