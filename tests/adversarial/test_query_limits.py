"""Requests built to stall the service are refused before Neo4j sees them, fast, while the
service keeps answering everyone else."""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
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


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_request_is_refused_in_under_50_ms_while_a_simple_query_answers_in_under_100_ms(
    demo_db: Database, served: Served, name: str
) -> None:
    # Measured on the real serve process: the test's own client threads do not share its GIL.
    service_url = served.base
    body, limit = HOSTILE[name]
    encoded = orjson.dumps(body)  # the time measured is the service's, not the encoding's
    simple_times: list[float] = []
    stop = threading.Event()

    def simple_queries() -> None:
        with httpx.Client(base_url=service_url, headers=READER, timeout=10) as client:
            while not stop.is_set():
                started = time.perf_counter()
                answer = client.post("/graphql", json={"query": "{ topics { totalCount } }"})
                simple_times.append(time.perf_counter() - started)
                assert answer.json()["data"]["topics"]["totalCount"] > 0

    with httpx.Client(base_url=service_url, headers=READER, timeout=30) as client:
        client.post("/graphql", json={"query": "{ topics { totalCount } }"})  # warm
        worker = threading.Thread(target=simple_queries)
        worker.start()
        try:
            times: list[float] = []
            while len(times) < 5 or (len(simple_times) < 10 and worker.is_alive()):
                started = time.perf_counter()
                response = client.post(
                    "/graphql", content=encoded, headers={"content-type": "application/json"}
                )
                times.append(time.perf_counter() - started)
                error = response.json()["errors"][0]
                assert response.status_code == 200, response.text
                assert error["extensions"]["code"] == "LIMIT_EXCEEDED", error
                assert error["extensions"]["limit"] == limit, error
        finally:
            stop.set()
            worker.join()
    # The best of five: this machine is shared, a single sample can be a scheduling hiccup.
    assert min(times) < 0.050, f"{name}: refused in {min(times) * 1000:.0f} ms"
    assert simple_times and sorted(simple_times)[len(simple_times) // 2] < 0.100, simple_times


def test_the_limits_leave_real_requests_alone(demo_db: Database, service_url: str) -> None:
    with httpx.Client(base_url=service_url, headers=READER, timeout=30) as client:
        words = client.post(
            "/graphql",
            json={"query": '{ search(text: "federottica bergamo") { node { id } } }'},
        ).json()
        assert "errors" not in words and words["data"]["search"], words
        hops = client.post(
            "/graphql",
            json={
                "query": "query($w: FirmWhere) { firms(where: $w) { totalCount } }",
                "variables": {"w": {"associations": {"name": {"startsWith": "Conf"}}}},
            },
        ).json()
        assert hops["data"]["firms"]["totalCount"] > 0, hops
