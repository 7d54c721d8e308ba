"""``terve-kunta validate FILE...``: check self-assessments against the joining criteria.

Exit codes: 0 every assessment conforms, 1 at least one does not, 2 a file could not
be used (each such file gets one line on standard error; the others are still
checked and reported; several files' JSON lists them with their error). Folders
are searched for ``*.yaml``, ``*.yml``, ``*.json`` and ``*.ttl``. One assessment
is reported in full; several as a summary table (text, Markdown), a list (JSON) or
one results graph (Turtle); every format names the file of each. A progress bar is
drawn on standard error when it is a terminal. ``--lang`` is the language of every
line, the errors included.

>>> from terve_kunta.cli import main
>>> main(["validate", "--format", "json", "nonexistent.yaml"])
2
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from terve_kunta.cli._common import Command, load_kg
from terve_kunta.cli._i18n import error_text, say
from terve_kunta.cli._table import terminal_width
from terve_kunta.errors import AssessmentError
from terve_kunta.options import ENGINES, REPORT_FORMATS

__all__ = ["COMMANDS", "ProgressBar"]


class ProgressBar:
    """A one-line progress bar on a terminal stream; draws nothing when the stream is not a terminal."""

    def __init__(self, stream: TextIO, label: str = "validating", width: int = 30, enabled: bool = True) -> None:
        self.stream, self.label, self.width = stream, label, width
        self.active = enabled and bool(getattr(stream, "isatty", lambda: False)())
        self._last = -1

    def __call__(self, done: int, total: int) -> None:
        """Show ``done`` of ``total`` (redrawn only when the bar changes)."""
        if not self.active or total <= 0:
            return
        filled = self.width * done // total
        if filled == self._last and done != total:
            return
        self._last = filled
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {100 * done // total:3d}%")
        self.stream.flush()

    def close(self) -> None:
        """Clear the bar's line."""
        if self.active and self._last >= 0:
            self.stream.write("\r" + " " * (len(self.label) + self.width + 8) + "\r")
            self.stream.flush()


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="self-assessment files (YAML, JSON, Turtle) or folders"
    )
    parser.add_argument("--format", choices=REPORT_FORMATS, default="text", help="output format (default: text)")
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="oxigraph",
        help="SHACL engine: the shapes compiled to SPARQL over Oxigraph (default), or pySHACL (the reference)",
    )


def _run(args: argparse.Namespace) -> int:
    from terve_kunta.assessment.files import assessment_paths
    from terve_kunta.validation.formats import render
    from terve_kunta.validation.validator import validate_many

    paths = assessment_paths(args.files)
    if not paths:
        message = say(args.lang, "no_files", where=", ".join(args.files))
        print(say(args.lang, "error", message=message), file=sys.stderr)
        return 2
    errors: list[AssessmentError] = []
    bar = ProgressBar(sys.stderr, label=say(args.lang, "validating"), enabled=len(paths) > 1)
    try:
        reports = validate_many(
            load_kg(args), paths, lang=args.lang, engine=args.engine, on_error=errors.append, progress=bar
        )
    finally:
        bar.close()
    messages = [(error.file, error_text(args.lang, error)) for error in errors]
    for _, message in messages:
        print(say(args.lang, "error", message=message), file=sys.stderr)
    several = len(paths) > 1 or len(reports) > 1
    if reports or (several and messages and args.format == "json"):
        order = [str(p) for p in paths]
        width = terminal_width(sys.stdout)
        sys.stdout.write(render(reports, args.format, several, messages, order, width))
    if errors:
        return 2
    return 0 if all(r.conforms for r in reports) else 1


COMMANDS = [Command("validate", "check self-assessments against the joining criteria", _configure, _run)]
