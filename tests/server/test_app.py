"""server/app.py: what the SPARQL endpoint answers and refuses, called in-process (WSGI) over a recording pool.

The server's own tests start it as a process; here each decision of the protocol is
pinned without one: the pages, methods and body types taken, the checked text that the
workers get, the updates refused (read-only, from another origin, fetching), and the
status of each refusal.
"""

from __future__ import annotations

import io
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

import pytest

from terve_kunta.errors import QuerySyntaxError, QueryTimeout, StoreError
from terve_kunta.server.app import SparqlApp

RESULTS = b'{"head":{"vars":["s"]},"results":{"bindings":[]}}'
FORM = "application/x-www-form-urlencoded"


@dataclass
class Recorder:
    """A pool that keeps the requests it is given and answers each with ``answer`` (or raises ``error``)."""

    writable: bool = False
    answer: Any = ("results", RESULTS)
    error: Exception | None = None
    calls: list[tuple[tuple[Any, ...], float | None]] = field(default_factory=list)

    def call(self, request: tuple[Any, ...], timeout: float | None) -> Any:
        self.calls.append((request, timeout))
        if self.error is not None:
            raise self.error
        return self.answer


@dataclass
class Response:
    status: str
    headers: dict[str, str]
    body: bytes

    @property
    def code(self) -> int:
        return int(self.status.split()[0])

    @property
    def text(self) -> str:
        return self.body.decode()


def ask(
    app: SparqlApp,
    method: str = "GET",
    path: str = "/query",
    query: dict[str, str] | list[tuple[str, str]] | None = None,
    body: bytes | None = None,
    content_type: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """One request to ``app``: the query string of ``query``, the ``body`` with its type and length."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": urllib.parse.urlencode(query or {}),
        "wsgi.input": io.BytesIO(body or b""),
        "wsgi.url_scheme": "http",
        "HTTP_HOST": "127.0.0.1:7878",
    }
    if body is not None:
        environ["CONTENT_LENGTH"] = str(len(body))
    if content_type is not None:
        environ["CONTENT_TYPE"] = content_type
    environ.update({f"HTTP_{k.upper()}": v for k, v in (headers or {}).items()})
    started: list[tuple[str, list[tuple[str, str]]]] = []
    chunks = app(environ, lambda status, headers: started.append((status, headers)))
    ((status, sent),) = started
    return Response(status, dict(sent), b"".join(chunks))


def app_over(pool: Recorder, **options: Any) -> SparqlApp:
    return SparqlApp(pool, **options)  # type: ignore[arg-type]


def form(**fields: str) -> bytes:
    return urllib.parse.urlencode(fields).encode()


# ---------------------------------------------------------------------- queries


@pytest.mark.parametrize("path", ["/query", "/sparql"])
def test_a_query_runs_its_checked_text_on_the_stores_graphs(path: str) -> None:
    pool = Recorder()
    response = ask(app_over(pool, timeout=12.5), path=path, query={"query": "SELECT ?s # why\nWHERE { ?s ?p ?o }"})
    assert (response.code, response.body) == (200, RESULTS)
    assert response.headers["Content-Type"] == "application/sparql-results+json"
    assert response.headers["Content-Length"] == str(len(RESULTS))
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert pool.calls == [(("query", "SELECT ?s\nWHERE { ?s ?p ?o }", True, [], None), 12.5)]  # the checked text


def test_a_query_may_name_the_graphs_it_reads() -> None:
    pool = Recorder()
    query = [("query", "ASK { ?s ?p ?o }"), ("default-graph-uri", "urn:x:a"), ("default-graph-uri", "urn:x:b")]
    ask(app_over(pool), query=query)
    assert pool.calls[0][0] == ("query", "ASK { ?s ?p ?o }", False, [], ["urn:x:a", "urn:x:b"])


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        (FORM, form(query="ASK { ?s ?p ?o }")),
        (f"{FORM}; charset=UTF-8", form(query="ASK { ?s ?p ?o }")),
        ("application/sparql-query", b"ASK { ?s ?p ?o }"),
        ("Application/SPARQL-Query; charset=utf-8", b"ASK { ?s ?p ?o }"),
    ],
)
def test_a_query_may_be_posted_as_a_form_or_as_itself(content_type: str, body: bytes) -> None:
    pool = Recorder()
    response = ask(app_over(pool), "POST", body=body, content_type=content_type)
    assert response.code == 200 and pool.calls[0][0][:2] == ("query", "ASK { ?s ?p ?o }")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "give the query once, as query=..."),
        ([("query", "ASK {}"), ("query", "ASK {}")], "give the query once, as query=..."),
        ({"query": ""}, "the SPARQL query is empty (or only comments)"),
        ({"query": "SELEC * WHERE {}"}, "not a valid SPARQL query ('SELEC * WHERE {}'...)"),
        ({"query": "INSERT DATA { <urn:x:a> <urn:x:b> 1 }"}, "this is a SPARQL update, not a query"),
    ],
)
def test_a_query_that_is_not_one_sparql_query_is_a_bad_request(
    query: dict[str, str] | list[tuple[str, str]], message: str
) -> None:
    pool = Recorder()
    response = ask(app_over(pool), query=query)
    assert (response.code, response.status) == (400, "400 Bad Request")
    assert response.text.startswith(message) and response.text.endswith("\n")
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert pool.calls == []


def test_a_query_that_would_fetch_is_refused() -> None:
    pool = Recorder()
    response = ask(app_over(pool), query={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"})
    assert response.code == 500 and "refused" in response.text and pool.calls == []


@pytest.mark.parametrize(
    ("content_type", "named"),
    [("text/plain", "text/plain"), (None, "untyped"), ("application/json", "application/json")],
)
def test_a_post_of_another_type_is_a_bad_request(content_type: str | None, named: str) -> None:
    response = ask(app_over(Recorder()), "POST", body=b"ASK {}", content_type=content_type)
    assert response.code == 400
    assert response.text == f"a POST must be {FORM} or application/sparql-query, not {named}\n"


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_not_allowed(method: str) -> None:
    response = ask(app_over(Recorder()), method, query={"query": "ASK {}"})
    assert (response.code, response.text) == (405, f"{method} is not a SPARQL protocol method here\n")


def test_a_head_request_gets_the_headers_only() -> None:
    response = ask(app_over(Recorder()), "HEAD", query={"query": "ASK { ?s ?p ?o }"})
    assert response.code == 200 and response.body == b"" and response.headers["Content-Length"] == str(len(RESULTS))


def post_with_length(app: SparqlApp, length: str, body: bytes) -> tuple[str, bytes]:
    """A POST of ``body`` whose Content-Length header says ``length``."""
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/query", "QUERY_STRING": "", "wsgi.input": io.BytesIO(body),
               "CONTENT_TYPE": "application/sparql-query", "CONTENT_LENGTH": length}  # fmt: skip
    started: list[str] = []
    answer = b"".join(app(environ, lambda status, headers: started.append(status)))
    return started[0], answer


def test_a_body_up_to_the_limit_is_read() -> None:
    pool = Recorder()
    assert post_with_length(app_over(pool, max_body=10), "10", b"ASK {    }")[0] == "200 OK"
    assert pool.calls[0][0][1] == "ASK { }"


@pytest.mark.parametrize("length", ["11", "abc", "-1", "1e3"])
def test_a_body_over_the_limit_or_of_no_length_is_refused(length: str) -> None:
    status, answer = post_with_length(app_over(Recorder(), max_body=10), length, b"ASK {    } ")
    assert (status, answer) == ("413 Content Too Large", b"the request body must be at most 10 bytes\n")


def test_a_post_without_a_length_has_no_body() -> None:
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/query", "QUERY_STRING": "query=ASK%7B%7D",
               "wsgi.input": io.BytesIO(b"ignored"), "CONTENT_TYPE": FORM}  # fmt: skip
    started: list[str] = []
    app_over(Recorder())(environ, lambda s, h: started.append(s))
    assert started == ["200 OK"]  # the query string's query, and an empty form


@pytest.mark.parametrize(
    ("error", "status", "message"),
    [
        (QueryTimeout("slow"), 503, "the query ran past the time limit of 2.5 s and was stopped"),
        (QuerySyntaxError("line 1: Oxigraph did not like it"), 400, "line 1: Oxigraph did not like it"),
        (StoreError("the worker died"), 500, "the worker died"),
    ],
)
def test_what_goes_wrong_in_a_worker_has_its_status(error: Exception, status: int, message: str) -> None:
    response = ask(app_over(Recorder(error=error), timeout=2.5), query={"query": "ASK { ?s ?p ?o }"})
    assert (response.code, response.text) == (status, message + "\n")


# ---------------------------------------------------------------------- updates


UPDATE = 'INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> "c" } }'


@pytest.mark.parametrize(
    ("path", "content_type", "body"),
    [
        ("/update", FORM, form(update=UPDATE)),
        ("/update", "application/sparql-update", UPDATE.encode()),
        ("/query", FORM, form(update=UPDATE)),  # the query page sends updates to its one endpoint
        ("/query", "application/sparql-update", UPDATE.encode()),
    ],
)
def test_an_update_is_posted_to_a_writable_endpoint(path: str, content_type: str, body: bytes) -> None:
    pool = Recorder(writable=True)
    response = ask(app_over(pool), "POST", path, body=body, content_type=content_type)
    assert (response.status, response.body) == ("204 No Content", b"")
    assert pool.calls == [(("update", UPDATE), 30.0)]


def test_a_form_with_a_query_and_an_update_is_a_query() -> None:
    pool = Recorder(writable=True)
    ask(app_over(pool), "POST", body=form(query="ASK { ?s ?p ?o }", update=UPDATE), content_type=FORM)
    assert pool.calls[0][0][0] == "query"


def test_a_read_only_endpoint_refuses_updates() -> None:
    pool = Recorder(writable=False)
    response = ask(app_over(pool), "POST", "/update", body=form(update=UPDATE), content_type=FORM)
    assert response.code == 500
    assert response.text == "this endpoint is read-only (start it with --allow-updates to take updates)\n"
    assert pool.calls == []


def test_an_update_is_a_post() -> None:
    response = ask(app_over(Recorder(writable=True)), "GET", "/update", query={"update": UPDATE})
    assert (response.code, response.text) == (405, "an update is a POST\n")


@pytest.mark.parametrize(
    ("headers", "taken"),
    [
        ({}, True),  # curl, this library: no browser, no origin
        ({"sec_fetch_site": "same-origin"}, True),
        ({"sec_fetch_site": "none"}, True),  # typed into the address bar
        ({"origin": "http://127.0.0.1:7878"}, True),
        ({"sec_fetch_site": "cross-site"}, False),
        ({"sec_fetch_site": "same-site"}, False),
        ({"origin": "http://evil.example.org"}, False),
        ({"origin": "https://127.0.0.1:7878"}, False),  # another scheme
        ({"origin": "http://127.0.0.1:7879"}, False),
        ({"origin": "null"}, False),
    ],
)
def test_an_update_from_a_page_of_another_origin_is_refused(headers: dict[str, str], taken: bool) -> None:
    pool = Recorder(writable=True)
    response = ask(app_over(pool), "POST", "/update", body=form(update=UPDATE), content_type=FORM, headers=headers)
    if taken:
        assert response.code == 204 and len(pool.calls) == 1
    else:
        assert response.code == 403 and pool.calls == []
        assert response.text == "an update from another origin (a page on another site) is refused\n"


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ([], 400, "give the update once, as update=..."),
        ([("update", UPDATE), ("update", UPDATE)], 400, "give the update once, as update=..."),
        ([("update", "INSERT DAT {}")], 400, "not a valid SPARQL update"),
        ([("update", "LOAD <http://127.0.0.1:9/d.ttl>")], 500, "the update has LOAD"),
    ],
)
def test_an_update_that_is_not_one_safe_update_is_refused(
    fields: list[tuple[str, str]], status: int, message: str
) -> None:
    pool = Recorder(writable=True)
    body = urllib.parse.urlencode(fields).encode()
    response = ask(app_over(pool), "POST", "/update", body=body, content_type=FORM)
    assert response.code == status and response.text.startswith(message) and pool.calls == []


# ---------------------------------------------------------------------- pages


def test_the_query_page_is_served_and_nothing_else() -> None:
    app = app_over(Recorder(), assets={"/": ("text/html; charset=utf-8", b"<html></html>")})
    page = ask(app, path="/")
    assert (page.code, page.headers["Content-Type"], page.body) == (200, "text/html; charset=utf-8", b"<html></html>")
    head = ask(app, "HEAD", path="/")
    assert (head.code, head.body, head.headers["Content-Length"]) == (200, b"", "13")
    for method, path in (("POST", "/"), ("GET", "/etc/passwd"), ("GET", "/query/")):
        response = ask(app, method, path=path, body=b"" if method == "POST" else None)
        assert (response.status, response.text) == ("404 Not Found", f"no such page: {path}\n")


def test_an_empty_query_in_a_posted_form_is_named_empty() -> None:
    response = ask(app_over(Recorder()), "POST", body=b"query=", content_type=FORM)
    assert (response.code, response.text) == (400, "the SPARQL query is empty (or only comments)\n")
