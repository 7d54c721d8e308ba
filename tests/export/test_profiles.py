"""What each profile lets leave: no personal data in public and who, in any format; who holds what WHO needs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef

import terve_kunta as tk
from terve_kunta.export.formats import FORMATS
from terve_kunta.export.privacy import Privacy
from terve_kunta.export.serialize import Export
from terve_kunta.namespaces import DCTERMS, OWL, RDF, SCHEMA, SKOS, TK
from tests.export.conftest import SECRETS

PERSON = "https://w3id.org/terve-kunta/id/person/teppo"


@pytest.fixture(scope="module")
def people(people_texts: dict[tuple[str, str], str]) -> set[str]:
    """The IRIs typed schema:Person in the full export (read once)."""
    graph = Graph().parse(data=people_texts["full", "nt"], format="nt")
    return {str(s) for s in graph.subjects(RDF.type, SCHEMA.Person)}


@pytest.mark.parametrize("profile", ["public", "who"])
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_no_trace_of_people_leaves(
    people_texts: dict[tuple[str, str], str], people: set[str], profile: str, fmt: str
) -> None:
    text = people_texts[profile, fmt]
    for secret in (*SECRETS, "Testikatu", PERSON, "Testijohtaja", "Testikoordinaattori"):
        assert secret not in text, secret
    assert len(people) == 4  # Teppo, and the self-assessment's coordinator, elected official and contact person
    for person in people:
        assert person.removeprefix("https://w3id.org/terve-kunta/id/") not in text, person


def test_full_holds_the_people_when_asked_by_name(people_texts: dict[tuple[str, str], str]) -> None:
    for fmt in ("nq", "turtle", "json-ld"):
        text = people_texts["full", fmt]
        assert all(secret in text for secret in SECRETS), fmt


def test_public_keeps_what_is_not_personal(people_texts: dict[tuple[str, str], str]) -> None:
    text = people_texts["public", "nt"]
    assert '<https://w3id.org/terve-kunta/ontology#wellbeingCoordinatorNamed> "true"' in text
    assert "<https://w3id.org/terve-kunta/id/municipality/297> <http://purl.org/dc/terms/identifier>" in text


def test_a_property_annotated_in_the_graph_is_personal_at_once() -> None:
    graph = Graph()
    nickname, node = URIRef("https://example.org/nickname"), URIRef("https://example.org/x")
    graph.add((node, nickname, Literal("Mape")))
    assert Privacy.of(graph).keeps(node, nickname, Literal("Mape"))
    graph.add((nickname, TK.personalData, Literal(True)))
    assert not Privacy.of(graph).keeps(node, nickname, Literal("Mape"))


def test_a_subclass_of_a_personal_class_is_personal() -> None:
    graph = Graph()
    official, node = URIRef("https://example.org/Official"), URIRef("https://example.org/o")
    graph.add((official, URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"), SCHEMA.Person))
    graph.add((node, RDF.type, official))
    assert node in Privacy.of(graph).nodes


def who_graph(prepared: dict[str, Export]) -> Graph:
    graph = Graph()
    for triple in prepared["who"].selection.triples():
        graph.add(triple)
    return graph


def test_who_carries_no_municipality_that_is_not_a_member(kg: tk.KnowledgeGraph, prepared: dict[str, Export]) -> None:
    members = {m.iri for m in kg.members()}
    graph = who_graph(prepared)
    named = {str(t) for triple in graph for t in triple if "/id/municipality/" in str(t)}
    assert named and named <= members
    assert URIRef("https://w3id.org/terve-kunta/id/municipality/588") not in {t for tr in graph for t in tr}


def test_who_has_labels_only_in_english_and_finnish(prepared: dict[str, Export]) -> None:
    languages = {o.language for _, _, o in who_graph(prepared) if isinstance(o, Literal) and o.language}
    assert languages == {"en", "fi"}


def test_who_holds_what_the_who_office_needs(kg: tk.KnowledgeGraph, prepared: dict[str, Export]) -> None:
    graph = who_graph(prepared)
    network = kg.network_iri
    assert (network, TK.coordinatedBy, None) in graph
    assert (network, DCTERMS.isPartOf, None) in graph or (
        None,
        URIRef("http://www.w3.org/ns/org#member"),
        network,
    ) in graph
    kinds = {o for s in graph.subjects(RDF.type, TK.Municipality) for o in graph.objects(s, DCTERMS.identifier)}
    assert len(kinds) == len(kg.members(kind="municipality"))
    related = URIRef("http://www.w3.org/2004/02/skos/core#relatedMatch")
    targets = {str(o) for o in graph.objects(None, related)}
    assert any(t.startswith("http://metadata.un.org/sdg/") for t in targets)
    assert any("/who-theme/" in t for t in targets)
    assert {str(c.iri) for c in kg.criteria()} <= {str(s) for s in graph.subjects()}
    assert set(graph.objects(None, TK.host)) <= {URIRef(m.iri) for m in kg.members()}


def test_who_lists_the_criteria_under_the_headings_of_their_source_and_nothing_deprecated(
    kg: tk.KnowledgeGraph, prepared: dict[str, Export]
) -> None:
    graph = who_graph(prepared)
    headings = set(kg.rdf.subjects(RDF.type, TK.CriterionHeading))
    assert len(headings) == 6  # the five of slide 8 and the one of slide 6
    for heading in headings:
        members = set(kg.rdf.objects(heading, SKOS.member))
        assert members and set(graph.objects(heading, SKOS.member)) == members
        assert {lit.language for lit in graph.objects(heading, SKOS.prefLabel)} == {"en", "fi"}  # type: ignore[attr-defined]
    deprecated = set(kg.rdf.subjects(OWL.deprecated, Literal(True)))
    assert deprecated, "the graph keeps the deprecated criterion groups of 0.1.0"
    assert not deprecated & {t for triple in graph for t in triple}


def test_who_json_ld_is_framed_network_first(texts: dict[tuple[str, str], str], kg: tk.KnowledgeGraph) -> None:
    document: dict[str, Any] = json.loads(texts["who", "json-ld"])
    types = document["type"] if isinstance(document["type"], list) else [document["type"]]
    assert document["id"] == "tkid:network" and "Network" in types
    members = document["members"]
    assert len(members) == len(kg.members())
    kuopio = next(m for m in members if m["id"] == "municipality:297")
    held = kuopio["memberships"]
    designation = next(m for m in held if m["organization"] == "tkid:network/who-european-healthy-cities")
    assert designation["memberDuring"]["hasBeginning"]["year"] == "2005"
    assert kuopio["prefLabel"] == {"fi": "Kuopio"}


def test_exports_leave_the_graph_as_it_was(
    people_kg: tk.KnowledgeGraph, people_texts: dict[tuple[str, str], str]
) -> None:
    """The selections share the graph's own index (no copy): nothing may have written into it."""
    from terve_kunta.export.serialize import prepare

    before = set(people_kg.rdf)
    for profile in ("who", "public"):
        data = prepare(people_kg, people_kg.store, profile, None)
        data.render("nq"), data.render("json-ld")
    assert set(people_kg.rdf) == before and len(people_kg.rdf) == len(before)
