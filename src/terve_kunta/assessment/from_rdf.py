"""Read self-assessments written in RDF (Turtle or an rdflib graph) in the ontology's terms.

The inverse of :func:`terve_kunta.assessment.to_rdf.ntriples`, walking the same field
declarations (:func:`~terve_kunta.assessment.model.declared_fields`): each ``tk:SelfAssessment``
node becomes a :class:`~terve_kunta.assessment.model.SelfAssessment`, so that RDF input
is checked exactly like YAML and JSON. A value of the wrong kind is an
:class:`~terve_kunta.errors.AssessmentError` naming the node and the property.
The caller's graph is only read.

>>> text = '''
... @prefix tk: <https://w3id.org/terve-kunta/ontology#> . @prefix dct: <http://purl.org/dc/terms/> .
... @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
... [] a tk:SelfAssessment ; tk:assessedOrganization <https://w3id.org/terve-kunta/id/municipality/297> ;
...    dct:date "2025-03-01"^^xsd:date ; tk:topManagementResponsible true .
... '''
>>> [doc.assessment.top_management_responsible for doc in assessments_from_turtle(text, "kuopio.ttl")]
[True]
"""

from __future__ import annotations

import logging
import re
from contextvars import ContextVar
from typing import Any

from pydantic import BaseModel
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from terve_kunta.assessment._redact import turtle_reason
from terve_kunta.assessment.document import AssessmentDocument, read_document_data
from terve_kunta.assessment.model import Person, Rdf, SelfAssessment, declared_fields, nested_model
from terve_kunta.data.files import turtle_triples
from terve_kunta.errors import AssessmentError, DataFileError, UsageError
from terve_kunta.namespaces import ID, ORG, RDF, TK, XSD

__all__ = ["PRIVATE_PROPERTIES", "assessments_from_graph", "assessments_from_turtle"]

_CLASSES = (TK.SelfAssessment, TK.MunicipalitySelfAssessment, TK.WellbeingServicesCountySelfAssessment)
_ORGANIZATION = re.compile(r"^" + re.escape(str(ID)) + r"(municipality/(\d{3})|wellbeing-services-county/(\d{2}))$")


def _properties(model: type[BaseModel]) -> set[URIRef]:
    """The properties that the declarations of ``model`` (and the groups stated on its node) use."""
    found: set[URIRef] = set()
    for name, rdf in declared_fields(model).items():
        if rdf.kind == "group":
            nested = nested_model(model, name)
            assert nested is not None
            found |= _properties(nested)
        found |= {p for p in (rdf.prop, rdf.flag) if p is not None}
    return found


def _private(model: type[BaseModel]) -> set[URIRef]:
    """The properties that hold personal data, as the declarations say: of personal fields and of people."""
    found: set[URIRef] = set()
    for name, rdf in declared_fields(model).items():
        nested = nested_model(model, name)
        if rdf.personal or rdf.kind == "person":
            found |= {p for p in (rdf.prop, rdf.flag) if p is not None}
        if nested is not None:
            found |= _private(nested)
    return found


_KNOWN = frozenset(_properties(SelfAssessment))
#: Properties whose values no error message repeats (a person, a flag that says whether one is named, a name...).
PRIVATE_PROPERTIES = frozenset(_private(SelfAssessment))
_SHOWN = 40  # characters of a literal that an error message repeats at most (of an IRI, three times as many)


class _Quiet(logging.Filter):
    """Drops rdflib's records while an assessment is parsed: they repeat the text of ill-typed literals."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not _PARSING.get()


_PARSING: ContextVar[bool] = ContextVar("parsing an assessment", default=False)
_TERM_LOGGER = logging.getLogger("rdflib.term")
if not any(isinstance(f, _Quiet) for f in _TERM_LOGGER.filters):
    _TERM_LOGGER.addFilter(_Quiet())


def assessments_from_turtle(text: str, source: str) -> list[AssessmentDocument]:
    """Parse Turtle text (nothing is fetched) and read the self-assessments in it.

    A syntax error says where it is and why, never what the text there is (it may be a
    name or an e-mail address); ill-typed literals are reported by field, later, and
    not logged.
    """
    token = _PARSING.set(True)
    failure: AssessmentError | None = None
    try:
        triples = turtle_triples(text, source, "urn:x-terve-kunta:assessment:")
    except DataFileError as exc:
        reason = turtle_reason(str(exc).removeprefix(f"{source}: not valid Turtle: "), text)
        failure = AssessmentError(source, f"not valid Turtle: {reason}", line=exc.line, expected="Turtle")
    finally:
        _PARSING.reset(token)
    if failure is not None:  # raised here, it carries no parser's error (with the text quoted) as its context
        raise failure
    graph = Graph(bind_namespaces="none")
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return assessments_from_graph(graph, source)


def assessments_from_graph(graph: Graph, source: str) -> list[AssessmentDocument]:
    """The self-assessments of an rdflib graph, in IRI order; blank-node ones get an IRI when resolved."""
    nodes = sorted({s for c in _CLASSES for s in graph.subjects(RDF.type, c)}, key=str)
    if not nodes:
        raise AssessmentError(source, "holds no self-assessment", expected="a node of type tk:SelfAssessment")
    return [_document(graph, node, source) for node in nodes]


class _Reader:
    def __init__(self, graph: Graph, node: Node, source: str) -> None:
        self.graph, self.node, self.source = graph, node, source
        self.name = _show(node) if isinstance(node, URIRef) else "a blank node"

    def fail(self, prop: URIRef, problem: str, expected: str) -> AssessmentError:
        curie = graph_curie(prop)
        return AssessmentError(self.source, f"{self.name}: {problem}", field=curie, expected=expected)

    def one(self, subject: Node, prop: URIRef) -> Node | None:
        values = list(self.graph.objects(subject, prop))
        if len(values) > 1:
            raise self.fail(prop, f"has {len(values)} values", "at most one")
        return values[0] if values else None

    def boolean(self, subject: Node, prop: URIRef) -> bool | None:
        value = self.one(subject, prop)
        if value is None:
            return None
        if isinstance(value, Literal) and value.datatype == XSD.boolean and isinstance(value.value, bool):
            return value.value
        raise self.fail(prop, f"{_show(value, prop)} is not a boolean", 'true or false ("true"^^xsd:boolean)')

    def text(self, subject: Node, prop: URIRef) -> str | None:
        value = self.one(subject, prop)
        if value is None:
            return None
        if isinstance(value, Literal):
            return str(value)
        raise self.fail(prop, "is not a literal", "text")

    def date(self, subject: Node, prop: URIRef) -> str | None:
        value = self.one(subject, prop)
        if value is None:
            return None
        if isinstance(value, Literal) and value.datatype in (XSD.date, None):
            return str(value)
        raise self.fail(prop, f"{_show(value, prop)} is not a date", 'an xsd:date such as "2025-03-01"^^xsd:date')

    def ref(self, subject: Node, prop: URIRef) -> Node | None:
        value = self.one(subject, prop)
        if value is not None and not isinstance(value, URIRef | BNode):
            raise self.fail(prop, f"{_show(value, prop)} is a literal", "a node")
        return value

    def slug(self, value: Node, rdf: Rdf) -> str:
        prefix = str(ID[f"{rdf.concept}/"])
        if isinstance(value, URIRef) and str(value).startswith(prefix):
            return str(value)[len(prefix) :].replace("-", "_")
        assert rdf.prop is not None
        raise self.fail(rdf.prop, f"{_show(value, rdf.prop)} is not a known concept", f"an IRI {prefix}...")


def graph_curie(prop: URIRef) -> str:
    """``tk:joiningDecision`` for a term of the ontology, else ``<iri>``."""
    return "tk:" + str(prop)[len(str(TK._NS)) :] if str(prop).startswith(str(TK._NS)) else f"<{prop}>"


def _show(value: Node, prop: URIRef | None = None) -> str:
    """How an error message names ``value`` of ``prop``: never a personal one, and a long one shortened.

    >>> from terve_kunta.namespaces import SCHEMA
    >>> _show(Literal("yes")), _show(Literal("Maija"), SCHEMA.name), _show(Literal("1" * 500))[-19:]
    ("'yes'", 'the value', "…' (500 characters)")
    """
    if prop in PRIVATE_PROPERTIES:
        return "the value"
    text = str(value)
    most = _SHOWN if isinstance(value, Literal) else 3 * _SHOWN
    short = text if len(text) <= most else text[:most] + "…"
    shown = repr(short) if isinstance(value, Literal) else f"<{short}>"
    return shown if short == text else f"{shown} ({len(text)} characters)"


def _document(graph: Graph, node: Node, source: str) -> AssessmentDocument:
    r = _Reader(graph, node, source)
    unknown = sorted(str(p) for p in graph.predicates(node, None) if str(p).startswith(str(TK._NS)) and p not in _KNOWN)
    if unknown:
        raise r.fail(URIRef(unknown[0]), "unknown property", "a property of tk:SelfAssessment (see the docs)")
    data = _fields(r, node, SelfAssessment)
    iri = str(node) if isinstance(node, URIRef) else None
    return AssessmentDocument(read_document_data(data, source=source).assessment, source, {}, iri)


def _organization(r: _Reader, node: Node) -> dict[str, str]:
    organization = r.ref(node, TK.assessedOrganization)
    match = _ORGANIZATION.match(str(organization)) if isinstance(organization, URIRef) else None
    if match is None:
        raise r.fail(
            TK.assessedOrganization,
            "names no municipality or wellbeing services county"
            if organization is None
            else f"{_show(organization)} is not one",
            f"an IRI {ID}municipality/NNN or {ID}wellbeing-services-county/NN",
        )
    return {"municipality": match[2]} if match[2] else {"wellbeing_services_county": match[3]}


def _fields(r: _Reader, node: Node, model: type[BaseModel]) -> dict[str, Any]:
    """The fields of ``model`` stated on ``node``, as a document would give them (absent when not stated)."""
    data: dict[str, Any] = {}
    for name, rdf in declared_fields(model).items():
        nested = nested_model(model, name)
        value: Any = None
        if rdf.kind == "organization":
            if name == "municipality":
                data.update(_organization(r, node))
            continue
        if rdf.kind == "group" and nested is not None:
            value = _fields(r, node, nested) or None
        elif rdf.prop is None:
            raise UsageError(f"{model.__name__}.{name}: a {rdf.kind} field needs its property")
        elif rdf.kind == "value":
            value = _value(r, node, rdf)
        elif rdf.kind == "node" and nested is not None:
            child = r.ref(node, rdf.prop)
            value = _fields(r, child, nested) if child is not None else None
        elif rdf.kind == "concept":
            concept = r.ref(node, rdf.prop)
            value = r.slug(concept, rdf) if concept is not None else None
        elif rdf.kind == "members":
            members = sorted(r.graph.objects(node, ORG.hasMember), key=str)
            value = [r.slug(v, rdf) for m in members for v in r.graph.objects(m, rdf.prop)]
        elif rdf.kind == "person":
            value = _person(r, node, rdf)
        if value is not None:
            data[name] = value
    return data


def _value(r: _Reader, node: Node, rdf: Rdf) -> Any:
    assert rdf.prop is not None
    if rdf.datatype == XSD.boolean:
        return r.boolean(node, rdf.prop)
    if rdf.datatype == XSD.date:
        return r.date(node, rdf.prop)
    if rdf.datatype == XSD.integer:
        value = r.one(node, rdf.prop)
        if value is not None and not (isinstance(value, Literal) and type(value.value) is int):
            raise r.fail(rdf.prop, f"{_show(value, rdf.prop)} is not a year", "an integer such as 2024")
        return value.value if isinstance(value, Literal) else None
    return r.text(node, rdf.prop)


def _person(r: _Reader, node: Node, rdf: Rdf) -> Any:
    assert rdf.flag is not None and rdf.prop is not None
    flag, person = r.boolean(node, rdf.flag), r.ref(node, rdf.prop)
    if person is not None and flag is not False:
        return {name: r.text(person, field.prop) for name, field in declared_fields(Person).items() if field.prop}
    return flag
