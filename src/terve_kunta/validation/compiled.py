"""SHACL shapes compiled to SPARQL queries and run over Oxigraph: the fast engine.

pySHACL stays the reference: the tests check, constraint component by constraint
component, that this engine gives exactly the results pySHACL gives on the same
shapes and data. It covers what the criteria shapes use and refuses anything
else with :class:`~terve_kunta.errors.UnsupportedShapeError`, so that a shape can never be skipped
silently:

- targets: ``sh:targetClass`` (with ``rdfs:subClassOf*`` in the data, as SHACL
  asks), ``sh:targetNode``, ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``;
- property shapes with a predicate, sequence or inverse path and the
  constraints ``sh:minCount``, ``sh:maxCount``, ``sh:in``, ``sh:hasValue``,
  ``sh:pattern`` (with ``sh:flags``), ``sh:lessThan``, ``sh:lessThanOrEquals``;
- node shapes with SHACL-SPARQL constraints (``sh:sparql`` / ``sh:select``).

Each constraint becomes one query that returns every focus node that breaks it,
for all focus nodes at once; the data is loaded into an in-memory Oxigraph store.

>>> from terve_kunta.validation.shapes import criteria_shapes
>>> compiled = criteria_shapes().compiled
>>> len(compiled.queries) > 14
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from terve_kunta.errors import UnsupportedShapeError
from terve_kunta.namespaces import OWL, RDF, SH, XSD
from terve_kunta.rdf.terms import from_oxigraph
from terve_kunta.validation.results import Result

__all__ = ["CompiledShapes", "ShapeQuery"]

_PROPERTY_CONSTRAINTS = {
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.lessThan: SH.LessThanConstraintComponent,
    SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent,
}
_KNOWN = {
    RDF.type, SH.name, SH.description, SH.message, SH.severity, SH.path, SH.flags, SH.deactivated, SH.order,
    SH.group, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.sparql,
    *_PROPERTY_CONSTRAINTS,
}  # fmt: skip
_IGNORED_NAMESPACES = ("https://w3id.org/terve-kunta/ontology#", "http://www.w3.org/2000/01/rdf-schema#")


@dataclass(frozen=True)
class ShapeQuery:
    """One constraint of one shape, as a SPARQL query returning ``?this`` (and ``?value``, ``?path``)."""

    shape: Node
    component: URIRef
    severity: URIRef
    messages: tuple[Literal, ...]
    path: Node | None
    query: str
    constraint: Node | None = None
    has_value: bool = True  # whether the query projects ?value


def _integer(node: Node) -> int:
    if isinstance(node, Literal) and type(node.value) is int:
        return node.value
    raise UnsupportedShapeError(f"expected an integer, got {node!r}")


def _term(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise UnsupportedShapeError(f"a blank node cannot be a constant in a compiled constraint: {node!r}")


class CompiledShapes:
    """All shapes of a shapes graph as SPARQL queries; :meth:`run` them on a pyoxigraph store."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.queries: list[ShapeQuery] = []
        nodes = {s for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
                 for s in shapes.subjects(p, None)}  # fmt: skip
        if set(shapes.subjects(SH.property, None)) or set(shapes.subjects(SH.node, None)):
            raise UnsupportedShapeError("sh:property and sh:node are not supported: give each shape its own target")
        classes = {RDF_CLASS, OWL.Class}
        if any(c in classes for n in nodes for c in shapes.objects(n, RDF.type)):
            raise UnsupportedShapeError("implicit class targets (a shape that is also a class) are not supported")
        for node in sorted(nodes, key=str):
            if shapes.value(node, SH.deactivated) == Literal(True):
                continue
            self.queries.extend(self._compile(node))

    # ------------------------------------------------------------------ compiling

    def _targets(self, node: Node) -> str:
        parts = []
        for cls in self.shapes.objects(node, SH.targetClass):
            parts.append(f"{{ ?this <{RDF.type}>/<{RDF_SUBCLASS}>* {_term(cls)} }}")
        for focus in self.shapes.objects(node, SH.targetNode):
            parts.append(f"{{ VALUES ?this {{ {_term(focus)} }} }}")
        for predicate in self.shapes.objects(node, SH.targetSubjectsOf):
            parts.append(f"{{ ?this {_term(predicate)} ?target_object }}")
        for predicate in self.shapes.objects(node, SH.targetObjectsOf):
            parts.append(f"{{ ?target_subject {_term(predicate)} ?this }}")
        return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"

    def _path(self, path: Node) -> str:
        if isinstance(path, URIRef):
            return f"<{path}>"
        inverse = self.shapes.value(path, SH.inversePath)
        if inverse is not None:
            return f"^({self._path(inverse)})"
        if self.shapes.value(path, RDF.first) is not None:
            return "/".join(f"({self._path(step)})" for step in Collection(self.shapes, path))
        raise UnsupportedShapeError(f"only predicate, sequence and inverse paths are supported, not {path!r}")

    def _compile(self, node: Node) -> Iterator[ShapeQuery]:
        shapes = self.shapes
        unknown = {
            p for p in shapes.predicates(node, None) if p not in _KNOWN and not str(p).startswith(_IGNORED_NAMESPACES)
        }
        if unknown:
            raise UnsupportedShapeError(f"shape {node}: {', '.join(sorted(map(str, unknown)))} not supported")
        severity = shapes.value(node, SH.severity) or SH.Violation
        assert isinstance(severity, URIRef)
        messages = tuple(sorted(m for m in shapes.objects(node, SH.message) if isinstance(m, Literal)))
        targets = self._targets(node)
        path_node = shapes.value(node, SH.path)
        if path_node is None:
            if any(shapes.value(node, p) is not None for p in _PROPERTY_CONSTRAINTS):
                raise UnsupportedShapeError(f"shape {node}: core constraints on a node shape are not supported")
            for constraint in shapes.objects(node, SH.sparql):
                yield self._sparql(node, constraint, targets, severity, messages)
            return
        if shapes.value(node, SH.sparql) is not None:
            raise UnsupportedShapeError(f"shape {node}: SPARQL constraints on a property shape are not supported")
        path = self._path(path_node)

        def query(component: URIRef, text: str) -> ShapeQuery:
            has_value = component not in (
                SH.MinCountConstraintComponent,
                SH.MaxCountConstraintComponent,
                SH.HasValueConstraintComponent,
            )
            return ShapeQuery(node, component, severity, messages, path_node, text, has_value=has_value)

        for count in shapes.objects(node, SH.minCount):
            yield query(
                SH.MinCountConstraintComponent,
                f"SELECT ?this WHERE {{ {targets} OPTIONAL {{ ?this {path} ?value }} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {_integer(count)})",
            )
        for count in shapes.objects(node, SH.maxCount):
            yield query(
                SH.MaxCountConstraintComponent,
                f"SELECT ?this WHERE {{ {targets} ?this {path} ?value }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {_integer(count)})",
            )
        for members in shapes.objects(node, SH["in"]):
            allowed = " || ".join(f"sameTerm(?value, {_term(m)})" for m in Collection(shapes, members)) or "false"
            yield query(
                SH.InConstraintComponent,
                f"SELECT DISTINCT ?this ?value WHERE {{ {targets} ?this {path} ?value FILTER (!({allowed})) }}",
            )
        for value in shapes.objects(node, SH.hasValue):
            yield query(
                SH.HasValueConstraintComponent,
                f"SELECT ?this WHERE {{ {targets} FILTER NOT EXISTS {{ ?this {path} ?value "
                f"FILTER (sameTerm(?value, {_term(value)})) }} }}",
            )
        for pattern in shapes.objects(node, SH.pattern):
            flags = shapes.value(node, SH.flags)
            regex = f"REGEX(STR(?value), {Literal(str(pattern)).n3()}, {Literal(str(flags or '')).n3()})"
            yield query(
                SH.PatternConstraintComponent,
                f"SELECT DISTINCT ?this ?value WHERE {{ {targets} ?this {path} ?value "
                f"FILTER (isBlank(?value) || !{regex}) }}",
            )
        for predicate, component, operator in (
            (SH.lessThan, SH.LessThanConstraintComponent, "<"),
            (SH.lessThanOrEquals, SH.LessThanOrEqualsConstraintComponent, "<="),
        ):
            for other in shapes.objects(node, predicate):
                # pySHACL compares IRIs and plain strings as text, anything else as values; a
                # comparison that is an error (incomparable values) is a violation.
                text = (
                    f"(isIRI(?{{0}}) || (isLiteral(?{{0}}) && "
                    f"(datatype(?{{0}}) = <{XSD.string}> || lang(?{{0}}) != '')))"
                )
                both = f"({text.format('value')} && {text.format('other')})"
                either = f"({text.format('value')} || {text.format('other')})"
                test = f"IF({both}, STR(?value) {operator} STR(?other), IF({either}, false, ?value {operator} ?other))"
                yield query(
                    component,
                    f"SELECT ?this ?value ?other WHERE {{ {targets} ?this {path} ?value . ?this {_term(other)} ?other "
                    f"FILTER (!COALESCE({test}, false)) }}",
                )

    def _sparql(
        self, node: Node, constraint: Node, targets: str, severity: URIRef, messages: tuple[Literal, ...]
    ) -> ShapeQuery:
        shapes = self.shapes
        select = shapes.value(constraint, SH.select)
        if select is None:
            raise UnsupportedShapeError(f"shape {node}: only sh:select SPARQL constraints are supported")
        text = str(select)
        if re.search(r"\b(SERVICE|LOAD|FROM)\b", text, re.IGNORECASE) or "$PATH" in text:
            raise UnsupportedShapeError(f"shape {node}: SERVICE, FROM and $PATH are not allowed in sh:select")
        prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in self._prefixes(constraint))
        own = tuple(sorted(m for m in shapes.objects(constraint, SH.message) if isinstance(m, Literal)))
        query = f"{prefixes}SELECT ?this ?path ?value WHERE {{ {targets} {{ {text} }} }}"
        return ShapeQuery(
            node, SH.SPARQLConstraintComponent, severity, tuple(sorted({*own, *messages})), None, query,
            constraint=constraint,
        )  # fmt: skip

    def _prefixes(self, constraint: Node) -> Iterable[tuple[str, str]]:
        for ontology in self.shapes.objects(constraint, SH.prefixes):
            for declaration in self.shapes.objects(ontology, SH.declare):
                prefix, namespace = (self.shapes.value(declaration, p) for p in (SH.prefix, SH.namespace))
                if prefix is not None and namespace is not None:
                    yield str(prefix), str(namespace)
            if (ontology, RDF.type, OWL.Ontology) not in self.shapes:
                raise UnsupportedShapeError(f"sh:prefixes must name an owl:Ontology, not {ontology}")

    # ------------------------------------------------------------------ running

    def run(self, store: Any) -> list[Result]:
        """Run every query on ``store`` (a ``pyoxigraph.Store``) and return the results."""
        found: list[Result] = []
        for item in self.queries:
            seen: set[tuple[Any, ...]] = set()
            for solution in store.query(item.query):
                focus = _rdflib(solution["this"])
                assert focus is not None
                value = _rdflib(solution["value"]) if item.has_value else None
                path = item.path
                messages = item.messages
                if item.constraint is not None:  # SHACL-SPARQL, as pySHACL reports it
                    path = _rdflib(solution["path"])
                    if (focus, path, value) in seen:  # repeated rows are one result
                        continue
                    seen.add((focus, path, value))
                    messages = _substitute(item.messages, focus, path, value)
                    value = focus if value is None else value
                found.append(
                    Result(focus, path, value, item.shape, item.component, item.severity, messages,
                           item.constraint, self.shapes)
                )  # fmt: skip
        return found


RDF_SUBCLASS = URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf")
RDF_CLASS = URIRef("http://www.w3.org/2000/01/rdf-schema#Class")


def _substitute(
    messages: tuple[Literal, ...], focus: Node, path: Node | None, value: Node | None
) -> tuple[Literal, ...]:
    bound = {"this": focus, "path": path, "value": value}
    out = []
    for message in messages:
        text = str(message)
        for name, term in bound.items():
            if term is not None:
                text = re.sub(r"\{[?$]" + name + r"\}", str(term).replace("\\", "\\\\"), text)
        out.append(Literal(text, lang=message.language, datatype=message.datatype))
    return tuple(out)


def _rdflib(term: Any) -> Node | None:
    """An rdflib term for a pyoxigraph term, or None for an unbound variable."""
    return None if term is None else from_oxigraph(term)
