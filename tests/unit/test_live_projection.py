"""The analytics' projection follows the change feed: in place when nobody reads it, on a copy
when an analysis is running on it, and by a read of the whole graph in the background when a
change cannot be applied; analyses meanwhile get the last consistent version."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import Any, cast

import networkx as nx

from graph_service.domain.audit import AuditEntry, Change, Operation
from graph_service.services.projection import MAX_CATCH_UP, LiveProjection
from graph_service.storage.access import NetworkSource


class FakeNeo4j:
    """What the projection reads: the feed's events, and the graph they add up to."""

    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []
        self.topics: list[str] = ["t-base"]
        self.reads = 0
        self.fetches = 0
        self.bookmark = frozenset({"b0"})
        self.quiet: set[str] = set()
        """Bookmarks of commits of the service that change nothing of the model."""
        self.read_gate = threading.Event()
        self.read_gate.set()

    def commit(self, operation: str, topic: str) -> AuditEntry:
        after = None if operation == "delete" else {"id": topic, "name": topic}
        entry = AuditEntry(
            f"e{len(self.entries)}", dt.datetime.now(dt.UTC), "k", Operation(operation), "m",
            "Topic", (topic,), Change(None, after), position=len(self.entries) + 1,
        )  # fmt: skip
        self.entries.append(entry)
        if operation == "create":
            self.topics.append(topic)
        elif operation == "delete":
            self.topics.remove(topic)
        return entry

    def state(self) -> tuple[int, frozenset[str]]:
        return len(self.entries), self.bookmark

    def explains(self, bookmark: frozenset[str]) -> bool:
        return bookmark <= self.quiet

    def read_at(self) -> tuple[nx.MultiDiGraph[str], int]:
        self.read_gate.wait(10)
        self.reads += 1
        G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        for topic in sorted(self.topics):
            G.add_node(topic, id=topic, name=topic, label="Topic")
        return G, len(self.entries)

    def changes_after(self, position: int, first: int) -> list[AuditEntry]:
        self.fetches += 1
        return self.entries[position : position + first]


def projection_on(neo4j: FakeNeo4j) -> LiveProjection:
    return LiveProjection(cast(NetworkSource, neo4j))


def eventually(check: Callable[[], Any]) -> None:
    deadline = time.monotonic() + 10
    while not check():
        assert time.monotonic() < deadline, "never happened"
        time.sleep(0.01)


def test_a_change_offered_by_the_writer_is_in_the_next_snapshot_without_any_read() -> None:
    neo4j = FakeNeo4j()
    projection = projection_on(neo4j)
    first = projection.acquire()
    projection.release(first)
    projection.offer([neo4j.commit("create", "t-quantum")])
    second = projection.acquire()
    projection.release(second)
    assert "t-quantum" in second.graph and second.version > first.version
    assert (neo4j.reads, neo4j.fetches) == (1, 0)
    projection.close()


def test_a_change_made_elsewhere_is_fetched_by_position_before_the_analysis() -> None:
    neo4j = FakeNeo4j()
    projection = projection_on(neo4j)
    projection.release(projection.acquire())
    neo4j.commit("create", "t-agrifood")  # through another replica: nobody offers it
    snapshot = projection.acquire()
    projection.release(snapshot)
    assert "t-agrifood" in snapshot.graph
    assert (neo4j.reads, neo4j.fetches) == (1, 1)
    projection.close()


def test_an_analysis_running_keeps_its_version_while_the_next_one_gets_the_change() -> None:
    neo4j = FakeNeo4j()
    projection = projection_on(neo4j)
    running = projection.acquire()  # held: a long analysis
    projection.offer([neo4j.commit("create", "t-cyber")])
    eventually(lambda: projection.position == 1)  # copied and changed in the background
    later = projection.acquire()
    assert "t-cyber" in later.graph and "t-cyber" not in running.graph
    assert later.graph is not running.graph and neo4j.reads == 1
    projection.release(later)
    projection.release(running)
    projection.close()


def test_after_a_load_the_next_analysis_waits_for_the_new_graph() -> None:
    neo4j = FakeNeo4j()
    projection = projection_on(neo4j)
    before = projection.acquire()
    projection.release(before)
    neo4j.topics.append("t-loaded")
    neo4j.commit("load", "graph")  # its summary event is in the feed; no change to apply
    after = projection.acquire()
    projection.release(after)
    assert "t-loaded" in after.graph and after.version > before.version and neo4j.reads == 2
    again = projection.acquire()  # read once, not again
    projection.release(again)
    assert again is after and neo4j.reads == 2
    projection.close()


def test_a_write_that_bypassed_the_feed_is_in_the_next_analysis() -> None:
    neo4j = FakeNeo4j()
    projection = projection_on(neo4j)
    projection.release(projection.acquire())
    neo4j.topics.append("t-outside")
    neo4j.bookmark = frozenset({"b1"})  # a commit, but no event in the feed
    snapshot = projection.acquire()
    projection.release(snapshot)
    assert "t-outside" in snapshot.graph and neo4j.reads == 2
    projection.release(projection.acquire())
    assert neo4j.reads == 2  # the same bookmark again: nothing to read
    projection.close()


def test_a_webhook_delivery_or_a_saved_view_is_no_reason_to_read_the_graph() -> None:
    neo4j = FakeNeo4j()
    projection = projection_on(neo4j)
    projection.release(projection.acquire())
    neo4j.bookmark = frozenset({"b1"})
    neo4j.quiet.add("b1")  # the service's own commit, of no label of the model
    projection.release(projection.acquire())
    assert neo4j.reads == 1
    neo4j.topics.append("t-outside")
    neo4j.bookmark = frozenset({"b2"})  # then someone else's
    snapshot = projection.acquire()
    projection.release(snapshot)
    assert "t-outside" in snapshot.graph and neo4j.reads == 2
    projection.close()


def test_changes_offered_before_the_first_read_or_beyond_the_bound_are_not_kept() -> None:
    neo4j = FakeNeo4j()
    projection = projection_on(neo4j)
    projection.offer([neo4j.commit("create", f"t-{i}") for i in range(3)])
    assert projection.position == 0 and neo4j.reads == 0  # nothing kept, nothing read
    snapshot = projection.acquire()
    projection.release(snapshot)
    assert {"t-0", "t-1", "t-2"} <= set(snapshot.graph) and neo4j.reads == 1
    running = projection.acquire()  # held: the changes below must wait for a copy
    projection.offer([neo4j.commit("create", f"u-{i}") for i in range(MAX_CATCH_UP + 2)])
    eventually(lambda: neo4j.reads == 2)  # too many to apply one by one: read again
    projection.release(running)
    eventually(lambda: projection.position == len(neo4j.entries))
    projection.close()


def test_a_feed_that_starts_again_with_a_new_graph_is_read_and_then_followed() -> None:
    neo4j = FakeNeo4j()
    projection = projection_on(neo4j)
    for i in range(3):
        projection.offer([neo4j.commit("create", f"t-{i}")])
    projection.release(projection.acquire())
    # Everything deleted, its feed counter included, and another network written.
    neo4j.entries, neo4j.topics = [], ["u-0"]
    neo4j.bookmark = frozenset({"b1"})
    snapshot = projection.acquire()
    projection.release(snapshot)
    assert set(snapshot.graph) == {"u-0"}
    projection.offer([neo4j.commit("create", "u-1")])  # position 1 again, and it counts
    eventually(lambda: projection.position == 1)
    later = projection.acquire()
    projection.release(later)
    assert set(later.graph) == {"u-0", "u-1"}
    projection.close()


def test_the_opportunities_wide_walks_are_made_in_the_background_after_a_read() -> None:
    """A topic's, an association's or an expert's neighbourhood takes long to walk: after a
    read of the graph they are walked ahead, so that no firm's first suggestions wait for
    them; changes meanwhile are still applied in place, and the walks go on with them."""
    neo4j = FakeNeo4j()
    neo4j.topics += [f"t-{n}" for n in range(2000)]
    projection = projection_on(neo4j)
    first = projection.acquire()
    projection.release(first)
    projection.offer([neo4j.commit("create", "t-new")])
    later = projection.acquire()
    projection.release(later)
    assert later.graph is first.graph and later.version > first.version  # in place
    walked = later.affinity.neighbour_places._values  # the walks kept with the version
    eventually(lambda: len(walked) >= len(neo4j.topics) - 1)
    projection.close()
