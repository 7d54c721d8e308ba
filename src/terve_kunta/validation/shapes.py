"""The joining-criteria shapes (``ontology/shapes/criteria.ttl``) and what each one says.

Each shape names the criterion it checks (``tk:criterion``), has a name
(``sh:name``), a severity and a message in Finnish, Swedish and English; shapes
typed ``tk:EvidenceShape`` only check that the evidence is given.

>>> shapes = criteria_shapes()
>>> info = shapes.shapes[CRITERIA_SHAPES + "JoiningDecisionDate"]
>>> info.criterion_slug, info.evidence, info.messages["en"]
('joining-decision', False, 'The joining decision is dated after the day of the assessment.')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef

from terve_kunta.data.files import shapes_graph
from terve_kunta.namespaces import RDF, SH, TK

if TYPE_CHECKING:
    from terve_kunta.validation.compiled import CompiledShapes

__all__ = ["CRITERIA_SHAPES", "CriteriaShapes", "ShapeInfo", "criteria_shapes"]

#: Namespace of the criteria shapes' IRIs.
CRITERIA_SHAPES = "https://w3id.org/terve-kunta/shapes/criteria#"


@dataclass(frozen=True)
class ShapeInfo:
    """One shape: its IRI, name, criterion, whether it is an evidence shape, severity and messages by language."""

    iri: str
    name: str
    criterion: str
    evidence: bool
    severity: str
    messages: dict[str, str]

    @property
    def criterion_slug(self) -> str:
        """The slug of the shape's criterion (``joining-decision``)."""
        return self.criterion.rsplit("/", 1)[-1]


class CriteriaShapes:
    """The shapes graph with an index of its shapes; compiled to SPARQL on first use."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.shapes: dict[str, ShapeInfo] = {}
        for node in set(graph.subjects(TK.criterion, None)):
            messages = {m.language or "": str(m) for m in graph.objects(node, SH.message) if isinstance(m, Literal)}
            self.shapes[str(node)] = ShapeInfo(
                iri=str(node),
                name=str(graph.value(node, SH.name) or node),
                criterion=str(graph.value(node, TK.criterion)),
                evidence=(node, RDF.type, TK.EvidenceShape) in graph,
                severity=str(graph.value(node, SH.severity) or SH.Violation),
                messages=messages,
            )

    def for_criterion(self, criterion_iri: str) -> list[ShapeInfo]:
        """The shapes that check one criterion, by IRI."""
        return sorted((s for s in self.shapes.values() if s.criterion == criterion_iri), key=lambda s: s.iri)

    @cached_property
    def compiled(self) -> CompiledShapes:
        """The shapes compiled to SPARQL queries (:mod:`terve_kunta.validation.compiled`)."""
        from terve_kunta.validation.compiled import CompiledShapes

        return CompiledShapes(self.graph)

    def shape_of(self, iri: URIRef | str) -> ShapeInfo | None:
        """The shape with this IRI, if it is one of the criteria shapes."""
        return self.shapes.get(str(iri))


@cache
def criteria_shapes() -> CriteriaShapes:
    """The packaged criteria shapes, read once per process (treat the graph as read-only)."""
    return CriteriaShapes(shapes_graph("criteria"))
