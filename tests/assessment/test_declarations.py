"""Each self-assessment field declares its RDF property and expected value once; writer, reader and errors use it."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel
from rdflib import Graph, URIRef

import terve_kunta as tk
from terve_kunta.assessment.document import read_document_data
from terve_kunta.assessment.from_rdf import assessments_from_graph
from terve_kunta.assessment.model import Rdf, SelfAssessment, declared_fields, nested_model
from terve_kunta.assessment.to_rdf import Vocabulary, assessment_graph, ntriples, resolve

BASE = {"municipality": "297", "assessed_on": "2025-03-01"}

#: One value for every field that can be stated (a leaf of the model), as a file gives it.
VALUES: dict[tuple[str, ...], Any] = {
    ("top_management_responsible",): True,
    ("joining_decision", "body"): "council",
    ("joining_decision", "date"): "2024-11-18",
    ("joining_decision", "reference"): "§ 85",
    ("commitments", "network_tasks"): False,
    ("commitments", "hosting"): True,
    ("steering_group", "name"): "Hyvinvointiryhmä",
    ("steering_group", "sectors"): ["culture", "education"],
    ("steering_group", "partners"): ["ngos"],
    ("wellbeing_coordinator",): True,
    ("elected_official",): False,
    ("contact_person", "title"): "koordinaattori",
    ("resources_allocated",): True,
    ("wellbeing_report", "annual_year"): 2024,
    ("wellbeing_report", "council_term_report"): "2021-2025",
    ("inequality_reduction_all_sectors",): True,
    ("resident_participation",): False,
    ("communication_url",): "https://www.kuopio.fi/hyvinvointi",
    ("national_network", "shares_good_practices"): True,
    ("national_network", "attends_meetings"): True,
}


def leaves(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Rdf]]:
    found = []
    for name, rdf in declared_fields(model).items():
        nested = nested_model(model, name)
        if nested is not None and rdf.kind in ("group", "node", "person"):
            found += leaves(nested, (*prefix, name))
        if nested is None or rdf.kind == "person":
            found.append(((*prefix, name), rdf))
    return found


LEAVES = leaves(SelfAssessment)


def document(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    data: dict[str, Any] = dict(BASE)
    target = data
    for part in path[:-1]:
        target = target.setdefault(part, {})
    target[path[-1]] = value
    if path[0] == "joining_decision":  # a decision needs its body and date
        data["joining_decision"] = {"body": "council", "date": "2024-11-18", **data["joining_decision"]}
    return data


def test_every_field_of_every_model_is_declared_once() -> None:
    models: list[type[BaseModel]] = [SelfAssessment]
    while models:
        model = models.pop()
        assert list(declared_fields(model)) == list(model.model_fields), model.__name__
        models += [m for name in model.model_fields if (m := nested_model(model, name)) is not None]


def test_every_declared_property_is_a_term_of_the_ontology_or_a_standard_one(kg: tk.KnowledgeGraph) -> None:
    ontology = {s for s in kg.rdf.subjects() if isinstance(s, URIRef) and str(s).startswith(str(tk.TK._NS))}
    for _, rdf in LEAVES:
        for prop in (rdf.prop, rdf.flag):
            if prop is not None and str(prop).startswith(str(tk.TK._NS)):
                assert prop in ontology, prop


def test_every_field_that_can_be_stated_has_a_value_here() -> None:
    people = ("wellbeing_coordinator", "elected_official", "contact_person")
    stated = {
        path
        for path, rdf in LEAVES
        if rdf.kind != "organization" and path != ("assessed_on",) and not rdf.personal
        and not (path[0] in people[:2] and len(path) == 2) and path != ("contact_person",)
    }  # fmt: skip
    assert stated == set(VALUES)


@pytest.mark.parametrize("path", list(VALUES), ids=".".join)
def test_each_field_goes_to_its_declared_property_and_comes_back(kg: tk.KnowledgeGraph, path: tuple[str, ...]) -> None:
    doc = read_document_data(document(path, VALUES[path]))
    resolved = resolve(doc, Vocabulary.of(kg))
    rdf = dict(LEAVES)[path]
    text = ntriples(resolved)
    assert rdf.prop is not None and (f"<{rdf.prop}>" in text or (rdf.flag and f"<{rdf.flag}>" in text))
    (back,) = assessments_from_graph(assessment_graph([resolved]), "<graph>")
    assert back.assessment == doc.assessment


@pytest.mark.parametrize(("path", "rdf"), [(p, r) for p, r in LEAVES if r.kind != "organization"], ids=str)
def test_a_wrong_value_is_explained_with_the_declared_expectation(path: tuple[str, ...], rdf: Rdf) -> None:
    wrong: Any = {"members": "not a list", "person": "maybe"}.get(rdf.kind, {"value": [1, 2]})
    with pytest.raises(tk.AssessmentError) as caught:
        read_document_data(document(path, wrong), source="a.yaml")
    assert caught.value.field is not None and caught.value.field.startswith(".".join(path))
    assert caught.value.expected in (rdf.expected, rdf.item)


def test_the_personal_fields_are_those_declared_personal(kg: tk.KnowledgeGraph) -> None:
    from terve_kunta.assessment.model import PERSONAL_FIELDS

    assert {"name", "email"} == PERSONAL_FIELDS
    resolved = resolve(
        read_document_data({**BASE, "contact_person": {"title": "t", "name": "Maija M", "email": "m@x.fi"}}),
        Vocabulary.of(kg),
    )
    graph = Graph().parse(data=ntriples(resolved), format="nt")
    assert "Maija" not in graph.serialize() and "Maija" in Graph().parse(
        data=ntriples(resolved, include_personal=True), format="nt"
    ).serialize(format="nt")
