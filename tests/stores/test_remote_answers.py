"""stores/remote.py: which answers of an endpoint the remote store takes, and which requests it refuses.

Against a scripted server on loopback: the graphs each query and update names, the
answers read as rows, booleans or graphs and the ones refused, the updates refused
before anything is sent, and the fallbacks where an endpoint lacks the update URL or
the Graph Store protocol.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from terve_kunta.data.files import data_files
from terve_kunta.errors import StoreError
from terve_kunta.sparql.rows import Rows
from terve_kunta.sparql.safety import check_update
from terve_kunta.stores import remote as remote_module
from terve_kunta.stores._http import Limits, send
from terve_kunta.stores.remote import RemoteStore
from tests.stores.scripted import Handler, Server, json_reply, reply, servers

LIMITS = Limits(connect=5, read=5, total=8, size=10_000)


@pytest.fixture
def serve() -> Iterator[Callable[..., Server]]:
    yield from servers()


def remote(server: Server, update: str = "/update", graphs: str = "/store") -> RemoteStore:
    origin = server.origin
    return RemoteStore(origin + "/query", origin + update, origin + graphs, limits=LIMITS)


STORE_GRAPHS = [str(f.graph) for f in data_files() if f.role != "shapes"]
SHAPES = "https://w3id.org/terve-kunta/graph/shapes/criteria"


@pytest.mark.parametrize("bad", ["ftp://127.0.0.1/q", "http:///q", "127.0.0.1:7878/q"])
@pytest.mark.parametrize("which", range(3))
def test_each_url_of_a_remote_store_must_be_http_with_a_host(bad: str, which: int) -> None:
    urls = ["http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update", "http://127.0.0.1:7878/store"]
    urls[which] = bad.replace("127.0.0.1", "admin:s3cr3t@127.0.0.1")
    with pytest.raises(StoreError, match=r"^not an http\(s\) URL: ") as caught:
        RemoteStore(urls[0], urls[1], urls[2])
    assert "s3cr3t" not in str(caught.value)


def test_a_remote_store_reads_the_packaged_graphs_but_the_shapes() -> None:
    assert RemoteStore("https://h/q", "https://h/u", "https://h/s").spec == "https://h/q"
    store = RemoteStore("http://a:b@127.0.0.1:1/q", "http://127.0.0.1:1/u", "http://127.0.0.1:1/s")
    assert store.spec == "http://127.0.0.1:1/q" and store.limits == Limits()
    assert "https://w3id.org/terve-kunta/graph/data/memberships" in store.graphs and SHAPES not in store.graphs
    assert len(store.graphs) == len(set(store.graphs)) == len(data_files()) - 2


def test_a_query_names_the_stores_graphs_unless_it_names_its_own(serve: Callable[..., Server]) -> None:
    server = serve(json_reply({"head": {"vars": ["s"]}, "results": {"bindings": []}}))
    store = remote(server)
    assert len(store.query("SELECT ?s WHERE { ?s ?p ?o }", {})) == 0  # type: ignore[arg-type]
    sent = server.requests[0].fields()
    assert server.requests[0].line == "POST /query HTTP/1.1"
    assert sent[0] == ("query", "SELECT ?s WHERE { ?s ?p ?o }")
    assert [v for k, v in sent if k == "default-graph-uri"] == STORE_GRAPHS
    assert [v for k, v in sent if k == "named-graph-uri"] == STORE_GRAPHS
    assert server.requests[0].headers["accept"] == "application/sparql-results+json"
    store.query("SELECT ?s FROM <urn:x:g> WHERE { ?s ?p ?o }", {}, allow_network=True)
    assert [k for k, _ in server.requests[1].fields()] == ["query"]  # FROM: its own dataset, nothing added


def test_rows_and_bindings_come_back_as_terms(serve: Callable[..., Server]) -> None:
    rows = {
        "head": {"vars": ["s", "label", "n", "b"]},
        "results": {
            "bindings": [
                {
                    "s": {"type": "uri", "value": "urn:x:a"},
                    "label": {"type": "literal", "value": "Kuopio", "xml:lang": "fi"},
                    "n": {"type": "typed-literal", "value": "12", "datatype": str(XSD.integer)},
                    "b": {"type": "bnode", "value": "b0"},
                },
                {"s": {"type": "literal", "value": "plain", "datatype": str(XSD.string)}},
            ]
        },
    }
    server = serve(json_reply(rows))
    found = remote(server).query("SELECT ?s ?label ?n ?b WHERE { ?s ?p ?label }", {"n": 12})
    assert isinstance(found, Rows) and found.columns == ["s", "label", "n", "b"]
    first, second = found.terms
    assert first == {"s": URIRef("urn:x:a"), "label": Literal("Kuopio", lang="fi"), "n": Literal(12), "b": BNode("b0")}
    assert second == {"s": Literal("plain"), "label": None, "n": None, "b": None}
    assert "VALUES" in server.requests[0].fields()[0][1]  # the binding is sent in the query


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "triple"}}]}},
            "unsupported term in .*triple",
        ),
        ({"head": {"vars": ["s"]}, "results": {"bindings": [{"s": "urn:x:a"}]}}, "is not SPARQL JSON results$"),
        ({"head": {"vars": ["s"]}, "results": "none"}, "is not SPARQL JSON results$"),
        ([1, 2], "is not SPARQL JSON results$"),
        ("text", "is not SPARQL JSON results$"),
    ],
)
def test_results_that_are_not_sparql_json_are_refused(serve: Callable[..., Server], data: object, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        remote(serve(json_reply(data))).query("SELECT ?s WHERE { ?s ?p ?o }", {})


def test_an_answer_that_is_not_json_is_refused_with_the_reason(serve: Callable[..., Server]) -> None:
    server = serve(reply("200 OK", b"<html>oops</html>", "Content-Type: text/html\r\n"))
    with pytest.raises(StoreError) as caught:
        remote(server).query("SELECT ?s WHERE { ?s ?p ?o }", {})
    assert str(caught.value) == (
        f"{server.origin}/query: the endpoint's answer is not SPARQL JSON results: "
        "Expecting value: line 1 column 1 (char 0)"
    )


@pytest.mark.parametrize("status", ["300 Multiple Choices", "400 Bad Request", "500 Oops"])
def test_an_error_answer_to_a_query_is_refused_with_its_first_line(serve: Callable[..., Server], status: str) -> None:
    server = serve(reply(status, b"Parse error: line 1\nmore detail"))
    with pytest.raises(StoreError) as caught:
        remote(server).query("ASK { ?s ?p ?o }", {})
    assert str(caught.value) == f"{server.origin}/query: the endpoint answered {status[:3]}: Parse error: line 1"


@pytest.mark.parametrize(
    ("data", "answer"),
    [
        ({"boolean": True}, True),
        ({"boolean": False}, False),
        ({"results": {"bindings": [{"__ASK_RETVAL": {"type": "literal", "value": "1"}}]}}, True),  # Virtuoso 7
        ({"results": {"bindings": [{"__ASK_RETVAL": {"type": "literal", "value": "0"}}]}}, False),
        ({"results": {"bindings": [{"x": {"type": "literal", "value": " TRUE "}}]}}, True),
        ({"results": {"bindings": [{"x": {"type": "literal", "value": "false"}}]}}, False),
        ({"results": {"bindings": []}}, False),
    ],
)
def test_an_ask_is_answered_with_a_boolean_or_one_row(serve: Callable[..., Server], data: object, answer: bool) -> None:
    assert remote(serve(json_reply(data))).query("ASK { ?s ?p ?o }", {}) is answer


@pytest.mark.parametrize(
    "data",
    [
        {"boolean": "true"},
        {"results": {"bindings": [{"x": {"value": "1"}}, {"x": {"value": "1"}}]}},  # two rows
        {"results": {"bindings": [{"x": {"value": "1"}, "y": {"value": "1"}}]}},  # two values
        {"results": {"bindings": [{"x": "1"}]}},
        {"head": {}},
    ],
)
def test_any_other_answer_to_an_ask_is_refused(serve: Callable[..., Server], data: object) -> None:
    with pytest.raises(StoreError, match=r"/query: the endpoint's answer to an ASK query is not a boolean$"):
        remote(serve(json_reply(data))).query("ASK { ?s ?p ?o }", {})


def test_a_graph_answer_is_read_as_n_triples_or_turtle(serve: Callable[..., Server]) -> None:
    nt = reply("200 OK", b'<urn:x:a> <urn:x:p> "1" .\n', "Content-Type: application/n-triples\r\n")
    ttl = reply("200 OK", b"@prefix x: <urn:x:> . x:a x:p x:b .", "Content-Type: text/turtle; charset=utf-8\r\n")
    server = serve(nt, ttl)
    store = remote(server)
    first = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {})
    second = store.query("DESCRIBE <urn:x:a>", {})
    assert isinstance(first, Graph) and set(first) == {(URIRef("urn:x:a"), URIRef("urn:x:p"), Literal("1"))}
    assert isinstance(second, Graph) and set(second) == {(URIRef("urn:x:a"), URIRef("urn:x:p"), URIRef("urn:x:b"))}
    assert server.requests[0].headers["accept"] == "application/n-triples, text/turtle;q=0.9"


@pytest.mark.parametrize(("content_type", "form"), [("application/n-triples", "N-Triples"), ("text/turtle", "Turtle")])
def test_a_broken_graph_answer_is_refused(serve: Callable[..., Server], content_type: str, form: str) -> None:
    server = serve(reply("200 OK", b"x:a x:p", f"Content-Type: {content_type}\r\n"))
    with pytest.raises(StoreError, match=rf"^http://127\.0\.0\.1:\d+/query: the endpoint's answer is not {form}: \S"):
        remote(server).query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {})


# ---------------------------------------------------------------------- the remote store: updates


@pytest.mark.parametrize(
    "text",
    [
        'INSERT DATA { <urn:x:a> <urn:x:p> "1" }',
        "DELETE WHERE { ?s <urn:x:p> ?o }",
        "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_an_update_of_the_default_graph_is_refused_before_anything_is_sent(
    serve: Callable[..., Server], text: str
) -> None:
    # the store reads its named graphs only: such an update would change nothing it reads, silently
    server = serve(reply("204 No Content"))
    with pytest.raises(StoreError, match=r"/query: the update writes the endpoint's default graph, which this store"):
        remote(server).update(check_update(text))
    assert server.requests == []


def test_an_update_names_the_stores_graphs_for_its_where_unless_it_names_its_own(
    serve: Callable[..., Server],
) -> None:
    server = serve(reply("204 No Content"))
    store = remote(server)
    store.snapshot = lambda: Graph()  # type: ignore[method-assign]
    store._snapshot = Graph()
    store.update(check_update("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s <urn:x:p> ?o } }"))
    assert store._snapshot is None  # what was read before the update is forgotten
    sent = server.requests[0].fields()
    assert server.requests[0].line == "POST /update HTTP/1.1" and sent[0][0] == "update"
    assert [v for k, v in sent if k == "using-graph-uri"] == [] and [
        v for k, v in sent if k == "using-default-graph-uri"
    ] == STORE_GRAPHS
    assert [v for k, v in sent if k == "using-named-graph-uri"] == STORE_GRAPHS
    for own in (
        "WITH <urn:x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "DELETE { GRAPH <urn:x:g> { ?s ?p ?o } } using <urn:x:g> WHERE { ?s ?p ?o }",
    ):
        store.update(check_update(own, allow_network=True))
        assert [k for k, _ in server.requests[-1].fields()] == ["update"]  # the protocol forbids both at once


@pytest.mark.parametrize("absent", ["404 Not Found", "405 Method Not Allowed", "501 Not Implemented"])
def test_updates_go_to_the_query_url_where_the_update_url_does_not_exist(
    serve: Callable[..., Server], absent: str
) -> None:
    server = serve(reply(absent), reply("204 No Content"))
    store = remote(server)
    store.update(check_update('INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:p> "1" } }'))
    assert [r.line for r in server.requests] == ["POST /update HTTP/1.1", "POST /query HTTP/1.1"]
    assert store.update_url == store.query_url  # and from now on
    store.update(check_update('INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:p> "2" } }'))
    assert server.requests[-1].line == "POST /query HTTP/1.1" and len(server.requests) == 3


@pytest.mark.parametrize("status", ["300 Multiple Choices", "400 Bad Request", "403 Forbidden", "500 Oops"])
def test_a_refused_update_is_an_error(serve: Callable[..., Server], status: str) -> None:
    server = serve(reply(status, b"no updates here"))
    with pytest.raises(StoreError) as caught:
        remote(server).update(check_update('INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:p> "1" } }'))
    assert str(caught.value) == f"{server.origin}/query: the update was refused ({status[:3]}): no updates here"
    assert len(server.requests) == 1


def test_an_update_url_that_is_the_query_url_is_not_tried_twice(serve: Callable[..., Server]) -> None:
    server = serve(reply("404 Not Found", b"no such service"))
    with pytest.raises(StoreError, match=r"the update was refused \(404\): no such service$"):
        remote(server, update="/query").update(
            check_update("INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:p> 1 } }")
        )
    assert len(server.requests) == 1


def test_a_graph_is_written_with_the_graph_store_protocol_where_there_is_one(serve: Callable[..., Server]) -> None:
    server = serve(reply("201 Created"))
    store = remote(server, graphs="/store?default")
    store._snapshot = Graph()
    store.put_graph(URIRef("urn:x:g"), "<urn:x:a> <urn:x:p> 1 .")
    store.put_graph(URIRef("urn:x:h"), "<urn:x:a> <urn:x:p> 2 .")
    assert [r.line for r in server.requests] == [
        "PUT /store?default&graph=urn%3Ax%3Ag HTTP/1.1",
        "PUT /store?default&graph=urn%3Ax%3Ah HTTP/1.1",
    ]
    assert server.requests[0].headers["content-type"] == "text/turtle"
    assert server.requests[0].body == b"<urn:x:a> <urn:x:p> 1 ."
    assert store._snapshot is None


@pytest.mark.parametrize("absent", ["404 Not Found", "405 Method Not Allowed", "501 Not Implemented"])
def test_without_a_graph_store_a_graph_is_written_with_one_update(serve: Callable[..., Server], absent: str) -> None:
    server = serve(reply(absent), reply("204 No Content"))
    store = remote(server)
    store.put_graph(URIRef("urn:x:g"), "<urn:x:a> <urn:x:p> 1 .")
    store.put_graph(URIRef("urn:x:h"), "<urn:x:a> <urn:x:p> 2 .")
    assert [r.line.split(" ")[:2] for r in server.requests] == [
        ["PUT", "/store?graph=urn%3Ax%3Ag"], ["POST", "/update"], ["POST", "/update"]
    ]  # fmt: skip
    update = dict(server.requests[1].fields())["update"]
    assert (
        update
        == 'DROP SILENT GRAPH <urn:x:g> ;\nINSERT DATA { GRAPH <urn:x:g> {\n<urn:x:a> <urn:x:p> "1"^^<'
        + str(XSD.integer)
        + "> .\n} }"
    )


def test_the_update_that_writes_a_graph_writes_it_whole_and_sends_plain_triples_as_data() -> None:
    """Plain triples go as INSERT DATA (Virtuoso compiles that 15 times faster); blank nodes and uncommon
    types go in INSERT ... WHERE (each blank node's triples in one operation, the types bound by STRDT)."""
    turtle = "".join(f"<urn:x:n{i}> <urn:x:p> {i} .\n" for i in range(450)) + (
        '<urn:x:a> <urn:x:p> "plain", "kieli"@fi, "2025-01-20"^^xsd:date, "s"^^xsd:string, <urn:x:b> ;\n'
        '    <urn:x:q> [ <urn:x:r> [ <urn:x:s> "nested" ] ] ; <urn:x:d> "P2D"^^xsd:duration .\n'
    )
    turtle = f"PREFIX xsd: <{XSD}>\n{turtle}"
    update = remote_module._replace_graph("urn:x:g", turtle)
    operations = update.split(" ;\n")
    assert operations[0] == "DROP SILENT GRAPH <urn:x:g>"
    data = [op for op in operations if op.startswith("INSERT DATA { GRAPH <urn:x:g> {")]
    where = [op for op in operations if op.startswith("INSERT { GRAPH <urn:x:g> {")]
    assert len(data) == 3 and len(where) == 1 and len(operations) == 5
    assert all("_:" not in op and "STRDT" not in op for op in data)
    assert where[0].count("_:") == 4 and 'WHERE { BIND(STRDT("P2D"' in where[0] and "nested" in where[0]
    store = ox.Store()
    store.update(update)  # what an endpoint holds after it

    def graph(triples: Iterable[Any]) -> Graph:
        out, term = Graph(), remote_module._ox_term
        for t in triples:
            out.add((term(t.subject), term(t.predicate), term(t.object)))
        return out

    written = graph(store.quads_for_pattern(None, None, None, ox.NamedNode("urn:x:g")))
    assert len(store) == len(written) == 459
    assert isomorphic(written, graph(ox.parse(turtle, format=ox.RdfFormat.TURTLE)))


@pytest.mark.parametrize("status", ["300 Multiple Choices", "400 Bad Request", "403 Forbidden", "500 Oops"])
def test_a_refused_graph_write_is_an_error(serve: Callable[..., Server], status: str) -> None:
    server = serve(reply(status, b"read-only"))
    with pytest.raises(StoreError) as caught:
        remote(server).put_graph(URIRef("urn:x:g"), "<urn:x:a> <urn:x:p> 1 .")
    assert str(caught.value) == f"{server.origin}/query: writing <urn:x:g> was refused ({status[:3]}): read-only"
    assert len(server.requests) == 1


def test_a_graph_store_that_goes_missing_is_an_error_not_a_fallback(serve: Callable[..., Server]) -> None:
    server = serve(reply("204 No Content"), reply("404 Not Found", b"gone"))
    store = remote(server)
    store.put_graph(URIRef("urn:x:g"), "<urn:x:a> <urn:x:p> 1 .")
    with pytest.raises(StoreError, match=r"writing <urn:x:h> was refused \(404\): gone$"):
        store.put_graph(URIRef("urn:x:h"), "<urn:x:a> <urn:x:p> 1 .")
    assert len(server.requests) == 2


# ---------------------------------------------------------------------- the remote store: reading it whole


def counted(n: object) -> Handler:
    return json_reply({"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": n}}]}})


TWO = reply(
    "200 OK", b'<urn:x:a> <urn:x:p> "1" .\n<urn:x:a> <urn:x:p> "2" .\n', "Content-Type: application/n-triples\r\n"
)


def test_the_store_is_read_whole_when_the_count_agrees(
    serve: Callable[..., Server], monkeypatch: pytest.MonkeyPatch
) -> None:
    limits: list[float | None] = []

    def recording(*args: Any, timeout: float | None = None) -> Any:
        limits.append(timeout)
        return send(*args, timeout=timeout)

    monkeypatch.setattr(remote_module, "send", recording)
    server = serve(TWO, counted("2"))
    graph = remote(server).snapshot()
    assert len(graph) == 2
    assert limits == [None, None]  # no time limit but the store's own
    for request in server.requests:  # both over the store's graphs
        assert [v for k, v in request.fields() if k == "default-graph-uri"] == STORE_GRAPHS


def test_an_endpoint_that_gives_fewer_triples_than_it_counts_is_refused(serve: Callable[..., Server]) -> None:
    with pytest.raises(StoreError, match=r"/query: the endpoint gave 2 of the graph's 3 triples: it limits the rows"):
        remote(serve(TWO, counted("3"))).snapshot()


@pytest.mark.parametrize("count", [{"head": {}}, {"results": {"bindings": []}}, "many"])
def test_a_count_that_is_no_count_is_refused(serve: Callable[..., Server], count: object) -> None:
    answer = counted(count) if isinstance(count, str) else json_reply(count)
    with pytest.raises(StoreError, match=r"/query: the endpoint's answer to a count is not SPARQL JSON results$"):
        remote(serve(TWO, answer)).snapshot()


def test_a_store_is_empty_when_none_of_its_graphs_holds_a_triple(serve: Callable[..., Server]) -> None:
    server = serve(json_reply({"boolean": False}), json_reply({"boolean": True}))
    store = remote(server)
    assert store.is_empty() is True and store.is_empty() is False
    assert server.requests[0].fields()[0] == ("query", "ASK { GRAPH ?g { ?s ?p ?o } }")
    assert [v for k, v in server.requests[0].fields() if k == "named-graph-uri"] == STORE_GRAPHS


def test_an_ask_answered_with_json_that_is_no_object_is_refused(serve: Callable[..., Server]) -> None:
    with pytest.raises(StoreError, match=r"/query: the endpoint's answer is not SPARQL JSON results$"):
        remote(serve(json_reply([True]))).is_empty()


def test_a_graph_that_cannot_be_written_as_an_update_is_refused_by_name() -> None:
    from terve_kunta.errors import TermError

    with pytest.raises(StoreError, match=r"^the Turtle for <urn:x:g> does not parse: .*line 1"):
        remote_module._replace_graph("urn:x:g", "<urn:a> <urn:b> .")
    with pytest.raises(TermError, match=r"^cannot write << <urn:a> <urn:b> <urn:c> >> into an update: a quoted triple"):
        remote_module._replace_graph("urn:x:g", "<< <urn:a> <urn:b> <urn:c> >> <urn:p> <urn:o> .")
