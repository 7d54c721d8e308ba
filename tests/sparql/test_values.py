"""sparql/_values.py: where a remote store's query parameters go (a VALUES block), and what is refused.

A SPARQL endpoint has no binding API, so the values are written into the query text:
at the start of its outermost WHERE group (never into a CONSTRUCT template), each value
escaped so that it stays one value.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Literal, URIRef

from terve_kunta.errors import QueryParameterError, QuerySyntaxError
from terve_kunta.sparql._values import inject_values, tokens

CODE = {"code": Literal("297")}


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("SELECT ?m WHERE { ?m ?p ?code }", 'SELECT ?m WHERE { VALUES (?code) { ("297") } ?m ?p ?code }'),
        ("SELECT ?m { ?m ?p ?code }", 'SELECT ?m { VALUES (?code) { ("297") } ?m ?p ?code }'),  # WHERE left out
        ("select ?m where { ?m ?p ?code }", 'select ?m where { VALUES (?code) { ("297") } ?m ?p ?code }'),
        (
            "SELECT * WHERE { { SELECT ?m WHERE { ?m ?p ?code } } }",  # the outermost group, not a subquery's
            'SELECT * WHERE { VALUES (?code) { ("297") } { SELECT ?m WHERE { ?m ?p ?code } } }',
        ),
        ("ASK { ?m ?p ?code }", 'ASK { VALUES (?code) { ("297") } ?m ?p ?code }'),
        ("ASK WHERE { ?m ?p ?code }", 'ASK WHERE { VALUES (?code) { ("297") } ?m ?p ?code }'),
        ("DESCRIBE ?m WHERE { ?m ?p ?code }", 'DESCRIBE ?m WHERE { VALUES (?code) { ("297") } ?m ?p ?code }'),
        (
            "CONSTRUCT { ?m ?p ?code } WHERE { ?m ?p ?code }",  # not into the template
            'CONSTRUCT { ?m ?p ?code } WHERE { VALUES (?code) { ("297") } ?m ?p ?code }',
        ),
        (
            "CONSTRUCT { ?m ?p ?code } { ?m ?p ?code }",  # the WHERE of a CONSTRUCT may be left out too
            'CONSTRUCT { ?m ?p ?code } { VALUES (?code) { ("297") } ?m ?p ?code }',
        ),
        (
            "CONSTRUCT { ?m ?where ?code } WHERE { ?m ?where ?code }",  # a variable is no keyword
            'CONSTRUCT { ?m ?where ?code } WHERE { VALUES (?code) { ("297") } ?m ?where ?code }',
        ),
        ("CONSTRUCT WHERE { ?m ?p ?code }", 'CONSTRUCT WHERE { VALUES (?code) { ("297") } ?m ?p ?code }'),
        (
            'SELECT ?m # {\nWHERE { ?m ?p "}{" . ?m <urn:x:a{b> ?code }',  # braces of a comment, a string, an IRI
            'SELECT ?m # {\nWHERE { VALUES (?code) { ("297") } ?m ?p "}{" . ?m <urn:x:a{b> ?code }',
        ),
    ],
)
def test_the_values_open_the_outermost_where_group(text: str, bound: str) -> None:
    assert inject_values(text, CODE) == bound


def test_every_binding_goes_in_one_row_escaped() -> None:
    bindings = {"a": Literal('1"} ?x'), "b": URIRef("urn:x:b"), "c": Literal("x", lang="fi")}
    assert inject_values("SELECT * WHERE { ?a ?b ?c }", bindings) == (
        'SELECT * WHERE { VALUES (?a ?b ?c) { ("1\\"} ?x" <urn:x:b> "x"@fi) } ?a ?b ?c }'
    )


def test_no_bindings_leave_the_text_as_it_is() -> None:
    assert inject_values("DESCRIBE <urn:x:a>", {}) == "DESCRIBE <urn:x:a>"


@pytest.mark.parametrize("name", ["a b", "1x", "", "x-y", "x}", "?x"])
def test_a_name_that_is_no_variable_is_refused(name: str) -> None:
    with pytest.raises(QueryParameterError, match=rf"^not a valid SPARQL variable name: {re.escape(repr(name))}$"):
        inject_values("SELECT * WHERE { ?s ?p ?o }", {"s": Literal(1), name: Literal(1)})


@pytest.mark.parametrize(
    "text", ["DESCRIBE <urn:x:a>", "CONSTRUCT { ?s ?p ?o }", "INSERT DATA { <urn:x:a> <urn:x:b> 1 }"]
)
def test_a_query_without_a_where_group_cannot_take_bindings(text: str) -> None:
    with pytest.raises(QuerySyntaxError, match=r"^cannot bind parameters: the query has no WHERE group$"):
        inject_values(text, CODE)


def test_the_lexer_skips_space_and_comments() -> None:
    assert list(tokens("SELECT # c\n ?x 'a b' <urn:x>")) == [
        ("word", "SELECT", 0),
        ("punct", "?", 12),
        ("word", "x", 13),
        ("string", "'a b'", 15),
        ("iri", "<urn:x>", 21),
    ]
