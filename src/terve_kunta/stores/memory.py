"""The default store: one rdflib graph in this process, with SPARQL answered by Oxigraph's engine in a worker."""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from functools import cache
from typing import Any, cast

from rdflib import Graph, URIRef
from rdflib.term import Identifier, Node

from terve_kunta.data.files import TrackedMemory
from terve_kunta.errors import StoreError
from terve_kunta.namespaces import PREFIXES
from terve_kunta.rdf.canonical import new_graph
from terve_kunta.rdf.terms import to_oxigraph
from terve_kunta.sparql.rows import Rows
from terve_kunta.sparql.safety import CheckedQuery, CheckedUpdate
from terve_kunta.stores._process import WorkerProcess
from terve_kunta.stores.base import QueryResult, Store
from terve_kunta.stores.oxigraph import run_in

__all__ = ["MemoryStore", "ntriples"]


def ntriples(graph: Graph) -> bytes:
    """The triples of the rdflib ``graph`` as N-Triples, written by Oxigraph."""
    import pyoxigraph as ox

    term = cache(to_oxigraph)  # each term is converted once, however often it occurs
    triples = (ox.Triple(term(s), term(p), term(o)) for s, p, o in graph)
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


class MemoryStore(Store):
    """The default store: one rdflib graph in this process (the union of the files).

    SPARQL runs in Oxigraph's engine, in a worker process (:mod:`._process`) that holds
    a copy of the graph, sent on the first query and again whenever the graph has
    changed since (a graph from :func:`terve_kunta.data.files.load_graph` counts its
    changes); parameters are bound by Oxigraph's substitutions. The worker is what
    lets a time limit or Ctrl-C stop a query at once. A graph that does not count its
    changes (one the caller built) is queried with rdflib itself, parameters bound
    with ``initBindings`` (pure Python, so Ctrl-C stops it); with a time limit it is
    copied to the worker for each query.
    """

    kind = "memory"

    def __init__(self, graph: Graph) -> None:
        super().__init__("memory")
        self.graph = graph
        self._sent = -1  # the graph's version that the worker holds
        me = weakref.ref(self)  # the worker must not keep the store alive (it ends with it)

        def fill() -> list[tuple[Any, ...]]:
            store = me()
            if store is None:
                return [("open", None, False)]
            store._sent = store._version()
            return [("open", None, False), ("replace", ntriples(store.graph))]

        self._worker = WorkerProcess("the memory store", fill)

    def _version(self) -> int:
        store = self.graph.store
        return store.version if isinstance(store, TrackedMemory) else -1

    def close(self) -> None:
        """End the query worker (the graph stays as it is)."""
        self._worker.stop()
        super().close()

    def run(self, query: CheckedQuery, bindings: Mapping[str, Node], timeout: float | None = None) -> QueryResult:
        """Run the query in Oxigraph's engine (or rdflib's, see the class)."""
        tracked = isinstance(self.graph.store, TrackedMemory)
        if not tracked and timeout is None:
            return self._rdflib(query, bindings)
        if self._worker.running and (not tracked or self._sent != self._version()):
            self._worker.call(("replace", ntriples(self.graph)))
            self._sent = self._version()
        return run_in(self._worker, query, bindings, False, timeout)

    def _rdflib(self, query: CheckedQuery, bindings: Mapping[str, Node]) -> QueryResult:
        result = self.graph.query(query.prepared, initBindings=cast(Mapping[str, Identifier], bindings))
        if query.form == "ASK":
            return bool(result.askAnswer)
        if query.form in ("CONSTRUCT", "DESCRIBE"):
            assert result.graph is not None
            return new_graph(result.graph)
        columns = [str(v) for v in result.vars or ()]
        return Rows(columns, [{str(k): v for k, v in row.asdict().items()} for row in result])  # type: ignore[union-attr]

    def update(self, update: CheckedUpdate) -> None:
        """Run the update with rdflib on the graph."""
        from rdflib.plugins.sparql.processor import prepareUpdate

        try:
            self.graph.update(prepareUpdate(update.text, initNs=PREFIXES))
        except Exception as exc:  # rdflib raises bare Exceptions, e.g. for GRAPH on a graph without named graphs
            reason = " ".join(str(exc).split())[:300]
            raise StoreError(
                f"the memory store cannot run the update (it holds one graph, no named ones): {reason}"
            ) from None

    def snapshot(self) -> Graph:
        """The graph itself (nothing is copied)."""
        return self.graph

    def _read_union(self) -> Graph:
        return self.graph

    def is_empty(self) -> bool:
        """Whether the graph is empty."""
        return len(self.graph) == 0

    def put_graph(self, iri: URIRef, turtle: str) -> None:
        """A memory store keeps no named graphs and nothing outlives the process."""
        raise StoreError(
            "the memory store keeps nothing after the process ends: save the registry to a file "
            "(save_registry(path), --registry FILE) or use a persistent store (oxigraph:PATH or a URL)"
        )

    def has_graph(self, iri: URIRef) -> bool:
        """False: the memory store holds the union only, no named graphs."""
        return False
