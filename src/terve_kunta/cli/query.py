"""The ``query`` command.

``terve-kunta query NAME_OR_FILE_OR_TEXT [--param k=v]... [--format table|csv|json]``
runs a named query, a ``.rq`` file or SPARQL text.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import Graph

from terve_kunta.cli._common import Command, load_kg
from terve_kunta.cli._i18n import count, say
from terve_kunta.cli._table import terminal_width, write_table
from terve_kunta.errors import OptionError, QuerySyntaxError
from terve_kunta.options import TABLE_FORMATS, check_timeout

__all__ = ["COMMANDS"]


def _configure_query(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", metavar="NAME_OR_FILE_OR_TEXT", help="a named query, a .rq file or SPARQL")
    parser.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    parser.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help="bind a parameter (repeatable)"
    )
    parser.add_argument("--format", choices=TABLE_FORMATS, default="table", help="output (default: table)")
    parser.add_argument("--allow-network", action="store_true", help="let SERVICE/FROM clauses fetch (trusted only)")
    parser.add_argument(
        "--timeout", type=float, metavar="SECONDS", help="stop the query after SECONDS (Ctrl-C stops it at any time)"
    )


def _params(pairs: list[str], named: bool) -> dict[str, Any]:
    from rdflib import URIRef

    values: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise OptionError("--param", pair, "NAME=VALUE")
        if not named and value.startswith("<") and value.endswith(">"):
            values[name] = URIRef(value[1:-1])  # checked as an IRI when bound
        else:
            values[name] = value
    return values


def _is_file(text: str) -> bool:
    """Whether ``text`` names a file (query text may be too long, or hold characters, for a file name)."""
    if "\n" in text or "{" in text:
        return False
    try:
        return Path(text).is_file()
    except (OSError, ValueError):  # a name too long for the system, a NUL character
        return False


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise QuerySyntaxError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise QuerySyntaxError(f"{path}: cannot read the query file ({exc.strerror})") from None


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _run_query(args: argparse.Namespace) -> int:
    from terve_kunta.sparql.named import named_queries

    if args.list:
        _list(named_queries(), args.lang)
        return 0
    if not args.query:
        raise OptionError("query", None, "a query name, a .rq file or SPARQL text (or --list)")
    timeout = check_timeout(args.timeout, "--timeout")
    names = {q.name for q in named_queries()}
    text = args.query
    if text not in names and _is_file(text):
        text = _read(Path(text))
    kg = load_kg(args)
    try:
        result = kg.query(text, allow_network=args.allow_network, timeout=timeout, **_params(args.param, text in names))
    except QuerySyntaxError as exc:
        if str(exc).startswith("this is a SPARQL update"):  # the library's words speak of its API
            raise QuerySyntaxError(say(args.lang, "update_refused")) from None
        raise
    if isinstance(result, bool):
        print("true" if result else "false")
        return 0
    if isinstance(result, Graph):
        from terve_kunta.rdf.canonical import canonical_turtle

        sys.stdout.write(canonical_turtle(result))
        return 0
    records = [{k: _plain(v) for k, v in row.items()} for row in result.to_records()]
    if args.format == "json":
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=result.columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
    else:
        rows = [{c: "" if r[c] is None else str(r[c]) for c in result.columns} for r in records]
        write_table(rows, result.columns, sys.stdout, width=terminal_width(sys.stdout))
        sys.stdout.flush()
        print(count(args.lang, len(rows), "row"), file=sys.stderr)
    return 0


def _list(queries: Any, lang: str) -> None:
    """Each named query: its name and parameters, then what it answers, whole, wrapped to the terminal."""
    import textwrap

    width = terminal_width(sys.stdout) or 79
    for query in queries:
        print(query.name)
        about = " ".join(f"{query.title} {query.description}".split())
        print(textwrap.fill(about, width, initial_indent="    ", subsequent_indent="    "))
        for p in query.params:
            flags = [p.type] + ([] if p.required else [say(lang, "optional")])
            flags += [say(lang, "default", value=p.default)] if p.default is not None else []
            line = f"--param {p.name}=...  ({', '.join(flags)}) {p.doc}".rstrip()
            print(textwrap.fill(line, width, initial_indent="    ", subsequent_indent="        "))


COMMANDS = [
    Command("query", "run a named query, a .rq file or SPARQL text", _configure_query, _run_query),
]
