"""Each dataset carries the licence of its data, and every description passes DCAT-AP 3.0.1's shapes."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SH, SKOS
from rdflib.term import Node

import terve_kunta as tk
from terve_kunta.data.files import data_files, graph_iri
from tests.support import DCAT_AP, ONTOLOGY, REPO, SOURCES

CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
UN_TERMS = URIRef("https://w3id.org/terve-kunta/id/licence/un-sdg-kos")
UN_VOID = URIRef("http://metadata.un.org/sdg/void.ttl#SDG")
TURTLE_FILES = sorted(p.relative_to(ONTOLOGY).as_posix() for p in ONTOLOGY.rglob("*.ttl"))


@pytest.mark.parametrize("path", TURTLE_FILES)
def test_each_dataset_carries_exactly_the_licence_of_its_data(path: str) -> None:
    graph = Graph().parse(ONTOLOGY / path, format="turtle")
    expected = {UN_TERMS} if path == "data/sdg.ttl" else {CC_BY}
    assert set(graph.objects(graph_iri(path), DCTERMS.license)) == expected


def test_the_un_terms_are_the_kos_s_own_words(kg: tk.KnowledgeGraph) -> None:
    void = Graph().parse(SOURCES / "data" / "sdg" / "void.ttl", format="turtle")
    terms = void.value(UN_VOID, DCTERMS.license)
    assert isinstance(terms, Literal) and "free of charge" in terms
    assert (UN_TERMS, RDF.type, DCTERMS.LicenseDocument) in kg.rdf
    assert kg.rdf.value(UN_TERMS, DCTERMS.description) == terms  # verbatim, with no language tag added
    assert kg.rdf.value(UN_TERMS, DCTERMS.source) == UN_VOID
    assert kg.rdf.value(UN_VOID, DCTERMS.language) == Literal("en")  # the void.ttl has an entry among the sources


def test_the_notices_say_which_data_the_un_terms_cover() -> None:
    notice = (REPO / "NOTICE.md").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for text in (notice, readme):
        assert "ontology/data/sdg.ttl" in text and "not CC BY 4.0" in text
    assert "may be copied freely, duplicated and further distributed" in " ".join(notice.split())


def _describe(graph: Graph, node: Node, into: Graph) -> None:
    """Copy the concise bounded description of ``node`` (its triples, following blank nodes)."""
    for _, p, o in graph.triples((node, None, None)):
        into.add((node, p, o))
        if isinstance(o, BNode):
            _describe(graph, o, into)


def descriptions() -> Graph:
    """The description of every dataset (each file's node) and concept scheme, with the licences they name."""
    whole = Graph()
    for data_file in data_files():
        whole.parse(data=data_file.read_text(), format="turtle", publicID=str(data_file.graph))
    found = Graph()
    nodes: list[Node] = [f.graph for f in data_files() if f.role != "ontology"]
    nodes += list(whole.subjects(RDF.type, SKOS.ConceptScheme))
    for node in nodes:
        _describe(whole, node, found)
        for licence in whole.objects(node, DCTERMS.license):
            _describe(whole, licence, found)
    return found


def violations(graph: Graph) -> set[tuple[Node | None, Node | None]]:
    import pyshacl

    shapes = Graph().parse(DCAT_AP / "shapes.ttl", format="turtle")
    _, results, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none")
    assert isinstance(results, Graph)
    return {
        (results.value(r, SH.focusNode), results.value(r, SH.resultPath))
        for r in results.subjects(RDF.type, SH.ValidationResult)
        if results.value(r, SH.resultSeverity) == SH.Violation
    }


@pytest.fixture(scope="module")
def described() -> Graph:
    return descriptions()


def test_every_description_passes_the_dcat_ap_shapes(described: Graph) -> None:
    datasets = set(described.subjects(RDF.type, DCAT.Dataset))
    schemes = set(described.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(datasets) == len(data_files()) - 1 and len(schemes) >= 13
    assert violations(described) == set()


def test_the_dcat_ap_check_finds_what_is_missing(described: Graph) -> None:
    """The check above can fail: a dataset without a description and a scheme without a title are reported."""
    broken = Graph()
    for triple in described:
        broken.add(triple)
    dataset, scheme = graph_iri("data/who.ttl"), tk.ID["scheme/roles"]
    broken.remove((dataset, DCTERMS.description, None))
    broken.remove((scheme, DCTERMS.title, None))
    assert violations(broken) == {(dataset, DCTERMS.description), (scheme, DCTERMS.title)}
