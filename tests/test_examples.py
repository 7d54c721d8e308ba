"""Every example script runs and prints what it promises."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import REPO

SCRIPTS = sorted((REPO / "examples").glob("*.py"))


Ran = Callable[[Path], "subprocess.CompletedProcess[str]"]


@pytest.fixture(scope="module")
def ran() -> Ran:
    """``ran(script)``: what the script printed, run once for the tests of this module that read it."""
    runs: dict[Path, subprocess.CompletedProcess[str]] = {}

    def run(script: Path) -> subprocess.CompletedProcess[str]:
        if script not in runs:
            runs[script] = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=False)
        return runs[script]

    return run


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_example_script_runs(ran: Ran, script: Path) -> None:
    result = ran(script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_explore_network_output(ran: Ran) -> None:
    result = ran(REPO / "examples" / "explore_network.py")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Terve Kunta -verkosto: 52 members in 13 regions" in out
    assert "Kuopio (WHO)" in out and "2025  Järvenpää (186)" in out
    assert "-> Prosperity | SDG 17.19" in out
    # names too long for their column end in an ellipsis, never cut without a word
    assert "Integrating the promotion of wellbeing, health and safe… -> People" in out
    themes = out.split("SDGs:\n", 1)[1].splitlines()
    assert all(
        line.split(" -> ")[0].rstrip().endswith("…") or len(line.split(" -> ")[0].rstrip()) < 59 for line in themes
    )


@pytest.mark.slow
def test_the_example_notebook_runs() -> None:
    import nbformat
    from nbclient import NotebookClient

    path = REPO / "examples" / "network-analysis.ipynb"
    notebook = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    outputs = "".join(
        str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", ""))
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )
    assert "52 members in" in outputs and "Pohjois-Savo" in outputs and "Partnerships for the goals" in outputs
    assert any("image/png" in o.get("data", {}) for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
