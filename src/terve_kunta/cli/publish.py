"""``terve-kunta publish DIR``: write the static linked-data site (see :mod:`terve_kunta.export.site`).

>>> from terve_kunta.cli import main
>>> main(["publish"])
Traceback (most recent call last):
...
SystemExit: 2
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from terve_kunta.cli._common import Command, load_kg

__all__ = ["COMMANDS"]


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path, metavar="DIR", help="folder of the site (created; refused if not empty)")
    parser.add_argument("--force", action="store_true", help="replace what DIR holds")
    parser.add_argument(
        "--site-url", metavar="URL", help="address where the site is served (for w3id.org's redirect rules)"
    )


def _run(args: argparse.Namespace) -> int:
    from terve_kunta.export.site import check_folder, publish

    check_folder(args.folder, args.force)  # before the graph is loaded
    kg = load_kg(args)
    written = publish(kg, kg.store, args.folder, force=args.force, site_url=args.site_url)
    print(f"wrote {len(written)} files to {args.folder}", file=sys.stderr)
    return 0


COMMANDS = [Command("publish", "write the static linked-data site (pages, dumps, DCAT, redirects)", _configure, _run)]
