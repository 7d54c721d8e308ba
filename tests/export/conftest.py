"""Exports made once per session: of the packaged graph, and of a graph with people in it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import URIRef

import terve_kunta as tk
from terve_kunta.assessment.document import read_document_data
from terve_kunta.assessment.to_rdf import Vocabulary, assessment_graph, resolve
from terve_kunta.export.formats import FORMATS, PROFILES
from terve_kunta.export.serialize import Export, prepare, render
from terve_kunta.export.site import publish
from terve_kunta.namespaces import DCTERMS, ORG, TIME
from tests.support import kuopio

EPOCH = "1767225600"  # 2026-01-01: exports made in the tests are reproducible
#: What the people put into the graph are called; none of it may leave in public or who.
SECRETS = ("Maija Meikäläinen", "Meikäläinen", "maija.meikalainen@example.org", "+358 40 123 4567", "Teppo Testaaja")
PEOPLE_UPDATE = """
PREFIX schema: <https://schema.org/>
INSERT DATA {
  <https://w3id.org/terve-kunta/id/person/teppo> a schema:Person ;
      schema:name "Teppo Testaaja" ; schema:telephone "+358 40 123 4567" ;
      schema:jobTitle "Testijohtaja" ; schema:address [ schema:streetAddress "Testikatu 1" ] ;
      schema:worksFor <https://w3id.org/terve-kunta/id/municipality/297> .
  <https://w3id.org/terve-kunta/id/organization/thl> schema:employee <https://w3id.org/terve-kunta/id/person/teppo> .
  <https://w3id.org/terve-kunta/id/municipality/297> schema:email "maija.meikalainen@example.org" .
}
"""


#: Sources stated for facts rather than for entities, of the kinds the data holds (and issue 9 adds): a
#: statement (owl:Axiom) about a literal fact, and (added by sourced_facts) a membership's start date with
#: the decision behind it.
SOURCED_FACTS = """
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT DATA {
  <https://w3id.org/terve-kunta/id/network/who-european-healthy-cities> schema:foundingDate "1988"^^xsd:gYear .
  <https://w3id.org/terve-kunta/id/statement/test/founding-date> a owl:Axiom ;
      owl:annotatedSource <https://w3id.org/terve-kunta/id/network/who-european-healthy-cities> ;
      owl:annotatedProperty schema:foundingDate ; owl:annotatedTarget "1988"^^xsd:gYear ;
      dct:source <https://example.org/source/founding-of-the-who-network> ;
      rdfs:comment "The year the WHO office names."@en .
}
"""
KUOPIO_WHO = URIRef("https://w3id.org/terve-kunta/id/membership/who-european-healthy-cities/municipality/297/1")
DECISION = URIRef("https://example.org/decision/kuopio-who-designation")


def sourced_facts(kg: tk.KnowledgeGraph) -> None:
    """Add :data:`SOURCED_FACTS`, and a source (a decision) to the start of Kuopio's WHO designation."""
    kg.update(SOURCED_FACTS)
    kg.update(
        f"INSERT {{ ?start <{DCTERMS.source}> <{DECISION}> }} WHERE {{ <{KUOPIO_WHO}> <{ORG.memberDuring}> ?i . "
        f"?i <{TIME.hasBeginning}> ?start }}"
    )
    interval = kg.rdf.value(KUOPIO_WHO, ORG.memberDuring)
    assert (kg.rdf.value(interval, TIME.hasBeginning), DCTERMS.source, DECISION) in kg.rdf


@pytest.fixture(scope="session", autouse=True)
def _reproducible() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        yield


@pytest.fixture(scope="session")
def prepared(kg: tk.KnowledgeGraph) -> dict[str, Export]:
    """Each profile of the packaged graph, selected and described once."""
    return {profile: prepare(kg, kg.store, profile, None) for profile in PROFILES}


@pytest.fixture(scope="session")
def texts(prepared: dict[str, Export]) -> dict[tuple[str, str], str]:
    """Every (profile, format) of the packaged graph as text."""
    return {(p, f): render(data, f) for p, data in prepared.items() for f in FORMATS}


@pytest.fixture(scope="session")
def people_kg() -> tk.KnowledgeGraph:
    """The packaged graph with people (a stored self-assessment with names and e-mail, and kg.update's),
    and with sources stated for facts (:data:`SOURCED_FACTS`)."""
    kg = tk.load()
    data = kuopio(
        wellbeing_coordinator={"title": "Testikoordinaattori", "name": SECRETS[0], "email": SECRETS[2]},
        elected_official={"name": SECRETS[0]},
        contact_person={"email": SECRETS[2]},
    )
    stored = assessment_graph([resolve(read_document_data(data), Vocabulary.of(kg))], include_personal=True)
    kg.rdf.addN((s, p, o, kg.rdf) for s, p, o in stored)
    kg.update(PEOPLE_UPDATE)
    sourced_facts(kg)
    return kg


@pytest.fixture(scope="session")
def people_texts(people_kg: tk.KnowledgeGraph) -> dict[tuple[str, str], str]:
    found = {}
    for profile in PROFILES:
        data = prepare(people_kg, people_kg.store, profile, None)
        found.update({(profile, f): render(data, f) for f in FORMATS})
    return found


@pytest.fixture(scope="session")
def site(people_kg: tk.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the graph with people, published once."""
    folder = tmp_path_factory.mktemp("site") / "site"
    publish(people_kg, people_kg.store, folder, site_url="https://example.org/terve-kunta/")
    return folder
