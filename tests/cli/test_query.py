"""The query command: named queries, .rq files and text, parameters, errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.support import Run


def test_query_named_file_and_text(run: Run, tmp_path: Path) -> None:
    code, out, _ = run("query", "members-by-region", "--param", "region_code=11", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["code"] for r in rows] == ["140", "297", "13", "749"]
    query = tmp_path / "count.rq"
    query.write_text("SELECT (COUNT(?r) AS ?n) WHERE { ?r a tk:Region }", encoding="utf-8")
    code, out, _ = run("query", str(query), "--format", "json")
    assert code == 0 and json.loads(out) == [{"n": 19}]
    code, out, _ = run("query", "ASK { ?m dct:identifier ?c }", "--param", "c=297")
    assert code == 0 and out == "true\n"
    code, out, _ = run("query", "--list")
    assert code == 0 and "    --param since=...  (xsd:date)" in out
    # descriptions are whole sentences, not cut at the first line of the file's comment
    assert "each with the group it belongs to, in the order of the source" in " ".join(out.split())


def test_an_update_is_refused_in_the_words_of_the_cli(run: Run) -> None:
    code, _, err = run("query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert code == 2 and "terve-kunta member add" in err and "KnowledgeGraph" not in err
    code, _, err = run("query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "--lang", "fi")
    assert err.startswith("terve-kunta: virhe: tämä on SPARQL-päivitys")


def test_query_errors_exit_2(run: Run) -> None:
    code, _, err = run("query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert code == 2 and "SERVICE" in err and "refused" in err
    code, _, err = run("query", "membership-changes", "--param", "since=yesterday")
    assert code == 2 and "expected a date as YYYY-MM-DD, got 'yesterday'" in err
    code, _, err = run("members", "--store", "ftp://example.org/")
    assert code == 2 and "unknown store 'ftp://example.org/'" in err


def test_long_inline_text_is_a_query_not_a_file_name(run: Run) -> None:
    text = "SELECT (COUNT(?r) AS ?n) WHERE { ?r a tk:Region } " + "#" * 300
    code, out, err = run("query", text, "--format", "json")
    assert code == 0 and json.loads(out) == [{"n": 19}] and "Traceback" not in err


def test_query_text_errors_are_one_line_and_exit_2(run: Run, tmp_path: Path) -> None:
    latin = tmp_path / "latin1.rq"
    latin.write_bytes("SELECT * WHERE { ?s ?p 'ä' }".encode("latin-1"))
    for argv, message in (
        (["   # only a comment"], "the SPARQL query is empty"),
        (["SELECT * WHERE { ?s ?p '\\uDC80' }"], "not a Unicode character"),
        (["SELECT ?v WHERE { }", "--param", "v=a\udc80"], "lone surrogate"),
        (["SELECT * WHERE { }", "--param", "a b=1"], "not a SPARQL variable name"),
        (["SELECT * WHERE { }", "--timeout", "0"], "--timeout: expected a number of seconds above 0"),
        ([str(latin)], "not UTF-8 text"),
    ):
        code, _, err = run("query", *argv)
        assert code == 2 and message in err and len(err.strip().splitlines()) == 1, (argv, err)


def test_query_timeout_is_an_error_line(run: Run) -> None:
    code, _, err = run("query", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--timeout", "0.5")
    assert code == 2 and "time limit of 0.5 s" in err
