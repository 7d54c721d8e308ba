"""HTTP for the remote store, with limits: an endpoint is trusted with data, not with this process.

- a time limit to connect, one for each read, and one for the whole answer (a watchdog
  closes the connection, so that an answer dripping one byte a second still ends);
- a size limit on the answer, read in pieces, never whole first;
- redirects followed only to the same scheme, host and port, at most three;
- a password or token in the URL is sent (HTTP Basic) but never printed: every message
  names the endpoint by scheme, host, port and path only;
- any broken answer is a :class:`~terve_kunta.errors.StoreError`, never a traceback.

The standard library's ``http.client`` sends the requests (no extra dependency); to a
loopback address without any proxy, elsewhere through the proxy that the environment
names (``https_proxy``, ``http_proxy``, ``no_proxy``).
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import socket
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass

from terve_kunta.errors import QueryTimeout, StoreError

__all__ = ["Answer", "Limits", "public_url", "send"]

_LOOPBACK = ("127.0.0.1", "::1", "localhost")
_REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class Limits:
    """Time limits in seconds (to connect, per read, for a whole answer) and the largest answer in bytes."""

    connect: float = 10.0
    read: float = 60.0
    total: float = 600.0
    size: int = 512 * 2**20


@dataclass(frozen=True)
class Answer:
    """An endpoint's answer: status, content type (without parameters) and body."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str]


def public_url(url: str) -> str:
    """``url`` without user, password, query string or fragment: how messages name an endpoint.

    >>> public_url("https://user:secret@example.org:8890/sparql?key=abc")
    'https://example.org:8890/sparql'
    """
    parts = urllib.parse.urlsplit(url)
    if not parts.netloc and "@" in url:  # no "//" (a typo): "user:password@host/..." would be read as a path
        parts = urllib.parse.urlsplit("//" + url.rpartition("@")[2])
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def _secrets(url: str) -> list[str]:
    parts = urllib.parse.urlsplit(url)
    found = [parts.password or "", parts.username or "", parts.query]
    return [s for s in found if len(s) >= 3]


def _scrub(text: str, url: str) -> str:
    for secret in _secrets(url):
        text = text.replace(secret, "***").replace(urllib.parse.unquote(secret), "***")
    return text


def _connection(parts: urllib.parse.SplitResult, limits: Limits) -> tuple[http.client.HTTPConnection, bool]:
    """A connection to the URL's host, or to the proxy for it; True if requests must name the absolute URL."""
    host, port = parts.hostname or "", parts.port
    secure = parts.scheme == "https"
    kind = http.client.HTTPSConnection if secure else http.client.HTTPConnection
    proxy = (
        None
        if host in _LOOPBACK or urllib.request.proxy_bypass(host)
        else urllib.request.getproxies().get(parts.scheme)
    )
    if not proxy:
        return kind(host, port, timeout=limits.connect), False
    through = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    if secure:
        connection = http.client.HTTPSConnection(through.hostname or "", through.port, timeout=limits.connect)
        connection.set_tunnel(host, port)
        return connection, False
    return http.client.HTTPConnection(through.hostname or "", through.port, timeout=limits.connect), True


def send(
    method: str,
    url: str,
    body: bytes | None,
    headers: dict[str, str],
    limits: Limits,
    *,
    timeout: float | None = None,
) -> Answer:
    """Send one request (following same-origin redirects) and read the whole answer within the limits.

    ``timeout`` is the caller's own time limit for this request (a query's): when it
    is the one that runs out, the error is :class:`~terve_kunta.errors.QueryTimeout`.
    """
    origin = urllib.parse.urlsplit(url)
    current = url
    for _ in range(4):
        answer = _send_once(method, current, body, headers, limits, timeout)
        if answer.status not in _REDIRECTS:
            return answer
        target = urllib.parse.urljoin(current, answer.headers.get("location", ""))
        moved = urllib.parse.urlsplit(target)
        same = (moved.scheme, moved.hostname, moved.port) == (origin.scheme, origin.hostname, origin.port)
        if not same:
            raise StoreError(
                f"{public_url(url)}: the endpoint redirects to {public_url(target)}, another host, port or scheme; "
                "refused (give that URL instead, if you trust it)"
            )
        if answer.status in (301, 302, 303) and method != "GET":
            raise StoreError(f"{public_url(url)}: the endpoint redirects to {public_url(target)}; give that URL")
        current = urllib.parse.urlunsplit(moved._replace(netloc=origin.netloc))  # keep the credentials
    raise StoreError(f"{public_url(url)}: the endpoint redirects too many times")


def _send_once(
    method: str, url: str, body: bytes | None, headers: dict[str, str], limits: Limits, timeout: float | None
) -> Answer:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"not an http(s) URL: {public_url(url)!r}")
    headers = dict(headers)
    if parts.username is not None:
        credentials = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
        headers["Authorization"] = "Basic " + base64.b64encode(credentials.encode("utf-8")).decode("ascii")
    total = limits.total if timeout is None else min(timeout, limits.total)
    connection, absolute = _connection(parts, limits)
    target = url if absolute else urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    fired = threading.Event()
    opened: list[socket.socket] = []  # http.client forgets its socket once a response says it will close

    def expire() -> None:
        fired.set()
        for sock in opened:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    watchdog = threading.Timer(total, expire)
    watchdog.daemon = True
    watchdog.start()
    started = time.monotonic()
    response: http.client.HTTPResponse | None = None
    try:
        connection.connect()
        if connection.sock is not None:
            opened.append(connection.sock)
            connection.sock.settimeout(limits.read)
        connection.request(method, target, body=body, headers=headers)
        response = connection.getresponse()
        data = _read(response, limits.size, url)
        if fired.is_set():  # the watchdog cut the answer short
            raise TimeoutError
        _check_whole(response, data, url)
        content_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        found = {k.lower(): v for k, v in response.getheaders()}
        return Answer(response.status, content_type, data, found)
    except (OSError, http.client.HTTPException) as exc:
        if fired.is_set() or (isinstance(exc, TimeoutError) and time.monotonic() - started >= total):
            if timeout is not None and timeout <= limits.total:
                raise QueryTimeout(f"{public_url(url)}: the query ran past its time limit of {timeout:g} s") from None
            raise StoreError(f"{public_url(url)}: no complete answer within {total:g} s") from None
        if isinstance(exc, TimeoutError | socket.timeout):
            raise StoreError(f"{public_url(url)}: the endpoint sent nothing for {limits.read:g} s") from None
        if isinstance(exc, http.client.HTTPException):
            raise StoreError(f"{public_url(url)}: a broken HTTP answer ({type(exc).__name__})") from None
        reason = _scrub(str(getattr(exc, "strerror", None) or exc), url)
        raise StoreError(f"{public_url(url)}: cannot reach the endpoint: {reason}") from None
    finally:
        watchdog.cancel()
        if response is not None:
            response.close()  # an answer not read to its end keeps the socket that http.client handed it
        connection.close()


def _read(response: http.client.HTTPResponse, size: int, url: str) -> bytes:
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > size:
        raise StoreError(
            f"{public_url(url)}: the answer is larger than {_size(size)} ({_size(int(declared))}); refused"
        )
    pieces, length = [], 0
    while piece := response.read(65536):
        length += len(piece)
        if length > size:
            raise StoreError(f"{public_url(url)}: the answer is larger than {_size(size)}; refused")
        pieces.append(piece)
    return b"".join(pieces)


def _check_whole(response: http.client.HTTPResponse, data: bytes, url: str) -> None:
    """Refuse an answer cut short: http.client gives what came before the connection closed, and no error."""
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and len(data) < int(declared) and response.status not in (204, 304):
        raise StoreError(
            f"{public_url(url)}: a broken HTTP answer (it ended after {len(data)} of its {declared} bytes)"
        )


def _size(count: int) -> str:
    return f"{count / 2**20:.0f} MB" if count >= 2**20 else f"{count} bytes"


def error_text(answer: Answer, url: str) -> str:
    """The first line of an error answer, short, without the URL's secrets."""
    lines = answer.body.decode("utf-8", "replace").strip().splitlines()
    return _scrub(" ".join(lines[0].split())[:300], url) if lines else f"HTTP {answer.status}"
