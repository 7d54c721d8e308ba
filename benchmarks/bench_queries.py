"""Named queries on each store beside plain rdflib on the same data, in one run.

    python benchmarks/bench_queries.py [--scales 1,100,1000] [--runs N]   (needs the test extra)

Scale 1 is the shipped graph (about 6,100 triples). Scale k adds generated members
(fictitious municipalities, each with labels, a region, a county and a dated
membership, about 19 triples each) until the graph has about k times the shipped
number of triples; the member queries grow with it, the concept queries do not.

For each scale it prints how long the data took to get into each store (for the
Oxigraph store: a bulk load and ``optimize()``, as Oxigraph advises after one), then per
named query the median time on the memory store (the default), the Oxigraph store on
disk, an Oxigraph server over HTTP on 127.0.0.1 (bulk-loaded offline with
``oxigraph load``, as MEASURED.md advises for big data), and plain rdflib
(``Graph.query`` with ``initBindings`` on the same graph), and the rdflib/Oxigraph
ratio. The Oxigraph stores are timed first, then the memory store and plain
rdflib, so that no store is timed beside another's copy of the big graph. Plain
rdflib runs once per query from scale 100 on, and a query still running after
``--limit`` seconds is stopped: its time and ratio are then printed as lower
bounds (``>``). Targets: every named query under 10 ms on the memory store at scale 1; the
Oxigraph store at least 10x faster than plain rdflib at the largest scale.
Exit code 1 if a target is missed. Machines are noisy: read the ratios.
"""

from __future__ import annotations

import argparse
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Any, cast

from _timing import report
from rdflib import BNode, Literal
from rdflib.term import Identifier, Node

import terve_kunta as tk
from terve_kunta.cli.store import oxigraph_binary
from terve_kunta.namespaces import DCTERMS, GRAPH, ID, ORG, PREFIXES, RDF, SKOS, TIME, TK, TK_NETWORK
from terve_kunta.rdf.terms import to_oxigraph
from terve_kunta.sparql.named import NamedQuery, named_queries
from terve_kunta.stores._http import Limits

PARAMS: dict[str, dict[str, Any]] = {"membership-changes": {"since": "2024-01-01", "until": "2030-12-31"}}
TRIPLES_PER_MEMBER = 19
FAST_RUNS = 25
BENCH_GRAPH = GRAPH["data/memberships"]  # one of the store's graphs: an endpoint's store reads only those

Triple = tuple[Node, Node, Node]


def generated(count: int) -> Iterator[Triple]:
    """Triples of ``count`` fictitious member municipalities (codes g0, g1, ...)."""
    for i in range(count):
        member, membership = ID[f"municipality/g{i}"], ID[f"membership/terve-kunta/municipality/g{i}/1"]
        interval, begin = BNode(f"gi{i}"), BNode(f"gb{i}")
        yield from (
            (member, RDF.type, TK.Municipality),
            (member, DCTERMS.identifier, Literal(f"g{i}")),
            (member, SKOS.prefLabel, Literal(f"Kunta {i}", lang="fi")),
            (member, SKOS.prefLabel, Literal(f"Kommun {i}", lang="sv")),
            (member, TK.region, ID[f"region/{[1, 2, 4, 5, 6, 7, 8, 9, 10, 11][i % 10]:02d}"]),
            (member, TK.wellbeingServicesCounty, ID[f"wellbeing-services-county/{1 + i % 21:02d}"]),
            (member, TK.inClassification, ID["classification/municipalities-2024"]),
            (member, DCTERMS.source, ID["classification/municipalities-2024"]),
            (membership, RDF.type, ORG.Membership),
            (membership, ORG.member, member),
            (membership, ORG.organization, TK_NETWORK),
            (membership, ORG.role, ID["role/member"]),
            (membership, DCTERMS.source, ID["source/reference-data"]),
            (membership, ORG.memberDuring, interval),
            (interval, RDF.type, TIME.Interval),
            (interval, TIME.hasBeginning, begin),
            (begin, RDF.type, TIME.Instant),
            (begin, TIME.inXSDDate, Literal(date(2015 + i % 10, 1 + i % 12, 1))),
            (member, TK.order, Literal(i)),
        )


def median_ms(call: Callable[[], object], runs: int) -> float:
    """Median of ``runs`` timed calls after one warm-up call; a first call over 1 s is measured alone.

    The warm-up keeps cold caches out of the figure of a fast query; a slow one (a
    member query at 1,000x, a minute or more) is timed once, where a cold start is
    noise. A query whose warm-up took under 50 ms is timed at least
    ``FAST_RUNS`` times: a median of three millisecond runs is mostly noise.
    """
    start = time.perf_counter()
    call()
    first = time.perf_counter() - start
    if first > 1.0:
        return first * 1000
    times = []
    for _ in range(runs if first >= 0.05 else max(runs, FAST_RUNS)):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


class TimeLimit(Exception):
    """A plain-rdflib query ran past the time limit."""


def limited_ms(call: Callable[[], object], runs: int, limit: float) -> tuple[float, bool]:
    """Median ms of ``call``; if one run passes ``limit`` seconds, stop it and return (limit, True)."""

    def stop(signum: int, frame: object) -> None:
        raise TimeLimit

    previous = signal.signal(signal.SIGALRM, stop)
    try:
        signal.setitimer(signal.ITIMER_REAL, limit)
        return median_ms(call, runs), False
    except TimeLimit:
        return limit * 1000, True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def rdflib_runs(scale: int, runs: int) -> int:
    """Runs of plain rdflib per query: one from scale 100 on, where a member query takes minutes."""
    return 1 if scale >= 100 else runs


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def start_server(folder: Path, nquads: Path) -> tuple[subprocess.Popen[bytes], str, float]:
    from tests.support import free_port, wait_for

    binary = oxigraph_binary()
    start = time.perf_counter()
    subprocess.run([binary, "load", "--location", str(folder), "--file", str(nquads)], check=True, capture_output=True)
    loaded = time.perf_counter() - start
    port = free_port()
    command = [binary, "serve-read-only", "--location", str(folder), "--bind", f"127.0.0.1:{port}"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    process = subprocess.Popen(command, **quiet)  # type: ignore[call-overload]
    url = f"http://127.0.0.1:{port}/query"
    wait_for(url, process)
    return process, url, loaded


def quad(triple: Triple) -> Any:
    """The triple as a pyoxigraph quad in the benchmark's named graph."""
    import pyoxigraph as ox

    subject, predicate, obj = (to_oxigraph(term) for term in triple)
    return ox.Quad(subject, predicate, obj, ox.NamedNode(str(BENCH_GRAPH)))


def write_nquads(path: Path, triples: Iterator[Triple]) -> None:
    import pyoxigraph as ox

    ox.serialize((quad(triple) for triple in triples), output=str(path), format=ox.RdfFormat.N_QUADS)


def bench_oxigraph(
    queries: list[NamedQuery], members: int, runs: int, limit: float, times: dict[str, dict[str, float]]
) -> str:
    """Time every named query on the Oxigraph store on disk and on the server; the load line."""
    with tempfile.TemporaryDirectory(prefix="tk-bench-") as tmp:
        folder = Path(tmp)
        on_disk = tk.load(store=f"oxigraph:{folder / 'db'}")
        worker = on_disk.store._db()  # type: ignore[attr-defined]  # the worker process that holds the database
        write_nquads(folder / "generated.nq", generated(members))
        data = (folder / "generated.nq").read_bytes()
        load_disk = timed(lambda: worker.call(("bulk_load", data)))
        on_disk.refresh()
        write_nquads(folder / "all.nq", chain(tk.load().rdf, generated(members)))
        server, url, load_server = start_server(folder / "server-db", folder / "all.nq")
        try:
            remote = tk.load(store=url)
            remote.store.limits = Limits(read=limit, total=limit)  # type: ignore[attr-defined]  # big results are slow
            for query in queries:
                params = PARAMS.get(query.name, {})
                times[query.name]["oxigraph"] = median_ms(lambda: on_disk.query(query.name, **params), runs)  # noqa: B023
                times[query.name]["server"] = median_ms(lambda: remote.query(query.name, **params), runs)  # noqa: B023
        finally:
            server.terminate()
            server.wait(timeout=30)
            on_disk.store.close()
    return f"Oxigraph on disk {load_disk:.1f} s (bulk load and optimize), server (oxigraph load) {load_server:.1f} s"


def bench_memory(
    queries: list[NamedQuery], scale: int, members: int, runs: int, limit: float, times: dict[str, dict[str, float]]
) -> tuple[str, int]:
    """Time every named query on the memory store and in plain rdflib on its graph; the load line, triples."""
    memory = tk.load()
    load_memory = timed(lambda: [memory.rdf.add(t) for t in generated(members)])
    first_query = timed(lambda: memory.query("network-day-hosts"))  # builds the memory store's SPARQL mirror
    for query in queries:
        params = PARAMS.get(query.name, {})
        terms = cast(dict[str, Identifier], query.bind(params))
        times[query.name]["memory"] = median_ms(lambda: memory.query(query.name, **params), runs)  # noqa: B023
        plain = lambda: list(memory.rdf.query(query.text, initBindings=terms, initNs=PREFIXES))  # noqa: B023, E731
        ms, stopped = limited_ms(plain, rdflib_runs(scale, runs), limit)
        times[query.name]["rdflib"] = ms
        times[query.name]["stopped"] = float(stopped)
    return f"into memory {load_memory:.1f} s + SPARQL mirror {first_query:.1f} s", len(memory.rdf)


def bench_scale(
    queries: list[NamedQuery], scale: int, runs: int, limit: float, base_triples: int, missed: list[str]
) -> None:
    """One scale: the Oxigraph stores first, then the memory store and plain rdflib, then the table.

    The phases run one after the other in this process, so that no store is timed
    while another's copy of the big graph fills the memory (at 1,000x the rdflib
    graph alone takes about 10 GB, and slowed the Oxigraph store beside it).
    """
    members = round((scale - 1) * base_triples / TRIPLES_PER_MEMBER)
    times: dict[str, dict[str, float]] = {query.name: {} for query in queries}
    print(f"scale {scale}: timing the Oxigraph store on disk and the server...", file=sys.stderr, flush=True)
    oxigraph_line = bench_oxigraph(queries, members, runs, limit, times)
    print(f"scale {scale}: timing the memory store and plain rdflib...", file=sys.stderr, flush=True)
    memory_line, triples = bench_memory(queries, scale, members, runs, limit, times)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\nscale {scale}: {triples:,} triples ({members:,} generated members); {memory_line}, "
        f"{oxigraph_line}; peak RSS {peak:,.0f} MB"
    )
    print(
        f"ms: median of {runs} runs ({FAST_RUNS} if the warm-up took under 50 ms) after a warm-up "
        "(a query whose first run takes over 1 s: that run); "
        f"plain rdflib {rdflib_runs(scale, runs)} run(s), stopped after {limit:g} s"
    )
    print(f"{'query':<38} {'memory':>9} {'oxigraph':>9} {'server':>9} {'rdflib':>11} {'rdflib/oxigraph':>16}")
    for name, t in times.items():
        m, o, s, r = t["memory"], t["oxigraph"], t["server"], t["rdflib"]
        more = ">" if t["stopped"] else " "
        print(f"{name:<38} {m:9.2f} {o:9.2f} {s:9.2f} {more}{r:10.1f} {more}{r / o:13.0f}x")
        if scale == 1 and m >= 10:
            missed.append(f"{name} on the memory store at scale 1: {m:.1f} ms")
        if scale >= 1000 and r / o < 10:
            missed.append(f"{name} at scale {scale}: Oxigraph only {r / o:.1f}x plain rdflib")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,100,1000", help="comma-separated multiples of the shipped graph")
    parser.add_argument(
        "--runs", type=int, default=5, help="runs per query after a warm-up (plain rdflib: 1 from scale 100)"
    )
    parser.add_argument(
        "--limit", type=float, default=900, help="stop a plain-rdflib query after this many seconds (default 900)"
    )
    parser.add_argument("--queries", help="comma-separated names of the named queries to time (default: all)")
    args = parser.parse_args(argv)
    queries = list(named_queries())
    if args.queries:
        known = {query.name: query for query in queries}
        unknown = sorted(set(args.queries.split(",")) - set(known))
        if unknown:
            parser.error(f"--queries: no named query {', '.join(unknown)}; the names are {', '.join(known)}")
        queries = [known[name] for name in args.queries.split(",")]
    # a SIGTERM (e.g. `kill`) unwinds like Ctrl-C, so the Oxigraph server started below is stopped too
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.store_fixtures
    base_triples = len(tk.load().rdf)
    missed: list[str] = []
    for scale in [int(s) for s in args.scales.split(",")]:
        # each scale's graphs are freed when bench_scale returns
        bench_scale(queries, scale, args.runs, args.limit, base_triples, missed)
    return report(missed)


if __name__ == "__main__":
    sys.exit(main())
