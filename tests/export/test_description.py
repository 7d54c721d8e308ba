"""Every export describes itself: DCAT-AP 3.0.1 (the European Commission's shapes), VoID, PROV, licences."""

from __future__ import annotations

from functools import cache

import pytest
from rdflib import Graph, Literal, URIRef

import terve_kunta as tk
from terve_kunta.export.description import CC_BY, dataset_iri
from terve_kunta.export.formats import FORMATS, PROFILES
from terve_kunta.export.serialize import Export
from terve_kunta.namespaces import DCAT, DCTERMS, GRAPH, PROV, RDF
from tests.support import DCAT_AP

VOID = "http://rdfs.org/ns/void#"


@cache
def shapes_graph(shapes_file: str) -> Graph:
    """The European Commission's shapes, read once (pySHACL only reads them)."""
    return Graph().parse(DCAT_AP / shapes_file, format="turtle")


def shacl(data: Graph, shapes_file: str) -> tuple[bool, Graph]:
    from pyshacl import validate

    conforms, results, _ = validate(data, shacl_graph=shapes_graph(shapes_file), inference="none", advanced=True)
    return bool(conforms), results


@pytest.mark.parametrize("profile", PROFILES)
def test_the_description_passes_the_dcat_ap_shapes(prepared: dict[str, Export], profile: str) -> None:
    conforms, results = shacl(prepared[profile].description, "shapes.ttl")
    violations = list(results.subjects(URIRef("http://www.w3.org/ns/shacl#resultSeverity"), None))
    assert conforms, results.serialize(format="turtle")
    assert not violations


def test_the_recommended_shapes_are_reported(prepared: dict[str, Export], capsys: pytest.CaptureFixture[str]) -> None:
    _, results = shacl(prepared["public"].description, "shapes_recommended.ttl")
    sh = "http://www.w3.org/ns/shacl#"
    severities = {str(o) for o in results.objects(None, URIRef(sh + "resultSeverity"))}
    assert severities <= {sh + "Warning", sh + "Info"}  # recommendations never violate
    with capsys.disabled():
        for result in results.subjects(URIRef(sh + "resultSeverity"), URIRef(sh + "Warning")):
            print("DCAT-AP recommended:", results.value(result, URIRef(sh + "resultMessage")))


def test_dataset_and_distributions(prepared: dict[str, Export]) -> None:
    graph = prepared["public"].description
    dataset = dataset_iri("public")
    assert {o.language for o in graph.objects(dataset, DCTERMS.title) if isinstance(o, Literal)} == {"en", "fi"}
    distributions = set(graph.objects(dataset, DCAT.distribution))
    assert len(distributions) == len(FORMATS)
    media = {str(graph.value(d, DCAT.mediaType)) for d in distributions}
    assert "http://www.iana.org/assignments/media-types/text/turtle" in media
    assert all(graph.value(d, DCAT.downloadURL) is not None for d in distributions)
    assert (dataset, DCTERMS.spatial, URIRef("http://publications.europa.eu/resource/authority/country/FIN")) in graph
    assert graph.value(dataset, PROV.wasGeneratedBy) is not None


def test_void_counts_the_data(prepared: dict[str, Export], kg: tk.KnowledgeGraph) -> None:
    graph = prepared["public"].description
    dataset = dataset_iri("public")
    assert graph.value(dataset, URIRef(VOID + "triples")) == Literal(kg.triple_count)
    partitions = {
        graph.value(p, URIRef(VOID + "class")): graph.value(p, URIRef(VOID + "entities"))
        for p in graph.objects(dataset, URIRef(VOID + "classPartition"))
    }
    assert partitions[URIRef("https://w3id.org/terve-kunta/ontology#Municipality")] == Literal(309)


def test_each_file_keeps_its_own_licence(prepared: dict[str, Export], kg: tk.KnowledgeGraph) -> None:
    for profile, data in prepared.items():
        exported = Graph()
        for triple in data.triples():
            exported.add(triple)
        parts = set(exported.objects(dataset_iri(profile), DCTERMS.hasPart))
        assert GRAPH["data/sdg"] in parts, profile  # the who profile carries SDG labels too
        for part in parts:
            assert set(exported.objects(part, DCTERMS.license)) == set(kg.rdf.objects(part, DCTERMS.license)), part


def test_the_sdg_labels_are_not_under_cc_by(prepared: dict[str, Export]) -> None:
    licences = {o for s, p, o in prepared["who"].triples() if s == GRAPH["data/sdg"] and p == DCTERMS.license}
    assert licences and CC_BY not in licences


def test_the_export_says_when_and_what_made_it(prepared: dict[str, Export]) -> None:
    graph = prepared["public"].description
    activity = graph.value(dataset_iri("public"), PROV.wasGeneratedBy)
    assert str(graph.value(activity, PROV.endedAtTime)).startswith("2026-01-01T00:00:00")
    assert (graph.value(activity, PROV.wasAssociatedWith), RDF.type, PROV.SoftwareAgent) in graph
