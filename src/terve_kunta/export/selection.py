"""A selection: the triples that leave a graph in an export, by subject, without a copy of the graph.

A :class:`Selection` is a graph's index (see :mod:`terve_kunta.export.index`) with
what is left out, or (for a small profile) the picked triples by subject, and the
named graphs of its triples. An export of a big graph then costs one walk over its
triples in the writer, and the VoID statistics come from the index.

>>> from rdflib import Graph, URIRef
>>> from terve_kunta.export.graphs import GraphMap
>>> from terve_kunta.export.index import index_of
>>> g = Graph()
>>> a, p = URIRef("https://example.org/a"), URIRef("https://example.org/p")
>>> _ = g.add((a, p, a)).add((a, p, p))
>>> index = index_of(g)
>>> selection = Selection(index.spo, GraphMap(), removed={a: {(p, p)}}, index=index)
>>> list(selection.triples()) == [(a, p, a)], selection.counts().triples
(True, 1)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.term import Node

from terve_kunta.export.graphs import GraphMap
from terve_kunta.export.index import Index, Layered, Nested, has_values
from terve_kunta.namespaces import RDF

__all__ = ["Counts", "Selection"]

Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, URIRef | None]


@dataclass(frozen=True)
class Counts:
    """VoID statistics of a selection: triples, entities (IRI subjects), distinct subjects, properties, classes."""

    triples: int
    entities: int
    subjects: int
    properties: int
    classes: dict[Node, int]


@dataclass
class Selection:
    """What a profile lets leave a graph: ``data`` but ``left_out`` subjects and ``removed`` triples.

    ``members``: the members that the profile lists (the ``who`` profile's members on its day).

    ``removed`` maps a subject to the (predicate, object) pairs of it that are left
    out; both hold only triples that are in ``data``. ``index`` is the graph's index
    when ``data`` is its subject index (for cheap counts).
    """

    data: Nested
    graphs: GraphMap
    members: set[Node] = field(default_factory=set)
    left_out: set[Node] = field(default_factory=set)
    removed: dict[Node, set[tuple[Node, Node]]] = field(default_factory=dict)
    index: Index | None = None
    #: the counts, where whoever made the selection counted it as it went (the who profile)
    counted: Counts | None = None

    def view(self, *extra: Nested) -> Layered:
        """The selected data (and ``extra`` triples, such as the description) by subject."""
        return Layered([self.data, *extra], self.left_out, self.removed)

    def has(self, s: Node, p: Node, o: Node) -> bool:
        """Whether the triple is in the selection."""
        objects = self.data.get(s, {}).get(p)
        return objects is not None and o in objects and s not in self.left_out and (p, o) not in self.removed.get(s, ())

    def triples(self) -> Iterator[Triple]:
        """Every triple of the selection."""
        for s, predicates in self.view().items():
            for p, objects in predicates.items():
                for o in objects:
                    yield s, p, o

    def quads(self) -> Iterator[Quad]:
        """Every triple of the selection in each of its named graphs."""
        for s, predicates in self.view().items():
            graphs_of = self.graphs.for_subject(s)
            for p, objects in predicates.items():
                for o in objects:
                    for g in graphs_of(p, o):
                        yield s, p, o, g

    def graphs_used(self) -> set[URIRef]:
        """The named graphs (packaged files, the registry) that the selection has a triple of.

        Each graph is looked for, not each triple's graph: one triple found is enough.
        """
        graphs, data = self.graphs, self.data
        used = {g for g, roots in graphs.roots.items() if any(self._keeps_any(n) for n in roots())}
        used |= {g for g, triples in graphs.files.items() if any(self.has(*t) for t in triples)}
        used |= {g for pairs in graphs.extra.values() for named in pairs.values() for g in named if g is not None}
        if not graphs.roots:
            for s, named in graphs.whole.items():
                if not used.issuperset(named) and self._keeps_any(s):
                    used.update(g for g in named if g is not None)
        if not graphs.files:
            for s, pairs in graphs.each.items():
                if s in data:
                    for (p, o), named in pairs.items():
                        if not used.issuperset(named) and self.has(s, p, o):
                            used.update(g for g in named if g is not None)
        return used

    def _keeps_any(self, s: Node) -> bool:
        if s in self.left_out:
            return False
        dropped = self.removed.get(s, ())
        return any((p, o) not in dropped for p, objects in self.data.get(s, {}).items() for o in objects)

    def counts(self) -> Counts:
        """The VoID statistics of the selection (from the index where there is one)."""
        if self.counted is not None:
            return self.counted
        if self.index is None:
            return _walk_counts(self.view().items())
        return _index_counts(self.index, self.left_out, self.removed)


def _walk_counts(subjects: Iterable[tuple[Node, Mapping[Node, Iterable[Node]]]]) -> Counts:
    triples = entities = distinct = 0
    kind = RDF.type
    properties: set[Node] = set()
    classes: Counter[Node] = Counter()
    for s, predicates in subjects:
        n = 0
        for p, objects in predicates.items():
            listed = list(objects)
            if listed:
                n += len(listed)
                properties.add(p)
                if p == kind:
                    classes.update(listed)
        if n:
            triples, distinct, entities = triples + n, distinct + 1, entities + isinstance(s, URIRef)
    return Counts(triples, entities, distinct, len(properties), dict(classes))


def _index_counts(index: Index, left_out: set[Node], removed: dict[Node, set[tuple[Node, Node]]]) -> Counts:
    """Counts from the index, less what is left out (which is small: people, memberships that do not hold)."""
    gone = 0
    entities = distinct = 0
    changed = left_out or removed
    for s, predicates in index.spo.items():
        if not any(predicates.values()):
            continue  # emptied by a removal
        if changed and (s in left_out or s in removed):
            total = sum(map(len, predicates.values()))
            lost = total if s in left_out else len(removed[s])
            gone += lost
            if lost == total:
                continue
        distinct += 1
        entities += type(s) is URIRef or isinstance(s, URIRef)

    def kept(p: Node, o: Node, s: Node) -> bool:
        return s not in left_out and (p, o) not in removed.get(s, ())

    touched = {p for pairs in removed.values() for p, _ in pairs}
    touched |= {p for s in left_out for p in index.spo.get(s, {})}
    properties = 0
    for p, by_object in index.pos.items():
        if p in touched:
            properties += any(kept(p, o, s) for o, subjects in by_object.items() for s in subjects)
        else:
            properties += has_values(by_object)
    classes: dict[Node, int] = {}
    for cls, subjects in index.pos.get(RDF.type, {}).items():
        count = len(subjects) if RDF.type not in touched else sum(kept(RDF.type, cls, s) for s in subjects)
        if count:
            classes[cls] = count
    return Counts(index.triples - gone, entities, distinct, properties, classes)
