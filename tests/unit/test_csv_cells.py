"""A CSV cell is read on a short path when its value is an ordinary one: that path gives every
property of the model the same value, or the same error, as the full reading."""

import pytest

from graph_service.domain.model import LABELS, MAX_TEXT_LENGTH, RELATIONSHIPS, PropertySpec
from loaders.csv_format import _quick_reader
from loaders.values import BadValue, from_text

SPECS = [
    *(spec for label in LABELS.values() for spec in label.properties),
    *(spec for rel in RELATIONSHIPS.values() for spec in rel.properties),
]
TEXTS = [
    *("0", "1", "-1", "+5", "007", "2019", "1900", "3000", "100", "-3.5", "0.5", "1.0"),
    *("-0.0", "0.0", "1e-5", "1e308", "1e309", "nan", "inf", "-inf", "1_000", "0x10"),
    *("9223372036854775807", "9223372036854775808", "99999999999999999999"),
    *("١٢", "²", "\uff15", " 3", "3 ", "abc", "2020-01-01", "2020-02-30", "small", "Bergamo"),
    "x" * (MAX_TEXT_LENGTH + 1),
]


def outcome(read: object, text: str) -> tuple[object, ...]:
    try:
        value = read(text)  # type: ignore[operator]
    except BadValue as error:
        return ("refused", str(error))
    return ("read", value, type(value))


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.name)
def test_the_short_path_reads_every_cell_as_the_full_reading_does(spec: PropertySpec) -> None:
    quick = _quick_reader(spec)
    for text in [*TEXTS, *spec.choices]:
        full = outcome(lambda t: from_text(spec, t), text)
        assert outcome(quick, text) == full, (spec.name, text[:40])
