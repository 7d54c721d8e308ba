"""The load and serve commands."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import terve_kunta as tk
from terve_kunta.cli.store import oxigraph_binary
from tests.support import Run, free_port, wait_for


def test_load_then_use_an_oxigraph_store(run: Run, tmp_path: Path) -> None:
    store = f"oxigraph:{tmp_path / 'db'}"
    code, _, err = run("load", "--store", store)
    assert code == 0 and "wrote" in err
    code, out, _ = run("members", "--store", store, "--format", "csv")
    assert code == 0 and len(out.splitlines()) == 53
    code, out, _ = run("info", "--store", store, "--format", "json")
    assert code == 0 and json.loads(out)["store"] == store


@pytest.mark.server
def test_serve_answers_sparql_on_loopback_and_stops(tmp_path: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "terve_kunta", "serve", "--port", str(port)]
    with open(tmp_path / "serve.log", "wb") as log:
        server = subprocess.Popen(command, stdout=log, stderr=log)
        try:
            url = f"http://127.0.0.1:{port}/query"
            wait_for(url, server, seconds=60)
            kg = tk.load(store=url)
            assert len(kg.members(as_of="2024-06-30")) == 52
            assert kg.query("ASK { ?m dct:identifier ?c }", c="297") is True
        finally:
            server.terminate()
            assert server.wait(timeout=20) is not None
    # the Oxigraph server it started has stopped too: nothing listens on the port any more
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
    assert oxigraph_binary()
