"""Validating N self-assessments as whole processes, beside plain pySHACL on the same merged graph.

    python benchmarks/bench_validate.py [--sizes 52 308 3000 30000] [--baseline-max 3000] [--runs 1]

For each N, generates N self-assessment files (all 308 municipalities of 2025 and the 21
wellbeing services counties in turn, a different day for each round; 5 % with one planted
violation), then measures, each in a fresh process:

- ``terve-kunta validate DIR --format json`` (reads the files, checks them, prints every report);
- the baseline: plain pySHACL (``inference="none"``) on the same merged graph, parsed from an
  N-Triples file that the library's mapping wrote, with the same shapes graph.

Prints seconds and peak memory (the process's maximum resident set size) side by side, and
seconds per 1,000 assessments to show how time grows with N. Sizes above ``--baseline-max`` get
an extrapolated baseline (linear from the largest measured size, which flatters pySHACL),
marked as such. For every size with a measured baseline, the statuses of every criterion of
every assessment are derived from pySHACL's results and compared with the command's JSON.
Targets (2-core machine): 308 under 1 s, 30,000 under 30 s. Exit code 1 if a target is missed
or a status differs. Machines are noisy: read the ratios; absolute seconds drift.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

PY = sys.executable
ROOT = Path(__file__).resolve().parent.parent

TEMPLATE = """{organization}
assessed_on: {day}
top_management_responsible: {top}
joining_decision:
  body: {body}
  date: {decided}
commitments:
  network_tasks: true
  hosting: true
steering_group:
  name: Hyvinvointiryhmä
  sectors: [{sectors}]
wellbeing_coordinator: true
elected_official: true
contact_person: true
resources_allocated: true
wellbeing_report:
  annual_year: {year}
inequality_reduction_all_sectors: true
resident_participation: true
communication_url: {url}
{network}"""

OURS = """
import os, resource, sys
from terve_kunta.cli import main
out = open(sys.argv[2], "w", encoding="utf-8")
sys.stdout = out
code = main(["validate", sys.argv[1], "--format", "json"])
out.close()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, code, file=sys.stderr)
"""

BASELINE = """
import json, resource, sys
import pyshacl
from rdflib import Graph
data = Graph().parse(sys.argv[1], format="nt")
shapes = Graph().parse(sys.argv[2], format="turtle")
conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
from rdflib.namespace import RDF, SH
fired = {}
for result in results.subjects(RDF.type, SH.ValidationResult):
    focus, shape = results.value(result, SH.focusNode), results.value(result, SH.sourceShape)
    fired.setdefault(str(focus), []).append(str(shape))
json.dump(fired, open(sys.argv[3], "w"))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, int(bool(conforms)), file=sys.stderr)
"""


def generate(n: int, folder: Path) -> dict[str, str]:
    """Write n self-assessment files into folder; return file name -> assessment IRI."""
    import terve_kunta as tk

    kg = tk.load()
    places = [("municipality", m.code) for m in kg.municipalities(2025)]
    places += [("wellbeing_services_county", c.code) for c in kg.wellbeing_services_counties()]
    rng = random.Random(n)
    first = date(2024, 5, 17)
    iris = {}
    for i in range(n):
        kind, code = places[i % len(places)]
        day = (first + timedelta(days=i // len(places))).isoformat()
        year = int(day[:4])
        values: dict[str, Any] = {
            "organization": f'{kind}: "{code}"',
            "day": day,
            "top": "true",
            "body": "council" if kind == "municipality" else "regional_council",
            "decided": f"{year - 1}-11-18",
            "sectors": "education, culture, technical_services",
            "year": year - 1,
            "url": "https://www.example.org/hyvinvointi",
            "network": "national_network:\n  shares_good_practices: true\n  attends_meetings: true\n",
        }
        if rng.random() < 0.05:  # one planted violation
            change = rng.choice(["top", "body", "decided", "sectors", "year", "url", "network"])
            values[change] = {
                "top": "false",
                "body": "committee",
                "decided": f"{year + 1}-01-01",
                "sectors": "education",
                "year": year - 3,
                "url": "www.example.org",
                "network": "national_network:\n  shares_good_practices: true\n",
            }[change]
        name = f"{i:06d}.yaml"
        (folder / name).write_text(TEMPLATE.format(**values), encoding="utf-8")
        segment = "municipality" if kind == "municipality" else "wellbeing-services-county"
        iris[name] = f"https://w3id.org/terve-kunta/id/self-assessment/{segment}/{code}/{day}"
    return iris


def merged_graph(folder: Path, target: Path) -> None:
    """Write the merged graph of all assessments as N-Triples, with the library's mapping."""
    import terve_kunta as tk
    from terve_kunta.assessment.files import assessment_paths, read_documents
    from terve_kunta.assessment.to_rdf import Vocabulary, ntriples, resolve

    vocabulary = Vocabulary.of(tk.load())
    with target.open("w", encoding="utf-8") as out:
        for path in assessment_paths([folder]):
            for doc in read_documents(path):
                out.write(ntriples(resolve(doc, vocabulary)))


def timed(command: list[str]) -> tuple[float, float]:
    """Run a whole process; return (wall seconds, peak MB) as the process reports its maxrss."""
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr}")
    maxrss = int(result.stderr.split()[-2])
    return seconds, maxrss / 1024


def statuses_from_pyshacl(fired: dict[str, list[str]], iris: dict[str, str]) -> dict[str, dict[str, str]]:
    from terve_kunta.validation.shapes import criteria_shapes

    shapes = criteria_shapes().shapes
    slugs = {s.criterion_slug for s in shapes.values()}
    out = {}
    for name, iri in iris.items():
        status = dict.fromkeys(slugs, "met")
        for shape in fired.get(iri, []):
            info = shapes[shape]
            if not info.evidence:
                status[info.criterion_slug] = "not_met"
            elif status[info.criterion_slug] == "met":
                status[info.criterion_slug] = "missing"
        out[name] = status
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[52, 308, 3000, 30000])
    parser.add_argument("--baseline-max", type=int, default=3000, help="largest N for which pySHACL is run")
    parser.add_argument("--runs", type=int, default=1, help="processes per measurement (median)")
    args = parser.parse_args(argv)
    shapes = ROOT / "ontology" / "shapes" / "criteria.ttl"
    rows = []
    failures = []
    last_baseline: tuple[int, float] | None = None
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            folder = Path(tmp) / f"n{n}"
            folder.mkdir()
            iris = generate(n, folder)
            merged = Path(tmp) / f"n{n}.nt"
            merged_graph(folder, merged)
            out = Path(tmp) / f"n{n}.json"
            subprocess.run([PY, "-c", OURS, str(folder), str(out)], capture_output=True, check=False)  # warm the cache
            ours = [timed([PY, "-c", OURS, str(folder), str(out)]) for _ in range(args.runs)]
            seconds, memory = statistics.median(s for s, _ in ours), max(m for _, m in ours)
            reports = {
                Path(r["file"]).name: {c["id"]: c["status"] for c in r["criteria"]} for r in json.loads(out.read_text())
            }
            if n <= args.baseline_max:
                fired = Path(tmp) / f"n{n}.fired.json"
                base = [timed([PY, "-c", BASELINE, str(merged), str(shapes), str(fired)]) for _ in range(args.runs)]
                b_seconds, b_memory = statistics.median(s for s, _ in base), max(m for _, m in base)
                last_baseline = (n, b_seconds)
                same = statuses_from_pyshacl(json.loads(fired.read_text()), iris) == reports
                if not same:
                    failures.append(f"N={n}: statuses differ from pySHACL's")
                baseline = f"{b_seconds:8.2f} s {b_memory:7.0f} MB"
                check = "same statuses as pySHACL" if same else "DIFFERENT statuses"
            else:
                assert last_baseline is not None, "measure a smaller size first"
                b_seconds = last_baseline[1] * n / last_baseline[0]
                baseline = f"{b_seconds:8.0f} s (extrapolated linearly from N={last_baseline[0]})"
                check = "not compared"
            not_met = sum(any(s != "met" for s in r.values()) for r in reports.values())
            rows.append((n, seconds, memory, baseline, b_seconds, check, not_met))
    print("N assessments; ours = terve-kunta validate DIR --format json (whole process, files to reports);")
    print("baseline = plain pySHACL on the same merged graph (whole process: parse + validate).")
    print(f"{'N':>7}  {'ours':>9} {'peak':>8}  {'per 1,000':>9}  {'baseline':<46}  {'speed-up':>8}  check")
    for n, seconds, memory, baseline, b_seconds, check, not_met in rows:
        print(
            f"{n:>7}  {seconds:7.2f} s {memory:5.0f} MB  {1000 * seconds / n:7.2f} s  {baseline:<46}  "
            f"{b_seconds / seconds:7.1f}x  {check}; {not_met} not conforming"
        )
    targets = {308: 1.0, 30000: 30.0}
    for n, seconds, *_ in rows:
        if n in targets:
            ok = seconds < targets[n]
            print(f"target: {n} assessments under {targets[n]:.0f} s: {'met' if ok else 'MISSED'} ({seconds:.2f} s)")
            if not ok:
                failures.append(f"N={n}: {seconds:.2f} s")
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
