"""Every example script runs and prints what it promises."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO

SCRIPTS = sorted((REPO / "examples").glob("*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_example_script_runs(script: object) -> None:
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_explore_network_output() -> None:
    script = REPO / "examples" / "explore_network.py"
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True).stdout
    assert "Terve Kunta -verkosto: 52 members in 13 regions" in out
    assert "Kuopio (WHO)" in out and "2025  Järvenpää (186)" in out
    assert "-> Prosperity | SDG 17.19" in out
