r"""One reading of a SPARQL text, written out so that every parser reads it the same way.

The query guard parses with rdflib; Oxigraph and the endpoints run the query with
parsers of their own, and parsers disagree on texts at the edge of the grammar: a
comment ended by a carriage return alone, ``\uXXXX`` escapes outside strings (the
grammar expands them before parsing, Oxigraph only inside strings), a keyword glued
to a prefixed name. Whatever the guard had checked, another parser could then find
a ``SERVICE`` call in the same text.

So the text is read once, here, by a lexer that follows the SPARQL 1.1 grammar
(section 19), and written anew in a form with nothing left to read differently:

- ``\uXXXX`` and ``\UXXXXXXXX`` are expanded first, everywhere, as the grammar says;
- comments are dropped (a comment ends at a line feed *or* a carriage return);
- prefixed names become full IRIs (the query's own ``PREFIX`` declarations, then the
  package's prefixes) and relative IRIs are resolved against ``BASE``; the
  declarations themselves are dropped;
- every string is written as one ``"..."`` string with only ``\\ \" \n \r`` escaped;
- tokens are separated by one space, or by as many line feeds as separated them
  before, so that a parser's line numbers still point at the user's lines; a
  language tag, a ``^^`` and a function's ``(`` are glued to what they follow.

The guard checks this text, and this text is what the stores run: the text that
runs is the text that was checked.

>>> text = "PREFIX ex: <http://example.org/>\nSELECT * WHERE { ?s ex:p 'caf\\u00e9' } # x\rLIMIT 1"
>>> print(canonical_text(text))
<BLANKLINE>
SELECT * WHERE { ?s <http://example.org/p> "café" }
LIMIT 1
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin

from terve_kunta.errors import QuerySyntaxError
from terve_kunta.namespaces import PREFIXES

__all__ = ["Token", "canonical_text", "canonical_tokens", "lex"]

_BASE_CHARS = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_U = _BASE_CHARS + "_"
_CHARS = _U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PREFIX = f"[{_BASE_CHARS}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = f"(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_VARNAME = f"[{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
_EXPONENT = r"[eE][+-]?[0-9]+"

_TOKEN = re.compile(
    rf"""
      (?P<space>[ \t\r\n]+)
    | (?P<comment>\#[^\r\n]*)
    | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
    | (?P<long>\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"|'''(?:(?:'|'')?(?:[^'\\]|\\.))*''')
    | (?P<string>"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
    | (?P<var>[?$]{_VARNAME})
    | (?P<bnode>_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?)
    | (?P<pname>(?:{_PREFIX})?:(?:{_LOCAL})?)
    | (?P<lang>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
    | (?P<number>[+-]?(?:[0-9]+\.[0-9]*{_EXPONENT}|\.[0-9]+{_EXPONENT}|[0-9]+{_EXPONENT}|[0-9]*\.[0-9]+|[0-9]+))
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[{{}}()\[\];,.=<>!+\-*/^|?])
    """,
    re.VERBOSE | re.DOTALL,
)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_WRITE = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Token:
    """A token of the canonical text: its kind (``iri``, ``string``, ``word``, ``var``...) and its text."""

    kind: str
    text: str
    line: int


def _expand(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise QuerySyntaxError(f"{match.group()} is not a Unicode character (SPARQL text must be valid Unicode)")
    return chr(code)


def _string_value(token: str, line: int) -> str:
    quote = 3 if token[:3] in ('"""', "'''") else 1
    body = token[quote:-quote]

    def unescape(match: re.Match[str]) -> str:
        char = match.group(1)
        if char not in _ECHAR:
            raise QuerySyntaxError(f"line {line}: \\{char} is not an escape a SPARQL string may hold")
        return _ECHAR[char]

    return _ESCAPE.sub(unescape, body)


def lex(text: str) -> Iterator[tuple[str, str, int, int]]:
    r"""The tokens of ``text`` (codepoint escapes already expanded) as (kind, text, line, line breaks inside).

    Spaces and comments are tokens too (kind ``space``/``comment``); a character that
    starts no token is a :class:`~terve_kunta.errors.QuerySyntaxError` naming its line.
    """
    position, line = 0, 1
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise QuerySyntaxError(f"line {line}: unexpected character {text[position]!r} in the SPARQL text")
        kind = match.lastgroup or "punct"
        value = match.group()
        breaks = len(_LINE_BREAK.findall(value)) if kind in ("space", "long") else 0
        yield kind, value, line, breaks
        line += breaks
        position = match.end()


def _resolve(iri: str, base: str | None, line: int) -> str:
    if not _ABSOLUTE.match(iri):
        if base is None:
            raise QuerySyntaxError(f"line {line}: the relative IRI <{iri}> needs a BASE declaration before it")
        iri = urljoin(base, iri)
    if _BAD_IRI.search(iri):
        raise QuerySyntaxError(f"line {line}: <{iri}> is not a valid IRI")
    return iri


def _local(name: str) -> str:
    return re.sub(r"\\(.)", r"\1", name)


def canonical_tokens(text: str, prefixes: Mapping[str, str]) -> Iterator[tuple[Token, int]]:
    """The canonical tokens of ``text`` with the line breaks to write before each."""
    if _SURROGATE.search(text):
        raise QuerySyntaxError("the SPARQL text holds a lone surrogate, which is not a Unicode character")
    text = _CODEPOINT.sub(_expand, text)
    declared = dict(prefixes)
    base: str | None = None
    pending: list[tuple[str, str, int]] = []  # an open PREFIX or BASE declaration
    breaks = 0
    for kind, value, line, inside in lex(text):
        if kind in ("space", "comment"):
            breaks += inside
            continue
        if pending or (kind == "word" and value.upper() in ("PREFIX", "BASE")):
            pending.append((kind, value, line))
            base = _declaration(pending, declared, base)
            continue
        yield _token(kind, value, line, declared, base), breaks
        breaks = inside
    if pending:  # the text ends inside a declaration
        raise _malformed(pending)


def _declaration(pending: list[tuple[str, str, int]], declared: dict[str, str], base: str | None) -> str | None:
    """Read the declaration in ``pending`` once it is whole (and empty ``pending``); return the base IRI."""
    keyword, line = pending[0][1].upper(), pending[0][2]
    wanted = ["word", "pname", "iri"] if keyword == "PREFIX" else ["word", "iri"]
    if [kind for kind, _, _ in pending] != wanted[: len(pending)] or (
        keyword == "PREFIX" and len(pending) > 1 and not pending[1][1].endswith(":")
    ):
        raise _malformed(pending)
    if len(pending) < len(wanted):
        return base
    iri = _resolve(pending[-1][1][1:-1], base, line)
    if keyword == "PREFIX":
        declared[pending[1][1][:-1]] = iri
    else:
        base = iri
    pending.clear()
    return base


def _malformed(pending: list[tuple[str, str, int]]) -> QuerySyntaxError:
    keyword, line = pending[0][1].upper(), pending[0][2]
    what = "a prefix (ex:) and an <IRI>" if keyword == "PREFIX" else "an <IRI>"
    return QuerySyntaxError(f"line {line}: {keyword} must be followed by {what}")


def _token(kind: str, value: str, line: int, declared: Mapping[str, str], base: str | None) -> Token:
    if kind == "iri":
        return Token("iri", f"<{_resolve(value[1:-1], base, line)}>", line)
    if kind == "pname":
        prefix, _, local = value.partition(":")
        if prefix not in declared:
            raise QuerySyntaxError(f"line {line}: the prefix {prefix}: is not declared (PREFIX {prefix}: <...>)")
        return Token("iri", f"<{_resolve(declared[prefix] + _local(local), base, line)}>", line)
    if kind in ("string", "long"):
        written = "".join(_WRITE.get(c, c) for c in _string_value(value, line))
        return Token("string", f'"{written}"', line)
    if kind == "var":
        return Token("var", "?" + value[1:], line)
    return Token(kind, value, line)


def canonical_text(text: str, prefixes: Mapping[str, str] | None = None) -> str:
    """The canonical form of the SPARQL query or update ``text`` (see the module).

    ``prefixes`` (default: the package's) may be used without being declared.
    """
    out: list[str] = []
    previous, carried = Token("", "", 0), 0
    for token, breaks in canonical_tokens(text, PREFIXES if prefixes is None else prefixes):
        breaks += carried
        carried = 0
        if token.kind == "lang" or "^^" in (token.text, previous.text) or (token.text, previous.kind) == ("(", "word"):
            # a language tag or datatype stays on its literal's line; a function's "(" on its name's
            # (Oxigraph reads "COALESCE (" as an error)
            carried = breaks
        elif breaks:
            out.append("\n" * breaks)
        elif out:
            out.append(" ")
        out.append(token.text)
        previous = token
    return "".join(out)
