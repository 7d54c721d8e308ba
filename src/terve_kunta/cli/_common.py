"""What the ``terve-kunta`` subcommands share: the command record, the store options, output helpers.

Every command module imports from here, and :mod:`terve_kunta.cli.main` imports them
all, so there is no import cycle.

>>> iso_date("2025-01-31")
datetime.date(2025, 1, 31)
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, TextIO

from terve_kunta.errors import OptionError
from terve_kunta.options import parse_date

if TYPE_CHECKING:
    from terve_kunta.graph import KnowledgeGraph

__all__ = ["Command", "add_store_options", "iso_date", "load_kg", "write_table"]

Run = Callable[[argparse.Namespace], int]


class Command:
    """A subcommand: its name, help, how it adds its options, and what it runs."""

    def __init__(self, name: str, help: str, configure: Callable[[argparse.ArgumentParser], None], run: Run) -> None:
        self.name, self.help, self.configure, self.run = name, help, configure, run


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
    return tk.load(
        store=args.store,
        registry=args.registry,
        update_url=args.update_url,
        graph_store_url=args.graph_store_url,
        fill=False,
    )


def add_store_options(parser: argparse.ArgumentParser, suppress_defaults: bool = False) -> None:
    """Add ``--store``, ``--registry``, ``--update-url``, ``--graph-store-url`` (every command has them).

    A nested subcommand adds them again with ``suppress_defaults``, so that an
    option given before the subcommand is not reset by the subcommand's default.
    """
    group = parser.add_argument_group("store")
    no = argparse.SUPPRESS if suppress_defaults else None
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


def write_table(rows: Sequence[dict[str, str]], columns: Sequence[str], out: TextIO) -> None:
    """Write ``rows`` as a plain-text table with aligned columns."""
    widths = {c: max([len(c), *(len(r[c]) for r in rows)]) for c in columns}
    out.write("  ".join(c.ljust(widths[c]) for c in columns).rstrip() + "\n")
    out.write("  ".join("-" * widths[c] for c in columns) + "\n")
    for row in rows:
        out.write("  ".join(row[c].ljust(widths[c]) for c in columns).rstrip() + "\n")
