import datetime as dt

import pytest

from graph_service.domain.model import LABELS, RELATIONSHIPS, PropertySpec
from loaders.values import BadValue, from_json, from_text, to_text


def spec(label: str, name: str) -> PropertySpec:
    found = LABELS[label].find_property(name)
    assert found is not None
    return found


def test_csv_text_becomes_typed_values() -> None:
    assert from_text(spec("Project", "year"), "2018") == 2018
    assert from_text(spec("Project", "investment"), "48250") == 48250.0
    assert from_text(spec("Hub", "founded"), "2017-11-01") == dt.date(2017, 11, 1)
    assert from_text(spec("Firm", "size"), "small") == "small"


@pytest.mark.parametrize(
    ("label", "name", "text", "message"),
    [
        ("Project", "year", "20x8", "'20x8' is not an integer"),
        ("Project", "year", "2018.5", "not an integer"),
        ("Project", "investment", "lots", "'lots' is not a number"),
        ("Project", "investment", "nan", "not a finite number"),
        ("Project", "ownShare", "1.5", "above the maximum 1"),
        ("Project", "year", "1500", "below the minimum 1990"),
        ("Project", "status", "done", "'done' is not one of completed, running, starting"),
        ("Hub", "founded", "01/11/2017", "not a date (YYYY-MM-DD)"),
        ("Hub", "founded", "2017-02-30", "not a valid date"),
    ],
)
def test_bad_text_is_refused_with_the_reason(
    label: str, name: str, text: str, message: str
) -> None:
    with pytest.raises(BadValue, match=message.replace("(", r"\(").replace(")", r"\)")):
        from_text(spec(label, name), text)


def test_json_values_keep_their_types_strictly() -> None:
    assert from_json(spec("Project", "investment"), 5) == 5.0
    assert isinstance(from_json(spec("Project", "investment"), 5), float)
    with pytest.raises(BadValue, match="not an integer"):
        from_json(spec("Project", "year"), 2018.0)
    with pytest.raises(BadValue, match="not an integer"):
        from_json(spec("Project", "year"), True)
    with pytest.raises(BadValue, match="not a string"):
        from_json(spec("Firm", "name"), 12)
    amount = RELATIONSHIPS["FUNDED_BY"].find_property("amount")
    assert amount is not None
    with pytest.raises(BadValue, match="below the minimum 0"):
        from_json(amount, -1)


def test_exported_text_reads_back_to_the_same_value() -> None:
    for value, prop in (
        (0.1 + 0.2, spec("Project", "ownShare")),
        (48250.0, spec("Project", "investment")),
        (2019, spec("Project", "year")),
        (dt.date(2018, 1, 15), spec("Hub", "founded")),
    ):
        assert from_text(prop, to_text(value)) == value
