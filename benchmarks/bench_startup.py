"""Start-up cost as whole processes, beside the plain-library baseline measured in the same run.

    python benchmarks/bench_startup.py [--runs N]

Prints the median wall time of N fresh processes for each command, and its ratio to the
baseline ``import rdflib; from pydantic import BaseModel``. Run it with the Python of an
environment where the package is installed from a wheel (``pip install .``): an editable
install adds its import finder (10-40 ms) to every start-up. Targets (2-core machine):
``import terve_kunta`` within 1.3x the baseline; import + ``load()`` under 1 s;
``terve-kunta members`` under 1 s. Exit code 1 if a target is missed. Machines are noisy:
read the ratios; absolute seconds drift.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

PY = sys.executable
SCRIPT = str(Path(PY).with_name("terve-kunta"))
CASES: list[tuple[str, list[str]]] = [
    ("python -c pass", [PY, "-c", "pass"]),
    (
        "baseline: import rdflib; from pydantic import BaseModel",
        [PY, "-c", "import rdflib; from pydantic import BaseModel"],
    ),
    ("import terve_kunta", [PY, "-c", "import terve_kunta"]),
    ("import terve_kunta; tk.load()", [PY, "-c", "import terve_kunta as tk; tk.load()"]),
    ("import + load + members()", [PY, "-c", "import terve_kunta as tk; tk.load().members()"]),
    ("terve-kunta members (console script)", [SCRIPT, "members", "--format", "csv"]),
]


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="processes per command (default 15)")
    args = parser.parse_args(argv)
    for _, command in CASES:  # warm the file cache once
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = {name: median_seconds(command, args.runs) for name, command in CASES}
    baseline = results[CASES[1][0]]
    print(f"median of {args.runs} processes each; ratio = time / baseline")
    for name, seconds in results.items():
        print(f"{name:<58} {seconds:7.3f} s  {seconds / baseline:5.2f}x")
    checks = [
        ("import terve_kunta within 1.3x baseline", results["import terve_kunta"] <= 1.3 * baseline),
        ("import + load() under 1 s", results["import terve_kunta; tk.load()"] < 1.0),
        ("terve-kunta members under 1 s", results["terve-kunta members (console script)"] < 1.0),
    ]
    for name, ok in checks:
        print(f"{'ok  ' if ok else 'MISS'} {name}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
