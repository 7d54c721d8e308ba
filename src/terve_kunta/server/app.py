"""The SPARQL 1.1 Protocol as a WSGI application: the query page, ``/query`` (also ``/sparql``) and ``/update``.

A query is a ``GET`` with ``query=``, a form ``POST`` or a ``POST`` of
``application/sparql-query``; an update is a form ``POST`` or a ``POST`` of
``application/sparql-update`` to ``/update``. Answers follow the protocol: ``400`` for
text that is not SPARQL, ``500`` for a request refused (a fetch, an update on a
read-only server, an update from another origin), ``503`` for a query stopped at the
time limit, each with a one-line ``text/plain`` reason.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from terve_kunta.errors import ProtocolError, QueryError, QuerySyntaxError, QueryTimeout, StoreError
from terve_kunta.server.pool import Pool
from terve_kunta.sparql.safety import check_query, check_update

__all__ = ["SparqlApp"]

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
_STATUS = {200: "200 OK", 204: "204 No Content", 400: "400 Bad Request", 403: "403 Forbidden", 404: "404 Not Found",
           405: "405 Method Not Allowed", 413: "413 Content Too Large", 500: "500 Internal Server Error",
           503: "503 Service Unavailable"}  # fmt: skip
_FORM = "application/x-www-form-urlencoded"
#: result formats by media type: (pyoxigraph format name, media type sent)
_RESULTS = {
    "application/sparql-results+json": ("JSON", "application/sparql-results+json"),
    "application/json": ("JSON", "application/sparql-results+json"),
    "application/sparql-results+xml": ("XML", "application/sparql-results+xml"),
    "application/xml": ("XML", "application/sparql-results+xml"),
    "text/csv": ("CSV", "text/csv"),
    "text/tab-separated-values": ("TSV", "text/tab-separated-values"),
}
_XML_NS = "http://www.w3.org/2005/sparql-results#"
_GRAPHS = {"application/n-triples": "N_TRIPLES", "text/turtle": "TURTLE", "application/rdf+xml": "RDF_XML"}


@dataclass
class SparqlApp:
    """The endpoint over ``pool``; ``timeout`` stops each query, ``assets`` is the query page's files by path."""

    pool: Pool
    timeout: float = 30.0
    assets: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    max_body: int = 10 * 2**20

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Answer one request."""
        path, method = environ.get("PATH_INFO", "/"), environ.get("REQUEST_METHOD", "GET")
        try:
            if path in ("/query", "/sparql"):
                status, content_type, body = self._query(environ, method)
            elif path == "/update":
                status, content_type, body = self._update(environ, method)
            elif path in self.assets and method in ("GET", "HEAD"):
                (content_type, body), status = self.assets[path], 200
            else:
                raise ProtocolError(404, f"no such page: {path}")
        except ProtocolError as refused:
            status, content_type, body = refused.status, "text/plain; charset=utf-8", f"{refused}\n".encode()
        headers = [
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
            ("X-Content-Type-Options", "nosniff"),
        ]
        start_response(_STATUS[status], headers)
        return [b"" if method == "HEAD" else body]

    # ------------------------------------------------------------------ requests

    def _fields(self, environ: dict[str, Any], method: str, direct: str) -> dict[str, list[str]]:
        """The request's parameters: the query string, a form body, or a body of the type ``direct``."""
        fields = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        if method == "POST":
            body = self._body(environ)
            kind = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
            if kind == _FORM:
                fields.update(urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True))
            elif kind == direct:
                fields[direct.rsplit("-", 1)[-1]] = [body.decode("utf-8", "replace")]
            else:
                raise ProtocolError(400, f"a POST must be {_FORM} or {direct}, not {kind or 'untyped'}")
        elif method not in ("GET", "HEAD"):
            raise ProtocolError(405, f"{method} is not a SPARQL protocol method here")
        return fields

    def _body(self, environ: dict[str, Any]) -> bytes:
        length = environ.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > self.max_body:
            raise ProtocolError(413, f"the request body must be at most {self.max_body} bytes")
        body: bytes = environ["wsgi.input"].read(int(length))
        return body

    def _query(self, environ: dict[str, Any], method: str) -> tuple[int, str, bytes]:
        if method == "POST" and environ.get("CONTENT_TYPE", "").startswith("application/sparql-update"):
            return self._update(environ, method)
        fields = self._fields(environ, method, "application/sparql-query")
        if "update" in fields and "query" not in fields:  # the query page sends updates to its one endpoint
            return self._update(environ, method, fields)
        texts = fields.get("query", [])
        if len(texts) != 1:
            raise ProtocolError(400, "give the query once, as query=...")
        try:
            checked = check_query(texts[0])
        except QuerySyntaxError as exc:
            raise ProtocolError(400, str(exc)) from None
        except QueryError as exc:
            raise ProtocolError(500, str(exc)) from None
        graphs = fields.get("default-graph-uri") or None
        answer = self._run(("query", checked.text, graphs is None, [], graphs))
        return self._format(answer, environ.get("HTTP_ACCEPT", ""))

    def _update(
        self, environ: dict[str, Any], method: str, fields: dict[str, list[str]] | None = None
    ) -> tuple[int, str, bytes]:
        if method != "POST":
            raise ProtocolError(405, "an update is a POST")
        if not self.pool.writable:
            raise ProtocolError(500, "this endpoint is read-only (start it with --allow-updates to take updates)")
        if not _same_origin(environ):
            raise ProtocolError(403, "an update from another origin (a page on another site) is refused")
        if fields is None:
            fields = self._fields(environ, method, "application/sparql-update")
        texts = fields.get("update", [])
        if len(texts) != 1:
            raise ProtocolError(400, "give the update once, as update=...")
        try:
            checked = check_update(texts[0])
        except QuerySyntaxError as exc:
            raise ProtocolError(400, str(exc)) from None
        except QueryError as exc:
            raise ProtocolError(500, str(exc)) from None
        self._run(("update", checked.text))
        return 204, "text/plain", b""

    def _run(self, request: tuple[Any, ...]) -> Any:
        try:
            return self.pool.call(request, self.timeout)
        except QueryTimeout:
            raise ProtocolError(
                503, f"the query ran past the time limit of {self.timeout:g} s and was stopped"
            ) from None
        except QuerySyntaxError as exc:
            raise ProtocolError(400, str(exc)) from None
        except StoreError as exc:
            raise ProtocolError(500, str(exc)) from None

    def _format(self, answer: tuple[str, Any], accept: str) -> tuple[int, str, bytes]:
        import pyoxigraph as ox

        kind, data = answer
        wanted = [part.split(";")[0].strip().lower() for part in accept.split(",") if part.strip()]
        if kind == "graph":
            media = next((m for m in wanted if m in _GRAPHS), "application/n-triples")
            if media == "application/n-triples":
                return 200, media, data
            triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
            return 200, media, ox.serialize(triples, format=getattr(ox.RdfFormat, _GRAPHS[media])) or b""
        name, media = next((_RESULTS[m] for m in wanted if m in _RESULTS), _RESULTS["application/sparql-results+json"])
        if kind == "boolean":
            value = "true" if data else "false"
            if name == "XML":
                xml = f'<?xml version="1.0"?><sparql xmlns="{_XML_NS}"><head/><boolean>{value}</boolean></sparql>'
                return 200, media, xml.encode()
            return 200, "application/sparql-results+json", f'{{"head":{{}},"boolean":{value}}}'.encode()
        if name == "JSON":
            return 200, media, data
        results = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        return 200, media, results.serialize(format=getattr(ox.QueryResultsFormat, name)) or b""


def _same_origin(environ: dict[str, Any]) -> bool:
    """False for a request a browser sent from a page of another origin (``Origin``, ``Sec-Fetch-Site``)."""
    if environ.get("HTTP_SEC_FETCH_SITE", "same-origin") not in ("same-origin", "none"):
        return False
    origin = environ.get("HTTP_ORIGIN")
    if origin is None:
        return True  # not a browser's cross-site request (curl, this library)
    scheme = environ.get("wsgi.url_scheme", "http")
    return bool(origin == f"{scheme}://{environ.get('HTTP_HOST', '')}")
