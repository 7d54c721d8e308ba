"""Every Turtle file parses, is canonical, agrees on the ontology version and is packaged."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS

import terve_kunta as tk
from terve_kunta.data.files import data_files, graph_iri
from terve_kunta.namespaces import TK
from terve_kunta.rdf.canonical import canonical_turtle
from tests.support import ONTOLOGY, tool

TURTLE_FILES = sorted(p.relative_to(ONTOLOGY).as_posix() for p in ONTOLOGY.rglob("*.ttl"))


@cache
def ontology_file() -> Graph:
    """ontology/terve-kunta.ttl as rdflib reads it, parsed once for the tests here (they only read it)."""
    return Graph().parse(ONTOLOGY / "terve-kunta.ttl", format="turtle")


def test_the_package_reads_the_files_of_ontology_folder() -> None:
    assert [f.path for f in data_files()] == ["terve-kunta.ttl", *(p for p in TURTLE_FILES if p != "terve-kunta.ttl")]
    for data_file in data_files():
        assert data_file.read_text() == (ONTOLOGY / data_file.path).read_text(encoding="utf-8")


@pytest.mark.parametrize("path", TURTLE_FILES)
def test_file_parses_and_is_canonical(path: str) -> None:
    text = (ONTOLOGY / path).read_text(encoding="utf-8")
    graph = Graph().parse(data=text, format="turtle")
    assert len(graph) > 0
    assert text == canonical_turtle(graph), f"run: python tools/format_turtle.py ontology/{path}"


@pytest.mark.parametrize("path", TURTLE_FILES)
def test_file_describes_itself_and_agrees_on_the_ontology_version(path: str) -> None:
    graph = Graph().parse(ONTOLOGY / path, format="turtle")
    ontology = ontology_file()
    version = ontology.value(tk.ONTOLOGY_IRI, OWL.versionInfo)
    version_iri = ontology.value(tk.ONTOLOGY_IRI, OWL.versionIRI)
    assert isinstance(version, Literal) and version_iri == URIRef(f"https://w3id.org/terve-kunta/ontology/{version}")
    assert str(version) == tk.ontology_version()
    node = graph_iri(path)
    if path == "terve-kunta.ttl":
        assert (node, RDF.type, OWL.Ontology) in graph
    else:
        assert (node, RDF.type, DCAT.Dataset) in graph, f"{path} has no dataset node <{node}>"
        assert set(graph.objects(node, DCTERMS.conformsTo)) == {version_iri}
        assert len(set(graph.objects(node, DCTERMS.license))) == 1  # which one: test_licences.py


def test_closed_namespace_matches_the_ontology() -> None:
    ontology = ontology_file()
    declared = {
        str(s)
        for cls in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for s in ontology.subjects(RDF.type, cls)
    }
    in_python = {str(TK[name]) for name in TK.__annotations__}
    assert declared == in_python
    for term in declared:
        assert ontology.value(URIRef(term), RDFS.label) is not None, term


def test_every_tk_term_used_in_the_data_is_declared(kg: tk.KnowledgeGraph) -> None:
    declared = {str(TK[name]) for name in TK.__annotations__}
    used = {
        str(term)
        for triple in kg.rdf
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(str(TK._NS))
    }
    assert used <= declared, used - declared


def test_generated_files_are_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert tool("build_reference_data").main(["--check", "--with-memberships"]) == 0, capsys.readouterr().err


def test_turtle_formatter_reports_a_non_canonical_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    messy = tmp_path / "messy.ttl"
    messy.write_text("<urn:a> <urn:b> <urn:c> . # a comment\n", encoding="utf-8")
    formatter = tool("format_turtle")
    assert formatter.main(["--check", str(messy)]) == 1 and f"not canonical: {messy}" in capsys.readouterr().err
    assert formatter.main([str(messy)]) == 0 and "# a comment" not in messy.read_text(encoding="utf-8")
    assert formatter.main(["--check", str(messy)]) == 0


def test_sibling_blank_nodes_are_written_the_same_whatever_their_names() -> None:
    """Two instants of one interval: the same text however a parser or program named them, and never merged."""
    from rdflib import BNode

    texts = set()
    for _ in range(5):
        graph = Graph()
        interval = BNode()
        graph.add((URIRef("urn:m"), URIRef("urn:during"), interval))
        for day in ("2018-11-14", "2024-06", "2024-06"):
            instant = BNode()  # two alike instants: both kept
            graph.add((interval, URIRef("urn:inside"), instant))
            graph.add((instant, URIRef("urn:day"), Literal(day)))
        text = canonical_turtle(graph)
        assert len(Graph().parse(data=text, format="turtle")) == len(graph) == 7
        texts.add(text)
    assert len(texts) == 1


def test_the_version_tool_bumps_every_file_and_keeps_the_prior_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    version_tool = tool("set_ontology_version")
    shutil.copytree(ONTOLOGY, tmp_path / "ontology", ignore=shutil.ignore_patterns("*.rq", "*.md", "*.py"))
    current = tk.ontology_version()
    assert version_tool.main([current, "--root", str(tmp_path)]) == 2 and "is not after" in capsys.readouterr().err
    major, minor, _ = (int(p) for p in current.split("."))
    new = f"{major}.{minor + 1}.0"
    assert version_tool.main([new, "--root", str(tmp_path)]) == 0
    ontology = Graph().parse(tmp_path / "ontology" / "terve-kunta.ttl", format="turtle")
    base = "https://w3id.org/terve-kunta/ontology/"
    assert ontology.value(tk.ONTOLOGY_IRI, OWL.versionInfo) == Literal(new)
    assert ontology.value(tk.ONTOLOGY_IRI, OWL.priorVersion) == URIRef(base + current)
    pattern = re.compile(re.escape(base) + r"\d+\.\d+\.\d+")
    for path in TURTLE_FILES:
        text = (tmp_path / "ontology" / path).read_text(encoding="utf-8")
        assert set(pattern.findall(text)) <= {base + new, base + current}, path
        if path != "terve-kunta.ttl":
            assert f"dct:conformsTo <{base}{new}>" in text, path
