"""rdf/terms.py: which Python values become which RDF terms, which IRIs and tags are refused, and how a term is
written into query text so that it stays one value.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.term import Node

from terve_kunta.errors import TermError
from terve_kunta.rdf.terms import check_iri, from_oxigraph, sparql_term, to_oxigraph, to_python, to_term


@pytest.mark.parametrize(
    ("value", "term"),
    [
        ("297", Literal("297")),  # text is a literal, never an IRI
        ("https://example.org/x", Literal("https://example.org/x")),
        (12, Literal(12)),
        (1.5, Literal(1.5)),
        (Decimal("1.50"), Literal(Decimal("1.50"))),
        (True, Literal(True)),
        (date(2025, 1, 1), Literal(date(2025, 1, 1))),
        (datetime(2025, 1, 1, 12, 0), Literal(datetime(2025, 1, 1, 12, 0))),
        (URIRef("https://example.org/x"), URIRef("https://example.org/x")),
        (Literal("x", lang="fi"), Literal("x", lang="fi")),
        (BNode("b0"), BNode("b0")),
    ],
)
def test_a_value_becomes_the_term_its_type_says(value: object, term: Node) -> None:
    made = to_term(value)
    assert made == term and type(made) is type(term)
    if isinstance(made, Literal) and isinstance(term, Literal):
        assert made.datatype == term.datatype


def test_a_boolean_is_a_boolean_not_a_number() -> None:
    made = to_term(True)
    assert isinstance(made, Literal) and made.datatype == XSD.boolean


@pytest.mark.parametrize("value", [None, [1], {"a": 1}, object(), b"bytes"])
def test_a_value_that_is_no_term_is_refused(value: object) -> None:
    with pytest.raises(TermError, match=rf"^cannot bind a {type(value).__name__} as an RDF term: "):
        to_term(value)


@pytest.mark.parametrize("iri", ["https://example.org/a", "urn:x:a", "mailto:a@example.org", "https://ex.org/ä"])
def test_an_absolute_iri_is_taken(iri: str) -> None:
    assert check_iri(iri) == iri
    assert to_term(URIRef(iri)) == URIRef(iri)


@pytest.mark.parametrize(
    "iri", ["", "relative/path", "https://example.org/a b", "https://example.org/<a>", 'https://x/"', "https://x/{a}",
            "https://x/a|b", "https://x/^", "https://x/`", "https://x/\\", "https://x/\n"],
)  # fmt: skip
def test_an_iri_that_is_not_absolute_or_holds_what_no_iri_may_is_refused(iri: str) -> None:
    with pytest.raises(TermError, match=r"^not a valid absolute IRI: "):
        check_iri(iri)
    with pytest.raises(TermError):
        to_term(URIRef(iri))


@pytest.mark.parametrize(
    ("term", "value"),
    [
        (None, None),
        (Literal(12), 12),
        (Literal("2024", datatype=XSD.gYear), "2024"),  # no Python value: its text
        (Literal("x", lang="fi"), "x"),
        (URIRef("https://example.org/x"), "https://example.org/x"),
        (BNode("b0"), "b0"),
    ],
)
def test_a_result_term_becomes_a_plain_value(term: object, value: object) -> None:
    assert to_python(term) == value  # type: ignore[arg-type]
    assert type(to_python(term)) is type(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("term", "text"),
    [
        (URIRef("https://example.org/x"), "<https://example.org/x>"),
        (Literal('say "hi" }'), '"say \\"hi\\" }"'),
        (Literal("a\\b\nc\rd\te"), '"a\\\\b\\nc\\rd\\te"'),
        (Literal("x", lang="fi"), '"x"@fi'),
        (Literal("x", lang="en-GB"), '"x"@en-GB'),
        (Literal("x", datatype=XSD.string), '"x"'),
        (Literal("x"), '"x"'),
        (Literal(12), '"12"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    ],
)
def test_a_term_is_written_as_one_escaped_value(term: object, text: str) -> None:
    assert sparql_term(term) == text  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("term", "message"),
    [
        (Literal("x", datatype=URIRef("urn:x:t> . <urn:x:u")), "not a valid absolute IRI"),
        (URIRef("urn:x:a> . ?s ?p <urn:x:b"), "not a valid absolute IRI"),
        (BNode("b0"), "cannot write a BNode into a query"),
        (Variable("x"), "cannot write a Variable into a query"),
    ],
)
def test_what_would_not_stay_one_value_is_refused(term: object, message: str) -> None:
    with pytest.raises(TermError, match=message):
        sparql_term(term)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("term", "oxigraph"),
    [
        (URIRef("urn:x:a"), ox.NamedNode("urn:x:a")),
        (BNode("b0"), ox.BlankNode("b0")),
        (Literal("x", lang="fi"), ox.Literal("x", language="fi")),
        (Literal("12", datatype=XSD.integer), ox.Literal("12", datatype=ox.NamedNode(str(XSD.integer)))),
        (Literal("x"), ox.Literal("x")),
    ],
)
def test_terms_go_to_oxigraph_and_come_back_as_they_were(term: Node, oxigraph: object) -> None:
    assert to_oxigraph(term) == oxigraph
    back = from_oxigraph(oxigraph)
    assert back == term and type(back) is type(term)
    if isinstance(back, Literal) and isinstance(term, Literal):
        assert (back.language, back.datatype) == (term.language, term.datatype)


def test_terms_neither_side_knows_are_refused() -> None:
    with pytest.raises(TermError, match="cannot give a Variable to Oxigraph"):
        to_oxigraph(Variable("x"))
    with pytest.raises(TermError, match="unsupported term from Oxigraph"):
        from_oxigraph(ox.Variable("x"))
