r"""N-Triples and N-Quads text written straight from a selection, and the formats Oxigraph writes from it.

Writing a line per triple from the graph's index costs about a microsecond,
several times less than rdflib's writer or than handing each term to Oxigraph one
by one. Turtle, TriG and RDF/XML are then written by Oxigraph from that text
(parsed and serialised in its Rust code, with the package's prefixes), so that the
Python side never builds a term object per triple.

IRIs are checked as they are written (an IRI that N-Triples cannot hold raises
:class:`~terve_kunta.errors.ExportError` naming it); a blank node whose label
N-Triples cannot hold gets one made from it.

>>> from rdflib import BNode, Literal, URIRef
>>> terms = Terms()
>>> terms.term(Literal('say "hi"\n', lang="en")), terms.term(URIRef("https://example.org/a")), terms.term(BNode("b1"))
('"say \\"hi\\"\\n"@en', '<https://example.org/a>', '_:b1')
>>> terms.term(BNode("a b"))[:6], terms.term(BNode("a b")) == terms.term(BNode("a b")) != terms.term(BNode("a:b"))
('_:hc86', True)
>>> terms.term(URIRef("https://example.org/a b"))
Traceback (most recent call last):
...
terve_kunta.errors.ExportError: cannot write the IRI 'https://example.org/a b': N-Triples and Turtle cannot hold ...
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from terve_kunta.errors import ExportError
from terve_kunta.export.graphs import GraphMap
from terve_kunta.namespaces import PREFIXES, XSD

__all__ = ["EXPORT_PREFIXES", "Terms", "nquads_by_graph", "ntriples_lines", "via_oxigraph", "write_triples"]

#: The prefixes of Turtle, TriG and RDF/XML exports: the package's, and those of the description's vocabularies.
EXPORT_PREFIXES = {
    **PREFIXES,
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "void": "http://rdfs.org/ns/void#",
}

_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ESCAPE = re.compile(r'["\\\n\r]')
_ESCAPES = str.maketrans({'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r"})
_LABEL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?\Z")
_STRING = str(XSD.string)


class Terms:
    """Terms in N-Triples syntax (see the module); one per export, so that blank node labels stay the same."""

    def __init__(self) -> None:
        self._labels: dict[str, str] = {}

    def iri(self, value: str) -> str:
        """``<value>``, checked."""
        if _BAD_IRI.search(value):
            raise ExportError(
                f"cannot write the IRI {str(value)!r}: N-Triples and Turtle cannot hold spaces, "
                '<, >, ", {, }, |, ^, ` or \\ in an IRI'
            )
        return f"<{value}>"

    def blank(self, label: str) -> str:
        """``_:label``; a label that N-Triples cannot hold becomes one made from its SHA-256 (the same each time)."""
        if _LABEL.match(label):
            return f"_:{label}"
        found = self._labels.get(label)
        if found is None:
            found = self._labels[label] = "_:h" + hashlib.sha256(label.encode("utf-8")).hexdigest()[:32]
        return found

    def term(self, node: Node) -> str:
        """Any term (the writers call it per triple: the common cases come first)."""
        kind = type(node)
        if kind is URIRef:
            iri = str(node)
            return f"<{iri}>" if not _BAD_IRI.search(iri) else self.iri(iri)
        if kind is Literal:
            literal: Any = node
            text = str(literal)
            if _ESCAPE.search(text):
                text = text.translate(_ESCAPES)
            if literal.language:
                return f'"{text}"@{literal.language}'
            datatype = literal.datatype
            if datatype is None or datatype == _STRING:
                return f'"{text}"'
            return f'"{text}"^^{self.iri(datatype)}'
        if kind is BNode or isinstance(node, BNode):
            return self.blank(str(node))
        if isinstance(node, URIRef):
            return self.iri(node)
        if isinstance(node, Literal):  # a subclass
            return self.term(Literal(str(node), lang=node.language, datatype=node.datatype))
        raise ExportError(f"cannot write {node!r} in RDF: not an IRI, blank node or literal")


def ntriples_lines(data: Iterable[tuple[Node, Mapping[Node, Iterable[Node]]]], terms: Terms, into: list[str]) -> None:
    """Append a line to ``into`` for each triple of ``data`` (subject -> predicate -> objects)."""
    term, bad = terms.term, _BAD_IRI.search
    append = into.append
    for s, predicates in data:
        subject = term(s)
        for p, objects in predicates.items():
            start = f"{subject} {term(p)} "
            for o in objects:
                if type(o) is URIRef and not bad(o):  # the commonest case, without a call
                    append(f"{start}<{o}> .\n")
                else:
                    append(f"{start}{term(o)} .\n")


def nquads_by_graph(
    data: Iterable[tuple[Node, Mapping[Node, Iterable[Node]]]], graphs: GraphMap, terms: Terms
) -> dict[URIRef | None, list[str]]:
    """The N-Quads lines of ``data``, by named graph (None: the default graph), each triple in each of its graphs."""
    term, bad = terms.term, _BAD_IRI.search
    found: dict[URIRef | None, list[str]] = {None: []}
    targets: dict[URIRef | None, tuple[list[str], str]] = {None: (found[None], " .\n")}

    def target(graph: URIRef | None) -> tuple[list[str], str]:
        if graph not in targets:
            found[graph] = []
            targets[graph] = found[graph], f" {terms.iri(str(graph))} .\n"
        return targets[graph]

    whole, each, extra, by_id = graphs.whole, graphs.each, graphs.extra, graphs.by_id
    for s, predicates in data:
        subject = term(s)
        subject_graphs = whole.get(s, ())
        named, more, ids = each.get(s), extra.get(s), by_id.get(s, {})
        if named is None and more is None and len(subject_graphs) <= 1:  # every triple of the subject in one graph
            into, end = target(subject_graphs[0] if subject_graphs else None)
            for p, objects in predicates.items():
                start = f"{subject} {term(p)} "
                into.extend(f"{start}{term(o)}{end}" for o in objects)
            continue
        for p, objects in predicates.items():
            start, key = f"{subject} {term(p)} ", id(p)
            for o in objects:
                line = f"{start}<{o}>" if type(o) is URIRef and not bad(o) else f"{start}{term(o)}"
                in_graphs = subject_graphs
                if named is not None:
                    in_file = ids.get((key, id(o)))
                    in_graphs = in_graphs + (in_file if in_file is not None else named.get((p, o), ()))
                if more is not None:
                    in_graphs = in_graphs + more.get((p, o), ())
                for graph in in_graphs or (None,):
                    into, end = targets.get(graph) or target(graph)
                    into.append(line + end)
    return found


def via_oxigraph(text: str, quads: bool, format_name: str) -> str:
    """N-Triples (or N-Quads) ``text`` written by Oxigraph in the pyoxigraph format ``format_name``."""
    import pyoxigraph as ox

    source = ox.RdfFormat.N_QUADS if quads else ox.RdfFormat.N_TRIPLES
    target = getattr(ox.RdfFormat, format_name)
    prefixes = EXPORT_PREFIXES if format_name in ("TURTLE", "TRIG", "RDF_XML") else None
    data = ox.serialize(ox.parse(text, format=source), format=target, prefixes=prefixes)
    assert data is not None
    return bytes(data).decode("utf-8")


def write_triples(triples: Iterable[tuple[Node, Node, Node]], format_name: str) -> str:
    """``triples`` (distinct) in the pyoxigraph format ``format_name`` (``N_TRIPLES``, ``TURTLE`` ...)."""
    terms = Terms()
    text = "".join(f"{terms.term(s)} {terms.term(p)} {terms.term(o)} .\n" for s, p, o in triples)
    return text if format_name == "N_TRIPLES" else via_oxigraph(text, False, format_name)
