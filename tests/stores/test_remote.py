"""The remote store trusts its endpoint with data only: time and size limits, no redirect away, no secrets printed."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

import terve_kunta as tk
from terve_kunta.data.files import data_files
from terve_kunta.stores import open_store
from terve_kunta.stores._http import Limits
from terve_kunta.stores._literals import XSD_DURATION, lexical
from terve_kunta.stores.remote import RemoteStore
from tests.stores.scripted import read_request
from tests.support import Run

LIMITS = Limits(connect=2, read=1, total=3, size=10_000)
Handler = Callable[[socket.socket], None]


@pytest.fixture
def endpoint() -> Iterator[Callable[[Handler], str]]:
    """``endpoint(handler)``: the URL of a one-thread HTTP server on 127.0.0.1 whose connections ``handler`` answers."""
    servers: list[socket.socket] = []

    def start(handler: Handler) -> str:
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen()
        servers.append(server)

        def serve() -> None:
            while True:
                try:
                    connection, _ = server.accept()
                except OSError:
                    return
                with connection, contextlib.suppress(OSError):
                    read_request(connection)
                    handler(connection)

        threading.Thread(target=serve, daemon=True).start()
        return f"http://127.0.0.1:{server.getsockname()[1]}/sparql"

    yield start
    for server in servers:
        server.close()


def answer(status: str, body: bytes, headers: str = "Content-Type: application/sparql-results+json\r\n") -> Handler:
    def handle(connection: socket.socket) -> None:
        connection.sendall(f"HTTP/1.1 {status}\r\n{headers}Content-Length: {len(body)}\r\n\r\n".encode() + body)

    return handle


def store(url: str) -> RemoteStore:
    return RemoteStore(url, url, url, limits=LIMITS)


def test_a_dripping_answer_stops_at_the_time_limit(endpoint: Callable[[Handler], str]) -> None:
    def drip(connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n")
        for _ in range(60):
            connection.sendall(b" ")
            time.sleep(0.5)

    started = time.monotonic()
    limits, url = Limits(connect=2, read=1, total=1.5, size=10_000), endpoint(drip)  # a byte every 0.5 s: in time
    with pytest.raises(tk.StoreError, match=r"no complete answer within 1\.5 s"):
        RemoteStore(url, url, url, limits=limits).is_empty()
    assert time.monotonic() - started < 10
    with pytest.raises(tk.QueryTimeout, match="time limit of 1 s"):
        store(endpoint(drip)).query("ASK { ?s ?p ?o }", {}, timeout=1)


def test_a_silent_endpoint_and_a_huge_answer_are_refused(endpoint: Callable[[Handler], str]) -> None:
    with pytest.raises(tk.StoreError, match="sent nothing for 1 s"):
        store(endpoint(lambda c: time.sleep(5))).is_empty()
    with pytest.raises(tk.StoreError, match="larger than"):
        store(endpoint(answer("200 OK", b" " * 20_000, "Content-Type: text/plain\r\n"))).is_empty()

    def unannounced(connection: socket.socket) -> None:  # no Content-Length: read in pieces up to the limit
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n" + b" " * 50_000)

    with pytest.raises(tk.StoreError, match="larger than"):
        store(endpoint(unannounced)).is_empty()


@pytest.mark.parametrize(
    "location", ["http://127.0.0.1:9/sparql", "ftp://127.0.0.1/x", "https://127.0.0.1:{port}/sparql", "//example.org/x"]
)
def test_no_redirect_to_another_host_port_or_scheme(endpoint: Callable[[Handler], str], location: str) -> None:
    url = endpoint(lambda c: None)
    port = url.split(":")[2].split("/")[0]
    target = endpoint(answer("307 Temporary Redirect", b"", f"Location: {location.format(port=port)}\r\n"))
    with pytest.raises(tk.StoreError, match=r"redirects to .*another host, port or scheme; refused"):
        store(target).is_empty()


def test_a_redirect_on_the_same_endpoint_is_followed(endpoint: Callable[[Handler], str]) -> None:
    final = endpoint(answer("200 OK", b'{"boolean": true}'))
    path = final.split("/", 3)[3]
    hops = endpoint(answer("307 Temporary Redirect", b"", f"Location: /{path}\r\n"))
    assert hops.rsplit("/", 1)[0] != final.rsplit("/", 1)[0]  # another port: refused
    with pytest.raises(tk.StoreError):
        store(hops).is_empty()


@pytest.mark.parametrize(
    "body",
    [b"HTTP/1.1 banana\r\n\r\n", b"", b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{", b"\x00\xff garbage"],
)
def test_a_broken_answer_is_a_clear_error(endpoint: Callable[[Handler], str], body: bytes) -> None:
    url = endpoint(lambda c: c.sendall(body))
    with pytest.raises(tk.StoreError, match=r"127\.0\.0\.1"):
        store(url).is_empty()


@pytest.mark.parametrize(
    "body",
    [b"not json", b'{"results": {"bindings": [{"n": 1}]}}', b"[1, 2]", b'{"boolean": ' + b"9" * 5000 + b"}"],
)
def test_an_answer_that_is_not_sparql_results_is_a_clear_error(endpoint: Callable[[Handler], str], body: bytes) -> None:
    with pytest.raises(tk.StoreError, match=r"not (SPARQL JSON results|a boolean)"):
        store(endpoint(answer("200 OK", body))).is_empty()


def test_credentials_are_sent_but_never_printed(endpoint: Callable[[Handler], str], run: Run) -> None:
    seen: list[bytes] = []

    def refuse(connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 500 Oops\r\nContent-Length: 34\r\n\r\nbad request for s3cr3t-pass, sorry")

    url = endpoint(refuse).replace("http://", "http://admin:s3cr3t-pass@") + "?token=t0ken-value"
    with pytest.raises(tk.StoreError) as error:
        store(url).is_empty()
    assert "s3cr3t" not in str(error.value) and "t0ken" not in str(error.value) and "***" in str(error.value)
    code, out, err = run("members", "--store", url)
    assert code == 2 and "s3cr3t" not in out + err and "t0ken" not in out + err and "admin" not in out + err
    closed = endpoint(lambda c: seen.append(b"x")).replace("http://", "http://u:s3cr3t@").replace("/sparql", "")
    closed = closed.rsplit(":", 1)[0] + ":9/sparql"  # nothing listens there
    with pytest.raises(tk.StoreError, match="cannot reach") as error:
        store(closed).is_empty()
    assert "s3cr3t" not in str(error.value)


def test_literals_given_back_as_values_are_read_as_text() -> None:
    assert [lexical(t, XSD_DURATION) for t in ("12", "14", "-12", "1", "0", "172800.0", "7200.0", "90.5")] == [
        "P1Y", "P1Y2M", "-P1Y", "P1M", "P0M", "P2D", "PT2H", "PT1M30.5S"
    ]  # fmt: skip
    assert lexical("P1Y2M3DT4H", XSD_DURATION) == "P1Y2M3DT4H" and lexical("nonsense", XSD_DURATION) == "nonsense"


@pytest.mark.server
def test_a_read_command_never_writes_to_an_endpoint(run: Run, store_spec: Callable[[str], str]) -> None:
    url = store_spec("remote")  # an emptied Oxigraph server
    for argv in (["info"], ["members"], ["query", "ASK { ?s ?p ?o }"]):
        code, _, err = run(*argv, "--store", url)
        assert code == 2 and "holds no Terve Kunta graph; fill it with: terve-kunta load --store" in err
    assert open_store(url).is_empty()
    with pytest.raises(tk.StoreError, match="holds no Terve Kunta graph"):
        tk.load(store=url)
    assert open_store(url).is_empty()


def test_a_read_command_never_creates_a_database(run: Run, tmp_path: object) -> None:
    folder = f"{tmp_path}/no-such-db"
    code, _, err = run("info", "--store", f"oxigraph:{folder}")
    assert code == 2 and "no database in" in err
    assert not __import__("os").path.exists(folder)


@pytest.mark.server
@pytest.mark.xdist_group("virtuoso")  # the session's Virtuoso: on the worker of the other tests that use it
def test_load_warns_when_what_it_wrote_does_not_come_back(run: Run, store_spec: Callable[[str], str]) -> None:
    url = store_spec("virtuoso")
    code, _, err = run("load", "--store", url)
    files = len([f for f in data_files() if f.role != "shapes"])
    assert code == 0 and f"wrote {files} graphs" in err and "warning" not in err  # the packaged data comes back whole
    durations = tk.load(store=url).query("SELECT ?d WHERE { ?a tk:meetingDuration ?d } ORDER BY ?d")
    assert isinstance(durations, tk.Rows) and {str(r.d) for r in durations} >= {"2:00:00", "1 day, 0:00:00"}
    remote = open_store(url)
    assert isinstance(remote, RemoteStore)
    graph = tk.ID["x-graph"]
    remote.put_graph(graph, '<urn:x:a> <urn:x:p> "P1Y3D"^^<http://www.w3.org/2001/XMLSchema#duration> .')
    assert remote.differences(graph, '<urn:x:a> <urn:x:p> "P1Y3D"^^<http://www.w3.org/2001/XMLSchema#duration> .')


@pytest.mark.server
def test_virtuoso_replaces_a_graph_put_whole(virtuoso_server: str) -> None:
    """What lets the session's Virtuoso be refilled without being emptied first (``conftest._virtuoso_packaged``)."""
    store = open_store(virtuoso_server, graph_store_url=virtuoso_server + "-graph-crud")  # as conftest._fill writes
    assert isinstance(store, RemoteStore)
    graph, before = tk.ID["x-replaced"], '<urn:x:a> <urn:x:p> "kept", "dropped" . <urn:x:b> <urn:x:p> [ <urn:x:q> 1 ] .'
    store.put_graph(graph, before)
    assert store.differences(graph, before) == []
    store.put_graph(graph, '<urn:x:a> <urn:x:p> "kept" .')
    assert store.differences(graph, '<urn:x:a> <urn:x:p> "kept" .') == []
