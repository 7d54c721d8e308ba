"""The criteria shapes, and the compiled SPARQL engine giving exactly what pySHACL gives."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import pyoxigraph
import pyshacl
import pytest
from rdflib import Graph, Literal

import terve_kunta as tk
from terve_kunta.assessment.document import read_document_data
from terve_kunta.assessment.to_rdf import Vocabulary, ntriples, resolve
from terve_kunta.errors import UnsupportedShapeError
from terve_kunta.namespaces import SH
from terve_kunta.validation.compiled import CompiledShapes
from terve_kunta.validation.results import Result, results_from_graph
from terve_kunta.validation.shapes import criteria_shapes

LANGS = {"fi", "sv", "en"}


def test_every_shape_is_named_linked_and_speaks_three_languages(kg: tk.KnowledgeGraph) -> None:
    shapes = criteria_shapes()
    graph = shapes.graph
    nodes = {s for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf) for s in graph.subjects(p, None)}
    assert nodes and {str(n) for n in nodes} == set(shapes.shapes)
    criteria = {c.iri for c in kg.criteria()}
    for info in shapes.shapes.values():
        assert info.iri.startswith("https://w3id.org/terve-kunta/shapes/criteria#")
        assert info.name and info.criterion in criteria and set(info.messages) == LANGS
        assert info.severity == str(SH.Violation)
    assert {s.criterion for s in shapes.shapes.values()} == criteria
    for criterion in criteria:  # each criterion can be missing and can be not met
        kinds = {s.evidence for s in shapes.for_criterion(criterion)}
        assert kinds == {True, False}, criterion


def test_only_the_report_year_uses_shacl_sparql() -> None:
    graph = criteria_shapes().graph
    assert [str(s).rsplit("#")[-1] for s in graph.subjects(SH.sparql, None)] == ["WellbeingReportRecent"]


def random_assessment(rng: random.Random, index: int, codes: list[str]) -> dict[str, Any]:
    def maybe(value: Any, p: float = 0.15) -> Any:
        return None if rng.random() < p else value

    data: dict[str, Any] = {
        "municipality" if index % 7 else "wellbeing_services_county": rng.choice(codes) if index % 7 else "13",
        "assessed_on": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "top_management_responsible": maybe(rng.random() > 0.2),
        "joining_decision": maybe(
            {
                "body": rng.choice(["council", "municipal_board", "committee", "regional_council", "regional_board"]),
                "date": f"{rng.choice([2024, 2025])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            }
        ),
        "commitments": maybe({"network_tasks": maybe(rng.random() > 0.2), "hosting": maybe(rng.random() > 0.2)}),
        "steering_group": maybe(
            {"sectors": rng.sample(["education", "culture", "youth", "sports"], rng.randint(0, 3))}
        ),
        "wellbeing_coordinator": maybe(rng.choice([True, False, {"title": "koordinaattori"}])),
        "elected_official": maybe(rng.random() > 0.2),
        "contact_person": maybe(rng.random() > 0.2),
        "resources_allocated": maybe(rng.random() > 0.2),
        "wellbeing_report": maybe({"annual_year": maybe(rng.randint(2021, 2026))}),
        "inequality_reduction_all_sectors": maybe(rng.random() > 0.2),
        "resident_participation": maybe(rng.random() > 0.2),
        "communication_url": maybe(rng.choice(["https://a.fi/h", "http://b.fi", "www.c.fi", "ftp://d.fi", "https://"])),
        "national_network": maybe(
            {"shares_good_practices": maybe(rng.random() > 0.2), "attends_meetings": maybe(rng.random() > 0.2)}
        ),
    }
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture(scope="module")
def sample(kg: tk.KnowledgeGraph) -> list[Any]:
    rng = random.Random(20250301)
    codes = [m.code for m in kg.municipalities(2025)]
    vocabulary = Vocabulary.of(kg)
    resolved = []
    for index in range(400):
        try:
            resolved.append(resolve(read_document_data(random_assessment(rng, index, codes)), vocabulary))
        except tk.AssessmentError:
            continue
    return list({r.iri: r for r in resolved}.values())


CHUNKS = 4


def chunk(sample: list[Any], index: int) -> list[Any]:
    return sample[index::CHUNKS]


@pytest.fixture(scope="module")
def compiled(sample: list[Any]) -> list[Result]:
    store = pyoxigraph.Store()
    store.bulk_load(input="".join(ntriples(r) for r in sample).encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return criteria_shapes().compiled.run(store)


def test_the_sample_exercises_every_shape_and_component(kg: tk.KnowledgeGraph, compiled: list[Result]) -> None:
    info = criteria_shapes().shapes
    assert {info[str(r.shape)].criterion_slug for r in compiled} == {c.slug for c in kg.criteria()}
    assert {str(r.component).rsplit("#")[-1] for r in compiled} == {
        "MinCountConstraintComponent",
        "InConstraintComponent",
        "LessThanOrEqualsConstraintComponent",
        "PatternConstraintComponent",
        "SPARQLConstraintComponent",
    }
    assert {str(r.shape) for r in compiled} == set(info)


@pytest.fixture(scope="module")
def reference_shapes() -> Graph:
    """The criteria shapes for pySHACL, copied once: it adds its system triples (always the same) to the graph."""
    return Graph() + criteria_shapes().graph


def keyed(results: list[tuple[int, Result]]) -> list[tuple[tuple[int, tuple[str, ...]], frozenset[str]]]:
    """Each result's owner and key (computed once: it renders the path) with its messages."""
    return [((i, r.key()), frozenset(map(str, r.messages))) for i, r in results]


@pytest.mark.slow
@pytest.mark.parametrize("index", range(CHUNKS))
@pytest.mark.usefixtures("sparql_prepared_once")
def test_compiled_engine_equals_pyshacl(
    kg: tk.KnowledgeGraph, sample: list[Any], reference_shapes: Graph, index: int
) -> None:
    """Result by result, message by message, and report by report (the sample in chunks, for parallel runs)."""
    from terve_kunta.validation.validator import _build_reports, _owned, _reports, _store_data

    part = chunk(sample, index)
    shapes = criteria_shapes()
    data = _store_data(part)  # the assessments as validate() writes them
    _, reference_graph, _ = pyshacl.validate(
        Graph().parse(data=data, format="nt"), shacl_graph=reference_shapes, inference="none"
    )
    assert isinstance(reference_graph, Graph)
    reference = _owned(results_from_graph(reference_graph), part)
    store = pyoxigraph.Store()
    store.bulk_load(input=data.encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    compiled = _owned(shapes.compiled.run(store), part)
    compiled_keys, reference_keys = keyed(compiled), keyed(reference)
    assert Counter(k for k, _ in compiled_keys) == Counter(k for k, _ in reference_keys)
    messages = Counter((key, texts) for (_, key), texts in compiled_keys)
    assert messages == Counter((key, texts) for (_, key), texts in reference_keys)
    fast = _reports(kg, part, "fi", "oxigraph")
    assert fast == _build_reports(kg, part, "fi", "oxigraph", compiled)  # the same path as validate()
    slow = _build_reports(kg, part, "fi", "pyshacl", reference)
    assert [r.model_dump(exclude={"engine"}) for r in fast] == [r.model_dump(exclude={"engine"}) for r in slow]
    assert {s for r in fast for s in r.statuses().values()} == {"met", "not_met", "missing"}


def test_the_pyshacl_engine_runs_pyshacl(sample: list[Any]) -> None:
    from terve_kunta.validation.validator import _results

    few = sample[:5]
    shapes = criteria_shapes()
    assert Counter((i, r.key()) for i, r in _results(few, shapes, "pyshacl")) == Counter(
        (i, r.key()) for i, r in _results(few, shapes, "oxigraph")
    )


def test_the_pyshacl_engine_parses_a_sparql_constraint_once_not_for_each_assessment(
    sample: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """pySHACL runs a SHACL-SPARQL constraint once per focus node, and rdflib parsed its text each time (most of
    the engine's time: MEASURED.md). (The integrity check's pySHACL runs each of its SPARQL constraints once.)"""
    from rdflib.plugins.sparql import parser

    from terve_kunta.validation.validator import _results

    parsed: list[str] = []
    original = parser.Query.parse_string

    def parse(text: str, *args: Any, **kwargs: Any) -> Any:
        parsed.append(text)
        return original(text, *args, **kwargs)

    monkeypatch.setattr(parser.Query, "parse_string", parse)
    reports = [a for a in sample if a.assessment.wellbeing_report and a.assessment.wellbeing_report.annual_year][:12]
    assert len(reports) == 12
    for chunk in (reports[:6], reports[6:]):  # the SHACL-SPARQL shape checks the report year of each
        _results(chunk, criteria_shapes(), "pyshacl")
    assert len(parsed) <= 1  # the shape's one query, and only if no earlier test in this process parsed it


UNSUPPORTED = [
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
    "ex:S a sh:PropertyShape ; sh:targetClass ex:C ; sh:path ex:p ; sh:datatype xsd:string .",
    "ex:S a sh:PropertyShape ; sh:targetClass ex:C ; sh:path [ sh:zeroOrMorePath ex:p ] ; sh:minCount 1 .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:in ( ex:a ) .",
    "ex:S a sh:NodeShape, rdfs:Class ; sh:targetClass ex:C ; sh:sparql [ sh:select 'SELECT $this {}' ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select 'SELECT $this { SERVICE <x> {} }' ] .",
]


@pytest.mark.parametrize("shape", UNSUPPORTED)
def test_unsupported_shapes_are_refused_not_skipped(shape: str) -> None:
    prefixes = (
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> . "
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . "
    )
    with pytest.raises(UnsupportedShapeError):
        CompiledShapes(Graph().parse(data=prefixes + shape, format="turtle"))


def test_generic_constraints_agree_with_pyshacl() -> None:
    shapes = """
    @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> .
    ex:A a sh:PropertyShape ; sh:targetClass ex:C ; sh:path ex:p ; sh:maxCount 1 ; sh:hasValue ex:v ;
        sh:severity sh:Warning ; sh:message "a"@en .
    ex:B a sh:PropertyShape ; sh:targetSubjectsOf ex:q ; sh:path ( ex:q [ sh:inversePath ex:r ] ) ; sh:minCount 2 .
    ex:D a sh:PropertyShape ; sh:targetNode ex:x ; sh:path ex:n ; sh:lessThan ex:m ; sh:pattern "^1" .
    """
    data = """
    @prefix ex: <urn:ex:> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ex:D rdfs:subClassOf ex:C . ex:x a ex:D ; ex:p ex:a, ex:b ; ex:q ex:y ; ex:n 1, 3, "12" ; ex:m 2, "2" .
    ex:z ex:r ex:y . ex:w a ex:C ; ex:p ex:v .
    """
    shapes_graph, data_graph = Graph().parse(data=shapes, format="turtle"), Graph().parse(data=data, format="turtle")
    _, reference, _ = pyshacl.validate(data_graph, shacl_graph=shapes_graph, inference="none")
    assert isinstance(reference, Graph)
    store = pyoxigraph.Store()
    store.load(data.encode(), pyoxigraph.RdfFormat.TURTLE)
    compiled = CompiledShapes(shapes_graph).run(store)
    expected = Counter(r.key() for r in results_from_graph(reference))
    assert Counter(r.key() for r in compiled) == expected and sum(expected.values()) >= 6
    assert {r.severity for r in compiled} == {SH.Warning, SH.Violation}
    assert Literal("a", lang="en") in {m for r in compiled for m in r.messages}
