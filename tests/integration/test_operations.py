"""Running the service: request ids and JSON logs without keys, /metrics, answers to wrong keys,
CORS and the per-key rate limit."""

import io
import json
import logging
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from graph_service.api.observability import JsonFormatter
from tests.conftest import Database
from tests.integration.graphql_server import KEYS, serving

WRONG_KEY = "not-a-key-of-this-service-0123456789"
QUERY = {"query": "{ topics(first: 1) { totalCount } }"}


def post(base: str, body: dict[str, Any], key: str | None, **headers: str) -> httpx.Response:
    if key is not None:
        headers["authorization"] = f"Bearer {key}"
    return httpx.post(f"{base}/graphql", json=body, headers=headers, timeout=30)


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """Everything the service logs during the test, formatted as the service formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root, ours = logging.getLogger(), logging.getLogger("graph_service")
    level = ours.level
    root.addHandler(handler)
    ours.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        ours.setLevel(level)


def access_line(stream: io.StringIO, request_id: str) -> dict[str, Any]:
    """The access log line of a request (written just after its response is sent)."""
    deadline = time.monotonic() + 10
    while True:
        for line in stream.getvalue().splitlines():
            record = json.loads(line)
            if record["logger"] == "graph_service.access" and record["request_id"] == request_id:
                assert isinstance(record, dict)
                return record
        assert time.monotonic() < deadline, f"no access log line for {request_id}"
        time.sleep(0.05)


def test_responses_carry_request_ids_and_json_log_lines_name_keys_but_never_show_them(
    demo_db: Database, service_url: str, json_log: io.StringIO
) -> None:
    valid = post(service_url, QUERY, KEYS["reader"].secret, **{"x-request-id": "partner-req-42"})
    wrong = post(service_url, QUERY, WRONG_KEY)
    missing = post(service_url, QUERY, None, **{"x-request-id": "bad id with spaces"})
    failed = post(
        service_url,
        {"query": 'mutation { deleteFirm(id: "no-such-firm") { errors { code } } }'},
        KEYS["editor"].secret,
    )
    health = httpx.get(f"{service_url}/healthz")

    assert valid.headers["x-request-id"] == "partner-req-42"
    for response in (wrong, missing, failed, health):
        assert len(response.headers["x-request-id"]) == 32  # generated: a UUID's hex
    assert len({r.headers["x-request-id"] for r in (valid, wrong, missing, failed, health)}) == 5

    line = access_line(json_log, "partner-req-42")
    assert line["method"] == "POST" and line["path"] == "/graphql" and line["status"] == 200
    assert line["key_name"] == KEYS["reader"].name and line["error_codes"] == []
    assert line["duration_ms"] > 0 and line["level"] == "info"
    for response in (wrong, missing):
        line = access_line(json_log, response.headers["x-request-id"])
        assert (line["status"], line["key_name"]) == (401, None)
        assert line["error_codes"] == ["UNAUTHENTICATED"]
    line = access_line(json_log, failed.headers["x-request-id"])
    assert (line["key_name"], line["error_codes"]) == (KEYS["editor"].name, ["NOT_FOUND"])
    assert access_line(json_log, health.headers["x-request-id"])["path"] == "/healthz"

    text = json_log.getvalue()
    for secret in [WRONG_KEY, *(key.secret for key in KEYS.values())]:
        assert secret not in text


def test_a_wrong_key_is_answered_exactly_like_a_missing_one(service_url: str) -> None:
    def answer(**headers: str) -> tuple[int, bytes, str | None]:
        response = httpx.post(f"{service_url}/graphql", json=QUERY, headers=headers)
        return response.status_code, response.content, response.headers.get("www-authenticate")

    missing = answer()
    assert missing[0] == 401
    almost = KEYS["admin"].secret[:-1] + "x"
    for authorization in (
        f"Bearer {WRONG_KEY}",
        f"Bearer {almost}",
        "Bearer",
        f"Basic {KEYS['admin'].secret}",
        KEYS["admin"].secret,
    ):
        assert answer(authorization=authorization) == missing


def metric_values(base: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = httpx.get(f"{base}/metrics")  # no key: scrapers don't have one
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def test_metrics_count_requests_errors_neo4j_time_and_the_analytics_cache(
    demo_db: Database, service_url: str
) -> None:
    before = metric_values(service_url)
    admin = KEYS["admin"].secret
    for _ in range(3):
        assert post(service_url, QUERY, admin).status_code == 200
    post(service_url, QUERY, WRONG_KEY)
    post(service_url, {"query": 'mutation { deleteFirm(id: "nope") { errors { code } } }'}, admin)
    stats = {"query": "{ networkStats { result { nodeCount } } }"}
    for _ in range(2):
        assert "errors" not in post(service_url, stats, admin).json()
    after = metric_values(service_url)

    def delta(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    requests = "graph_service_http_requests_total"
    assert delta(requests, route="/graphql", method="POST", status="200") >= 6
    assert delta(requests, route="/graphql", method="POST", status="401") >= 1
    assert delta(requests, route="/metrics", method="GET", status="200") >= 1
    assert delta("graph_service_http_request_duration_seconds_count", route="/graphql") >= 7
    assert delta("graph_service_graphql_errors_total", code="UNAUTHENTICATED") >= 1
    assert delta("graph_service_graphql_errors_total", code="NOT_FOUND") >= 1
    neo4j_seconds = "graph_service_neo4j_transaction_duration_seconds_count"
    assert delta(neo4j_seconds, kind="read") >= 3
    assert delta(neo4j_seconds, kind="write") >= 1
    assert delta("graph_service_analytics_cache_total", result="hit") >= 1
    assert not any(secret in str(after) for secret in (k.secret for k in KEYS.values()))


def test_metrics_can_be_switched_off(session_db: Database) -> None:
    with serving(replace(session_db.settings, metrics=False)) as base:
        assert httpx.get(f"{base}/metrics").status_code == 404


def test_cors_headers_only_for_the_allowed_origins(session_db: Database, service_url: str) -> None:
    allowed, foreign = "https://crm.example.org", "https://elsewhere.example.com"
    preflight = {
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type",
    }
    with serving(replace(session_db.settings, cors_origins=(allowed,))) as base:
        ok = httpx.options(f"{base}/graphql", headers={"origin": allowed, **preflight})
        assert ok.status_code == 200
        assert ok.headers["access-control-allow-origin"] == allowed
        assert "authorization" in ok.headers["access-control-allow-headers"].lower()
        refused = httpx.options(f"{base}/graphql", headers={"origin": foreign, **preflight})
        assert "access-control-allow-origin" not in refused.headers

        answer = post(base, QUERY, KEYS["reader"].secret, origin=allowed)
        assert answer.headers["access-control-allow-origin"] == allowed
        assert "x-request-id" in answer.headers["access-control-expose-headers"].lower()
        assert (
            "access-control-allow-origin"
            not in post(base, QUERY, KEYS["reader"].secret, origin=foreign).headers
        )
    # With no origins configured (the default), no CORS headers at all.
    default = post(service_url, QUERY, KEYS["reader"].secret, origin=allowed)
    assert not any(h.startswith("access-control-") for h in default.headers)


def test_the_rate_limit_answers_429_per_key_with_retry_after(session_db: Database) -> None:
    with serving(replace(session_db.settings, rate_limit=3)) as base:
        reader = KEYS["reader"].secret
        for _ in range(3):
            assert post(base, QUERY, reader).status_code == 200
        limited = post(base, QUERY, reader, accept="application/graphql-response+json")
        assert limited.status_code == 429
        assert 1 <= int(limited.headers["retry-after"]) <= 20
        assert limited.json() == {
            "errors": [
                {
                    "message": f"too many requests for this key: try again in {limited.headers['retry-after']} s",
                    "extensions": {"code": "RATE_LIMITED"},
                }
            ]
        }
        # Another key has its own allowance; no key at all is still refused as unauthenticated.
        assert post(base, QUERY, KEYS["editor"].secret).status_code == 200
        assert post(base, QUERY, None).status_code == 401
