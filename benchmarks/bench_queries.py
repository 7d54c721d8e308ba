"""Named queries on each store beside plain rdflib on the same data, in one run.

    python benchmarks/bench_queries.py [--scales 1,100,1000] [--runs N]

Scale 1 is the shipped graph. Scale k adds generated members (k x 52 fictitious
municipalities, each with a region, labels and a dated membership), so the member
queries grow with k; the concept queries do not. Prints, per query, the median time
on the memory store, the Oxigraph store and plain rdflib (``Graph.query`` on the same
triples), and the rdflib/Oxigraph ratio. Targets: each named query under 10 ms on the
memory store at scale 1; Oxigraph at least 10x faster than rdflib at the largest scale.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from rdflib import BNode, Graph, Literal

import terve_kunta as tk
from terve_kunta.namespaces import DCTERMS, ID, ORG, PREFIXES, RDF, SKOS, TIME, TK, TK_NETWORK
from terve_kunta.queries import named_queries

PARAMS: dict[str, dict[str, Any]] = {"membership-changes": {"since": "2024-01-01", "until": "2030-12-31"}}


def generated(scale: int) -> Graph:
    graph = tk.load().rdf
    for i in range((scale - 1) * 52):
        member, membership, interval, begin = ID[f"municipality/g{i}"], ID[f"membership/g/{i}"], BNode(), BNode()
        for triple in [
            (member, RDF.type, TK.Municipality),
            (member, DCTERMS.identifier, Literal(f"g{i}")),
            (member, SKOS.prefLabel, Literal(f"Kunta {i}", lang="fi")),
            (member, TK.region, ID[f"region/{1 + i % 19:02d}"]),
            (membership, RDF.type, ORG.Membership),
            (membership, ORG.member, member),
            (membership, ORG.organization, TK_NETWORK),
            (membership, DCTERMS.source, ID["source/reference-data"]),
            (membership, ORG.memberDuring, interval),
            (interval, RDF.type, TIME.Interval),
            (interval, TIME.hasBeginning, begin),
            (begin, TIME.inXSDDate, Literal(date(2020 + i % 10, 1 + i % 12, 1))),
        ]:
            graph.add(triple)
    return graph


def median_ms(call: Callable[[], object], runs: int) -> float:
    call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,100,1000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    missed = []
    for scale in [int(s) for s in args.scales.split(",")]:
        graph = generated(scale)
        memory = tk.KnowledgeGraph(graph)
        with tempfile.TemporaryDirectory() as folder:
            store = tk.load(store=f"oxigraph:{folder}/db")
            store.store._db().bulk_extend(  # type: ignore[attr-defined]
                __import__("pyoxigraph").Quad(*(tk.terms.to_oxigraph(t) for t in triple)) for triple in graph
            ) if scale > 1 else None
            plain = Graph()
            for triple in graph:
                plain.add(triple)
            print(f"\nscale {scale}: {len(graph)} triples; median of {args.runs} runs, ms")
            print(f"{'query':<38} {'memory':>9} {'oxigraph':>9} {'rdflib':>10} {'rdflib/oxigraph':>16}")
            for query in named_queries():
                params = PARAMS.get(query.name, {})
                terms = query.bind(params)
                runs = args.runs if scale < 1000 else 1
                m = median_ms(lambda: memory.query(query.name, **params), args.runs)  # noqa: B023
                o = median_ms(lambda: store.query(query.name, **params), args.runs)  # noqa: B023
                r = median_ms(lambda: list(plain.query(query.text, initBindings=terms, initNs=PREFIXES)), runs)  # type: ignore[arg-type]  # noqa: B023
                print(f"{query.name:<38} {m:9.2f} {o:9.2f} {r:10.1f} {r / o:15.0f}x")
                if scale == 1 and m >= 10:
                    missed.append(f"{query.name} on memory at scale 1: {m:.1f} ms")
                if scale >= 1000 and r / o < 10:
                    missed.append(f"{query.name} at scale {scale}: Oxigraph only {r / o:.1f}x rdflib")
            store.store.close()
    for line in missed:
        print(f"MISS {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
