"""options.py: each option's one check, and the one date parser, at their edges."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from terve_kunta.errors import OptionError
from terve_kunta.options import LANGUAGES, as_of_date, check_choice, check_language, check_timeout, parse_date


def test_a_choice_is_returned_as_given() -> None:
    assert check_choice("kind", "b", ("a", "b")) == "b"
    assert [check_language(lang) for lang in LANGUAGES] == ["fi", "sv", "en"]


@pytest.mark.parametrize("value", ["de", "", "FI", None, 1, ["fi"]])
def test_anything_else_is_refused_with_the_option_named(value: object) -> None:
    with pytest.raises(OptionError, match=r"^language: expected one of fi, sv, en") as caught:
        check_language(value, "language")
    assert (caught.value.option, caught.value.value) == ("language", value)


def test_a_calendar_date_is_taken_as_it_is() -> None:
    day = date(2024, 2, 29)
    assert parse_date(day, "as_of") is day
    assert parse_date("2024-02-29", "as_of") == day


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-02-30", "a date that exists (YYYY-MM-DD)"),  # the ISO form, but no such day
        ("2025-13-01", "a date that exists (YYYY-MM-DD)"),
        ("20250301", "a date as YYYY-MM-DD"),  # ISO, but the basic form (date.fromisoformat takes it)
        ("2025-W09", "a date as YYYY-MM-DD"),
        ("2025-03-01T00:00", "a date as YYYY-MM-DD"),
        (" 2025-03-01", "a date as YYYY-MM-DD"),
        (datetime(2025, 3, 1, 12, 0), "a date as YYYY-MM-DD"),  # give its .date()
        (20250301, "a date as YYYY-MM-DD"),
        (None, "a date as YYYY-MM-DD"),
    ],
)
def test_anything_but_an_existing_iso_date_is_refused(value: object, expected: str) -> None:
    with pytest.raises(OptionError) as caught:
        parse_date(value, "assessed_on")
    assert caught.value.option == "assessed_on" and caught.value.expected == expected
    assert caught.value.__cause__ is None


def test_as_of_is_today_unless_a_day_is_named() -> None:
    assert as_of_date(None) == as_of_date("today") == date.today()
    assert as_of_date("2024-06-30") == date(2024, 6, 30)
    assert as_of_date(date(2024, 6, 30)) == date(2024, 6, 30)
    with pytest.raises(OptionError, match=r"^as_of: expected a date as YYYY-MM-DD, got 'Today'"):
        as_of_date("Today")
    with pytest.raises(OptionError, match=r"^since: "):
        as_of_date("yesterday", "since")


@pytest.mark.parametrize(("value", "seconds"), [(None, None), (2, 2.0), (0.25, 0.25), (1e-9, 1e-9), (86400, 86400.0)])
def test_a_time_limit_is_none_or_a_positive_number_of_seconds(value: object, seconds: float | None) -> None:
    limit = check_timeout(value)
    assert limit == seconds
    assert limit is None or type(limit) is float  # an int comes back as seconds, a float


@pytest.mark.parametrize("value", [0, 0.0, -1, -0.5, float("inf"), float("-inf"), float("nan"), True, False, "5", [5]])
def test_a_time_limit_that_is_not_positive_finite_seconds_is_refused(value: object) -> None:
    # a bool is an int to Python, but True is no time limit; NaN compares false with everything
    with pytest.raises(OptionError, match=r"^--timeout: expected a number of seconds above 0, got ") as caught:
        check_timeout(value, "--timeout")
    assert caught.value.option == "--timeout" and caught.value.value is value
