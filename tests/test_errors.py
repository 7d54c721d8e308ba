"""errors.py: each error's message says what was wrong and where, and is of the kind a caller expects."""

from __future__ import annotations

import pytest

from terve_kunta.errors import (
    AmbiguousNameError,
    AssessmentError,
    DataFileError,
    ModelError,
    OptionError,
    UnknownNameError,
    close_matches,
)


def test_did_you_mean_offers_at_most_three_close_words_best_first() -> None:
    assert close_matches("kuopio", ["kuopioxx", "kuopiox", "kuopio", "kuopiot", "oulu"]) == [
        "kuopio",
        "kuopiox",
        "kuopiot",
    ]
    assert close_matches("kuopio", ["kuopiox", "kuopio"], limit=1) == ["kuopio"]
    assert close_matches("kuopio", ["oulu"]) == []


def test_an_option_error_lists_the_allowed_values_and_suggests_one() -> None:
    error = OptionError("format", "jsn", ("text", "json"))
    assert str(error) == "format: expected one of text, json, got 'jsn'; did you mean 'json'?"
    assert (error.option, error.value, error.expected) == ("format", "jsn", "one of text, json")
    assert str(OptionError("lang", "xx", ("fi", "sv"))) == "lang: expected one of fi, sv, got 'xx'"  # nothing close


def test_an_option_error_with_a_description_or_no_value() -> None:
    error = OptionError("as_of", "sw", "a date as YYYY-MM-DD")  # a description: no "one of", no suggestion
    assert str(error) == "as_of: expected a date as YYYY-MM-DD, got 'sw'"
    assert error.expected == "a date as YYYY-MM-DD"
    assert str(OptionError("lang", None, ("fi", "sv"))) == "lang: expected one of fi, sv"  # nothing was given
    assert str(OptionError("lang", 7, ("fi", "sv"))) == "lang: expected one of fi, sv, got 7"


def test_a_model_error_says_every_problem() -> None:
    error = ModelError("Decision", [("date", "is not a date"), ("", "names no body")])
    assert str(error) == "Decision: date: is not a date; names no body"
    assert error.problems == (("date", "is not a date"), ("", "names no body"))


def test_a_data_file_error_keeps_the_line_where_known() -> None:
    assert DataFileError("a.ttl: bad", 3).line == 3
    assert DataFileError("a.ttl: bad").line is None
    assert str(DataFileError("a.ttl: bad", 3)) == "a.ttl: bad"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "a.yaml: is wrong"),
        ({"line": 0}, "a.yaml, line 0: is wrong"),
        ({"field": "x.y", "line": 4}, "a.yaml, line 4, field x.y: is wrong"),
        ({"field": "", "expected": ""}, "a.yaml: is wrong"),
        ({"field": "x", "expected": "a date"}, "a.yaml, field x: is wrong; expected a date"),
        ({"field": "a\nb"}, "a.yaml, field 'a\\nb': is wrong"),  # never a line break in a message
    ],
)
def test_an_assessment_error_says_where_and_what_was_expected(kwargs: dict[str, object], message: str) -> None:
    error = AssessmentError("a.yaml", "is  wrong\n", **kwargs)  # type: ignore[arg-type]
    assert str(error) == message
    assert (error.field, error.line, error.expected) == tuple(kwargs.get(k) for k in ("field", "line", "expected"))
    assert error.problem == "is wrong"
    assert str(AssessmentError("my\tfile.yaml", "is wrong")) == "'my\\tfile.yaml': is wrong"


def test_name_errors_read_as_sentences_not_as_keys() -> None:
    unknown = UnknownNameError("no municipality is named 'Kuopo'", ["Kuopio", "Kuopion"])
    assert str(unknown) == "no municipality is named 'Kuopo'; did you mean 'Kuopio' or 'Kuopion'?"
    assert (unknown.message, unknown.suggestions) == ("no municipality is named 'Kuopo'", ("Kuopio", "Kuopion"))
    assert str(UnknownNameError("no such")) == "no such"
    assert isinstance(unknown, KeyError)
    ambiguous = AmbiguousNameError("'Pedersöre' fits several", ["599 Pedersöre", "600 Pedersören kunta"])
    assert str(ambiguous) == "'Pedersöre' fits several"
    assert ambiguous.candidates == ("599 Pedersöre", "600 Pedersören kunta")
    assert isinstance(ambiguous, LookupError)
