"""Check the knowledge graph against its integrity shapes (data-quality QA).

These shapes (``ontology/shapes/integrity.ttl``) check the data itself: codes,
labels in Finnish and English, memberships, sources and mappings. They are not
the joining criteria. pyshacl is imported only here, when a check runs.

>>> import terve_kunta as tk
>>> check_integrity(tk.load()).conforms
True
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import ConjunctiveGraph, Graph

from terve_kunta.data.files import shapes_graph
from terve_kunta.data.view import GraphView
from terve_kunta.rdf._prepared import PreparingGraph

__all__ = ["IntegrityReport", "check_integrity"]


@dataclass(frozen=True)
class IntegrityReport:
    """Outcome of an integrity check: ``conforms`` is True when no shape reports a violation."""

    conforms: bool
    text: str
    results: Graph


def _data_graph(rdf: Graph) -> Graph:
    """The graph pySHACL reads: the triples of ``rdf``, with its SPARQL constraint parsed once, not per focus node."""
    if type(rdf) is Graph:  # a view of the same store: nothing copied, no prefix bound in the caller's store
        return PreparingGraph(store=rdf.store, identifier=rdf.identifier, bind_namespaces="none")
    # pyshacl validates each named graph of a Dataset on its own; the shapes need the union of them all
    # (a Dataset's triples() would give its default graph alone unless it was made with default_union)
    union = PreparingGraph()
    if isinstance(rdf, ConjunctiveGraph):  # a Dataset too
        for s, p, o, _ in rdf.quads((None, None, None, None)):
            union.add((s, p, o))
    else:  # another kind of graph (a subclass of Graph)
        for triple in rdf.triples((None, None, None)):
            union.add(triple)
    return union


def check_integrity(graph: GraphView | Graph) -> IntegrityReport:
    """Validate ``graph`` (a KnowledgeGraph, a GraphView or any rdflib graph) against the integrity shapes.

    Runs without inference; the ``rdfs:subClassOf`` triples of the ontology, which
    the packaged graph contains, make SHACL's class targets include subclasses.
    The caller's graph is not changed. For a view, the report is kept in its cache
    until the graph changes.
    """
    if isinstance(graph, GraphView):
        view = graph
        return view.cached("integrity report", lambda: _check(view.rdf))
    return _check(graph)


def _check(rdf: Graph) -> IntegrityReport:
    import pyshacl

    conforms, results, text = pyshacl.validate(
        _data_graph(rdf), shacl_graph=shapes_graph("integrity"), inference="none", advanced=False
    )  # SHACL Core and SHACL-SPARQL only (tested): the advanced features would cost a tenth more time
    assert isinstance(results, Graph)
    return IntegrityReport(conforms=bool(conforms), text=str(text), results=results)
