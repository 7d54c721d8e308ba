"""The query, load, serve and member commands, --store on the old ones, networkx views and the example notebook."""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import terve_kunta as tk
from terve_kunta.cli import main
from terve_kunta.cli.store import oxigraph_binary
from tests.conftest import REPO
from tests.store_fixtures import free_port, wait_for


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_query_named_file_and_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "query", "members-by-region", "--param", "region_code=11", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["code"] for r in rows] == ["140", "297", "13", "749"]
    query = tmp_path / "count.rq"
    query.write_text("SELECT (COUNT(?r) AS ?n) WHERE { ?r a tk:Region }", encoding="utf-8")
    code, out, _ = run(capsys, "query", str(query), "--format", "json")
    assert code == 0 and json.loads(out) == [{"n": 19}]
    code, out, _ = run(capsys, "query", "ASK { ?m dct:identifier ?c }", "--param", "c=297")
    assert code == 0 and out == "true\n"
    code, out, _ = run(capsys, "query", "--list")
    assert code == 0 and "membership-changes  since=xsd:date until=xsd:date" in out


def test_query_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert code == 2 and "SERVICE" in err and "refused" in err
    code, _, err = run(capsys, "query", "membership-changes", "--param", "since=yesterday")
    assert code == 2 and "expected a date as YYYY-MM-DD, got 'yesterday'" in err
    code, _, err = run(capsys, "members", "--store", "ftp://example.org/")
    assert code == 2 and "unknown store 'ftp://example.org/'" in err


def test_load_then_use_an_oxigraph_store(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    store = f"oxigraph:{tmp_path / 'db'}"
    code, _, err = run(capsys, "load", "--store", store)
    assert code == 0 and "wrote" in err
    code, out, _ = run(capsys, "members", "--store", store, "--format", "csv")
    assert code == 0 and len(out.splitlines()) == 53
    code, out, _ = run(capsys, "info", "--store", store, "--format", "json")
    assert code == 0 and json.loads(out)["store"] == store


def test_member_commands_save_to_the_registry_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    registry = tmp_path / "registry.ttl"
    decision = ["--decision-body", "Mäntyharjun kunnanvaltuusto", "--decision-date", "2025-01-20"]
    code, _, err = run(
        capsys, "member", "add", "Mäntyharju", "--start", "2025-02-01", *decision, "--registry", str(registry)
    )
    assert code == 0 and "new registry" in err and registry.exists()
    code, _, err = run(capsys, "member", "add", "507", "--start", "2025-03-01", *decision, "--registry", str(registry))
    assert code == 2 and "already a member" in err
    code, _, err = run(capsys, "member", "end", "507", "--end", "2025-01-01", *decision, "--registry", str(registry))
    assert code == 2 and "before the start" in err
    code, out, _ = run(capsys, "members", "--registry", str(registry), "--as-of", "2025-02-01", "--format", "csv")
    assert code == 0 and len(out.splitlines()) == 54
    code, _, err = run(capsys, "member", "add", "Mäntyharju", "--start", "2025-02-01", *decision)
    assert code == 2 and "--registry FILE" in err


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


def test_to_networkx_keeps_every_triple(kg: tk.KnowledgeGraph) -> None:
    graph = kg.to_networkx()
    assert graph.number_of_edges() == len(kg.rdf)
    kuopio = tk.ID["municipality/297"]
    keys = {key for _, _, key in graph.out_edges(kuopio, keys=True)}
    assert str(tk.TK.region) in keys and graph.nodes[kuopio]["label"] == "Kuopio"


def test_network_view(kg: tk.KnowledgeGraph) -> None:
    view = kg.network_view(as_of="2024-06-30")
    members = [n for n, d in view.nodes(data=True) if d["type"] == "member"]
    assert len(members) == 52
    assert view.has_edge(str(tk.ID["municipality/297"]), str(tk.ID["region/11"]), key="in_region")
    sdgs = {d["code"] for _, d in view.nodes(data=True) if d["type"] == "sdg"}
    assert {"3", "17", "17.19"} <= sdgs


def test_the_example_notebook_runs() -> None:
    import nbformat
    from nbclient import NotebookClient

    path = REPO / "examples" / "network-analysis.ipynb"
    notebook = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    outputs = "".join(
        str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", ""))
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )
    assert "52 members in" in outputs and "Pohjois-Savo" in outputs and "Partnerships for the goals" in outputs
    assert any("image/png" in o.get("data", {}) for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
