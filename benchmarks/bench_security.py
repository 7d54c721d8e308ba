"""What the safety of issue 11 costs, each figure beside its baseline measured in the same run.

    python benchmarks/bench_security.py [--runs N] [--requests N] [--clients N]   (needs the test extra)

1. The guard, per query: the canonical rewriting plus rdflib's parse and algebra walk
   (``check_query``, its cache cleared each time), beside rdflib's parse alone (the guard
   before) and the canonical rewriting alone, for the shipped named queries.
2. A fast query through ``kg.query`` (the Oxigraph worker process), with and without a
   ``timeout``, beside the plain pyoxigraph call in this process on the same data (what the
   memory store did before).
3. The server: queries per second from ``--clients`` concurrent clients, ``terve-kunta
   serve`` beside Oxigraph's own server (``oxigraph serve-read-only``) on the same data, for
   a small named query and a count.

Medians of ``--runs``; machines are noisy: read the ratios.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.support: free_port, wait_for

from _timing import median_seconds

import terve_kunta as tk
from terve_kunta.cli.store import oxigraph_binary
from terve_kunta.namespaces import PREFIXES
from terve_kunta.rdf.terms import from_oxigraph, to_oxigraph
from terve_kunta.sparql import safety
from terve_kunta.sparql._canonical import canonical_text
from terve_kunta.sparql.named import named_queries, prepare
from terve_kunta.sparql.rows import Rows
from terve_kunta.stores.memory import ntriples

FAST = ("members-by-region", {"region_code": "11", "as_of": "2024-06-30"})
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def median_ms(call: Callable[[], object], runs: int) -> float:
    """The median wall time of ``call`` in milliseconds, after a warm-up run."""
    return median_seconds(call, runs, time.perf_counter) * 1000


def bench_guard(runs: int) -> None:
    from rdflib.plugins.sparql import prepareQuery

    texts = [q.text for q in named_queries()]

    def guard() -> None:
        for text in texts:
            safety._parse_query.cache_clear()
            safety.check_query(text)

    rdflib_only = median_ms(lambda: [prepareQuery(t, initNs=PREFIXES) for t in texts], runs) / len(texts)
    canonical = median_ms(lambda: [canonical_text(t) for t in texts], runs) / len(texts)
    checked = median_ms(guard, runs) / len(texts)
    print(f"guard per query ({len(texts)} named queries, not cached): check_query {checked:.2f} ms")
    print(f"  baseline, rdflib's parse alone (the guard before) {rdflib_only:.2f} ms")
    print(f"  of which the canonical rewriting {canonical:.3f} ms")
    print("  (check_query caches by text: a query run again costs a dictionary look-up)")


def bench_timeout(runs: int) -> None:
    import pyoxigraph as ox

    kg = tk.load()
    name, params = FAST
    checked, terms = prepare(name, params)
    plain = ox.Store()
    plain.bulk_load(ntriples(kg.rdf), format=ox.RdfFormat.N_TRIPLES)
    substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in terms.items()}

    def in_process() -> object:  # what the memory store did before: the query here, the same rows made
        solutions = plain.query(checked.text, substitutions=substitutions)
        assert isinstance(solutions, ox.QuerySolutions)
        columns = [v.value for v in solutions.variables]
        term = cache(from_oxigraph)
        return Rows(columns, [{c: None if (v := s[c]) is None else term(v) for c in columns} for s in solutions])

    def raw() -> object:
        solutions = plain.query(checked.text, substitutions=substitutions)
        assert isinstance(solutions, ox.QuerySolutions)
        return list(solutions)

    worker = median_ms(lambda: kg.query(name, **params), runs)  # type: ignore[arg-type]
    limited = median_ms(lambda: kg.query(name, timeout=60, **params), runs)  # type: ignore[arg-type]
    baseline, bare = median_ms(in_process, runs), median_ms(raw, runs)
    print(f"fast query ({name}): kg.query in the worker {worker:.2f} ms, with timeout=60 {limited:.2f} ms")
    print(f"  baseline, the same in this process (as before) {baseline:.2f} ms; the bare pyoxigraph call {bare:.2f} ms")
    kg.store.close()


def throughput(url: str, query: str, requests: int, clients: int) -> float:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    body = urllib.parse.urlencode({"query": query}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}

    def client() -> None:
        for _ in range(requests // clients):
            with opener.open(urllib.request.Request(url, data=body, headers=headers), timeout=60) as answer:
                answer.read()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return (requests // clients * clients) / (time.perf_counter() - start)


def bench_server(requests: int, clients: int) -> None:
    from tests.support import free_port, wait_for

    query = 'SELECT ?m ?name WHERE { ?m dct:identifier "297" ; skos:prefLabel ?name }'
    with tempfile.TemporaryDirectory(prefix="tk-bench-serve-") as tmp:
        folder = Path(tmp) / "db"
        tk.load(store=f"oxigraph:{folder}").store.close()
        ours, theirs = free_port(), free_port()
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        serve = [sys.executable, "-m", "terve_kunta", "serve", "--store", f"oxigraph:{folder}", "--port", str(ours)]
        ox_serve = [oxigraph_binary(), "serve-read-only", "--location", str(folder), "--bind", f"127.0.0.1:{theirs}"]
        processes = [subprocess.Popen(serve, **quiet)]  # type: ignore[call-overload]
        try:
            wait_for(f"http://127.0.0.1:{ours}/query", processes[0], seconds=90)
            processes.append(subprocess.Popen([*ox_serve, "--union-default-graph"], **quiet))  # type: ignore[call-overload]
            wait_for(f"http://127.0.0.1:{theirs}/query", processes[1])
            for label, text in (("a small lookup", query), ("a count of all triples", COUNT)):
                mine = throughput(f"http://127.0.0.1:{ours}/query", text, requests, clients)
                declared = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items()) + text  # it needs them
                base = throughput(f"http://127.0.0.1:{theirs}/query", declared, requests, clients)
                print(f"server, {label}, {clients} clients: terve-kunta serve {mine:.0f} queries/s")
                print(f"  baseline, oxigraph serve-read-only {base:.0f} queries/s (ratio {base / mine:.1f}x)")
        finally:
            for process in processes:
                process.terminate()
                process.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args(argv)
    bench_guard(args.runs)
    bench_timeout(args.runs)
    bench_server(args.requests, args.clients)
    return 0


if __name__ == "__main__":
    sys.exit(main())
