"""What is personal data, decided by the ontology's ``tk:personalData`` annotation, not by a list in code.

A class marked ``tk:personalData true`` (``schema:Person``) makes each of its
instances personal; a marked property (``schema:email``, ``schema:telephone`` ...)
makes its values personal. Subclasses and subproperties of a marked term are
marked too, and the marks are read from the packaged ontology *and* from the
graph, so that a property a user annotates is covered at once. From a personal
node, personal data spreads to what is reached only through it (a blank node such
as an address, or an IRI that is not an entity of its own: one without a type).
:meth:`Privacy.keeps` is False for every triple about, to or of such data.

>>> from rdflib import Graph, Literal, URIRef
>>> from terve_kunta.namespaces import RDF, SCHEMA
>>> p, sa = URIRef("https://example.org/p"), URIRef("https://example.org/sa")
>>> g = Graph()
>>> for triple in [(p, RDF.type, SCHEMA.Person), (p, SCHEMA.name, Literal("Maija")), (sa, SCHEMA.contactPoint, p)]:
...     _ = g.add(triple)
>>> privacy = Privacy.of(g)
>>> [privacy.keeps(*t) for t in sorted(g)]
[False, False, False]
>>> privacy.keeps(sa, RDF.type, SCHEMA.Report)
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from terve_kunta.data.files import ONTOLOGY_FILE, read_graph
from terve_kunta.namespaces import RDF, RDFS, TK

__all__ = ["Privacy", "marked_terms"]


def _closure(graphs: Iterable[Graph], roots: set[Node], link: URIRef) -> set[Node]:
    """``roots`` and every term linked to one of them by ``link`` (sub-of), transitively, in any of ``graphs``."""
    found, stack = set(roots), list(roots)
    graphs = list(graphs)
    while stack:
        term = stack.pop()
        for graph in graphs:
            for sub in graph.subjects(link, term):
                if sub not in found:
                    found.add(sub)
                    stack.append(sub)
    return found


@cache
def _ontology() -> Graph:
    """The packaged ontology, read once per process (never changed)."""
    return read_graph(ONTOLOGY_FILE)


def marked_terms(rdf: Graph) -> tuple[frozenset[Node], frozenset[Node]]:
    """The classes and the properties that hold personal data: marked, or below a marked one.

    Marks are read from the packaged ontology and from ``rdf`` itself.
    """
    graphs = [_ontology(), rdf]
    marked = {s for g in graphs for s, o in g.subject_objects(TK.personalData) if _true(o)}
    classes = _closure(graphs, marked, RDFS.subClassOf)
    properties = _closure(graphs, marked, RDFS.subPropertyOf)
    return frozenset(classes), frozenset(properties)


def _true(value: Node) -> bool:
    return isinstance(value, Literal) and value.toPython() is True


@dataclass(frozen=True)
class Privacy:
    """The personal nodes of a graph and the marked properties it uses; :meth:`keeps`: may a triple leave?"""

    nodes: frozenset[Node]
    properties: frozenset[Node]

    @classmethod
    def of(cls, rdf: Graph) -> Privacy:
        """Find the personal data of ``rdf`` (see the module)."""
        classes, properties = marked_terms(rdf)
        nodes: set[Node] = {s for c in classes for s in rdf.subjects(RDF.type, c)}
        nodes |= {o for p in properties for o in rdf.objects(None, p) if not isinstance(o, Literal)}
        stack = list(nodes)
        while stack:
            node = stack.pop()
            for predicate, obj in rdf.predicate_objects(node):
                if predicate == RDF.type or isinstance(obj, Literal) or obj in nodes:
                    continue
                if _reached_only_through(rdf, obj, nodes):
                    nodes.add(obj)
                    stack.append(obj)
        used = frozenset(p for p in properties if (None, p, None) in rdf)
        return cls(frozenset(nodes), used)

    def keeps(self, subject: Node, predicate: Node, obj: Node) -> bool:
        """Whether the triple holds no personal data."""
        return not (subject in self.nodes or obj in self.nodes or predicate in self.properties)

    @property
    def empty(self) -> bool:
        """Whether the graph holds no personal data at all."""
        return not self.nodes and not self.properties


def _reached_only_through(rdf: Graph, node: Node, personal: set[Node]) -> bool:
    """Whether ``node`` is a blank node, or an IRI without a type, that only personal nodes point to."""
    if isinstance(node, URIRef) and rdf.value(node, RDF.type) is not None:
        return False  # an entity of its own (a municipality, a concept ...), reached from elsewhere or not
    if not isinstance(node, BNode | URIRef):
        return False
    return all(s in personal for s in rdf.subjects(None, node))
