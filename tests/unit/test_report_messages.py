"""The reports' words exist in Italian and English, with the same placeholders."""

from __future__ import annotations

import string

from graph_service.domain.explanations import EXPLANATIONS
from graph_service.domain.vocabulary import LANGUAGES
from graph_service.reports.messages import MESSAGES


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_is_in_both_languages() -> None:
    italian, english = (set(MESSAGES[language]) for language in LANGUAGES)
    assert italian - english == set(), "missing in English"
    assert english - italian == set(), "missing in Italian"


def test_both_languages_fill_the_same_placeholders() -> None:
    different = {
        key: (_placeholders(MESSAGES["it"][key]), _placeholders(MESSAGES["en"][key]))
        for key in MESSAGES["it"]
        if _placeholders(MESSAGES["it"][key]) != _placeholders(MESSAGES["en"][key])
    }
    assert different == {}


def test_no_message_is_left_untranslated() -> None:
    same = [
        key
        for key, text in MESSAGES["it"].items()
        if text == MESSAGES["en"][key] and len(_placeholders(text)) < 1 and len(text) > 12
    ]
    assert same == ["footer"]  # the hub's own name reads the same in both


def test_every_measure_is_explained_in_both_languages_in_two_lines() -> None:
    assert set(EXPLANATIONS["it"]) == set(EXPLANATIONS["en"])
    for language in LANGUAGES:
        for key, explained in EXPLANATIONS[language].items():
            assert explained.what.endswith(".") and explained.action.endswith("."), key
            assert explained.what != explained.action
            assert EXPLANATIONS["it"][key].what != EXPLANATIONS["en"][key].what, key
