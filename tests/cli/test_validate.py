"""terve-kunta validate: formats, languages, exit codes, batches, progress bar, no personal data."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from terve_kunta.cli.validate import ProgressBar
from tests.support import COUNTY, CRITERIA_SLUGS, EXAMPLES, FAILING, KUOPIO, LANGS, Run, expected


@pytest.fixture
def validate(run: Run) -> Run:
    """``validate(*argv)``: run ``terve-kunta validate`` in this process."""
    return lambda *argv: run("validate", *argv)


@pytest.mark.parametrize("lang", LANGS)
def test_compliant_file_exits_0(validate: Run, lang: str) -> None:
    code, out, err = validate(str(KUOPIO), "--lang", lang)
    assert code == 0 and err == ""
    first = {
        "fi": "Kuopio (297), itsearviointi 2025-03-01: täyttää kriteerit",
        "sv": "Kuopio (297), självutvärdering 2025-03-01: uppfyller kriterierna",
        "en": "Kuopio (297), self-assessment 2025-03-01: conforms",
    }[lang]
    assert out.splitlines()[0] == first
    assert len(out.splitlines()) == (17 if lang == "sv" else 16)  # Swedish says once that the criteria are Finnish
    assert "top-management-responsibility" not in out  # criteria are named by their labels
    if lang == "sv":
        assert out.splitlines()[-1] == "Källorna anger inte kriterierna på svenska: de visas på finska."
        assert "Hyvinvoinnin ja terveyden edistämisen vastuu kuuluu kunnassa ylimmälle johdolle." in out


@pytest.mark.parametrize("path", FAILING, ids=[p.stem for p in FAILING])
@pytest.mark.parametrize("lang", LANGS)
def test_failing_file_json(validate: Run, path: Path, lang: str) -> None:
    slug, status = expected(path)
    code, out, _ = validate(str(path), "--format", "json", "--lang", lang)
    data = json.loads(out)
    assert code == 1 and set(data) == {"file", "organization", "assessed_on", "conforms", "criteria"}
    assert data["conforms"] is False and data["file"] == str(path)
    assert data["organization"]["code"] in ("297", "13") and data["assessed_on"] in ("2025-03-01", "2025-05-15")
    assert [c["id"] for c in data["criteria"]] == CRITERIA_SLUGS
    assert {c["id"]: c["status"] for c in data["criteria"]} == {
        s: status if s == slug else "met" for s in CRITERIA_SLUGS
    }
    for criterion in data["criteria"]:
        assert {"id", "label", "status", "message"} <= set(criterion) and criterion["message"] and criterion["label"]
        assert set(criterion) - {"id", "label", "status", "message"} <= {"value", "value_label"}


def test_json_for_several_files_is_a_list_with_file(validate: Run) -> None:
    code, out, _ = validate(str(KUOPIO), str(COUNTY), "--format", "json", "--lang", "sv")
    data = json.loads(out)
    assert code == 0 and [d["file"] for d in data] == [str(KUOPIO), str(COUNTY)]
    assert all(set(d) == {"file", "organization", "assessed_on", "conforms", "criteria"} for d in data)
    assert all(d["conforms"] for d in data) and data[1]["organization"]["name"] == "Pohjois-Savon hyvinvointialue"
    assert data[0]["criteria"][0]["message"] == "Uppfylls."


def test_a_folder_gives_a_summary_table(validate: Run) -> None:
    code, out, err = validate(str(EXAMPLES / "failing"), "--lang", "fi")
    lines = out.splitlines()
    assert code == 1 and err == ""
    assert lines[0] == f"Tiedostot kansiossa {EXAMPLES / 'failing'}"
    assert lines[2].split()[:4] == ["Tiedosto", "Arvioitu", "Päivä", "1"] and lines[2].split()[-1] == "14"
    rows = lines[4 : 4 + len(FAILING)]
    assert [row.split()[0] for row in rows] == [p.name for p in FAILING]  # each row names its file
    assert all(row.count("✗") + row.count("?") == 1 and row.count("✓") == 13 for row in rows)
    assert "0/16 arviointia täyttää kriteerit" in out
    assert "14: Kunta osallistuu kansallisen verkoston järjestämiin seminaareihin ja kokouksiin." in out


def test_markdown(validate: Run) -> None:
    path = EXAMPLES / "failing" / "joining-decision--not_met--committee.yaml"
    code, out, _ = validate(str(path), "--format", "markdown")
    assert code == 1 and out.startswith("## Kuopio (297), self-assessment 2025-03-01: does not conform")
    assert (
        "| 2 | Joining the network is decided by the municipal council, or at least by the municipal board. "
        "| ✗ not met | The joining decision was not made by the council or the municipal board. (value: `committee`) |"
    ) in out
    code, out, _ = validate(str(path), "--format", "markdown", "--lang", "fi")
    assert "(arvo: `lautakunta`)" in out  # values are named by their labels
    code, out, _ = validate(str(EXAMPLES / "compliant"), "--format", "markdown")
    assert code == 0 and out.startswith(f"Files in {EXAMPLES / 'compliant'}\n\n| File | Assessed | Date | 1 |")
    assert "| kuopio.ttl | Kuopio (297) |" in out and "4/4 assessments conform" in out


def test_turtle_is_the_w3c_results_graph(validate: Run) -> None:
    path = EXAMPLES / "failing" / "health-promotion-communication--not_met--not-http.yaml"
    code, out, _ = validate(str(path), "--format", "turtle")
    graph = Graph().parse(data=out, format="turtle")
    values = {str(v) for v in graph.objects(None, graph.namespace_manager.expand_curie("sh:value"))}
    assert code == 1 and values == {"www.kuopio.fi/hyvinvointi"}
    code, out, _ = validate(str(KUOPIO), str(COUNTY), "--format", "turtle")
    graph = Graph().parse(data=out, format="turtle")
    files = {str(f) for f in graph.objects(None, graph.namespace_manager.expand_curie("dct:source"))}
    assert code == 0 and files == {str(KUOPIO), str(COUNTY)}  # every report names its file


def test_pyshacl_engine_gives_the_same_output(validate: Run) -> None:
    outputs = {
        validate(str(EXAMPLES / "failing"), "--format", "json", "--engine", e)[1] for e in ("oxigraph", "pyshacl")
    }
    assert len(outputs) == 1


def test_unusable_input_exits_2_and_the_rest_is_still_reported(validate: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("municipality: Xyzzyq\nassessed_on: 2025-03-01\n", encoding="utf-8")
    code, out, err = validate(str(bad), str(KUOPIO), "--format", "json")
    message = (
        f"{bad}, line 1, field municipality: no Finnish municipality is named 'Xyzzyq'; "
        'expected a Statistics Finland municipality code (e.g. "297") or a Finnish or Swedish municipality name'
    )
    data = json.loads(out)
    assert code == 2 and [d["file"] for d in data] == [str(bad), str(KUOPIO)]  # in the order given
    assert data[0] == {"file": str(bad), "error": message} and data[1]["conforms"] is True
    assert err.splitlines() == [f"terve-kunta: error: {message}"]
    code, out, err = validate(str(bad), str(KUOPIO), "--lang", "fi")
    assert err.splitlines() == [
        f"terve-kunta: virhe: {bad}, rivi 1, kenttä municipality: yhdenkään Suomen kunnan nimi ei ole 'Xyzzyq'; "
        'odotettiin: Tilastokeskuksen kuntakoodi (esim. "297") tai kunnan suomen- tai ruotsinkielinen nimi'
    ]
    code, out, err = validate(str(tmp_path / "empty-folder"))
    assert code == 2 and out == "" and "no such file" in err
    (tmp_path / "empty").mkdir()
    code, out, err = validate(str(tmp_path / "empty"))
    assert code == 2 and out == "" and "holds no self-assessment files" in err


def test_progress_bar_draws_only_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    bar = ProgressBar(stream, label="tarkistetaan", width=10)
    for done in range(0, 11):
        bar(done, 10)
    bar.close()
    assert "tarkistetaan [##########] 100%" in stream.getvalue() and stream.getvalue().endswith("\r")
    quiet = io.StringIO()
    ProgressBar(quiet)(5, 10)
    assert quiet.getvalue() == ""


def test_console_script_validates(tmp_path: Path) -> None:
    beside = Path(sys.executable).with_name("terve-kunta")
    script = str(beside) if beside.exists() else shutil.which("terve-kunta")
    assert script
    result = subprocess.run(
        [script, "validate", str(KUOPIO), "--lang", "fi"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and "täyttää kriteerit" in result.stdout
