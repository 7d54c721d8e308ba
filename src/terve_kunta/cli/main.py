"""The ``terve-kunta`` command (also ``python -m terve_kunta``): its parser and ``main``.

Exit codes: 0 success, 1 a check did not pass, 2 unusable input or usage error.
Results go to standard output, diagnostics to standard error. Each command group
is a module of this package (:mod:`.network`, :mod:`.validate`, :mod:`.query`,
:mod:`.store`, :mod:`.registry`, :mod:`.export`, :mod:`.publish`).

>>> main(["members", "--kind", "county"])
Traceback (most recent call last):
...
SystemExit: 2
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import terve_kunta.cli.export as export
import terve_kunta.cli.network as network
import terve_kunta.cli.publish as publish
import terve_kunta.cli.query as query
import terve_kunta.cli.registry as registry
import terve_kunta.cli.store as store
import terve_kunta.cli.validate as validate
from terve_kunta.cli._common import Command, add_language_option, add_store_options
from terve_kunta.cli._i18n import default_language, error_text, say
from terve_kunta.errors import TerveKuntaError

if TYPE_CHECKING:
    from terve_kunta.graph import KnowledgeGraph

__all__ = ["COMMANDS", "build_parser", "main"]

#: The subcommands, in the order ``--help`` lists them.
COMMANDS: list[Command] = [
    *network.COMMANDS,
    *validate.COMMANDS,
    *query.COMMANDS,
    *store.COMMANDS,
    *registry.COMMANDS,
    *export.COMMANDS,
    *publish.COMMANDS,
]


class _Version(argparse.Action):
    """``--version``: the package's version and the ontology's, read only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=str(kwargs.get("help", "")))

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        from importlib.metadata import version

        from terve_kunta.data.files import ontology_version

        print(f"terve-kunta {version('terve_kunta')} (ontology {ontology_version()})")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand of :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="terve-kunta",
        description="THL's Terve Kunta network as a knowledge graph.",
        epilog="Exit codes: 0 success, 1 a check did not pass, 2 unusable input. "
        "Every command takes --lang fi|sv|en (default: $TERVE_KUNTA_LANG, else en).",
    )
    parser.add_argument("--version", action=_Version, help="the versions of terve-kunta and its ontology")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        sub = commands.add_parser(command.name, help=command.help, description=command.description)
        command.configure(sub)
        add_language_option(sub)
        add_store_options(sub, persistent=command.name == "load")
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None, *, kg: KnowledgeGraph | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return the exit code.

    ``kg`` is a graph already loaded in this process (from :func:`terve_kunta.load`),
    which commands that read the packaged graph in memory then use instead of loading
    it again (a notebook or a test runs commands this way).
    """
    args = build_parser().parse_args(argv)
    args.loaded, args.to_close = kg, []
    lang = getattr(args, "lang", default_language())
    try:
        return _run(args)
    except TerveKuntaError as exc:
        print(say(lang, "error", message=error_text(lang, exc)), file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    except KeyboardInterrupt:  # Ctrl-C: a running query has been stopped (its worker ended)
        print("terve-kunta: interrupted", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace) -> int:
    """Run the command, then close the graphs and stores it opened (the folder of an Oxigraph store is free again)."""
    try:
        return int(args.run(args))
    finally:
        for opened in reversed(args.to_close):
            getattr(opened, "store", opened).close()
