"""Analyses that stop when they are no longer wanted.

An analysis runs in a worker thread; when its caller gives up on it (the service's time limit,
the request's deadline, a client gone), the thread must not go on computing for nobody. The
caller hands the thread a :class:`threading.Event` with :func:`stops_on`; the long loops of the
analyses call :func:`check` between steps (a level of a breadth-first search, a batch of
sources, a node), which raises :class:`Stopped` once the event is set. Outside such a block
:func:`check` costs a lookup and never raises, so the analyses stay plain functions.

>>> stop = threading.Event()
>>> with stops_on(stop):
...     check()  # not asked to stop: nothing happens
...     stop.set()
...     check()
Traceback (most recent call last):
...
graph_service.analytics.stopping.Stopped: the analysis was stopped: its caller gave up on it
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_local = threading.local()


class Stopped(Exception):
    """Raised by :func:`check` in an analysis whose caller has given up on it."""

    def __init__(self) -> None:
        super().__init__("the analysis was stopped: its caller gave up on it")


@contextmanager
def stops_on(event: threading.Event) -> Iterator[None]:
    """Within the block, :func:`check` in this thread raises :class:`Stopped` once ``event``
    is set."""
    previous = getattr(_local, "event", None)
    _local.event = event
    try:
        yield
    finally:
        _local.event = previous


def check() -> None:
    """Raise :class:`Stopped` if this thread's analysis has been asked to stop."""
    event: threading.Event | None = getattr(_local, "event", None)
    if event is not None and event.is_set():
        raise Stopped
