"""Where the knowledge graph lives: in memory, in Oxigraph on disk, or behind a SPARQL endpoint.

A store is chosen with one string (``tk.load(store=...)``, ``--store`` on the command
line):

- ``"memory"`` (the default): an rdflib graph in this process; nothing to start.
- ``"oxigraph:PATH"``: an Oxigraph database in the folder ``PATH`` (created if
  missing; needs the ``oxigraph`` extra). Persistent, with fast SPARQL.
- ``"http://host:port/..."``: the *query* URL of a SPARQL 1.1 endpoint (Oxigraph
  server, Fuseki, GraphDB, Virtuoso, Neptune); the update and Graph Store URLs are
  derived from it (see :func:`remote_urls`) or given.

Every store holds each packaged file in its own named graph and answers queries
over their union. The same API and test suite run on all three.

>>> parse_store_spec("oxigraph:/tmp/kg")
('oxigraph', '/tmp/kg')
>>> remote_urls("http://127.0.0.1:7878/query")
('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store')
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, cast

from rdflib import Graph, URIRef
from rdflib.term import Identifier, Node

from terve_kunta.canonical import new_graph
from terve_kunta.errors import TerveKuntaError
from terve_kunta.loading import REGISTRY_FILE, data_files, graph_iri, read_text
from terve_kunta.results import Rows
from terve_kunta.safety import CheckedQuery

__all__ = [
    "REGISTRY_GRAPH",
    "MemoryStore",
    "Store",
    "StoreError",
    "open_filled",
    "open_store",
    "packaged_graphs",
    "parse_store_spec",
    "remote_urls",
]

#: The named graph of the member registry (``ontology/data/memberships.ttl``).
REGISTRY_GRAPH = graph_iri(REGISTRY_FILE)

QueryResult = Rows | bool | Graph


class StoreError(TerveKuntaError):
    """A store cannot be opened, read or written; the message names the store and the reason."""


class Store(ABC):
    """What every store does; :class:`terve_kunta.KnowledgeGraph` uses only this."""

    #: "memory", "oxigraph" or "remote"
    kind: str = ""
    #: True if what is written to the store outlives the process
    persistent: bool = False

    def __init__(self, spec: str) -> None:
        self.spec = spec
        self._snapshot: Graph | None = None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.spec}>"

    @abstractmethod
    def run(self, query: CheckedQuery, bindings: Mapping[str, Node]) -> QueryResult:
        """Run a checked query with ``bindings`` (variable name -> term) bound by the store itself."""

    @abstractmethod
    def update(self, text: str) -> None:
        """Run a (checked) SPARQL update."""

    @abstractmethod
    def _read_union(self) -> Graph:
        """Every triple of the store's graphs, as a new in-memory graph."""

    @abstractmethod
    def is_empty(self) -> bool:
        """Whether the store holds no triple at all."""

    @abstractmethod
    def put_graph(self, iri: URIRef, turtle: str) -> None:
        """Replace the named graph ``iri`` with the Turtle ``turtle``, atomically."""

    @abstractmethod
    def has_graph(self, iri: URIRef) -> bool:
        """Whether the named graph ``iri`` holds any triple."""

    def close(self) -> None:
        """Release the store (Oxigraph: its folder's lock); nothing to do for the others."""
        self._snapshot = None

    def snapshot(self) -> Graph:
        """The union of the store's graphs as an rdflib graph in memory, read once and kept.

        The typed views (members, themes...) read from it; :meth:`invalidate` drops it.
        """
        if self._snapshot is None:
            self._snapshot = self._read_union()
        return self._snapshot

    def invalidate(self) -> None:
        """Forget the snapshot, so that the next one is read from the store."""
        self._snapshot = None

    def put_packaged(self, registry: Path | None = None, keep_registry: bool = False) -> list[str]:
        """Put every packaged file (not the shapes) into its named graph; return the graph IRIs written.

        ``registry`` replaces the packaged member registry; with ``keep_registry`` a
        registry graph already in the store is left as it is.
        """
        written = []
        keep = keep_registry and self.has_graph(REGISTRY_GRAPH)
        for iri, text in packaged_graphs(registry):
            if keep and iri == REGISTRY_GRAPH:
                continue
            self.put_graph(iri, text)
            written.append(str(iri))
        self.invalidate()
        return written


class MemoryStore(Store):
    """The default store: one rdflib graph in this process (the union of the files).

    SPARQL runs in Oxigraph's engine over an in-memory copy of the graph, made on
    the first query and again whenever the graph has changed since (a graph from
    :func:`terve_kunta.loading.load_graph` counts its changes); parameters are bound
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
        from terve_kunta.loading import TrackedMemory

        store = self.graph.store
        if not isinstance(store, TrackedMemory):
            return None
        if self._engine is None or self._engine_version != store.version:
            from terve_kunta.store_oxigraph import mirror

            self._engine, self._engine_version = mirror(self.graph), store.version
        return self._engine

    def run(self, query: CheckedQuery, bindings: Mapping[str, Node]) -> QueryResult:
        """Run the query in Oxigraph's engine (or rdflib's, see the class)."""
        engine = self._oxigraph()
        if engine is not None:
            from terve_kunta.store_oxigraph import run_query

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

        from terve_kunta.namespaces import PREFIXES

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


def packaged_graphs(registry: Path | None = None) -> Iterator[tuple[URIRef, str]]:
    """Each packaged file's named graph and Turtle text (not the shapes); ``registry`` replaces the registry file."""
    for data_file in data_files():
        if data_file.role == "shapes":
            continue
        if registry is not None and data_file.path == REGISTRY_FILE:
            yield data_file.graph, read_text(registry)
        else:
            yield data_file.graph, data_file.read_text()


def parse_store_spec(spec: str) -> tuple[str, str]:
    """Split a store string into its kind (``memory``, ``oxigraph``, ``remote``) and location."""
    text = spec.strip()
    if text in ("", "memory"):
        return "memory", ""
    if text.startswith("oxigraph:"):
        location = text[len("oxigraph:") :]
        if not location:
            raise StoreError("store 'oxigraph:' needs a folder: oxigraph:PATH")
        return "oxigraph", location
    if text.startswith(("http://", "https://")):
        return "remote", text
    raise StoreError(
        f"unknown store {spec!r}: expected 'memory', 'oxigraph:PATH' or the http(s) URL of a SPARQL query endpoint"
    )


def remote_urls(
    query_url: str, update_url: str | None = None, graph_store_url: str | None = None
) -> tuple[str, str, str]:
    """The query, update and Graph Store URLs of an endpoint, deriving those not given.

    When the query URL ends in ``/query`` or ``/sparql`` (Oxigraph server, Fuseki),
    the others are ``.../update`` and ``.../store`` (Oxigraph's names; Fuseki's Graph
    Store is ``.../data``, give it explicitly); otherwise they are the query URL.
    """
    base, _, last = query_url.rstrip("/").rpartition("/")
    derived = last in ("query", "sparql")
    return (
        query_url,
        update_url or (f"{base}/update" if derived else query_url),
        graph_store_url or (f"{base}/store" if derived else query_url),
    )


def open_store(spec: str, update_url: str | None = None, graph_store_url: str | None = None) -> Store:
    """Open the persistent store named by ``spec`` (``oxigraph:PATH`` or a URL); see :func:`parse_store_spec`."""
    kind, location = parse_store_spec(spec)
    if kind == "oxigraph":
        from terve_kunta.store_oxigraph import OxigraphStore

        return OxigraphStore(location)
    if kind == "remote":
        from terve_kunta.store_remote import RemoteStore

        return RemoteStore(*remote_urls(location, update_url, graph_store_url))
    raise StoreError("open_store() opens persistent stores; the memory store is made by tk.load()")


def open_filled(
    spec: str, registry: Path | str | None = None, update_url: str | None = None, graph_store_url: str | None = None
) -> Store:
    """Open a persistent store for :func:`terve_kunta.load`, filling it with the packaged graph if it is empty.

    A store that holds data is used as it is; ``registry`` (a registry file) is then
    refused, since using it would replace the store's registry: ``terve-kunta load``
    does that on purpose. Raises :class:`StoreError` if the store does not answer
    over the union of its graphs.
    """
    store = open_store(spec, update_url, graph_store_url)
    if store.is_empty():
        store.put_packaged(Path(registry) if registry is not None else None)
    elif registry is not None:
        raise StoreError(
            f"{spec} already holds a graph, with its own member registry; to replace that registry with "
            f"{registry}, run: terve-kunta load --store {spec} --registry {registry}"
        )
    from terve_kunta.namespaces import TK_NETWORK
    from terve_kunta.safety import check_query

    found = store.run(check_query("ASK { ?network a tk:Network ; skos:prefLabel ?name }"), {"network": TK_NETWORK})
    if found is not True:
        raise StoreError(
            f"{spec} holds data but its default graph does not show the Terve Kunta network: the endpoint must "
            "answer queries over the union of its graphs (oxigraph serve --union-default-graph; Fuseki: "
            "tdb2:unionDefaultGraph true), and hold the graph (terve-kunta load --store ...)"
        )
    return store
