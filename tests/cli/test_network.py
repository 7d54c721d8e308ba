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

from terve_kunta.cli import main
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
    code, out, err = run("members", "--kind", "wellbeing_services_county")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("code") and set(lines[1]) <= {"-", " "}
    assert len(lines) == 4 and "Kainuun hyvinvointialue" in out and err == "2 members\n"


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


def test_check_passes(run: Run) -> None:
    code, out, _ = run("check")
    assert code == 0 and "Conforms: True" in out


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
