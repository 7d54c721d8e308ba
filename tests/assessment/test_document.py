"""document.py: a model error becomes one AssessmentError that names the field, the line and what was expected.

These call :func:`read_document_data` on parsed documents (no file, no graph), so
that each rule of the translation is pinned by a case of its own.
"""

from __future__ import annotations

import types
import typing
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, BeforeValidator, Field, StrictStr, ValidationError

from terve_kunta.assessment.document import AssessmentDocument, _error, read_document_data
from terve_kunta.assessment.model import SelfAssessment, nested_model
from terve_kunta.errors import AssessmentError

BASE = {"municipality": "297", "assessed_on": "2025-03-01"}
LINES = {
    ("municipality",): 1,
    ("assessed_on",): 2,
    ("contact_person",): 3,
    ("steering_group",): 4,
    ("steering_group", "sectors"): 5,
    ("steering_group", "sectors", 1): 7,
}
TOP_FIELDS = ", ".join(SelfAssessment.model_fields)
TEXT = "text of at most 500 characters"


def error(data: Any, lines: dict[tuple[str | int, ...], int] | None = None) -> AssessmentError:
    with pytest.raises(AssessmentError) as caught:
        read_document_data(data, source="a.yaml", lines=LINES if lines is None else lines)
    assert caught.value.__cause__ is None and caught.value.file == "a.yaml"
    return caught.value


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        # where: the line of the field, else of the nearest key above it that has one
        ({"budget": 1}, f"a.yaml, field budget: unknown field; expected one of {TOP_FIELDS}"),
        (
            {"joining_decision": {"body": "council", "date": "2024-01-01", "x": 1}},
            "a.yaml, field joining_decision.x: unknown field; expected one of body, date, reference",
        ),
        (
            {"contact_person": {"title": "t", "phone": "1"}},
            "a.yaml, line 3, field contact_person.phone: unknown field; expected one of title, name, email",
        ),
        (
            {"steering_group": {"sectors": ["education", 5]}},
            "a.yaml, line 7, field steering_group.sectors[1]: is not text; expected a sector slug such as education",
        ),
        (
            {"steering_group": {"sectors": "education"}},
            "a.yaml, line 5, field steering_group.sectors: is not a list; "
            "expected a list of administrative sector slugs (e.g. [education, culture])",
        ),
        (
            {"steering_group": {"partners": [None]}},
            "a.yaml, line 4, field steering_group.partners[0]: is not text; expected a partner slug such as ngos",
        ),
        (
            {"joining_decision": {"body": "council"}},
            "a.yaml, field joining_decision.date: is required; expected a date as YYYY-MM-DD",
        ),
        # what: the model's words, or the declared expectation
        (
            {"resources_allocated": "yes"},
            "a.yaml, field resources_allocated: is not true or false; expected true or false",
        ),
        (
            {"wellbeing_report": {"council_term_report": "2025-2021"}},
            "a.yaml, field wellbeing_report.council_term_report: '2025-2021' is not a possible council term; "
            'expected a council term as YYYY-YYYY (e.g. "2021-2025")',
        ),
        (
            {"wellbeing_report": {"council_term_report": "soon"}},
            "a.yaml, field wellbeing_report.council_term_report: is not a council term; "
            'expected a council term as YYYY-YYYY (e.g. "2021-2025")',
        ),
        (
            {"commitments": {"hosting": True, "x": 1}},
            "a.yaml, field commitments.x: unknown field; expected one of network_tasks, hosting",
        ),
        ({"joining_decision": "yes"}, "a.yaml, field joining_decision: is not an object; expected an object"),
        (
            {"wellbeing_report": {"annual_year": 20245}},
            "a.yaml, field wellbeing_report.annual_year: is too large; expected a year between 1900 and 2100",
        ),
        (
            {"communication_url": "https://example.org/" + "x" * 500},
            "a.yaml, field communication_url: is too long; expected text: the address of a web page",
        ),
        # a person: true, false or an object; never the value of a personal field
        (
            {"contact_person": "yes"},
            "a.yaml, line 3, field contact_person: is neither true, false nor an object; "
            "expected true, false or an object with title, name, email",
        ),
        ({"elected_official": {"name": 5}}, f"a.yaml, field elected_official.name: is not text; expected {TEXT}"),
        ({"contact_person": {"name": ""}}, f"a.yaml, line 3, field contact_person.name: is not text; expected {TEXT}"),
        (
            {"contact_person": {"email": "x" * 501}},
            f"a.yaml, line 3, field contact_person.email: is too long; expected {TEXT}",
        ),
        ({"contact_person": {"title": ""}}, f"a.yaml, line 3, field contact_person.title: is empty; expected {TEXT}"),
        # the first field in error is the one told, by its deepest error
        (
            {"assessed_on": "1.3.2025", "joining_decision": {"body": "mayor", "date": "2024-01-01"}},
            "a.yaml, line 2, field assessed_on: is not a date; expected a date as YYYY-MM-DD",
        ),
    ],
)
def test_the_error_names_field_line_and_expectation(changes: dict[str, Any], message: str) -> None:
    assert str(error({**BASE, **changes})) == message


def test_the_organisation_check_points_at_the_organisation() -> None:
    both = error({**BASE, "wellbeing_services_county": "13"})
    assert str(both) == (
        "a.yaml, line 1, field municipality: names no organisation or two; "
        "expected exactly one of municipality and wellbeing_services_county"
    )
    assert error({"assessed_on": "2025-03-01"}, {("wellbeing_services_county",): 4}).line == 4
    assert error({"assessed_on": "2025-03-01"}, {}).line is None


def test_a_missing_field_is_found_without_lines() -> None:
    missing = error({"municipality": "297"}, {})
    assert (missing.field, missing.line, missing.problem) == ("assessed_on", None, "is required")


@pytest.mark.parametrize(
    ("data", "kind"),
    [(None, "empty"), ([1], "a list"), ("x", "text"), (1, "a number"), (1.5, "a number"), (True, "true or false")],
)
def test_a_document_that_is_no_mapping_says_what_it_is(data: object, kind: str) -> None:
    assert str(error(data)) == f"a.yaml: is {kind}; expected a mapping of keys such as municipality and assessed_on"
    assert error(object()).problem == "is not a mapping"


def test_a_model_or_a_mapping_becomes_a_document() -> None:
    model = SelfAssessment.model_validate(BASE)
    given = read_document_data(model, source="k.yaml")
    assert given.assessment is model and given.source == "k.yaml" and given.iri is None
    document = read_document_data(BASE)
    assert (document.source, document.lines, document.iri) == ("<data>", {}, None)
    assert document.assessment == model
    with_lines = read_document_data(BASE, lines=LINES)
    assert with_lines.line("steering_group.sectors.1") == 7 and with_lines.line("steering_group.name") is None
    assert AssessmentDocument(model).line("municipality") is None


def test_a_document_too_deep_to_check_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def too_deep(data: object) -> SelfAssessment:
        raise RecursionError

    monkeypatch.setattr(SelfAssessment, "model_validate", too_deep)
    refused = error(BASE)
    assert str(refused) == "a.yaml: is nested too deeply; expected a self-assessment"


def _unions(model: type[BaseModel]) -> list[tuple[str, tuple[object, ...]]]:
    found = []
    for name, field in model.model_fields.items():
        members = tuple(m for m in typing.get_args(field.annotation) if m is not type(None))
        if typing.get_origin(field.annotation) in (typing.Union, types.UnionType) and len(members) > 1:
            found.append((f"{model.__name__}.{name}", members))
        nested = nested_model(model, name)
        if nested is not None:
            found += _unions(nested)
    return found


def test_the_unions_of_the_model_are_of_true_false_and_an_object() -> None:
    """The translation drops the tags that pydantic puts in a path for the members of a union: ``bool`` and
    model names. A union with another member (``int | str``) needs its tag dropped there too."""
    unions = _unions(SelfAssessment)
    assert [name for name, _ in unions] == [
        "SelfAssessment.wellbeing_coordinator",
        "SelfAssessment.elected_official",
        "SelfAssessment.contact_person",
    ]
    for _, members in unions:
        bare = [typing.get_args(m)[0] if typing.get_origin(m) is typing.Annotated else m for m in members]
        assert all(m is bool or (isinstance(m, type) and issubclass(m, BaseModel)) for m in bare), members


def test_the_models_nest_one_level_deep() -> None:
    """A path to a field has at most two names (``contact_person.name``) and a list holds plain values:
    the translation reads paths that way (``document._walk``, and the model of an unknown field)."""
    nested = {name: nested_model(SelfAssessment, name) for name in SelfAssessment.model_fields}
    assert {name for name, model in nested.items() if model is not None} == {
        "joining_decision",
        "commitments",
        "steering_group",
        "wellbeing_coordinator",
        "elected_official",
        "contact_person",
        "wellbeing_report",
        "national_network",
    }
    for model in filter(None, nested.values()):
        assert all(nested_model(model, name) is None for name in model.model_fields), model


class _Stripped(BaseModel):
    """Text kept without the spaces around it, then checked for length: pydantic reports the length
    of such a value with the types of a list's (``too_long``, ``too_short``), not of a string's."""

    text: Annotated[StrictStr, BeforeValidator(str.strip), Field(min_length=1, max_length=5)]
    items: Annotated[list[int], Field(max_length=1)] = []


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"text": "abcdef"}, "is too long"),
        ({"text": "   "}, "is empty"),
        ({"text": "a", "items": [1, 2]}, "has too many items"),
    ],
)
def test_a_length_is_worded_for_text_or_for_a_list_whatever_checked_it(data: dict[str, Any], problem: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _Stripped.model_validate(data)
    translated = _error(caught.value, "a.yaml", {})
    assert (translated.problem, translated.expected) == (problem, None)  # no field of a self-assessment: no expectation
