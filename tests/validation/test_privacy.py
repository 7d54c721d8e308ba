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
from tests.support import Run, kuopio

NAME, EMAIL = "Maija Meikäläinen", "maija.meikalainen@example.org"
PEOPLE = {
    "wellbeing_coordinator": {"title": "hyvinvointikoordinaattori", "name": NAME, "email": EMAIL},
    "elected_official": {"name": NAME},
    "contact_person": {"email": EMAIL},
}


def personal(**changes: Any) -> dict[str, Any]:
    return kuopio(**PEOPLE, **changes)


def assert_private(text: str) -> None:
    for secret in (NAME, EMAIL, "Meikäläinen", "maija"):
        assert secret not in text


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


def test_the_cli_shows_no_personal_data(run: Run, tmp_path: Path) -> None:
    import json

    path = tmp_path / "kuopio.json"
    path.write_text(json.dumps(personal()), encoding="utf-8")
    for fmt in FORMATS:
        code, out, err = run("validate", str(path), "--format", fmt)
        assert code == 0
        assert_private(out + err)
