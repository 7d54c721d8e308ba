"""Fixtures shared by every test: no network, the packaged graph, a graph in each store, a listener, the CLI."""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import terve_kunta as tk
from terve_kunta.cli import main
from terve_kunta.cli.store import oxigraph_binary
from terve_kunta.data.files import data_files
from terve_kunta.stores import open_store
from tests import scheduling
from tests.support import Run, free_port, wait_for

# Started in the background of a non-interactive shell (`pytest &`), the suite inherits SIGINT ignored, and so
# would every process it starts: the tests that stop one with Ctrl-C would wait for it in vain.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

# A loaded machine (CI beside other jobs) can make hypothesis's generation look slow: that is not a failure.
settings.register_profile("terve_kunta", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("terve_kunta")


#: The garbage collector's thresholds for the suite (Python's are 700, 10, 10). Its tests build graphs of some
#: 10^5 objects one after another; with the defaults a worker made ~5,000 collections, 20-40 of them of the whole
#: heap, and spent 6-9 s of its CPU in them (21 s of the suite's 106 s, timed by gc.callbacks). With these, and
#: the objects of start-up and collection frozen (gc.freeze: never traversed again), 7-9 s in all. What is
#: collected is the same (only when: memory stays bounded, a full collection still runs when the heap has grown
#: by a quarter); no test's outcome depends on when.
GC_THRESHOLDS = (10_000, 20, 20)


def pytest_configure(config: pytest.Config) -> None:
    """Group and order the tests for the workers (``tests/scheduling.py``); collect garbage less often."""
    scheduling.register(config)
    gc.set_threshold(*GC_THRESHOLDS)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Freeze what start-up and collection made (modules, tests, fixtures): later collections skip it."""
    gc.collect()
    gc.freeze()


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto``: one worker more than there are cores (as xdist does, ``PYTEST_XDIST_AUTO_NUM_WORKERS`` decides).

    A good part of the suite waits (for Virtuoso and the other servers, for time limits and the
    processes it starts); while one worker waits, the others keep the cores busy.
    """
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    return len(os.sched_getaffinity(0)) + 1 if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1) + 1


LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
#: The stores every store test runs on; "remote" is an Oxigraph server, "virtuoso" a Virtuoso 7 (both ``server``).
STORES = [
    "memory",
    "oxigraph",
    pytest.param("remote", marks=pytest.mark.server),
    pytest.param("virtuoso", marks=pytest.mark.server),
]
#: The graphs a store holds (every packaged file but the shapes).
GRAPHS = [str(f.graph) for f in data_files() if f.role != "shapes"]


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

    A command closes the stores it opened when it ends (``main`` does, as the end of its
    process would), so the next command can open the same Oxigraph folder at once.
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
    (The library's own pySHACL runs do this: ``terve_kunta.rdf._prepared``; this is for
    the tests' reference runs of pySHACL on plain rdflib graphs.) The parsed queries are
    kept for the session.
    """
    from rdflib.plugins.sparql import processor

    from terve_kunta.rdf._prepared import _prepared as prepared  # the library's parse, kept once per text

    original = processor.SPARQLProcessor.query

    def query(self: Any, query: Any, initBindings: Any = None, initNs: Any = None, base: Any = None, **kw: Any) -> Any:
        if isinstance(query, str):
            query = prepared(query, tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items())), base)
        return original(self, query, initBindings, initNs, base, **kw)

    monkeypatch.setattr(processor.SPARQLProcessor, "query", query)


# ---------------------------------------------------------------------- stores


def _oxigraph_server() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="tk-oxigraph-server-") as folder:
        port = free_port()
        command = [oxigraph_binary(), "serve", "--location", f"{folder}/db", "--bind", f"127.0.0.1:{port}"]
        with open(f"{folder}/server.log", "wb") as log:
            process = subprocess.Popen(command, stdout=log, stderr=log)  # no option: the store names its graphs
            try:
                url = f"http://127.0.0.1:{port}/query"
                wait_for(url, process)
                yield url
            finally:
                process.terminate()
                process.wait(timeout=20)


@pytest.fixture(scope="session")
def oxigraph_server() -> Iterator[str]:
    """The query URL of an Oxigraph server on 127.0.0.1 (as it comes: no option), for the whole session.

    The server is Oxigraph's own (the ``oxigraph`` package of the ``server`` extra);
    if it cannot be started the tests fail: they are not skipped. Tests that use it
    empty it first (``store_kg``).
    """
    yield from _oxigraph_server()


@pytest.fixture(scope="session")
def readonly_server() -> Iterator[str]:
    """Another Oxigraph server, loaded once with the packaged graph and only read (``loaded_kg``)."""
    yield from _oxigraph_server()


VIRTUOSO_INI = """[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
ThreadsPerQuery = 1
MaxOptimizeLayouts = 64
StopCompilerWhenXOverRunTime = 1
VectorSize = 1000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 60
"""
#: what an operator does to let anonymous clients write over SPARQL (Update and the Graph Store protocol)
VIRTUOSO_GRANT = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"


@pytest.fixture(scope="session")
def virtuoso_server() -> Iterator[str]:
    """The SPARQL URL of a Virtuoso 7 (Debian's virtuoso-opensource) on 127.0.0.1, for the whole session.

    Configured as Debian ships it (result rows limited to 10,000), with SPARQL update
    granted to the anonymous user as an operator would; ``.ci/run`` installs it. If it
    cannot be started the tests fail: they are not skipped. Four settings for a small
    graph change how much Virtuoso works, not what it answers: its optimizer tries 64
    join orders at most (not 1,000) and a query runs in one thread (on the named
    queries, half of its CPU went to planning them; over its tests, 18 s became 16 s);
    it stops planning a query once planning has taken as long as the best plan found
    would take to run (``StopCompilerWhenXOverRunTime``), and its vectored execution
    works on 1,000 rows at a time, not 10,000 (``VectorSize``). The requests of its
    tests, recorded once and replayed on a new server, every answer the same: 11.75 s
    of its CPU as it was, 10.9 s with the first (the criteria by group: 0.6 s each ->
    0.3 s), 8.9 s with both (an ``ASK`` over the store's graphs: 65 ms -> 11 ms), and its
    start, creating its database, 3.7 s -> 3.1 s. Other settings tried moved neither
    (buffers, startup compilation, statistics, checkpoint sync, 256 rows at a time).
    """
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    assert binary and isql, "Virtuoso is not installed: apt-get install virtuoso-opensource (.ci/run does)"
    with tempfile.TemporaryDirectory(prefix="tk-virtuoso-") as folder:
        sql, http = free_port(), free_port()
        Path(folder, "virtuoso.ini").write_text(VIRTUOSO_INI.format(folder=folder, sql=sql, http=http))
        with open(f"{folder}/server.log", "wb") as log:
            command = [binary, "+foreground", "+configfile", f"{folder}/virtuoso.ini"]
            process = subprocess.Popen(command, cwd=folder, stdout=log, stderr=log)
            try:
                url = f"http://127.0.0.1:{http}/sparql"
                wait_for(url, process, seconds=180)
                grant = subprocess.run(
                    [isql, str(sql), "dba", "dba", f"exec={VIRTUOSO_GRANT}"], capture_output=True, timeout=60
                )
                assert grant.returncode == 0, grant.stderr
                yield url
            finally:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _post(url: str, update: str) -> None:
    body = urllib.parse.urlencode({"update": update}).encode("utf-8")
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=60):
        pass


def _clear(url: str, kind: str) -> None:
    """Empty the store's graphs on a server (Virtuoso's own graphs stay: it needs them)."""
    if kind == "virtuoso":
        _post(url, " ; ".join(f"DROP SILENT GRAPH <{g}>" for g in GRAPHS))
    else:
        _post(url.rsplit("/", 1)[0] + "/update", "DROP ALL")


def _fill(url: str) -> None:
    # Virtuoso's Graph Store is at /sparql-graph-crud: far quicker than the SPARQL Update that the store falls back
    # to at the derived URL (the fallback has its own tests: `load`, the registry saves of store_kg)
    store = open_store(url, graph_store_url=url + "-graph-crud" if url.endswith("/sparql") else None)
    store.put_packaged()
    store.close()


SERVERS = {"remote": "oxigraph_server", "virtuoso": "virtuoso_server"}
#: What the session's Virtuoso holds: "packaged" (the packaged graph, as loaded_kg reads it) or "changed" (emptied,
#: or given to a test that writes). It is emptied and filled again only when a test needs the packaged graph.
_VIRTUOSO = {"holds": "changed"}


def _virtuoso_packaged(url: str) -> None:
    """Make the session's Virtuoso hold the packaged graph, as a new one filled for the test would.

    Not emptied first: each of the store's graphs is replaced whole by its PUT (the Graph Store
    protocol; tests/stores/test_remote.py checks that Virtuoso replaces), and the store reads no
    other graph. A refill so takes 0.24 s of Virtuoso's CPU, not 0.37 s (0.11 s were the DROPs).
    """
    if _VIRTUOSO["holds"] != "packaged":
        _fill(url)
        _VIRTUOSO["holds"] = "packaged"


@pytest.fixture
def store_spec(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[str], str]:
    """``store_spec(kind)``: a new, empty store of that kind (memory, oxigraph, remote, virtuoso) to load into."""

    def spec(kind: str) -> str:
        if kind == "memory":
            return "memory"
        if kind == "oxigraph":
            return f"oxigraph:{tmp_path / 'db'}"
        url: str = request.getfixturevalue(SERVERS[kind])
        if kind == "virtuoso":
            _VIRTUOSO["holds"] = "changed"
        _clear(url, kind)
        return url

    return spec


@pytest.fixture(params=STORES)
def store_kg(request: pytest.FixtureRequest, store_spec: Callable[[str], str]) -> Iterator[tk.KnowledgeGraph]:
    """A freshly loaded graph in each store in turn (a server is emptied first): for tests that change it.

    Virtuoso is the one the session shares with ``loaded_kg``: it is emptied and filled again unless it
    holds the packaged graph unchanged, and it is refilled for a test of ``loaded_kg`` that comes later.
    """
    if request.param == "virtuoso":
        spec: str = request.getfixturevalue("virtuoso_server")
        _virtuoso_packaged(spec)
        _VIRTUOSO["holds"] = "changed"  # from here on the test may change it
    else:
        spec = store_spec(request.param)
        if request.param in SERVERS:
            _fill(spec)  # tk.load() never writes to an endpoint; `terve-kunta load` does this
    kg = tk.load(store=spec)
    yield kg
    kg.store.close()


@pytest.fixture(scope="session", params=STORES)
def loaded_kg(
    request: pytest.FixtureRequest, kg: tk.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory
) -> tk.KnowledgeGraph:
    """The packaged graph in each store in turn, loaded once per session: for tests that only read."""
    if request.param == "memory":
        return kg
    if request.param == "oxigraph":
        return tk.load(store=f"oxigraph:{tmp_path_factory.mktemp('loaded') / 'db'}")
    if request.param == "virtuoso":
        url: str = request.getfixturevalue("virtuoso_server")
        _virtuoso_packaged(url)
        return tk.load(store=url)
    url = request.getfixturevalue("readonly_server")
    _fill(url)
    return tk.load(store=url)


@pytest.fixture(autouse=True)
def _virtuoso_as_loaded(request: pytest.FixtureRequest) -> None:
    """A test of ``loaded_kg`` on Virtuoso after one that changed it: the packaged graph again, first."""
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None and callspec.params.get("loaded_kg") == "virtuoso":
        _virtuoso_packaged(request.getfixturevalue("virtuoso_server"))


# ---------------------------------------------------------------------- a listener that must hear nothing


@pytest.fixture
def listener() -> Iterator[tuple[str, list[object]]]:
    """A TCP listener on 127.0.0.1 that records every connection it accepts, and closes it."""
    yield from _listener()


@pytest.fixture(scope="session")
def shared_listener() -> Iterator[tuple[str, list[object]]]:
    """One listener for the whole session (the fuzz tests: the same URL gives the same texts on every store,
    which the guard has then parsed once); a test checks that the count of connections does not grow."""
    yield from _listener()


def _listener() -> Iterator[tuple[str, list[object]]]:
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
    with contextlib.suppress(OSError):  # on Linux this wakes the waiting accept() at once, not at its 0.2 s timeout
        server.shutdown(socket.SHUT_RDWR)
    thread.join(timeout=5)
    server.close()
