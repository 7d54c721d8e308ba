"""The Oxigraph store: a persistent RocksDB database in a folder, run in a worker process.

Each packaged file is one named graph; queries see their union
(``use_default_graph_as_union``). Parameters are bound with Oxigraph's
``substitutions`` (SPARQL-dev SEP-0007), not written into the query text.

The database is opened by a worker process (:mod:`._process`), never by this one, so
that a query can be stopped at its time limit or by Ctrl-C: the worker is killed,
and the next call opens the folder again. :func:`run_in` and :func:`result_of` also
serve the memory store, whose SPARQL runs in a worker's in-memory Oxigraph.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from terve_kunta.data.files import new_tracked_graph
from terve_kunta.errors import QuerySyntaxError, StoreError, TermError
from terve_kunta.rdf.canonical import new_graph
from terve_kunta.rdf.terms import from_oxigraph
from terve_kunta.sparql.rows import Rows
from terve_kunta.sparql.safety import CheckedQuery, CheckedUpdate
from terve_kunta.stores._process import WorkerProcess
from terve_kunta.stores.base import QueryResult, Store

__all__ = ["OxigraphStore", "result_of", "run_in", "term_spec"]


def term_spec(term: Node) -> tuple[str, ...]:
    """An rdflib term as the worker takes it: ``("iri", v)``, ``("bnode", v)``, ``("literal", v, lang, datatype)``."""
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, BNode):
        return ("bnode", str(term))
    if isinstance(term, Literal):
        datatype = "" if term.language or term.datatype in (None, XSD.string) else str(term.datatype)
        return ("literal", str(term), term.language or "", datatype)
    raise TermError(f"cannot give a {type(term).__name__} to Oxigraph: {term!r}")


def result_of(form: str, answer: tuple[str, Any]) -> QueryResult:
    """The rows, boolean or graph for a worker's answer to a query of ``form``."""
    import pyoxigraph as ox

    kind, data = answer
    if kind == "boolean":
        return bool(data)
    term = cache(from_oxigraph)  # results repeat terms: each distinct one is converted once
    if kind == "graph":
        triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
        return new_graph((term(t.subject), term(t.predicate), term(t.object)) for t in triples)
    solutions = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    assert isinstance(solutions, ox.QuerySolutions)
    columns = [v.value for v in solutions.variables]
    rows = [{c: None if (value := solution[c]) is None else term(value) for c in columns} for solution in solutions]
    return Rows(columns, rows)


def run_in(
    worker: WorkerProcess, query: CheckedQuery, bindings: Mapping[str, Node], union: bool, timeout: float | None
) -> QueryResult:
    """Run the checked query's text in ``worker``, binding ``bindings`` by substitution, within ``timeout`` seconds."""
    substitutions = [(name, term_spec(term)) for name, term in bindings.items()]
    return result_of(query.form, worker.call(("query", query.text, union, substitutions, None), timeout))


class OxigraphStore(Store):
    """An Oxigraph database in the folder ``path`` (created if missing).

    Only one process may open a folder at a time (Oxigraph locks it); the
    ``serve`` command therefore opens it in its own workers only.
    """

    kind = "oxigraph"
    persistent = True

    def __init__(self, path: str | Path) -> None:
        super().__init__(f"oxigraph:{path}")
        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"oxigraph:{path}: not a folder")
        folder = str(self.path)  # not self: the worker must not keep the store alive
        self._worker: WorkerProcess | None = WorkerProcess(self.spec, lambda: [("open", folder, False)])
        try:
            self._worker.call(("size",))
        except StoreError as exc:
            self._worker = None
            raise StoreError(
                f"oxigraph:{path}: cannot open the database ({str(exc).split(': ', 1)[-1]}); is it open in another "
                "process, or in another load() of this one (close() that)?"
            ) from None

    def close(self) -> None:
        """Close the database and end its worker (the folder is free for another process then)."""
        if self._worker is not None:
            self._worker.stop()
        self._worker = None
        super().close()

    def _db(self) -> WorkerProcess:
        if self._worker is None:
            raise StoreError(f"{self.spec}: the store has been closed")
        return self._worker

    def run(self, query: CheckedQuery, bindings: Mapping[str, Node], timeout: float | None = None) -> QueryResult:
        """Run the query in Oxigraph over the union of the named graphs."""
        return run_in(self._db(), query, bindings, True, timeout)

    def update(self, update: CheckedUpdate) -> None:
        """Run the update in one Oxigraph transaction."""
        self._db().call(("update", update.text))
        self.invalidate()

    def _read_union(self) -> Graph:
        import pyoxigraph as ox

        term = cache(from_oxigraph)  # each term is converted once, however often it occurs
        quads = ox.parse(self._db().call(("quads",)), format=ox.RdfFormat.N_QUADS)
        return new_tracked_graph((term(q.subject), term(q.predicate), term(q.object)) for q in quads)

    def is_empty(self) -> bool:
        """Whether the database holds no quad."""
        return bool(self._db().call(("size",)) == 0)

    def has_graph(self, iri: URIRef) -> bool:
        """Whether the named graph ``iri`` holds any quad."""
        return bool(self._db().call(("has_graph", str(iri))))

    def put_graph(self, iri: URIRef, turtle: str) -> None:
        """Replace the named graph ``iri`` in one transaction (a single SPARQL update)."""
        try:
            self._db().call(("put_graph", str(iri), turtle))
        except QuerySyntaxError as exc:  # the worker's parser refused the Turtle
            raise StoreError(f"{self.spec}: the Turtle for <{iri}> does not parse: {exc}") from None
        self.invalidate()
