"""The Oxigraph store: a persistent RocksDB database in a folder, queried in process.

Each packaged file is one named graph; queries see their union
(``use_default_graph_as_union``). Parameters are bound with Oxigraph's
``substitutions`` (SPARQL-dev SEP-0007), not written into the query text.
pyoxigraph is imported only when such a store is opened; it comes with the
``oxigraph`` extra (``pip install 'terve_kunta[oxigraph]'``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.term import Node

from terve_kunta.canonical import new_graph
from terve_kunta.namespaces import PREFIXES
from terve_kunta.results import Rows
from terve_kunta.safety import CheckedQuery
from terve_kunta.stores import QueryResult, Store, StoreError
from terve_kunta.terms import from_oxigraph, to_oxigraph

__all__ = ["OxigraphStore", "import_pyoxigraph", "mirror", "run_query"]


def import_pyoxigraph() -> Any:
    """Import pyoxigraph, or explain which extra installs it."""
    try:
        import pyoxigraph
    except ImportError as exc:
        raise StoreError("the Oxigraph store needs pyoxigraph: pip install 'terve_kunta[oxigraph]'") from exc
    return pyoxigraph


def run_query(db: Any, query: CheckedQuery, bindings: Mapping[str, Node], union: bool) -> QueryResult:
    """Run a checked query in the pyoxigraph store ``db``, binding ``bindings`` by substitution."""
    import pyoxigraph as ox

    substitutions = {ox.Variable(name): to_oxigraph(term) for name, term in bindings.items()}
    try:
        result = db.query(query.text, prefixes=PREFIXES, use_default_graph_as_union=union, substitutions=substitutions)
    except SyntaxError as exc:
        from terve_kunta.safety import QuerySyntaxError

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
    ox = import_pyoxigraph()
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
        ox = import_pyoxigraph()
        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"oxigraph:{path}: not a folder")
        try:
            self._store = ox.Store(str(self.path))
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
        graph = new_graph()
        term = cache(from_oxigraph)  # each term is converted once, however often it occurs

        for quad in self._db().quads_for_pattern(None, None, None, None):
            graph.add((term(quad.subject), term(quad.predicate), term(quad.object)))
        return graph

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
