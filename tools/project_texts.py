"""Mark the texts of the graph that no source gives: the project's translations and own wording.

Used by ``tools/build_reference_data.py``, which writes ``ontology/data/translations.ttl``.

A text (a literal with a language tag) of a subject that names its sources (``dct:source``,
or the sources of an ``owl:Axiom`` that describes that very triple) needs a mark when none
of those sources is in the text's language (``dct:language`` of the source, or of the
document it is part of): no source gives it, so the project wrote it. Nodes that are the
project's own (``dct:source`` or ``dct:creator`` ``tkid:project``: dataset descriptions,
the project's schemes, the marks themselves) carry that mark once for all their texts.

Each mark is an ``owl:Axiom`` typed ``tk:ProjectText`` (and ``tk:Translation`` where the
subject has a text of the same property in a language a source gives, i.e. where the text
translates it), with ``dct:source tkid:project`` and ``prov:wasDerivedFrom`` the sources.
A hand-made mark (in the file of the text) is kept and not repeated here.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from terve_kunta.data.files import turtle_triples
from terve_kunta.namespaces import DCTERMS, ID, OWL, PROV, RDF, TK

PROJECT = ID["project"]


def read(folder: Path, leave_out: Iterable[str]) -> Graph:
    """Every Turtle file under ``folder`` but the shapes and ``leave_out`` (paths relative to it), as one graph."""
    skipped = set(leave_out)
    graph = Graph()
    for path in sorted(folder.rglob("*.ttl")):
        relative = path.relative_to(folder).as_posix()
        if relative.startswith("shapes/") or relative in skipped:
            continue
        # Oxigraph's parser: about ten times faster than rdflib's
        graph.addN((s, p, o, graph) for s, p, o in turtle_triples(path.read_text(encoding="utf-8"), relative, None))
    return graph


def axioms_about(graph: Graph, s: Node, p: Node, o: Node) -> list[Node]:
    """The owl:Axioms that describe the triple (s, p, o)."""
    return [
        axiom
        for axiom in graph.subjects(OWL.annotatedSource, s)
        if (axiom, OWL.annotatedProperty, p) in graph and (axiom, OWL.annotatedTarget, o) in graph
    ]


def is_projects(graph: Graph, node: Node) -> bool:
    """Whether ``node`` is the project's own (its source or creator is the project)."""
    return (node, DCTERMS.source, PROJECT) in graph or (node, DCTERMS.creator, PROJECT) in graph


def text_sources(graph: Graph, s: Node, p: Node, o: Node) -> set[Node]:
    """The sources of the text: those of an axiom about this very triple, else those of its subject."""
    stated = {src for a in axioms_about(graph, s, p, o) for src in graph.objects(a, DCTERMS.source)} - {PROJECT}
    return stated or set(graph.objects(s, DCTERMS.source))


def languages(graph: Graph, source: Node) -> set[str]:
    """The languages of a source: its dct:language, or that of the document it is part of."""
    found: set[str] = set()
    todo, seen = [source], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        found |= {str(lang) for lang in graph.objects(node, DCTERMS.language) if isinstance(lang, Literal)}
        todo.extend(graph.objects(node, DCTERMS.isPartOf))
    return found


def texts_needing_marks(graph: Graph) -> list[tuple[URIRef, URIRef, Literal, set[Node], bool]]:
    """(subject, property, text, sources, is a translation) for each text that no source gives."""
    found = []
    for s, p, o in graph:
        if not (isinstance(s, URIRef) and isinstance(p, URIRef) and isinstance(o, Literal) and o.language):
            continue
        if p == OWL.annotatedTarget:
            continue  # the text an axiom describes, not a text of the axiom
        if is_projects(graph, s):
            continue
        sources = text_sources(graph, s, p, o)
        if not sources:
            continue
        given: set[str] = set()
        for source in sources:
            langs = languages(graph, source)
            assert langs, f"{source} (a source of {s}) states no dct:language"
            given |= langs
        if o.language in given:
            continue
        translates = any(isinstance(x, Literal) and x.language in given for x in graph.objects(s, p))
        found.append((s, p, o, sources, translates))
    return sorted(found, key=lambda t: (str(t[0]), str(t[1]), str(t[2].language), str(t[2])))


def _local_name(iri: URIRef) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def marks(graph: Graph, into: Graph) -> None:
    """Add a mark to ``into`` for each text of ``graph`` that needs one and has no hand-made mark."""
    used: set[URIRef] = set()
    for s, p, o, sources, translates in texts_needing_marks(graph):
        if any((a, DCTERMS.source, PROJECT) in graph for a in axioms_about(graph, s, p, o)):
            continue  # marked by hand, next to the text
        assert str(s).startswith(str(ID)), f"{s}: only the project's own IRIs are expected to need marks"
        base = f"text/{str(s)[len(str(ID)) :]}/{_local_name(p)}/{o.language}"
        node, number = ID[base], 1
        while node in used:
            number += 1
            node = ID[f"{base}/{number}"]
        used.add(node)
        into.add((node, RDF.type, OWL.Axiom))
        into.add((node, RDF.type, TK.ProjectText))
        if translates:
            into.add((node, RDF.type, TK.Translation))
        into.add((node, DCTERMS.source, PROJECT))
        into.add((node, OWL.annotatedSource, s))
        into.add((node, OWL.annotatedProperty, p))
        into.add((node, OWL.annotatedTarget, o))
        for source in sources:
            into.add((node, PROV.wasDerivedFrom, source))
