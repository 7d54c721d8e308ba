"""SHACL validation results as plain values, to and from the W3C results graph.

Both engines (pySHACL, and the compiled SPARQL of :mod:`terve_kunta.validation.compiled`)
give :class:`Result` values; :func:`results_graph` writes them as a W3C
``sh:ValidationReport`` and :func:`results_from_graph` reads one back, so that
the two engines can be compared result by result (:meth:`Result.key`).

>>> from rdflib import Literal, URIRef
>>> from terve_kunta.namespaces import SH
>>> r = Result(focus=URIRef("urn:a"), path=URIRef("urn:p"), value=Literal(False), shape=URIRef("urn:s"),
...            component=SH.InConstraintComponent, severity=SH.Violation, messages=(Literal("no", lang="en"),))
>>> graph = results_graph([r], conforms=False)
>>> results_from_graph(graph) == [r]
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from terve_kunta.namespaces import RDF, SH

__all__ = ["Result", "path_text", "results_from_graph", "results_graph"]


@dataclass(frozen=True)
class Result:
    """One SHACL validation result (``sh:ValidationResult``).

    ``path`` is the result path: an IRI, or for a complex path its node in
    ``path_graph`` (the shapes graph). ``constraint`` is ``sh:sourceConstraint``
    (the SPARQL constraint of a SPARQL-based result).
    """

    focus: Node
    path: Node | None
    value: Node | None
    shape: Node
    component: URIRef
    severity: URIRef
    messages: tuple[Literal, ...] = ()
    constraint: Node | None = None
    path_graph: Graph | None = field(default=None, compare=False, repr=False)

    def key(self) -> tuple[str, ...]:
        """The result as comparable text: focus, path, value, shape, component, severity, constraint."""
        path = path_text(self.path_graph, self.path) if self.path is not None else ""
        return (
            _n3(self.focus),
            path,
            _n3(self.value),
            _n3(self.shape),
            str(self.component),
            str(self.severity),
            _n3(self.constraint),
        )


def _n3(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, Literal):
        return node.n3()
    return f"<{node}>" if isinstance(node, URIRef) else "_:blank"


def path_text(graph: Graph | None, path: Node) -> str:
    """A SHACL property path as SPARQL path text (``<p1>/<p2>``, ``^<p>``).

    >>> path_text(None, URIRef("urn:p"))
    '<urn:p>'
    """
    if isinstance(path, URIRef):
        return f"<{path}>"
    if graph is None:
        return "_:path"
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + path_text(graph, inverse)
    alternative = graph.value(path, SH.alternativePath)
    if alternative is not None:
        return "(" + "|".join(path_text(graph, p) for p in Collection(graph, alternative)) + ")"
    for predicate, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(path, predicate)
        if inner is not None:
            return f"({path_text(graph, inner)}){mark}"
    if graph.value(path, RDF.first) is not None:
        return "/".join(path_text(graph, p) for p in Collection(graph, path))
    return "_:path"


def _copy_path(source: Graph, node: Node, target: Graph) -> Node:
    if not isinstance(node, BNode):
        return node
    copy = BNode()
    for predicate, obj in source.predicate_objects(node):
        target.add((copy, predicate, _copy_path(source, obj, target)))
    return copy


def results_graph(results: Iterable[Result], conforms: bool) -> Graph:
    """A new W3C SHACL results graph (one ``sh:ValidationReport``) holding ``results``."""
    from terve_kunta.rdf.canonical import new_graph

    graph = new_graph()
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(conforms)))
    for result in results:
        node = BNode()
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, result.focus))
        graph.add((node, SH.sourceShape, result.shape))
        graph.add((node, SH.sourceConstraintComponent, result.component))
        graph.add((node, SH.resultSeverity, result.severity))
        if result.path is not None:
            path = result.path
            if isinstance(path, BNode) and result.path_graph is not None:
                path = _copy_path(result.path_graph, path, graph)
            graph.add((node, SH.resultPath, path))
        if result.value is not None:
            graph.add((node, SH.value, result.value))
        if result.constraint is not None:
            graph.add((node, SH.sourceConstraint, result.constraint))
        for message in result.messages:
            graph.add((node, SH.resultMessage, message))
    return graph


def results_from_graph(graph: Graph) -> list[Result]:
    """Read the results of a W3C SHACL results graph (e.g. pySHACL's)."""
    found = []
    for node in graph.subjects(RDF.type, SH.ValidationResult):
        component = graph.value(node, SH.sourceConstraintComponent)
        severity = graph.value(node, SH.resultSeverity)
        focus = graph.value(node, SH.focusNode)
        shape = graph.value(node, SH.sourceShape)
        if not (isinstance(component, URIRef) and isinstance(severity, URIRef)) or focus is None or shape is None:
            continue
        found.append(
            Result(
                focus=focus,
                path=graph.value(node, SH.resultPath),
                value=graph.value(node, SH.value),
                shape=shape,
                component=component,
                severity=severity,
                messages=tuple(sorted(m for m in graph.objects(node, SH.resultMessage) if isinstance(m, Literal))),
                constraint=graph.value(node, SH.sourceConstraint),
                path_graph=graph,
            )
        )
    return found
