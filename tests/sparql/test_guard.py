"""sparql/safety.py: what the guard refuses and what it reads from a query or update, checked without a store.

``test_safety.py`` shows, against stores and a listener, that nothing reaches the network;
these tests pin each decision of the guard on its own, cheaply: the form, the variables a
SELECT binds, what a text would fetch, whether an update writes the default graph, and the
errors for text that is not the SPARQL asked for.
"""

from __future__ import annotations

import re

import pytest

from terve_kunta.errors import QueryParameterError, QuerySyntaxError, UnsafeQueryError
from terve_kunta.sparql.safety import _fetches, _syntax_error, check_query, check_update

SERVICE = "http://127.0.0.1:9/sparql"


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("ASK { ?s ?p ?o }", "ASK"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <urn:x:a>", "DESCRIBE"),
    ],
)
def test_a_query_is_read_with_its_form(text: str, form: str) -> None:
    checked = check_query(text)
    assert (checked.form, checked.fetches, checked.has_dataset) == (form, (), False)
    assert checked.text == text  # already canonical


def test_a_select_binds_only_what_it_selects() -> None:
    checked = check_query("SELECT ?s ?o WHERE { ?s ?p ?o }")
    assert checked.selected == frozenset({"s", "o"})
    checked.check_bindings(["s", "o"])
    checked.check_bindings([])
    with pytest.raises(QueryParameterError, match=r"^cannot bind \?b: a SELECT query must select every variable"):
        checked.check_bindings(["s", "z", "b"])  # the first missing one, in order
    with pytest.raises(QueryParameterError, match=r"cannot bind \?p"):
        checked.check_bindings(["p"])  # in the pattern, but not selected


def test_a_select_star_binds_every_variable_of_its_pattern() -> None:
    checked = check_query("SELECT * WHERE { ?s ?p ?o }")
    assert checked.selected == frozenset({"s", "p", "o"})
    checked.check_bindings(["p"])


@pytest.mark.parametrize(
    "text", ["ASK { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "DESCRIBE ?s WHERE { ?s ?p ?o }"]
)
def test_other_forms_bind_any_variable(text: str) -> None:
    checked = check_query(text)
    assert checked.selected is None
    checked.check_bindings(["s", "anything"])


# ---------------------------------------------------------------------- what a query would fetch


@pytest.mark.parametrize(
    ("text", "fetches"),
    [
        (f"SELECT * WHERE {{ SERVICE <{SERVICE}> {{ ?s ?p ?o }} }}", (f"a SERVICE clause (<{SERVICE}>)",)),
        ("SELECT * WHERE { SERVICE SILENT ?u { ?s ?p ?o } }", ("a SERVICE clause (?u)",)),
        (
            f"SELECT * WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ SERVICE <{SERVICE}> {{ ?s ?p ?o }} }} }}",
            (f"a SERVICE clause (<{SERVICE}>)",),
        ),
        (
            f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{SERVICE}> {{ ?s ?p ?o }} }} }}",
            (f"a SERVICE clause (<{SERVICE}>)",),
        ),
        (f"ASK {{ SERVICE <{SERVICE}> {{ ?s ?p ?o }} }}", (f"a SERVICE clause (<{SERVICE}>)",)),
        ("SELECT * FROM <urn:x:g> WHERE { ?s ?p ?o }", ("a FROM clause (<urn:x:g>)",)),
        ("SELECT * FROM NAMED <urn:x:h> WHERE { GRAPH ?g { ?s ?p ?o } }", ("a FROM clause (<urn:x:h>)",)),
        ("CONSTRUCT { ?s ?p ?o } FROM <urn:x:g> WHERE { ?s ?p ?o }", ("a FROM clause (<urn:x:g>)",)),
        ("DESCRIBE <urn:x:a> FROM <urn:x:g>", ("a FROM clause (<urn:x:g>)",)),
    ],
)
def test_a_query_that_would_fetch_is_refused_unless_the_network_is_allowed(text: str, fetches: tuple[str, ...]) -> None:
    with pytest.raises(UnsafeQueryError, match=r"^the query has a (SERVICE|FROM) clause .*; refused") as caught:
        check_query(text)
    assert fetches[0] in str(caught.value)
    with pytest.raises(UnsafeQueryError):
        check_query(text, allow_network=False)
    allowed = check_query(text, allow_network=True)
    assert allowed.fetches == fetches
    assert allowed.has_dataset is fetches[0].startswith("a FROM")


def test_a_query_with_both_from_clauses_names_both() -> None:
    checked = check_query("SELECT * FROM <urn:x:g> FROM NAMED <urn:x:h> WHERE { ?s ?p ?o }", allow_network=True)
    assert sorted(checked.fetches) == ["a FROM clause (<urn:x:g>)", "a FROM clause (<urn:x:h>)"]
    with pytest.raises(UnsafeQueryError, match=r"has a FROM clause \(<urn:x:\w>\) and a FROM clause \(<urn:x:\w>\)"):
        check_query("SELECT * FROM <urn:x:g> FROM NAMED <urn:x:h> WHERE { ?s ?p ?o }")


def test_the_words_that_fetch_are_refused_even_where_the_algebra_misses_them() -> None:
    # the second line of defence: whatever rdflib's algebra holds, the canonical text's keywords count
    assert _fetches({}, "SELECT * WHERE { SERVICE <urn:x:s> { } }") == ("a SERVICE clause",)
    assert _fetches({}, "load <urn:x:d>") == ("LOAD",)  # keywords in any case
    assert _fetches({}, 'SELECT * FROM <urn:x:g> WHERE { ?s <urn:x:using> "SERVICE" }') == ("a FROM clause",)
    assert _fetches([], 'SELECT ?service WHERE { ?service <urn:x:from> "LOAD" }') == ()  # a variable, an IRI, text
    assert _fetches({}, "INSERT { } USING <urn:x:g> WHERE { }") == ("a USING clause",)


# ---------------------------------------------------------------------- updates


@pytest.mark.parametrize(
    ("text", "fetches"),
    [
        ("LOAD <http://127.0.0.1:9/d.ttl>", ("LOAD (<http://127.0.0.1:9/d.ttl>)",)),
        ("LOAD SILENT <http://127.0.0.1:9/d.ttl> INTO GRAPH <urn:x:g>", ("LOAD (<http://127.0.0.1:9/d.ttl>)",)),
        ("INSERT { ?s ?p ?o } USING <urn:x:g> WHERE { ?s ?p ?o }", ("a USING clause",)),
        ("DELETE { ?s ?p ?o } USING NAMED <urn:x:g> WHERE { ?s ?p ?o }", ("a USING clause",)),
        (
            f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{SERVICE}> {{ ?s ?p ?o }} }}",
            (f"a SERVICE clause (<{SERVICE}>)",),
        ),
    ],
)
def test_an_update_that_would_fetch_is_refused_unless_the_network_is_allowed(
    text: str, fetches: tuple[str, ...]
) -> None:
    with pytest.raises(UnsafeQueryError, match=r"^the update has .*, which would make the store fetch"):
        check_update(text)
    assert check_update(text, allow_network=True).fetches == fetches


@pytest.mark.parametrize(
    ("text", "default"),
    [
        ('INSERT DATA { <urn:x:a> <urn:x:b> "c" }', True),
        ('DELETE DATA { <urn:x:a> <urn:x:b> "c" }', True),
        ('INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> "c" } }', False),
        ('DELETE DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> "c" } }', False),
        ("INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }", True),
        ("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", True),
        ("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }", False),
        ("DELETE { GRAPH <urn:x:g> { ?s ?p ?o } } INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }", True),  # one of the two
        ("DELETE { GRAPH <urn:x:g> { ?s ?p ?o } } INSERT { GRAPH <urn:x:g> { ?s ?p ?o } } WHERE { ?s ?p ?o }", False),
        ("WITH <urn:x:g> INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }", False),  # WITH names the graph written
        ("DELETE WHERE { ?s <urn:x:p> ?o }", True),
        ("DELETE WHERE { GRAPH <urn:x:g> { ?s <urn:x:p> ?o } }", False),
        ("CLEAR DEFAULT", True),  # whole-graph operations: the store decides
        ("DROP GRAPH <urn:x:g>", True),
        ("ADD <urn:x:a> TO <urn:x:b>", True),
        ("MOVE <urn:x:a> TO <urn:x:b>", True),
        ("COPY <urn:x:a> TO <urn:x:b>", True),
        ("LOAD <urn:x:d>", True),
        ("CREATE GRAPH <urn:x:g>", False),
        ('INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> "c" } } ; INSERT DATA { <urn:x:a> <urn:x:b> "c" }', True),
    ],
)
def test_an_update_says_whether_it_writes_the_default_graph(text: str, default: bool) -> None:
    assert check_update(text, allow_network=True).writes_default_graph is default


def test_insert_where_and_with_fetch_nothing() -> None:
    texts = ("INSERT { ?s <urn:x:p> 1 } WHERE { ?s ?p ?o }", "WITH <urn:x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    for text in texts:
        checked = check_update(text)
        assert (checked.fetches, checked.text) == ((), text)


# ---------------------------------------------------------------------- text that is not the SPARQL asked for


@pytest.mark.parametrize("text", ["", "  \n", "# only a comment\n"])
def test_empty_text_is_refused(text: str) -> None:
    with pytest.raises(QuerySyntaxError, match=r"^the SPARQL query is empty \(or only comments\)$"):
        check_query(text)
    with pytest.raises(QuerySyntaxError, match=r"^the SPARQL update is empty \(or only comments\)$"):
        check_update(text)


def test_an_update_given_as_a_query_is_named_so() -> None:
    with pytest.raises(QuerySyntaxError, match=r"^this is a SPARQL update, not a query: run it with ") as caught:
        check_query('INSERT DATA { <urn:x:a> <urn:x:b> "c" }')
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_a_query_given_as_an_update_is_a_syntax_error() -> None:
    text = "SELECT * WHERE { ?s ?p ?o }"
    with pytest.raises(QuerySyntaxError, match=rf"^not a valid SPARQL update \({re.escape(repr(text))}\.\.\.\): "):
        check_update(text)


def test_a_syntax_error_quotes_the_start_of_the_first_line_and_the_reason() -> None:
    first = "SELECT ?s WHERE { ?s <urn:x:a-rather-long-property-name-that-goes-on> ?o ."
    with pytest.raises(QuerySyntaxError) as caught:
        check_query(f"\n  {first}\nFILTER( }}\n")
    message = str(caught.value)
    assert message.startswith(f"not a valid SPARQL query ({first[:60]!r}...): ")
    assert message[len(f"not a valid SPARQL query ({first[:60]!r}...): ") :].strip()  # the parser's reason
    assert "\n" not in message  # one line
    assert caught.value.__cause__ is not None


def test_an_error_without_a_message_is_named_by_its_type() -> None:
    assert str(_syntax_error("query", "SELECT", ValueError())) == "not a valid SPARQL query ('SELECT'...): ValueError"
    assert str(_syntax_error("update", "X", ValueError(" a\n  b "))) == "not a valid SPARQL update ('X'...): a b"
