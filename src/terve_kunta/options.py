"""The options that entry points take, each listed once, and the one way each is checked.

Every public entry point (``kg.validate``, ``kg.members``, the command line ...)
checks its options here before it reads any file, so that a typo fails at once
with an :class:`~terve_kunta.errors.OptionError` that names the option.

>>> check_choice("engine", "pyshacl", ENGINES)
'pyshacl'
>>> parse_date("2024-06-30", "as_of")
datetime.date(2024, 6, 30)
>>> parse_date("2024-13-45", "as_of")
Traceback (most recent call last):
...
terve_kunta.errors.OptionError: as_of: expected a date that exists (YYYY-MM-DD), got '2024-13-45'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from terve_kunta.errors import OptionError

__all__ = [
    "ENGINES",
    "EXISTING_DATE",
    "ISO_DATE",
    "LANGUAGES",
    "REPORT_FORMATS",
    "TABLE_FORMATS",
    "as_of_date",
    "check_choice",
    "check_timeout",
    "check_language",
    "parse_date",
]

#: Languages of labels, messages and reports: Finnish, Swedish, English.
LANGUAGES: tuple[str, ...] = ("fi", "sv", "en")
#: SHACL engines: the shapes compiled to SPARQL over Oxigraph (default), or pySHACL (the reference).
ENGINES: tuple[str, ...] = ("oxigraph", "pyshacl")
#: Formats of compliance reports.
REPORT_FORMATS: tuple[str, ...] = ("text", "json", "markdown", "turtle")
#: Formats of tables (members, query results).
TABLE_FORMATS: tuple[str, ...] = ("table", "csv", "json")

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: What :func:`parse_date` expects of text in the ISO form that names no real day, and of anything else.
EXISTING_DATE = "a date that exists (YYYY-MM-DD)"
ISO_DATE = "a date as YYYY-MM-DD"


def check_choice(option: str, value: object, choices: Sequence[str]) -> str:
    """Return ``value`` if it is one of ``choices``; raise :class:`OptionError` (with a suggestion) if not."""
    if not isinstance(value, str) or value not in choices:
        raise OptionError(option, value, choices)
    return value


def check_language(value: object, option: str = "lang") -> str:
    """Return ``value`` if it is one of :data:`LANGUAGES`."""
    return check_choice(option, value, LANGUAGES)


def parse_date(value: object, option: str) -> date:
    """A calendar date from a :class:`datetime.date` or a ``YYYY-MM-DD`` string; the one date parser.

    Only the extended ISO form with four-digit year is read (``20250301`` and
    ``2025-W09`` are refused), and the date must exist. A ``datetime`` is not a
    date here: give its ``.date()``.

    >>> parse_date("2025-02-30", "assessed_on")
    Traceback (most recent call last):
    ...
    terve_kunta.errors.OptionError: assessed_on: expected a date that exists (YYYY-MM-DD), got '2025-02-30'
    """
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise OptionError(option, value, EXISTING_DATE) from None
    raise OptionError(option, value, ISO_DATE)


def as_of_date(value: object, option: str = "as_of") -> date:
    """The day ``value`` names (see :func:`parse_date`); None or ``"today"`` is today."""
    if value is None or value == "today":
        return date.today()
    return parse_date(value, option)


def check_timeout(value: object, option: str = "timeout") -> float | None:
    """A time limit in seconds: None (no limit) or a positive, finite number.

    >>> check_timeout(2), check_timeout(None)
    (2.0, None)
    >>> check_timeout(0)
    Traceback (most recent call last):
    ...
    terve_kunta.errors.OptionError: timeout: expected a number of seconds above 0, got 0
    """
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < float("inf"):
        return float(value)
    raise OptionError(option, value, "a number of seconds above 0")
