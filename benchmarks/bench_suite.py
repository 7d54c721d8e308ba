"""The test suite's time as a whole process, beside a plain-library baseline measured in the same run.

    python benchmarks/bench_suite.py [--runs N] [--cold] [--against COMMIT] [-- PYTEST OPTIONS]

Runs README's test command (``python -m pytest -q``, on every core) N times. Before each run
it times the baseline, a fresh process that parses every packaged Turtle file three times
with plain rdflib (``Graph.parse``: a fixed amount of the kind of work the suite does), so that a figure
taken while the machine is slow can be told from a slower suite. For each run it prints the
load average at its start, the baseline, the suite's wall and CPU time (its processes and
theirs: workers, servers, the Sphinx build) and the ratio of the suite's wall time to the
baseline; then the medians. ``--cold`` runs without pytest's cache (as CI does: no durations
of an earlier run to start the longest tests first). Target (issue 8, 2-core machine): the
median wall time under 60 s. Exit code 1 if it is missed, 2 if a test failed. These machines
are noisy: read the ratios; absolute seconds drift with the machine's load.

``--against COMMIT`` also runs the suite as it was at ``COMMIT`` (checked out in a temporary git
worktree, installed with its own ``test`` extra in a virtual environment of its own, both removed
at the end) just before each run of this one, and prints the ratio of the two wall times. The
machine's speed moves the two alike, so the ratio holds where seconds do not: with 8572a1e, the
suite whose "about 100 s" issue 8 starts from, the figure says what this suite would take on the
machine as it was then. With ``--against``, the target is that ratio: under 0.6 (100 s -> 60 s);
the 60 s of this machine as it is now are then reported, not judged.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import _timing

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 60.0
#: With --against 8572a1e: the suite's wall time as a share of that suite's ("about 100 s" -> under 60 s).
TARGET_SHARE = 0.6
BASELINE = """
from pathlib import Path
from rdflib import Graph
for _ in range(3):
    for path in sorted(Path("ontology").rglob("*.ttl")):
        Graph().parse(path, format="turtle")
"""
SUMMARY = re.compile(r"^(?P<counts>(?:\d+ \w+(?:, )?)+) in [\d.]+s")


def children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes of this one, and of theirs."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(command: list[str], cwd: Path = REPO) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Run ``command`` in ``cwd``; its wall time, its CPU time (with its children's), and the result."""
    cpu, start = children_cpu(), time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, children_cpu() - cpu, result


@contextmanager
def checked_out(commit: str) -> Iterator[tuple[Path, Path]]:
    """The repository at ``commit`` in a temporary worktree, installed with its test extra: (folder, its python)."""
    with tempfile.TemporaryDirectory(prefix="bench-suite-") as tmp:
        folder, venv = Path(tmp) / "repo", Path(tmp) / "venv"
        print(f"against:  {commit}, installing it in {tmp} ...", flush=True)
        subprocess.run(["git", "worktree", "add", "-q", "--detach", str(folder), commit], cwd=REPO, check=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            python = venv / "bin" / "python"
            install = [str(python), "-m", "pip", "install", "-q", "-e", f"{folder}[test]"]
            subprocess.run(install, check=True, stdout=subprocess.DEVNULL)
            yield folder, python
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(folder)], cwd=REPO, check=False)


def summary(output: str) -> dict[str, int]:
    """The counts of pytest's last summary line (``{"passed": 2336, "xfailed": 1}``); empty if there is none."""
    for line in reversed(output.strip().splitlines()):
        found = SUMMARY.match(line.strip("= "))
        if found:
            return {kind: int(n) for n, kind in (part.split() for part in found["counts"].split(", "))}
    return {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of the suite (default 3)")
    parser.add_argument("--cold", action="store_true", help="without pytest's cache (-p no:cacheprovider), as CI")
    parser.add_argument("--against", metavar="COMMIT", help="also run the suite of COMMIT before each run")
    parser.add_argument("pytest_args", nargs="*", help="more options for pytest (after --)")
    args = parser.parse_args(argv)
    if args.against is None:
        return measure(args, None)
    with checked_out(args.against) as other:
        return measure(args, other)


def measure(args: argparse.Namespace, other: tuple[Path, Path] | None) -> int:
    """Run the suite ``args.runs`` times (after the suite at the other commit, if given) and report."""
    cold = ["-p", "no:cacheprovider"] if args.cold else []
    options = ["-m", "pytest", "-q", *cold, *args.pytest_args]
    suite = [sys.executable, *options]
    baseline = [sys.executable, "-c", BASELINE]
    print(f"suite:    {' '.join(suite[1:])}")
    print("baseline: plain rdflib parses ontology/**/*.ttl 3 times, in a fresh process")
    print(f"{'run':>3} {'load':>5} {'baseline':>9} {'wall':>7} {'CPU':>7} {'wall/base':>10}  tests")
    walls, ratios, against, failed = [], [], [], False
    for run in range(1, args.runs + 1):
        load = os.getloadavg()[0]
        base, _, _ = timed(baseline)
        if other is not None:
            folder, python = other
            old_wall, old_cpu, old = timed([str(python), *options], cwd=folder)
            failed |= old.returncode != 0  # a suite that fails is no measure of another
            print(f"{'':>3} {'':>5} {'':>9} {old_wall:6.1f}s {old_cpu:6.1f}s {old_wall / base:9.1f}x  "
                  f"at {args.against}: {_tests(summary(old.stdout))}")  # fmt: skip
        wall, cpu, result = timed(suite)
        counts = summary(result.stdout)
        failed |= result.returncode != 0 or not counts or any(counts.get(k) for k in ("failed", "error", "errors"))
        walls.append(wall)
        ratios.append(wall / base)
        print(f"{run:>3} {load:5.2f} {base:8.2f}s {wall:6.1f}s {cpu:6.1f}s {wall / base:9.1f}x  {_tests(counts)}")
        if other is not None:
            against.append(wall / old_wall)
            print(f"{'':>3} this suite's wall time is {wall / old_wall:.2f} of the suite at {args.against}")
        if result.returncode != 0:
            print(result.stdout[-3000:], result.stderr[-2000:], sep="\n", file=sys.stderr)
    median = statistics.median(walls)
    print(f"median: {median:.1f} s wall, {statistics.median(ratios):.1f}x the baseline")
    if failed:
        print("FAIL a run of a suite did not pass")
        return 2
    if not against:
        return _timing.report(
            [] if median < TARGET_SECONDS else [f"the suite's median wall time {median:.1f} s >= 60 s"]
        )
    share = statistics.median(against)
    print(f"median: {share:.2f} of the wall time of the suite at {args.against}")
    print(f"        (on this machine now: {median:.1f} s, {'under' if median < TARGET_SECONDS else 'not under'} 60 s)")
    return _timing.report([] if share < TARGET_SHARE else [f"{share:.2f} of the suite at {args.against} >= 0.6"])


def _tests(counts: dict[str, int]) -> str:
    """pytest's counts as it says them (``2336 passed, 1 xfailed``)."""
    return ", ".join(f"{n} {kind}" for kind, n in counts.items()) or "no summary (see pytest's output)"


if __name__ == "__main__":
    raise SystemExit(main())
