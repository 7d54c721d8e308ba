"""Which named graph each triple of a store belongs to: the packaged file it came from.

Quad formats (N-Quads, TriG) keep the graphs: each packaged file is its own named
graph (its IRI is the file's ``dcat:Dataset``, see :mod:`terve_kunta.data.files`).
A store that keeps named graphs (Oxigraph, a SPARQL endpoint) is asked for them;
the memory store keeps only their union, so its triples are matched with the
packaged files (read once per process), and the member registry is found by its
memberships, wherever it was read from: each membership, the registry's dataset
node and what they lead to (blank nodes, decisions) are the registry's. A triple
found in no file (one added with ``kg.update``) is in the default graph.

>>> import terve_kunta as tk
>>> data = store_data(tk.load().store)
>>> from terve_kunta.namespaces import ID, RDF, TK
>>> [str(g) for g in data.graphs.of(ID["network"], RDF.type, TK.Network)]
['https://w3id.org/terve-kunta/graph/data/network']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from terve_kunta.data.files import REGISTRY_FILE, REGISTRY_GRAPH, data_files, new_tracked_graph, read_graph
from terve_kunta.export.index import Index, index_of
from terve_kunta.namespaces import GRAPH, ORG, RDF
from terve_kunta.registry import DECISIONS
from terve_kunta.stores.base import Store

__all__ = ["DERIVED_GRAPH", "DESCRIPTION_GRAPH", "GraphMap", "StoreData", "store_data"]

Triple = tuple[Node, Node, Node]
Graphs = tuple[URIRef | None, ...]  # None: the default graph
PerTriple = Mapping[Node, Mapping[tuple[Node, Node], Graphs]]

#: The named graph that holds an export's description (DCAT, VoID, PROV) in the quad formats.
DESCRIPTION_GRAPH = GRAPH["export/description"]
#: The named graph of the ORG shortcuts (``org:hasMember``) that the ``who`` profile adds.
DERIVED_GRAPH = GRAPH["export/derived"]
_DEFAULT: Graphs = (None,)

_ALL_QUADS = """SELECT ?g ?s ?p ?o WHERE {
  { GRAPH ?g { ?s ?p ?o } }
  UNION
  { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?any { ?s ?p ?o } } }
}"""


class GraphMap:
    """The named graphs of triples: all of a subject's (``whole``), or triple by triple (``each``, ``extra``).

    ``whole`` may be given as a function, called when first needed (finding the
    registry's subjects walks every membership: a triple format does not need it).
    ``roots`` names, for a graph of whole subjects, the nodes from which it is found
    (the registry: its dataset and memberships): the graph has data if one of them has.
    ``by_id`` holds what ``each`` holds, keyed by the identities of the predicate and
    object terms (for the packaged files, whose terms the loaded graph shares): a
    lookup then hashes two integers, not a literal; a miss is looked up in ``each``.
    ``files`` holds the triples of each graph that ``each`` knows, when it knows them by graph.
    """

    def __init__(
        self,
        whole: Mapping[Node, Graphs] | Callable[[], Mapping[Node, Graphs]] | None = None,
        each: PerTriple | None = None,
        extra: PerTriple | None = None,
        by_id: Mapping[Node, Mapping[tuple[int, int], Graphs]] | None = None,
        files: Mapping[URIRef, Sequence[Triple]] | None = None,
        roots: Mapping[URIRef, Callable[[], Iterable[Node]]] | None = None,
    ) -> None:
        self._whole = whole if whole is not None else {}
        self.each: PerTriple = each or {}
        self.extra: PerTriple = extra or {}
        self.by_id: Mapping[Node, Mapping[tuple[int, int], Graphs]] = by_id or {}
        self.files: Mapping[URIRef, Sequence[Triple]] = files or {}
        self.roots: Mapping[URIRef, Callable[[], Iterable[Node]]] = roots or {}

    @property
    def whole(self) -> Mapping[Node, Graphs]:
        """Subject -> the graphs that hold every triple of it."""
        if callable(self._whole):
            self._whole = self._whole()
        return self._whole

    def of(self, s: Node, p: Node, o: Node) -> Graphs:
        """The graphs of one triple (``(None,)``: the default graph only)."""
        return self.for_subject(s)(p, o)

    def for_subject(self, s: Node) -> PerSubject:
        """The graphs of the triples of ``s``, looked up once per subject (writers call it per triple)."""
        return PerSubject(self.whole.get(s, ()), self.each.get(s), self.extra.get(s), self.by_id.get(s))

    def with_extra(self, extra: PerTriple) -> GraphMap:
        """The same map with ``extra`` graphs of some triples (the ``who`` profile's shortcuts)."""
        return GraphMap(lambda: self.whole, self.each, extra, self.by_id, self.files, self.roots)


class PerSubject:
    """The graphs of the triples of one subject: ``per_subject(p, o)``."""

    __slots__ = ("_by_id", "_each", "_extra", "_whole")

    def __init__(
        self,
        whole: Graphs,
        each: Mapping[tuple[Node, Node], Graphs] | None,
        extra: Mapping[tuple[Node, Node], Graphs] | None,
        by_id: Mapping[tuple[int, int], Graphs] | None = None,
    ) -> None:
        self._whole, self._each, self._extra, self._by_id = whole, each, extra, by_id or {}

    def __call__(self, p: Node, o: Node) -> Graphs:
        found = self._whole
        if self._each is not None:
            named = self._by_id.get((id(p), id(o)))
            found = found + (named if named is not None else self._each.get((p, o), ()))
        if self._extra is not None:
            found = found + self._extra.get((p, o), ())
        return found or _DEFAULT

    @property
    def simple(self) -> Graphs | None:
        """The graphs of every triple of the subject when they do not depend on the triple, else None."""
        if self._each is None and self._extra is None:
            return self._whole or _DEFAULT
        return None


@dataclass(frozen=True)
class StoreData:
    """The union of a store's graphs as one rdflib graph, its index, and the named graphs of its triples."""

    union: Graph
    index: Index
    graphs: GraphMap


@cache
def _packaged() -> GraphMap:
    """Each triple of the packaged files (not the shapes, not the registry) -> the graph IRIs of its files.

    Also keyed by the identities of its terms (see :class:`GraphMap`): each file is parsed
    once per process, and :func:`terve_kunta.load` puts these very terms in its graph
    (those of the first file that has a triple, so every file's terms are keys). The
    terms stay alive here, so their identities are never reused.
    """
    each: dict[Node, dict[tuple[Node, Node], Graphs]] = {}
    read = [
        (data_file.graph, list(read_graph(data_file.path)))
        for data_file in data_files()
        if data_file.role != "shapes" and data_file.path != REGISTRY_FILE
    ]
    for graph, triples in read:
        for s, p, o in triples:
            pairs = each.setdefault(s, {})
            pairs[p, o] = (*pairs.get((p, o), ()), graph)
    by_id: dict[Node, dict[tuple[int, int], Graphs]] = {}
    for _, triples in read:
        for s, p, o in triples:
            by_id.setdefault(s, {})[id(p), id(o)] = each[s][p, o]
    _KEEP.append(read)
    return GraphMap({}, each, {}, by_id, dict(read))


_KEEP: list[object] = []  # the packaged terms, alive as long as the process (their ids key _packaged's map)


def _registry_roots(index: Index) -> list[Node]:
    return [REGISTRY_GRAPH, *index.pos.get(RDF.type, {}).get(ORG.Membership, {})]


def registry_subjects(index: Index) -> set[Node]:
    """The subjects of the member registry's triples: its dataset, the memberships and what they lead to.

    The same nodes as :func:`terve_kunta.registry.registry_graph` copies, without copying them.
    """
    spo = index.spo
    stack = _registry_roots(index)
    decisions = str(DECISIONS)
    seen: set[Node] = set()
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        for objects in spo.get(node, {}).values():
            for obj in objects:
                if isinstance(obj, BNode) or (isinstance(obj, URIRef) and obj.startswith(decisions)):
                    stack.append(obj)
    return seen


def _memory_data(rdf: Graph) -> StoreData:
    index = index_of(rdf)
    registry: Graphs = (REGISTRY_GRAPH,)
    packaged = _packaged()
    graphs = GraphMap(
        lambda: dict.fromkeys(registry_subjects(index), registry),
        packaged.each,
        {},
        packaged.by_id,
        packaged.files,
        {REGISTRY_GRAPH: lambda: _registry_roots(index)},
    )
    return StoreData(rdf, index, graphs)


def _named_data(store: Store) -> StoreData:
    """Ask the store for every quad in one query (so that blank nodes keep one label throughout)."""
    rows = store.query(_ALL_QUADS, {})
    assert not isinstance(rows, bool | Graph)
    union = new_tracked_graph()
    each: dict[Node, dict[tuple[Node, Node], Graphs]] = {}
    for row in rows.terms:
        s, p, o, named = row["s"], row["p"], row["o"], row["g"]
        if s is None or p is None or o is None:
            continue
        pairs = each.setdefault(s, {})
        pairs[p, o] = (*pairs.get((p, o), ()), named if isinstance(named, URIRef) else None)
        union.add((s, p, o))
    return StoreData(union, index_of(union), GraphMap({}, each))


def store_data(store: Store) -> StoreData:
    """The store's triples and the named graph of each (see the module)."""
    if store.kind == "memory":
        return _memory_data(store.snapshot())
    return _named_data(store)
