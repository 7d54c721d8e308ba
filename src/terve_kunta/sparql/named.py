"""Named queries: the SPARQL files shipped in ``ontology/queries/``, one question per file.

Each ``.rq`` file opens with a comment header: a first line that says what it
answers, more lines of explanation, and one ``@param NAME TYPE [optional|default=...]
description`` line per parameter (``TYPE`` is ``xsd:string``, ``xsd:integer``,
``xsd:date`` or ``iri``). Parameter values become RDF terms of that type and are
bound by the store (rdflib's ``initBindings``, Oxigraph's substitutions, an inline
``VALUES`` block for an endpoint), never pasted into the text.

>>> [q.name for q in named_queries()][:3]
['criteria-by-group', 'members-by-region', 'members-by-wellbeing-services-county']
>>> q = named_query("members-by-region")
>>> q.title
"Members by region: the network's members on a date, with the region (maakunta) each lies in."
>>> [(p.name, p.type, p.required) for p in q.params]
[('as_of', 'xsd:date', False), ('region_code', 'xsd:string', False)]
>>> q.bind({"region_code": 11})
Traceback (most recent call last):
...
terve_kunta.errors.QueryParameterError: members-by-region: parameter region_code: expected a string, got int 11
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from terve_kunta.errors import (
    DataFileError,
    OptionError,
    QueryParameterError,
    TermError,
    UnknownNameError,
    close_matches,
)
from terve_kunta.options import as_of_date
from terve_kunta.rdf.terms import check_iri

if TYPE_CHECKING:
    from terve_kunta.sparql.safety import CheckedQuery

__all__ = ["NamedQuery", "Param", "named_queries", "named_query", "prepare"]

QUERY_FOLDER = "queries"
_PARAM = re.compile(
    r"^@param\s+(?P<name>[A-Za-z_]\w*)\s+(?P<type>\S+)(?:\s+(?P<flag>optional|default=\S+))?\s*(?P<doc>.*)$"
)
_TYPES = ("xsd:string", "xsd:integer", "xsd:date", "iri")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Param:
    """A parameter of a named query: its name, type, whether it must be given, its default and meaning."""

    name: str
    type: str
    required: bool
    default: str | None
    doc: str

    def term(self, query: str, value: Any) -> Node:
        """The RDF term for ``value`` (a Python value or its text, as from the command line)."""
        where = f"{query}: parameter {self.name}"
        if self.type == "xsd:date":
            try:
                return Literal(as_of_date(value, where))
            except OptionError as exc:
                raise QueryParameterError(str(exc)) from None
        if self.type == "xsd:integer":
            if isinstance(value, bool):
                raise QueryParameterError(f"{where}: expected an integer, got {value!r}")
            try:
                return Literal(int(str(value).strip()), datatype=XSD.integer)
            except ValueError:
                raise QueryParameterError(f"{where}: expected an integer, got {value!r}") from None
        if self.type == "iri":
            try:
                return URIRef(check_iri(str(value)))
            except TermError as exc:
                raise QueryParameterError(f"{where}: {exc}") from None
        if not isinstance(value, str):
            raise QueryParameterError(f"{where}: expected a string, got {type(value).__name__} {value!r}")
        return Literal(value)


@dataclass(frozen=True)
class NamedQuery:
    """One shipped query: its name (file stem), SPARQL text, title, description and parameters."""

    name: str
    text: str
    title: str
    description: str
    params: tuple[Param, ...]

    def bind(self, values: Mapping[str, Any]) -> dict[str, Node]:
        """Check ``values`` against the parameters and return the terms to bind (defaults filled in)."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            expected = ", ".join(known) or "none"
            raise QueryParameterError(f"{self.name}: unknown parameter {unknown[0]!r} (parameters: {expected})")
        bound: dict[str, Node] = {}
        for param in self.params:
            value = values.get(param.name, param.default)
            if value is None:
                if param.required:
                    raise QueryParameterError(f"{self.name}: parameter {param.name} is required ({param.doc})")
                continue
            bound[param.name] = param.term(self.name, value)
        return bound


def _parse(name: str, text: str) -> NamedQuery:
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line[1:].strip())
    if not header or not header[0]:
        raise DataFileError(
            f"ontology/{QUERY_FOLDER}/{name}.rq: the first line must be a comment saying what it answers"
        )
    params, prose = [], []
    for line in header[1:]:
        match = _PARAM.match(line)
        if line.startswith("@param") and not match:
            raise DataFileError(f"ontology/{QUERY_FOLDER}/{name}.rq: cannot read the line {line!r}")
        if match is None:
            prose.append(line)
            continue
        if match["type"] not in _TYPES:
            raise DataFileError(
                f"ontology/{QUERY_FOLDER}/{name}.rq: parameter {match['name']}: type {match['type']!r} is not one of "
                f"{', '.join(_TYPES)}"
            )
        flag = match["flag"] or ""
        default = flag.removeprefix("default=") if flag.startswith("default=") else None
        params.append(Param(match["name"], match["type"], not flag, default, match["doc"].strip()))
    description = " ".join(" ".join(prose).split())
    return NamedQuery(name, text, header[0], description, tuple(params))


@cache
def named_queries() -> tuple[NamedQuery, ...]:
    """Every shipped named query, by name."""
    folder = files("terve_kunta.ontology") / QUERY_FOLDER
    found = [
        _parse(entry.name.removesuffix(".rq"), entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".rq")
    ]
    return tuple(sorted(found, key=lambda q: q.name))


def named_query(name: str) -> NamedQuery:
    """The named query ``name`` (a file stem such as ``"members-by-region"``)."""
    for query in named_queries():
        if query.name == name:
            return query
    raise UnknownNameError(f"no named query is called {name!r}", close_matches(name, [q.name for q in named_queries()]))


def prepare(
    sparql: str, bindings: Mapping[str, Any], *, allow_network: bool = False
) -> tuple[CheckedQuery, dict[str, Node]]:
    """Check ``sparql`` (query text, or the name of a shipped query) and turn ``bindings`` into RDF terms.

    A name (one word, no spaces or braces) is a named query, whose parameters are
    checked and typed; text gets its ``bindings`` turned into RDF terms as they are.
    An unsafe query is refused (see :mod:`terve_kunta.sparql.safety`). The store
    then runs the checked query and binds the terms itself.

    >>> checked, terms = prepare("members-by-region", {"region_code": "11"})
    >>> checked.form, terms["region_code"]
    ('SELECT', rdflib.term.Literal('11'))
    """
    from terve_kunta.sparql.safety import check_query

    text = sparql.strip()
    if text and not any(c.isspace() or c == "{" for c in text):
        named = named_query(text)
        checked, terms = check_query(named.text, allow_network=allow_network), named.bind(bindings)
    else:
        from terve_kunta.rdf.terms import to_term

        checked = check_query(sparql, allow_network=allow_network)
        terms = {_variable(name): to_term(value) for name, value in bindings.items()}
    for name, term in terms.items():
        if _SURROGATE.search(str(term)) or _SURROGATE.search(str(getattr(term, "datatype", "") or "")):
            raise QueryParameterError(f"?{name}: the value holds a lone surrogate, which is not a Unicode character")
    checked.check_bindings(terms)
    return checked, terms


def _variable(name: object) -> str:
    if not isinstance(name, str) or not _VARIABLE.match(name):
        raise QueryParameterError(f"cannot bind {name!r}: not a SPARQL variable name (letters, digits and _)")
    return name
