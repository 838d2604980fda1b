"""The model's words for people exist in Italian and English for everything the model holds."""

from __future__ import annotations

import doctest

import pytest

from graph_service.domain import vocabulary
from graph_service.domain.model import LABELS, RELATIONSHIPS


@pytest.mark.parametrize("language", vocabulary.LANGUAGES)
def test_every_label_and_relationship_type_has_words(language: vocabulary.Language) -> None:
    assert set(vocabulary.LABEL_NOUNS[language]) == set(LABELS)
    assert set(vocabulary.RELATIONSHIP_PHRASES[language]) == set(RELATIONSHIPS)


@pytest.mark.parametrize("language", vocabulary.LANGUAGES)
def test_every_property_and_allowed_value_has_words(language: vocabulary.Language) -> None:
    properties = [
        *(p for spec in LABELS.values() for p in spec.properties),
        *(p for spec in RELATIONSHIPS.values() for p in spec.properties),
    ]
    names = {p.name for p in properties} | {"id"}
    choices = {c for p in properties for c in p.choices}
    assert names <= set(vocabulary.PROPERTY_NAMES[language])
    assert choices <= set(vocabulary.VALUE_WORDS[language])


def test_the_two_languages_name_the_same_things() -> None:
    for table in (
        vocabulary.LABEL_NOUNS,
        vocabulary.RELATIONSHIP_PHRASES,
        vocabulary.PROPERTY_NAMES,
        vocabulary.VALUE_WORDS,
    ):
        assert set(table["it"]) == set(table["en"])


def test_relationships_read_as_phrases_not_as_type_names() -> None:
    assert vocabulary.relationship_phrase("MEMBER_OF", "it") == "è socio di"
    assert vocabulary.relationship_phrase("MEMBER_OF", "en") == "member of"
    for language in vocabulary.LANGUAGES:
        for phrase in vocabulary.RELATIONSHIP_PHRASES[language].values():
            assert "_" not in phrase.forward + phrase.backward


def test_docstring_examples_run() -> None:
    result = doctest.testmod(vocabulary)
    assert result.attempted > 0 and result.failed == 0
