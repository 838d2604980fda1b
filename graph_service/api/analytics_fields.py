"""The Query fields of the analytics, one per entry of the catalogue of analyses
(:mod:`graph_service.services.catalogue`): its parameters become the field's arguments (enums
for enumerated ones, so that a wrong value is a validation error listing the allowed values), and
the resolver asks the analytics service, which checks the role and the ranges before any work.
"""

from __future__ import annotations

import enum
import inspect
from typing import Annotated, Any

import strawberry

from graph_service.api.analytics_types import analysis_type
from graph_service.api.graphql_types import NodeLabel
from graph_service.services.catalogue import ANALYSES, Analysis, Label, NodeId, Parameter
from graph_service.services.container import Services

_ENUMS: dict[type[enum.Enum], Any] = {Label: NodeLabel}


def _graphql_enum(choices: type[enum.Enum]) -> Any:
    """The GraphQL enum of a domain enumeration: members by name, made once."""
    if choices not in _ENUMS:
        copy: Any = enum.Enum(choices.__name__, {m.name: m.value for m in choices})  # type: ignore[misc]
        described = f"The values of `{choices.__name__}`."
        _ENUMS[choices] = strawberry.enum(copy, description=choices.__doc__ or described)
    return _ENUMS[choices]


def _annotation(parameter: Parameter) -> Any:
    base = parameter.base_type
    choices = parameter.choices
    inner: Any
    if choices is not None:
        inner = _graphql_enum(choices)
    elif base is NodeId:
        inner = strawberry.ID
    else:
        inner = base
    if parameter.is_list:
        inner = list[inner]
    if parameter.optional:
        inner = inner | None
    return Annotated[inner, strawberry.argument(description=parameter.description)]


def _default(parameter: Parameter) -> Any:
    if parameter.required:
        return inspect.Parameter.empty
    value = parameter.default
    choices = parameter.choices
    if value is None:
        return None
    if choices is not None:
        return _graphql_enum(choices)[choices(value).name]
    if parameter.base_type is NodeId:
        return strawberry.ID(value)
    return value


def _plain(value: Any) -> Any:
    """A GraphQL argument's value as the catalogue takes it (enums by their value)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _field(entry: Analysis) -> Any:
    async def resolver(info: strawberry.Info, **arguments: Any) -> Any:
        services: Services = info.context.services
        given = {name: _plain(value) for name, value in arguments.items()}
        return await services.analytics.analyse(entry.name, given, info.context.key)

    returns = analysis_type(entry)
    parameters = [
        inspect.Parameter(
            "info", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=strawberry.Info
        )
    ] + [
        inspect.Parameter(
            p.name, inspect.Parameter.KEYWORD_ONLY, annotation=_annotation(p), default=_default(p)
        )
        for p in entry.parameters
    ]
    resolver.__signature__ = inspect.Signature(parameters, return_annotation=returns)  # type: ignore[attr-defined]
    resolver.__annotations__ = {p.name: p.annotation for p in parameters} | {"return": returns}
    description = entry.summary + ("" if entry.heavy else " Open to every role.")
    return strawberry.field(resolver=resolver, name=entry.name, description=description)


def analytics_fields() -> dict[str, tuple[str | None, Any]]:
    """The Query fields of every analysis of the catalogue."""
    return {entry.name: (None, _field(entry)) for entry in ANALYSES.values()}
