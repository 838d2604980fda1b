"""The model's words for people exist in Italian and English for everything the model holds."""

from __future__ import annotations

import doctest
import re

import pytest

from graph_service.domain import vocabulary
from graph_service.domain.analytics import ReasonKind
from graph_service.domain.explanations import REASONS, names_text, reason_text
from graph_service.domain.model import LABELS, RELATIONSHIPS
from graph_service.domain.vocabulary import LANGUAGES


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


def test_every_reason_of_a_suggestion_has_its_words_in_both_languages() -> None:
    wanted = {f"{kind}.{reason.value}" for kind in ("firm", "project") for reason in ReasonKind}
    for language in LANGUAGES:
        assert set(REASONS[language]) == wanted, language
        for key, template in REASONS[language].items():
            assert set(re.findall(r"\{(\w+)\}", template)) <= {"names", "firm"}, key
            assert "{names}" in template, key
    assert all(REASONS["it"][k] != REASONS["en"][k] for k in wanted)
    # One name and several read the same way: nothing agrees in number with {names}.
    assert reason_text("same_association", ["CNA"], "Ottica Zirafa", "it", project=True) == (
        "Coinvolge CNA, di cui Ottica Zirafa è socia"
    )
    assert names_text(["A", "B", "C", "D"], "it") == "A, B, C e D"  # never "e altri 1"
    assert names_text(["A", "B", "C", "D", "E"], "en") == "A, B, C and 2 more"
