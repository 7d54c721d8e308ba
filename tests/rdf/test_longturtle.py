"""rdf/_longturtle.py writes exactly what rdflib's ``longturtle`` serialiser writes, or hands the graph back to it.

The shipped files (tests/data/test_files.py) and the registry (tests/test_registry.py) are
compared through :func:`canonical_turtle`; here graphs of every shape the serialiser
distinguishes: nesting, shared and cyclic blank nodes, lists, literal forms, names that
need escapes or cannot be prefixed, ``rdfs:Class`` subjects and the predicate order.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import ORG, RDF, RDFS, SKOS, TIME, XSD
from rdflib.term import Node

from terve_kunta.namespaces import DCTERMS, ID, TK
from terve_kunta.rdf._longturtle import longturtle
from terve_kunta.rdf.canonical import canonical_turtle, new_graph

Triple = tuple[Node, Node, Node]


def rdflib_text(triples: Sequence[Triple]) -> str:
    return new_graph(triples).serialize(format="longturtle")


def assert_same(triples: Sequence[Triple]) -> str:
    text = longturtle(triples, new_graph())
    assert text is not None
    assert text == rdflib_text(triples)
    return text


def rdf_list(items: list[Node]) -> tuple[Node, list[Triple]]:
    head: Node = RDF.nil
    triples: list[Triple] = []
    for item in reversed(items):
        node = BNode()
        triples += [(node, RDF.first, item), (node, RDF.rest, head)]
        head = node
    return head, triples


A, B, C = ID["a"], ID["b"], ID["c"]


def test_nested_shared_and_lonely_blank_nodes() -> None:
    inner, shared, lonely, interval = BNode("inner"), BNode("shared"), BNode("lonely"), BNode("interval")
    text = assert_same(
        [
            (A, ORG.memberDuring, interval),  # one object: nested
            (interval, RDF.type, TIME.Interval),
            (interval, TIME.inside, inner),
            (interval, TIME.inside, BNode("second")),  # several objects, blank nodes first
            (interval, TIME.inside, Literal("x")),
            (inner, RDFS.label, Literal("inner")),
            (BNode("second"), RDFS.label, Literal("second")),
            (A, DCTERMS.source, shared),  # referenced twice: written by name
            (B, DCTERMS.source, shared),
            (shared, RDFS.label, Literal("shared")),
            (lonely, RDFS.label, Literal("nobody points here")),  # no reference: "[]"
            (lonely, RDF.type, ORG.Organization),
        ]
    )
    assert "\n[]" in text and "_:shared" in text


def test_blank_nodes_in_a_cycle_and_pointing_at_themselves() -> None:
    x, y, z = BNode("x"), BNode("y"), BNode("z")
    assert_same([(x, RDFS.seeAlso, y), (y, RDFS.seeAlso, x), (z, RDFS.seeAlso, z), (A, RDFS.seeAlso, x)])


def test_lists_valid_nested_empty_and_broken() -> None:
    inner_head, inner = rdf_list([Literal(1), Literal(2)])
    head, outer = rdf_list([Literal("en"), BNode("item"), inner_head, A])
    broken_head, broken = rdf_list([Literal("a"), Literal("b")])
    text = assert_same(
        [
            (A, SKOS.member, head),
            *outer,
            *inner,
            (BNode("item"), RDFS.label, Literal("in a list")),
            (B, SKOS.member, RDF.nil),
            (C, SKOS.member, broken_head),
            *broken,
            (broken_head, RDFS.comment, Literal("a list node with a third statement is no list")),
        ]
    )
    assert "()" in text and " (\n" in text


def test_literals_of_every_form() -> None:
    values = [
        Literal("plain"),
        Literal('with "quotes"\nand a newline'),
        Literal("Helsingfors", lang="sv"),
        Literal("x", datatype=XSD.string),
        Literal(7),
        Literal(-0),
        Literal(Decimal("1.50")),
        Literal(1.5),
        Literal(True),
        Literal("2024-06", datatype=XSD.gYearMonth),
        Literal("not a date", datatype=XSD.date),
        Literal("x", datatype=URIRef("https://example.org/datatype")),
        Literal("lone surrogate \ud800"),
    ]
    special = [(B, RDFS.comment, Literal(float("inf"))), (C, RDFS.comment, Literal(float("nan")))]  # no plain form
    assert_same([(A, RDFS.comment, value) for value in values] + special)


def test_names_that_need_escapes_or_no_prefix() -> None:
    assert_same(
        [
            (ID["a(b)"], RDFS.seeAlso, ID["50%off"]),
            (ID["ends."], RDFS.seeAlso, ID["100%25"]),
            (URIRef(str(TK._NS)), RDFS.seeAlso, URIRef(str(ID))),  # a namespace itself
            (URIRef("https://example.org/nowhere/x"), RDFS.seeAlso, URIRef("urn:isbn:951")),
            (A, RDFS.seeAlso, URIRef("https://example.org/")),
        ]
    )


def test_classes_first_and_type_and_label_before_other_predicates() -> None:
    assert_same(
        [
            (C, RDF.type, RDFS.Class),
            (A, RDF.type, RDFS.Class),
            (A, RDFS.comment, Literal("comment")),
            (A, RDFS.label, Literal("label")),
            (B, SKOS.prefLabel, Literal("b")),
            (B, RDF.type, TK.Municipality),
            (B, RDF.type, SKOS.Concept),
            (B, TK.region, A),  # referenced subjects come after unreferenced ones
            (BNode("q"), RDF.type, RDFS.Class),
            (A, RDF.value, Literal("rdf:value")),
        ]
    )


def test_empty_graph() -> None:
    assert assert_same([]) == ""


def test_a_predicate_that_needs_a_generated_prefix_is_left_to_rdflib() -> None:
    triples: list[Triple] = [(A, URIRef("https://example.org/vocab#p"), Literal("x"))]
    assert longturtle(triples, new_graph()) is None
    graph = new_graph(triples)
    text = canonical_turtle(graph)
    assert text == rdflib_text(triples) and "PREFIX ns1: <https://example.org/vocab#>" in text


def test_a_blank_node_as_predicate_is_left_to_rdflib() -> None:
    assert longturtle([(A, BNode("p"), Literal("x")), (B, RDFS.label, Literal("b"))], new_graph()) is None


def test_a_prefix_starting_with_an_underscore_is_left_to_rdflib() -> None:
    names = new_graph()
    names.bind("_x", "https://example.org/x/")
    assert longturtle([(URIRef("https://example.org/x/a"), RDFS.label, Literal("a"))], names) is None


_SUBJECTS = st.sampled_from([A, B, C, BNode("b1"), BNode("b2"), BNode("b3")])
_PREDICATES = st.sampled_from([RDF.type, RDFS.label, RDFS.seeAlso, SKOS.prefLabel, RDF.first, RDF.rest, TK.region])
_OBJECTS = st.one_of(
    _SUBJECTS,
    st.sampled_from([RDF.nil, RDFS.Class, TK.Municipality]),
    st.builds(Literal, st.text(max_size=3)),
    st.builds(Literal, st.integers(-3, 3)),
    st.builds(lambda t, lang: Literal(t, lang=lang), st.text(max_size=2), st.sampled_from(["fi", "sv", "en"])),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_SUBJECTS, _PREDICATES, _OBJECTS), max_size=14))
def test_any_small_graph_is_written_as_rdflib_writes_it(triples: list[Triple]) -> None:
    assert_same(triples)
