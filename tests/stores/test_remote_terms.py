"""stores/remote.py: the terms of an endpoint's graph answers, converted once each, exactly as one by one.

The remote store converts each distinct term of an answer once (``_ox_triples``); these
tests hold it to the terms that converting every occurrence on its own gives, on terms
that look alike but are not the same (the same text as an IRI, a blank node, a plain,
typed or language literal), on IRIs and literals with unusual characters, on literals
an endpoint writes as values (Virtuoso's durations), and on a quoted triple (RDF-star),
which has no rdflib term and is refused by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from terve_kunta.errors import TermError
from terve_kunta.stores import remote as remote_module
from terve_kunta.stores._http import Limits
from terve_kunta.stores.remote import RemoteStore
from tests.stores.scripted import Server, reply, servers

X = "http://www.w3.org/2001/XMLSchema#"
#: (N-Triples object, the rdflib term expected): each object appears under <urn:x:a> <urn:x:p>, then again, with the
#: subjects and predicates, in triples of its own (so that every term repeats, as in a real answer)
OBJECTS: list[tuple[str, Node]] = [
    (f'"1"^^<{X}integer>', Literal("1", datatype=XSD.integer)),
    (f'"01"^^<{X}integer>', Literal("01", datatype=XSD.integer)),
    ('"1"', Literal("1")),
    (f'"1"^^<{X}string>', Literal("1")),
    (f'"1"^^<{X}decimal>', Literal("1", datatype=XSD.decimal)),
    ('"1"@fi', Literal("1", lang="fi")),
    ('"1"@sv-FI', Literal("1", lang="sv-fi")),
    ('"1"@en', Literal("1", lang="en")),
    ("<urn:x:1>", URIRef("urn:x:1")),
    ("_:urn", BNode("urn")),
    ("<urn:x:b1>", URIRef("urn:x:b1")),
    ("_:b1", BNode("b1")),
    ("<http://example.org/a%20b/ä?q=1&r=%3C'x'#frag>", URIRef("http://example.org/a%20b/ä?q=1&r=%3C'x'#frag")),
    ("<urn:x:\\u00e4\\U0001F600>", URIRef("urn:x:ä😀")),
    ('"line\\nbreak \\"quoted\\" \\u00e4 \\U0001F600 \\\\"', Literal('line\nbreak "quoted" ä 😀 \\')),
    ('""', Literal("")),
    (f'"12"^^<{X}duration>', Literal("P1Y", datatype=XSD.duration)),  # Virtuoso's months
    (f'"172800.0"^^<{X}duration>', Literal("P2D", datatype=XSD.duration)),  # and seconds
    (f'"P2D"^^<{X}duration>', Literal("P2D", datatype=XSD.duration)),
    (f'"1"^^<{X}boolean>', Literal("true", datatype=XSD.boolean)),
    (f'"true"^^<{X}boolean>', Literal("true", datatype=XSD.boolean)),
    (f'"2024-06-01"^^<{X}gYearMonth>', Literal("2024-06", datatype=XSD.gYearMonth)),
    (f'"not a date"^^<{X}date>', Literal("not a date", datatype=XSD.date)),
    ('"x"^^<urn:x:type>', Literal("x", datatype=URIRef("urn:x:type"))),
]
SUBJECTS: list[tuple[str, Node]] = [("<urn:x:a>", URIRef("urn:x:a")), ("_:b1", BNode("b1")), ("_:urn", BNode("urn"))]
PREDICATES: list[tuple[str, Node]] = [("<urn:x:p>", URIRef("urn:x:p")), ("<urn:x:q>", URIRef("urn:x:q"))]
ANSWER = [(s, p, o) for s in SUBJECTS for p in PREDICATES for o in OBJECTS]
N_TRIPLES = "".join(f"{s[0]} {p[0]} {o[0]} .\n" for s, p, o in ANSWER)
EXPECTED = [(s[1], p[1], o[1]) for s, p, o in ANSWER]


def one_by_one(text: str, form: ox.RdfFormat) -> list[tuple[Node, Node, Node]]:
    """The terms as the store converted them before: every occurrence on its own."""
    term = remote_module._ox_term
    return [(term(t.subject), term(t.predicate), term(t.object)) for t in ox.parse(text, format=form)]


def spelled(triples: list[tuple[Node, Node, Node]]) -> list[tuple[tuple[str, str, str, str], ...]]:
    """Each term's kind, text, language and datatype: what equality of rdflib terms may not tell apart."""
    return [
        tuple(
            (type(t).__name__, str(t), repr(getattr(t, "language", None)), repr(getattr(t, "datatype", None)))
            for t in triple
        )
        for triple in triples
    ]


def test_each_distinct_term_converted_once_gives_the_terms_one_by_one_gives() -> None:
    converted = remote_module._ox_triples(ox.parse(N_TRIPLES, format=ox.RdfFormat.N_TRIPLES))
    assert converted == EXPECTED == one_by_one(N_TRIPLES, ox.RdfFormat.N_TRIPLES)
    assert spelled(converted) == spelled(EXPECTED) == spelled(one_by_one(N_TRIPLES, ox.RdfFormat.N_TRIPLES))
    plain, typed_string = converted[2][2], converted[3][2]
    assert isinstance(plain, Literal) and isinstance(typed_string, Literal)
    assert plain.datatype is None and typed_string.datatype is None


def test_a_term_converted_for_one_answer_is_not_reused_for_another() -> None:
    first = remote_module._ox_triples(ox.parse("_:b1 <urn:x:p> _:b1 .", format=ox.RdfFormat.N_TRIPLES))
    second = remote_module._ox_triples(ox.parse('_:b1 <urn:x:p> "b1" .', format=ox.RdfFormat.N_TRIPLES))
    assert first == [(BNode("b1"), URIRef("urn:x:p"), BNode("b1"))]
    assert second == [(BNode("b1"), URIRef("urn:x:p"), Literal("b1"))]


@pytest.fixture
def serve() -> Iterator[Callable[..., Server]]:
    yield from servers()


def remote(server: Server) -> RemoteStore:
    limits = Limits(connect=5, read=5, total=8, size=1_000_000)
    return RemoteStore(server.origin + "/query", server.origin + "/update", server.origin + "/store", limits=limits)


@pytest.mark.parametrize("content_type", ["application/n-triples", "text/turtle"])
def test_a_graph_answer_gives_exactly_these_terms(serve: Callable[..., Server], content_type: str) -> None:
    server = serve(reply("200 OK", N_TRIPLES.encode(), f"Content-Type: {content_type}\r\n"))
    graph = remote(server).query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {})
    assert isinstance(graph, Graph)
    assert sorted(spelled(list(graph))) == sorted(set(spelled(EXPECTED)))  # "1" and "1"^^xsd:string: one triple


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("<urn:x:a> <urn:x:p> <<( <urn:a> <urn:b> <urn:c> )>> .\n", "application/n-triples"),
        ("<< <urn:a> <urn:b> <urn:c> >> <urn:x:p> <urn:x:o> .\n", "text/turtle"),
    ],
)
def test_a_quoted_triple_in_an_answer_is_refused_by_name(serve: Callable[..., Server], text: str, form: str) -> None:
    server = serve(reply("200 OK", ('<urn:x:a> <urn:x:p> "1" .\n' + text).encode(), f"Content-Type: {form}\r\n"))
    with pytest.raises(TermError, match=r"^http://127\.0\.0\.1:\d+/query: the endpoint's answer holds << <urn:a> "):
        remote(server).query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {})
    with pytest.raises(TermError, match=r"^cannot read << <urn:a> <urn:b> <urn:c> >>: a quoted triple \(RDF-star\)"):
        remote_module._ox_triples(ox.parse(text, format=ox.RdfFormat.TURTLE))


def test_differences_compare_values_not_spellings(serve: Callable[..., Server]) -> None:
    written = f'<urn:x:a> <urn:x:p> "1"^^<{X}integer>, "P1D"^^<{X}duration>, "x"@fi, [ <urn:x:q> <urn:x:o> ] .'
    same = f'<urn:x:a> <urn:x:p> "01"^^<{X}integer>, "86400.0"^^<{X}duration>, "x"@fi, _:n .\n_:n <urn:x:q> <urn:x:o> .'
    other = f'<urn:x:a> <urn:x:p> "2"^^<{X}integer>, "86400.0"^^<{X}duration>, "x"@fi, _:n .\n_:n <urn:x:q> <urn:x:o> .'
    answers = [reply("200 OK", text.encode(), "Content-Type: text/turtle\r\n") for text in (same, other)]
    server = serve(*answers)
    store = remote(server)
    assert store.differences(URIRef("urn:x:g"), written) == []
    assert [k for k, _ in server.requests[0].fields()] == ["query"]  # the graph by name, not the store's dataset
    assert store.differences(URIRef("urn:x:g"), written) == [
        f"1 triples written do not come back, e.g. <urn:x:a> <urn:x:p> 1^^{X}integer",
        f"1 triples come back that were not written, e.g. <urn:x:a> <urn:x:p> 2^^{X}integer",
    ]
