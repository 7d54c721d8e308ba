"""Untrusted queries reach nothing: SERVICE, FROM and LOAD are refused unless asked for, on every store.

The guard once parsed with rdflib while Oxigraph ran the original text, and the two
parsers read some texts differently (a comment ended by a lone CR, ``\\uXXXX``
escapes). The texts below are generated: a fetch hidden by line ends, escapes,
comments, strings, case, nesting, prefixed names and variables; a listener on
127.0.0.1 must see nothing, through kg.query, kg.update, .rq files and the command line.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import terve_kunta as tk
from terve_kunta.sparql._canonical import canonical_text, lex
from terve_kunta.sparql.safety import check_query, check_update
from tests.support import Run

#: hypothesis runs a fixed, bounded number of examples with a fixed seed, so that the suite's time stays put
FUZZ = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
#: what comes between tokens: plain line ends, escaped ones, comments ended each way
SEPARATORS = [" ", "\t", "\r", "\n", "\r\n", "\\u0020", "\\u000A", "\\u000D", "#c\n", "#c\r", "#c\r\n", "#c\\u000D "]
#: what may come before the fetch, to hide it from one parser or the other
HIDERS = ["", "#x\r", "#x\r\n", "#x\\u000D", "#x\\u000A", '"\\u0022 #" ', "'\\u0027 #' ", '"""\r#""" ', "# \\\r"]
NESTS = ["{}", "OPTIONAL {{ {} }}", "{{ ?a ?b ?c }} UNION {{ {} }}", "MINUS {{ {} }}", "FILTER EXISTS {{ {} }}",
         "FILTER NOT EXISTS {{ {} }}", "GRAPH ?g {{ {} }}", "{{ SELECT * WHERE {{ {} }} }}"]  # fmt: skip


@st.composite
def escaped(draw: st.DrawFn, text: str) -> str:
    """``text`` with some characters written as ``\\uXXXX`` or ``\\UXXXXXXXX``."""
    out = []
    for char in text:
        how = draw(st.sampled_from("..uU"))
        out.append(char if how == "." else f"\\u{ord(char):04X}" if how == "u" else f"\\U{ord(char):08X}")
    return "".join(out)


@st.composite
def keyword(draw: st.DrawFn, word: str) -> str:
    cased = "".join(c.upper() if draw(st.booleans()) else c.lower() for c in word)
    return draw(escaped(cased)) if draw(st.booleans()) else cased


@st.composite
def target(draw: st.DrawFn, url: str) -> tuple[str, str, str]:
    """(prologue, what names the URL, a pattern that binds it) in one of the ways a query can name an IRI."""
    how = draw(st.sampled_from(["iri", "escaped", "pname", "variable", "bind"]))
    if how == "iri":
        return "", f"<{url}s>", ""
    if how == "escaped":
        return "", "<" + draw(escaped(url + "s")) + ">", ""
    if how == "pname":
        return f"PREFIX x: <{draw(escaped(url))}>\n", draw(st.sampled_from(["x:s", "x:", "x:s\\#z"])), ""
    if how == "variable":
        return "", "?svc", f"VALUES ?svc {{ <{url}v> }}"
    return "", "?svc", f'BIND(IRI("{url}b") AS ?svc)'


@st.composite
def hidden_fetch(draw: st.DrawFn, url: str) -> str:
    """A query with a SERVICE (or FROM) call to ``url``, hidden in one of many ways."""
    sep = draw(st.sampled_from(SEPARATORS))
    prologue, name, binder = draw(target(url))
    silent = draw(st.sampled_from(["", "SILENT" + sep, draw(keyword("SILENT")) + " "]))
    fetch = f"{draw(keyword('SERVICE'))}{sep}{silent}{name}{sep}{{ ?s ?p ?o }}"
    pattern = fetch
    for nest in draw(st.lists(st.sampled_from(NESTS), max_size=2)):
        pattern = nest.format(pattern)
    hider = draw(st.sampled_from(HIDERS))
    body = f"{binder}{sep}?a ?b ?c .{sep}{hider}{pattern}\n"
    form = draw(st.sampled_from(["SELECT * WHERE", "ASK", "CONSTRUCT { ?a ?b ?c } WHERE", f"SELECT * FROM <{url}f>"]))
    return f"{prologue}{form} {{{sep}{body}}} LIMIT 1"


@st.composite
def hidden_update(draw: st.DrawFn, url: str) -> str:
    """An update with a LOAD, SERVICE or USING of ``url`` (and a DROP ALL), hidden in one of many ways."""
    sep = draw(st.sampled_from(SEPARATORS))
    hider = draw(st.sampled_from(HIDERS))
    load = f"{draw(keyword('LOAD'))}{sep}" + draw(st.sampled_from(["", "SILENT "])) + "<" + draw(escaped(url)) + "d>"
    fetch = draw(
        st.sampled_from(
            [
                load,
                load + f" INTO GRAPH <{url}g>",
                f"INSERT {{ ?s ?p ?o }} WHERE {{ {draw(keyword('SERVICE'))}{sep}<{url}s> {{ ?s ?p ?o }} }}",
                f"INSERT {{ ?s ?p ?o }} {draw(keyword('USING'))} <{url}u> WHERE {{ ?s ?p ?o }}",
            ]
        )
    )
    drop = draw(st.sampled_from(["", f" ;{sep}DROP ALL"]))
    return f'INSERT DATA {{ <urn:x:a> <urn:x:b> "c" }} ;{sep}{hider}{fetch}{drop}\n'


def refused_or_harmless(call: Callable[[str], object], text: str) -> None:
    with contextlib.suppress(tk.TerveKuntaError):
        call(text)


# ---------------------------------------------------------------------- the class of the fault, fuzzed


def test_generated_queries_reach_nothing(
    loaded_kg: tk.KnowledgeGraph, shared_listener: tuple[str, list[object]]
) -> None:
    url, accepted = shared_listener
    before = len(accepted)

    @FUZZ
    @given(text=hidden_fetch(url))
    def probe(text: str) -> None:
        refused_or_harmless(loaded_kg.query, text)

    probe()
    assert len(accepted) == before


def test_generated_updates_reach_nothing(
    store_kg: tk.KnowledgeGraph, shared_listener: tuple[str, list[object]]
) -> None:
    url, accepted = shared_listener
    before = len(accepted)

    @settings(FUZZ, max_examples=20)
    @given(text=hidden_update(url))
    def probe(text: str) -> None:
        refused_or_harmless(store_kg.update, text)

    probe()
    assert len(accepted) == before


def test_generated_queries_reach_nothing_from_the_command_line(
    run: Run, tmp_path: Path, listener: tuple[str, list[object]]
) -> None:
    url, accepted = listener
    query_file = tmp_path / "probe.rq"

    @settings(FUZZ, max_examples=12)
    @given(text=hidden_fetch(url))
    def probe(text: str) -> None:
        query_file.write_bytes(text.encode("utf-8"))
        for argument in (text, str(query_file)):
            code, _, err = run("query", argument)
            assert code in (0, 2) and "Traceback" not in err

    probe()
    assert accepted == []


@settings(FUZZ, max_examples=40)
@given(text=hidden_fetch("http://127.0.0.1:9/"))
def test_what_runs_is_what_was_checked(text: str) -> None:
    # the checked text is the canonical one, and canonical text is its own canonical form
    try:
        checked = check_query(text, allow_network=True)
    except tk.QuerySyntaxError:
        return
    assert checked.text == canonical_text(text)
    assert canonical_text(checked.text) == checked.text
    tokens = list(lex(checked.text))
    kinds = {"space", "iri", "string", "var", "word", "punct", "number", "lang", "bnode"}
    assert {kind for kind, *_ in tokens} <= kinds
    assert "\\u" not in checked.text.lower() and "\r" not in checked.text
    if {value.upper() for kind, value, *_ in tokens if kind == "word"} & {"SERVICE", "FROM"}:
        assert checked.fetches  # a fetch that survived is seen by the guard


# ---------------------------------------------------------------------- the probes of the issue, one by one


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ ?s ?p ?o #x\rSERVICE <{url}sparql> {{ ?s ?p ?o }}\n}}",
        "SELECT * WHERE {{ ?s ?p ?o #x\\u000ASERVICE <{url}sparql> {{ ?s ?p ?o }}\n}}",
        'SELECT * WHERE {{ BIND("\\u0022 #" AS ?x) SERVICE <{url}sparql> {{ ?s ?p ?o }} #"\n}}',
        "SELECT * WHERE {{ \\u0053ERVICE <{url}sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ SERVICE <\\u0068ttp://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
        "PREFIX s: <{url}> SELECT * WHERE {{ SERVICE s:x {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ VALUES ?u {{ <{url}> }} SERVICE SILENT ?u {{ ?s ?p ?o }} }}",
        "SELECT * FROM NAMED <{url}g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ],
)
def test_the_issue_probes_are_refused(
    loaded_kg: tk.KnowledgeGraph, listener: tuple[str, list[object]], template: str
) -> None:
    url, accepted = listener
    text = template.format(url=url, port=url.rsplit(":", 1)[1].strip("/"))
    with pytest.raises((tk.UnsafeQueryError, tk.QuerySyntaxError)):
        loaded_kg.query(text)
    assert accepted == []


def test_a_hidden_load_and_drop_all_do_not_run(store_kg: tk.KnowledgeGraph, listener: tuple[str, list[object]]) -> None:
    url, accepted = listener
    before = len(store_kg.members())
    for text in (
        f'INSERT DATA {{ <urn:x:a> <urn:x:b> "c" }} #x\r; LOAD <{url}d> ; DROP ALL\n',
        f'INSERT DATA {{ <urn:x:a> <urn:x:b> "\\u0022 }} ; LOAD <{url}d> ; DROP ALL #" }}',
    ):
        with pytest.raises(tk.TerveKuntaError):
            store_kg.update(text)
    assert accepted == [] and len(store_kg.members()) == before > 0


def test_untrusted_queries_reach_nothing(loaded_kg: tk.KnowledgeGraph, listener: tuple[str, list[object]]) -> None:
    url, accepted = listener
    for query in (
        f"SELECT * WHERE {{ SERVICE <{url}sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE SILENT <{url}x> {{ ?s ?q ?v }} }} }}",
        f"SELECT * FROM <{url}data.ttl> WHERE {{ ?s ?p ?o }}",
        f"ASK {{ SERVICE <{url}sparql> {{ ?s ?p ?o }} }}",
    ):
        with pytest.raises(tk.UnsafeQueryError, match="refused"):
            loaded_kg.query(query)
    for update in (f"LOAD <{url}data.ttl>", f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}s> {{ ?s ?p ?o }} }}"):
        with pytest.raises(tk.UnsafeQueryError, match="refused"):
            loaded_kg.update(update)
    with pytest.raises(tk.QuerySyntaxError, match="update, not a query"):
        loaded_kg.query(f"LOAD <{url}data.ttl>")
    assert accepted == []


def test_the_listener_would_notice_an_opted_in_service_call(
    kg: tk.KnowledgeGraph, listener: tuple[str, list[object]]
) -> None:
    url, accepted = listener
    with pytest.raises(tk.TerveKuntaError):  # the listener closes the connection
        kg.query(f"SELECT * WHERE {{ SERVICE <{url}sparql> {{ ?s ?p ?o }} }}", allow_network=True)
    assert len(accepted) >= 1


# ---------------------------------------------------------------------- updates and datasets the guard reads right


def test_insert_where_and_from_named_are_read_right() -> None:
    assert check_update("INSERT { ?s <urn:x:p> 1 } WHERE { ?s ?p ?o }").fetches == ()
    assert check_update("DELETE { ?s ?p ?o } WHERE { ?s <urn:x:p> ?o }").fetches == ()
    assert check_update("WITH <urn:x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }").fetches == ()
    assert check_update("INSERT { ?s ?p ?o } USING <urn:x:g> WHERE { ?s ?p ?o }", allow_network=True).fetches
    with pytest.raises(tk.UnsafeQueryError, match="FROM clause"):
        check_query("SELECT * FROM NAMED <urn:x:g> WHERE { GRAPH ?g { ?s ?p ?o } }")
    named = check_query("SELECT * FROM NAMED <urn:x:g> WHERE { GRAPH ?g { ?s ?p ?o } }", allow_network=True)
    assert named.fetches == ("a FROM clause (<urn:x:g>)",) and named.has_dataset


def test_kg_update_runs_insert_where(fresh_kg: tk.KnowledgeGraph) -> None:
    fresh_kg.update('INSERT { ?m <urn:x:seen> "yes" } WHERE { ?m dct:identifier "297" }')
    assert fresh_kg.query('ASK { ?m <urn:x:seen> "yes" ; dct:identifier "297" }') is True


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   # only a comment\n", "empty"),
        ("SELECT * WHERE { ?s ?p '\ud800' }", "lone surrogate"),
        ("SELECT * WHERE { ?s ?p '\\uD800' }", "not a Unicode character"),
        ("SELECT * WHERE { ?s ex:p ?o }", "prefix ex: is not declared"),
        ("SELECT * WHERE { ?s <p> ?o }", "needs a BASE"),
        ("SELECT * WHERE { ?s ?p ?o } \x00", "unexpected character"),
    ],
)
def test_bad_text_is_a_clear_syntax_error(kg: tk.KnowledgeGraph, text: str, message: str) -> None:
    with pytest.raises(tk.QuerySyntaxError, match=message):
        kg.query(text)


def test_bad_bindings_are_clear_errors(kg: tk.KnowledgeGraph) -> None:
    with pytest.raises(tk.QueryError, match="lone surrogate"):
        kg.query("SELECT ?v WHERE { }", v="a\udc80")
    with pytest.raises(tk.QueryError, match="not a SPARQL variable name"):
        kg.query("SELECT * WHERE { }", **{"a b": "1"})  # type: ignore[arg-type]
    with pytest.raises(tk.QueryError, match="not a SPARQL variable name"):
        kg.query("SELECT * WHERE { }", **{"}": "1"})  # type: ignore[arg-type]


def test_the_guard_is_safe_in_threads() -> None:
    # pyparsing's packrat cache is shared: parsing in two threads at once gave spurious syntax errors
    import threading

    texts = [f"SELECT ?s WHERE {{ ?s ?p {i} . FILTER(?s != <urn:x:{i}>) }} LIMIT {i + 1}" for i in range(24)]
    errors: list[BaseException] = []

    def check(part: list[str]) -> None:
        for text in part:
            try:
                check_query(text)
            except BaseException as exc:  # any error is the failure to report
                errors.append(exc)

    threads = [threading.Thread(target=check, args=(texts[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
