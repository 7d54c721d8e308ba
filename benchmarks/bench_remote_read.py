"""Reading a remote store's graph: CPU of this process, beside plain rdflib and the term-by-term path, in one run.

    python benchmarks/bench_remote_read.py [--runs N]   (needs the server extra: the oxigraph binary)

Starts an Oxigraph server on 127.0.0.1, writes the packaged graph to it through the remote
store, fetches its answer to the store's read (``CONSTRUCT { ?s ?p ?o }``, N-Triples) once,
and prints the median CPU time of this process (user + system) over N runs of:

- the store's whole read (``snapshot()``: the two requests, parsing, terms, the graph);
- turning the answer into rdflib terms as the store does: pyoxigraph parses it, each
  distinct term is converted once (``_ox_triples``);
- the same, each occurrence of a term converted on its own (the path before);
- plain rdflib parsing the same N-Triples (``Graph.parse``), the library's own way.

Target: the store's terms at most 0.75x the term-by-term path's CPU, and under plain
rdflib's. Exit code 1 if a target is missed. Machines are noisy: read the ratios.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from _timing import median_seconds, report
from rdflib import Graph


def plain(body: bytes) -> Graph:
    """Plain rdflib's own reading of an N-Triples answer."""
    return Graph().parse(data=body, format="nt")


def cpu_ms(call: Callable[[], object], runs: int) -> float:
    """The median CPU time of ``call`` in this process, in milliseconds, after a warm-up run."""
    return median_seconds(call, runs) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per figure after a warm-up (default 15)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))  # unwind, so the server is stopped
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.support
    import pyoxigraph as ox

    from terve_kunta.cli.store import oxigraph_binary
    from terve_kunta.stores import open_store
    from terve_kunta.stores.remote import RemoteStore, _ox_term, _ox_triples
    from tests.support import free_port, wait_for

    with tempfile.TemporaryDirectory(prefix="tk-bench-remote-") as folder:
        port = free_port()
        command = [oxigraph_binary(), "serve", "--location", f"{folder}/db", "--bind", f"127.0.0.1:{port}"]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}/query"
            wait_for(url, process)
            store = open_store(url)
            assert isinstance(store, RemoteStore)
            store.put_packaged()
            body = store._query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "application/n-triples").body

            def parsed() -> ox.QuadParser:
                return ox.parse(body, format=ox.RdfFormat.N_TRIPLES)

            def whole_read() -> object:
                store.invalidate()
                return store.snapshot()

            def one_by_one() -> object:
                return [(_ox_term(t.subject), _ox_term(t.predicate), _ox_term(t.object)) for t in parsed()]

            triples = _ox_triples(parsed())
            assert triples == one_by_one() and len(plain(body)) == len(set(triples))
            figures = {
                "the store's whole read (snapshot)": cpu_ms(whole_read, args.runs),
                "the store's terms (each distinct term once)": cpu_ms(lambda: _ox_triples(parsed()), args.runs),
                "term by term (the path before)": cpu_ms(one_by_one, args.runs),
                "plain rdflib: Graph.parse(format='nt')": cpu_ms(lambda: plain(body), args.runs),
                "pyoxigraph's parse alone": cpu_ms(lambda: list(parsed()), args.runs),
            }
        finally:
            process.terminate()
            process.wait(timeout=20)
    print(f"{len(triples):,} triples, {len({t for triple in triples for t in triple}):,} distinct terms, "
          f"{len(body):,} bytes of N-Triples; CPU of this process, median of {args.runs}")  # fmt: skip
    for name, ms in figures.items():
        print(f"{name:<46} {ms:8.1f} ms")
    terms = figures["the store's terms (each distinct term once)"]
    before = figures["term by term (the path before)"]
    rdflib_ms = figures["plain rdflib: Graph.parse(format='nt')"]
    missed = [f"terms {terms:.1f} ms > 0.75 x term by term {before:.1f} ms"] if terms > 0.75 * before else []
    missed += [f"terms {terms:.1f} ms >= plain rdflib {rdflib_ms:.1f} ms"] if terms >= rdflib_ms else []
    print(f"ratios: term by term / store {before / terms:.2f}x, plain rdflib / store {rdflib_ms / terms:.2f}x")
    return report(missed)


if __name__ == "__main__":
    sys.exit(main())
