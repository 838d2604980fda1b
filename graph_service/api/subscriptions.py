"""GraphQL subscriptions over WebSocket at ``/graphql``, with the ``graphql-transport-ws``
protocol (what Apollo Client, urql and the graphql-ws client speak), served by Strawberry.

The client authenticates in its ``connection_init`` payload, ``{"Authorization": "Bearer
<key>"}``, with the same keys as HTTP; a connection without a known key is closed with 4403.
Only subscription operations are served here (queries and mutations go to ``POST /graphql``);
the server pings every client every ``ping_seconds`` to keep idle connections (and the proxies
between) alive.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

import strawberry
from graphql import GraphQLError, OperationType
from starlette.requests import Request
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import SubscribeMessage

from graph_service.api.auth import KeyRing
from graph_service.api.documents import Documents
from graph_service.config import ApiKey, FeedSettings
from graph_service.services.container import Services

MAX_SUBSCRIPTIONS_PER_CONNECTION = 10


@dataclass
class SubscriptionContext:
    """``info.context`` of a subscription: the services and the key of the connection."""

    services: Services
    connection_params: dict[str, Any] = field(default_factory=dict)
    key: ApiKey | None = None


class _Handler(BaseGraphQLTransportWSHandler[SubscriptionContext, None]):
    view: SubscriptionEndpoint

    def on_request_accepted(self) -> None:
        super().on_request_accepted()
        self._pinger = asyncio.create_task(self._ping())

    async def _ping(self) -> None:
        while True:
            await asyncio.sleep(self.view.ping_seconds)
            if self.connection_acknowledged:
                with suppress(Exception):
                    await self.send_message({"type": "ping"})

    async def shutdown(self) -> None:
        self._pinger.cancel()
        with suppress(asyncio.CancelledError):
            await self._pinger
        await super().shutdown()

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        problem = self._problem(message)
        if problem is not None and self.connection_acknowledged:
            await self.send_message(
                {"id": message["id"], "type": "error", "payload": [problem.formatted]}
            )
            return
        await super().handle_subscribe(message)

    def _problem(self, message: SubscribeMessage) -> GraphQLError | None:
        """Why the operation is not served here: not a subscription, or over the limits."""
        try:
            payload = message["payload"]
            query = payload["query"]
            prepared = self.view.documents.prepare(query, payload.get("operationName"))
        except Exception as error:
            errors = getattr(error, "errors", None)
            return errors[0] if errors else None
        if prepared.operation.operation is not OperationType.SUBSCRIPTION:
            return GraphQLError(
                "only subscriptions are served over WebSocket: send queries and mutations to "
                "POST /graphql",
                extensions={"code": "BAD_REQUEST"},
            )
        return None


class SubscriptionEndpoint(GraphQL[SubscriptionContext, None]):
    """The WebSocket side of ``/graphql``."""

    graphql_transport_ws_handler_class = _Handler

    def __init__(
        self,
        schema: strawberry.Schema,
        keys: KeyRing,
        settings: FeedSettings,
        documents: Documents,
        allowed_origins: tuple[str, ...] = (),
    ) -> None:
        self.ping_seconds = settings.ping_seconds
        self.documents = documents
        super().__init__(
            schema,
            graphql_ide=None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=dt.timedelta(seconds=10),
            max_subscriptions_per_connection=MAX_SUBSCRIPTIONS_PER_CONNECTION,
            allowed_origins=allowed_origins,
        )
        self._keys = keys

    async def get_context(self, request: Request | WebSocket, response: Any) -> SubscriptionContext:
        return SubscriptionContext(services=request.state.services)

    async def on_ws_connect(self, context: SubscriptionContext) -> dict[str, object] | None:
        authorization = context.connection_params.get("Authorization")
        if not isinstance(authorization, str):
            authorization = context.connection_params.get("authorization")
        key = self._keys.identify(authorization if isinstance(authorization, str) else None)
        if key is None:
            raise ConnectionRejectionError()
        context.key = key
        return None
