"""The integrity shapes pass on the shipped data and fire on broken copies of it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, TIME
from rdflib.term import Node

import terve_kunta as tk
from terve_kunta.data.files import shapes_graph
from terve_kunta.data.integrity import check_integrity
from terve_kunta.namespaces import GRAPH, ID, TK, municipality_iri


@pytest.mark.xdist_group("integrity-of-kg")  # the session graph's integrity report (3 s), made once
def test_shipped_graph_conforms_and_is_not_changed_by_the_check(kg: tk.KnowledgeGraph) -> None:
    before = len(kg.rdf)
    assert tk.check_integrity is check_integrity and "check_integrity" in tk.__all__  # importable from the top
    report = tk.check_integrity(kg)
    assert report.conforms, report.text
    assert len(kg.rdf) == before
    assert check_integrity(kg) is report  # kept on the view until the graph changes


def test_a_dataset_is_checked_as_the_union_of_its_graphs() -> None:
    """pySHACL would check each named graph of a dataset alone: the check reads their union.

    The axiom's parts are in two graphs: each alone breaks no maximum, their union has two
    sources and no ``dct:source``. A plain graph of the same triples gives the same results.
    """
    axiom = URIRef("urn:example:axiom")
    first, second = ((axiom, RDF.type, OWL.Axiom), (axiom, OWL.annotatedSource, URIRef("urn:example:a")),
                     (axiom, OWL.annotatedProperty, SKOS.relatedMatch),
                     (axiom, OWL.annotatedTarget, URIRef("urn:example:b"))), (
                     (axiom, OWL.annotatedSource, URIRef("urn:example:c")),)  # fmt: skip
    datasets = Dataset(), Dataset(default_union=True)  # rdflib's default: triples() reads the default graph alone
    for dataset in datasets:
        for name, triples in (("urn:example:g1", first), ("urn:example:g2", second)):
            part = dataset.graph(URIRef(name))
            for triple in triples:
                part.add(triple)
    plain, subclassed = Graph(), type("MyGraph", (Graph,), {})()  # a subclass's triples are read, not its store
    for triple in (*first, *second):
        plain.add(triple)
        subclassed.add(triple)

    def found(graph: Graph) -> set[tuple[Node | None, Node | None, Node | None]]:
        results = check_integrity(graph).results
        return {
            (
                results.value(r, SH.focusNode),
                results.value(r, SH.resultPath),
                results.value(r, SH.sourceConstraintComponent),
            )
            for r in results.subjects(RDF.type, SH.ValidationResult)
        }

    expected = {
        (axiom, OWL.annotatedSource, SH.MaxCountConstraintComponent),
        (axiom, DCTERMS.source, SH.MinCountConstraintComponent),
    }
    assert [found(dataset) for dataset in datasets] == [expected, expected]
    assert found(plain) == found(subclassed) == expected


#: SHACL Advanced Features (W3C Note 2017, and its 1.2 draft): what pySHACL's ``advanced=True`` adds.
ADVANCED_FEATURES = {
    URIRef(f"{SH}{name}")  # some are not in rdflib's closed SH namespace
    for name in (
        "rule", "target", "SPARQLTarget", "SPARQLTargetType", "JSTarget", "JSTargetType", "TripleRule", "SPARQLRule",
        "JSRule", "condition", "expression", "SPARQLFunction", "JSFunction", "values", "filterShape", "intersection",
        "union", "nodes", "this", "ExpressionConstraintComponent", "returnType", "subject", "predicate", "object",
    )
}  # fmt: skip


def test_the_shapes_use_no_advanced_feature_that_the_check_would_ignore() -> None:
    """The check runs pySHACL without its advanced features (faster): a shape that needed one would be ignored."""
    shapes = shapes_graph("integrity")
    used = {term for triple in shapes for term in triple if isinstance(term, URIRef)}
    assert not used & ADVANCED_FEATURES
    assert {SH.sparql, SH.select, SH.NodeShape} <= used  # the check would see the terms if they were there


TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)


def test_the_property_shapes_of_a_node_shape_are_checked_on_its_targets_once() -> None:
    """The targets sit on the property shapes, the same on each, or on a node shape that has a constraint of its own.

    SHACL gives the same results either way; pySHACL checks a targeted property shape once
    for all its focus nodes, a nested one once per focus node (the check took 1.6 times as
    long). A property shape without the targets of its siblings would never be checked; one
    with targets inside a targeted node shape would be checked twice.
    """
    shapes = shapes_graph("integrity")

    def targets(shape: Node) -> frozenset[tuple[Node, Node]]:
        return frozenset((p, o) for p in TARGETS for o in shapes.objects(shape, p))

    used = set(shapes.objects(None, SH.node))  # checked on the values of another shape, its targets ignored
    own_constraints = {SH["or"], SH.sparql}
    kept = set()
    for node in set(shapes.subjects(SH.property, None)):
        on_properties = {targets(prop) for prop in shapes.objects(node, SH.property)}
        if node in used:
            assert not targets(node) and on_properties == {frozenset()}, node
        elif targets(node):
            assert on_properties == {frozenset()}, node
            assert set(shapes.predicates(node)) & own_constraints, node
            kept.add(node)
        else:
            assert len(on_properties) == 1 and frozenset() not in on_properties, (node, on_properties)
    assert kept == {URIRef("https://w3id.org/terve-kunta/shapes/integrity#ConceptShape")}


def _broken(kg: tk.KnowledgeGraph, change: Callable[[Graph], None]) -> Graph:
    graph = Graph()
    for triple in kg.rdf:
        graph.add(triple)
    change(graph)
    return graph


THEME = ID["theme/wellbeing-economy"]
KUOPIO = municipality_iri("297")
WHO_PHASE = ID["who-phase/5"]
DATASET = GRAPH["data/network"]


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


# ---------------------------------------------------------------------- what the audit of 0.1.0 found unchecked


def drop_who_phase_source(g: Graph) -> None:
    g.remove((WHO_PHASE, DCTERMS.source, None))


def drop_organization_source(g: Graph) -> None:
    g.remove((ID["organization/thl"], DCTERMS.source, None))


def add_second_english_label_to_criterion(g: Graph) -> None:
    g.add((ID["criterion/wellbeing-coordinator"], SKOS.prefLabel, Literal("A wellbeing coordinator", lang="en")))


def drop_scheme_labels(g: Graph) -> None:
    g.remove((ID["scheme/roles"], SKOS.prefLabel, None))


def drop_dataset_licence(g: Graph) -> None:
    g.remove((DATASET, DCTERMS.license, None))


# ---------------------------------------------------------------------- the sources of single facts


def drop_instant_source(g: Graph) -> None:
    """Haapavesi's start in the network (2008, the town's page) loses its own source."""
    interval = g.value(ID["membership/terve-kunta/municipality/071/1"], ORG.memberDuring)
    g.remove((g.value(interval, TIME.hasBeginning), DCTERMS.source, None))


def drop_statement_source(g: Graph) -> None:
    g.remove((ID["who-phase/7/stated-end/2025"], DCTERMS.source, None))


def drop_member_count_source(g: Graph) -> None:
    g.remove((ID["member-count/terve-kunta/2020-11"], DCTERMS.source, None))


def drop_heading_source(g: Graph) -> None:
    g.remove((ID["criterion-heading/municipality-commits"], DCTERMS.source, None))


def name_a_post_holder(g: Graph) -> None:
    g.add((ID["post/terve-kunta/chair"], ORG.heldBy, URIRef("https://example.org/a-person")))


def drop_translation_origin(g: Graph) -> None:
    g.remove((ID["text/criterion/joining-decision/definition/en"], PROV.wasDerivedFrom, None))


def leave_a_criterion_without_heading(g: Graph) -> None:
    g.remove((None, SKOS.member, ID["criterion/statutory-health-promotion"]))


FAULTS = [
    (drop_theme_finnish_label, THEME, SH.OrConstraintComponent),
    (drop_member_region, KUOPIO, SH.MinCountConstraintComponent),
    (drop_mapping_source, ID["mapping/wellbeing-economy/sdg-17.19"], SH.MinCountConstraintComponent),
    (add_unsourced_mapping, THEME, SH.SPARQLConstraintComponent),
    (drop_membership_interval, ID["membership/terve-kunta/municipality/297/1"], SH.MinCountConstraintComponent),
    (give_member_a_bad_code, KUOPIO, SH.PatternConstraintComponent),
    (drop_criterion_english_text, ID["criterion/joining-decision"], SH.QualifiedMinCountConstraintComponent),
    (drop_concept_source, ID["criterion/contact-person"], SH.MinCountConstraintComponent),
    (drop_who_phase_source, WHO_PHASE, SH.MinCountConstraintComponent),
    (drop_organization_source, ID["organization/thl"], SH.MinCountConstraintComponent),
    (add_second_english_label_to_criterion, ID["criterion/wellbeing-coordinator"], SH.UniqueLangConstraintComponent),
    (drop_scheme_labels, ID["scheme/roles"], SH.QualifiedMinCountConstraintComponent),
    (drop_dataset_licence, DATASET, SH.MinCountConstraintComponent),
    (drop_instant_source, ID["membership/terve-kunta/municipality/071/1"], SH.NodeConstraintComponent),
    (drop_statement_source, ID["who-phase/7/stated-end/2025"], SH.MinCountConstraintComponent),
    (drop_member_count_source, ID["member-count/terve-kunta/2020-11"], SH.MinCountConstraintComponent),
    (drop_heading_source, ID["criterion-heading/municipality-commits"], SH.MinCountConstraintComponent),
    (name_a_post_holder, ID["post/terve-kunta/chair"], SH.MaxCountConstraintComponent),
    (drop_translation_origin, ID["text/criterion/joining-decision/definition/en"], SH.MinCountConstraintComponent),
    (
        leave_a_criterion_without_heading,
        ID["criterion/statutory-health-promotion"],
        SH.QualifiedMinCountConstraintComponent,
    ),
]


# ---------------------------------------------------------------------- mappings (MappedThemeShape, SHACL-SPARQL)

SDG = "http://metadata.un.org/sdg/"
PRESENTATION = ID["source/terve-kunta-presentation-2024-06/slide/3"]


def theme(name: str) -> URIRef:
    return ID[f"theme/{name}"]


def mapping(name: str, target: str) -> URIRef:
    return ID[f"mapping/{name}/{target}"]


def source_a_mapping_elsewhere(g: Graph) -> None:
    """The axiom names a source, but not the project: the mapping would be someone else's assertion."""
    g.set((mapping("ngo-cooperation", "sdg-17.17"), DCTERMS.source, PRESENTATION))


def give_a_rationale_only_in_finnish(g: Graph) -> None:
    axiom = mapping("network-development", "sdg-17")
    rationale = g.value(axiom, RDFS.comment)
    g.set((axiom, RDFS.comment, Literal(str(rationale), lang="fi")))


def map_with_another_property_than_the_axiom(g: Graph) -> None:
    g.remove((theme("supporting-municipalities"), SKOS.relatedMatch, URIRef(f"{SDG}3")))
    g.add((theme("supporting-municipalities"), SKOS.closeMatch, URIRef(f"{SDG}3")))


def point_the_axiom_at_another_target(g: Graph) -> None:
    g.set((mapping("web-courses-and-training", "sdg-3"), OWL.annotatedTarget, URIRef(f"{SDG}4")))


def move_the_axiom_to_another_theme(g: Graph) -> None:
    g.set((mapping("wellbeing-in-strategic-management", "sdg-11.3"), OWL.annotatedSource, theme("ngo-cooperation")))


def add_unsourced_broad_and_narrow_matches(g: Graph) -> None:
    g.add((theme("municipality-county-cooperation"), SKOS.broadMatch, URIRef(f"{SDG}17")))
    g.add((theme("municipality-county-cooperation"), SKOS.narrowMatch, URIRef(f"{SDG}17.17")))  # sourced as related


def add_what_the_mapping_shape_accepts(g: Graph) -> None:
    """Not faults: an exactMatch (not a mapping the shape asks about), a second, Finnish rationale, a second source."""
    g.add((theme("municipality-county-cooperation"), SKOS.exactMatch, URIRef(f"{SDG}16")))
    g.add((mapping("wellbeing-economy", "who-theme-prosperity"), RDFS.comment, Literal("Perustelu.", lang="fi")))
    g.add((mapping("network-development", "who-theme-participation"), DCTERMS.source, PRESENTATION))


MAPPING_CHANGES = [
    source_a_mapping_elsewhere,
    give_a_rationale_only_in_finnish,
    map_with_another_property_than_the_axiom,
    point_the_axiom_at_another_target,
    move_the_axiom_to_another_theme,
    add_unsourced_broad_and_narrow_matches,
    add_what_the_mapping_shape_accepts,
]

#: (focus, path, value) of every mapping without its editorial axiom once FAULTS and MAPPING_CHANGES are planted.
UNSOURCED_MAPPINGS = {
    (THEME, SKOS.relatedMatch, URIRef(f"{SDG}8")),  # add_unsourced_mapping
    (THEME, SKOS.relatedMatch, URIRef(f"{SDG}17.19")),  # drop_mapping_source
    (theme("ngo-cooperation"), SKOS.relatedMatch, URIRef(f"{SDG}17.17")),
    (theme("network-development"), SKOS.relatedMatch, URIRef(f"{SDG}17")),
    (theme("supporting-municipalities"), SKOS.closeMatch, URIRef(f"{SDG}3")),
    (theme("web-courses-and-training"), SKOS.relatedMatch, URIRef(f"{SDG}3")),
    (theme("wellbeing-in-strategic-management"), SKOS.relatedMatch, URIRef(f"{SDG}11.3")),
    (theme("municipality-county-cooperation"), SKOS.broadMatch, URIRef(f"{SDG}17")),
    (theme("municipality-county-cooperation"), SKOS.narrowMatch, URIRef(f"{SDG}17.17")),
}


@pytest.fixture(scope="module")
def faulty_results(kg: tk.KnowledgeGraph) -> Graph:
    """What the check reports on a copy of the graph with every fault planted (one pySHACL run, not one a fault)."""

    def plant_all(graph: Graph) -> None:
        for change, _, _ in FAULTS:
            change(graph)
        for change in MAPPING_CHANGES:
            change(graph)

    report = check_integrity(_broken(kg, plant_all))
    assert not report.conforms
    return report.results


@pytest.fixture(scope="module")
def fired(faulty_results: Graph) -> set[tuple[object, object]]:
    """The (focus node, constraint component) of every result on the graph with every fault planted.

    The shipped graph gives no result at all, and no two faults share a focus node
    and constraint component, so each expected result can only come from its own fault.
    """
    assert len({(focus, component) for _, focus, component in FAULTS}) == len(FAULTS)
    results = faulty_results
    return {
        (results.value(r, SH.focusNode), results.value(r, SH.sourceConstraintComponent))
        for r in results.subjects(RDF.type, SH.ValidationResult)
    }


def test_the_mapping_shape_reports_exactly_the_mappings_without_their_editorial_axiom(faulty_results: Graph) -> None:
    """Each part of the axiom counts: its subject, property, target, the project as source, a rationale in English."""
    results = faulty_results
    shape = URIRef("https://w3id.org/terve-kunta/shapes/integrity#MappedThemeShape")
    found = [r for r in results.subjects(SH.sourceShape, shape)]
    assert {
        (results.value(r, SH.focusNode), results.value(r, SH.resultPath), results.value(r, SH.value)) for r in found
    } == UNSOURCED_MAPPINGS
    assert len(found) == len(UNSOURCED_MAPPINGS)
    assert {results.value(r, SH.sourceConstraintComponent) for r in found} == {SH.SPARQLConstraintComponent}
    assert {str(results.value(r, SH.resultMessage)) for r in found} == {
        "This mapping has no owl:Axiom that names this project as its source and gives its rationale in English: "
        "a mapping is an editorial assertion, not WHO's or the UN's."
    }


@pytest.mark.parametrize(("change", "focus", "component"), FAULTS, ids=lambda v: getattr(v, "__name__", None))
def test_shape_fires_on_broken_data(
    fired: set[tuple[object, object]], change: Callable[[Graph], None], focus: URIRef, component: URIRef
) -> None:
    assert (focus, component) in fired, fired


#: Types of what describes the graph's facts rather than states them: the sources, the terms, the files.
DESCRIPTIONS = {
    URIRef("http://purl.org/dc/terms/BibliographicResource"),
    PROV.Entity,
    PROV.SoftwareAgent,
    URIRef("http://www.w3.org/2002/07/owl#Class"),
    URIRef("http://www.w3.org/2002/07/owl#ObjectProperty"),
    URIRef("http://www.w3.org/2002/07/owl#DatatypeProperty"),
    URIRef("http://www.w3.org/2002/07/owl#AnnotationProperty"),
    URIRef("http://www.w3.org/2002/07/owl#Ontology"),
    URIRef("http://www.w3.org/ns/dcat#Dataset"),
    DCTERMS.LicenseDocument,
    TIME.Instant,
    TIME.Interval,
}


def test_the_shapes_ask_a_source_of_every_fact(kg: tk.KnowledgeGraph) -> None:
    """Every typed node of the graph is targeted by a shape that asks for its source, or describes the graph."""
    shapes = shapes_graph("integrity")
    asking = set()
    for shape in set(shapes.subjects(SH.targetClass, None)):  # a node shape, or a property shape with targets
        for prop in [shape, *shapes.objects(shape, SH.property)]:
            if shapes.value(prop, SH.path) == DCTERMS.source and shapes.value(prop, SH.minCount) is not None:
                asking |= set(shapes.objects(shape, SH.targetClass))

    def covered(cls: Node, seen: frozenset[Node] = frozenset()) -> bool:
        return cls in asking or any(
            covered(parent, seen | {cls}) for parent in kg.rdf.objects(cls, RDFS.subClassOf) if parent not in seen
        )

    unchecked = set()
    for node in set(kg.rdf.subjects(RDF.type, None)):
        types = set(kg.rdf.objects(node, RDF.type))
        if not any(covered(t) for t in types) and not types <= DESCRIPTIONS:
            unchecked.add((str(node), tuple(sorted(map(str, types)))))
    assert unchecked == set()
