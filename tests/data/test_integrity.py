"""The integrity shapes pass on the shipped data and fire on broken copies of it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, SH, SKOS

import terve_kunta as tk
from terve_kunta.data.integrity import check_integrity
from terve_kunta.namespaces import ID, TK, municipality_iri


def test_shipped_graph_conforms_and_is_not_changed_by_the_check(kg: tk.KnowledgeGraph) -> None:
    before = len(kg.rdf)
    report = check_integrity(kg)
    assert report.conforms, report.text
    assert len(kg.rdf) == before
    assert check_integrity(kg) is report  # kept on the view until the graph changes


def _broken(kg: tk.KnowledgeGraph, change: Callable[[Graph], None]) -> Graph:
    graph = Graph()
    for triple in kg.rdf:
        graph.add(triple)
    change(graph)
    return graph


THEME = ID["theme/wellbeing-economy"]
KUOPIO = municipality_iri("297")


def drop_theme_finnish_label(g: Graph) -> None:
    g.remove((THEME, SKOS.prefLabel, Literal("Hyvinvointitalousajattelun vahvistamisessa kunnissa", lang="fi")))


def drop_member_region(g: Graph) -> None:
    g.remove((KUOPIO, TK.region, None))


def drop_mapping_source(g: Graph) -> None:
    g.remove((ID["mapping/wellbeing-economy/sdg-17.19"], DCTERMS.source, None))


def add_unsourced_mapping(g: Graph) -> None:
    g.add((THEME, SKOS.relatedMatch, URIRef("http://metadata.un.org/sdg/8")))


def drop_membership_interval(g: Graph) -> None:
    g.remove((ID["membership/terve-kunta/municipality/297/1"], ORG.memberDuring, None))


def give_member_a_bad_code(g: Graph) -> None:
    g.set((KUOPIO, DCTERMS.identifier, Literal("297a")))


def drop_criterion_english_text(g: Graph) -> None:
    node = ID["criterion/joining-decision"]
    for text in list(g.objects(node, SKOS.definition)):
        if isinstance(text, Literal) and text.language == "en":
            g.remove((node, SKOS.definition, text))


def drop_concept_source(g: Graph) -> None:
    g.remove((ID["criterion/contact-person"], DCTERMS.source, None))


FAULTS = [
    (drop_theme_finnish_label, THEME, SH.OrConstraintComponent),
    (drop_member_region, KUOPIO, SH.MinCountConstraintComponent),
    (drop_mapping_source, ID["mapping/wellbeing-economy/sdg-17.19"], SH.MinCountConstraintComponent),
    (add_unsourced_mapping, THEME, SH.SPARQLConstraintComponent),
    (drop_membership_interval, ID["membership/terve-kunta/municipality/297/1"], SH.MinCountConstraintComponent),
    (give_member_a_bad_code, KUOPIO, SH.PatternConstraintComponent),
    (drop_criterion_english_text, ID["criterion/joining-decision"], SH.QualifiedMinCountConstraintComponent),
    (drop_concept_source, ID["criterion/contact-person"], SH.MinCountConstraintComponent),
]


@pytest.fixture(scope="module")
def fired(kg: tk.KnowledgeGraph) -> set[tuple[object, object]]:
    """What the check reports on a copy of the graph with every fault planted (one pySHACL run, not one a fault).

    The shipped graph gives no result at all, and no two faults share a focus node
    and constraint component, so each expected result can only come from its own fault.
    """
    assert len({(focus, component) for _, focus, component in FAULTS}) == len(FAULTS)

    def plant_all(graph: Graph) -> None:
        for change, _, _ in FAULTS:
            change(graph)

    report = check_integrity(_broken(kg, plant_all))
    assert not report.conforms
    results = report.results
    return {
        (results.value(r, SH.focusNode), results.value(r, SH.sourceConstraintComponent))
        for r in results.subjects(RDF.type, SH.ValidationResult)
    }


@pytest.mark.parametrize(("change", "focus", "component"), FAULTS, ids=lambda v: getattr(v, "__name__", None))
def test_shape_fires_on_broken_data(
    fired: set[tuple[object, object]], change: Callable[[Graph], None], focus: URIRef, component: URIRef
) -> None:
    assert (focus, component) in fired, fired
