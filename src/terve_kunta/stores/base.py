"""The interface every store implements, and what all stores share.

See :mod:`terve_kunta.stores` for the kinds of store and how one is chosen.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.term import Node

from terve_kunta.data.files import REGISTRY_FILE, REGISTRY_GRAPH, data_files, read_text
from terve_kunta.sparql.named import prepare
from terve_kunta.sparql.rows import Rows
from terve_kunta.sparql.safety import CheckedQuery, CheckedUpdate

__all__ = ["QueryResult", "Store", "packaged_graphs"]

QueryResult = Rows | bool | Graph


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

    def query(
        self, sparql: str, bindings: Mapping[str, Any], *, allow_network: bool = False, timeout: float | None = None
    ) -> QueryResult:
        """Check ``sparql`` (text, or the name of a named query) and run it with ``bindings`` bound by the store.

        See :func:`terve_kunta.sparql.named.prepare`. A query still running after
        ``timeout`` seconds is stopped with :class:`~terve_kunta.errors.QueryTimeout`.
        """
        checked, terms = prepare(sparql, bindings, allow_network=allow_network)
        return self.run(checked, terms, timeout)

    @abstractmethod
    def run(self, query: CheckedQuery, bindings: Mapping[str, Node], timeout: float | None = None) -> QueryResult:
        """Run a checked query's text with ``bindings`` (variable name -> term) bound by the store itself."""

    @abstractmethod
    def update(self, update: CheckedUpdate) -> None:
        """Run a checked SPARQL update's text."""

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


def packaged_graphs(registry: Path | None = None) -> Iterator[tuple[URIRef, str]]:
    """Each packaged file's named graph and Turtle text (not the shapes); ``registry`` replaces the registry file."""
    for data_file in data_files():
        if data_file.role == "shapes":
            continue
        if registry is not None and data_file.path == REGISTRY_FILE:
            yield data_file.graph, read_text(registry)
        else:
            yield data_file.graph, data_file.read_text()
