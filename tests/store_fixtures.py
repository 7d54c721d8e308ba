"""Fixtures that give the same tests a graph in each store: memory, Oxigraph on disk, an Oxigraph server.

The server is Oxigraph's own (the ``oxigraph`` package of the ``server`` extra),
started on 127.0.0.1 for the test session and stopped after it. If it cannot be
started the tests fail: they are not skipped.
"""

from __future__ import annotations

import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

import terve_kunta as tk
from terve_kunta.cli.store import oxigraph_binary

STORES = ["memory", "oxigraph", "remote"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 30.0) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the Oxigraph server exited with {process.returncode}")
        try:
            with opener.open(url + "?query=ASK%7B%7D", timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"the Oxigraph server did not answer at {url} within {seconds} s")


@pytest.fixture(scope="session")
def oxigraph_server() -> Iterator[str]:
    """The query URL of an Oxigraph server on 127.0.0.1 (union default graph), for the whole session."""
    with tempfile.TemporaryDirectory(prefix="tk-oxigraph-server-") as folder:
        port = free_port()
        command = [oxigraph_binary(), "serve", "--location", f"{folder}/db", "--bind", f"127.0.0.1:{port}"]
        with open(f"{folder}/server.log", "wb") as log:
            process = subprocess.Popen([*command, "--union-default-graph"], stdout=log, stderr=log)
            try:
                url = f"http://127.0.0.1:{port}/query"
                wait_for(url, process)
                yield url
            finally:
                process.terminate()
                process.wait(timeout=20)


def clear_server(url: str) -> None:
    request = urllib.request.Request(
        url.rsplit("/", 1)[0] + "/update",
        data=b"update=DROP%20ALL",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=30):
        pass


def store_spec(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if kind == "memory":
        return "memory"
    if kind == "oxigraph":
        return f"oxigraph:{tmp_path / 'db'}"
    url: str = request.getfixturevalue("oxigraph_server")
    clear_server(url)
    return url


@pytest.fixture(params=STORES)
def store_kg(request: pytest.FixtureRequest, tmp_path: Path) -> tk.KnowledgeGraph:
    """A freshly loaded graph in each store in turn (the server is emptied first)."""
    return tk.load(store=store_spec(request.param, tmp_path, request))
