"""Ids are unique across labels whatever the race: Neo4j itself refuses the second node."""

from __future__ import annotations

import asyncio
import os
from typing import Any

import httpx
import neo4j

from graph_service.domain.model import LABELS
from graph_service.storage import graph_writes
from graph_service.storage.database import async_driver
from graph_service.storage.schema import DuplicateIds, apply_schema
from tests.conftest import Database
from tests.integration.graphql_server import KEYS

EDITOR = {"authorization": f"Bearer {KEYS['editor'].secret}"}
SOAK = os.environ.get("GRAPH_SERVICE_SOAK") == "1"
TRIALS = 1000 if SOAK else 200
"""Races of eight transactions: 200 in ``make test``, 1,000 in ``make soak`` (under 2 minutes)."""
HTTP_TRIALS = 1000 if SOAK else 64
"""Races of eight requests through the server: 64 in ``make test``, 1,000 in ``make soak``
(about 3.5 minutes here)."""
AT_ONCE = 8
"""Trials run together: 8 ids, 8 concurrent creates each, 64 requests in flight."""
CREATING = [label for label in LABELS if label != "Project"][:8]


def _create(label: str, node_id: str) -> dict[str, Any]:
    return {
        "query": f"mutation($id: ID!, $name: String!) "
        f"{{ create{label}(input: {{id: $id, name: $name}}) {{ errors {{ code }} }} }}",
        "variables": {"id": node_id, "name": node_id},
    }


async def _race(service_url: str, trials: int) -> list[list[int]]:
    """Per trial, the status and error codes of its eight creates."""
    # Idle connections dropped by the client before the service's keep-alive timeout can.
    limits = httpx.Limits(max_connections=AT_ONCE * len(CREATING), keepalive_expiry=1)
    results: list[list[int]] = []
    async with httpx.AsyncClient(
        base_url=service_url, headers=EDITOR, timeout=60, limits=limits
    ) as client:

        async def create(label: str, node_id: str) -> int:
            response = await client.post("/graphql", json=_create(label, node_id))
            assert response.status_code == 200, response.text
            assert "data" in response.json(), response.text
            errors = response.json()["data"][f"create{label}"]["errors"]
            assert all(e["code"] == "DUPLICATE_ID" for e in errors), errors
            return len(errors)

        for start in range(0, trials, AT_ONCE):
            ids = [f"race-{n}" for n in range(start, start + AT_ONCE)]
            outcomes = await asyncio.gather(
                *(create(label, node_id) for node_id in ids for label in CREATING)
            )
            for i in range(AT_ONCE):
                results.append(list(outcomes[i * len(CREATING) : (i + 1) * len(CREATING)]))
    return results


async def _race_in_neo4j(db: Database, trials: int) -> list[list[str]]:
    """Per trial, the outcome of eight concurrent create transactions of one id."""
    driver = async_driver(db.settings)

    async def create(label: str, node_id: str) -> str:
        async def work(tx: neo4j.AsyncManagedTransaction) -> str:
            await graph_writes.create_node(tx, label, node_id, {"name": node_id})
            return "created"

        try:
            async with driver.session(database=db.database) as session:
                return await session.execute_write(work)
        except graph_writes.DuplicateId:
            return "duplicate"

    results: list[list[str]] = []
    try:
        at_once = 4
        for start in range(0, trials, at_once):
            ids = [f"tx-race-{n}" for n in range(start, start + at_once)]
            outcomes = await asyncio.gather(
                *(create(label, node_id) for node_id in ids for label in CREATING)
            )
            size = len(CREATING)
            results += [list(outcomes[i * size : (i + 1) * size]) for i in range(at_once)]
    finally:
        await driver.close()
    return results


def test_eight_concurrent_create_transactions_of_one_id_make_exactly_one_node(
    empty_db: Database,
) -> None:
    results = asyncio.run(_race_in_neo4j(empty_db, TRIALS))
    assert len(results) == TRIALS
    assert all(sorted(r) == ["created"] + ["duplicate"] * 7 for r in results)
    counts = empty_db.query(
        "MATCH (n) WHERE n.id STARTS WITH 'tx-race-' "
        "WITH n.id AS id, count(n) AS nodes RETURN count(id) AS ids, max(nodes) AS most"
    )
    assert counts[0]["ids"] == TRIALS and counts[0]["most"] == 1


def test_eight_concurrent_creates_of_one_id_through_the_api_make_exactly_one_node(
    empty_db: Database, service_url: str
) -> None:
    results = asyncio.run(_race(service_url, HTTP_TRIALS))
    assert len(results) == HTTP_TRIALS
    # Exactly one of the eight creates of each trial succeeded (no error), seven were refused.
    assert all(sorted(errors) == [0] + [1] * 7 for errors in results)
    counts = empty_db.query(
        "MATCH (n:Node) WHERE n.id STARTS WITH 'race-' "
        "WITH n.id AS id, count(n) AS nodes RETURN count(id) AS ids, max(nodes) AS most"
    )
    assert counts[0]["ids"] == HTTP_TRIALS and counts[0]["most"] == 1
    # And each one answers node(id:) and is exported once.
    with httpx.Client(base_url=service_url, headers=EDITOR) as client:
        answer = client.post("/graphql", json={"query": '{ node(id: "race-7") { id } }'})
        assert answer.json() == {"data": {"node": {"id": "race-7"}}}


def test_schema_apply_marks_older_nodes_and_names_ids_shared_across_labels(
    empty_db: Database,
) -> None:
    empty_db.query("DROP CONSTRAINT node_id IF EXISTS")
    try:
        empty_db.query(
            "CREATE (:Firm {id: 'old-firm', name: 'Old'}), (:Topic {id: 'old-topic', name: 'T'})"
        )
        empty_db.query("CREATE (:Firm {id: 'twice', name: 'A'}), (:Hub {id: 'twice', name: 'B'})")
        try:
            apply_schema(empty_db.driver, empty_db.database)
        except DuplicateIds as error:
            assert "'twice' (Firm, Hub)" in str(error)
        else:
            raise AssertionError("schema apply accepted an id shared by a Firm and a Hub")
        assert empty_db.query("MATCH (n:Node) RETURN count(n) AS n")[0]["n"] == 0  # untouched

        empty_db.query("MATCH (h:Hub {id: 'twice'}) SET h.id = 'twice-hub'")
        apply_schema(empty_db.driver, empty_db.database)
        marked = empty_db.query("MATCH (n:Node) RETURN n.id AS id ORDER BY id")
        assert [r["id"] for r in marked] == ["old-firm", "old-topic", "twice", "twice-hub"]
        apply_schema(empty_db.driver, empty_db.database)  # idempotent
    finally:
        empty_db.wipe()
        apply_schema(empty_db.driver, empty_db.database)


async def _delete_while_linking(service_url: str, rounds: int) -> list[tuple[int, str]]:
    limits = httpx.Limits(keepalive_expiry=1)
    async with httpx.AsyncClient(
        base_url=service_url, headers=EDITOR, timeout=60, limits=limits
    ) as client:

        async def post(query: str) -> tuple[int, str]:
            response = await client.post("/graphql", json={"query": query})
            body = response.json()
            payload = next(iter(body["data"].values())) if body.get("data") else {}
            codes = [e["code"] for e in payload.get("errors", [])] + [
                e["extensions"]["code"] for e in body.get("errors", [])
            ]
            return response.status_code, ",".join(codes)

        outcomes: list[tuple[int, str]] = []
        for n in range(rounds):
            await post(
                f'mutation {{ a: createFirm(input: {{id: "f-{n}", name: "F"}}) {{ errors {{ code }} }} '
                f'b: createAssociation(input: {{id: "a-{n}", name: "A"}}) {{ errors {{ code }} }} }}'
            )
            outcomes += await asyncio.gather(
                post(f'mutation {{ deleteFirm(id: "f-{n}") {{ errors {{ code }} }} }}'),
                post(
                    f'mutation {{ linkMemberOf(from: "f-{n}", to: "a-{n}") {{ errors {{ code }} }} }}'
                ),
                post(
                    f'mutation {{ linkMemberOf(from: "f-{n}", to: "a-{n}") {{ errors {{ code }} }} }}'
                ),
            )
    return outcomes


def test_a_delete_racing_a_link_answers_not_found_never_500(
    empty_db: Database, service_url: str
) -> None:
    outcomes = asyncio.run(_delete_while_linking(service_url, 100))
    assert {status for status, _ in outcomes} == {200}, outcomes
    assert {codes for _, codes in outcomes} <= {"", "NOT_FOUND"}, outcomes
    # No relationship outlived its firm.
    assert empty_db.query("MATCH (f:Firm)-[r:MEMBER_OF]->() RETURN count(r) AS n")[0]["n"] == 0
