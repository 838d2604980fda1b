"""The service's Prometheus metrics, one registry per application, served at ``/metrics``."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from starlette.requests import Request
from starlette.responses import Response

ROUTES = frozenset({"/graphql", "/healthz", "/readyz", "/metrics"})
"""Paths reported by name; anything else is counted as ``other`` (bounded label values)."""

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    """Requests, latencies, GraphQL errors by code, Neo4j transaction times and the analytics
    cache. Label values are route names, methods, status codes and error codes only: never a
    key or a key's name."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "graph_service_http_requests",
            "HTTP requests answered, by route, method and status.",
            ("route", "method", "status"),
            registry=self.registry,
        )
        self.latency = Histogram(
            "graph_service_http_request_duration_seconds",
            "Time to answer an HTTP request, by route.",
            ("route",),
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.graphql_errors = Counter(
            "graph_service_graphql_errors",
            "Errors in GraphQL answers (top level and mutation payloads), by code.",
            ("code",),
            registry=self.registry,
        )
        self.neo4j = Histogram(
            "graph_service_neo4j_transaction_duration_seconds",
            "Time spent in Neo4j transactions: read (compiled queries), write (one mutation), "
            "projection (the analytics' bulk read of the graph), changes (change-feed events the "
            "analytics read to catch up).",
            ("kind",),
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.analytics_cache = Counter(
            "graph_service_analytics_cache",
            "Analytics answered from the cache (hit) or computed (miss).",
            ("result",),
            registry=self.registry,
        )

    def observe_request(
        self, path: str, method: str, status: int, seconds: float, error_codes: list[str]
    ) -> None:
        route = path if path in ROUTES else "other"
        self.requests.labels(route, method, str(status)).inc()
        self.latency.labels(route).observe(seconds)
        for code in error_codes:
            self.graphql_errors.labels(code).inc()

    def observe_neo4j(self, kind: str, seconds: float) -> None:
        self.neo4j.labels(kind).observe(seconds)

    def observe_cache(self, hit: bool) -> None:
        self.analytics_cache.labels("hit" if hit else "miss").inc()

    async def endpoint(self, request: Request) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_PLAIN_0_0_4)
