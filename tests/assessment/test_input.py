"""Bad input: one clear error naming file, field, line and what was expected; never a traceback."""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import terve_kunta as tk
from terve_kunta.assessment.files import read_assessment, read_documents
from terve_kunta.assessment.from_rdf import assessments_from_graph
from terve_kunta.assessment.to_rdf import Vocabulary, assessment_graph, resolve
from tests.support import REPO, Run

KUOPIO = REPO / "examples" / "assessments" / "compliant" / "kuopio.yaml"
GOOD = KUOPIO.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "a.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(kg: tk.KnowledgeGraph, path: Path) -> tk.AssessmentError:
    with pytest.raises(tk.AssessmentError) as excinfo:
        kg.validate(path)
    return excinfo.value


@pytest.mark.parametrize(
    ("old", "new", "field", "line", "words"),
    [
        ("assessed_on: 2025-03-01", "assessed_on: 2025-02-30", "assessed_on", 5, "not a date that exists"),
        ("assessed_on: 2025-03-01", "assessed_on: 1.3.2025", "assessed_on", 5, "YYYY-MM-DD"),
        ("  date: 2024-11-18", "  date: yesterday", "joining_decision.date", 9, "YYYY-MM-DD"),
        ('municipality: "297"', 'municipality: "Atlantis"', "municipality", 4, "no Finnish municipality"),
        ('municipality: "297"', 'municipality: "999"', "municipality", 4, "code '999'"),
        ('municipality: "297"', 'municipality: "Kuopo"', "municipality", 4, "did you mean 'Kuopio'"),
        ('municipality: "297"', 'municipality: "588"', "municipality", 4, "not in Statistics Finland's"),
        (
            "technical_services]",
            "technical_servics]",
            "steering_group.sectors[2]",
            16,
            "unknown sector 'technical_servics'",
        ),
        ("technical_services]", "ngos]", "steering_group.sectors[2]", 16, "is a partner, not an administrative sector"),
        (
            "top_management_responsible: true",
            "top_management_responsible: maybe",
            "top_management_responsible",
            6,
            "true or false",
        ),
        ("  body: council ", "  body: mayor ", "joining_decision.body", 8, "council, municipal_board"),
        ("annual_year: 2024", "annual_year: '2024'", "wellbeing_report.annual_year", 22, "a year"),
        ("annual_year: 2024", "annual_year: 20245", "wellbeing_report.annual_year", 22, "too large"),
        ('"2021-2025"', '"2025-2021"', "wellbeing_report.council_term_report", 23, "not a possible council term"),
        ("resources_allocated: true", "resources_allocated: true\nbudget: 1000", "budget", 21, "unknown field"),
        ("wellbeing_coordinator: true", "wellbeing_coordinator: yes please", "wellbeing_coordinator", 17, "an object"),
        ("  hosting: true", "  hosting: [true]", "commitments.hosting", 13, "true or false"),
        (
            'municipality: "297"',
            'municipality: "297"\nwellbeing_services_county: "13"',
            "municipality",
            4,
            "exactly one",
        ),
        (
            'municipality: "297"',
            'wellbeing_services_county: "90"',
            "wellbeing_services_county",
            4,
            "no wellbeing services county",
        ),
    ],
)
def test_yaml_errors_name_field_line_and_expectation(
    kg: tk.KnowledgeGraph, tmp_path: Path, old: str, new: str, field: str, line: int, words: str
) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    error = error_of(kg, path)
    assert (error.file, error.field, error.line) == (str(path), field, line)
    assert words in str(error) and "expected" in str(error)
    assert str(error).startswith(f"{path}, line {line}, field {field}: ")


@pytest.mark.parametrize(
    ("name", "text", "words", "line"),
    [
        ("missing.yaml", None, "no such file", None),
        ("a.yaml", "municipality: [297\n", "not valid YAML", 2),
        ("a.yaml", "municipality: '297'\nmunicipality: '091'\n", "appears twice", 2),
        ("a.yaml", "", "is empty", None),
        ("a.yaml", "- 1\n- 2\n", "is a list", None),
        ("a.json", '{"municipality": "297",, }', "not valid JSON", 1),
        ("a.json", '{"municipality": "297", "municipality": "1"}', "appears twice", None),
        ("a.ttl", "<urn:a> <urn:b> .", "not valid Turtle", 1),
        ("a.ttl", "<urn:a> <urn:b> <urn:c> .", "holds no self-assessment", None),
        ("a.txt", "municipality: '297'", "unknown kind of file", None),
    ],
)
def test_unreadable_files(
    kg: tk.KnowledgeGraph, tmp_path: Path, name: str, text: str | None, words: str, line: int | None
) -> None:
    path = write(tmp_path, text, name) if text is not None else tmp_path / name
    error = error_of(kg, path)
    assert error.file == str(path) and words in str(error) and error.line == line


def test_binary_and_huge_files_are_refused(kg: tk.KnowledgeGraph, tmp_path: Path) -> None:
    binary = tmp_path / "a.yaml"
    binary.write_bytes(b"municipality: \xff\xfe\n")
    assert "not UTF-8" in str(error_of(kg, binary))
    huge = write(tmp_path, "# " + "x" * 1_100_000, "b.yaml")
    assert "bytes long" in str(error_of(kg, huge))


def test_yaml_alias_bomb_is_an_error_not_a_hang(kg: tk.KnowledgeGraph, tmp_path: Path) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    lines += ['municipality: "297"', "assessed_on: 2025-03-01", "steering_group:", "  sectors: *a8"]
    error = error_of(kg, write(tmp_path, "\n".join(lines)))
    assert error.field in ("a0", "steering_group.sectors[0]")


def test_turtle_errors_name_the_property(kg: tk.KnowledgeGraph, tmp_path: Path) -> None:
    text = (REPO / "examples" / "assessments" / "compliant" / "kuopio.ttl").read_text(encoding="utf-8")
    bad = write(
        tmp_path, text.replace("tk:topManagementResponsible true", 'tk:topManagementResponsible "yes"'), "a.ttl"
    )
    error = error_of(kg, bad)
    assert error.field == "tk:topManagementResponsible" and "'yes' is not a boolean" in str(error)
    bad = write(
        tmp_path, text.replace("tk:contactPersonNamed true", "tk:contactPersonNamed true ; tk:colour 1"), "b.ttl"
    )
    assert "unknown property" in str(error_of(kg, bad))
    bad = write(tmp_path, text.replace("<https://w3id.org/terve-kunta/id/sector/culture>", "<urn:x>"), "c.ttl")
    assert error_of(kg, bad).field == "tk:sector"
    bad = write(tmp_path, text.replace('"2025-03-01"^^xsd:date', '"2025-02-30"^^xsd:date'), "d.ttl")
    assert error_of(kg, bad).field == "assessed_on"
    bad = write(tmp_path, text.replace("/2025-03-01/joining-decision>", "/ joining-decision>"), "e.ttl")
    error = error_of(kg, bad)
    assert (
        "Invalid IRI" in str(error)
        and error.line
        == text.splitlines().index(next(line for line in text.splitlines() if "/2025-03-01/joining-decision>" in line))
        + 1
    )


def as_in_rdf(assessment: tk.SelfAssessment, code: str | None = None) -> tk.SelfAssessment:
    """RDF keeps sectors and partners as sets: sorted by IRI, without repeats."""
    group = assessment.steering_group
    update: dict[str, Any] = {"municipality": code} if code else {}
    if group is not None:
        by_iri = sorted(set(group.sectors), key=lambda s: s.replace("_", "-"))
        partners = sorted(set(group.partners), key=lambda s: s.replace("_", "-"))
        update["steering_group"] = group.model_copy(update={"sectors": by_iri, "partners": partners})
    return assessment.model_copy(update=update)


def test_yaml_json_and_turtle_read_the_same_assessment() -> None:
    kuopio = read_assessment(KUOPIO)
    assert read_assessment(KUOPIO.with_suffix(".json")) == kuopio
    assert read_assessment(KUOPIO.with_suffix(".ttl")) == as_in_rdf(kuopio)


def test_the_cli_shows_no_traceback_for_bad_input(tmp_path: Path, run: Run) -> None:
    """In-process: an error that escaped main() would fail here (the console script's own wrapper is tested apart)."""
    path = write(tmp_path, GOOD.replace("assessed_on: 2025-03-01", "assessed_on: 2025-02-30"))
    code, out, err = run("validate", str(path))
    assert code == 2 and out == ""
    assert err.strip() == (
        f"terve-kunta: error: {path}, line 5, field assessed_on: '2025-02-30' is not a date that exists; "
        "expected a date as YYYY-MM-DD"
    )


# ---------------------------------------------------------------------- property-based

KEYS = [
    "municipality",
    "wellbeing_services_county",
    "assessed_on",
    "top_management_responsible",
    "joining_decision",
    "commitments",
    "steering_group",
    "wellbeing_coordinator",
    "elected_official",
    "contact_person",
    "resources_allocated",
    "wellbeing_report",
    "inequality_reduction_all_sectors",
    "resident_participation",
    "communication_url",
    "national_network",
    "body",
    "date",
    "sectors",
    "partners",
    "name",
    "email",
    "title",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["297", "Kuopio", "13", "2025-03-01", "2025-02-30", "council", "committee", "education", "ngos"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=10,  # the schema nests three levels; a document still reaches 120 leaves
)
documents = st.dictionaries(st.sampled_from(KEYS), values, max_size=12)


def check_only_clean_errors(kg: tk.KnowledgeGraph, source: Any) -> None:
    try:
        report = kg.validate(source)
    except tk.AssessmentError as exc:
        message = str(exc)
        assert message and "\n" not in message and "Traceback" not in message
        assert exc.file
    else:
        assert len(report.criteria) == 14


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(documents)
def test_random_documents_give_reports_or_clean_errors(kg: tk.KnowledgeGraph, data: dict[str, Any]) -> None:
    check_only_clean_errors(kg, data)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(st.data())
def test_broken_yaml_and_json_files_give_clean_errors(
    kg: tk.KnowledgeGraph, tmp_path: Path, data: st.DataObject
) -> None:
    kind = data.draw(st.sampled_from(["yaml", "json", "ttl"]))
    base = {
        "yaml": GOOD,
        "json": KUOPIO.with_suffix(".json").read_text(encoding="utf-8"),
        "ttl": KUOPIO.with_suffix(".ttl").read_text(encoding="utf-8"),
    }[kind]
    start = data.draw(st.integers(min_value=0, max_value=len(base)))
    end = data.draw(st.integers(min_value=start, max_value=min(len(base), start + 20)))
    junk = data.draw(st.text(alphabet=string.printable + "äö§\u00a0", max_size=10))
    path = tmp_path / f"broken.{kind}"
    path.write_text(base[:start] + junk + base[end:], encoding="utf-8")
    check_only_clean_errors(kg, path)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(documents)
def test_random_documents_as_json_files(kg: tk.KnowledgeGraph, tmp_path: Path, data: dict[str, Any]) -> None:
    path = tmp_path / "random.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    check_only_clean_errors(kg, path)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    st.fixed_dictionaries(
        {
            "municipality": st.sampled_from(["297", "091", "Turku", "Åbo", "Helsingfors"]),
            "assessed_on": st.dates().map(str),
        },
        optional={
            "top_management_responsible": st.booleans(),
            "joining_decision": st.fixed_dictionaries(
                {"body": st.sampled_from(["council", "municipal_board", "committee"]), "date": st.dates().map(str)}
            ),
            "steering_group": st.fixed_dictionaries(
                {"sectors": st.lists(st.sampled_from(["education", "culture", "youth", "sports"]), max_size=4)}
            ),
            "contact_person": st.one_of(
                st.booleans(), st.fixed_dictionaries({"title": st.text(min_size=1, max_size=9)})
            ),
            "communication_url": st.text(min_size=1, max_size=30),
            "wellbeing_report": st.fixed_dictionaries({"annual_year": st.integers(1900, 2100)}),
        },
    )
)
def test_rdf_round_trip_keeps_the_assessment(kg: tk.KnowledgeGraph, data: dict[str, Any]) -> None:
    from terve_kunta.assessment.document import read_document_data

    try:
        doc = read_document_data(data)
        resolved = resolve(doc, Vocabulary.of(kg))
    except tk.AssessmentError:
        return  # e.g. Pertunmaa-like cases or an empty title
    (back,) = assessments_from_graph(assessment_graph([resolved]), "<graph>")
    assert back.assessment == as_in_rdf(doc.assessment, resolved.organization_code)


def test_read_documents_keeps_lines() -> None:
    (doc,) = read_documents(KUOPIO)
    assert doc.line("joining_decision.date") == 9 and doc.line("steering_group.sectors.1") == 16


# ---------------------------------------------------------------------- numbers written without quotes


def resolved_code(kg: tk.KnowledgeGraph, tmp_path: Path, key: str, written: str) -> str:
    path = write(tmp_path, f"{key}: {written}\nassessed_on: 2025-03-01\n")
    (doc,) = read_documents(path)
    return resolve(doc, Vocabulary.of(kg)).organization_code


def test_every_municipality_code_written_without_quotes_is_that_municipality(
    kg: tk.KnowledgeGraph, tmp_path: Path
) -> None:
    codes = [m.code for m in kg.municipalities(2025)]
    assert "020" in codes and "010" in codes  # YAML 1.1 would read 020 as octal 16 (Asikkala) and 010 as 8
    wrong = {code: found for code in codes if (found := resolved_code(kg, tmp_path, "municipality", code)) != code}
    assert wrong == {}


def test_every_county_code_written_without_quotes_is_that_county(kg: tk.KnowledgeGraph, tmp_path: Path) -> None:
    codes = [c.code for c in kg.wellbeing_services_counties()]
    assert "07" in codes
    wrong = {c: f for c in codes if (f := resolved_code(kg, tmp_path, "wellbeing_services_county", c)) != c}
    assert wrong == {}


@pytest.mark.parametrize("written", ["0x14", "0o20", "0b10100", "2_0", "0:20", "20.0", "2e1"])
def test_other_ways_of_writing_a_number_are_never_another_municipality(
    kg: tk.KnowledgeGraph, tmp_path: Path, written: str
) -> None:
    path = write(tmp_path, f"municipality: {written}\nassessed_on: 2025-03-01\n")
    error = error_of(kg, path)  # read as the characters written: no municipality has that name
    assert error.field == "municipality" and f"named {written!r}" in str(error), str(error)


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("annual_year: 02024", "wellbeing_report.annual_year"),
        ("annual_year: 0x7e8", "wellbeing_report.annual_year"),
        ("annual_year: 2_024", "wellbeing_report.annual_year"),
        ("annual_year: 33:44", "wellbeing_report.annual_year"),
    ],
)
def test_a_year_written_as_yaml_octal_hex_or_sexagesimal_is_refused(
    kg: tk.KnowledgeGraph, tmp_path: Path, line: str, field: str
) -> None:
    error = error_of(kg, write(tmp_path, GOOD.replace("annual_year: 2024", line)))
    assert error.field == field and "as written" in str(error), str(error)


@pytest.mark.parametrize(
    ("written", "read"),
    [("012", "012"), ("12", "12"), ("'12'", "12"), ("1.10", "1.10"), ("0x1F", "0x1F"), ("1:30", "1:30")],
)
def test_a_reference_that_looks_like_a_number_is_read_as_written(tmp_path: Path, written: str, read: str) -> None:
    path = write(tmp_path, GOOD.replace('reference: "Kvalt 18.11.2024 § 85"', f"reference: {written}"))
    decision = read_assessment(path).joining_decision
    assert decision is not None and decision.reference == read
