"""A remote store: any SPARQL 1.1 endpoint, through the Query, Update and Graph Store protocols.

The store's graphs are the packaged files' named graphs; every query names them in
the request (``default-graph-uri`` and ``named-graph-uri``, one per graph), so the
endpoint needs no configuration (no union-default-graph option), and sees nothing
else it holds. Writing a graph uses the Graph Store protocol (an HTTP PUT) and falls
back to SPARQL Update where the endpoint has none; updates are sent to the update URL,
or to the query URL where the update URL does not exist (Virtuoso takes both at
``/sparql``). Literals that an endpoint returns as values rather than text (Virtuoso's
durations) are read back in valid lexical form (:mod:`._literals`).

HTTP goes through :mod:`._http`: time and size limits, no redirect to another host,
no credentials in messages.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from terve_kunta.data.files import data_files, new_tracked_graph
from terve_kunta.errors import StoreError, TermError
from terve_kunta.rdf.canonical import new_graph
from terve_kunta.rdf.terms import check_iri, sparql_term
from terve_kunta.sparql._canonical import lex
from terve_kunta.sparql._values import inject_values
from terve_kunta.sparql.rows import Rows
from terve_kunta.sparql.safety import CheckedQuery, CheckedUpdate
from terve_kunta.stores._http import Answer, Limits, error_text, public_url, send
from terve_kunta.stores._literals import lexical
from terve_kunta.stores.base import QueryResult, Store

__all__ = ["RemoteStore"]

_RESULTS_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
_FORM = "application/x-www-form-urlencoded"
#: answers that mean "there is no such service here"
_ABSENT = (404, 405, 501)
#: typed literals that every server reads from text as they are; others are written through STRDT (see _replace_graph)
_WRITTEN_TYPES = {
    str(XSD[t]) for t in ("string", "integer", "decimal", "date", "dateTime", "gYear", "gYearMonth", "boolean")
}


def _literal(text: str, language: str | None, datatype: str | None) -> Literal:
    if language:
        return Literal(text, lang=language)
    if not datatype or datatype == str(XSD.string):
        return Literal(text)
    return Literal(lexical(text, datatype), datatype=URIRef(datatype))


def _json_term(value: Mapping[str, str]) -> Node:
    kind = value.get("type")
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        return _literal(value["value"], value.get("xml:lang"), value.get("datatype"))
    raise StoreError(f"unsupported term in the endpoint's results: {str(value)[:100]}")


def _ox_term(term: Any) -> Node:
    """The rdflib term for a pyoxigraph term of an answer or a Turtle text; a quoted triple (RDF-star) is refused."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return _literal(term.value, term.language, term.datatype.value)
    raise TermError(f"cannot read << {term} >>: a quoted triple (RDF-star) has no rdflib term")


def _ox_triples(triples: Iterable[Any]) -> list[tuple[Node, Node, Node]]:
    """The triples that pyoxigraph parsed, as rdflib terms: each distinct term is converted once.

    An answer repeats most of its terms (the packaged graph's 7,900 triples hold 3,200
    distinct ones): reading it took 0.125 s of CPU term by term, 0.07 s so (parsing: 0.03 s).
    """
    term = cache(_ox_term)
    return [(term(t.subject), term(t.predicate), term(t.object)) for t in triples]


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint, given by its query, update and Graph Store URLs (credentials may be in them)."""

    kind = "remote"
    persistent = True

    def __init__(self, query_url: str, update_url: str, graph_store_url: str, limits: Limits | None = None) -> None:
        super().__init__(public_url(query_url))
        for url in (query_url, update_url, graph_store_url):
            parts = urllib.parse.urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise StoreError(f"not an http(s) URL: {public_url(url)!r}")
        self.query_url, self.update_url, self.graph_store_url = query_url, update_url, graph_store_url
        self.limits = limits or Limits()
        self.graphs = [str(f.graph) for f in data_files() if f.role != "shapes"]
        self._has_graph_store: bool | None = None

    # ------------------------------------------------------------------ requests

    def _post(self, url: str, fields: list[tuple[str, str]], accept: str, timeout: float | None = None) -> Answer:
        body = urllib.parse.urlencode(fields).encode("utf-8")
        return send("POST", url, body, {"Content-Type": _FORM, "Accept": accept}, self.limits, timeout=timeout)

    def _dataset(self, prefix: str = "", extra: Iterable[str] = ()) -> list[tuple[str, str]]:
        graphs = list(dict.fromkeys([*self.graphs, *extra]))
        return [(f"{prefix}default-graph-uri", g) for g in graphs] + [(f"{prefix}named-graph-uri", g) for g in graphs]

    def _query(
        self, text: str, accept: str, *, dataset: bool = True, timeout: float | None = None, extra: Iterable[str] = ()
    ) -> Answer:
        fields = [("query", text), *(self._dataset(extra=extra) if dataset else [])]
        answer = self._post(self.query_url, fields, accept, timeout)
        if answer.status >= 300:
            raise StoreError(
                f"{self.spec}: the endpoint answered {answer.status}: {error_text(answer, self.query_url)}"
            )
        return answer

    def _results(
        self, text: str, *, dataset: bool = True, timeout: float | None = None, extra: Iterable[str] = ()
    ) -> Any:
        answer = self._query(text, _RESULTS_JSON, dataset=dataset, timeout=timeout, extra=extra)
        try:
            data = json.loads(answer.body)
        except (ValueError, RecursionError) as exc:  # not JSON, or a number or nesting Python will not read
            reason = " ".join(str(exc).split())[:200]
            raise StoreError(f"{self.spec}: the endpoint's answer is not SPARQL JSON results: {reason}") from None
        if not isinstance(data, dict):
            raise StoreError(f"{self.spec}: the endpoint's answer is not SPARQL JSON results")
        return data

    def _ask(self, text: str, extra: Iterable[str] = ()) -> bool:
        return self._boolean(self._results(text, extra=extra))

    def _boolean(self, data: dict[str, Any]) -> bool:
        """The answer to an ASK; Virtuoso 7 answers with one row, ``__ASK_RETVAL`` 1 or 0, instead of a boolean."""
        if isinstance(data.get("boolean"), bool):
            return bool(data["boolean"])
        try:
            rows = data["results"]["bindings"]
            if not rows:
                return False
            (row,) = rows
            (value,) = row.values()
            return str(value["value"]).strip().lower() in ("1", "true")
        except (KeyError, TypeError, ValueError, AttributeError):
            raise StoreError(f"{self.spec}: the endpoint's answer to an ASK query is not a boolean") from None

    def _triples(
        self, text: str, *, dataset: bool = True, timeout: float | None = None
    ) -> list[tuple[Node, Node, Node]]:
        import pyoxigraph as ox

        answer = self._query(text, f"{_NTRIPLES}, text/turtle;q=0.9", dataset=dataset, timeout=timeout)
        form = ox.RdfFormat.TURTLE if answer.content_type == "text/turtle" else ox.RdfFormat.N_TRIPLES
        try:
            return _ox_triples(ox.parse(answer.body, format=form))
        except TermError as exc:  # a quoted triple (RDF-star): the answer is well formed, but has no rdflib terms
            held = str(exc).removeprefix("cannot read ")
            raise TermError(f"{self.spec}: the endpoint's answer holds {held}") from None
        except (SyntaxError, ValueError) as exc:
            reason = " ".join(str(exc).split())[:200]
            raise StoreError(f"{self.spec}: the endpoint's answer is not {form.name}: {reason}") from None

    # ------------------------------------------------------------------ the Store interface

    def run(self, query: CheckedQuery, bindings: Mapping[str, Node], timeout: float | None = None) -> QueryResult:
        """Send the query, with ``bindings`` as an inline VALUES block (see :mod:`terve_kunta.sparql._values`)."""
        text = inject_values(query.text, bindings)
        dataset = not query.has_dataset  # a query with FROM names its own (allowed only with allow_network)
        if query.form in ("CONSTRUCT", "DESCRIBE"):
            return new_graph(self._triples(text, dataset=dataset, timeout=timeout))
        data = self._results(text, dataset=dataset, timeout=timeout)
        if query.form == "ASK":
            return self._boolean(data)
        try:
            columns = [str(v) for v in data.get("head", {}).get("vars", [])]
            rows = [{k: _json_term(v) for k, v in b.items()} for b in data.get("results", {}).get("bindings", [])]
        except (AttributeError, KeyError, TypeError):
            raise StoreError(f"{self.spec}: the endpoint's answer is not SPARQL JSON results") from None
        return Rows(columns, rows)

    def update(self, update: CheckedUpdate) -> None:
        """Send a SPARQL update; its WHERE sees the store's graphs. Writing the endpoint's default graph is refused."""
        if update.writes_default_graph:
            raise StoreError(
                f"{self.spec}: the update writes the endpoint's default graph, which this store does not read (it "
                "reads its named graphs only); name the graph: INSERT DATA { GRAPH <...> { ... } }, "
                "DELETE { GRAPH ?g { ... } } WHERE { GRAPH ?g { ... } }"
            )
        words = {value.upper() for kind, value, _, _ in lex(update.text) if kind == "word"}
        fields = [("update", update.text)]
        if not words & {"USING", "WITH"}:  # the protocol forbids both at once
            fields += self._dataset("using-")
        self._send_update(fields)
        self.invalidate()

    def _send_update(self, fields: list[tuple[str, str]]) -> None:
        answer = self._post(self.update_url, fields, "*/*")
        if answer.status in _ABSENT and self.update_url != self.query_url:
            self.update_url = self.query_url  # Virtuoso, Fuseki's dataset URL: updates go to the query URL
            answer = self._post(self.update_url, fields, "*/*")
        if answer.status >= 300:
            raise StoreError(
                f"{self.spec}: the update was refused ({answer.status}): {error_text(answer, self.update_url)}"
            )

    def _read_union(self) -> Graph:
        triples = self._triples("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        counted = self._results("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        try:
            expected = int(counted["results"]["bindings"][0]["n"]["value"])
        except (KeyError, IndexError, TypeError, ValueError):
            raise StoreError(f"{self.spec}: the endpoint's answer to a count is not SPARQL JSON results") from None
        if len(triples) < expected:
            raise StoreError(
                f"{self.spec}: the endpoint gave {len(triples)} of the graph's {expected} triples: it limits the rows "
                "of an answer (Virtuoso: ResultSetMaxRows in the [SPARQL] section of virtuoso.ini); raise that limit"
            )
        return new_tracked_graph(triples)

    def is_empty(self) -> bool:
        """Whether none of the store's graphs holds a triple on the endpoint (what else it holds is not looked at)."""
        return not self._ask("ASK { GRAPH ?g { ?s ?p ?o } }")

    def has_graph(self, iri: URIRef) -> bool:
        """Whether the named graph ``iri`` holds any triple."""
        return self._ask(f"ASK {{ GRAPH <{check_iri(str(iri))}> {{ ?s ?p ?o }} }}", extra=[str(iri)])

    def put_graph(self, iri: URIRef, turtle: str) -> None:
        """Replace the named graph ``iri``: an HTTP PUT (Graph Store protocol), else one SPARQL update."""
        check_iri(str(iri))
        if self._has_graph_store is not False:
            url = self._graph_url(str(iri))
            answer = send("PUT", url, turtle.encode("utf-8"), {"Content-Type": "text/turtle"}, self.limits)
            if answer.status < 300:
                self._has_graph_store = True
                self.invalidate()
                return
            if answer.status not in _ABSENT or self._has_graph_store:
                raise StoreError(
                    f"{self.spec}: writing <{iri}> was refused ({answer.status}): {error_text(answer, url)}"
                )
            self._has_graph_store = False
        self._send_update([("update", _replace_graph(str(iri), turtle))])
        self.invalidate()

    def _graph_url(self, iri: str) -> str:
        parts = urllib.parse.urlsplit(self.graph_store_url)
        query = "&".join(q for q in (parts.query, urllib.parse.urlencode({"graph": iri})) if q)
        return urllib.parse.urlunsplit(parts._replace(query=query))

    def differences(self, iri: URIRef, turtle: str) -> list[str]:
        """How the graph ``iri`` as the endpoint gives it back differs from the Turtle written (empty: it does not)."""
        import pyoxigraph as ox

        part = cache(_part)  # each distinct term spelled once

        def key(triple: tuple[Node, Node, Node]) -> str:
            return " ".join(map(part, triple))

        written = {key(t) for t in _ox_triples(ox.parse(turtle, format=ox.RdfFormat.TURTLE, base_iri=str(iri)))}
        text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{check_iri(str(iri))}> {{ ?s ?p ?o }} }}"
        back = {key(t) for t in self._triples(text, dataset=False)}
        lost, changed = sorted(written - back), sorted(back - written)
        found = [f"{len(lost)} triples written do not come back, e.g. {lost[0]}"] if lost else []
        return found + (
            [f"{len(changed)} triples come back that were not written, e.g. {changed[0]}"] if changed else []
        )


def _part(term: Node) -> str:
    """A term of a triple as text that compares values, not spellings (blank nodes all alike): see differences."""
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, Literal) and term.datatype is not None and not term.ill_typed:
        return f"{term.toPython()!r}^^{term.datatype}"
    return term.n3()


def _replace_graph(iri: str, turtle: str) -> str:
    """One SPARQL update that replaces the graph ``iri`` with ``turtle``.

    The triples go in ``INSERT DATA`` operations, which an endpoint takes as they are
    (Virtuoso compiles the packaged municipalities as ``INSERT ... WHERE {}`` in 3 s of
    CPU, as data in 0.2 s), but for two kinds, which go in ``INSERT ... WHERE``: those
    with a blank node, which Virtuoso refuses in ``INSERT DATA``, and literals of other
    types than the common ones, bound with ``STRDT`` in the WHERE, since Virtuoso's
    parser fails on ``"P2D"^^xsd:duration``.
    """
    import pyoxigraph as ox

    binds: list[str] = []
    spelled = cache(lambda term: sparql_term(_ox_term(term)))  # each distinct IRI or literal written once

    def write(term: Any) -> str:
        if isinstance(term, ox.BlankNode):
            return f"_:b{term.value}"
        if _typed_apart(term):
            binds.append(
                f"BIND(STRDT({sparql_term(Literal(term.value))}, <{check_iri(term.datatype.value)}>) AS ?v{len(binds)})"
            )
            return f"?v{len(binds) - 1}"
        if isinstance(term, ox.NamedNode | ox.Literal):
            return str(spelled(term))
        raise TermError(f"cannot write << {term} >> into an update: a quoted triple (RDF-star) has no SPARQL 1.1 form")

    try:
        triples = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE, base_iri=iri))
    except SyntaxError as exc:
        raise StoreError(f"the Turtle for <{iri}> does not parse: {exc}") from None

    def bound(t: Any) -> bool:  # a triple that goes in INSERT ... WHERE
        return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) or _typed_apart(t.object)

    def lines(chunk: list[Any]) -> str:
        return "\n".join(f"{write(t.subject)} {write(t.predicate)} {write(t.object)} ." for t in chunk)

    operations = [f"DROP SILENT GRAPH <{iri}>"]
    for chunk in _chunks([t for t in triples if not bound(t)]):
        operations.append(f"INSERT DATA {{ GRAPH <{iri}> {{\n{lines(chunk)}\n}} }}")
    for chunk in _chunks([t for t in triples if bound(t)]):  # Virtuoso compiles one operation to <= 10,000 lines of SQL
        binds.clear()
        text = lines(chunk)
        operations.append(f"INSERT {{ GRAPH <{iri}> {{\n{text}\n}} }} WHERE {{ {' '.join(binds)} }}")
    return " ;\n".join(operations)


def _typed_apart(term: Any) -> bool:
    """Whether ``term`` is a literal that an update binds with ``STRDT`` (a type other than the common ones)."""
    import pyoxigraph as ox

    return isinstance(term, ox.Literal) and not term.language and term.datatype.value not in _WRITTEN_TYPES


def _chunks(triples: list[Any], size: int = 200) -> Iterator[list[Any]]:
    """The triples in groups of about ``size``, each blank node's triples in one group (a group is one operation)."""
    import pyoxigraph as ox

    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.setdefault(label, label) != label:
            label = parent[label]
        return label

    for t in triples:
        nodes = [n.value for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)]
        for other in nodes[1:]:
            parent[root(other)] = root(nodes[0])
    groups: dict[str, list[Any]] = {}
    for index, t in enumerate(triples):
        node = next((n.value for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)), None)
        groups.setdefault(root(node) if node is not None else f" {index // size}", []).append(t)
    chunk: list[Any] = []
    for group in groups.values():
        if chunk and len(chunk) + len(group) > size:
            yield chunk
            chunk = []
        chunk += group
    if chunk:
        yield chunk
