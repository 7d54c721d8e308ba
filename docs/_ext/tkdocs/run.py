"""``terve-kunta-run``: run a ``terve-kunta`` command while the docs are built, and show its real output.

.. code-block:: rst

   .. terve-kunta-run:: validate oma-kunta.yaml --lang fi
      :exit: 1
      :file: oma-kunta.yaml

      municipality: "297"
      assessed_on: 2025-03-01

The command runs in this process (``terve_kunta.cli.main``, on the graph loaded once for the
build), in a folder of its own for the page, in which ``examples/`` is the repository's
examples folder: a page's commands act as one terminal session in one folder, so a file that
one command writes is there for the next. With ``:file:`` the directive's content is written
to that file first and shown above the command. The exit code must be ``:exit:`` (default 0):
any other, or an exception, is a warning, so the build (``-W``) fails. Commands see a
terminal 80 columns wide (``COLUMNS``).
"""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import shutil
import tempfile
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from tkdocs.common import EXAMPLES, graph

logger = logging.getLogger(__name__)

_FOLDERS: dict[str, Path] = {}
COLUMNS = "80"


def folder(docname: str) -> Path:
    """The page's own working folder (made on first use, with ``examples`` in it)."""
    path = _FOLDERS.get(docname)
    if path is None:
        path = _FOLDERS[docname] = Path(tempfile.mkdtemp(prefix="terve-kunta-docs-"))
        (path / "examples").symlink_to(EXAMPLES, target_is_directory=True)
    return path


def run_command(argv: list[str], cwd: Path) -> tuple[int, str]:
    """Run ``terve-kunta ARGV`` in ``cwd``; return the exit code and what it printed (stdout, then stderr)."""
    from terve_kunta.cli import main

    out, err = io.StringIO(), io.StringIO()
    previous, columns = Path.cwd(), os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = COLUMNS
    try:
        os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv, kg=graph())
            except SystemExit as exc:  # argparse refuses the command line
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        os.chdir(previous)
        if columns is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = columns
    return code, out.getvalue() + err.getvalue()


class TerveKuntaRun(SphinxDirective):
    """Run a ``terve-kunta`` command at build time; show the command and its output."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "exit": directives.nonnegative_int,
        "file": directives.unchanged_required,
        "max-lines": directives.positive_int,
    }

    def run(self) -> list[nodes.Node]:
        """Write the file if asked, run the command and return the literal blocks."""
        command = self.arguments[0]
        argv = shlex.split(command)
        cwd = folder(self.env.docname)
        shown: list[nodes.Node] = []
        name = self.options.get("file")
        if name is not None:
            text = "\n".join(self.content) + "\n"
            (cwd / name).write_text(text, encoding="utf-8")
            block = nodes.literal_block(text, text, language="yaml" if name.endswith((".yaml", ".yml")) else "text")
            shown.append(_captioned(block, name))
        try:
            code, output = run_command(argv, cwd)
        except Exception as exc:  # any failure of the command is a failure of the docs
            logger.warning("terve-kunta %s raised %r", command, exc, location=self.get_location())
            return shown
        expected = self.options.get("exit", 0)
        if code != expected:
            logger.warning(
                "terve-kunta %s exited %s, the page expects %s:\n%s",
                command,
                code,
                expected,
                output,
                location=self.get_location(),
            )
        lines = output.rstrip("\n").splitlines()
        limit = self.options.get("max-lines")
        if limit is not None and len(lines) > limit:
            lines = [*lines[: limit - 1], "...", lines[-1]]
        text = "\n".join([f"$ terve-kunta {command}", *lines])
        shown.append(nodes.literal_block(text, text, language="console"))
        return shown


def _captioned(block: nodes.literal_block, caption: str) -> nodes.container:
    container = nodes.container("", literal_block=True, classes=["literal-block-wrapper"])
    container += nodes.caption(caption, "", nodes.literal(caption, caption))
    container += block
    return container


def _clean(app: Sphinx | None, exception: BaseException | None) -> None:
    for path in _FOLDERS.values():
        shutil.rmtree(path, ignore_errors=True)
    _FOLDERS.clear()


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive("terve-kunta-run", TerveKuntaRun)
    app.connect("build-finished", _clean)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
