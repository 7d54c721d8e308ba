"""A query stops at its time limit, and Ctrl-C stops it at once: the worker process that ran it is ended."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph

import terve_kunta as tk
from terve_kunta.stores._process import WorkerProcess

#: about 2 * 10^11 solutions: it would run for hours
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def worker_of(kg: tk.KnowledgeGraph) -> WorkerProcess:
    worker = getattr(kg.store, "_worker", None)
    assert isinstance(worker, WorkerProcess)
    return worker


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").exists() and Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_a_query_stops_at_its_time_limit_and_the_store_still_answers(kind: str, tmp_path: Path) -> None:
    kg = tk.load() if kind == "memory" else tk.load(store=f"oxigraph:{tmp_path / 'db'}")
    assert kg.query("ASK { ?m dct:identifier ?c }", c="297") is True
    worker = worker_of(kg)
    pid = worker.pid
    assert pid is not None
    started = time.monotonic()
    with pytest.raises(tk.QueryTimeout, match=r"time limit of 0\.5 s"):
        kg.query(HEAVY, timeout=0.5)
    assert time.monotonic() - started < 15  # not the hours the query would take
    assert not alive(pid)  # the query's process has ended: no core stays busy
    assert kg.query("ASK { ?m dct:identifier ?c }", c="297", timeout=30) is True  # a new worker answers
    assert worker.started == 2
    kg.store.close()


def test_a_fast_query_with_a_time_limit_gives_the_same_rows(kg: tk.KnowledgeGraph) -> None:
    plain = kg.query("members-by-region", region_code="11", as_of="2024-06-30")
    limited = kg.query("members-by-region", region_code="11", as_of="2024-06-30", timeout=60)
    assert isinstance(plain, tk.Rows) and isinstance(limited, tk.Rows)
    assert limited.to_records() == plain.to_records() and len(plain) == 4


@pytest.mark.parametrize("timeout", [0, -1, float("nan"), float("inf"), "1", True])
def test_a_bad_time_limit_is_an_option_error(kg: tk.KnowledgeGraph, timeout: object) -> None:
    with pytest.raises(tk.OptionError, match="timeout: expected a number of seconds above 0"):
        kg.query("ASK {}", timeout=timeout)  # type: ignore[arg-type]


def test_the_graph_a_caller_built_also_stops_at_its_time_limit() -> None:
    triples = "".join(f"<urn:a> <urn:b> <urn:c{i}> .\n" for i in range(100))
    kg = tk.KnowledgeGraph(Graph().parse(data=triples, format="turtle"))
    assert kg.query("ASK { <urn:a> ?p <urn:c7> }", timeout=30) is True
    with pytest.raises(tk.QueryTimeout):  # 100^6 solutions
        kg.query("SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?a{i} ?b{i} ?c{i} ." for i in range(6)) + " }",
                 timeout=0.5)  # fmt: skip


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process table in /proc")
def test_ctrl_c_stops_a_running_query_at_once(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "terve_kunta", "query", HEAVY]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        worker = None
        deadline = time.monotonic() + 60
        while worker is None and time.monotonic() < deadline:  # wait until the query runs in its worker
            children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
            worker = next((int(c) for c in children if "_worker.py" in Path(f"/proc/{c}/cmdline").read_text()), None)
            time.sleep(0.1)
        assert worker is not None, "the query never started"
        time.sleep(0.5)
        process.send_signal(signal.SIGINT)
        stopped = time.monotonic()
        _, err = process.communicate(timeout=30)
        assert process.returncode == 130 and b"interrupted" in err and b"Traceback" not in err
        assert time.monotonic() - stopped < 10
        assert not alive(worker)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
