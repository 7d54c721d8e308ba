"""rdflib's ``longturtle`` serialisation, written from plain indexes: the same text, several times faster.

rdflib's serialiser asks its store for each subject's triples, for each term's prefixed
name and for each list node's ``rdf:first`` through the generic ``Graph`` API, many
times over; here every triple is indexed once and every term is written once.
:func:`longturtle` follows ``rdflib.plugins.serializers.longturtle`` (rdflib 7) step by
step: the same order of subjects (``rdfs:Class`` members, then by kind, references and
name), of predicates (``rdf:type``, ``rdfs:label``, then sorted) and of objects (rdflib's
term order), the same nesting of blank nodes and lists, and the same prefixed names,
computed by rdflib's own namespace manager. Where rdflib would invent a prefix (``ns1``)
for a predicate, the result would depend on the order in which rdflib's store yields its
triples; :func:`longturtle` then returns None and the caller lets rdflib write the graph.
``tests/rdf/test_longturtle.py`` compares the two on graphs of every shape.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

__all__ = ["longturtle"]

Triple = tuple[Node, Node, Node]

_SUBJECT, _VERB, _OBJECT = 0, 1, 2
_TYPE, _LABEL, _NIL, _FIRST, _REST, _CLASS = RDF.type, RDFS.label, RDF.nil, RDF.first, RDF.rest, RDFS.Class
_FIRST_PREDICATES = (_TYPE, _LABEL)  # rdflib's ``predicateOrder``
_NOT_LATER = frozenset(_FIRST_PREDICATES)
_KEYWORDS = frozenset([_TYPE])
_INDENT = "    "
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")  # a % not followed by two hex digits is escaped


def _in_order(items: Iterable[Any]) -> list[Any]:
    """``items`` sorted by rdflib's order of terms, as rdflib's serialiser sorts them.

    IRIs alone (of the one class URIRef) compare as their text: then sort by the text,
    without a Python-level comparison for each pair.
    """
    found = list(items)
    if all(type(item) is URIRef for item in found):
        return sorted(found, key=str)
    return sorted(found)


class _Writer:
    def __init__(self, triples: Iterable[Triple], names: Graph) -> None:
        self.names = names  # its namespace manager makes the prefixed names, as rdflib's serialiser does
        self.unsure = False  # a case that only rdflib's serialiser decides (a generated prefix): the text is not used
        self.index: dict[Node, dict[Node, list[Node]]] = {}
        self.references: defaultdict[Node, int] = defaultdict(int)
        for s, p, o in dict.fromkeys(triples):  # a graph holds each triple once, in the order first added
            self.unsure |= isinstance(p, BNode)
            self.index.setdefault(s, {}).setdefault(p, []).append(o)
            self.references[o] += 1
        self.prefixes: dict[str, str] = {}
        self.pnames: dict[tuple[Node, bool], str | None] = {}
        self.labels: dict[tuple[Node, int], str] = {}
        self.done: set[Node] = set()
        self.depth = 0
        self.out: list[str] = []

    # ---------------------------------------------------------------- names

    def pname(self, uri: Node, generate: bool) -> str | None:
        """``get_pname`` of rdflib's serialiser, once per term; registers the prefix it uses."""
        if not isinstance(uri, URIRef):
            return None
        key = (uri, generate)
        if key not in self.pnames:
            self.pnames[key] = self._pname(uri, generate)
        return self.pnames[key]

    def _pname(self, uri: URIRef, generate: bool) -> str | None:
        try:
            prefix, namespace, local = self.names.namespace_manager.compute_qname(uri, generate=False)
        except KeyError:
            if generate:  # rdflib would bind a new prefix here, in an order its store decides
                self.unsure = True
            return self._whole_namespace(uri)
        except Exception:  # rdflib's serialiser treats every other failure alike
            return self._whole_namespace(uri)
        return self._register(prefix, namespace, local)

    def _whole_namespace(self, uri: URIRef) -> str | None:
        prefix = self.names.store.prefix(uri)
        return None if prefix is None else self._register(prefix, uri, "")

    def _register(self, prefix: str, namespace: str, local: str) -> str | None:
        local = _PERCENT.sub("\\%", local.replace("(", r"\(").replace(")", r"\)"))
        if local.endswith("."):
            return None
        if prefix.startswith("_") or self.prefixes.get(prefix, namespace) != namespace:
            self.unsure = True  # rdflib would rename the prefix
            return None
        self.prefixes[prefix] = namespace
        return f"{prefix}:{local}"

    def label(self, node: Node, position: int) -> str:
        key = (node, position)
        if key not in self.labels:
            if node == _NIL:
                text = "()"
            elif position == _VERB and node == _TYPE:
                text = "a"
            elif isinstance(node, Literal):
                text = node._literal_n3(use_plain=True, qname_callback=lambda dt: self.pname(dt, False))
            else:
                text = self.pname(node, position == _VERB) or node.n3()
            self.labels[key] = text
        return self.labels[key]

    # ---------------------------------------------------------------- document

    def write(self) -> str:
        for s, properties in self.index.items():  # rdflib's preprocess: every prefix the text will use
            self.pname(s, False)
            for p, objects in properties.items():
                if p not in _KEYWORDS:
                    self.pname(p, True)
                for o in objects:
                    self.pname(o, False)
                    if isinstance(o, Literal) and o.datatype:
                        self.pname(o.datatype, False)
        for subject in self._ordered_subjects():
            if subject in self.done:
                continue
            self.done.add(subject)
            unnamed = self.references[subject] == 0 and isinstance(subject, BNode)
            self.out.append("\n[]" if unnamed else "\n" + self.label(subject, _SUBJECT) + "\n")
            self._predicates(subject)
            self.out.append("\n.\n")
        head = [f"PREFIX {prefix}: <{uri}>\n" for prefix, uri in sorted(self.prefixes.items())]
        return "".join(head + self.out)

    def _ordered_subjects(self) -> list[Node]:
        classes = _in_order(s for s, properties in self.index.items() if _CLASS in properties.get(_TYPE, ()))
        top = set(classes)
        rest = _in_order((isinstance(s, BNode), self.references[s], s) for s in self.index if s not in top)
        return [*classes, *(s for _, _, s in rest)]

    def _indent(self, more: int = 0) -> str:
        return (self.depth + more) * _INDENT

    def _predicates(self, subject: Node) -> None:
        properties = self.index.get(subject, {})
        if not properties:
            return
        first = [p for p in _FIRST_PREDICATES if p in properties]
        order = first + _in_order(p for p in properties if p not in _NOT_LATER)
        for number, predicate in enumerate(order):
            self.out.append(self._indent(1) if number == 0 else " ;\n" + self._indent(1))
            self.out.append(self.label(predicate, _VERB))
            self._objects(_in_order(properties[predicate]))
        self.out.append(" ;")

    def _objects(self, objects: list[Node]) -> None:
        several = len(objects) > 1
        self.depth += 1  # rdflib's ``(count == 1) and 0 or 1`` is 1 for one object too
        if several:
            self.out.append(" " if isinstance(objects[0], BNode) else "\n" + self._indent(1))
        self._object(objects[0], newline=several)
        for obj in objects[1:]:
            self.out.append(" ," if isinstance(obj, BNode) else " ,\n" + self._indent(1))
            self._object(obj, newline=True)
        self.depth -= 1

    def _object(self, node: Node, newline: bool) -> None:
        if isinstance(node, BNode) and node not in self.done and self.references[node] <= 1:
            if self._is_list(node):
                self.out.append(" (\n")
                self._list(node)
                self.out.append("\n" + self._indent() + ")")
            else:
                self.done.add(node)
                self.out.append("\n" + self._indent(1) + "[\n")
                self.depth += 1
                self._predicates(node)
                self.depth -= 1
                self.out.append("\n" + self._indent(1) + "]")
            return
        self.out.append(("" if newline else " ") + self.label(node, _OBJECT))

    def _value(self, node: Node, predicate: Node) -> Node | None:
        values = self.index.get(node, {}).get(predicate)
        return values[0] if values else None

    def _is_list(self, node: Node) -> bool:
        if self._value(node, _FIRST) is None:
            return False
        item: Node | None = node
        while item:  # as rdflib's loop
            if item != _NIL and sum(len(o) for o in self.index.get(item, {}).values()) != 2:
                return False
            item = self._value(item, _REST)
        return True

    def _list(self, node: Node) -> None:
        item: Node | None = node
        number = 0
        while item:
            value = self._value(item, _FIRST)
            if value is not None:
                self.out.append(self._indent(1) if number == 0 else "\n" + self._indent(1))
                self._object(value, newline=True)
                self.done.add(item)
            item = self._value(item, _REST)
            number += 1


def longturtle(triples: Iterable[Triple], names: Graph) -> str | None:
    """``triples`` written as rdflib's ``longturtle`` writes a graph with ``names``' prefixes, or None.

    ``names`` is a graph that binds the prefixes to use (and holds nothing else that
    matters). None means the graph needs a prefix that rdflib would generate: write it
    with rdflib then.

    >>> from rdflib import Literal, URIRef
    >>> names = Graph(bind_namespaces="none")
    >>> names.bind("ex", "https://example.org/")
    >>> names.bind("rdfs", RDFS)
    >>> print(longturtle([(URIRef("https://example.org/a"), RDFS.label, Literal("A", lang="en"))], names), end="")
    PREFIX ex: <https://example.org/>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    <BLANKLINE>
    ex:a
        rdfs:label "A"@en ;
    .
    >>> longturtle([(URIRef("https://example.org/a"), URIRef("urn:x:p"), Literal(1))], names) is None
    True
    """
    writer = _Writer(triples, names)
    text = writer.write()
    return None if writer.unsure else text.encode("utf-8", "replace").decode("utf-8")
