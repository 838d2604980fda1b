"""Turns: compiled reads and writes are worked on a few at a time, in the order they came; the
other requests never wait in that line."""

from __future__ import annotations

import asyncio
from typing import Any, cast

import pytest

from graph_service.api.executor import Executor
from graph_service.api.limits import Limits
from graph_service.api.schema import build_schema
from graph_service.api.turns import Turns


def test_at_most_size_requests_hold_a_turn_and_the_others_enter_in_arrival_order() -> None:
    async def scenario() -> tuple[int, list[int]]:
        turns = Turns(3)
        holding, most, entered = 0, 0, []

        async def request(n: int) -> None:
            nonlocal holding, most
            async with turns.turn():
                entered.append(n)
                holding += 1
                most = max(most, holding)
                await asyncio.sleep(0.001)
                holding -= 1

        await asyncio.gather(*(request(n) for n in range(20)))
        return most, entered

    most, entered = asyncio.run(scenario())
    assert most == 3
    assert entered == list(range(20))


def test_a_request_whose_deadline_passes_in_line_leaves_it_and_takes_no_turn() -> None:
    async def scenario() -> tuple[bool, int, bool]:
        turns = Turns(1)
        release = asyncio.Event()

        async def holder() -> None:
            async with turns.turn():
                await release.wait()

        task = asyncio.create_task(holder())
        await asyncio.sleep(0)
        timed_out = False
        try:
            async with asyncio.timeout(0.05):
                async with turns.turn():
                    pass
        except TimeoutError:
            timed_out = True
        waiting = turns.waiting
        release.set()
        await task
        async with asyncio.timeout(1):  # the turn is free again
            async with turns.turn():
                free = True
        return timed_out, waiting, free

    assert asyncio.run(scenario()) == (True, 0, True)


def test_a_size_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Turns(0)


@pytest.fixture(scope="module")
def executor() -> Executor:
    # Deciding who takes turns reads the document only: no services are needed.
    return Executor(build_schema(), cast(Any, None), Limits())


@pytest.mark.parametrize(
    ("query", "takes_turns"),
    [
        ('{ firm(id: "a") { name } }', True),
        ('{ firms(first: 2) { nodes { id } } search(text: "x") { score } }', True),
        ("query { ...F } fragment F on Query { firms { nodes { id } } __typename }", True),
        ('mutation { deleteTopic(id: "t") { errors { code } } }', True),
        ("{ networkStats { graphVersion } }", False),
        ("{ firms { nodes { id } } ... on Query { networkStats { graphVersion } } }", False),
        ("{ ...F } fragment F on Query { auditTrail(first: 1) { nodes { operation } } }", False),
        ("{ __schema { queryType { name } } }", False),
    ],
)
def test_only_compiled_reads_and_writes_take_turns(
    executor: Executor, query: str, takes_turns: bool
) -> None:
    assert executor.takes_turns(executor.prepare(query, None)) is takes_turns
