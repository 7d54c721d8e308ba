"""Every text that no source gives is marked in the data as the project's (translation or own wording).

A text (a literal with a language tag) of a subject that names its sources needs a mark when
none of its sources is in its language: the network's presentation is Finnish, so the English
of a criterion is the project's. The audit of ontology 0.1.0 found 91 such English texts with
no mark. This test reads the graph with its own code (not the tool's that writes the marks).
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, SKOS
from rdflib.term import Node

import terve_kunta as tk
from terve_kunta.namespaces import ID, TK

PROJECT = ID["project"]
Text = tuple[URIRef, URIRef, Literal]


def source_languages(g: Graph, source: Node) -> set[str]:
    found = {str(v) for v in g.objects(source, DCTERMS.language)}
    for whole in g.objects(source, DCTERMS.isPartOf):
        found |= source_languages(g, whole)
    return found


def about(g: Graph, s: Node, p: Node, o: Node) -> list[Node]:
    return [
        a
        for a in g.subjects(OWL.annotatedTarget, o)
        if (a, OWL.annotatedSource, s) in g and (a, OWL.annotatedProperty, p) in g
    ]


def sources_of(g: Graph, s: Node, p: Node, o: Node) -> set[Node]:
    stated = {
        x for a in about(g, s, p, o) if (a, RDF.type, TK.ProjectText) not in g for x in g.objects(a, DCTERMS.source)
    }
    return stated or set(g.objects(s, DCTERMS.source))


def texts_no_source_gives(g: Graph) -> tuple[list[Text], list[Node]]:
    """The texts whose sources are all in other languages; and sources that state no language."""
    found: list[Text] = []
    unknown: list[Node] = []
    for s, p, o in g:
        if not isinstance(o, Literal) or not o.language or p == OWL.annotatedTarget:
            continue
        if (s, DCTERMS.source, PROJECT) in g or (s, DCTERMS.creator, PROJECT) in g:
            continue  # the project's own node: every text of it is the project's
        sources = sources_of(g, s, p, o)
        languages = set().union(*(source_languages(g, x) for x in sources)) if sources else set()
        unknown.extend(x for x in sources if not source_languages(g, x))
        if sources and o.language not in languages:
            assert isinstance(s, URIRef) and isinstance(p, URIRef)
            found.append((s, p, o))
    return found, unknown


def marks(g: Graph) -> dict[Text, Node]:
    found = {}
    for mark in g.subjects(RDF.type, TK.ProjectText):
        s, p, o = (g.value(mark, x) for x in (OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget))
        assert isinstance(s, URIRef) and isinstance(p, URIRef) and isinstance(o, Literal), mark
        found[(s, p, o)] = mark
    return found


def test_no_text_that_no_source_gives_is_left_unmarked(kg: tk.KnowledgeGraph) -> None:
    needing, unknown = texts_no_source_gives(kg.rdf)
    assert not unknown, f"sources without dct:language: {sorted(set(map(str, unknown)))}"
    marked = marks(kg.rdf)
    unmarked = [t for t in needing if t not in marked]
    assert unmarked == [], f"{len(unmarked)} texts no source gives carry no mark: {unmarked[:5]}"
    english = [t for t in needing if t[2].language == "en"]
    assert len(english) >= 91  # the audit's 91, and the texts added since
    assert len(needing) == len(english)  # no Swedish text of the graph is the project's


def test_every_mark_describes_a_text_of_the_graph(kg: tk.KnowledgeGraph) -> None:
    """No stale mark: each marks a triple that is in the graph, names the project and what the text was made from."""
    for (s, p, o), mark in marks(kg.rdf).items():
        assert (s, p, o) in kg.rdf, f"{mark} marks a text that is not in the graph"
        assert (mark, RDF.type, OWL.Axiom) in kg.rdf and (mark, DCTERMS.source, PROJECT) in kg.rdf
        assert set(kg.rdf.objects(mark, PROV.wasDerivedFrom)), mark


def test_a_translation_translates_a_text_its_sources_give_in_another_language(kg: tk.KnowledgeGraph) -> None:
    g = kg.rdf
    needing = set(texts_no_source_gives(g)[0])
    translations = [t for t, mark in marks(g).items() if (mark, RDF.type, TK.Translation) in g]
    assert len(translations) >= 80
    for s, p, o in translations:
        assert (s, p, o) in needing  # a source gives no text in its language
        assert any(isinstance(x, Literal) and x.language != o.language for x in g.objects(s, p))


def test_the_english_of_a_criterion_is_marked_as_the_project_s_translation(kg: tk.KnowledgeGraph) -> None:
    criterion = ID["criterion/joining-decision"]
    texts = {o for o in kg.rdf.objects(criterion, SKOS.definition) if isinstance(o, Literal) and o.language == "en"}
    assert len(texts) == 1
    (mark,) = about(kg.rdf, criterion, SKOS.definition, next(iter(texts)))
    assert (mark, RDF.type, TK.Translation) in kg.rdf
    assert set(kg.rdf.objects(mark, PROV.wasDerivedFrom)) == {ID["source/terve-kunta-presentation-2024-06/slide/8"]}
    finnish = Literal("Verkostoon liittymisestä on valtuuston tai vähintään kunnanhallituksen päätös.", lang="fi")
    assert about(kg.rdf, criterion, SKOS.definition, finnish) == []  # the slide's own words carry no mark


def test_a_planted_english_label_is_found_unmarked(kg: tk.KnowledgeGraph) -> None:
    """The check above can fail: an English label added to a theme (Finnish source only) is reported."""
    theme, slide = ID["theme/wellbeing-economy"], ID["source/terve-kunta-presentation-2024-06/slide/4"]
    g = Graph()
    for node in (theme, slide, ID["source/terve-kunta-presentation-2024-06"]):
        for triple in kg.rdf.triples((node, None, None)):
            g.add(triple)
    planted = (theme, SKOS.altLabel, Literal("wellbeing economy", lang="en"))
    g.add(planted)
    needing, unknown = texts_no_source_gives(g)
    assert unknown == [] and planted in needing and planted not in marks(g)
    assert (
        theme,
        SKOS.prefLabel,
        Literal("Strengthening wellbeing-economy thinking in municipalities", lang="en"),
    ) in needing
