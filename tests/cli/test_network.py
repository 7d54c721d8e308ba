"""The terve-kunta command: formats, exit codes, errors on stderr."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, BNode, Graph, Literal, URIRef

from terve_kunta.cli import main
from terve_kunta.namespaces import SH
from tests.support import Run


def test_members_csv_has_all_52(run: Run) -> None:
    code, out, _ = run("members", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 52
    assert {r["code"] for r in rows if r["who_designated"] == "true"} == {"091", "297", "853"}
    assert rows[0].keys() >= {"code", "kind", "name_fi", "name_sv", "region_code", "wellbeing_services_county_code"}


def test_members_json_is_the_models(run: Run) -> None:
    code, out, _ = run("members", "--format", "json", "--kind", "municipality")
    data = json.loads(out)
    assert code == 0 and len(data) == 50
    turku = next(m for m in data if m["code"] == "853")
    assert turku["names"]["sv"] == "Åbo" and turku["who_designated"] is True
    assert turku["iri"] == "https://w3id.org/terve-kunta/id/municipality/853"


def test_members_table(run: Run) -> None:
    code, out, err = run("members", "--kind", "wellbeing_services_county", "--lang", "fi")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["Koodi", "Nimi", "Laji", "Maakunta", "Hyvinvointialue", "WHO"]
    assert set(lines[1]) <= {"-", " "} and out.endswith("\n")
    assert len(lines) == 4 and "Kainuun hyvinvointialue" in out and " hyvinvointialue " in out
    assert err == "2 jäsentä\n"


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", ["Code", "municipality", "yes", "52 members"]), ("sv", ["Kod", "kommun", "Åbo", "52 medlemmar"])],
)
def test_members_table_speaks_the_asked_language(run: Run, lang: str, words: list[str]) -> None:
    code, out, err = run("members", "--lang", lang, "--as-of", "2024-06-30")
    assert code == 0 and all(word in out + err for word in words), (out, err)
    assert "wellbeing_services_county" not in out and "true" not in out  # words, not identifiers


@pytest.mark.parametrize("columns", [80, 120])
def test_tables_fit_the_terminal(run: Run, monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    for argv in (["members"], ["query", "criteria-by-group"], ["member", "history", "297"]):
        code, out, _ = run(*argv)
        assert code == 0 and out.endswith("\n")
        assert max(len(line) for line in out.splitlines()) <= columns, argv
    code, out, _ = run("query", "criteria-by-group")
    assert "…" in out  # shortened; csv and json keep every value whole
    code, out, _ = run("query", "criteria-by-group", "--format", "csv")
    assert "…" not in out and max(len(line) for line in out.splitlines()) > columns


def test_a_pipe_gets_the_table_whole(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    code, out, _ = run("query", "criteria-by-group")
    assert code == 0 and "…" not in out


def test_counts_say_one_row_and_many_rows(run: Run) -> None:
    _, out, err = run("query", "SELECT ?x WHERE { VALUES ?x { 1 } }")
    assert err == "1 row\n" and out.endswith("1\n")
    _, _, err = run("query", "SELECT ?x WHERE { VALUES ?x { 1 2 } }", "--lang", "sv")
    assert err == "2 rader\n"


def test_members_as_of_before_the_sources_is_empty(run: Run) -> None:
    code, out, _ = run("members", "--as-of", "1999-12-31", "--format", "csv")
    assert code == 0 and out.splitlines()[1:] == []


def test_members_table_says_how_many_more_might_have_been_members(run: Run) -> None:
    code, out, err = run("members", "--as-of", "2010-01-01")
    assert code == 0 and len(out.splitlines()) == 2 + 2  # Kuopio (2000) and Haapavesi (2008)
    assert err == "2 members on 2010-01-01; 48 more might have been members (attested only later, start unknown)\n"
    _, _, err = run("members", "--as-of", "2024-06-30", "--kind", "municipality")
    assert err == "50 members on 2024-06-30\n"


def test_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(["members", "--as-of", "2024-02-30"])
    assert excinfo.value.code == 2
    assert "--as-of: expected a date that exists (YYYY-MM-DD), got '2024-02-30'" in capsys.readouterr().err


def test_info_counts(run: Run) -> None:
    code, out, _ = run("info", "--format", "json")
    info = json.loads(out)
    assert code == 0
    assert (info["members"], info["member_municipalities"], info["member_wellbeing_services_counties"]) == (52, 50, 2)
    assert (info["municipalities_2024"], info["municipalities_2025"], info["criteria"]) == (309, 308, 14)
    assert info["ontology"] == "0.2.0" and info["who_designated_members"] == 3


def test_info_labels_are_words(run: Run) -> None:
    code, out, _ = run("info")
    assert code == 0 and "joining criteria" in out and "UN SDG goals" in out and "_" not in out.split("  ")[0]
    code, out, _ = run("info", "--lang", "fi")
    assert code == 0 and "liittymiskriteerejä" in out and "Terve Kunta -verkosto" in out


@pytest.mark.xdist_group("integrity-of-kg")  # the session graph's integrity report (3 s), made once
def test_check_summarises_and_keeps_the_w3c_report_behind_turtle(run: Run) -> None:
    code, out, _ = run("check", "--lang", "fi")
    assert code == 0 and out.startswith("Graafi täyttää eheyssäännöt") and "Conforms" not in out
    code, out, _ = run("check", "--format", "turtle")
    graph = Graph().parse(data=out, format="turtle")
    assert code == 0 and (None, SH.conforms, Literal(True)) in graph
    code, out, _ = run("check", "--quiet")
    assert code == 0 and out == ""


def test_a_failing_check_says_what_failed_where_and_how_many() -> None:
    from terve_kunta.cli._words import summarise_integrity
    from terve_kunta.data.integrity import IntegrityReport

    results = Graph()
    report = BNode()
    results.add((report, RDF.type, SH.ValidationReport))
    for index, (shape, focus) in enumerate([("A", n) for n in "pqrs"] + [("B", "t")]):
        node = BNode()
        results.add((report, SH.result, node))
        results.add((node, RDF.type, SH.ValidationResult))
        results.add((node, SH.focusNode, URIRef(f"urn:{focus}")))
        results.add((node, SH.sourceShape, URIRef(f"urn:shapes#{shape}")))
        results.add((node, SH.resultSeverity, SH.Violation))
        results.add((node, SH.sourceConstraintComponent, SH.MinCountConstraintComponent))
        results.add((node, SH.resultPath, URIRef("urn:p#label")))
        results.add((node, SH.resultMessage, Literal(f"message {shape}", lang="en")))
        del index
    text = summarise_integrity(IntegrityReport(conforms=False, text="raw", results=results), 9, "en")
    lines = text.splitlines()
    assert lines[0] == "The graph does not conform to its integrity shapes: 5 problems, from 2 shapes."
    assert lines[1] == "    4 × message A (A, label; Violation)"
    assert lines[2] == "        where: urn:p, urn:q, urn:r and 1 more"
    assert lines[3] == "    1 × message B (B, label; Violation)" and lines[4] == "        where: urn:t"
    assert "check --format turtle" in lines[-1] and "raw" not in text


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(["--version"])
    assert excinfo.value.code == 0 and capsys.readouterr().out == "terve-kunta 0.1.0 (ontology 0.2.0)\n"


def test_every_line_and_word_has_fi_sv_and_en_with_the_same_fields() -> None:
    import string

    from terve_kunta.cli._i18n import LINES
    from terve_kunta.cli._words import COLUMN_TITLES, INFO_LABELS, KIND_NAMES

    for table in (LINES, COLUMN_TITLES, INFO_LABELS, KIND_NAMES):
        for key, templates in table.items():
            assert set(templates) == {"fi", "sv", "en"} and all(templates.values()), key
            fields = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in templates.values()]
            assert fields[0] == fields[1] == fields[2], key


def test_console_script_and_module_run_as_processes() -> None:
    beside = Path(sys.executable).with_name("terve-kunta")
    script = str(beside) if beside.exists() else shutil.which("terve-kunta")
    assert script, "the console script is not installed"
    for command in ([script], [sys.executable, "-m", "terve_kunta"]):
        result = subprocess.run([*command, "members", "--format", "csv"], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        assert len(result.stdout.splitlines()) == 53
    result = subprocess.run([script, "nonsense"], capture_output=True, text=True, check=False)
    assert result.returncode == 2 and "invalid choice" in result.stderr and result.stdout == ""


def test_the_language_can_come_from_the_environment(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERVE_KUNTA_LANG", "sv")
    code, out, err = run("members", "--kind", "wellbeing_services_county")
    assert code == 0 and out.startswith("Kod") and err == "2 medlemmar\n"
    code, out, _ = run("members", "--kind", "wellbeing_services_county", "--lang", "en")
    assert out.startswith("Code")
