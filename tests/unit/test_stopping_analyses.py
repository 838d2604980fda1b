"""An analysis nobody waits for any more stops: past the service's time limit, or when its
request ends, its thread is told to stop, and it keeps its place among the analyses allowed to
compute at once until it has stopped, so that abandoned work cannot pile up."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any, cast

import networkx as nx
import pytest

from graph_service.analytics import brokers, centrality
from graph_service.analytics.bridge import bridge_to_hub
from graph_service.analytics.engine import compile_graph
from graph_service.analytics.stopping import Stopped, check, stops_on
from graph_service.services.analytics import AnalyticsService, AnalyticsTimeout
from graph_service.storage.access import NetworkSource
from loaders import synthetic
from tests.unit.test_live_projection import FakeNeo4j


class Endless:
    """An analysis that would never end on its own: it steps and checks until it is stopped."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.stopped = threading.Event()
        self.steps = 0

    def __call__(self, snapshot: Any) -> None:
        self.started.set()
        try:
            while True:
                self.steps += 1
                check()
                time.sleep(0.005)
        except Stopped:
            self.stopped.set()
            raise


def service(timeout: float) -> AnalyticsService:
    return AnalyticsService(cast(NetworkSource, FakeNeo4j()), concurrency=1, timeout=timeout)


def test_an_analysis_past_its_time_limit_stops_and_gives_its_place_back() -> None:
    endless = Endless()

    async def scenario() -> tuple[bool, int]:
        analytics = service(timeout=0.3)
        with pytest.raises(AnalyticsTimeout):
            await analytics.run("endless", endless)
        stopped = await asyncio.to_thread(endless.stopped.wait, 5)
        steps = endless.steps
        # Its place is free again: with room for one analysis at a time, the next one runs.
        quick = await asyncio.wait_for(analytics.run("quick", lambda snapshot: 42), 5)
        await asyncio.sleep(0.1)
        analytics.close()
        return stopped and quick.result == 42, endless.steps - steps

    answered, steps_after = asyncio.run(scenario())
    assert answered
    assert steps_after == 0  # it computes nothing more once stopped


def test_an_analysis_whose_request_ends_stops_too() -> None:
    endless = Endless()

    async def scenario() -> bool:
        analytics = service(timeout=60)
        task = asyncio.create_task(analytics.run("endless", endless))
        await asyncio.to_thread(endless.started.wait, 5)
        task.cancel()  # the client went away, or the request's deadline passed
        with pytest.raises(asyncio.CancelledError):
            await task
        stopped = await asyncio.to_thread(endless.stopped.wait, 5)
        analytics.close()
        return stopped

    assert asyncio.run(scenario())


def test_an_abandoned_analysis_holds_its_place_until_its_thread_has_stopped() -> None:
    """The place is not given back when the caller leaves but when the work does: a new
    analysis waits for the abandoned one to reach its next check."""
    release = threading.Event()
    stopped_at: list[float] = []

    def slow_step(snapshot: Any) -> None:
        release.wait(5)  # one long step, past the time limit, before its next check
        stopped_at.append(time.perf_counter())
        check()

    async def scenario() -> float:
        analytics = service(timeout=0.2)
        with pytest.raises(AnalyticsTimeout):
            await analytics.run("slow", slow_step)
        threading.Timer(0.3, release.set).start()
        await analytics.run("quick", lambda snapshot: None)
        started_quick = time.perf_counter()
        analytics.close()
        return started_quick

    quick_ran_at = asyncio.run(scenario())
    assert stopped_at and quick_ran_at >= stopped_at[0]


@pytest.fixture(scope="module")
def network() -> nx.MultiDiGraph[Any]:
    records = synthetic.generate(3000, seed=1)
    G: nx.MultiDiGraph[Any] = nx.MultiDiGraph()
    for label, nodes in records.nodes.items():
        for node in nodes:
            G.add_node(node.id, label=label, **node.properties)
    for rel_type, rels in records.relationships.items():
        for rel in rels:
            G.add_edge(rel.from_id, rel.to_id, key=rel_type, type=rel_type, **rel.properties)
    return G


@pytest.mark.parametrize(
    "name, analysis",
    [
        ("bridge to the other hub", lambda G, c: bridge_to_hub(G, compiled=c)),
        (
            "betweenness from sampled sources",
            lambda G, c: centrality.betweenness_centrality(
                G, sources=50, exact_limit=10, compiled=c
            ),
        ),
        (
            "closeness from sampled sources",
            lambda G, c: centrality.closeness_centrality(G, sources=50, exact_limit=10, compiled=c),
        ),
        ("structural holes", lambda G, c: brokers.structural_holes(G, compiled=c)),
    ],
)
def test_the_long_analyses_stop_when_asked(
    network: nx.MultiDiGraph[Any], name: str, analysis: Callable[[Any, Any], Any]
) -> None:
    compiled = compile_graph(network)
    analysis(network, compiled)  # it runs to the end when nobody asks it to stop
    stop = threading.Event()
    stop.set()
    with stops_on(stop), pytest.raises(Stopped):
        analysis(network, compiled)
