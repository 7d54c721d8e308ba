"""Every code example of the README and the docs runs, and the Sphinx site builds without warnings.

Python examples are doctests (run here, from the repository's folder, where the pages' paths
point). Commands are shown with the ``terve-kunta-run`` directive, which runs them when the site
is built and fails the build on an unexpected exit code; a test checks that no page shows a
``terve-kunta`` command, a SPARQL query or a file any other way, so nothing shown goes unrun. The
analysts' notebook is executed by ``tests/test_examples.py``; here its saved outputs are checked.
"""

from __future__ import annotations

import doctest
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import terve_kunta as tk
from tests.support import REPO

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
DOCS = REPO / "docs"
PAGES = sorted(
    p
    for p in [*DOCS.rglob("*.rst"), *DOCS.rglob("*.md")]
    if not {"_build", "_generated", "_ext"} & set(p.relative_to(DOCS).parts)
)
#: Static console blocks may only install (these need the network or change the machine).
INSTALL = re.compile(r"^\$ (python3 -m venv|py -m venv|\.venv[/\\]|source \.venv|pip install|sphinx-build)")
_FENCE = re.compile(r"^(```+|:::+)\s*\{?([\w-]*)\}?[^\n]*$")
_RST_BLOCK = re.compile(r"^(\s*)\.\. (code-block|sourcecode|code)::\s*(\S*)\s*$")


def code_blocks(path: Path) -> list[tuple[int, str, str]]:
    """The static code blocks of a page: (line, language, text)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[tuple[int, str, str]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line) if path.suffix == ".md" else None
        rst = _RST_BLOCK.match(line) if path.suffix == ".rst" else None
        if fence is not None and fence.group(2) and not line.lstrip("`:").startswith("{"):
            end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith(fence.group(1)))
            blocks.append((i + 1, fence.group(2), "\n".join(lines[i + 1 : end])))
            i = end
        elif rst is not None:
            indent = len(rst.group(1))
            body = []
            j = i + 1
            while j < len(lines) and (not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip()) > indent):
                body.append(lines[j])
                j += 1
            blocks.append((i + 1, rst.group(3) or "text", "\n".join(body)))
            i = j - 1
        i += 1
    return blocks


def html_text(page: str) -> str:
    """What a page shows: its HTML without tags (code is split into highlighted spans)."""
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_the_pages_are_found() -> None:
    names = {p.relative_to(DOCS).as_posix() for p in PAGES}
    assert {"index.rst", "fi/tarkista-itsearviointi.md", "en/check-your-self-assessment.md", "queries.rst"} <= names


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_no_example_is_shown_without_being_run(path: Path) -> None:
    """Python is a doctest; a command, query or file is shown by a directive that runs or reads it."""
    unrun = []
    for line, language, text in code_blocks(path):
        if language in ("python", "pycon") and ">>>" not in text:
            unrun.append(f"line {line}: a Python block that is not a doctest")
        elif language in ("console", "bash", "shell", "sh", "text", "ps1con", "doscon"):
            commands = [c.strip() for c in text.splitlines() if c.strip().startswith("$")]
            unrun += [f"line {line}: {c}" for c in commands if not INSTALL.match(c)]
        elif language in ("sparql", "yaml", "json", "turtle", "ttl"):
            unrun.append(f"line {line}: a {language} block (run it: a doctest, terve-kunta-run or literalinclude)")
    assert not unrun, f"{path.name}: examples that no test runs: {unrun}"


def test_the_block_finder_finds_unrun_examples(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("```python\nprint(1)\n```\n\n```console\n$ terve-kunta info\n```\n", encoding="utf-8")
    assert [(lang, text) for _, lang, text in code_blocks(page)] == [
        ("python", "print(1)"),
        ("console", "$ terve-kunta info"),
    ]
    rst = tmp_path / "page.rst"
    rst.write_text("Title\n\n.. code-block:: sparql\n\n   SELECT * {}\n\nText.\n", encoding="utf-8")
    assert [(lang, text.strip()) for _, lang, text in code_blocks(rst)] == [("sparql", "SELECT * {}")]


@pytest.mark.parametrize("path", [REPO / "README.md", *PAGES], ids=lambda p: p.relative_to(REPO).as_posix())
def test_examples_in_text_files_run(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # the pages' paths (examples/...) are the repository's
    result = doctest.testfile(str(path), module_relative=False, optionflags=FLAGS, encoding="utf-8")
    assert result.failed == 0
    has_python = any(lang in ("python", "pycon") for _, lang, _ in code_blocks(path)) or path.name == "README.md"
    assert (result.attempted > 0) == has_python


def test_the_notebook_keeps_its_outputs() -> None:
    notebook = json.loads((REPO / "examples" / "network-analysis.ipynb").read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert code and all(c["outputs"] for c in code), "run the notebook and save it with its outputs"
    outputs = [o for c in code for o in c["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"]
    pictures = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(pictures) >= 2
    source = "".join("".join(c["source"]) for c in code)
    assert all(word in source for word in ("set_title", "legend", "set_xlabel"))


@pytest.mark.slow
def test_sphinx_builds_without_warnings(tmp_path: Path, kg: tk.KnowledgeGraph) -> None:
    """One build (seconds of CPU), then what the generated pages must hold."""
    out = tmp_path / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", str(DOCS), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    html = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.html")}

    from terve_kunta.cli.main import build_parser

    sys.path.insert(0, str(DOCS / "_ext"))
    from tkdocs.cli import leaves

    for path, _ in leaves(build_parser()):
        assert f'id="cli-{"-".join(path)}"' in html["cli.html"], path
    for name in tk.__all__:
        if not name.startswith("__"):
            assert f'id="terve_kunta.{name}"' in html["api.html"], name
    assert "rdflib.namespace" not in html["api.html"]
    for criterion in kg.criteria():
        assert criterion.slug in html["criteria.html"] and criterion.texts["fi"][:40] in html["criteria.html"]
        assert criterion.group_labels["fi"] in html["criteria.html"]
    for term in ("tk:Theme", "tk:assessedOrganization", "tk:criterion"):
        assert term in html["ontology.html"]
    assert "keskushallinto" in html["schemes.html"] and "uppfylls inte" in html["schemes.html"]
    images = {p.name for p in (out / "_images").iterdir()}
    for picture in ("tile-map-en", "county-bars-en", "themes-en", "compliance-heatmap-fi", "membership-over-time-en"):
        assert f"{picture}.png" in images, picture
    finnish = html["fi/tarkista-itsearviointi.html"]
    assert re.search(r'<html[^>]* lang="fi"', finnish) and "täyttää kriteerit" in finnish
    text = html_text(finnish)
    assert "$ terve-kunta validate oma-kunta.yaml --lang fi" in text and "14/14" in text
    # offline: no page loads a script, style sheet, font or picture from elsewhere
    remote = re.compile(r"""<(?:script|img|link)[^>]+(?:src|href)=["']https?://""")
    assert not [name for name, text in html.items() if remote.search(text)]
    assert "<img" in html["analysts.html"]  # the notebook with its saved pictures


# The extensions that generate pages from the code and the Turtle (docs/_ext/tkdocs).

sys.path.insert(0, str(DOCS / "_ext"))


@pytest.fixture
def on_session_graph(kg: tk.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    """The extensions draw pictures and run commands on the session's packaged graph.

    A build loads the packaged graph once (``tkdocs.common.graph``) and only reads it; these
    tests read the same graph, already loaded for the session, instead of a second copy.
    """
    from tkdocs import figures, run

    monkeypatch.setattr(figures, "graph", lambda: kg)
    monkeypatch.setattr(run, "graph", lambda: kg)


def test_shape_paths_map_to_the_keys_of_the_file() -> None:
    from rdflib.namespace import DCTERMS, ORG
    from tkdocs.criteria import key_of_path

    from terve_kunta.namespaces import TK

    assert key_of_path([TK.joiningDecision, DCTERMS.date]) == "joining_decision.date"
    assert key_of_path([DCTERMS.date]) == "assessed_on"
    assert key_of_path([TK.steeringGroup, ORG.hasMember, TK.sector]) == "steering_group.sectors"
    assert key_of_path([TK.contactPersonNamed]) == "contact_person"
    assert key_of_path([TK.committedToHosting]) == "commitments.hosting"
    assert key_of_path([TK.annualWellbeingReportYear]) == "wellbeing_report.annual_year"
    assert key_of_path([ORG.hasMember]) is None


def test_every_criteria_shape_names_keys_that_the_file_has() -> None:
    from tkdocs.criteria import evidence_keys

    from terve_kunta.assessment.model import SelfAssessment, declared_fields, nested_model
    from terve_kunta.validation.shapes import criteria_shapes

    def keys(model: type, prefix: str = "") -> set[str]:
        found = set()
        for name in declared_fields(model):
            found.add(prefix + name)
            nested = nested_model(model, name)
            if nested is not None:
                found |= keys(nested, f"{prefix}{name}.")
        return found

    known = keys(SelfAssessment)
    shapes = criteria_shapes()
    from rdflib import URIRef

    for iri in shapes.shapes:
        found = evidence_keys(shapes.graph, URIRef(iri))
        assert found and set(found) <= known, (iri, found)
    report_year = evidence_keys(shapes.graph, URIRef(next(i for i in shapes.shapes if i.endswith("Recent"))))
    assert set(report_year) == {"wellbeing_report.annual_year", "assessed_on"}


def test_the_cli_reference_has_every_command_and_the_shared_options_once() -> None:
    from tkdocs.cli import leaves, reference

    from terve_kunta.cli.main import build_parser

    text = reference(build_parser())
    commands = [" ".join(path) for path, _ in leaves(build_parser())]
    assert {"validate", "member add", "member history", "query", "serve"} <= set(commands)
    for command in commands:
        assert f"``terve-kunta {command}``" in text
    assert text.count("``--registry`` ``FILE``") == 1 and "Options of every command" in text


def test_the_api_reference_is_the_public_api_and_what_it_returns() -> None:
    from tkdocs.api import reference, returned_classes

    text = reference()
    for name in tk.__all__:
        assert f"terve_kunta.{name}" in text, name
    returned = {c.__name__ for c in returned_classes([getattr(tk, n) for n in ("KnowledgeGraph", "ComplianceReport")])}
    assert {"Finding", "Store", "Severity"} <= returned
    assert not {"TK", "Rdf", "ComplianceReport", "KnowledgeGraph"} & returned
    assert "autoclass:: terve_kunta.OWL" not in text and "re-exported" in text


def test_every_region_has_its_own_tile_and_counts_follow_the_library(kg: tk.KnowledgeGraph) -> None:
    from datetime import date

    from tkdocs.draw_members import TILES, _common_suffix, counts_on, unplaced_regions

    assert unplaced_regions(kg) == [] and len(set(TILES.values())) == len(TILES)
    day = date(2024, 6, 30)
    known, possible = counts_on(kg, day)
    assert known == len(kg.members(as_of=day)) and possible == 0
    before, later = counts_on(kg, date(2020, 1, 1))
    assert before == len(kg.members(as_of="2020-01-01")) and later == kg.member_counts(as_of="2020-01-01").possible
    assert _common_suffix(["Kainuu wellbeing services county", "North Savo wellbeing services county"]) == (
        " wellbeing services county"
    )
    assert _common_suffix(["Kainuu", "Lappi"]) == ""


@pytest.mark.usefixtures("on_session_graph")
def test_a_command_on_a_page_runs_in_its_own_folder(tmp_path: Path) -> None:
    from tkdocs.run import _clean as clean
    from tkdocs.run import folder, run_command

    folder_path = folder("test")

    code, output = run_command(
        ["validate", "examples/assessments/failing/joining-decision--not_met--committee.yaml"], folder("test")
    )
    assert code == 1 and "✗ not met  Joining the network is decided by" in output
    (folder("test") / "bad.yaml").write_text("municipality: '297'\nassessed_on: 2025-02-30\n", encoding="utf-8")
    code, output = run_command(["validate", "bad.yaml"], folder("test"))
    assert code == 2 and "bad.yaml" in output and Path.cwd() != folder("test")
    clean(None, None)  # what the build does when it ends
    assert not folder_path.exists()


@pytest.mark.slow
@pytest.mark.usefixtures("on_session_graph")
def test_a_picture_is_drawn_again_only_when_what_it_shows_changes(tmp_path: Path) -> None:
    from datetime import date

    from tkdocs.figures import ensure

    png, title = ensure(tmp_path, "membership-over-time", "fi", date(2025, 1, 1))
    assert png.read_bytes().startswith(b"\x89PNG") and "Terve Kunta" in title
    drawn = png.stat().st_mtime_ns
    assert ensure(tmp_path, "membership-over-time", "fi", date(2025, 1, 1)) == (png, title)
    assert png.stat().st_mtime_ns == drawn
    ensure(tmp_path, "membership-over-time", "fi", date(2025, 1, 2))  # members are those of the day
    assert png.stat().st_mtime_ns != drawn
