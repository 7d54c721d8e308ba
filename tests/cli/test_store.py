"""The load and serve commands: serve is read-only by default, guards every query and stops it at its time limit."""

from __future__ import annotations

import gc
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

import terve_kunta as tk
from terve_kunta.cli.store import oxigraph_binary
from tests.support import Run, free_port, wait_for

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_load_then_use_an_oxigraph_store(run: Run, tmp_path: Path) -> None:
    """Each command closes the store it opened (the folder's lock), without the garbage collector's help."""
    store = f"oxigraph:{tmp_path / 'db'}"
    gc.disable()
    try:
        code, _, err = run("load", "--store", store)
        assert code == 0 and "wrote" in err
        code, out, err = run("members", "--store", store, "--format", "csv")
        assert code == 0 and len(out.splitlines()) == 53, err
        code, out, err = run("info", "--store", store, "--format", "json")
        assert code == 0 and json.loads(out)["store"] == store, err
        code, out, err = run("member", "history", "Kuopio", "--store", store)
        assert code == 0 and "Kuopio" in out, err
        code, _, err = run("member", "history", "Atlantis", "--store", store)
        assert code == 2 and "Atlantis" in err
        tk.load(store=store).store.close()  # free after a command that failed too
    finally:
        gc.enable()


def request(url: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> tuple[int, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(urllib.request.Request(url, data=body, headers=headers or {}), timeout=60) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        with error:  # it holds the answer's socket until closed
            return error.code, error.read().decode()


def children(pid: int) -> set[int]:
    return {int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``terve-kunta serve --allow-updates --timeout 2`` on a free loopback port (the memory store, copied)."""
    port, log = free_port(), tmp_path_factory.mktemp("serve") / "serve.log"
    command = [sys.executable, "-m", "terve_kunta", "serve", "--port", str(port), "--allow-updates", "--timeout", "2"]
    with open(log, "wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=output)
        try:
            url = f"http://127.0.0.1:{port}/query"
            wait_for(url, process, seconds=90)
            yield url, process
        finally:
            process.terminate()
            process.wait(timeout=30)


@pytest.mark.server
def test_serve_answers_the_protocol_with_the_package_prefixes(server: tuple[str, subprocess.Popen[bytes]]) -> None:
    url, _ = server
    kg = tk.load(store=url)  # the remote store reads through it
    assert len(kg.members(as_of="2024-06-30")) == 52
    assert kg.query("ASK { ?m dct:identifier ?c }", c="297") is True
    status, body = request(url + "?" + urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) { ?r a tk:Region }"}))
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "19"
    status, body = request(url, {"query": "ASK { ?m a tk:Municipality }"}, {"Accept": "application/sparql-results+xml"})
    assert status == 200 and "<boolean>true</boolean>" in body
    status, body = request(url.replace("/query", "/"))
    assert status == 200 and "tk:, tkid:" in body


@pytest.mark.server
def test_serve_guards_every_query(
    server: tuple[str, subprocess.Popen[bytes]], listener: tuple[str, list[object]]
) -> None:
    url, _ = server
    target, accepted = listener
    for text in (
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ #x\rSERVICE <{target}> {{ ?s ?p ?o }}\n}}",
    ):
        status, body = request(url, {"query": text})
        assert status == 500 and "SERVICE" in body and "refused" in body
    status, body = request(url.replace("/query", "/update"), {"update": f"LOAD <{target}>"})
    assert status == 500 and "LOAD" in body
    status, body = request(url, {"query": "SELECT * WHERE { ?s ?p }"})
    assert status == 400 and "not a valid SPARQL query" in body
    assert accepted == []


@pytest.mark.server
def test_serve_refuses_updates_from_another_origin(server: tuple[str, subprocess.Popen[bytes]]) -> None:
    url, _ = server
    update_url = url.replace("/query", "/update")
    insert = 'INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:p> "same origin" } }'
    for headers in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        status, body = request(update_url, {"update": "DROP ALL"}, headers)
        assert status == 403 and "another origin" in body
    origin = url.rsplit("/", 1)[0]
    assert request(update_url, {"update": insert}, {"Origin": origin})[0] == 204
    status, body = request(url, {"query": 'ASK { ?s ?p "same origin" }'})
    assert status == 200 and json.loads(body)["boolean"] is True
    assert tk.load(store=url).query("ASK { ?m a tk:Municipality }") is True  # DROP ALL did not run


@pytest.mark.server
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process table in /proc")
def test_serve_stops_a_query_at_its_time_limit(server: tuple[str, subprocess.Popen[bytes]]) -> None:
    url, process = server
    workers = children(process.pid)
    started = time.monotonic()
    status, body = request(url, {"query": HEAVY})
    assert status == 503 and "time limit of 2 s" in body and time.monotonic() - started < 30
    assert len(workers) == 1 and not workers & children(process.pid)  # the one worker that ran it is gone
    assert request(url, {"query": "ASK { ?s ?p ?o }"})[0] == 200  # and another answers


@pytest.mark.server
def test_serve_is_read_only_by_default_and_a_busy_port_is_one_line(tmp_path: Path, run: Run) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        code, _, err = run("serve", "--port", str(busy.getsockname()[1]))
        assert code == 2 and "--port: expected a free port" in err and len(err.strip().splitlines()) == 1
    port = free_port()
    command = [sys.executable, "-m", "terve_kunta", "serve", "--port", str(port)]
    with open(tmp_path / "serve.log", "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=log)
        try:
            url = f"http://127.0.0.1:{port}/query"
            wait_for(url, process, seconds=90)
            status, body = request(url.replace("/query", "/update"), {"update": "DROP ALL"})
            assert status == 500 and "read-only" in body
            workers = children(process.pid) if sys.platform.startswith("linux") else set()
        finally:
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=30) is not None
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:  # nothing listens on the port any more
        assert probe.connect_ex(("127.0.0.1", port)) != 0
    for worker in workers:  # and its workers have ended
        assert not Path(f"/proc/{worker}").exists() or Path(f"/proc/{worker}/stat").read_text().split()[2] == "Z"
    assert oxigraph_binary()
