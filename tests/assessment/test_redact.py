"""assessment/_redact.py: parser messages keep where and why, never the input they quote (it may be a name).

The reasons are Oxigraph's and PyYAML's own wording; ``tests/validation/test_privacy.py``
shows that no report or error repeats a personal value end to end, and these pin each
rule of the redaction on its own.
"""

from __future__ import annotations

import pytest

from terve_kunta.assessment._redact import turtle_reason, without_quotes


@pytest.mark.parametrize(
    ("message", "redacted"),
    [
        ("could not determine a constructor for the tag '!Maija'", "could not determine a constructor for the tag …"),
        ('unknown field "Maija Meikäläinen" here', "unknown field … here"),
        ("bad `maija@example.org` value", "bad … value"),
        ("found unexpected ':'", "found unexpected ':'"),  # one or two characters say what is wrong
        ("found 'ab' and \"cd\" and `ef`", "found 'ab' and \"cd\" and `ef`"),
        ("found 'abc'", "found …"),
        ("expected '<document start>', but found '<scalar>'", "expected '<document start>', but found '<scalar>'"),
        ("expected '<document start>', but found 'Maija'", "expected '<document start>', but found …"),
        ("found '<a b>x'", "found …"),  # no token name
        ("a quote 'Maija\nMeik' across lines", "a quote 'Maija\nMeik' across lines"),  # no parser quotes so
        ("'one' and 'two'", "… and …"),
    ],
)
def test_quoted_text_of_three_characters_or_more_is_left_out(message: str, redacted: str) -> None:
    assert without_quotes(message) == redacted


@pytest.mark.parametrize(
    ("reason", "text", "redacted"),
    [
        (
            "Parser error at line 1 between columns 17 and 22: Maija is not a valid RDF object (line 1)",
            "<urn:p> <urn:n> Maija .",
            "columns 17-22: … is not a valid RDF object",
        ),
        (
            "Parser error at line 2 between columns 1 and 7: Eva on is not a valid RDF object (line 2)",
            "<urn:a> <urn:b> 1 .\nEva on x .",
            "columns 1-7: … on is not a valid RDF object",  # the input's words of three letters or more
        ),
        (
            "Parser error at line 1 between columns 17 and 27: maija.meik is not a valid RDF object (line 1)",
            "<urn:p> <urn:n> maija.meik .",
            "columns 17-27: … is not a valid RDF object",
        ),
        (
            "Parser error at line 1 between columns 1 and 7: The prefix maija: has not been declared (line 1)",
            "maija:x <urn:n> 1 .",
            "columns 1-7: The prefix … has not been declared",
        ),
        (
            "Parser error at line 1 between columns 31 and 38: äläinen is not a valid subject or graph name (line 1)",
            '<urn:p> <urn:n> "x"@maija-meikäläinen .',
            "columns 31-38: … is not a valid subject or graph name",
        ),
        (
            "Parser error at line 2 column 4: unexpected 'Eva', expected something (line 2)",
            "<urn:a> <urn:b> 1 .\nEva on x .",
            "columns 4-5: unexpected …, expected something",  # one column: to the next
        ),
        (
            "Parser error at line 1 column 17: Eva is not valid (line 1)",
            "<urn:p> <urn:n> Eva .",
            "columns 17-18: Eva is not valid",  # the one character there is no word of the input
        ),
        (
            "Parser error between line 1 column 17 and line 2 column 14: Unexpected end of file (line 1)",
            '<urn:p> <urn:n> "Maija\nMeikäläinen .',
            "line 1 column 17 to line 2 column 14: Unexpected end of file",
        ),
        (
            "Parser error between line 2 column 3 and line 4 column 5: Maija is not closed",
            "a\nb Maija\nc\nd",
            "line 2 column 3 to line 4 column 5: Maija is not closed",  # words are looked for on one line only
        ),
        ("Parser error somewhere: 'Maija Meikäläinen' is wrong", "", "Parser error somewhere: … is wrong"),
    ],
)
def test_a_turtle_reason_keeps_the_place_and_leaves_out_the_input(reason: str, text: str, redacted: str) -> None:
    assert turtle_reason(reason, text) == redacted


def test_only_the_line_and_columns_named_are_looked_at() -> None:
    text = "Maija <urn:n> 1 .\n<urn:p> <urn:n> Maija ."
    reason = "Parser error at line 1 between columns 15 and 16: Maija is here (line 1)"
    assert turtle_reason(reason, text) == "columns 15-16: Maija is here"  # column 15 of line 1 is "1"
    reason = "Parser error at line 2 between columns 17 and 22: Maija is here (line 2)"
    assert turtle_reason(reason, text) == "columns 17-22: … is here"


@pytest.mark.parametrize("reason", ["Parser error at line 1 column 1: " + "x" * 300, "no place given " + "x" * 300])
def test_a_reason_is_two_hundred_characters_at_most(reason: str) -> None:
    redacted = turtle_reason(reason, "y")
    assert len(redacted) == 200 and redacted.endswith("x")
