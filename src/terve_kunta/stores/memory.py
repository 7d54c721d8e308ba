"""The default store: one rdflib graph in this process, with SPARQL answered by Oxigraph's engine."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from rdflib import Graph, URIRef
from rdflib.term import Identifier, Node

from terve_kunta.data.files import TrackedMemory
from terve_kunta.errors import StoreError
from terve_kunta.namespaces import PREFIXES
from terve_kunta.rdf.canonical import new_graph
from terve_kunta.sparql.rows import Rows
from terve_kunta.sparql.safety import CheckedQuery
from terve_kunta.stores.base import QueryResult, Store
from terve_kunta.stores.oxigraph import mirror, run_query

__all__ = ["MemoryStore"]


class MemoryStore(Store):
    """The default store: one rdflib graph in this process (the union of the files).

    SPARQL runs in Oxigraph's engine over an in-memory copy of the graph, made on
    the first query and again whenever the graph has changed since (a graph from
    :func:`terve_kunta.data.files.load_graph` counts its changes); parameters are bound
    by Oxigraph's substitutions. A graph that does not count its changes (one the
    caller built) is queried with rdflib itself, parameters bound with ``initBindings``.
    """

    kind = "memory"

    def __init__(self, graph: Graph) -> None:
        super().__init__("memory")
        self.graph = graph
        self._engine: Any = None
        self._engine_version = -1

    def _oxigraph(self) -> Any:
        store = self.graph.store
        if not isinstance(store, TrackedMemory):
            return None
        if self._engine is None or self._engine_version != store.version:
            self._engine, self._engine_version = mirror(self.graph), store.version
        return self._engine

    def run(self, query: CheckedQuery, bindings: Mapping[str, Node]) -> QueryResult:
        """Run the query in Oxigraph's engine (or rdflib's, see the class)."""
        engine = self._oxigraph()
        if engine is not None:
            return run_query(engine, query, bindings, union=False)
        result = self.graph.query(query.prepared, initBindings=cast(Mapping[str, Identifier], bindings))
        if query.form == "ASK":
            return bool(result.askAnswer)
        if query.form in ("CONSTRUCT", "DESCRIBE"):
            assert result.graph is not None
            return new_graph(result.graph)
        columns = [str(v) for v in result.vars or ()]
        return Rows(columns, [{str(k): v for k, v in row.asdict().items()} for row in result])  # type: ignore[union-attr]

    def update(self, text: str) -> None:
        """Run the update with rdflib on the graph."""
        from rdflib.plugins.sparql.processor import prepareUpdate

        self.graph.update(prepareUpdate(text, initNs=PREFIXES))

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
