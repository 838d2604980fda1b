"""The SDL a partner integrates from documents every element, in plain English."""

import re
from collections.abc import Iterator

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLScalarType,
    build_schema,
)

from graph_service.api.schema import SDL_FILE

BUILT_IN = {"String", "Int", "Float", "Boolean", "ID"}
LEAKS = {
    "a dataclass's signature": re.compile(r"\w+\(\w+: '"),
    "Python's None": re.compile(r"\bNone\b"),
    "reStructuredText literals": re.compile(r"``|:class:|:func:|:mod:"),
    "a wrong article": re.compile(r"\bA [AEIOU]"),
}


def elements() -> Iterator[tuple[str, str | None]]:
    """Every type, field, argument and enum value of the exported SDL, with its description."""
    schema = build_schema(SDL_FILE.read_text(encoding="utf-8"))
    for name, named in schema.type_map.items():
        if name.startswith("__") or name in BUILT_IN:
            continue
        yield name, named.description
        yield from _members(name, named)


def _members(name: str, named: GraphQLNamedType) -> Iterator[tuple[str, str | None]]:
    if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
        for field_name, field in named.fields.items():
            yield f"{name}.{field_name}", field.description
            for arg_name, arg in field.args.items():
                yield f"{name}.{field_name}({arg_name})", arg.description
    elif isinstance(named, GraphQLInputObjectType):
        for field_name, input_field in named.fields.items():
            yield f"{name}.{field_name}", input_field.description
    elif isinstance(named, GraphQLEnumType):
        for value_name, value in named.values.items():
            yield f"{name}.{value_name}", value.description
    else:
        assert isinstance(named, GraphQLScalarType)


def test_every_type_field_argument_and_enum_value_is_described() -> None:
    found = list(elements())
    assert len(found) > 1500
    undocumented = [where for where, text in found if not (text and text.strip())]
    assert undocumented == []


def test_descriptions_speak_plain_english_not_python() -> None:
    leaks = [
        f"{where}: {problem}"
        for where, text in elements()
        for problem, pattern in LEAKS.items()
        if text and pattern.search(text)
    ]
    assert leaks == []


def test_the_model_documents_its_own_words() -> None:
    sdl = SDL_FILE.read_text(encoding="utf-8")
    for text in (
        "The share of the investment paid from the firms' own resources (0 to 1).",
        "Conditions on town: the town of the firm's seat.",
        "An Association in a list, with its cursor.",
    ):
        assert text in sdl
