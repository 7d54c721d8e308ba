"""kg.export in each format and profile beside plain rdflib's serialize of the same graph, and publish, in one run.

    python benchmarks/bench_export.py [--scales 1,1000] [--runs 5] [--limit 600] [--profiles public,who,full]

Scale 1 is the shipped graph; scale k adds generated members (as benchmarks/bench_queries.py
does) until the graph has about k times the shipped number of triples. For each scale and
RDF format it prints the median seconds of ``kg.export(format=..., profile=...)`` for each
profile (choosing the profile's triples, describing them with DCAT, VoID and PROV, and
writing them: everything an export does) and of plain rdflib writing the same graph,
with the ratio rdflib / the slowest profile:

- triple formats: ``kg.rdf.serialize(format=...)``, the whole graph as it is;
- quad formats (N-Quads, TriG): rdflib cannot write quads from a Graph, so an rdflib
  ``Dataset`` holding the public export's quads (its named graphs) is built first,
  untimed, and its ``serialize`` timed; from scale 100 on a second copy of millions of
  triples would not fit beside the first, and rdflib's N-Triples and Turtle of the
  graph stand in (``nt*``, ``turtle*``: less work than writing quads, so the ratio is
  a lower bound).

At scale 1 each figure is the median of ``--runs`` runs after a warm-up run; from scale
100 on each is one run, and a plain-rdflib run still going after ``--limit`` seconds is
stopped: its time and ratio are then lower bounds (``>``). Then ``publish`` of the shipped
graph (median of ``--runs``). The load average is printed before and after each part:
the machine is shared, read the ratios. Targets: every export no slower than rdflib at
every scale; publish under 10 s. Exit code 1 if one is missed.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_queries import TRIPLES_PER_MEMBER, generated

import terve_kunta as tk
from terve_kunta.export.formats import PROFILES, RDF_FORMATS
from terve_kunta.export.serialize import prepare

RDFLIB = {"turtle": "turtle", "json-ld": "json-ld", "nt": "nt", "nq": "nquads", "trig": "trig", "xml": "xml"}
STAND_IN = {"nq": "nt", "trig": "turtle"}


class TimeLimit(BaseException):
    """A plain-rdflib run went past the time limit.

    Not an Exception: rdflib's Turtle writer catches every Exception of a prefix lookup, and
    would swallow it.
    """


def median_s(call: Callable[[], object], runs: int, limit: float | None = None) -> tuple[float, bool]:
    """Median seconds of ``call`` (after a warm-up when runs > 1); (limit, True) if a run passes ``limit``."""

    def stop(signum: int, frame: object) -> None:
        raise TimeLimit

    previous = signal.signal(signal.SIGALRM, stop)
    try:
        if runs > 1:
            call()
        times = []
        for _ in range(runs):
            if limit:
                signal.setitimer(signal.ITIMER_REAL, limit)
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
            signal.setitimer(signal.ITIMER_REAL, 0)
        return statistics.median(times), False
    except TimeLimit:
        return limit or 0.0, True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def rdflib_dataset(kg: tk.KnowledgeGraph) -> object:
    """An rdflib Dataset holding the public export's quads (its named graphs and description)."""
    from rdflib import Dataset

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset = Dataset()
        data = prepare(kg, kg.store, "public", None)
        dataset.addN(
            (s, p, o, dataset.graph(g) if g is not None else dataset.default_graph) for s, p, o, g in data.quads()
        )
    return dataset


def bench_scale(scale: int, profiles: list[str], runs: int, limit: float) -> bool:
    """Print one scale's table; True if a target is missed."""
    kg = tk.load()
    members = (kg.triple_count * (scale - 1)) // TRIPLES_PER_MEMBER
    start = time.perf_counter()
    kg.rdf.addN((s, p, o, kg.rdf) for s, p, o in generated(members))
    runs = runs if scale < 100 else 1
    print(
        f"\nscale {scale}: {kg.triple_count:,} triples ({time.perf_counter() - start:.0f} s to build), "
        f"{runs} run(s) each; {load()}",
        flush=True,
    )
    dataset = rdflib_dataset(kg) if scale < 100 else None
    columns = "".join(f"{p:>10}" for p in profiles)
    print(f"  {'format':8} {'rdflib':>10}{columns}  rdflib/slowest", flush=True)
    missed = False
    for fmt in RDF_FORMATS:
        ours = [median_s(lambda: kg.export(format=fmt, profile=p), runs)[0] for p in profiles]  # noqa: B023
        name = RDFLIB[fmt]
        if fmt in STAND_IN and dataset is None:
            name = STAND_IN[fmt]
            theirs, stopped = median_s(lambda: kg.rdf.serialize(format=name), runs, limit)  # noqa: B023
            name += "*"
        elif fmt in STAND_IN:
            theirs, stopped = median_s(lambda: dataset.serialize(format=name), runs, limit)  # type: ignore[attr-defined]  # noqa: B023
        else:
            theirs, stopped = median_s(lambda: kg.rdf.serialize(format=name), runs, limit)  # noqa: B023
        missed |= max(ours) > theirs and not stopped
        mark = ">" if stopped else " "
        cells = "".join(f"{t:9.2f}s" for t in ours)
        ratio = f"{mark}{theirs / max(ours):5.1f}x"
        print(f"  {fmt:8} {mark}{theirs:8.2f}s{cells}  {ratio}  (rdflib: {name}; {load()})", flush=True)
    print(f"  {load()}", flush=True)
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,1000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--limit", type=float, default=600.0, help="seconds after which a plain-rdflib run is stopped")
    parser.add_argument("--profiles", default=",".join(PROFILES))
    parser.add_argument("--no-publish", action="store_true")
    args = parser.parse_args(argv)
    profiles = args.profiles.split(",")
    missed = False
    for scale in (int(s) for s in args.scales.split(",")):
        missed |= bench_scale(scale, profiles, args.runs, args.limit)
    if not args.no_publish:
        from terve_kunta.export.site import publish

        kg = tk.load()
        with tempfile.TemporaryDirectory() as folder:
            seconds, _ = median_s(lambda: publish(kg, kg.store, Path(folder) / "site", force=True), args.runs)
        missed |= seconds > 10
        print(f"\npublish of the shipped graph: {seconds:.2f} s (median of {args.runs}; target under 10 s); {load()}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
