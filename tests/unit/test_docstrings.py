"""The Examples in the docstrings run, and every module that computes or lays something out
has examples to run (a module without any fails here, unless it is listed below with why)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import graph_service.analytics
import graph_service.reports

WITHOUT_EXAMPLES = {
    "graph_service.analytics.errors": "names the error classes only",
    "graph_service.reports.analyses": "result types only",
    "graph_service.reports.options": "option types only",
    "graph_service.reports.structure": "lays out through document, whose examples cover it",
}

MODULES = sorted(
    [
        *(
            f"graph_service.analytics.{m.name}"
            for m in pkgutil.iter_modules(graph_service.analytics.__path__)
        ),
        *(
            f"graph_service.reports.{m.name}"
            for m in pkgutil.iter_modules(graph_service.reports.__path__)
        ),
        "graph_service.domain.vocabulary",
        "graph_service.domain.explanations",
        "graph_service.services.reports",
        "graph_service.storage.errors",
        "graph_service.api.turns",
        "graph_service.api.ordering",
    ]
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    if name not in WITHOUT_EXAMPLES:
        assert result.attempted > 0, f"{name} has no examples in its docstrings"


def test_the_exceptions_are_still_modules_without_examples() -> None:
    for name in WITHOUT_EXAMPLES:
        module = importlib.import_module(name)
        assert doctest.testmod(module).attempted == 0, f"{name} has examples now: unlist it"
