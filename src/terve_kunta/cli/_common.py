"""What the ``terve-kunta`` subcommands share: the command record, the store options, output helpers.

Every command module imports from here, and :mod:`terve_kunta.cli.main` imports them
all, so there is no import cycle.

>>> iso_date("2025-01-31")
datetime.date(2025, 1, 31)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from terve_kunta.cli._i18n import default_language, say
from terve_kunta.errors import OptionError
from terve_kunta.options import LANGUAGES, parse_date

_T = TypeVar("_T")

if TYPE_CHECKING:
    from terve_kunta.graph import KnowledgeGraph

__all__ = ["Command", "add_language_option", "add_store_options", "iso_date", "load_kg", "warn"]

Run = Callable[[argparse.Namespace], int]


class Command:
    """A subcommand: its name, help (one line in the list of commands), how it adds its options, what it runs.

    ``description`` is what its own ``--help`` says first (default: the help line).
    """

    def __init__(
        self,
        name: str,
        help: str,
        configure: Callable[[argparse.ArgumentParser], None],
        run: Run,
        description: str | None = None,
    ) -> None:
        self.name, self.help, self.configure, self.run = name, help, configure, run
        self.description = description or help


def iso_date(text: str) -> date:
    """Parse an ISO date for argparse (:func:`terve_kunta.options.parse_date`), with a clear message."""
    try:
        return parse_date(text, "date")
    except OptionError as exc:
        raise argparse.ArgumentTypeError(f"expected {exc.expected}, got {text!r}") from None


def load_kg(args: argparse.Namespace) -> KnowledgeGraph:
    """The knowledge graph from the store (and registry file) that ``--store`` (``--registry``) name.

    The packaged graph in memory is the graph that :func:`terve_kunta.cli.main` was
    given, if it was given one. Nothing is written to a store here: only ``load`` (and
    the registry commands, through the registry) write.
    """
    import terve_kunta as tk

    loaded = getattr(args, "loaded", None)
    if loaded is not None and args.store == "memory" and not args.registry:
        return loaded  # type: ignore[no-any-return]
    kg = tk.load(
        store=args.store,
        registry=args.registry,
        update_url=args.update_url,
        graph_store_url=args.graph_store_url,
        fill=False,
    )
    return close_after(args, kg)


def close_after(args: argparse.Namespace, opened: _T) -> _T:
    """Have :func:`terve_kunta.cli.main` close ``opened`` (a graph or a store) when the command ends.

    The end of the command's process would close it; a command run in-process (a
    notebook, the tests) would otherwise leave an Oxigraph folder locked until the
    garbage collector found the store.
    """
    args.to_close.append(opened)  # main() sets the list
    return opened


def add_store_options(
    parser: argparse.ArgumentParser, suppress_defaults: bool = False, persistent: bool = False
) -> None:
    """Add ``--store``, ``--registry``, ``--update-url``, ``--graph-store-url`` (every command has them).

    A nested subcommand adds them again with ``suppress_defaults``, so that an
    option given before the subcommand is not reset by the subcommand's default.
    A command that needs a ``persistent`` store (``load``) requires ``--store``.
    """
    group = parser.add_argument_group("store")
    no = argparse.SUPPRESS if suppress_defaults else None
    if persistent:
        group.add_argument(
            "--store",
            required=True,
            metavar="STORE",
            help="oxigraph:PATH, or the http(s) URL of a SPARQL query endpoint (required: the memory store keeps "
            "nothing)",
        )
    else:
        group.add_argument(
            "--store",
            default=no or "memory",
            metavar="STORE",
            help="memory (default), oxigraph:PATH, or the http(s) URL of a SPARQL query endpoint",
        )
    group.add_argument(
        "--registry", default=no, metavar="FILE", help="member-registry file to use instead of the packaged one"
    )
    group.add_argument(
        "--update-url", default=no, metavar="URL", help="SPARQL update URL of an endpoint (default: derived)"
    )
    group.add_argument(
        "--graph-store-url", default=no, metavar="URL", help="Graph Store URL of an endpoint (default: derived)"
    )


def add_language_option(parser: argparse.ArgumentParser, suppress_default: bool = False) -> None:
    """Add ``--lang`` (the language of every line the command prints; default ``TERVE_KUNTA_LANG`` or en)."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS if suppress_default else default_language(),
        help="language of the output: fi, sv or en (default: $TERVE_KUNTA_LANG, else en)",
    )


def warn(args: argparse.Namespace, message: str) -> None:
    """Say ``message`` on standard error as a warning (it changes no exit code)."""
    print(say(args.lang, "warning", message=message), file=sys.stderr)
