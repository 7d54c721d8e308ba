"""stores/_http.py: each limit and refusal of the remote store's HTTP, against a scripted server on loopback.

``test_remote.py`` shows the store's errors end to end; here every rule of
:func:`~terve_kunta.stores._http.send` is pinned on its own: which redirects are
followed, which proxy is used, which answers are too large or too slow and how each
failure is named, and that no secret of the URL is ever printed. Time limits are
fractions of a second, so that the whole file stays cheap.
"""

from __future__ import annotations

import base64
import contextlib
import socket
import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from terve_kunta.errors import QueryTimeout, StoreError
from terve_kunta.stores._http import Answer, Limits, _connection, error_text, public_url, send
from tests.stores.scripted import Handler, Request, Server, reply, servers

LIMITS = Limits(connect=5, read=5, total=8, size=10_000)


@pytest.fixture
def serve() -> Iterator[Callable[..., Server]]:
    yield from servers()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy from the environment the tests run in (a test that wants one sets it)."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


def moved(status: int, location: str) -> Handler:
    return reply(f"{status} Moved", headers=f"Location: {location}\r\n")


def drip(connection: socket.socket, request: Request, length: str = "") -> None:
    """An answer that never ends: a byte every 50 ms."""
    connection.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n{length}\r\n".encode())
    for _ in range(200):
        connection.sendall(b" ")
        time.sleep(0.05)


def drip_announced(connection: socket.socket, request: Request) -> None:
    """An answer of 100 kB, a byte every 50 ms."""
    drip(connection, request, "Content-Length: 100000\r\n")


def silent(connection: socket.socket, request: Request) -> None:
    time.sleep(3)


def post(url: str, limits: Limits = LIMITS, timeout: float | None = None) -> Answer:
    return send("POST", url, b"query=ASK%7B%7D", {"Accept": "*/*"}, limits, timeout=timeout)


def get(url: str, limits: Limits = LIMITS) -> Answer:
    return send("GET", url, None, {}, limits)


# ---------------------------------------------------------------------- naming an endpoint


@pytest.mark.parametrize(
    ("url", "public"),
    [
        ("https://user:secret@example.org:8890/sparql?key=abc#top", "https://example.org:8890/sparql"),
        ("http://example.org/sparql", "http://example.org/sparql"),
        ("http://[::1]:7878/query", "http://[::1]:7878/query"),
        ("http://127.0.0.1:7878", "http://127.0.0.1:7878"),
        ("http:///sparql", "http:///sparql"),
        ("admin:s3cr3t@127.0.0.1:7878/q?token=abc", "://127.0.0.1:7878/q"),  # "http://" forgotten
    ],
)
def test_an_endpoint_is_named_by_scheme_host_port_and_path_only(url: str, public: str) -> None:
    assert public_url(url) == public


def test_the_first_line_of_an_error_answer_is_shown_without_the_urls_secrets() -> None:
    url = "http://abc:s3cr3t-pass@127.0.0.1/sparql?key=t0ken%20value"
    body = b"  bad   request from abc:\ts3cr3t-pass with key=t0ken value \nsecond line"
    assert error_text(Answer(400, "text/plain", body, {}), url) == "bad request from ***: *** with ***"
    assert error_text(Answer(502, "text/plain", b"  \n ", {}), url) == "HTTP 502"
    assert error_text(Answer(500, "text/plain", b"x" * 400 + b"\ny", {}), url) == "x" * 300


def test_a_secret_shorter_than_three_characters_is_not_scrubbed() -> None:
    # scrubbing "a" would garble every message; such a secret guards nothing
    text = error_text(Answer(401, "text/plain", b"xy and abc denied", {}), "http://abc:xy@127.0.0.1/")
    assert text == "xy and *** denied"


# ---------------------------------------------------------------------- the request


def test_a_request_names_the_path_and_query_of_the_url(serve: Callable[..., Server]) -> None:
    server = serve(reply("200 OK", b"{}", "Content-Type: Application/SPARQL-Results+JSON; charset=utf-8\r\n"))
    answer = post(server.origin + "/sparql?default-graph-uri=urn%3Ag")
    assert server.requests[0].line == "POST /sparql?default-graph-uri=urn%3Ag HTTP/1.1"
    assert server.requests[0].body == b"query=ASK%7B%7D"
    assert (answer.status, answer.content_type, answer.body) == (200, "application/sparql-results+json", b"{}")
    assert answer.headers["content-length"] == "2"  # header names in lower case
    assert "authorization" not in server.requests[0].headers  # no user in the URL, no credentials sent
    get(server.origin)
    assert server.requests[1].line == "GET / HTTP/1.1"


def test_an_answer_without_a_content_type_has_an_empty_one(serve: Callable[..., Server]) -> None:
    assert get(serve(reply("200 OK", b"x", headers="")).origin).content_type == ""


def test_the_credentials_in_the_url_are_sent_as_http_basic(serve: Callable[..., Server]) -> None:
    server = serve(reply("204 No Content"))
    post(server.origin.replace("http://", "http://us%40er:p%3Ass@") + "/update")
    expected = "Basic " + base64.b64encode(b"us@er:p:ss").decode("ascii")
    assert server.requests[0].headers["authorization"] == expected
    post(server.origin.replace("http://", "http://reader@") + "/update")
    assert server.requests[1].headers["authorization"] == "Basic " + base64.b64encode(b"reader:").decode("ascii")


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/x", "file:///etc/passwd", "http:///sparql", "https://"])
def test_a_url_that_is_not_http_with_a_host_is_refused(url: str) -> None:
    with pytest.raises(StoreError, match=r"^not an http\(s\) URL: "):
        post(url)


def test_a_refused_url_is_named_without_its_secrets() -> None:
    with pytest.raises(StoreError) as caught:
        post("ftp://admin:s3cr3t@127.0.0.1/x?token=abcdef")
    assert str(caught.value) == "not an http(s) URL: 'ftp://127.0.0.1/x'"


# ---------------------------------------------------------------------- redirects


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_get_follows_a_redirect_on_the_same_endpoint(serve: Callable[..., Server], status: int) -> None:
    server = serve(moved(status, "/final?x=1"), reply("200 OK", b"done"))
    answer = get(server.origin + "/sparql")
    assert (answer.status, answer.body) == (200, b"done")
    assert [r.line for r in server.requests] == ["GET /sparql HTTP/1.1", "GET /final?x=1 HTTP/1.1"]


@pytest.mark.parametrize("status", [307, 308])
def test_a_post_follows_a_redirect_that_keeps_the_method(serve: Callable[..., Server], status: int) -> None:
    server = serve(moved(status, "/final"), reply("200 OK", b"done"))
    assert post(server.origin + "/sparql").body == b"done"
    assert server.requests[1].line == "POST /final HTTP/1.1" and server.requests[1].body == b"query=ASK%7B%7D"


@pytest.mark.parametrize("status", [301, 302, 303])
def test_a_post_is_not_sent_again_where_a_redirect_would_make_it_a_get(
    serve: Callable[..., Server], status: int
) -> None:
    server = serve(moved(status, "/final"), reply("200 OK", b"done"))
    with pytest.raises(StoreError, match=r": the endpoint redirects to http://127\.0\.0\.1:\d+/final; give that URL$"):
        post(server.origin + "/sparql")
    assert len(server.requests) == 1


@pytest.mark.parametrize("status", [200, 300, 304, 404])
def test_other_answers_are_not_redirects(serve: Callable[..., Server], status: int) -> None:
    server = serve(reply(f"{status} Whatever", headers="Location: /elsewhere\r\n"))
    assert get(server.origin).status == status and len(server.requests) == 1


def test_a_redirect_keeps_the_credentials_and_may_name_the_endpoint_in_full(serve: Callable[..., Server]) -> None:
    server = serve(reply("200 OK"))
    server.handlers.insert(0, moved(307, server.origin + "/final"))  # an absolute URL on the same endpoint
    post(server.origin.replace("http://", "http://admin:s3cr3t@") + "/sparql")
    credentials = "Basic " + base64.b64encode(b"admin:s3cr3t").decode("ascii")
    assert [r.headers.get("authorization") for r in server.requests] == [credentials, credentials]


@pytest.mark.parametrize(
    "location", ["http://127.0.0.1:9/x", "https://127.0.0.1:{port}/x", "http://localhost:{port}/x"]
)
def test_a_redirect_to_another_scheme_host_or_port_is_refused(serve: Callable[..., Server], location: str) -> None:
    server = serve(reply("200 OK"))
    server.handlers.insert(0, moved(307, location.format(port=server.sock.getsockname()[1])))
    url = server.origin.replace("http://", "http://admin:s3cr3t@") + "/sparql"
    with pytest.raises(StoreError) as caught:
        post(url)
    target = public_url(location.format(port=server.sock.getsockname()[1]))
    assert str(caught.value) == (
        f"{server.origin}/sparql: the endpoint redirects to {target}, "
        "another host, port or scheme; refused (give that URL instead, if you trust it)"
    )
    assert len(server.requests) == 1


def test_three_redirects_are_followed_and_a_fourth_is_refused(serve: Callable[..., Server]) -> None:
    three = serve(moved(307, "/1"), moved(307, "/2"), moved(307, "/3"), reply("200 OK", b"done"))
    assert post(three.origin).body == b"done" and len(three.requests) == 4
    four = serve(moved(307, "/1"), moved(307, "/2"), moved(307, "/3"), moved(307, "/4"), reply("200 OK"))
    with pytest.raises(StoreError, match=r"^http://127\.0\.0\.1:\d+: the endpoint redirects too many times$"):
        post(four.origin)
    assert len(four.requests) == 4


# ---------------------------------------------------------------------- the proxy


def test_a_loopback_endpoint_is_reached_directly_whatever_the_proxy(
    serve: Callable[..., Server], monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy, endpoint = serve(reply("200 OK", b"proxy")), serve(reply("200 OK", b"endpoint"))
    monkeypatch.setenv("http_proxy", proxy.origin)
    assert post(endpoint.origin + "/sparql").body == b"endpoint" and proxy.requests == []
    for host in ("localhost", "::1"):
        connection, absolute = _connection(urlsplit(f"http://{'[::1]' if host == '::1' else host}:7878/"), LIMITS)
        assert (connection.host, absolute) == (host, False)


@pytest.mark.parametrize("value", ["{origin}", "{host}"])  # with or without a scheme
def test_another_host_is_reached_through_the_environments_proxy(
    serve: Callable[..., Server], monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    proxy = serve(reply("200 OK", b"through the proxy"))
    monkeypatch.setenv("http_proxy", value.format(origin=proxy.origin, host=proxy.origin.removeprefix("http://")))
    assert post("http://sparql.example.org:8890/sparql?x=1").body == b"through the proxy"
    assert proxy.requests[0].line == "POST http://sparql.example.org:8890/sparql?x=1 HTTP/1.1"  # the absolute URL


def test_https_through_a_proxy_is_a_tunnel(serve: Callable[..., Server], monkeypatch: pytest.MonkeyPatch) -> None:
    proxy = serve(reply("403 Forbidden"))
    monkeypatch.setenv("https_proxy", proxy.origin)
    with pytest.raises(StoreError, match=r"^https://sparql\.example\.org:8443/q: cannot reach the endpoint: "):
        post("https://sparql.example.org:8443/q")
    assert proxy.requests[0].line == "CONNECT sparql.example.org:8443 HTTP/1.0"
    connection, absolute = _connection(urlsplit("https://sparql.example.org:8443/q"), LIMITS)
    assert (connection.host, connection.port, absolute) == ("127.0.0.1", proxy.sock.getsockname()[1], False)


def test_no_proxy_and_no_proxy_setting_reach_the_host_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    # the connection is only made, never opened: no test reaches the network
    for url, kind in [
        ("http://sparql.example.org:8890/q", "HTTPConnection"),
        ("https://sparql.example.org/q", "HTTPS"),
    ]:
        connection, absolute = _connection(urlsplit(url), LIMITS)
        assert (connection.host, type(connection).__name__.startswith(kind), absolute) == (
            "sparql.example.org", True, False
        )  # fmt: skip
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:3128")
    monkeypatch.setenv("no_proxy", "example.org")
    connection, absolute = _connection(urlsplit("http://sparql.example.org:8890/q"), LIMITS)
    assert (connection.host, connection.port, absolute) == ("sparql.example.org", 8890, False)
    assert connection.timeout == LIMITS.connect


# ---------------------------------------------------------------------- time limits


def test_a_silent_endpoint_is_given_up_after_the_read_limit(serve: Callable[..., Server]) -> None:
    started = time.monotonic()
    with pytest.raises(StoreError, match=r"^http://127\.0\.0\.1:\d+/q: the endpoint sent nothing for 0\.3 s$"):
        post(serve(silent).origin + "/q", Limits(connect=5, read=0.3, total=8))
    assert time.monotonic() - started < 2.5  # the read limit, not the connect limit (5 s), ended it


def test_an_answer_that_never_ends_stops_at_the_total_limit(serve: Callable[..., Server]) -> None:
    started = time.monotonic()
    with pytest.raises(StoreError, match=r"^http://127\.0\.0\.1:\d+: no complete answer within 1\.1 s$"):
        send("PUT", serve(drip).origin, b"x", {}, Limits(connect=5, read=5, total=1.1))  # no time limit of its own
    assert 1.0 < time.monotonic() - started < 4


def test_a_silent_endpoint_stops_at_the_total_limit_where_that_comes_first(serve: Callable[..., Server]) -> None:
    with pytest.raises(StoreError, match=r": no complete answer within 0\.3 s$"):  # not "a broken HTTP answer"
        post(serve(silent).origin, Limits(connect=5, read=5, total=0.3))


def test_an_announced_answer_cut_at_the_total_limit_is_no_complete_answer(serve: Callable[..., Server]) -> None:
    with pytest.raises(StoreError, match=r": no complete answer within 0\.3 s$"):
        post(serve(drip_announced).origin, Limits(connect=5, read=5, total=0.3))


@pytest.mark.parametrize(("status", "method"), [("204 No Content", "POST"), ("304 Not Modified", "GET")])
def test_an_answer_that_has_no_body_is_not_cut_short(serve: Callable[..., Server], status: str, method: str) -> None:
    # a Content-Length on such an answer names the body it would have had (RFC 9110, 8.6)
    server = serve(reply(status, headers="Content-Length: 5\r\n", length=False))
    answer = send(method, server.origin, b"x" if method == "POST" else None, {}, LIMITS)
    assert (answer.status, answer.body) == (int(status[:3]), b"")


@pytest.mark.parametrize(("timeout", "total"), [(0.3, 5.0), (0.4, 0.4)])
def test_a_query_that_runs_past_its_own_limit_is_a_query_timeout(
    serve: Callable[..., Server], timeout: float, total: float
) -> None:
    limit = rf"^http://127\.0\.0\.1:\d+: the query ran past its time limit of {timeout} s$"
    with pytest.raises(QueryTimeout, match=limit):
        post(serve(drip).origin, Limits(connect=5, read=5, total=total), timeout=timeout)


def test_where_the_stores_own_limit_is_shorter_it_is_the_one_named(serve: Callable[..., Server]) -> None:
    with pytest.raises(StoreError, match=r"no complete answer within 0\.3 s$") as caught:
        post(serve(drip).origin, Limits(connect=5, read=5, total=0.3), timeout=5)
    assert not isinstance(caught.value, QueryTimeout)


def test_the_documented_limits_are_the_defaults() -> None:
    # docs/queries.rst: 10 s to connect, 60 s per read, 600 s per answer, 512 MB
    assert Limits() == Limits(connect=10.0, read=60.0, total=600.0, size=512 * 1024 * 1024)


# ---------------------------------------------------------------------- broken answers


def test_an_endpoint_that_is_not_there_cannot_be_reached(serve: Callable[..., Server]) -> None:
    closed = serve(reply("200 OK"))
    origin = closed.origin
    closed.stop()  # nothing listens on its port now
    with pytest.raises(StoreError) as caught:
        post(origin.replace("http://", "http://admin:s3cr3t@") + "/sparql")
    assert str(caught.value) == f"{origin}/sparql: cannot reach the endpoint: Connection refused"


@pytest.mark.parametrize(
    ("handler", "name"),
    [
        (lambda c, r: c.sendall(b"HTTP/1.1 banana\r\n\r\n"), "BadStatusLine"),
        (lambda c, r: None, "RemoteDisconnected"),
        (lambda c, r: c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{"), "it ended after 1 of its 50 bytes"),
    ],
)
def test_a_broken_answer_is_named_by_what_broke(serve: Callable[..., Server], handler: Handler, name: str) -> None:
    with pytest.raises(StoreError, match=rf"^http://127\.0\.0\.1:\d+/q: a broken HTTP answer \({name}\)$"):
        post(serve(handler).origin + "/q")


# ---------------------------------------------------------------------- size limits


def test_an_answer_up_to_the_size_limit_is_read_whole(serve: Callable[..., Server]) -> None:
    body = bytes(range(256)) * 39 + b"0123456789abcdef"  # 10,000 bytes: the limit itself
    assert len(body) == LIMITS.size
    assert post(serve(reply("200 OK", body)).origin).body == body  # announced
    assert post(serve(reply("200 OK", body, length=False)).origin).body == body  # read to the end


def test_an_answer_over_the_size_limit_is_refused(serve: Callable[..., Server]) -> None:
    with pytest.raises(StoreError, match=r"the answer is larger than 10000 bytes \(10001 bytes\); refused$"):
        post(serve(reply("200 OK", b"x" * 10_001)).origin)
    with pytest.raises(StoreError, match=r"^http://127\.0\.0\.1:\d+: the answer is larger than 10000 bytes; refused$"):
        post(serve(reply("200 OK", b"x" * 10_001, length=False)).origin)


def test_an_answer_announced_too_large_is_refused_before_it_is_read(serve: Callable[..., Server]) -> None:
    def announce(connection: socket.socket, request: Request) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2097152\r\n\r\n")  # and never sends it

    started = time.monotonic()
    with pytest.raises(StoreError, match=r"larger than 1 MB \(2 MB\); refused$"):
        post(serve(announce).origin, Limits(connect=5, read=5, total=8, size=2**20))
    assert time.monotonic() - started < 3


def test_an_unreadable_length_is_read_to_the_end(serve: Callable[..., Server]) -> None:
    server = serve(reply("200 OK", b"abc", headers="Content-Length: many\r\n", length=False))
    assert post(server.origin).body == b"abc"


# ---------------------------------------------------------------------- what a request leaves behind


def announce_too_much(connection: socket.socket, request: Request) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2097152\r\nConnection: close\r\n\r\n")


@pytest.mark.parametrize(
    "handler",
    [
        reply("200 OK", b"fine"),
        reply("200 OK", b"x" * 10_001),  # over the size limit, announced
        reply("200 OK", b"x" * 10_001, length=False),  # over it, read to the end
        announce_too_much,  # refused before it is read
        reply("200 OK", b"abc", headers="Content-Length: 9\r\n", length=False),  # cut short
        reply("500 Internal Server Error", b"broken"),
    ],
    ids=["whole", "too-large", "too-large-unannounced", "announced-too-large", "cut-short", "server-error"],
)
def test_a_request_leaves_no_socket_open_whatever_the_answer(
    serve: Callable[..., Server], handler: Handler, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every answer, read or refused, closes its socket: none is left for the garbage collector to find
    (which the suite's warnings-as-errors made a failure of whatever test ran when it did).

    Each socket the request makes is kept and must be closed for good (its descriptor released)
    when the request returns: a direct check, which needs no garbage collection (a full one, as
    this test made before, took 0.25 s a case) and also finds a socket still referenced.
    """
    server = serve(handler)
    made: list[socket.socket] = []
    original = socket.socket.__init__

    def keep(self: socket.socket, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        if kwargs.get("fileno") is None and len(args) < 4:  # made to connect, not the server's accept()
            made.append(self)

    monkeypatch.setattr(socket.socket, "__init__", keep)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        with contextlib.suppress(StoreError):
            post(server.origin)
    assert len(made) == 1
    assert [sock for sock in made if sock.fileno() != -1] == []
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []
