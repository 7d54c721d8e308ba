"""CPU seconds of the readers and of canonical Turtle beside the plain rdflib way of doing the same, in one run.

    python benchmarks/bench_readers.py [--runs 20]

For the shipped graph it prints the median CPU time (``time.process_time``) of:

- ``read_places`` and ``memberships_of_network`` reading the store's subject index, beside
  the same readers going through rdflib's Graph API (``graph.objects``/``graph.value``, as
  every graph without that index is read);
- ``canonical_turtle`` of the registry and of the whole graph, beside rdflib's
  ``serialize(format="longturtle")`` of the same triples (blank nodes already named), which
  writes the same bytes;
- ``registry_graph``.

The load average is printed before and after: the machine is shared, read the ratios.
Targets: the indexed readers and canonical Turtle at least twice as fast as the plain way;
exit code 1 if one is missed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from unittest import mock

from _timing import median_seconds, report
from rdflib import BNode, Graph

from terve_kunta.data import _places, readers
from terve_kunta.data.files import load_graph
from terve_kunta.namespaces import TK_NETWORK
from terve_kunta.rdf import canonical
from terve_kunta.registry._plan import registry_graph


def cpu(action: Callable[[], object], runs: int) -> float:
    """Median CPU seconds of ``action`` over ``runs`` runs, after one run to warm up."""
    return median_seconds(action, runs)


def plain(action: Callable[[], object]) -> Callable[[], object]:
    """``action`` with the readers going through the Graph API (no store index)."""

    def run() -> object:
        with mock.patch.object(readers, "subject_index", lambda graph: None):
            return action()

    return run


def rdflib_longturtle(graph: Graph) -> Callable[[], object]:
    """rdflib writing ``graph`` as canonical_turtle does, with the same names of blank nodes."""

    def run() -> object:
        triples = list(graph)
        names = canonical._stable_names(graph, triples)
        renamed = [(names[s] if isinstance(s, BNode) else s, p, names[o] if isinstance(o, BNode) else o)
                   for s, p, o in triples]  # fmt: skip
        return canonical.new_graph(renamed).serialize(format="longturtle")

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    graph = load_graph()
    registry = registry_graph(graph)
    assert canonical.canonical_turtle(registry) == rdflib_longturtle(registry)()
    rows: list[tuple[str, Callable[[], object], bool]] = [
        ("read_places", lambda: _places.read_places(graph), True),
        ("memberships_of_network", lambda: readers.memberships_of_network(graph, TK_NETWORK), True),
        ("canonical_turtle(registry)", lambda: canonical.canonical_turtle(registry), False),
        ("canonical_turtle(whole graph)", lambda: canonical.canonical_turtle(graph), False),
    ]
    missed = []
    print(f"{'':32} {'terve_kunta':>12} {'plain':>12} {'ratio':>7}")
    for name, action, reader in rows:
        ours = cpu(action, args.runs)
        base = cpu(plain(action) if reader else rdflib_longturtle(graph if "whole" in name else registry), args.runs)
        print(f"{name:32} {ours * 1000:10.1f}ms {base * 1000:10.1f}ms {base / ours:6.1f}x")
        if base / ours < 2:
            missed.append(f"{name}: {base / ours:.1f}x, under the target of 2x")
    print(f"{'registry_graph':32} {cpu(lambda: registry_graph(graph), args.runs) * 1000:10.1f}ms")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return report(missed)


if __name__ == "__main__":
    sys.exit(main())
