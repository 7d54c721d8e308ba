"""Files validated together never touch each other: each gets exactly the report it gets alone.

The probe of issue 11: a three-line Turtle file whose subject is the IRI of another
assessment's decision node made ``kuopio.yaml`` fail ``joining-decision`` when both
were validated together. The property test below checks the whole class: random
pairs of files (YAML, JSON, Turtle), where a Turtle file takes as its node's IRI the
other assessment's IRI, the IRI of one of its inner nodes, or a prefix of them.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import terve_kunta as tk
from terve_kunta.assessment.document import read_document_data
from terve_kunta.assessment.to_rdf import Vocabulary, ntriples, resolve
from terve_kunta.errors import UnsupportedShapeError
from terve_kunta.validation.validator import validate_many
from tests.support import KUOPIO, kuopio

KUOPIO_IRI = "https://w3id.org/terve-kunta/id/self-assessment/municipality/297/2025-03-01"
PROBE = f"""@prefix tk: <https://w3id.org/terve-kunta/ontology#> . @prefix dct: <http://purl.org/dc/terms/> .
<{KUOPIO_IRI}/joining-decision> a tk:SelfAssessment ; dct:date "2025-12-01"^^<http://www.w3.org/2001/XMLSchema#date> ;
    tk:assessedOrganization <https://w3id.org/terve-kunta/id/municipality/297> .
"""
#: Where a Turtle file can put its node, relative to the IRI of the other assessment.
INNER = ["", "/joining-decision", "/steering-group", "/contact-person", "/sector/education", "x", "/"]


def alone(kg: tk.KnowledgeGraph, paths: list[Path], engine: str) -> list[tk.ComplianceReport]:
    return [report for path in paths for report in validate_many(kg, [path], engine=engine)]  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ["oxigraph", "pyshacl"])
def test_the_probe_changes_no_other_verdict(kg: tk.KnowledgeGraph, tmp_path: Path, engine: str) -> None:
    probe = tmp_path / "probe.ttl"
    probe.write_text(PROBE, encoding="utf-8")
    for paths in ([KUOPIO, probe], [probe, KUOPIO]):
        together = validate_many(kg, paths, engine=engine)  # type: ignore[arg-type]
        assert together == alone(kg, paths, engine)
        assert next(r for r in together if r.source == str(KUOPIO)).conforms
        for report in together:  # the store's own IRIs never show
            assert "x-terve-kunta:validated" not in report.model_dump_json() + report.results_graph().serialize()
            assert all(r.focus_node.startswith(report.assessment) for r in report.criteria if r.focus_node)
    assert validate_many(kg, [probe], engine=engine)[0].assessment == f"{KUOPIO_IRI}/joining-decision"  # type: ignore[arg-type]


# ---------------------------------------------------------------------- the property


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


BOOL = st.sampled_from([True, False, None])
DAYS = st.sampled_from(["2024-06-30", "2024-11-18", "2025-03-01", "2025-12-01"])
PERSON = st.sampled_from([True, False, None, {"title": "koordinaattori"}, {"name": "N. N.", "email": "n@example.org"}])
ASSESSMENTS = st.fixed_dictionaries(
    {
        "organization": st.sampled_from(
            [
                ("municipality", "297"),
                ("municipality", "Kuopio"),
                ("municipality", "091"),
                ("wellbeing_services_county", "13"),
            ]
        ),
        "assessed_on": DAYS,
        "top_management_responsible": BOOL,
        "joining_decision": _maybe(
            st.fixed_dictionaries(
                {"body": st.sampled_from(["council", "municipal_board", "committee", "regional_council"]), "date": DAYS}
            )
        ),
        "commitments": _maybe(st.fixed_dictionaries({"network_tasks": BOOL, "hosting": BOOL})),
        "steering_group": _maybe(
            st.fixed_dictionaries(
                {"sectors": st.lists(st.sampled_from(["education", "culture", "youth", "sports"]), max_size=3)}
            )
        ),
        "wellbeing_coordinator": PERSON,
        "elected_official": PERSON,
        "contact_person": PERSON,
        "resources_allocated": BOOL,
        "wellbeing_report": _maybe(st.fixed_dictionaries({"annual_year": st.sampled_from([2023, 2024, 2025])})),
        "resident_participation": BOOL,
        "communication_url": st.sampled_from([None, "https://example.org/hyte", "ftp://example.org"]),
    }
)
#: kuopio.yaml as the strategies draw an assessment
KUOPIO_DRAWN: dict[str, Any] = {
    "organization": ("municipality", "297"),
    **{k: v for k, v in kuopio().items() if k != "municipality"},
}
FILES = st.tuples(ASSESSMENTS, st.sampled_from(["yaml", "json", "ttl"]), st.sampled_from(INNER))


def _document(drawn: dict[str, Any]) -> dict[str, Any]:
    kind, key = drawn["organization"]
    data = {k: v for k, v in drawn.items() if k != "organization" and v is not None}
    data[kind] = key
    for group in ("commitments", "wellbeing_report"):
        if group in data:
            data[group] = {k: v for k, v in data[group].items() if v is not None}
    return data


def _write(kg: tk.KnowledgeGraph, folder: Path, name: str, drawn: dict[str, Any], fmt: str, iri: str) -> Path:
    data = _document(drawn)
    path = folder / f"{name}.{fmt}"
    if fmt == "yaml":
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    elif fmt == "json":
        path.write_text(json.dumps(data), encoding="utf-8")
    else:
        resolved = resolve(read_document_data(data), Vocabulary.of(kg))
        text = ntriples(resolved, include_personal=True).replace(f"<{resolved.iri}", f"<{iri}")
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("inner", INNER)
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=FILES, second=ASSESSMENTS, swap=st.booleans())
@example(first=(KUOPIO_DRAWN, "yaml", ""), second={**KUOPIO_DRAWN, "assessed_on": "2025-12-01"}, swap=False)
def test_any_two_files_get_the_reports_they_get_alone(
    kg: tk.KnowledgeGraph, inner: str, first: tuple[dict[str, Any], str, str], second: dict[str, Any], swap: bool
) -> None:
    """The second file is Turtle (only RDF input names its IRIs), its node at or inside the first's."""
    with tempfile.TemporaryDirectory() as folder:
        one = _write(kg, Path(folder), "one", first[0], first[1], f"urn:example:{first[2]}")
        other_iri = validate_many(kg, [one])[0].assessment
        two = _write(kg, Path(folder), "two", second, "ttl", other_iri + inner)
        paths = [two, one] if swap else [one, two]
        assert validate_many(kg, paths) == alone(kg, paths, "oxigraph")


def test_reports_compare_their_raw_results(kg: tk.KnowledgeGraph) -> None:
    """The property above compares whole reports, the raw SHACL results included."""
    report = kg.validate(kuopio(top_management_responsible=False))
    other = report.model_copy()
    other._results = ()
    assert report.results and report != other


def test_results_are_given_back_with_the_inputs_nodes(kg: tk.KnowledgeGraph) -> None:
    from rdflib import Literal, URIRef

    from terve_kunta.namespaces import SH
    from terve_kunta.validation.results import Result
    from terve_kunta.validation.validator import _owned, _store_iri

    chunk = [
        resolve(read_document_data(kuopio(assessed_on=day)), Vocabulary.of(kg)) for day in ("2025-01-02", "2025-01-03")
    ]
    made = [
        Result(URIRef(_store_iri(1) + "/joining-decision"), None, URIRef(_store_iri(0)), URIRef("urn:s"), SH.A, SH.B),
        Result(URIRef(_store_iri(0)), None, Literal(_store_iri(1)), URIRef("urn:s"), SH.A, SH.B),
        Result(URIRef(_store_iri(1)), None, URIRef(_store_iri(10)), URIRef("urn:s"), SH.A, SH.B),
    ]
    owned = _owned(made, chunk)
    assert [(i, str(r.focus), r.value) for i, r in owned] == [
        (1, chunk[1].iri + "/joining-decision", URIRef(chunk[0].iri)),
        (0, chunk[0].iri, Literal(_store_iri(1))),  # a literal is a value, never a node
        (1, chunk[1].iri, URIRef(_store_iri(10))),  # no assessment of the chunk: left as it is
    ]
    for focus in (
        "urn:other",
        _store_iri(2),
        _store_iri(1) + "0",
        _store_iri(0) + "1",
        "urn:x-terve-kunta:validated:01",
    ):
        with pytest.raises(UnsupportedShapeError, match="no assessment's node"):
            _owned([Result(URIRef(focus), None, None, URIRef("urn:s"), SH.A, SH.B)], chunk)
