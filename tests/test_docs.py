"""The README and docs examples run, and the Sphinx site builds without warnings."""

from __future__ import annotations

import doctest
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import REPO

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.mark.parametrize("path", ["README.md", "docs/quickstart.rst", "docs/data.rst"])
def test_examples_in_text_files_run(path: str) -> None:
    result = doctest.testfile(str(REPO / path), module_relative=False, optionflags=FLAGS)
    assert result.attempted > 0 and result.failed == 0


def test_sphinx_builds_without_warnings(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", str(REPO / "docs"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "api.html").exists()
