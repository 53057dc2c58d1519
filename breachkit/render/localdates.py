"""Dates written the way each language writes them in a letter or a form.

Babel's long date is right for most locales; French writes the first day of a month
as an ordinal (« le 1er décembre 2026 », not « le 1 décembre »), which CLDR does not.
"""

from __future__ import annotations

from datetime import date

from babel import Locale
from babel.dates import format_date


def long_date(value: date, locale: Locale | str) -> str:
    """``value`` as a long date in ``locale`` (``1er décembre 2026`` in French)."""
    text = str(format_date(value, format="long", locale=locale))
    language = locale.language if isinstance(locale, Locale) else str(locale).split("_")[0]
    if language == "fr" and value.day == 1 and text.startswith("1 "):
        text = "1er" + text[1:]
    return text
