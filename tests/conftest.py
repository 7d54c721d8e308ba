"""Fixtures shared by every test: no network, the packaged graph, a graph in each store, a listener, the CLI."""

from __future__ import annotations

import socket
import subprocess
import tempfile
import threading
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import terve_kunta as tk
from terve_kunta.cli import main
from terve_kunta.cli.store import oxigraph_binary
from tests.support import Run, free_port, wait_for

# A loaded machine (CI beside other jobs) can make hypothesis's generation look slow: that is not a failure.
settings.register_profile("terve_kunta", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("terve_kunta")

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
#: The stores every store test runs on; the remote one is an Oxigraph server (marked ``server``).
STORES = ["memory", "oxigraph", pytest.param("remote", marks=pytest.mark.server)]


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the network: a socket may connect only to a Unix socket or to loopback
    (the Oxigraph server and the listeners that tests start on 127.0.0.1); anything else fails."""

    def refuse(self: socket.socket, address: Any) -> None:
        if self.family == socket.AF_UNIX:
            return original(self, address)
        if isinstance(address, tuple) and address and address[0] in LOOPBACK:
            return original(self, address)
        raise AssertionError(f"a test tried to open a network connection to {address!r}")

    original = socket.socket.connect
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture(scope="session")
def kg() -> tk.KnowledgeGraph:
    """The packaged graph, loaded once; tests must not change it (use fresh_kg for that)."""
    return tk.load()


@pytest.fixture
def fresh_kg() -> tk.KnowledgeGraph:
    return tk.load()


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], kg: tk.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run a ``terve-kunta`` command in this process: ``run(*argv) -> (exit code, stdout, stderr)``.

    Commands that read the packaged graph in memory use the session's graph (the
    command's own start-up is not what these tests test); pass ``shared=False`` to
    load it anew. Output is not fitted to a terminal unless a test sets ``COLUMNS``,
    and speaks English unless a test sets ``TERVE_KUNTA_LANG`` or passes ``--lang``.
    """
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("TERVE_KUNTA_LANG", raising=False)

    def run(*argv: str, shared: bool = True) -> tuple[int, str, str]:
        code = main(list(argv), kg=kg if shared else None)
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def sparql_prepared_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let rdflib parse each distinct SPARQL text once, as ``prepareQuery`` does, instead of on every call.

    pySHACL runs a SHACL-SPARQL constraint by calling ``graph.query(text, initBindings=...)``
    once per focus node, and rdflib parses the text anew each time (nearly all of
    pySHACL's time on the criteria shapes). A prepared query evaluated with bindings
    is rdflib's documented way to run one query many times: the results are the same.
    """
    from functools import lru_cache

    from rdflib.plugins.sparql import processor
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    @lru_cache(maxsize=64)
    def prepared(text: str, base: str | None, namespaces: tuple[tuple[str, str], ...]) -> Any:
        return translateQuery(parseQuery(text), base, dict(namespaces))

    original = processor.SPARQLProcessor.query

    def query(self: Any, query: Any, initBindings: Any = None, initNs: Any = None, base: Any = None, **kw: Any) -> Any:
        if isinstance(query, str):
            query = prepared(query, base, tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items())))
        return original(self, query, initBindings, initNs, base, **kw)

    monkeypatch.setattr(processor.SPARQLProcessor, "query", query)


# ---------------------------------------------------------------------- stores


def _oxigraph_server() -> Iterator[str]:
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


@pytest.fixture(scope="session")
def oxigraph_server() -> Iterator[str]:
    """The query URL of an Oxigraph server on 127.0.0.1 (union default graph), for the whole session.

    The server is Oxigraph's own (the ``oxigraph`` package of the ``server`` extra);
    if it cannot be started the tests fail: they are not skipped. Tests that use it
    empty it first (``store_kg``).
    """
    yield from _oxigraph_server()


@pytest.fixture(scope="session")
def readonly_server() -> Iterator[str]:
    """Another Oxigraph server, loaded once with the packaged graph and only read (``loaded_kg``)."""
    yield from _oxigraph_server()


def _clear_server(url: str) -> None:
    request = urllib.request.Request(
        url.rsplit("/", 1)[0] + "/update",
        data=b"update=DROP%20ALL",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=30):
        pass


@pytest.fixture
def store_spec(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[str], str]:
    """``store_spec(kind)``: a new, empty store of that kind (memory, oxigraph, remote) to load into."""

    def spec(kind: str) -> str:
        if kind == "memory":
            return "memory"
        if kind == "oxigraph":
            return f"oxigraph:{tmp_path / 'db'}"
        url: str = request.getfixturevalue("oxigraph_server")
        _clear_server(url)
        return url

    return spec


@pytest.fixture(params=STORES)
def store_kg(request: pytest.FixtureRequest, store_spec: Callable[[str], str]) -> tk.KnowledgeGraph:
    """A freshly loaded graph in each store in turn (the server is emptied first): for tests that change it."""
    return tk.load(store=store_spec(request.param))


@pytest.fixture(scope="session", params=STORES)
def loaded_kg(
    request: pytest.FixtureRequest, kg: tk.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory
) -> tk.KnowledgeGraph:
    """The packaged graph in each store in turn, loaded once per session: for tests that only read."""
    if request.param == "memory":
        return kg
    if request.param == "oxigraph":
        return tk.load(store=f"oxigraph:{tmp_path_factory.mktemp('loaded') / 'db'}")
    url: str = request.getfixturevalue("readonly_server")
    return tk.load(store=url)


# ---------------------------------------------------------------------- a listener that must hear nothing


@pytest.fixture
def listener() -> Iterator[tuple[str, list[object]]]:
    """A TCP listener on 127.0.0.1 that records every connection it accepts, and closes it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    accepted: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, address = server.accept()
            except OSError:
                continue
            accepted.append(address)
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/", accepted
    stop.set()
    thread.join(timeout=5)
    server.close()
