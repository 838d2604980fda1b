"""Numbers and dates as a reader of each language writes them (Babel's CLDR data).

Italian: ``1.234,5`` and ``2 dicembre 2026``; English: ``1,234.5`` and ``2 December 2026``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from graph_service.domain.vocabulary import Language

LOCALES: dict[Language, str] = {"it": "it_IT", "en": "en_GB"}
SIGNIFICANT = 4
"""Fractional values are shown to this many significant digits."""


def number_text(value: float | int, language: Language) -> str:
    """A number for reading: integers whole, fractions to four significant digits, large
    values to one decimal, grouped by thousands in the locale's way from five digits on (a
    year or a count of four digits reads better whole: ``2018``, ``1250``).

    Examples
    --------
    >>> [number_text(v, "it") for v in (80000, 0.062331885, 123456.78, 2.5, 2018, 1293.5)]
    ['80.000', '0,06233', '123.456,8', '2,5', '2018', '1294']
    >>> number_text(0.062331885, "en"), number_text(80000, "en")
    ('0.06233', '80,000')
    """
    locale = LOCALES[language]
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value) if abs(value) < 10_000 else format_decimal(value, locale=locale)
    if abs(value) >= 10_000:
        return format_decimal(Decimal(f"{value:.1f}"), format="#,##0.0", locale=locale)
    shown = Decimal(f"{value:.{SIGNIFICANT}g}")
    return format_decimal(shown, format="0.##########", locale=locale)


def percent_text(share: float, language: Language) -> str:
    """A share of 1 as a whole percentage (``0.25`` → ``25%``).

    Examples
    --------
    >>> percent_text(0.254, "it"), percent_text(0.254, "en")
    ('25%', '25%')
    """
    return f"{round(share * 100)}%"


def date_text(moment: dt.datetime, language: Language) -> str:
    """A moment as a report's date line: the day in words and the time (UTC).

    Examples
    --------
    >>> moment = dt.datetime(2026, 12, 2, 3, 5, tzinfo=dt.UTC)
    >>> date_text(moment, "it"), date_text(moment, "en")
    ('2 dicembre 2026, 03:05 UTC', '2 December 2026, 03:05 UTC')
    """
    locale = LOCALES[language]
    day = format_date(moment.date(), format="long", locale=locale)
    time = format_datetime(moment, format="HH:mm", tzinfo=dt.UTC, locale=locale)
    return f"{day}, {time} UTC"
