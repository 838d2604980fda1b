"""Many partner systems writing at once."""

import asyncio
from typing import Any

import httpx

from tests.conftest import Database
from tests.integration.graphql_server import KEYS


def test_concurrent_links_with_duplicates_end_with_each_link_once(
    demo_db: Database, service_url: str
) -> None:
    firms = [
        r["id"] for r in demo_db.query("MATCH (f:Firm) RETURN f.id AS id ORDER BY id LIMIT 50")
    ]
    projects = [
        r["id"]
        for r in demo_db.query(
            "MATCH (p:Project {kind: 'network'}) RETURN p.id AS id ORDER BY id LIMIT 4"
        )
    ]
    pairs = [(firm, projects[i % len(projects)]) for i, firm in enumerate(firms)]
    requests = pairs * 4  # 200 mutations, every link asked four times
    mutation = (
        "mutation($f: ID!, $p: ID!) { linkParticipatesIn(from: $f, to: $p, role: PARTNER)"
        " { from { id } to { id } errors { code } } }"
    )

    async def send_all() -> list[httpx.Response]:
        headers = {"authorization": f"Bearer {KEYS['editor'].secret}"}
        async with httpx.AsyncClient(headers=headers, timeout=60) as client:
            return await asyncio.gather(
                *(
                    client.post(
                        f"{service_url}/graphql",
                        json={"query": mutation, "variables": {"f": f, "p": p}},
                    )
                    for f, p in requests
                )
            )

    responses = asyncio.run(send_all())
    for (firm, project), response in zip(requests, responses, strict=True):
        payload = response.json()["data"]["linkParticipatesIn"]
        assert payload == {"from": {"id": firm}, "to": {"id": project}, "errors": []}
    counts = demo_db.query(
        "UNWIND $pairs AS pair MATCH (:Firm {id: pair[0]})-[r:PARTICIPATES_IN]->(:Project {id: pair[1]}) "
        "RETURN pair[0] AS firm, count(r) AS n",
        pairs=[list(p) for p in pairs],
    )
    assert {r["firm"]: r["n"] for r in counts} == dict.fromkeys(firms, 1)


def test_concurrent_updates_of_one_node_lose_nothing(demo_db: Database, service_url: str) -> None:
    read = client_post(service_url, '{ firm(id: "ottica-zirafa") { version town } }')
    version = read["data"]["firm"]["version"]
    mutation = (
        'mutation($town: String!, $v: Int) { updateFirm(id: "ottica-zirafa", input: {town: $town},'
        " expectedVersion: $v) { firm { version town } errors { code message field } } }"
    )

    async def send_all() -> list[httpx.Response]:
        headers = {"authorization": f"Bearer {KEYS['editor'].secret}"}
        async with httpx.AsyncClient(headers=headers, timeout=60) as client:
            return await asyncio.gather(
                *(
                    client.post(
                        f"{service_url}/graphql",
                        json={"query": mutation, "variables": {"town": f"Town {i}", "v": version}},
                    )
                    for i in range(20)
                )
            )

    payloads = [r.json()["data"]["updateFirm"] for r in asyncio.run(send_all())]
    winners = [p for p in payloads if not p["errors"]]
    assert len(winners) == 1
    assert winners[0]["firm"]["version"] == version + 1
    for loser in (p for p in payloads if p["errors"]):
        assert loser["firm"] is None
        assert loser["errors"][0]["code"] == "CONFLICT"
        assert loser["errors"][0]["field"] == "expectedVersion"
    after = client_post(service_url, '{ firm(id: "ottica-zirafa") { version town } }')["data"][
        "firm"
    ]
    assert after == winners[0]["firm"]
    unguarded = client_post(
        service_url,
        'mutation { updateFirm(id: "ottica-zirafa", input: {town: "Bergamo"}) { firm { version } errors { code } } }',
    )
    assert unguarded["data"]["updateFirm"] == {"firm": {"version": version + 2}, "errors": []}


def client_post(service_url: str, query: str) -> dict[str, Any]:
    response = httpx.post(
        f"{service_url}/graphql",
        json={"query": query},
        headers={"authorization": f"Bearer {KEYS['editor'].secret}"},
    )
    body: dict[str, Any] = response.json()
    return body
