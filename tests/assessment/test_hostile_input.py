"""The probes of issue 11 against self-assessment input: each a test, for the whole class of the fault."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import terve_kunta as tk
from tests.support import KUOPIO, Run, kuopio

DIGITS = 4300  # Python's limit on converting a string of digits to an int (sys.get_int_max_str_digits)


# ---------------------------------------------------------------------- a municipality that has ended


@pytest.mark.parametrize("day", ["2025-01-01", "2026-01-01", "2031-06-30", "2099-12-31"])
def test_an_ended_municipality_is_refused_after_the_newest_classification(kg: tk.KnowledgeGraph, day: str) -> None:
    """Pertunmaa (588) joined Mäntyharju in 2025: no later assessment can be of it."""
    newest = max(y for m in kg.municipalities() for y in m.classification_years)
    with pytest.raises(tk.AssessmentError) as excinfo:
        kg.validate(kuopio(municipality="Pertunmaa", assessed_on=day))
    assert excinfo.value.field == "municipality"
    assert f"Pertunmaa (588) is not in Statistics Finland's municipality classification of {newest}" in str(
        excinfo.value
    )


@pytest.mark.parametrize("day", ["2024-06-30", "2020-01-01"])
def test_an_ended_municipality_is_accepted_while_it_existed(kg: tk.KnowledgeGraph, day: str) -> None:
    assert kg.validate(kuopio(municipality="588", assessed_on=day)).organization_code == "588"


def test_a_living_municipality_is_accepted_on_any_later_day(kg: tk.KnowledgeGraph) -> None:
    assert kg.validate(kuopio(assessed_on="2099-12-31")).organization_code == "297"


# ---------------------------------------------------------------------- numbers too long for Python's int


def huge_year(kind: str) -> str:
    number = "2" + "0" * DIGITS
    if kind == "json":
        data = kuopio()
        data["wellbeing_report"] = {"annual_year": 0}
        return json.dumps(data, indent=1).replace('"annual_year": 0', f'"annual_year": {number}')
    if kind == "yaml":
        return yaml.safe_dump(kuopio(wellbeing_report={"annual_year": 0})).replace(
            "annual_year: 0", f"annual_year: {number}"
        )
    text = KUOPIO.with_suffix(".ttl").read_text(encoding="utf-8")
    return text.replace("tk:annualWellbeingReportYear 2024", f"tk:annualWellbeingReportYear {number}")


@pytest.mark.parametrize("kind", ["json", "yaml", "ttl"])
def test_a_number_of_thousands_of_digits_is_a_clear_error(kg: tk.KnowledgeGraph, tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"a.{kind}"
    text = huge_year(kind)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(tk.AssessmentError) as excinfo:
        kg.validate(path)
    message = str(excinfo.value)
    assert len(message) < 400 and "0" * 100 not in message  # the number is not repeated
    assert "set_int_max_str_digits" not in message
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "0" * DIGITS in row)
    if kind == "ttl":
        assert excinfo.value.field == "tk:annualWellbeingReportYear" and "(4301 characters) is not a year" in message
    else:
        assert excinfo.value.line == line and "a number of 4301 digits" in message


def test_the_cli_gives_exit_code_2_for_a_huge_number(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "a.json"
    path.write_text(huge_year("json"), encoding="utf-8")
    code, _, err = run("validate", str(path))
    assert code == 2 and "Traceback" not in err
    assert err.startswith(f"terve-kunta: error: {path}") and len(err.splitlines()) == 1
