"""The ``load`` and ``serve`` commands.

``load`` puts the packaged graph into a persistent store; ``serve`` runs a SPARQL
endpoint (with Oxigraph's query page) over the graph, on 127.0.0.1 unless told
otherwise, read-only unless told otherwise (see :mod:`terve_kunta.server`).
"""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from terve_kunta.cli._common import Command, close_after
from terve_kunta.errors import MissingExtraError, OptionError
from terve_kunta.options import check_timeout

if TYPE_CHECKING:
    from terve_kunta.stores.remote import RemoteStore

__all__ = ["COMMANDS", "oxigraph_binary"]


def _configure_load(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "Writes every packaged file into its named graph of the --store (oxigraph:PATH or a URL). A registry "
        "already in the store is kept unless --registry names a file to put there instead."
    )


def _run_load(args: argparse.Namespace) -> int:
    from terve_kunta.stores import open_store, parse_store_spec
    from terve_kunta.stores.remote import RemoteStore

    if parse_store_spec(args.store)[0] == "memory":
        raise OptionError("--store", args.store, "a persistent store (oxigraph:PATH or the URL of a SPARQL endpoint)")
    store = close_after(args, open_store(args.store, args.update_url, args.graph_store_url))
    registry = Path(args.registry) if args.registry else None
    written = store.put_packaged(registry, keep_registry=registry is None)
    print(f"wrote {len(written)} graphs to {store.spec}", file=sys.stderr)
    if isinstance(store, RemoteStore):
        _check_read_back(store, registry, set(written))
    return 0


def _check_read_back(store: RemoteStore, registry: Path | None, written: set[str]) -> None:
    """Warn where the endpoint gives back a graph other than the one written, or cannot show the network."""
    from terve_kunta.stores.base import packaged_graphs

    for iri, text in packaged_graphs(registry):
        if str(iri) in written:
            for problem in store.differences(iri, text):
                print(f"warning: <{iri}> as {store.spec} gives it back: {problem}", file=sys.stderr)
    if store.query("ASK { ?n a tk:Network ; skos:prefLabel ?l }", {}) is not True:
        print(
            f"warning: {store.spec} does not show the network in the graphs written: it cannot be read", file=sys.stderr
        )


def _configure_serve(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, loopback)")
    parser.add_argument("--port", type=int, default=7878, help="port (default: 7878)")
    parser.add_argument(
        "--allow-updates", action="store_true", help="take SPARQL updates (same origin only; default: read-only)"
    )
    parser.add_argument("--read-only", action="store_true", help=argparse.SUPPRESS)  # the default now
    parser.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="stop each query (default 30)")
    parser.add_argument(
        "--workers", type=int, default=2, metavar="N", help="queries run at once, read-only (default 2)"
    )
    parser.epilog = (
        "Every query goes through the same guard as kg.query (no SERVICE, LOAD or FROM) and runs in a worker "
        "process that is killed at the time limit."
    )


def oxigraph_binary() -> str:
    """Path of Oxigraph's server program (from the ``server`` extra), or a clear error."""
    found = _oxigraph()
    if not found:
        raise MissingExtraError("this needs Oxigraph's server program: pip install 'terve_kunta[server]'")
    return found


def _oxigraph() -> str | None:
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def _run_serve(args: argparse.Namespace) -> int:
    from terve_kunta.stores import open_filled, parse_store_spec

    timeout = check_timeout(args.timeout, "--timeout")
    if args.workers < 1:
        raise OptionError("--workers", args.workers, "a number of workers of 1 or more")
    kind, location = parse_store_spec(args.store)
    if kind == "remote":
        raise OptionError("--store", args.store, "memory or oxigraph:PATH (a URL is already a SPARQL endpoint)")
    try:
        from waitress.server import create_server
    except ImportError:
        raise MissingExtraError("serve needs waitress: pip install 'terve_kunta[server]'") from None
    from terve_kunta.server.app import SparqlApp
    from terve_kunta.server.page import assets
    from terve_kunta.server.pool import Pool

    _check_port(args.host, args.port)  # before the minutes a big store may take to open
    with tempfile.TemporaryDirectory(prefix="terve-kunta-serve-") as temporary:
        folder = location if kind == "oxigraph" else str(Path(temporary) / "db")
        open_filled(f"oxigraph:{folder}", args.registry, fill=kind == "memory").close()  # workers open it alone
        pool = Pool(folder, args.workers, writable=args.allow_updates)
        try:
            app = SparqlApp(pool, timeout or 30.0, assets(_oxigraph(), args.allow_updates))
            try:
                server = create_server(app, host=args.host, port=args.port, threads=max(4, pool.size))
            except OSError as exc:
                raise OptionError(
                    "--port", args.port, f"a free port ({args.host}:{args.port}: {exc.strerror})"
                ) from None
            if args.host not in ("127.0.0.1", "::1", "localhost"):
                print(f"warning: listening on {args.host}: other machines can reach this endpoint", file=sys.stderr)
            base = f"http://{args.host}:{args.port}"
            mode = "read-write" if args.allow_updates else "read-only"
            print(
                f"SPARQL endpoint {base}/query ({mode}), query page {base}/ (Ctrl-C stops)", file=sys.stderr, flush=True
            )
            previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops the server as Ctrl-C does
            try:
                server.run()
            except KeyboardInterrupt:
                pass
            finally:
                signal.signal(signal.SIGTERM, previous)
                server.close()
        finally:
            pool.close()
    return 0


def _check_port(host: str, port: int) -> None:
    import socket

    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise OptionError("--port", port, f"a free port ({host}:{port}: {exc.strerror})") from None


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


COMMANDS = [
    Command("load", "put the packaged graph into a persistent store", _configure_load, _run_load),
    Command("serve", "run a local, read-only SPARQL endpoint with a query page", _configure_serve, _run_serve),
]
