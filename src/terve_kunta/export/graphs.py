"""Which named graph each triple of a store belongs to: the packaged file it came from.

Quad formats (N-Quads, TriG) keep the graphs: each packaged file is its own named
graph (its IRI is the file's ``dcat:Dataset``, see :mod:`terve_kunta.data.files`).
A store that keeps named graphs (Oxigraph, a SPARQL endpoint) is asked for them;
the memory store keeps only their union, so its triples are matched with the
packaged files (the member registry by its memberships, wherever it was read
from). A triple found in no file (one added with ``kg.update``) is in the default graph.

>>> import terve_kunta as tk
>>> data = store_quads(tk.load().store)
>>> from terve_kunta.namespaces import ID, RDF, TK
>>> [str(g) for g in data.graphs_of((ID["network"], RDF.type, TK.Network))]
['https://w3id.org/terve-kunta/graph/data/network']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from terve_kunta.data.files import REGISTRY_FILE, REGISTRY_GRAPH, data_files, new_tracked_graph, read_graph
from terve_kunta.namespaces import GRAPH, ORG, RDF
from terve_kunta.registry import DECISIONS
from terve_kunta.stores.base import Store

__all__ = ["DESCRIPTION_GRAPH", "DERIVED_GRAPH", "StoreQuads", "store_quads"]

Triple = tuple[Node, Node, Node]

#: The named graph that holds an export's description (DCAT, VoID, PROV) in the quad formats.
DESCRIPTION_GRAPH = GRAPH["export/description"]
#: The named graph of the ORG shortcuts (``org:hasMember``) that the ``who`` profile adds.
DERIVED_GRAPH = GRAPH["export/derived"]

_ALL_QUADS = """SELECT ?g ?s ?p ?o WHERE {
  { GRAPH ?g { ?s ?p ?o } }
  UNION
  { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?any { ?s ?p ?o } } }
}"""


@dataclass(frozen=True)
class StoreQuads:
    """The union of a store's graphs as one rdflib graph, and the named graph of each of its triples."""

    union: Graph
    graphs_of: Callable[[Triple], tuple[URIRef | None, ...]]  # None: the default graph


@cache
def _packaged() -> dict[Triple, tuple[URIRef, ...]]:
    """Each triple of the packaged files (not the shapes, not the registry) -> the graph IRIs of its files."""
    found: dict[Triple, tuple[URIRef, ...]] = {}
    for data_file in data_files():
        if data_file.role != "shapes" and data_file.path != REGISTRY_FILE:
            for triple in read_graph(data_file.path):
                found[triple] = (*found.get(triple, ()), data_file.graph)
    return found


def _registry_subjects(rdf: Graph) -> set[Node]:
    """The subjects of the member registry's triples: its dataset, the memberships and what they lead to.

    The same nodes as :func:`terve_kunta.registry.registry_graph` copies, without copying them.
    """
    stack: list[Node] = [REGISTRY_GRAPH, *rdf.subjects(RDF.type, ORG.Membership, unique=True)]
    seen: set[Node] = set()
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        for obj in rdf.objects(node, None):
            if isinstance(obj, BNode) or (isinstance(obj, URIRef) and str(obj).startswith(str(DECISIONS))):
                stack.append(obj)
    return seen


def _memory_quads(rdf: Graph) -> StoreQuads:
    packaged = _packaged()
    registry = _registry_subjects(rdf)

    def graphs_of(triple: Triple) -> tuple[URIRef | None, ...]:
        found: tuple[URIRef | None, ...] = packaged.get(triple, ())
        if triple[0] in registry:
            found = (REGISTRY_GRAPH, *found)
        return found or (None,)

    return StoreQuads(rdf, graphs_of)


def _named_quads(store: Store) -> StoreQuads:
    """Ask the store for every quad in one query (so that blank nodes keep one label throughout)."""
    rows = store.query(_ALL_QUADS, {})
    assert not isinstance(rows, bool | Graph)
    union = new_tracked_graph()
    graphs: dict[Triple, tuple[URIRef | None, ...]] = {}
    for row in rows.terms:
        s, p, o, named = row["s"], row["p"], row["o"], row["g"]
        if s is None or p is None or o is None:
            continue
        triple = (s, p, o)
        graphs[triple] = (*graphs.get(triple, ()), named if isinstance(named, URIRef) else None)
        union.add(triple)
    return StoreQuads(union, lambda triple: graphs.get(triple, (None,)))


def store_quads(store: Store) -> StoreQuads:
    """The store's triples and the named graph of each (see the module)."""
    if store.kind == "memory":
        return _memory_quads(store.snapshot())
    return _named_quads(store)
