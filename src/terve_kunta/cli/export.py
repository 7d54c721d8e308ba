"""``terve-kunta export``: the graph in a format and profile, to standard output or a file (written atomically).

>>> from terve_kunta.cli import main
>>> main(["export", "--format", "csv", "--as-of", "2024-06-30"])  # doctest: +ELLIPSIS
\ufeffcode,kind,name_fi,...
0
>>> main(["export", "--profile", "private"])
Traceback (most recent call last):
...
SystemExit: 2
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from terve_kunta.cli._common import Command, iso_date, load_kg
from terve_kunta.export.formats import FORMATS, PROFILES

__all__ = ["COMMANDS"]


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=tuple(FORMATS), default="turtle", help="output format (default: turtle)")
    parser.add_argument(
        "--profile",
        choices=PROFILES,
        default="public",
        help="public (default): all but personal data; who: what the WHO network office needs; "
        "full: personal data included",
    )
    parser.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD", help="only the memberships that hold that day")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE (atomically), not stdout")


def _run(args: argparse.Namespace) -> int:
    from terve_kunta.export.files import check_writable, write_atomic

    if args.output is not None:
        check_writable(args.output)  # before any work
    text = load_kg(args).export(format=args.format, profile=args.profile, as_of=args.as_of)
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_atomic(args.output, text)
        print(f"wrote {args.output} ({args.format}, {args.profile})", file=sys.stderr)
    return 0


COMMANDS = [
    Command("export", "export the graph (RDF formats, CSV of members) with its DCAT description", _configure, _run)
]
