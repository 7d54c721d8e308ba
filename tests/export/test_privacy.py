"""export/privacy.py: what is personal data, decided by the ``tk:personalData`` marks, on small graphs.

The profiles' tests (``test_profiles.py``) show that no exported text holds the people of a
whole graph; these pin each rule of the decision: which marks count, what a mark covers,
and how far personal data spreads from a personal node.
"""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD

from terve_kunta.export.privacy import Privacy, marked_terms
from terve_kunta.namespaces import RDF, RDFS, SCHEMA, TK

EX = "https://example.org/"
PERSON, KUOPIO, REPORT = URIRef(EX + "person/maija"), URIRef(EX + "municipality/297"), URIRef(EX + "report/1")


def graph_of(*triples: tuple[object, object, object]) -> Graph:
    """A graph of ``triples``, added in this order (rdflib's memory store gives them back in it)."""
    graph = Graph()
    for triple in triples:
        graph.add(triple)  # type: ignore[arg-type]
    return graph


def left(privacy: Privacy, graph: Graph) -> set[tuple[object, object, object]]:
    """The triples of ``graph`` that may not leave."""
    return {t for t in graph if not privacy.keeps(*t)}


# ---------------------------------------------------------------------- the marks


def test_the_packaged_ontology_marks_people_and_their_contacts() -> None:
    classes, properties = marked_terms(Graph())
    assert SCHEMA.Person in classes and SCHEMA.Organization not in classes
    assert {SCHEMA.email, SCHEMA.telephone, SCHEMA.givenName, SCHEMA.familyName} <= properties
    assert SCHEMA.name not in properties  # a name is personal only as a person's (the node is)


@pytest.mark.parametrize(
    ("mark", "personal"),
    [
        (Literal(True), True),
        (Literal("true", datatype=XSD.boolean), True),
        (Literal("1", datatype=XSD.boolean), True),
        (Literal(False), False),
        (Literal("true"), False),  # a string, not a boolean
        (Literal(1), False),
        (URIRef(EX + "true"), False),
    ],
)
def test_only_a_true_boolean_marks_a_term(mark: Literal | URIRef, personal: bool) -> None:
    nickname = URIRef(EX + "nickname")
    graph = graph_of((REPORT, nickname, Literal("Mape")), (nickname, TK.personalData, mark))
    assert (nickname in marked_terms(graph)[1]) is personal
    assert Privacy.of(graph).keeps(REPORT, nickname, Literal("Mape")) is not personal


def test_what_is_below_a_marked_term_is_marked_at_any_depth() -> None:
    staff, official = URIRef(EX + "Staff"), URIRef(EX + "Official")
    work_email, office_email = URIRef(EX + "workEmail"), URIRef(EX + "officeEmail")
    other = URIRef(EX + "Other")
    graph = graph_of(
        (official, RDFS.subClassOf, staff),
        (staff, RDFS.subClassOf, SCHEMA.Person),
        (office_email, RDFS.subPropertyOf, work_email),
        (work_email, RDFS.subPropertyOf, SCHEMA.email),
        (other, RDFS.subClassOf, URIRef(EX + "Thing")),
        (staff, RDFS.subClassOf, official),  # a cycle ends
    )
    classes, properties = marked_terms(graph)
    assert {SCHEMA.Person, staff, official} <= classes and other not in classes
    assert {SCHEMA.email, work_email, office_email} <= properties
    assert official not in properties and work_email not in classes  # each relation in its own kind


# ---------------------------------------------------------------------- what a mark covers


def test_every_triple_about_or_to_a_person_stays() -> None:
    graph = graph_of(
        (PERSON, RDF.type, SCHEMA.Person),
        (PERSON, SCHEMA.name, Literal("Maija Meikäläinen")),
        (REPORT, SCHEMA.author, PERSON),
        (REPORT, RDF.type, SCHEMA.Report),
        (REPORT, SCHEMA.name, Literal("Maija Meikäläinen")),  # the same literal elsewhere is no person
    )
    privacy = Privacy.of(graph)
    assert privacy.nodes == {PERSON} and privacy.properties == frozenset()
    assert not privacy.empty
    assert left(privacy, graph) == {
        (PERSON, RDF.type, SCHEMA.Person),
        (PERSON, SCHEMA.name, Literal("Maija Meikäläinen")),
        (REPORT, SCHEMA.author, PERSON),
    }


def test_a_marked_property_stays_with_its_values_wherever_it_is_used() -> None:
    mailbox = URIRef("mailto:maija@example.org")
    graph = graph_of(
        (KUOPIO, SCHEMA.email, Literal("maija@example.org")),
        (KUOPIO, RDF.type, SCHEMA.Organization),
        (REPORT, SCHEMA.email, mailbox),
        (mailbox, RDFS.label, Literal("Maija's mailbox")),
        (REPORT, RDFS.comment, Literal("maija@example.org")),  # the literal is no node
    )
    privacy = Privacy.of(graph)
    assert privacy.properties == {SCHEMA.email}  # the marked ones used here, not all of them
    assert privacy.nodes == {mailbox}
    assert not privacy.empty
    assert left(privacy, graph) == {
        (KUOPIO, SCHEMA.email, Literal("maija@example.org")),
        (REPORT, SCHEMA.email, mailbox),
        (mailbox, RDFS.label, Literal("Maija's mailbox")),
    }


def test_a_graph_without_people_keeps_everything() -> None:
    graph = graph_of((KUOPIO, RDF.type, SCHEMA.Organization), (KUOPIO, SCHEMA.name, Literal("Kuopio")))
    privacy = Privacy.of(graph)
    assert privacy.empty and privacy.nodes == frozenset() and privacy.properties == frozenset()
    assert left(privacy, graph) == set()


def test_the_description_of_a_personal_class_is_no_personal_data() -> None:
    graph = graph_of(
        (SCHEMA.Person, RDFS.label, Literal("person")),
        (PERSON, RDF.type, SCHEMA.Person),
        (SCHEMA.email, RDFS.label, Literal("e-mail address")),
    )
    privacy = Privacy.of(graph)
    assert privacy.nodes == {PERSON}
    assert privacy.keeps(SCHEMA.Person, RDFS.label, Literal("person"))
    assert privacy.keeps(SCHEMA.email, RDFS.label, Literal("e-mail address"))


# ---------------------------------------------------------------------- how far it spreads


def test_personal_data_spreads_to_what_only_a_person_reaches() -> None:
    address, geo, page = BNode(), BNode(), URIRef(EX + "pages/maija")
    graph = graph_of(
        (PERSON, RDF.type, SCHEMA.Person),  # first: what is skipped does not end the walk
        (PERSON, SCHEMA.name, Literal("Maija")),
        (PERSON, SCHEMA.address, address),
        (address, SCHEMA.streetAddress, Literal("Testikatu 1")),
        (address, SCHEMA.geo, geo),  # reached through the address only: two steps away
        (geo, SCHEMA.latitude, Literal("62.89")),
        (PERSON, SCHEMA.url, page),  # an IRI without a type, reached through the person only
        (page, RDFS.label, Literal("Maija's page")),
    )
    privacy = Privacy.of(graph)
    assert privacy.nodes == {PERSON, address, geo, page}
    assert left(privacy, graph) == set(graph)


def test_personal_data_does_not_spread_to_what_others_reach_or_to_entities() -> None:
    shared, works_for = BNode(), URIRef(EX + "unit/health")
    graph = graph_of(
        (PERSON, RDF.type, SCHEMA.Person),
        (PERSON, SCHEMA.worksFor, KUOPIO),  # an entity of its own (it has a type)
        (KUOPIO, RDF.type, SCHEMA.Organization),
        (PERSON, SCHEMA.memberOf, works_for),  # typed, and only the person points to it
        (works_for, RDF.type, SCHEMA.Organization),
        (PERSON, SCHEMA.location, shared),  # a blank node that a report reaches too
        (REPORT, SCHEMA.location, shared),
        (shared, SCHEMA.name, Literal("Kuopio")),
    )
    privacy = Privacy.of(graph)
    assert privacy.nodes == {PERSON}
    for kept in [(KUOPIO, RDF.type, SCHEMA.Organization), (works_for, RDF.type, SCHEMA.Organization)]:
        assert privacy.keeps(*kept)
    assert privacy.keeps(shared, SCHEMA.name, Literal("Kuopio")) and privacy.keeps(REPORT, SCHEMA.location, shared)


def test_a_personal_value_spreads_like_a_person() -> None:
    mailbox, note = URIRef("mailto:maija@example.org"), BNode()
    graph = graph_of((REPORT, SCHEMA.email, mailbox), (mailbox, RDFS.comment, note), (note, RDFS.label, Literal("x")))
    assert Privacy.of(graph).nodes == {mailbox, note}


def test_a_term_that_is_no_iri_or_blank_node_never_becomes_personal() -> None:
    # rdflib lets a formula hold a variable; it names nothing, so it is no personal node
    graph = graph_of((PERSON, RDF.type, SCHEMA.Person), (PERSON, SCHEMA.knows, Variable("x")))
    assert Privacy.of(graph).nodes == {PERSON}
