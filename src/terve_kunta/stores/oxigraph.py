"""The Oxigraph store: a persistent RocksDB database in a folder, queried in process.

Each packaged file is one named graph; queries see their union
(``use_default_graph_as_union``). Parameters are bound with Oxigraph's
``substitutions`` (SPARQL-dev SEP-0007), not written into the query text.
:func:`run_query` and :func:`mirror` also serve the memory store, whose SPARQL
runs in Oxigraph's engine over a copy of its graph.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.term import Node

from terve_kunta.data.files import new_tracked_graph
from terve_kunta.errors import QuerySyntaxError, StoreError
from terve_kunta.namespaces import PREFIXES
from terve_kunta.rdf.canonical import new_graph
from terve_kunta.rdf.terms import from_oxigraph, to_oxigraph
from terve_kunta.sparql.rows import Rows
from terve_kunta.sparql.safety import CheckedQuery
from terve_kunta.stores.base import QueryResult, Store

__all__ = ["OxigraphStore", "mirror", "run_query"]


def run_query(db: Any, query: CheckedQuery, bindings: Mapping[str, Node], union: bool) -> QueryResult:
    """Run a checked query in the pyoxigraph store ``db``, binding ``bindings`` by substitution."""
    import pyoxigraph as ox

    substitutions = {ox.Variable(name): to_oxigraph(term) for name, term in bindings.items()}
    try:
        result = db.query(query.text, prefixes=PREFIXES, use_default_graph_as_union=union, substitutions=substitutions)
    except SyntaxError as exc:
        raise QuerySyntaxError(f"Oxigraph cannot run the query: {exc}") from exc
    if query.form == "ASK":
        return bool(result)
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        return new_graph(
            (from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)) for t in result
        )
    columns = [v.value for v in result.variables]
    # results repeat terms (a region per member, the date asked about on every row)
    term = cache(from_oxigraph)  # each distinct term is converted once per result
    rows = [{c: None if (value := solution[c]) is None else term(value) for c in columns} for solution in result]
    return Rows(columns, rows)


def mirror(graph: Graph) -> Any:
    """A new in-memory pyoxigraph store holding the triples of the rdflib ``graph`` in its default graph."""
    import pyoxigraph as ox

    term = cache(to_oxigraph)  # each term is converted once, however often it occurs
    store = ox.Store()
    store.bulk_extend(ox.Quad(term(s), term(p), term(o)) for s, p, o in graph)
    return store


class OxigraphStore(Store):
    """An Oxigraph database in the folder ``path`` (created if missing).

    Only one process may open a folder at a time (Oxigraph locks it); the
    ``serve`` command therefore lets Oxigraph's own server open it.
    """

    kind = "oxigraph"
    persistent = True

    def __init__(self, path: str | Path) -> None:
        super().__init__(f"oxigraph:{path}")
        import pyoxigraph as ox

        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"oxigraph:{path}: not a folder")
        try:
            self._store: Any = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(
                f"oxigraph:{path}: cannot open the database ({exc}); is it open in another process, "
                "or in another load() of this one (close() that)?"
            ) from exc
        self._ox = ox

    def close(self) -> None:
        """Release the database (Oxigraph closes it when the last reference goes)."""
        self._store = None

    def _db(self) -> Any:
        if self._store is None:
            raise StoreError(f"{self.spec}: the store has been closed")
        return self._store

    def run(self, query: CheckedQuery, bindings: Mapping[str, Node]) -> QueryResult:
        """Run the query in Oxigraph over the union of the named graphs."""
        return run_query(self._db(), query, bindings, union=True)

    def update(self, text: str) -> None:
        """Run the update in one Oxigraph transaction."""
        self._db().update(text, prefixes=PREFIXES)
        self.invalidate()

    def _read_union(self) -> Graph:
        term = cache(from_oxigraph)  # each term is converted once, however often it occurs
        quads = self._db().quads_for_pattern(None, None, None, None)
        return new_tracked_graph((term(q.subject), term(q.predicate), term(q.object)) for q in quads)

    def is_empty(self) -> bool:
        """Whether the database holds no quad."""
        return len(self._db()) == 0

    def has_graph(self, iri: URIRef) -> bool:
        """Whether the named graph ``iri`` holds any quad."""
        graph = self._ox.NamedNode(str(iri))
        return next(iter(self._db().quads_for_pattern(None, None, None, graph)), None) is not None

    def put_graph(self, iri: URIRef, turtle: str) -> None:
        """Replace the named graph ``iri`` in one transaction (a single SPARQL update)."""
        ox = self._ox
        try:
            triples = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE, base_iri=str(iri)))
        except SyntaxError as exc:
            raise StoreError(f"{self.spec}: the Turtle for <{iri}> does not parse: {exc}") from exc
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        self._db().update(f"DROP SILENT GRAPH <{iri}> ;\nINSERT DATA {{ GRAPH <{iri}> {{\n{data}}} }}")
        self.invalidate()
