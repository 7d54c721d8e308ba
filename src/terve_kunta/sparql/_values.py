r"""Bind query parameters for a SPARQL endpoint, which has no binding API of its own.

The SPARQL protocol sends query text only. Parameters therefore go in as an
inline ``VALUES`` block at the start of the query's outermost ``WHERE`` group, each
value written by :func:`terve_kunta.rdf.terms.sparql_term` (escaped, so a value with
quotes or ``}`` stays one value). The place is found by a small SPARQL lexer
that skips comments, strings and IRIs, never by searching the raw text.

Within that group this equals binding beforehand (rdflib's ``initBindings``,
Oxigraph's substitutions); the named queries use their parameters there.

>>> from rdflib import Literal
>>> print(inject_values("SELECT ?m WHERE { ?m ?p ?code }", {"code": Literal('1"}')}))
SELECT ?m WHERE { VALUES (?code) { ("1\"}") } ?m ?p ?code }
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from rdflib.term import Node

from terve_kunta.errors import QueryParameterError, QuerySyntaxError
from terve_kunta.rdf.terms import sparql_term

__all__ = ["inject_values", "tokens"]

_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>\#[^\n]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*)
    | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


def tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """The query's tokens as (kind, text, offset), without spaces and comments."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if kind not in ("space", "comment"):
            yield kind, match.group(), match.start()


def _where_brace(text: str) -> int:
    """Offset of the ``{`` that opens the outermost WHERE group."""
    depth, form, skip_template = 0, None, False
    for kind, value, offset in tokens(text):
        if form is None:
            if kind == "word" and value.upper() in _FORMS:
                form = value.upper()
                skip_template = form == "CONSTRUCT"
            continue
        if kind == "word" and value.upper() == "WHERE" and depth == 0:
            skip_template = False
        if value == "{":
            if depth == 0 and not skip_template:
                return offset
            depth += 1
        elif value == "}":
            depth -= 1
            if depth == 0 and skip_template:
                skip_template = False  # the CONSTRUCT template is over
    raise QuerySyntaxError("cannot bind parameters: the query has no WHERE group")


def inject_values(text: str, bindings: Mapping[str, Node]) -> str:
    """Return ``text`` with ``bindings`` as a VALUES block opening its outermost WHERE group."""
    if not bindings:
        return text
    for name in bindings:
        if not _VARIABLE.match(name):
            raise QueryParameterError(f"not a valid SPARQL variable name: {name!r}")
    brace = _where_brace(text)
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(sparql_term(term) for term in bindings.values())
    return f"{text[: brace + 1]} VALUES ({names}) {{ ({values}) }}{text[brace + 1 :]}"
