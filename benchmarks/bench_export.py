"""kg.export in each format beside plain rdflib's serialize of the same graph, and publish, in one run.

    python benchmarks/bench_export.py [--scales 1,1000] [--runs 3]

Scale 1 is the shipped graph; scale k adds generated members (as benchmarks/bench_queries.py
does) until the graph has about k times the shipped number of triples. For each scale and RDF
format it prints the median seconds of ``kg.export(format=..., profile="public")`` (profile
selection, description and writing included) and of ``kg.rdf.serialize(format=...)`` (plain
rdflib, the same graph, no profile or description), and their ratio; then ``publish`` of the
shipped graph. Targets: export no slower than rdflib in every format; publish under 10 s.
Exit code 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_queries import TRIPLES_PER_MEMBER, generated

import terve_kunta as tk

#: rdflib cannot write N-Quads or TriG from a graph without named graphs: its N-Triples and Turtle stand in.
RDFLIB = {"turtle": "turtle", "json-ld": "json-ld", "nt": "nt", "nq": "nt", "trig": "turtle", "xml": "xml"}


def median_s(call: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,1000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    missed = False
    for scale in (int(s) for s in args.scales.split(",")):
        kg = tk.load()
        members = (kg.triple_count * (scale - 1)) // TRIPLES_PER_MEMBER
        kg.rdf.addN((s, p, o, kg.rdf) for s, p, o in generated(members))
        runs = args.runs if scale < 100 else 1
        print(f"scale {scale}: {kg.triple_count:,} triples, {runs} run(s) each", flush=True)
        print(f"  {'format':8} {'kg.export':>10} {'rdflib':>10} {'rdflib/export':>14}")
        for fmt, name in RDFLIB.items():
            ours = median_s(lambda: kg.export(format=fmt), runs)  # noqa: B023
            theirs = median_s(lambda: kg.rdf.serialize(format=name), runs)  # noqa: B023
            missed |= ours > theirs
            print(f"  {fmt:8} {ours:9.2f}s {theirs:9.2f}s {theirs / ours:13.1f}x  (rdflib: {name})", flush=True)
    from terve_kunta.export.site import publish

    kg = tk.load()
    with tempfile.TemporaryDirectory() as folder:
        seconds = median_s(lambda: publish(kg, kg.store, Path(folder) / "site", force=True), args.runs)
    missed |= seconds > 10
    print(f"publish of the shipped graph: {seconds:.1f} s (target under 10 s)")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
