"""sparql/_canonical.py: the one reading of a SPARQL text that the guard checks and the stores run.

Each rule of the canonical form, on its own: escapes expanded (and refused where they
name no character), comments dropped, prefixed and relative names written in full,
strings written one way, line breaks kept so that a parser's line numbers still point at
the user's lines, and the errors that name the line.
"""

from __future__ import annotations

import pytest

from terve_kunta.errors import QuerySyntaxError
from terve_kunta.sparql._canonical import canonical_text, lex

EX = {"ex": "http://example.org/"}


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o }"),
        ("  SELECT\t*   WHERE{?s ?p ?o}  ", "SELECT * WHERE { ?s ?p ?o }"),  # one space between tokens
        ("SELECT $x WHERE { $x ?p ?o }", "SELECT ?x WHERE { ?x ?p ?o }"),  # variables written with ?
        ("SELECT * WHERE { ?s ?p ?o } # a comment", "SELECT * WHERE { ?s ?p ?o }"),
        ("SELECT * # one\nWHERE { ?s ?p ?o }", "SELECT *\nWHERE { ?s ?p ?o }"),  # its line break stays
        ("SELECT *\n\n\nWHERE { ?s ?p ?o }", "SELECT *\n\n\nWHERE { ?s ?p ?o }"),
        ("\n\nSELECT * WHERE { ?s ?p ?o }", "\n\nSELECT * WHERE { ?s ?p ?o }"),
        ("SELECT * WHERE { ?s ?p ?o } #x\rLIMIT 1", "SELECT * WHERE { ?s ?p ?o }\nLIMIT 1"),  # a CR ends a comment
        ("SELECT * WHERE {\r\n?s ?p ?o }", "SELECT * WHERE {\n?s ?p ?o }"),  # CR LF is one break
    ],
)
def test_tokens_are_written_one_space_apart_on_their_lines(text: str, canonical: str) -> None:
    assert canonical_text(text) == canonical


# ---------------------------------------------------------------------- escapes


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("SELECT * WHERE { ?s ?p '\\u0041\\u00e9' }", 'SELECT * WHERE { ?s ?p "Aé" }'),
        ("SELECT * WHERE { ?s ?p '\\U0001F600' }", 'SELECT * WHERE { ?s ?p "\U0001f600" }'),
        ("\\u0053ELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o }"),  # outside strings too
        ("SELECT * WHERE { ?s ?p '\\uD7FF\\uE000\\U0010FFFF' }", 'SELECT * WHERE { ?s ?p "\ud7ff\ue000\U0010ffff" }'),
    ],
)
def test_codepoint_escapes_are_expanded_everywhere_first(text: str, canonical: str) -> None:
    assert canonical_text(text) == canonical


@pytest.mark.parametrize("escape", ["\\uD800", "\\uDBFF", "\\uDC00", "\\uDFFF", "\\U00110000", "\\UFFFFFFFF"])
def test_an_escape_that_names_no_character_is_refused(escape: str) -> None:
    with pytest.raises(QuerySyntaxError, match=rf"^\{escape} is not a Unicode character"):
        canonical_text(f"SELECT * WHERE {{ ?s ?p '{escape}' }}")


def test_a_lone_surrogate_is_refused() -> None:
    with pytest.raises(QuerySyntaxError, match="lone surrogate"):
        canonical_text("SELECT * WHERE { ?s ?p '\udc80' }")


# ---------------------------------------------------------------------- strings


@pytest.mark.parametrize(
    ("string", "written"),
    [
        ("'x'", '"x"'),
        ('"x"', '"x"'),
        ("''", '""'),
        ("'''x'''", '"x"'),
        ('"""x"""', '"x"'),
        ("'''a\"b''c'''", '"a\\"b\'\'c"'),
        ("'a\\tb\\bc\\fd'", '"a\tb\bc\fd"'),  # escapes read, and written only where they must be
        ("'a\\nb\\rc'", '"a\\nb\\rc"'),
        ("'a\\\"b\\'c\\\\d'", '"a\\"b\'c\\\\d"'),
    ],
)
def test_every_string_is_written_as_one_double_quoted_string(string: str, written: str) -> None:
    assert canonical_text(f"SELECT * WHERE {{ ?s ?p {string} }}") == f"SELECT * WHERE {{ ?s ?p {written} }}"


@pytest.mark.parametrize("escape", ["\\x", "\\u", "\\0", "\\ "])
def test_an_escape_a_string_may_not_hold_is_refused_with_its_line(escape: str) -> None:
    with pytest.raises(QuerySyntaxError, match=rf"^line 2: \{escape} is not an escape a SPARQL string may hold$"):
        canonical_text(f"SELECT *\nWHERE {{ ?s ?p 'a{escape}b' }}")


def test_a_long_string_keeps_the_lines_after_it_in_place() -> None:
    text = 'SELECT * WHERE {\n ?s ?p """one\ntwo\nthree""" .\n ?s ?p ?o }'
    assert canonical_text(text) == 'SELECT * WHERE {\n?s ?p "one\\ntwo\\nthree"\n\n.\n?s ?p ?o }'
    with pytest.raises(QuerySyntaxError, match=r"^line 6: the prefix ex: is not declared"):
        canonical_text(text.replace("?o }", "\nex:o }"))


# ---------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("PREFIX ex: <http://x/> SELECT * WHERE { ?s ex:p ?o }", "SELECT * WHERE { ?s <http://x/p> ?o }"),
        ("prefix ex: <http://x/>\nSELECT * WHERE { ?s ex:p ?o }", "\nSELECT * WHERE { ?s <http://x/p> ?o }"),
        ("PREFIX : <http://x/> SELECT * WHERE { :a ?p ?o }", "SELECT * WHERE { <http://x/a> ?p ?o }"),
        ("PREFIX ex: <http://x/> SELECT * WHERE { ex:a\\~b ?p ?o }", "SELECT * WHERE { <http://x/a~b> ?p ?o }"),
        ("SELECT * WHERE { ?s ex:p ?o }", "SELECT * WHERE { ?s <http://example.org/p> ?o }"),  # given prefixes
        ("PREFIX ex: <http://x/> SELECT * WHERE { ex:a ?p ?o }", "SELECT * WHERE { <http://x/a> ?p ?o }"),  # own first
        (
            "PREFIX a: <http://x/> PREFIX b: <http://y/> SELECT * { a:1 b:2 ?o }",
            "SELECT * { <http://x/1> <http://y/2> ?o }",
        ),
        (
            "BASE <http://x/a/> SELECT * WHERE { <b> <../c> <#d> }",
            "SELECT * WHERE { <http://x/a/b> <http://x/c> <http://x/a/#d> }",
        ),
        ("BASE <http://x/> PREFIX ex: <e/> SELECT * WHERE { ex:f ?p ?o }", "SELECT * WHERE { <http://x/e/f> ?p ?o }"),
        ("BASE <http://x/> BASE <y/> SELECT * WHERE { <z> ?p ?o }", "SELECT * WHERE { <http://x/y/z> ?p ?o }"),
        ("SELECT * WHERE { <urn:x:a> ?p ?o }", "SELECT * WHERE { <urn:x:a> ?p ?o }"),
    ],
)
def test_names_are_written_in_full_and_declarations_dropped(text: str, canonical: str) -> None:
    assert canonical_text(text, EX) == canonical


def test_the_packages_prefixes_are_known_unless_others_are_given() -> None:
    assert canonical_text("SELECT * WHERE { ?s skos:prefLabel ?o }") == (
        "SELECT * WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?o }"
    )
    with pytest.raises(QuerySyntaxError, match=r"^line 1: the prefix skos: is not declared \(PREFIX skos: <\.\.\.>\)$"):
        canonical_text("SELECT * WHERE { ?s skos:prefLabel ?o }", EX)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SELECT * WHERE {\n ?s <p> ?o }", "line 2: the relative IRI <p> needs a BASE declaration before it"),
        ("PREFIX ex: <p>\nSELECT * WHERE { ?s ex:a ?o }", "line 1: the relative IRI <p> needs a BASE"),
        ("\nPREFIX <http://x/> SELECT * WHERE { }", "line 2: PREFIX must be followed by a prefix (ex:) and an <IRI>"),
        ("PREFIX ex <http://x/> SELECT * WHERE { }", "line 1: PREFIX must be followed by a prefix"),
        ("PREFIX ex:a <http://x/> SELECT * WHERE { }", "line 1: PREFIX must be followed by a prefix"),
        ("PREFIX ex: ex:b SELECT * WHERE { }", "line 1: PREFIX must be followed by a prefix"),
        ("BASE ex: SELECT * WHERE { }", "line 1: BASE must be followed by an <IRI>"),
        ("SELECT * WHERE { ?s ?p ?o }\n\nPREFIX", "line 3: PREFIX must be followed by"),  # the text ends in it
        ("SELECT * WHERE { ?s ?p ?o } PREFIX ex:", "line 1: PREFIX must be followed by"),
        ("SELECT * WHERE { ?s ?p ?o } BASE", "line 1: BASE must be followed by an <IRI>"),
        ("SELECT * WHERE { ?s\n ?p ?o } \x00", "line 2: unexpected character '\\x00' in the SPARQL text"),
    ],
)
def test_a_bad_name_or_declaration_is_refused_with_its_line(text: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        canonical_text(text, EX)
    assert str(caught.value).startswith(message)


# ---------------------------------------------------------------------- what stays glued


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ('SELECT * WHERE { ?s ?p "x" @en }', 'SELECT * WHERE { ?s ?p "x"@en }'),
        ('SELECT * WHERE { ?s ?p "x"\n@en-GB }', 'SELECT * WHERE { ?s ?p "x"@en-GB\n}'),  # its break moves on
        ('SELECT * WHERE { ?s ?p "1" ^^ <urn:x:t> }', 'SELECT * WHERE { ?s ?p "1"^^<urn:x:t> }'),
        ('SELECT * WHERE { ?s ?p "1"\n^^\n<urn:x:t> . }', 'SELECT * WHERE { ?s ?p "1"^^<urn:x:t>\n\n. }'),
        ("SELECT (COALESCE (?x, 1) AS ?y) WHERE { }", "SELECT( COALESCE( ?x , 1 ) AS ?y ) WHERE { }"),
        ("SELECT * WHERE { FILTER (?x) }", "SELECT * WHERE { FILTER( ?x ) }"),
        ("SELECT * WHERE { ?s ?p ( 1 2 ) }", "SELECT * WHERE { ?s ?p ( 1 2 ) }"),  # a list is no call
    ],
)
def test_a_tag_a_datatype_and_a_functions_bracket_stay_with_what_they_follow(text: str, canonical: str) -> None:
    assert canonical_text(text) == canonical


# ---------------------------------------------------------------------- the lexer


def test_the_lexer_gives_every_token_with_its_line_and_the_breaks_inside() -> None:
    tokens = list(lex('SELECT\n?s """a\nb""" # c\n'))
    assert tokens == [
        ("word", "SELECT", 1, 0),
        ("space", "\n", 1, 1),
        ("var", "?s", 2, 0),
        ("space", " ", 2, 0),
        ("long", '"""a\nb"""', 2, 1),
        ("space", " ", 3, 0),
        ("comment", "# c", 3, 0),
        ("space", "\n", 3, 1),
    ]
    assert [kind for kind, *_ in lex("ex:a _:b @en 1.5e3 <urn:x> 'x' && ^^")] == [
        "pname", "space", "bnode", "space", "lang", "space", "number", "space", "iri", "space", "string",
        "space", "punct", "space", "punct",
    ]  # fmt: skip


def test_a_prefix_mapping_that_makes_no_iri_is_refused() -> None:
    # the lexer lets no such character into an IRI or a name; prefixes given by the caller could
    with pytest.raises(QuerySyntaxError, match=r"^line 2: <http://x/ y/a> is not a valid IRI$"):
        canonical_text("SELECT *\nWHERE { ?s ex:a ?o }", {"ex": "http://x/ y/"})
