"""Turning raw values (CSV text, JSON values) into typed property values, with clear errors."""

from __future__ import annotations

import datetime as dt
import math
import re

from graph_service.domain.model import PropertySpec, PropertyType, PropertyValue

_INTEGER = re.compile(r"[+-]?\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class BadValue(ValueError):
    """A value that does not fit its property; the message says why."""


def from_text(spec: PropertySpec, text: str) -> PropertyValue:
    """A CSV cell as a value of ``spec``'s type (the cell is not empty)."""
    match spec.type:
        case PropertyType.STRING:
            value: PropertyValue = text
        case PropertyType.INTEGER:
            if not _INTEGER.fullmatch(text.strip()):
                raise BadValue(f"{text!r} is not an integer")
            if len(text.strip().lstrip("+-").lstrip("0")) > 19:
                raise BadValue(f"{text[:40]!r}... is outside the integers Neo4j stores (64-bit)")
            value = int(text)
        case PropertyType.FLOAT:
            try:
                number = float(text)
            except ValueError:
                raise BadValue(f"{text!r} is not a number") from None
            value = _finite(number, text)
        case PropertyType.DATE:
            value = _date(text)
    return _checked(spec, value)


def from_json(spec: PropertySpec, raw: object) -> PropertyValue:
    """A JSON value as a value of ``spec``'s type (the value is not null)."""
    match spec.type:
        case PropertyType.STRING:
            if not isinstance(raw, str):
                raise BadValue(f"{raw!r} is not a string")
            value: PropertyValue = raw
        case PropertyType.INTEGER:
            if isinstance(raw, bool) or not isinstance(raw, int):
                raise BadValue(f"{raw!r} is not an integer")
            value = raw
        case PropertyType.FLOAT:
            if isinstance(raw, bool) or not isinstance(raw, int | float):
                raise BadValue(f"{raw!r} is not a number")
            value = _finite(float(raw), repr(raw))
        case PropertyType.DATE:
            if not isinstance(raw, str):
                raise BadValue(f"{raw!r} is not a date (YYYY-MM-DD)")
            value = _date(raw)
    return _checked(spec, value)


def to_text(value: PropertyValue) -> str:
    """The canonical text of a value, as the exporters write it."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def to_json(value: PropertyValue) -> str | int | float:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _finite(number: float, text: str) -> float:
    if not math.isfinite(number):
        raise BadValue(f"{text!r} is not a finite number")
    return number


def _date(text: str) -> dt.date:
    if not _DATE.fullmatch(text):
        raise BadValue(f"{text!r} is not a date (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadValue(f"{text!r} is not a valid date") from None


def _checked(spec: PropertySpec, value: PropertyValue) -> PropertyValue:
    problem = spec.problem(value)
    if problem:
        raise BadValue(problem)
    return value
