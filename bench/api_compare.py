"""The GraphQL API under load: the service vs the Neo4j GraphQL Library, same Neo4j, same data.

    .venv/bin/python bench/api_compare.py [--firms 80000] [--seed 1] [--duration 15]

Serves the synthetic network twice from the configured Neo4j: through `graph-service serve`
(uvicorn, one process) and through the Neo4j GraphQL Library 7 on Apollo Server 5 (Node, one
process; `bench/peer/server.mjs`, type definitions equivalent to the service's for the labels
the mix uses). Both get the same query mix with the same variables, in the same order:

- 40% a firm by id with its associations;
- 20% firms of a town and size (20, by name), each with its projects and roles (two levels);
- 15% running network projects from a year on (10, by id), their firms (20) and each firm's
  associations (three levels);
- 15% a full-text search of firms (the same Lucene query, the same index);
- 10% a mutation: a firm's contact changes.

autocannon drives each at 1, 8 and 32 concurrent clients for ``--duration`` seconds (after a
warm-up), the two sides alternating; it prints throughput, p50/p95/p99 latency and the ratios.
Cypher queries per request are counted one request at a time for each kind of the mix: the
service says it in its `graph-service-cypher-queries` header, the peer's driver is wrapped to
count the statements it runs (`cypher-queries` header); the figure is the mix's weighted mean.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from common import ensure_network

from graph_service.config import Settings
from graph_service.local_neo4j import free_port
from loaders import synthetic

ROOT = Path(__file__).resolve().parent.parent
PEER = ROOT / "bench" / "peer"
KEY = "bench-admin-key-0123456789abcdef"
CLIENTS = (1, 8, 32)

# kind: (weight, the service's query, the peer's query)
MIX: dict[str, tuple[int, str, str]] = {
    "lookup": (
        40,
        "query($id: ID!) { firm(id: $id) { id name town sector size "
        "associations { nodes { id name } } } }",
        "query($id: ID!) { firms(where: {id: {eq: $id}}) { id name town sector size "
        "associations { id name } } }",
    ),
    "list, 2 levels": (
        20,
        "query($town: String!) { firms(first: 20, where: {town: {eq: $town}, size: {eq: SMALL}}, "
        "orderBy: [{field: NAME}]) { nodes { id name "
        "projects(first: 10) { edges { role node { id title status year } } } } } }",
        "query($town: String!) { firms(limit: 20, where: {town: {eq: $town}, size: {eq: "
        '"small"}}, sort: [{name: ASC}]) { id name '
        "projectsConnection(first: 10) { edges { properties { role } "
        "node { id title status year } } } } }",
    ),
    "list, 3 levels": (
        15,
        "query($year: Int!) { projects(first: 10, where: {kind: {eq: NETWORK}, "
        "status: {eq: RUNNING}, year: {gte: $year}}) { nodes { id title "
        "participants(first: 20) { nodes { id name associations { nodes { id name } } } } } } }",
        "query($year: Int!) { projects(limit: 10, where: {kind: {eq: "
        '"network"}, status: {eq: "running"}, year: {gte: $year}}, sort: [{id: ASC}]) '
        "{ id title participants(limit: 20) { id name associations { id name } } } }",
    ),
    "search": (
        15,
        "query($text: String!) { search(text: $text, labels: [Firm], first: 10) "
        "{ score node { id ... on Firm { name town } } } }",
        "query($lucene: String!) { searchFirms(phrase: $lucene, first: 10) "
        "{ edges { score node { id name town } } } }",
    ),
    "mutation": (
        10,
        "mutation($id: ID!, $contact: String) { updateFirm(id: $id, input: {contact: $contact}) "
        "{ firm { id contact } errors { code } } }",
        "mutation($id: ID!, $contact: String) { updateFirms(where: {id: {eq: $id}}, "
        "update: {contact: {set: $contact}}) { firms { id contact } } }",
    ),
}


def variables(kind: str, rng: random.Random, firms: int) -> dict[str, Any]:
    width = max(6, len(str(firms)))
    if kind in ("lookup", "mutation"):
        found: dict[str, Any] = {"id": f"firm-{rng.randint(1, firms):0{width}d}"}
        if kind == "mutation":
            found["contact"] = f"contact {rng.randint(1, 10**6)}"
        return found
    if kind == "list, 2 levels":
        return {"town": rng.choice(synthetic.TOWNS)}
    if kind == "list, 3 levels":
        return {"year": rng.choice(synthetic.YEARS[:5])}
    words = [rng.choice(synthetic.SECTORS).split()[0].lower(), str(rng.randint(10, 99))]
    lucene = " AND ".join(f"({w} OR {w}*)" for w in words)  # what the service asks the index
    return {"text": " ".join(words), "lucene": lucene}


def request_mix(firms: int, seed: int, count: int = 2000) -> list[tuple[str, dict[str, Any]]]:
    rng = random.Random(seed)
    kinds = [kind for kind, (weight, _, _) in MIX.items() for _ in range(weight)]
    return [
        (kind, variables(kind, rng, firms)) for kind in (rng.choice(kinds) for _ in range(count))
    ]


def body(side: str, kind: str, values: dict[str, Any]) -> dict[str, Any]:
    _, service_query, peer_query = MIX[kind]
    query = service_query if side == "service" else peer_query
    used = {k: v for k, v in values.items() if f"${k}" in query}
    return {"query": query, "variables": used}


@contextmanager
def serving(settings: Settings) -> Iterator[dict[str, dict[str, Any]]]:
    """The service and the peer, each on a free loopback port, until the block ends."""
    env = {
        **os.environ,
        "NEO4J_URI": settings.effective_neo4j_uri,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_DATABASE": settings.neo4j_database,
        "GRAPH_SERVICE_API_KEYS": f"bench:admin:{KEY}",
    }
    service_port, peer_port = free_port(), free_port()
    service_env = {**env, "GRAPH_SERVICE_PORT": str(service_port)}
    logs = Path(tempfile.mkdtemp(prefix="api-bench-"))
    processes = [
        subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "graph-service"), "serve", "--no-demo"],
            env=service_env,
            stdout=(logs / "service.log").open("wb"),
            stderr=subprocess.STDOUT,
        ),
        subprocess.Popen(
            ["node", str(PEER / "server.mjs")],
            env={**env, "PORT": str(peer_port)},
            stdout=(logs / "peer.log").open("wb"),
            stderr=subprocess.STDOUT,
        ),
    ]
    sides = {
        "service": {
            "url": f"http://127.0.0.1:{service_port}/graphql",
            "headers": {"authorization": f"Bearer {KEY}"},
            "count_header": "graph-service-cypher-queries",
        },
        "peer": {
            "url": f"http://127.0.0.1:{peer_port}/",
            "headers": {},
            "count_header": "cypher-queries",
        },
    }
    try:
        for side in sides.values():
            _wait(side)
        yield sides
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait(side: dict[str, Any], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            post(side, {"query": "{ __typename }"})
            return
        except (httpx.HTTPError, AssertionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def post(side: dict[str, Any], payload: dict[str, Any]) -> httpx.Response:
    response = httpx.post(
        side["url"],
        json=payload,
        headers={"content-type": "application/json", **side["headers"]},
        timeout=60,
    )
    assert response.status_code == 200, response.text[:300]
    assert "errors" not in response.json(), response.text[:300]
    return response


def cypher_per_kind(
    sides: dict[str, dict[str, Any]], mix: list[tuple[str, dict[str, Any]]]
) -> dict[str, dict[str, float]]:
    """The Cypher queries one request of each kind runs, per side (mean of 5 requests)."""
    counts: dict[str, dict[str, float]] = {}
    for kind in MIX:
        examples = [values for k, values in mix if k == kind][:5]
        for name, side in sides.items():
            seen = [
                int(post(side, body(name, kind, values)).headers.get(side["count_header"], "0"))
                for values in examples
            ]
            counts.setdefault(kind, {})[name] = sum(seen) / len(seen)
    return counts


def agreement(sides: dict[str, dict[str, Any]], mix: list[tuple[str, dict[str, Any]]]) -> str:
    """Whether both sides answer the same: the ids in each answer, for 5 requests of each kind
    (mutations excluded: they were checked by the Cypher count already)."""
    differing = []
    for kind in MIX:
        if kind == "mutation":
            continue
        for values in [v for k, v in mix if k == kind][:5]:
            answers = {
                name: post(side, body(name, kind, values)).json()["data"]
                for name, side in sides.items()
            }
            # Search: many names score alike, and each side breaks ties its own way (the
            # service by id); compare the scores there.
            read = _scores if kind == "search" else _ids
            found = {name: sorted(read(answer)) for name, answer in answers.items()}
            if found["service"] != found["peer"]:
                differing.append(kind)
    if differing:
        return f"different: {differing}"
    return "the same ids in every answer (search: the same scores)"


def _scores(value: Any) -> list[str]:
    if isinstance(value, dict):
        own = [f"{value['score']:.4f}"] if "score" in value else []
        return own + [i for k, v in value.items() if k != "score" for i in _scores(v)]
    if isinstance(value, list):
        return [i for item in value for i in _scores(item)]
    return []


def _ids(value: Any) -> list[str]:
    if isinstance(value, dict):
        own = [str(value["id"])] if "id" in value else []
        return own + [i for k, v in value.items() if k != "id" for i in _ids(v)]
    if isinstance(value, list):
        return [i for item in value for i in _ids(item)]
    return []


def hammer(side: dict[str, Any], bodies: Path, clients: int, duration: int) -> dict[str, Any]:
    options = {
        "url": side["url"],
        "headers": side["headers"],
        "bodies": str(bodies),
        "connections": clients,
        "duration": duration,
    }
    done = subprocess.run(
        ["node", str(PEER / "load.mjs"), json.dumps(options)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=synthetic.FULL_SIZE)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=int, default=15, help="seconds per measurement")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    ensure_network(settings, args.firms, args.seed)
    mix = request_mix(args.firms, args.seed)
    work = Path(tempfile.mkdtemp(prefix="api-bench-"))
    files = {}
    for side in ("service", "peer"):
        files[side] = work / f"{side}.json"
        files[side].write_text(json.dumps([body(side, kind, values) for kind, values in mix]))

    rows: list[dict[str, Any]] = []
    with serving(settings) as sides:
        for name, side in sides.items():  # warm-up: caches, JIT, connection pools
            hammer(side, files[name], 8, 3)
        agree = agreement(sides, mix)
        print(f"answers compared (5 per kind): {agree}")
        counts = cypher_per_kind(sides, mix)
        weights = {kind: weight for kind, (weight, _, _) in MIX.items()}
        total = sum(weights.values())
        per_request = {
            side: sum(counts[kind][side] * weights[kind] for kind in MIX) / total for side in sides
        }
        print("Cypher queries per request:")
        for kind in MIX:
            print(
                f"  {kind:<16} service {counts[kind]['service']:.1f}"
                f"   peer {counts[kind]['peer']:.1f}"
            )
        print(
            f"  {'mix (weighted)':<16} service {per_request['service']:.2f}"
            f"   peer {per_request['peer']:.2f}"
        )
        print(
            f"{'clients':>7} {'side':<8} {'req/s':>8} {'p50':>7} {'p95':>7} {'p99':>7}"
            f" {'non-2xx':>7}"
        )
        for n, clients in enumerate(CLIENTS):
            order = ("service", "peer") if n % 2 == 0 else ("peer", "service")
            results = {}
            for name in order:
                results[name] = hammer(sides[name], files[name], clients, args.duration)
                r = results[name]
                print(
                    f"{clients:>7} {name:<8} {r['throughput']:>8.1f} {r['p50']:>5.0f}ms "
                    f"{r['p95']:>5.0f}ms {r['p99']:>5.0f}ms {r['non2xx'] + r['errors']:>7}",
                    flush=True,
                )
            s, p = results["service"], results["peer"]
            ratio = s["throughput"] / p["throughput"]
            p95 = s["p95"] / p["p95"] if p["p95"] else float("inf")
            print(
                f"{clients:>7} ratio    throughput service/peer {ratio:.2f},"
                f" p95 service/peer {p95:.2f}"
            )
            rows.append(
                {
                    "clients": clients,
                    "service": s,
                    "peer": p,
                    "throughput_ratio": ratio,
                    "p95_ratio": p95,
                }
            )
    return {
        "firms": args.firms,
        "duration": args.duration,
        "cypher": counts,
        "agreement": agree,
        "cypher_per_request": per_request,
        "rows": rows,
    }


if __name__ == "__main__":
    main()
