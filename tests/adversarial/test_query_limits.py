"""Requests built to stall the service are refused before Neo4j sees them, fast, while the
service keeps answering everyone else."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import httpx
import neo4j
import orjson
import pytest

from tests.adversarial.served import Served
from tests.conftest import Database
from tests.integration.graphql_server import KEYS

READER = {"authorization": f"Bearer {KEYS['reader'].secret}"}


def _fragment_bomb(levels: int = 22) -> str:
    fragments = "fragment F0 on Firm { name }\n" + "".join(
        f"fragment F{i} on Firm {{ ...F{i - 1} ...F{i - 1} }}\n" for i in range(1, levels + 1)
    )
    return fragments + f"{{ firms {{ nodes {{ ...F{levels} }} }} }}"


def _hops(count: int) -> dict[str, Any]:
    """A filter following ``count`` relationships: firm, its association, its member firms, …"""
    where: dict[str, Any] = {"name": {"startsWith": "x"}}
    for hop in reversed(range(count)):
        where = {"associations" if hop % 2 == 0 else "members": where}
    return where


HOSTILE: dict[str, tuple[dict[str, Any], str]] = {
    "fragment bomb": ({"query": _fragment_bomb()}, "maxFields"),
    "20 hops": (
        {
            "query": "query($w: FirmWhere) { firms(where: $w) { totalCount } }",
            "variables": {"w": _hops(20)},
        },
        "maxFilterHops",
    ),
    "10,000 ORs": (
        {
            "query": "query($w: FirmWhere) { firms(where: $w) { totalCount } }",
            "variables": {"w": {"OR": [{"name": {"eq": f"firm {i}"}} for i in range(10_000)]}},
        },
        "maxListItems",
    ),
    "200 ORs": (
        {
            "query": "query($w: FirmWhere) { firms(where: $w) { totalCount } }",
            "variables": {"w": {"OR": [{"name": {"eq": f"firm {i}"}} for i in range(200)]}},
        },
        "maxFilterBranches",
    ),
    "lists in lists": (
        {
            "query": "{ firms(first: 100) { nodes { projects(first: 100) { nodes { "
            "participants(first: 100) { nodes { projects(first: 100) { nodes { title } } } } } } } } }"
        },
        "costBudget",
    ),
    "100 KB search word": (
        {
            "query": "query($t: String!) { search(text: $t) { score } }",
            "variables": {"t": "a" * 100_000},
        },
        "maxSearchWordLength",
    ),
    "1,100 search words": (
        {
            "query": "query($t: String!) { search(text: $t) { score } }",
            "variables": {"t": " ".join(f"w{i}" for i in range(1100))},
        },
        "maxSearchWords",
    ),
    "5,000 ids": (
        {
            "query": "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            "variables": {"ids": [f"id-{i}" for i in range(5000)]},
        },
        "maxListItems",
    ),
}


ATTEMPTS = 5
"""Refusals timed per round, of which the best must be under the bound: a shared machine can
stall any single one (but not five in a row) for longer than the work takes."""
ROUNDS = 3
"""Rounds tried before the bounds are said to be missed (a round: the refusals while simple
queries run beside them); one round within both bounds shows the service can meet them."""


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_request_is_refused_in_under_50_ms_while_a_simple_query_answers_in_under_100_ms(
    demo_db: Database, served: Served, name: str
) -> None:
    # Measured on the real serve process, as the service itself sees each request (its access
    # log's duration, from the request's arrival to its answer): what a loaded machine adds in
    # the test's own client threads is not the service's. Neo4j never seeing these requests is
    # the next test's.
    body, limit = HOSTILE[name]
    encoded = orjson.dumps(body)  # the time measured is the service's, not the encoding's
    missed = []
    for _ in range(ROUNDS):
        refusals, simple = _round(served, encoded, limit)
        best, median = min(refusals), sorted(simple)[len(simple) // 2]
        if best < 50 and median < 100:
            return
        missed.append(f"refused at best in {best:.0f} ms, simple queries' median {median:.0f} ms")
    pytest.fail(f"{name}: " + "; ".join(missed))


def _round(served: Served, encoded: bytes, limit: str) -> tuple[list[float], list[float]]:
    """The service's times (ms) for ``ATTEMPTS`` refusals, and for the simple queries sent
    beside them meanwhile."""
    simple_ids: list[str] = []
    stop = threading.Event()

    def simple_queries() -> None:
        with httpx.Client(base_url=served.base, headers=READER, timeout=10) as client:
            while not stop.is_set():
                request_id = f"simple-{uuid.uuid4().hex}"
                answer = client.post(
                    "/graphql",
                    json={"query": "{ topics { totalCount } }"},
                    headers={"x-request-id": request_id},
                )
                simple_ids.append(request_id)
                assert answer.json()["data"]["topics"]["totalCount"] > 0

    request_ids: list[str] = []
    with httpx.Client(base_url=served.base, headers=READER, timeout=30) as client:
        client.post("/graphql", json={"query": "{ topics { totalCount } }"})  # warm
        worker = threading.Thread(target=simple_queries)
        worker.start()
        try:
            while len(request_ids) < ATTEMPTS or (len(simple_ids) < 10 and worker.is_alive()):
                request_id = f"hostile-{uuid.uuid4().hex}"
                response = client.post(
                    "/graphql",
                    content=encoded,
                    headers={"content-type": "application/json", "x-request-id": request_id},
                )
                request_ids.append(request_id)
                error = response.json()["errors"][0]
                assert response.status_code == 200, response.text
                assert error["extensions"]["code"] == "LIMIT_EXCEEDED", error
                assert error["extensions"]["limit"] == limit, error
        finally:
            stop.set()
            worker.join()
    times = served.durations_ms({*request_ids, *simple_ids})
    assert len(times) == len(request_ids) + len(simple_ids), "the service logs every request"
    return [times[i] for i in request_ids], [times[i] for i in simple_ids]


def test_neo4j_never_sees_a_refused_request(demo_db: Database, served: Served) -> None:
    """Neo4j's own record of the queries it ran (its query collector) gains nothing from the
    hostile requests, and gains the one allowed firm filter sent after them."""
    with demo_db.driver.session(database=demo_db.database) as session:
        session.run("CALL db.stats.collect('QUERIES', {durationSeconds: 120})").consume()
        try:
            before = _compiled_reads(session)
            with httpx.Client(base_url=served.base, headers=READER, timeout=30) as client:
                for body, _ in HOSTILE.values():
                    errors = client.post("/graphql", json=body).json()["errors"]
                    assert errors[0]["extensions"]["code"] == "LIMIT_EXCEEDED", errors
                after_refusals = _compiled_reads(session)
                allowed = client.post(
                    "/graphql",
                    json={
                        "query": "query($w: FirmWhere) { firms(where: $w) { totalCount } }",
                        "variables": {"w": {"name": {"eq": f"firm {uuid.uuid4().hex}"}}},
                    },
                ).json()
                assert "errors" not in allowed, allowed
                after_allowed = _compiled_reads(session)
        finally:
            session.run("CALL db.stats.stop('QUERIES')").consume()
    assert after_refusals == before
    assert after_allowed != after_refusals  # the collector does see the service's queries


def _compiled_reads(session: neo4j.Session) -> dict[str, int]:
    """The service's compiled read queries (``MATCH (m0:Label) ...``) that Neo4j's query
    collector has seen, with how many times each ran."""
    records = session.run("CALL db.stats.retrieve('QUERIES') YIELD data RETURN data").data()
    return {
        str(r["data"]["query"]): int(r["data"]["invocationSummary"]["invocationCount"])
        for r in records
        if "(m0:" in str(r["data"].get("query", ""))
    }
