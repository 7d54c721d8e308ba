"""Read self-assessments written in RDF (Turtle or an rdflib graph) in the ontology's terms.

The inverse of :func:`terve_kunta.assessment_rdf.ntriples`: each ``tk:SelfAssessment``
node becomes a :class:`~terve_kunta.assessment.SelfAssessment`, so that RDF input
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
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from terve_kunta.assessment_files import AssessmentDocument, read_document_data
from terve_kunta.assessment_rdf import BOOLEAN_FIELDS, PEOPLE
from terve_kunta.errors import AssessmentError
from terve_kunta.namespaces import DCTERMS, ID, ORG, RDF, RDFS, SCHEMA, TK, XSD

__all__ = ["assessments_from_graph", "assessments_from_turtle"]

_CLASSES = (TK.SelfAssessment, TK.MunicipalitySelfAssessment, TK.WellbeingServicesCountySelfAssessment)
_ORGANIZATION = re.compile(r"^" + re.escape(str(ID)) + r"(municipality/(\d{3})|wellbeing-services-county/(\d{2}))$")
_KNOWN = {
    TK.assessedOrganization, TK.joiningDecision, TK.steeringGroup, TK.annualWellbeingReportYear,
    TK.councilTermWellbeingReport, TK.communicationUrl,
    *(prop for _, prop in BOOLEAN_FIELDS), *(p for _, named, person, _ in PEOPLE for p in (named, person)),
}  # fmt: skip


def assessments_from_turtle(text: str, source: str) -> list[AssessmentDocument]:
    """Parse Turtle text (nothing is fetched) and read the self-assessments in it."""
    graph = Graph(bind_namespaces="none")
    complaints = _Complaints()
    term_logger = logging.getLogger("rdflib.term")
    term_logger.addHandler(complaints)
    propagate, term_logger.propagate = term_logger.propagate, False
    try:
        graph.parse(data=text, format="turtle", publicID="urn:x-terve-kunta:assessment:")
        bad_iris = [m.split(" does not look")[0] for m in complaints.messages if "valid URI" in m]
        if bad_iris:  # rdflib accepts some invalid IRIs and only logs them
            raise ValueError(f"<{bad_iris[0]}> is not a valid IRI")
    except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        match = re.search(r"line (\d+)", str(exc))
        raise AssessmentError(
            source, f"not valid Turtle: {reason}", line=int(match[1]) if match else None, expected="Turtle"
        ) from None
    finally:
        term_logger.removeHandler(complaints)
        term_logger.propagate = propagate
    return assessments_from_graph(graph, source)


class _Complaints(logging.Handler):
    """Collects what rdflib logs about the terms it parses (ill-typed literals are reported by field later)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def assessments_from_graph(graph: Graph, source: str) -> list[AssessmentDocument]:
    """The self-assessments of an rdflib graph, in IRI order; blank-node ones get an IRI when resolved."""
    nodes = sorted({s for c in _CLASSES for s in graph.subjects(RDF.type, c)}, key=str)
    if not nodes:
        raise AssessmentError(source, "holds no self-assessment", expected="a node of type tk:SelfAssessment")
    return [_document(graph, node, source) for node in nodes]


class _Reader:
    def __init__(self, graph: Graph, node: Node, source: str) -> None:
        self.graph, self.node, self.source = graph, node, source
        self.name = f"<{node}>" if isinstance(node, URIRef) else "a blank node"

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
        raise self.fail(prop, f"{_show(value)} is not a boolean", 'true or false ("true"^^xsd:boolean)')

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
        raise self.fail(prop, f"{_show(value)} is not a date", 'an xsd:date such as "2025-03-01"^^xsd:date')

    def ref(self, subject: Node, prop: URIRef) -> Node | None:
        value = self.one(subject, prop)
        if value is not None and not isinstance(value, URIRef | BNode):
            raise self.fail(prop, f"{_show(value)} is a literal", "a node")
        return value

    def slug(self, value: Node, prop: URIRef, base: str) -> str:
        prefix = str(ID[base + "/"])
        if isinstance(value, URIRef) and str(value).startswith(prefix):
            return str(value)[len(prefix) :].replace("-", "_")
        raise self.fail(prop, f"{_show(value)} is not a known concept", f"an IRI {prefix}...")


def graph_curie(prop: URIRef) -> str:
    """``tk:joiningDecision`` for a term of the ontology, else ``<iri>``."""
    return "tk:" + str(prop)[len(str(TK._NS)) :] if str(prop).startswith(str(TK._NS)) else f"<{prop}>"


def _show(value: Node) -> str:
    return repr(str(value)) if isinstance(value, Literal) else f"<{value}>"


def _document(graph: Graph, node: Node, source: str) -> AssessmentDocument:
    r = _Reader(graph, node, source)
    unknown = sorted(str(p) for p in graph.predicates(node, None) if str(p).startswith(str(TK._NS)) and p not in _KNOWN)
    if unknown:
        raise r.fail(URIRef(unknown[0]), "unknown property", "a property of tk:SelfAssessment (see the docs)")
    data: dict[str, Any] = {}
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
    data["municipality" if match[2] else "wellbeing_services_county"] = match[2] or match[3]
    data["assessed_on"] = r.date(node, DCTERMS.date)
    for path, prop in BOOLEAN_FIELDS:
        value = r.boolean(node, prop)
        if value is not None:
            target = data
            for part in path[:-1]:
                target = target.setdefault(part, {})
            target[path[-1]] = value
    decision = r.ref(node, TK.joiningDecision)
    if decision is not None:
        body = r.ref(decision, TK.decisionBody)
        data["joining_decision"] = {
            "body": r.slug(body, TK.decisionBody, "decision-body") if body is not None else None,
            "date": r.date(decision, DCTERMS.date),
            "reference": r.text(decision, DCTERMS.identifier),
        }
    group = r.ref(node, TK.steeringGroup)
    if group is not None:
        members = sorted(graph.objects(group, ORG.hasMember), key=str)
        data["steering_group"] = {
            "name": r.text(group, RDFS.label),
            "sectors": [r.slug(v, TK.sector, "sector") for m in members for v in graph.objects(m, TK.sector)],
            "partners": [
                r.slug(v, TK.partnerType, "partner") for m in members for v in graph.objects(m, TK.partnerType)
            ],
        }
    for key, named, person_prop, _ in PEOPLE:
        flag, person = r.boolean(node, named), r.ref(node, person_prop)
        if person is not None and flag is not False:
            data[key] = {
                "title": r.text(person, SCHEMA.jobTitle),
                "name": r.text(person, SCHEMA.name),
                "email": r.text(person, SCHEMA.email),
            }
        elif flag is not None:
            data[key] = flag
    year = r.one(node, TK.annualWellbeingReportYear)
    term = r.text(node, TK.councilTermWellbeingReport)
    if year is not None or term is not None:
        if year is not None and not (isinstance(year, Literal) and type(year.value) is int):
            raise r.fail(TK.annualWellbeingReportYear, f"{_show(year)} is not a year", "an integer such as 2024")
        data["wellbeing_report"] = {
            "annual_year": year.value if isinstance(year, Literal) else None,
            "council_term_report": term,
        }
    url = r.text(node, TK.communicationUrl)
    if url is not None:
        data["communication_url"] = url
    iri = str(node) if isinstance(node, URIRef) else None
    return AssessmentDocument(read_document_data(data, source=source).assessment, source, {}, iri)
