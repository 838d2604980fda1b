"""The catalogue of analyses: each entry is complete, and every entry point reads it."""

from __future__ import annotations

import inspect

import pytest

from graph_service.api.schema import build_schema
from graph_service.cli import _parser
from graph_service.errors import InvalidArgument
from graph_service.services.catalogue import ANALYSES, REPORT_ANALYSES, Analysis


@pytest.mark.parametrize("entry", ANALYSES.values(), ids=lambda a: a.name)
def test_each_entry_names_a_function_that_takes_its_parameters(entry: Analysis) -> None:
    signature = inspect.signature(entry.function)
    keywords = set(signature.parameters)
    for parameter in entry.parameters:
        assert (parameter.keyword or parameter.name) in keywords, parameter.name
    for extra in entry.uses:
        assert extra in keywords, extra
    for parameter in entry.parameters:
        if not parameter.required and parameter.default is not None:
            parameter.check(parameter.default)  # every default is in its own range


@pytest.mark.parametrize("entry", ANALYSES.values(), ids=lambda a: a.name)
def test_each_entry_is_a_query_field_with_its_arguments(entry: Analysis) -> None:
    query = build_schema()._schema.query_type
    assert query is not None
    field = query.fields[entry.name]
    arguments = {name.lower() for name in field.args}
    assert arguments == {p.name.replace("_", "") for p in entry.parameters}
    assert field.description


def test_parameters_are_checked_before_any_work_naming_the_allowed_values() -> None:
    centrality = ANALYSES["centrality"]
    with pytest.raises(InvalidArgument, match="'katz' is not one of degree, betweenness"):
        centrality.bind({"measure": "katz"})
    with pytest.raises(InvalidArgument, match="top must be at most 1000") as raised:
        centrality.bind({"top": 5000})
    assert raised.value.field == "top"
    with pytest.raises(InvalidArgument, match="has no parameter 'resolution'"):
        centrality.bind({"resolution": 3})
    with pytest.raises(InvalidArgument, match="source is required"):
        ANALYSES["shortestPaths"].bind({"target": "x"})
    assert centrality.bind({})["top"] == 20


def test_every_report_offers_the_options_of_its_analyses() -> None:
    parser = _parser()
    for kind, names in REPORT_ANALYSES.items():
        required = ["--from", "2018", "--to", "2019"] if kind == "compare" else []
        args = parser.parse_args(["report", kind, *required])
        for name in names:
            for parameter in ANALYSES[name].parameters:
                assert hasattr(args, parameter.name), (kind, parameter.name)
    with pytest.raises(SystemExit):
        parser.parse_args(["report", "centrality", "--measure", "katz"])
