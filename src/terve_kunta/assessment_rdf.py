"""A self-assessment as RDF in the ontology's terms, after checking its names against the graph.

:func:`resolve` looks up the municipality or county, the decision body, the sectors
and the partners in the knowledge graph (each unknown one is an
:class:`~terve_kunta.errors.AssessmentError` naming its field); :func:`ntriples`
writes the result as N-Triples. The mapping states every type the shapes target,
so validation needs no inference. Names and e-mail addresses of people are left
out unless ``include_personal=True`` is asked for.

>>> import terve_kunta as tk
>>> from terve_kunta.assessment_files import read_document_data
>>> doc = read_document_data({"municipality": "Kuopio", "assessed_on": "2025-03-01",
...     "steering_group": {"sectors": ["education", "culture"]}})
>>> resolved = resolve(doc, Vocabulary.of(tk.load()))
>>> resolved.iri
'https://w3id.org/terve-kunta/id/self-assessment/municipality/297/2025-03-01'
>>> ntriples(resolved).splitlines()[0].split()[2]
'<https://w3id.org/terve-kunta/ontology#SelfAssessment>'
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from rdflib import Graph, URIRef

from terve_kunta.assessment import Person, SelfAssessment
from terve_kunta.assessment_files import AssessmentDocument
from terve_kunta.errors import AmbiguousNameError, AssessmentError, UnknownNameError
from terve_kunta.graph import KnowledgeGraph
from terve_kunta.lookup import NameIndex
from terve_kunta.namespaces import DCTERMS, ID, ORG, RDF, RDFS, SCHEMA, SKOS, TK, XSD

__all__ = [
    "BOOLEAN_FIELDS",
    "PEOPLE",
    "ResolvedAssessment",
    "Vocabulary",
    "assessment_graph",
    "ntriples",
    "resolve",
]

#: Boolean keys of the file (as paths) and the property each becomes.
BOOLEAN_FIELDS: tuple[tuple[tuple[str, ...], URIRef], ...] = (
    (("top_management_responsible",), TK.topManagementResponsible),
    (("commitments", "network_tasks"), TK.committedToNetworkTasks),
    (("commitments", "hosting"), TK.committedToHosting),
    (("resources_allocated",), TK.resourcesAllocated),
    (("inequality_reduction_all_sectors",), TK.inequalityReductionAllSectors),
    (("resident_participation",), TK.residentParticipation),
    (("national_network", "shares_good_practices"), TK.sharesGoodPractices),
    (("national_network", "attends_meetings"), TK.attendsNetworkMeetings),
)
#: People the assessment names: key, "named" property, person property, IRI suffix.
PEOPLE: tuple[tuple[str, URIRef, URIRef, str], ...] = (
    ("wellbeing_coordinator", TK.wellbeingCoordinatorNamed, TK.wellbeingCoordinator, "wellbeing-coordinator"),
    ("elected_official", TK.electedOfficialNamed, TK.electedOfficial, "elected-official"),
    ("contact_person", TK.contactPersonNamed, TK.contactPerson, "contact-person"),
)
KINDS = {
    "municipality": ("municipality", TK.MunicipalitySelfAssessment),
    "wellbeing_services_county": ("wellbeing-services-county", TK.WellbeingServicesCountySelfAssessment),
}
_SAFE_IRI = re.compile(r"^(https?|urn):(?:[^\s<>\"{}|\\^`%]|%[0-9A-Fa-f]{2})+$")


@dataclass(frozen=True)
class ResolvedAssessment:
    """A self-assessment whose names are resolved to IRIs of the knowledge graph."""

    assessment: SelfAssessment
    source: str
    iri: str
    kind: str  # "municipality" or "wellbeing_services_county"
    organization: str
    organization_code: str
    organization_names: dict[str, str]
    body: str | None
    sectors: tuple[str, ...]
    partners: tuple[str, ...]


class Vocabulary:
    """What :func:`resolve` looks names up in: places, sectors, partners and decision bodies of a graph."""

    _cache: ClassVar[weakref.WeakKeyDictionary[KnowledgeGraph, Vocabulary]] = weakref.WeakKeyDictionary()

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.municipalities = {m.code: m for m in kg.municipalities()}
        self.years = {y for m in self.municipalities.values() for y in m.classification_years}
        self.counties = {c.code: c for c in kg.wellbeing_services_counties()}
        self.county_names = NameIndex({c.code: [*c.names.values(), *c.alt_names] for c in self.counties.values()})
        self.sectors = self._scheme(ID["scheme/administrative-sectors"])
        self.partners = self._scheme(ID["scheme/steering-group-partners"])
        self.bodies = self._scheme(ID["scheme/decision-bodies"])

    @classmethod
    def of(cls, kg: KnowledgeGraph) -> Vocabulary:
        """The vocabulary of ``kg``, read once per graph (call again after ``kg.refresh()``)."""
        found = cls._cache.get(kg)
        if found is None:
            found = cls._cache[kg] = cls(kg)
        return found

    def _scheme(self, scheme: URIRef) -> dict[str, str]:
        rdf = self.kg.rdf
        return {
            str(rdf.value(c, SKOS.notation)): str(c)
            for c in rdf.subjects(SKOS.inScheme, scheme)
            if rdf.value(c, SKOS.notation) is not None
        }


def _fail(doc: AssessmentDocument, field: str, problem: str, expected: str) -> AssessmentError:
    return AssessmentError(doc.source, problem, field=field, line=doc.line(field), expected=expected)


def _municipality(doc: AssessmentDocument, key: str, vocab: Vocabulary) -> tuple[str, str, dict[str, str]]:
    expected = 'a Statistics Finland municipality code (e.g. "297") or a Finnish or Swedish municipality name'
    found = vocab.municipalities.get(key.zfill(3)) if key.isdigit() and len(key) <= 3 else None
    if found is None:
        try:
            found = vocab.kg.municipality(key)
        except (UnknownNameError, AmbiguousNameError) as exc:
            raise _fail(doc, "municipality", str(exc), expected) from None
    year = doc.assessment.assessed_on.year
    if year in vocab.years and year not in found.classification_years:
        raise _fail(
            doc,
            "municipality",
            f"{found.name_fi} ({found.code}) is not in Statistics Finland's municipality classification of {year}",
            "a municipality that exists on the day of the assessment",
        )
    return found.iri, found.code, dict(found.names)


def _county(doc: AssessmentDocument, key: str, vocab: Vocabulary) -> tuple[str, str, dict[str, str]]:
    expected = 'the 2-digit code of a wellbeing services county (01-21, e.g. "13") or its name'
    codes = [key.zfill(2)] if key.isdigit() else list(vocab.county_names.find(key))
    if len(codes) != 1 or codes[0] not in vocab.counties:
        hint = vocab.county_names.suggest(key) if not key.isdigit() else []
        problem = f"no wellbeing services county is {'coded' if key.isdigit() else 'named'} {key!r}"
        if hint:
            problem += f"; did you mean {' or '.join(repr(h) for h in hint)}?"
        raise _fail(doc, "wellbeing_services_county", problem, expected)
    county = vocab.counties[codes[0]]
    return county.iri, county.code, dict(county.names)


def _slugs(
    doc: AssessmentDocument, field: str, values: Iterable[str], known: dict[str, str], what: str, partners: set[str]
) -> tuple[str, ...]:
    found: list[str] = []
    for index, slug in enumerate(values):
        if slug not in known:
            hint = ""
            if what == "sector" and slug in partners:
                hint = f"; {slug!r} is a partner, not an administrative sector: list it under steering_group.partners"
            raise AssessmentError(
                doc.source,
                f"unknown {what} {slug!r}{hint}",
                field=f"{field}[{index}]",
                line=doc.line(f"{field}.{index}") or doc.line(field),
                expected="one of " + ", ".join(sorted(known)),
            )
        if known[slug] not in found:
            found.append(known[slug])
    return tuple(found)


def _valid_iri(iri: str) -> bool:
    """Whether an IRI read from RDF input can be written back as is (else the assessment gets our own)."""
    if not _SAFE_IRI.match(iri):
        return False
    import pyoxigraph

    try:
        pyoxigraph.NamedNode(iri)
    except ValueError:
        return False
    return True


def resolve(doc: AssessmentDocument, vocab: Vocabulary) -> ResolvedAssessment:
    """Look up the organisation, decision body, sectors and partners of ``doc`` in the graph."""
    a = doc.assessment
    kind, key = a.organization_key
    org, code, names = (_municipality if kind == "municipality" else _county)(doc, key, vocab)
    body = None
    if a.joining_decision is not None:
        body = vocab.bodies.get(a.joining_decision.body.value)
        if body is None:
            raise _fail(doc, "joining_decision.body", "is not in the graph's scheme of decision bodies", "a known body")
    group = a.steering_group
    sectors: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    if group is not None:
        known = set(vocab.partners)
        sectors = _slugs(doc, "steering_group.sectors", group.sectors, vocab.sectors, "sector", known)
        partners = _slugs(doc, "steering_group.partners", group.partners, vocab.partners, "partner", known)
    iri = doc.iri if doc.iri and _valid_iri(doc.iri) else None
    if iri is None:
        iri = str(ID[f"self-assessment/{KINDS[kind][0]}/{code}/{a.assessed_on.isoformat()}"])
    return ResolvedAssessment(a, doc.source, iri, kind, org, code, names, body, sectors, partners)


# ---------------------------------------------------------------------- N-Triples

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_TRUE = f'"true"^^<{XSD.boolean}>'
_FALSE = f'"false"^^<{XSD.boolean}>'


def _text(value: str) -> str:
    return '"' + value.translate(_ESCAPES) + '"'


def _typed(lexical: str, datatype: URIRef) -> str:
    return f'"{lexical}"^^<{datatype}>'


def ntriples(resolved: ResolvedAssessment, include_personal: bool = False) -> str:
    """The assessment as N-Triples (one statement a line), ready for any RDF store."""
    a = resolved.assessment
    s = f"<{resolved.iri}>"
    lines = [
        f"{s} <{RDF.type}> <{TK.SelfAssessment}> .",
        f"{s} <{RDF.type}> <{KINDS[resolved.kind][1]}> .",
        f"{s} <{TK.assessedOrganization}> <{resolved.organization}> .",
        f"{s} <{DCTERMS.date}> {_typed(a.assessed_on.isoformat(), XSD.date)} .",
    ]
    for path, prop in BOOLEAN_FIELDS:
        value: object = a
        for part in path:
            value = getattr(value, part) if value is not None else None
        if value is not None:
            lines.append(f"{s} <{prop}> {_TRUE if value else _FALSE} .")
    decision = a.joining_decision
    if decision is not None:
        d = f"<{resolved.iri}/joining-decision>"
        lines += [
            f"{s} <{TK.joiningDecision}> {d} .",
            f"{d} <{RDF.type}> <{TK.JoiningDecision}> .",
            f"{d} <{TK.decisionBody}> <{resolved.body}> .",
            f"{d} <{DCTERMS.date}> {_typed(decision.date.isoformat(), XSD.date)} .",
        ]
        if decision.reference:
            lines.append(f"{d} <{DCTERMS.identifier}> {_text(decision.reference)} .")
    group = a.steering_group
    if group is not None:
        g = f"<{resolved.iri}/steering-group>"
        lines += [f"{s} <{TK.steeringGroup}> {g} .", f"{g} <{RDF.type}> <{TK.SteeringGroup}> ."]
        if group.name:
            lines.append(f"{g} <{RDFS.label}> {_text(group.name)} .")
        for kind, prop, iris in (
            ("sector", TK.sector, resolved.sectors),
            ("partner", TK.partnerType, resolved.partners),
        ):
            for iri in iris:
                member = f"<{resolved.iri}/steering-group/{kind}/{iri.rsplit('/', 1)[-1]}>"
                lines += [f"{g} <{ORG.hasMember}> {member} .", f"{member} <{prop}> <{iri}> ."]
    for key, named, person_prop, suffix in PEOPLE:
        person = getattr(a, key)
        if person is None:
            continue
        lines.append(f"{s} <{named}> {_FALSE if person is False else _TRUE} .")
        if isinstance(person, Person):
            p = f"<{resolved.iri}/{suffix}>"
            lines += [f"{s} <{person_prop}> {p} .", f"{p} <{RDF.type}> <{SCHEMA.Person}> ."]
            if person.title:
                lines.append(f"{p} <{SCHEMA.jobTitle}> {_text(person.title)} .")
            if include_personal and person.name:
                lines.append(f"{p} <{SCHEMA.name}> {_text(person.name)} .")
            if include_personal and person.email:
                lines.append(f"{p} <{SCHEMA.email}> {_text(person.email)} .")
    report = a.wellbeing_report
    if report is not None and report.annual_year is not None:
        lines.append(f"{s} <{TK.annualWellbeingReportYear}> {_typed(str(report.annual_year), XSD.integer)} .")
    if report is not None and report.council_term_report is not None:
        lines.append(f"{s} <{TK.councilTermWellbeingReport}> {_text(report.council_term_report)} .")
    if a.communication_url is not None:
        lines.append(f"{s} <{TK.communicationUrl}> {_text(a.communication_url)}^^<{XSD.anyURI}> .")
    return "\n".join(lines) + "\n"


def assessment_graph(resolved: Iterable[ResolvedAssessment], include_personal: bool = False) -> Graph:
    """The assessments as one new rdflib graph with the package's prefixes bound."""
    from terve_kunta.canonical import new_graph

    graph = new_graph()
    text = "".join(ntriples(r, include_personal) for r in resolved)
    if text:
        graph.parse(data=text, format="nt")
    return graph
