"""Names and e-mail addresses of people stay out of the public graph, every report and every error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import terve_kunta as tk
from terve_kunta.assessment.document import read_document_data
from terve_kunta.assessment.to_rdf import Vocabulary, assessment_graph, resolve
from terve_kunta.namespaces import SCHEMA
from terve_kunta.options import REPORT_FORMATS as FORMATS
from terve_kunta.validation.formats import render
from tests.support import EXAMPLES, Run, kuopio

NAME, EMAIL = "Maija Meikäläinen", "maija.meikalainen@example.org"
PEOPLE = {
    "wellbeing_coordinator": {"title": "hyvinvointikoordinaattori", "name": NAME, "email": EMAIL},
    "elected_official": {"name": NAME},
    "contact_person": {"email": EMAIL},
}


def personal(**changes: Any) -> dict[str, Any]:
    return kuopio(**PEOPLE, **changes)


def assert_private(text: str) -> None:
    for secret in (NAME, EMAIL, "Meikäläinen", "Meikalainen", "maija"):
        assert secret.casefold() not in text.casefold()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("changes", [{}, {"top_management_responsible": False, "communication_url": "nope"}])
def test_no_report_format_shows_personal_data(kg: tk.KnowledgeGraph, fmt: str, changes: dict[str, Any]) -> None:
    for engine in ("oxigraph", "pyshacl"):
        report = kg.validate(personal(**changes), engine=engine)
        assert report.criterion("wellbeing-coordinator").status.value == "met"
        assert_private(render([report], fmt))
        assert_private(render([report, report], fmt))
        assert_private(report.model_dump_json())
        assert_private(report.results_graph().serialize(format="nt"))


def test_the_public_graph_keeps_the_post_but_not_the_person(kg: tk.KnowledgeGraph) -> None:
    resolved = resolve(read_document_data(personal()), Vocabulary.of(kg))
    public = assessment_graph([resolved])
    assert_private(public.serialize(format="nt"))
    assert {str(t) for t in public.objects(None, SCHEMA.jobTitle)} == {"hyvinvointikoordinaattori"}
    asked = assessment_graph([resolved], include_personal=True)
    assert {str(n) for n in asked.objects(None, SCHEMA.name)} == {NAME}
    assert {str(e) for e in asked.objects(None, SCHEMA.email)} == {EMAIL}


@pytest.mark.parametrize(
    "person",
    [{"name": NAME * 40}, {"email": EMAIL * 20}, {"name": NAME, "phone": EMAIL}, {"email": [EMAIL]}],
)
def test_errors_do_not_repeat_personal_values(kg: tk.KnowledgeGraph, person: dict[str, Any]) -> None:
    with pytest.raises(tk.AssessmentError) as excinfo:
        kg.validate(kuopio(contact_person=person))
    assert excinfo.value.field is not None and excinfo.value.field.startswith("contact_person")
    assert_private(str(excinfo.value))
    assert excinfo.value.__context__ is None  # pydantic's error, which holds the values, is not kept


def test_the_cli_shows_no_personal_data(run: Run, tmp_path: Path) -> None:
    import json

    path = tmp_path / "kuopio.json"
    path.write_text(json.dumps(personal()), encoding="utf-8")
    for fmt in FORMATS:
        code, out, err = run("validate", str(path), "--format", fmt)
        assert code == 0
        assert_private(out + err)


# ---------------------------------------------------------------------- Turtle input (issue 11, item 6)

PERSON_NODE = "<https://w3id.org/terve-kunta/id/self-assessment/municipality/297/2025-03-01/contact-person>"


def turtle_with(person: str, rest: str = "") -> str:
    """kuopio.ttl whose contact person is the object ``person``, with ``rest`` added (Turtle)."""
    text = (EXAMPLES / "compliant" / "kuopio.ttl").read_text(encoding="utf-8")
    assert "tk:contactPersonNamed true ;" in text
    text = text.replace("tk:contactPersonNamed true ;", f"tk:contactPersonNamed true ; tk:contactPerson {person} ;")
    return text + "\nPREFIX schema: <https://schema.org/>\n" + rest


#: Broken Turtle around the values of personal fields: each a different parser message or reader error.
BROKEN = {
    "literal as the person": turtle_with(f'"{NAME}"'),
    "literal as the flag": turtle_with(PERSON_NODE).replace(
        "tk:contactPersonNamed true ;", f'tk:contactPersonNamed "{EMAIL}" ;'
    ),
    "two names": turtle_with(PERSON_NODE, f'{PERSON_NODE} schema:name "{NAME}", "{EMAIL}" .\n'),
    "name not a literal": turtle_with(PERSON_NODE, f"{PERSON_NODE} schema:email <mailto:{EMAIL}> .\n"),
    "unquoted name": turtle_with(PERSON_NODE, f"{PERSON_NODE} schema:name {NAME} .\n"),
    "unquoted email": turtle_with(PERSON_NODE, f"{PERSON_NODE} schema:email {EMAIL} .\n"),
    "email as a prefixed name": turtle_with(PERSON_NODE, f"{PERSON_NODE} schema:email maija:{EMAIL} .\n"),
    "two literals": turtle_with(PERSON_NODE, f'{PERSON_NODE} schema:name "{NAME}" "{EMAIL}" .\n'),
    "literal as a subject": turtle_with(PERSON_NODE, f'"{NAME}" schema:email "{EMAIL}" .\n'),
    "space in a mailto IRI": turtle_with(PERSON_NODE, f"{PERSON_NODE} schema:email <mailto:{NAME}> .\n"),
    "bad escape": turtle_with(PERSON_NODE, f'{PERSON_NODE} schema:name "{NAME} \\q {EMAIL}" .\n'),
    "bad unicode escape": turtle_with(PERSON_NODE, f'{PERSON_NODE} schema:name "\\u12{NAME}" .\n'),
    "bad language tag": turtle_with(PERSON_NODE, f'{PERSON_NODE} schema:name "{NAME}"@{EMAIL} .\n'),
    "unterminated": turtle_with(PERSON_NODE, f'{PERSON_NODE} schema:name "{NAME} .\n'),
    "too long": turtle_with(PERSON_NODE, f'{PERSON_NODE} schema:name "{NAME * 40}" .\n'),
    "long literal as a predicate": turtle_with(PERSON_NODE, f'{PERSON_NODE} """{NAME}\n{EMAIL}""" "x" .\n'),
}


@pytest.mark.parametrize("text", list(BROKEN.values()), ids=list(BROKEN))
def test_turtle_errors_do_not_repeat_personal_values(
    kg: tk.KnowledgeGraph, tmp_path: Path, capfd: pytest.CaptureFixture[str], text: str
) -> None:
    path = tmp_path / "kuopio.ttl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(tk.AssessmentError) as excinfo:
        kg.validate(path)
    error = excinfo.value
    assert_private(str(error))
    assert_private(repr(error.args) + error.problem + str(error.field) + str(error.expected))
    assert error.__context__ is None and error.__cause__ is None  # nor in an error it came from (a tool may show it)
    out, err = capfd.readouterr()  # nothing else told anyone: no log record, no warning on the terminal
    assert_private(out + err)
    assert error.line is not None or error.field is not None  # it still says where


def test_ill_typed_personal_values_are_not_logged(
    kg: tk.KnowledgeGraph, tmp_path: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """rdflib logs a literal it cannot convert, with its text: not while an assessment is read."""
    path = tmp_path / "kuopio.ttl"
    rest = f'{PERSON_NODE} schema:name "{NAME}"^^xsd:date ; schema:email "{EMAIL}"^^xsd:integer .\n'
    path.write_text(turtle_with(PERSON_NODE, rest), encoding="utf-8")
    with caplog.at_level("DEBUG"):
        assert kg.validate(path).criterion("contact-person").status == tk.Status.MET
    out, err = capfd.readouterr()
    assert_private(out + err + caplog.text)


def test_turtle_errors_say_where_and_what(kg: tk.KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "kuopio.ttl"
    path.write_text(BROKEN["unquoted email"], encoding="utf-8")
    line = BROKEN["unquoted email"].splitlines().index(f"{PERSON_NODE} schema:email {EMAIL} .") + 1
    with pytest.raises(tk.AssessmentError) as excinfo:
        kg.validate(path)
    assert excinfo.value.line == line
    assert "not a valid RDF object" in str(excinfo.value) and "columns" in str(excinfo.value)
    path.write_text(BROKEN["literal as the person"], encoding="utf-8")
    with pytest.raises(tk.AssessmentError, match=r"tk:contactPerson: .*: the value is a literal; expected a node$"):
        kg.validate(path)


def test_values_that_are_not_personal_are_still_shown(kg: tk.KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "kuopio.ttl"
    text = (EXAMPLES / "compliant" / "kuopio.ttl").read_text(encoding="utf-8")
    path.write_text(text.replace("tk:resourcesAllocated true", 'tk:resourcesAllocated "kyllä"'), encoding="utf-8")
    with pytest.raises(tk.AssessmentError, match="'kyllä' is not a boolean"):
        kg.validate(path)


def test_every_personal_field_is_declared_so() -> None:
    """Which fields are personal is read from the declarations: a name or e-mail anywhere is one."""
    from terve_kunta.assessment.from_rdf import PRIVATE_PROPERTIES
    from terve_kunta.assessment.model import PERSONAL_FIELDS

    assert {"name", "email"} == PERSONAL_FIELDS
    assert {SCHEMA.name, SCHEMA.email, tk.TK.contactPerson, tk.TK.contactPersonNamed} <= PRIVATE_PROPERTIES
    assert SCHEMA.jobTitle not in PRIVATE_PROPERTIES and tk.TK.resourcesAllocated not in PRIVATE_PROPERTIES


@pytest.mark.parametrize(
    "value",
    [f"!{EMAIL}", f"*{NAME}*", f'"{NAME} \\q"', f"{NAME}: {EMAIL}", f"[{NAME}", f"{{{EMAIL}"],
    ids=["tag", "alias", "escape", "colon", "bracket", "brace"],
)
@pytest.mark.parametrize("loader", ["libyaml", "python"])
def test_yaml_errors_do_not_repeat_personal_values(
    kg: tk.KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, loader: str
) -> None:
    import yaml

    if loader == "python":  # PyYAML's own parser words its errors differently from libyaml's
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    path = tmp_path / "kuopio.yaml"
    path.write_text(
        f'municipality: "297"\nassessed_on: 2025-03-01\ncontact_person:\n  name: {value}\n', encoding="utf-8"
    )
    with pytest.raises(tk.AssessmentError) as excinfo:
        kg.validate(path)
    assert_private(str(excinfo.value))
    assert excinfo.value.line is not None or excinfo.value.field is not None
    assert excinfo.value.__context__ is None


def test_a_parser_reason_without_a_place_loses_its_quotes_too() -> None:
    from terve_kunta.assessment._redact import turtle_reason

    reason = turtle_reason(f"the text '{NAME}' cannot be read", f'<urn:p> <urn:n> "{NAME}" .')
    assert reason == "the text … cannot be read"
    assert len(turtle_reason("x" * 1000, "")) == 200
