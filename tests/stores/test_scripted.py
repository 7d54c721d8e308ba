"""The scripted server's request reader (tests/stores/scripted.py), which the remote-store tests rely on."""

from __future__ import annotations

import socket
import threading

from tests.stores.scripted import read_request

HEAD = b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\n"


def test_a_request_sent_in_pieces_is_read_whole() -> None:
    server, client = socket.socketpair()
    with server, client:
        pieces = [HEAD[:7], HEAD[7:], b"01234", b"56789", b"left for the next read"]

        def send() -> None:
            for piece in pieces:
                client.sendall(piece)

        sender = threading.Thread(target=send)
        sender.start()
        request = read_request(server)
        sender.join()
    assert request.line == "POST /query HTTP/1.1"
    assert request.headers == {"host": "x", "content-type": "text/plain", "content-length": "10"}
    assert request.body.startswith(b"0123456789")


def test_a_client_that_closes_mid_body_gives_what_it_sent() -> None:
    server, client = socket.socketpair()
    with server:
        client.sendall(HEAD + b"0123")
        client.close()
        request = read_request(server)  # returns, not waiting for the six bytes that never come
    assert request.body == b"0123" and request.headers["content-length"] == "10"


def test_a_client_that_closes_mid_head_gives_what_it_sent() -> None:
    server, client = socket.socketpair()
    with server:
        client.sendall(b"GET / HTTP/1.1\r\nHost: x")
        client.close()
        request = read_request(server)
    assert request.line == "GET / HTTP/1.1" and request.headers == {"host": "x"} and request.body == b""
