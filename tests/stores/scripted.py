"""A scripted HTTP server on loopback, for the tests of the remote store and its HTTP.

Each connection is answered by the next handler given (the last one repeats), and
every request is kept as the server read it.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass
class Request:
    """A request as the server read it."""

    line: str
    headers: dict[str, str]
    body: bytes

    def fields(self) -> list[tuple[str, str]]:
        """The fields of a form body, in order."""
        return urllib.parse.parse_qsl(self.body.decode())


Handler = Callable[[socket.socket, Request], None]


@dataclass
class Server:
    """A one-thread HTTP server on 127.0.0.1 that answers each connection with the next handler."""

    handlers: list[Handler]
    requests: list[Request] = field(default_factory=list)
    sock: socket.socket = field(default_factory=socket.socket)

    def start(self) -> Server:
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        threading.Thread(target=self._serve, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening (a shutdown wakes the thread waiting in accept; a close alone would not)."""
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()

    @property
    def port(self) -> int:
        return int(self.sock.getsockname()[1])

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                return
            with connection:
                try:
                    request = read_request(connection)
                    self.requests.append(request)
                    self.handlers[min(len(self.requests), len(self.handlers)) - 1](connection, request)
                except OSError:
                    pass


def read_request(connection: socket.socket) -> Request:
    """Read a whole request, its head and the body it announces, or what came before the client closed.

    A socket closed with a request half read sends the client a reset, which it may see
    before the answer (on a busy machine, now and then): a server reads it all first.
    """
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (f.partition(":") for f in lines)}
    while len(body) < int(headers.get("content-length", "0")):
        chunk = connection.recv(65536)
        if not chunk:
            break
        body += chunk
    return Request(line, headers, body)


def servers() -> Iterator[Callable[..., Server]]:
    """For a fixture: ``serve(handler, ...)`` starts a :class:`Server`; each is stopped at the end."""
    started: list[Server] = []

    def start(*handlers: Handler) -> Server:
        started.append(Server(list(handlers)).start())
        return started[-1]

    yield start
    for server in started:
        server.stop()


def reply(
    status: str, body: bytes = b"", headers: str = "Content-Type: text/plain\r\n", length: bool = True
) -> Handler:
    """An answer with ``status``, ``headers`` and ``body`` (and its Content-Length, if ``length``)."""

    def handle(connection: socket.socket, request: Request) -> None:
        size = f"Content-Length: {len(body)}\r\n" if length else ""
        connection.sendall(f"HTTP/1.1 {status}\r\n{headers}{size}Connection: close\r\n\r\n".encode() + body)

    return handle


def json_reply(data: object, status: str = "200 OK") -> Handler:
    """SPARQL JSON results (or whatever ``data`` is, as JSON)."""
    return reply(status, json.dumps(data).encode(), "Content-Type: application/sparql-results+json\r\n")
