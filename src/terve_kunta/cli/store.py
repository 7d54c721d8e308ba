"""The ``load`` and ``serve`` commands.

``load`` puts the packaged graph into a persistent store; ``serve`` runs Oxigraph's
SPARQL server (with its query page) over the graph, on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from terve_kunta.cli._common import Command
from terve_kunta.errors import MissingExtraError, OptionError

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
    store = open_store(args.store, args.update_url, args.graph_store_url)
    registry = Path(args.registry) if args.registry else None
    written = store.put_packaged(registry, keep_registry=registry is None)
    print(f"wrote {len(written)} graphs to {store.spec}", file=sys.stderr)
    if isinstance(store, RemoteStore):
        _check_read_back(store, registry, set(written))
    store.close()
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
    parser.add_argument("--read-only", action="store_true", help="refuse SPARQL updates")


def oxigraph_binary() -> str:
    """Path of Oxigraph's server program (from the ``server`` extra), or a clear error."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise MissingExtraError("serve needs Oxigraph's server: pip install 'terve_kunta[server]'")
    return found


def _run_serve(args: argparse.Namespace) -> int:
    from terve_kunta.stores import open_filled, parse_store_spec
    from terve_kunta.stores.oxigraph import OxigraphStore

    kind, location = parse_store_spec(args.store)
    if kind == "remote":
        raise OptionError("--store", args.store, "memory or oxigraph:PATH (a URL is already a SPARQL endpoint)")
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
    Command("load", "put the packaged graph into a persistent store", _configure_load, _run_load),
    Command("serve", "run a local SPARQL endpoint (Oxigraph) with a query page", _configure_serve, _run_serve),
]
