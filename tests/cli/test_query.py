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
    assert code == 0 and "membership-changes  since=xsd:date until=xsd:date" in out


def test_query_errors_exit_2(run: Run) -> None:
    code, _, err = run("query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert code == 2 and "SERVICE" in err and "refused" in err
    code, _, err = run("query", "membership-changes", "--param", "since=yesterday")
    assert code == 2 and "expected a date as YYYY-MM-DD, got 'yesterday'" in err
    code, _, err = run("members", "--store", "ftp://example.org/")
    assert code == 2 and "unknown store 'ftp://example.org/'" in err
