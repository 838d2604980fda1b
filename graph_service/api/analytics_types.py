"""GraphQL types for the analytics results, made from the result dataclasses of
``graph_service.domain.analytics`` (fields keep their names, camel-cased; enumerations are
strings; tuples are lists). The domain classes stay free of GraphQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import types
import typing
from typing import Any

import strawberry

from graph_service.services.catalogue import Analysis

_made: dict[type, Any] = {}
_analyses: dict[str, Any] = {}


def graphql_type(cls: type) -> Any:
    """The Strawberry type mirroring the dataclass ``cls`` (made once)."""
    if cls in _made:
        return _made[cls]
    hints = typing.get_type_hints(cls)
    annotations = {f.name: _annotation(hints[f.name]) for f in dataclasses.fields(cls) if f.init}
    namespace: dict[str, Any] = {"__annotations__": annotations, "__module__": __name__}
    description = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ") or None
    made = strawberry.type(type(cls.__name__, (), namespace), description=description)
    _made[cls] = made
    return made


def _annotation(hint: Any) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _annotation(inner[0]) | None
    if origin is tuple:
        return list[_annotation(args[0])]  # type: ignore[misc]
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return str
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return graphql_type(hint)
    if hint in (str, int, float, bool, dt.date, dt.datetime):
        return hint
    raise TypeError(f"no GraphQL type for {hint!r}")


def analysis_type(entry: Analysis) -> Any:
    """``{Name}Analysis { graphVersion computedAt result }``: an analysis' result and the graph
    version it was computed on (made once per entry)."""
    name = f"{entry.result_name}Analysis"
    if name in _analyses:
        return _analyses[name]
    namespace: dict[str, Any] = {
        "__annotations__": {
            "graph_version": int,
            "computed_at": dt.datetime,
            "result": graphql_type(entry.result),
        },
        "__module__": __name__,
    }
    made = strawberry.type(
        type(name, (), namespace),
        description=f"The result of `{entry.name}`, with the graph version it was computed on.",
    )
    _analyses[name] = made
    return made
