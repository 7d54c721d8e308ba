"""sparql/named.py: finding a shipped query by name, reading its header, and typing or refusing its parameters."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import Literal, URIRef

from terve_kunta.errors import DataFileError, QueryParameterError, QuerySyntaxError, UnknownNameError, UnsafeQueryError
from terve_kunta.sparql.named import Param, _parse, named_queries, named_query, prepare
from terve_kunta.sparql.safety import check_query

# ---------------------------------------------------------------------- finding a query


def test_the_shipped_queries_are_listed_by_name() -> None:
    names = [q.name for q in named_queries()]
    assert names == sorted(names) and len(names) == 8
    assert "members-by-region" in names and all(not n.endswith(".rq") for n in names)
    assert all(q.title and q.text.startswith("#") for q in named_queries())


def test_a_query_is_found_by_its_name_or_suggested() -> None:
    assert named_query("membership-changes").name == "membership-changes"
    with pytest.raises(UnknownNameError, match=r"^no named query is called 'members-by-regoin'") as caught:
        named_query("members-by-regoin")
    assert caught.value.suggestions[0] == "members-by-region"


# ---------------------------------------------------------------------- the header


HEADER = """# Members by region: the network's members on a date.
#   More about it,
# over two lines.
# @param as_of xsd:date default=today the day (default: today)
# @param region_code xsd:string optional a region's code, such as 11
# @param since   xsd:date   the first day
# @param target iri optional an IRI
SELECT * WHERE { ?s ?p ?o }
# not the header
"""


def test_the_header_gives_the_title_the_description_and_the_parameters() -> None:
    query = _parse("example", HEADER)
    assert (query.name, query.text) == ("example", HEADER)
    assert query.title == "Members by region: the network's members on a date."
    assert query.description == "More about it, over two lines."
    assert query.params == (
        Param("as_of", "xsd:date", False, "today", "the day (default: today)"),
        Param("region_code", "xsd:string", False, None, "a region's code, such as 11"),
        Param("since", "xsd:date", True, None, "the first day"),
        Param("target", "iri", False, None, "an IRI"),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SELECT * WHERE { }", "the first line must be a comment saying what it answers"),
        ("#\n# more\nSELECT * WHERE { }", "the first line must be a comment saying what it answers"),
        ("", "the first line must be a comment"),
        ("# Title\n# @param 1x xsd:string no name\nASK {}", "cannot read the line '@param 1x xsd:string no name'"),
        ("# Title\n# @param\nASK {}", "cannot read the line '@param'"),
        ("# Title\n# @param x xsd:boolean a flag\nASK {}", "parameter x: type 'xsd:boolean' is not one of xsd:string"),
    ],
)
def test_a_header_that_cannot_be_read_names_the_file_and_the_line(text: str, message: str) -> None:
    with pytest.raises(DataFileError, match=r"^ontology/queries/example\.rq: ") as caught:
        _parse("example", text)
    assert message in str(caught.value)


def test_a_comment_after_the_header_is_no_part_of_it() -> None:
    query = _parse("example", "# Title\nASK {}\n# @param x nonsense\n")
    assert query.params == () and query.description == ""


# ---------------------------------------------------------------------- parameters


QUERY = _parse("example", HEADER)


def test_parameters_are_typed_and_defaults_filled_in() -> None:
    bound = QUERY.bind({"since": "2024-06-30", "region_code": "11", "target": "urn:x:a"})
    assert bound == {
        "as_of": Literal(date.today()),
        "region_code": Literal("11"),
        "since": Literal(date(2024, 6, 30)),
        "target": URIRef("urn:x:a"),
    }
    assert list(bound) == ["as_of", "region_code", "since", "target"]
    assert QUERY.bind({"since": date(2024, 6, 30)}) == {
        "as_of": Literal(date.today()),
        "since": Literal(date(2024, 6, 30)),
    }


def test_a_required_parameter_must_be_given() -> None:
    with pytest.raises(QueryParameterError, match=r"^example: parameter since is required \(the first day\)$"):
        QUERY.bind({"region_code": "11"})


def test_an_unknown_parameter_is_refused_with_the_known_ones() -> None:
    with pytest.raises(QueryParameterError) as caught:
        QUERY.bind({"since": "2024-06-30", "zz": 1, "aa": 2})
    assert str(caught.value) == "example: unknown parameter 'aa' (parameters: as_of, region_code, since, target)"
    with pytest.raises(QueryParameterError, match=r"^plain: unknown parameter 'x' \(parameters: none\)$"):
        _parse("plain", "# Title\nASK {}").bind({"x": 1})


@pytest.mark.parametrize(
    ("kind", "value", "term"),
    [
        ("xsd:date", "2024-02-29", Literal(date(2024, 2, 29))),
        ("xsd:date", date(2024, 2, 29), Literal(date(2024, 2, 29))),
        ("xsd:integer", 12, Literal(12)),
        ("xsd:integer", " 12 ", Literal(12)),  # text as from the command line
        ("xsd:integer", "-3", Literal(-3)),
        ("iri", "urn:x:a", URIRef("urn:x:a")),
        ("iri", URIRef("https://example.org/a"), URIRef("https://example.org/a")),
        ("xsd:string", "11", Literal("11")),
    ],
)
def test_a_value_becomes_a_term_of_its_parameters_type(kind: str, value: object, term: object) -> None:
    made = Param("p", kind, True, None, "").term("q", value)
    assert made == term and type(made) is type(term)
    if isinstance(made, Literal) and isinstance(term, Literal):
        assert made.datatype == term.datatype


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("xsd:date", "30.6.2024", "q: parameter p: expected a date as YYYY-MM-DD, got '30.6.2024'"),
        ("xsd:date", "2024-02-30", "q: parameter p: expected a date that exists (YYYY-MM-DD), got '2024-02-30'"),
        ("xsd:integer", True, "q: parameter p: expected an integer, got True"),
        ("xsd:integer", "twelve", "q: parameter p: expected an integer, got 'twelve'"),
        ("xsd:integer", 1.5, "q: parameter p: expected an integer, got 1.5"),
        ("iri", "not an iri", "q: parameter p: not a valid absolute IRI: 'not an iri'"),
        ("xsd:string", 11, "q: parameter p: expected a string, got int 11"),
        ("xsd:string", None, "q: parameter p: expected a string, got NoneType None"),
    ],
)
def test_a_value_that_is_not_of_its_parameters_type_is_refused(kind: str, value: object, message: str) -> None:
    with pytest.raises(QueryParameterError) as caught:
        Param("p", kind, True, None, "").term("q", value)
    assert str(caught.value) == message and caught.value.__cause__ is None


# ---------------------------------------------------------------------- prepare


def test_a_name_is_a_named_query_and_text_is_a_query() -> None:
    checked, terms = prepare("  members-by-region\n", {"region_code": "11", "as_of": "2024-06-30"})
    assert checked == check_query(named_query("members-by-region").text)
    assert terms == {"as_of": Literal(date(2024, 6, 30)), "region_code": Literal("11")}
    checked, terms = prepare("SELECT ?x WHERE { ?x ?p ?o }", {"x": "11"})
    assert (checked.form, terms) == ("SELECT", {"x": Literal("11")})
    checked, terms = prepare("ASK{?s?p?o}", {})  # no space, but a brace: text
    assert checked.form == "ASK"


def test_a_name_that_is_no_query_is_refused_and_so_is_an_empty_text() -> None:
    with pytest.raises(UnknownNameError, match="no named query is called 'SELECT'"):
        prepare("SELECT", {})
    with pytest.raises(QuerySyntaxError, match="empty"):
        prepare("   ", {})


def test_a_named_querys_parameters_are_checked() -> None:
    with pytest.raises(QueryParameterError, match="expected a string, got int 11"):
        prepare("members-by-region", {"region_code": 11})
    with pytest.raises(QueryParameterError, match="parameter since is required"):
        prepare("membership-changes", {"until": "2025-01-01"})


@pytest.mark.parametrize("name", ["a b", "1x", "x-y", "", 5])
def test_a_binding_of_query_text_must_name_a_variable(name: object) -> None:
    with pytest.raises(
        QueryParameterError, match=r"^cannot bind .*: not a SPARQL variable name \(letters, digits and _\)$"
    ):
        prepare("SELECT * WHERE { ?s ?p ?o }", {name: "1"})  # type: ignore[dict-item]


@pytest.mark.parametrize("value", ["a\udc80", Literal("x", datatype=URIRef("urn:x:\udc80")), URIRef("urn:x:\ud800")])
def test_a_value_with_a_lone_surrogate_is_refused(value: object) -> None:
    with pytest.raises(QueryParameterError, match=r"^\?s: the value holds a lone surrogate"):
        prepare("SELECT * WHERE { ?s ?p ?o }", {"s": value})


def test_a_select_binds_only_what_it_selects() -> None:
    with pytest.raises(QueryParameterError, match=r"cannot bind \?o: a SELECT query must select"):
        prepare("SELECT ?s WHERE { ?s ?p ?o }", {"o": "1"})


def test_a_query_that_would_fetch_is_refused_unless_allowed() -> None:
    text = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    with pytest.raises(UnsafeQueryError, match="refused"):
        prepare(text, {})
    assert prepare(text, {}, allow_network=True)[0].fetches


def test_a_comment_needs_no_space_after_its_hash() -> None:
    query = _parse("tight", "#Title\n#@param p xsd:integer optional a number\nASK {}")
    assert query.title == "Title" and query.params == (Param("p", "xsd:integer", False, None, "a number"),)
