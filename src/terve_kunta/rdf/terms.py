r"""RDF terms between Python values, rdflib, pyoxigraph and SPARQL text.

Query parameters arrive as Python values (``"11"``, ``date(2025, 1, 1)``, an IRI);
each store needs them as its own kind of term. Values become terms here, never
pieces of query text: the only text form is :func:`sparql_term`, an escaped
N-Triples term that a SPARQL parser reads back as the same single value.

>>> to_term(date(2025, 1, 1))
rdflib.term.Literal('2025-01-01', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#date'))
>>> print(sparql_term(Literal('say "hi" }')))
"say \"hi\" }"
>>> to_python(Literal("2024", datatype=XSD.gYear)), to_python(URIRef("https://example.org/x"))
('2024', 'https://example.org/x')
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from terve_kunta.errors import TermError

__all__ = ["from_oxigraph", "sparql_term", "to_oxigraph", "to_python", "to_term"]

# Characters that an IRIREF may not contain (SPARQL 1.1 grammar, production 139).
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANG = re.compile(r"^[a-zA-Z]+(-[a-zA-Z0-9]+)*$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def to_term(value: Any) -> Node:
    """An rdflib term for a Python value: terms pass through, ``str`` is a plain literal.

    Dates, numbers and booleans become typed literals. Give an IRI as
    ``rdflib.URIRef``; a ``str`` is always a literal, so text cannot become an IRI.
    """
    if isinstance(value, URIRef):
        check_iri(str(value))
        return value
    if isinstance(value, Literal | BNode):
        return value
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int | float | Decimal | str | datetime | date):
        return Literal(value)
    raise TermError(f"cannot bind a {type(value).__name__} as an RDF term: {value!r}")


def check_iri(iri: str) -> str:
    """Return ``iri`` if it is a well-formed absolute IRI; raise :class:`~terve_kunta.errors.TermError` otherwise."""
    if not iri or _BAD_IRI.search(iri) or ":" not in iri:
        raise TermError(f"not a valid absolute IRI: {iri!r}")
    return iri


def to_python(term: Node | None) -> Any:
    """A plain Python value for a result term: IRIs and blank nodes as ``str``, literals typed.

    Literals whose type Python has no value for (``xsd:gYear``...) become their text.
    """
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return str(term)


def sparql_term(term: Node) -> str:
    """The term in SPARQL syntax, escaped so that it stays one value in any query text."""
    if isinstance(term, URIRef):
        return f"<{check_iri(str(term))}>"
    if isinstance(term, Literal):
        text = '"' + "".join(_ESCAPES.get(c, c) for c in str(term)) + '"'
        if term.language:
            if not _LANG.match(term.language):
                raise TermError(f"not a valid language tag: {term.language!r}")
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^<{check_iri(str(term.datatype))}>"
        return text
    raise TermError(f"cannot write a {type(term).__name__} into a query: {term!r}")


def to_oxigraph(term: Node) -> Any:
    """The pyoxigraph term for an rdflib term."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TermError(f"cannot give a {type(term).__name__} to Oxigraph: {term!r}")


def from_oxigraph(term: Any) -> Node:
    """The rdflib term for a pyoxigraph term."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))
    raise TermError(f"unsupported term from Oxigraph: {term!r}")
