"""The ``query``, ``load`` and ``serve`` commands.

``terve-kunta query NAME_OR_FILE_OR_TEXT [--param k=v]... [--format table|csv|json]``
runs a named query, a ``.rq`` file or SPARQL text; ``load`` puts the packaged graph
into a persistent store; ``serve`` runs Oxigraph's SPARQL server (with its query
page) over the graph, on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import signal
import subprocess
import sys
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from terve_kunta.cli_common import Command, load_kg, write_table
from terve_kunta.errors import TerveKuntaError

__all__ = ["COMMANDS", "oxigraph_binary"]


def _configure_query(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", metavar="NAME_OR_FILE_OR_TEXT", help="a named query, a .rq file or SPARQL")
    parser.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    parser.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help="bind a parameter (repeatable)"
    )
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output (default: table)")
    parser.add_argument("--allow-network", action="store_true", help="let SERVICE/FROM clauses fetch (trusted only)")


def _params(pairs: list[str], named: bool) -> dict[str, Any]:
    from rdflib import URIRef

    values: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise TerveKuntaError(f"--param: expected NAME=VALUE, got {pair!r}")
        if not named and value.startswith("<") and value.endswith(">"):
            values[name] = URIRef(value[1:-1])  # checked as an IRI when bound
        else:
            values[name] = value
    return values


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _run_query(args: argparse.Namespace) -> int:
    from terve_kunta.queries import named_queries

    if args.list:
        for query in named_queries():
            params = " ".join(f"{p.name}={p.type}{'' if p.required else '?'}" for p in query.params)
            print(f"{query.name}  {params}".rstrip())
            print(f"    {query.title}")
        return 0
    if not args.query:
        raise TerveKuntaError("query: give a query name, a .rq file or SPARQL text (or --list)")
    names = {q.name for q in named_queries()}
    text = args.query
    if text not in names and Path(text).is_file():
        text = Path(text).read_text(encoding="utf-8")
    result = load_kg(args).query(text, allow_network=args.allow_network, **_params(args.param, text in names))
    if isinstance(result, bool):
        print("true" if result else "false")
        return 0
    if not hasattr(result, "columns"):
        from terve_kunta.canonical import canonical_turtle

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
        write_table(rows, result.columns, sys.stdout)
        print(f"{len(rows)} rows", file=sys.stderr)
    return 0


def _configure_load(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "Writes every packaged file into its named graph of the --store (oxigraph:PATH or a URL). A registry "
        "already in the store is kept unless --registry names a file to put there instead."
    )


def _run_load(args: argparse.Namespace) -> int:
    from terve_kunta.stores import open_store, parse_store_spec

    if parse_store_spec(args.store)[0] == "memory":
        raise TerveKuntaError("load: give a persistent --store (oxigraph:PATH or the URL of a SPARQL endpoint)")
    store = open_store(args.store, args.update_url, args.graph_store_url)
    registry = Path(args.registry) if args.registry else None
    written = store.put_packaged(registry, keep_registry=registry is None)
    print(f"wrote {len(written)} graphs to {store.spec}", file=sys.stderr)
    return 0


def _configure_serve(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, loopback)")
    parser.add_argument("--port", type=int, default=7878, help="port (default: 7878)")
    parser.add_argument("--read-only", action="store_true", help="refuse SPARQL updates")


def oxigraph_binary() -> str:
    """Path of Oxigraph's server program (from the ``server`` extra), or a clear error."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise TerveKuntaError("serve needs Oxigraph's server: pip install 'terve_kunta[server]'")
    return found


def _run_serve(args: argparse.Namespace) -> int:
    from terve_kunta.store_oxigraph import OxigraphStore
    from terve_kunta.stores import open_filled, parse_store_spec

    kind, location = parse_store_spec(args.store)
    if kind == "remote":
        raise TerveKuntaError(f"serve: {args.store} is already a SPARQL endpoint")
    binary = oxigraph_binary()
    with tempfile.TemporaryDirectory(prefix="terve-kunta-serve-") as temporary:
        folder = location if kind == "oxigraph" else str(Path(temporary) / "db")
        store = open_filled(f"oxigraph:{folder}", args.registry)
        if isinstance(store, OxigraphStore):
            store.close()
        del store  # Oxigraph's server must open the folder itself
        if args.host not in ("127.0.0.1", "::1", "localhost"):
            print(f"warning: listening on {args.host}: other machines can reach this endpoint", file=sys.stderr)
        base = f"http://{args.host}:{args.port}"
        print(f"SPARQL endpoint {base}/query, query page {base}/ (Ctrl-C stops)", file=sys.stderr, flush=True)
        command = [binary, "serve-read-only" if args.read_only else "serve", "--location", folder]
        command += ["--bind", f"{args.host}:{args.port}", "--union-default-graph"]
        server = subprocess.Popen(command)
        # `kill` (SIGTERM) stops the server like Ctrl-C does; without this the Oxigraph
        # process would outlive this one and keep the port and the folder.
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            return server.wait()
        except KeyboardInterrupt:
            return 0
        finally:
            signal.signal(signal.SIGTERM, previous)
            _stop(server)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


COMMANDS = [
    Command("query", "run a named query, a .rq file or SPARQL text", _configure_query, _run_query),
    Command("load", "put the packaged graph into a persistent store", _configure_load, _run_load),
    Command("serve", "run a local SPARQL endpoint (Oxigraph) with a query page", _configure_serve, _run_serve),
]
