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

A second mix has shapes the first does not, as a partner would send them:

- 50% a wide fan-out with totals: the ten associations by name, each with its members of one
  sector (their number, and the first 50 by name, each with the number of its projects);
- 50% a relationship filter, sorted: the firms of a town that promote a project from a year
  on (a condition on the relationship and on its project together), 20 by name.

autocannon drives each at 1, 8 and 32 concurrent clients for ``--duration`` seconds (after a
warm-up), ``--repeat`` rounds at each level with the two sides taking turns to go first; it
prints throughput, p50/p95/p99 latency and each round's ratios, then their mean and spread.
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


PARTNER_MIX: dict[str, tuple[int, str, str]] = {
    "fan-out, totals": (
        50,
        "query($sector: String!) { associations(first: 10, orderBy: [{field: NAME}]) "
        "{ nodes { id name members(first: 50, where: {sector: {eq: $sector}}, "
        "orderBy: [{field: NAME}]) { totalCount nodes { id name "
        "projects { totalCount } } } } } }",
        "query($sector: String!) { associations(limit: 10, sort: [{name: ASC}]) { id name "
        "firmsConnection(first: 50, where: {node: {sector: {eq: $sector}}}, "
        "sort: [{node: {name: ASC}}]) { totalCount edges { node { id name "
        "projectsConnection { totalCount } } } } } }",
    ),
    "relationship filter, sorted": (
        50,
        "query($town: String!, $year: Int!) { firms(first: 20, where: {town: {eq: $town}, "
        "projectsConnection: {edge: {role: {eq: PROMOTER}}, node: {year: {gte: $year}}}}, "
        "orderBy: [{field: NAME}]) { nodes { id name town } } }",
        "query($town: String!, $year: Int!) { firms(limit: 20, where: {town: {eq: $town}, "
        'projectsConnection: {some: {edge: {role: {eq: "promoter"}}, '
        "node: {year: {gte: $year}}}}}, sort: [{name: ASC}]) { id name town } }",
    ),
}

MIXES = {"the project's mix": MIX, "a partner's mix": PARTNER_MIX}
QUERIES = {**MIX, **PARTNER_MIX}


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
    if kind == "fan-out, totals":
        return {"sector": rng.choice(synthetic.SECTORS)}
    if kind == "relationship filter, sorted":
        return {"town": rng.choice(synthetic.TOWNS), "year": rng.choice(synthetic.YEARS[:5])}
    words = [rng.choice(synthetic.SECTORS).split()[0].lower(), str(rng.randint(10, 99))]
    lucene = " AND ".join(f"({w} OR {w}*)" for w in words)  # what the service asks the index
    return {"text": " ".join(words), "lucene": lucene}


def request_mix(
    firms: int, seed: int, count: int = 2000, mix: dict[str, tuple[int, str, str]] = MIX
) -> list[tuple[str, dict[str, Any]]]:
    rng = random.Random(seed)
    kinds = [kind for kind, (weight, _, _) in mix.items() for _ in range(weight)]
    return [
        (kind, variables(kind, rng, firms)) for kind in (rng.choice(kinds) for _ in range(count))
    ]


def body(side: str, kind: str, values: dict[str, Any]) -> dict[str, Any]:
    _, service_query, peer_query = QUERIES[kind]
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
    for kind in dict.fromkeys(k for k, _ in mix):
        examples = [values for k, values in mix if k == kind][:5]
        for name, side in sides.items():
            seen = [
                int(post(side, body(name, kind, values)).headers.get(side["count_header"], "0"))
                for values in examples
            ]
            counts.setdefault(kind, {})[name] = sum(seen) / len(seen)
    return counts


def agreement(sides: dict[str, dict[str, Any]], mix: list[tuple[str, dict[str, Any]]]) -> str:
    """Whether both sides answer the same: the ids and totals in each answer, for 5 requests
    of each kind (mutations excluded: they were checked by the Cypher count already)."""
    differing = []
    for kind in dict.fromkeys(k for k, _ in mix):
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
    kinds = {kind for kind, _ in mix}
    scores = " (search: the same scores)" if "search" in kinds else ""
    totals = " and totals" if any(k in PARTNER_MIX for k in kinds) else ""
    return f"the same ids{totals} in every answer{scores}"


def _scores(value: Any) -> list[str]:
    if isinstance(value, dict):
        own = [f"{value['score']:.4f}"] if "score" in value else []
        return own + [i for k, v in value.items() if k != "score" for i in _scores(v)]
    if isinstance(value, list):
        return [i for item in value for i in _scores(item)]
    return []


def _ids(value: Any) -> list[str]:
    """The ids in an answer, and each total next to the ids around it."""
    if isinstance(value, dict):
        own = [str(value["id"])] if "id" in value else []
        own += [f"total {value['totalCount']}"] if "totalCount" in value else []
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
    parser.add_argument("--repeat", type=int, default=2, help="rounds at each level")
    parser.add_argument("--mix", choices=[*MIXES, "all"], default="all")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    ensure_network(settings, args.firms, args.seed)
    chosen = MIXES if args.mix == "all" else {args.mix: MIXES[args.mix]}
    work = Path(tempfile.mkdtemp(prefix="api-bench-"))
    results = []
    with serving(settings) as sides:
        for number, (mix_name, kinds) in enumerate(chosen.items()):
            mix = request_mix(args.firms, args.seed, mix=kinds)
            files = {}
            for side in sides:
                files[side] = work / f"{side}-{number}.json"
                files[side].write_text(
                    json.dumps([body(side, kind, values) for kind, values in mix])
                )
            print(f"{mix_name}:")
            results.append(
                _measure(sides, files, mix, kinds, args.duration, args.repeat) | {"name": mix_name}
            )
    return {
        "firms": args.firms,
        "duration": args.duration,
        "repeat": args.repeat,
        "mixes": results,
    }


def _measure(
    sides: dict[str, dict[str, Any]],
    files: dict[str, Path],
    mix: list[tuple[str, dict[str, Any]]],
    kinds: dict[str, tuple[int, str, str]],
    duration: int,
    repeat: int,
) -> dict[str, Any]:
    """One mix: answers compared, Cypher counted, then ``repeat`` rounds at each level."""
    for name, side in sides.items():  # warm-up: caches, JIT, connection pools
        hammer(side, files[name], 8, 3)
    agree = agreement(sides, mix)
    print(f"answers compared (5 per kind): {agree}")
    counts = cypher_per_kind(sides, mix)
    weights = {kind: weight for kind, (weight, _, _) in kinds.items()}
    total = sum(weights.values())
    per_request = {
        side: sum(counts[kind][side] * weights[kind] for kind in kinds) / total for side in sides
    }
    print("Cypher queries per request:")
    for kind in kinds:
        print(
            f"  {kind:<28} service {counts[kind]['service']:.1f}   peer {counts[kind]['peer']:.1f}"
        )
    print(
        f"  {'mix (weighted)':<28} service {per_request['service']:.2f}"
        f"   peer {per_request['peer']:.2f}"
    )
    print(
        f"{'clients':>7} {'round':>5} {'side':<8} {'req/s':>8} {'p50':>7} {'p95':>7} {'p99':>7}"
        f" {'non-2xx':>7}"
    )
    rows: list[dict[str, Any]] = []
    turn = 0
    for clients in CLIENTS:
        rounds = []
        for number in range(1, repeat + 1):
            # The sides take turns to go first, across rounds and levels.
            order = ("service", "peer") if turn % 2 == 0 else ("peer", "service")
            turn += 1
            measured = {}
            for name in order:
                measured[name] = r = hammer(sides[name], files[name], clients, duration)
                print(
                    f"{clients:>7} {number:>5} {name:<8} {r['throughput']:>8.1f} "
                    f"{r['p50']:>5.0f}ms {r['p95']:>5.0f}ms {r['p99']:>5.0f}ms "
                    f"{r['non2xx'] + r['errors']:>7}",
                    flush=True,
                )
            s, p = measured["service"], measured["peer"]
            rounds.append(
                {
                    "service": s,
                    "peer": p,
                    "throughput_ratio": s["throughput"] / p["throughput"],
                    "p95_ratio": s["p95"] / p["p95"] if p["p95"] else float("inf"),
                }
            )
        row = {"clients": clients, "rounds": rounds}
        for measure in ("throughput_ratio", "p95_ratio"):
            values = [r[measure] for r in rounds]
            row[measure] = sum(values) / len(values)
            row[f"{measure}_spread"] = (min(values), max(values))
        print(
            f"{clients:>7} ratio  throughput service/peer {row['throughput_ratio']:.2f} "
            f"({_spread(row['throughput_ratio_spread'])}), p95 service/peer "
            f"{row['p95_ratio']:.2f} ({_spread(row['p95_ratio_spread'])})"
        )
        rows.append(row)
    return {
        "cypher": counts,
        "agreement": agree,
        "cypher_per_request": per_request,
        "rows": rows,
    }


def _spread(bounds: tuple[float, float]) -> str:
    return f"{bounds[0]:.2f}-{bounds[1]:.2f}"


if __name__ == "__main__":
    main()
