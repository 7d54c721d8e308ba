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
        elif language in ("console", "bash", "shell", "sh"):
            commands = [c.strip() for c in text.splitlines() if c.strip().startswith("$")]
            unrun += [f"line {line}: {c}" for c in commands if not INSTALL.match(c)]
        elif language in ("sparql", "yaml", "json", "turtle", "ttl"):
            unrun.append(f"line {line}: a {language} block (run it: a doctest, terve-kunta-run or literalinclude)")
    assert not unrun, f"{path.name}: examples that no test runs: {unrun}"


def test_the_block_finder_finds_unrun_examples(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("```python\nprint(1)\n```\n\n```console\n$ terve-kunta info\n```\n", encoding="utf-8")
    assert [(lang, text) for _, lang, text in code_blocks(page)] == [("python", "print(1)"), ("console", "$ terve-kunta info")]
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
def test_sphinx_builds_without_warnings(tmp_path: Path) -> None:
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
    kg = tk.load()
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
    assert '<html lang="fi"' in finnish.replace("  ", " ") and "täyttää kriteerit" in finnish
    assert "$ terve-kunta validate oma-kunta.yaml --lang fi" in finnish
    # offline: no page loads a script, style sheet, font or picture from elsewhere
    remote = re.compile(r"""<(?:script|img|link)[^>]+(?:src|href)=["']https?://""")
    assert not [name for name, text in html.items() if remote.search(text)]
    assert "<img" in html["analysts.html"]  # the notebook with its saved pictures
