"""A remote store: any SPARQL 1.1 endpoint, through the Query, Update and Graph Store protocols.

The endpoint must answer queries over the union of its graphs, as GraphDB,
Virtuoso and Neptune do by default, Oxigraph server with ``--union-default-graph``
and Fuseki with ``tdb2:unionDefaultGraph``. Requests go only to the three URLs
given; the standard library's ``urllib`` sends them (no extra dependency), and to a
loopback address without any proxy.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from terve_kunta.data.files import new_tracked_graph, turtle_triples
from terve_kunta.errors import DataFileError, StoreError
from terve_kunta.namespaces import PREFIXES
from terve_kunta.rdf.canonical import new_graph
from terve_kunta.rdf.terms import check_iri
from terve_kunta.sparql._values import inject_values
from terve_kunta.sparql.rows import Rows
from terve_kunta.sparql.safety import CheckedQuery, CheckedUpdate
from terve_kunta.stores.base import QueryResult, Store

__all__ = ["RemoteStore"]

_LOOPBACK = ("127.0.0.1", "::1", "localhost")
_RESULTS_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"


def _prologue() -> str:
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


def _json_term(value: Mapping[str, str]) -> Node:
    kind = value.get("type")
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return Literal(value["value"], lang=value["xml:lang"])
        datatype = value.get("datatype")
        return Literal(value["value"], datatype=URIRef(datatype) if datatype and datatype != str(XSD.string) else None)
    raise StoreError(f"unsupported term in the endpoint's results: {value!r}")


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint, given by its query, update and Graph Store URLs."""

    kind = "remote"
    persistent = True

    def __init__(self, query_url: str, update_url: str, graph_store_url: str, timeout: float = 60.0) -> None:
        super().__init__(query_url)
        for url in (query_url, update_url, graph_store_url):
            parts = urllib.parse.urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise StoreError(f"not an http(s) URL: {url!r}")
        self.query_url, self.update_url, self.graph_store_url = query_url, update_url, graph_store_url
        self.timeout = timeout
        handlers: list[Any] = []
        if urllib.parse.urlsplit(query_url).hostname in _LOOPBACK:
            handlers.append(urllib.request.ProxyHandler({}))
        self._opener = urllib.request.build_opener(*handlers)

    def _send(self, url: str, data: bytes, content_type: str, accept: str = "*/*", method: str = "POST") -> bytes:
        request = urllib.request.Request(
            url, data=data, method=method, headers={"Content-Type": content_type, "Accept": accept}
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                body: bytes = response.read()
                return body
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            reason = detail[0][:300] if detail else exc.reason
            raise StoreError(f"{url}: the endpoint answered {exc.code}: {reason}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"{url}: cannot reach the endpoint: {getattr(exc, 'reason', exc)}") from exc

    def _query(self, text: str, accept: str) -> bytes:
        body = urllib.parse.urlencode({"query": _prologue() + text}).encode("utf-8")
        return self._send(self.query_url, body, "application/x-www-form-urlencoded", accept)

    def _select(self, text: str) -> Any:
        try:
            return json.loads(self._query(text, _RESULTS_JSON))
        except json.JSONDecodeError as exc:
            raise StoreError(f"{self.query_url}: the endpoint's answer is not SPARQL JSON results: {exc}") from exc

    def run(self, query: CheckedQuery, bindings: Mapping[str, Node], timeout: float | None = None) -> QueryResult:
        """Send the query, with ``bindings`` as an inline VALUES block (see :mod:`terve_kunta.sparql._values`)."""
        text = inject_values(query.text, bindings)
        if query.form in ("CONSTRUCT", "DESCRIBE"):
            return self._graph(text)
        data = self._select(text)
        if query.form == "ASK":
            return bool(data.get("boolean"))
        columns = list(data.get("head", {}).get("vars", []))
        rows = [
            {k: _json_term(v) for k, v in binding.items()} for binding in data.get("results", {}).get("bindings", [])
        ]
        return Rows(columns, rows)

    def _graph(self, text: str, tracked: bool = False) -> Graph:
        data = self._query(text, _NTRIPLES).decode("utf-8")
        try:
            triples = turtle_triples(data, f"{self.query_url}: the endpoint's answer", None, ntriples=True)
        except DataFileError as exc:
            raise StoreError(str(exc)) from None
        return new_tracked_graph(triples) if tracked else new_graph(triples)

    def update(self, update: CheckedUpdate) -> None:
        """Send a SPARQL update to the update URL."""
        body = urllib.parse.urlencode({"update": update.text}).encode("utf-8")
        self._send(self.update_url, body, "application/x-www-form-urlencoded")
        self.invalidate()

    def _read_union(self) -> Graph:
        return self._graph("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", tracked=True)

    def is_empty(self) -> bool:
        """Whether the endpoint holds no triple, in its default graph or any named graph."""
        data = self._select("ASK { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
        return not data.get("boolean")

    def has_graph(self, iri: URIRef) -> bool:
        """Whether the named graph ``iri`` holds any triple."""
        return bool(self._select(f"ASK {{ GRAPH <{check_iri(str(iri))}> {{ ?s ?p ?o }} }}").get("boolean"))

    def put_graph(self, iri: URIRef, turtle: str) -> None:
        """Replace the named graph ``iri`` with an HTTP PUT of the Graph Store protocol (atomic on the server)."""
        url = f"{self.graph_store_url}?{urllib.parse.urlencode({'graph': check_iri(str(iri))})}"
        self._send(url, turtle.encode("utf-8"), "text/turtle", method="PUT")
        self.invalidate()
