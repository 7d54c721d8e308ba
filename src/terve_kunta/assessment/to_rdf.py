"""A self-assessment as RDF in the ontology's terms, after checking its names against the graph.

:func:`resolve` looks up the municipality or county, and every concept a field names
(the decision body, the sectors, the partners), in the knowledge graph (each
unknown one is an :class:`~terve_kunta.errors.AssessmentError` naming its field);
:func:`ntriples` writes the result as N-Triples, walking the fields' declarations
(:func:`~terve_kunta.assessment.model.declared_fields`). The mapping states every type the shapes target,
so validation needs no inference. Names and e-mail addresses of people are left
out unless ``include_personal=True`` is asked for.

>>> import terve_kunta as tk
>>> from terve_kunta.assessment.document import read_document_data
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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from rdflib import Graph, URIRef

from terve_kunta.assessment.document import AssessmentDocument
from terve_kunta.assessment.model import Person, Rdf, SelfAssessment, declared_fields, nested_model
from terve_kunta.data.lookup import NameIndex
from terve_kunta.data.view import GraphView
from terve_kunta.errors import AmbiguousNameError, AssessmentError, UnknownNameError
from terve_kunta.models import Municipality, WellbeingServicesCounty
from terve_kunta.namespaces import ID, ORG, RDF, SCHEMA, SKOS, TK, XSD
from terve_kunta.rdf.canonical import new_graph

__all__ = ["ResolvedAssessment", "Vocabulary", "assessment_graph", "ntriples", "resolve"]

KINDS = {
    "municipality": ("municipality", TK.MunicipalitySelfAssessment),
    "wellbeing_services_county": ("wellbeing-services-county", TK.WellbeingServicesCountySelfAssessment),
}
_SAFE_IRI = re.compile(r"^(https?|urn):(?:[^\s<>\"{}|\\^`%]|%[0-9A-Fa-f]{2})+$")


@dataclass(frozen=True)
class ResolvedAssessment:
    """A self-assessment whose names are resolved to IRIs of the knowledge graph.

    ``concepts`` maps the dotted path of each concept field (``joining_decision.body``,
    ``steering_group.sectors``) to the IRIs of the concepts it names.
    """

    assessment: SelfAssessment
    source: str
    iri: str
    kind: str  # "municipality" or "wellbeing_services_county"
    organization: str
    organization_code: str
    organization_names: dict[str, str]
    concepts: dict[str, tuple[str, ...]]


class Vocabulary:
    """What :func:`resolve` looks names up in: the places and concept schemes of a graph.

    Read once for the graph's current state (:meth:`of` keeps it in the view's
    cache, so a change to the graph is seen at once).
    """

    def __init__(self, view: GraphView) -> None:
        self.view = view
        self.municipalities = {m.code: m for m in view.municipalities()}
        self.years = sorted({y for m in self.municipalities.values() for y in m.classification_years})
        self.counties = {c.code: c for c in view.wellbeing_services_counties()}
        self.county_names = NameIndex({c.code: [*c.names.values(), *c.alt_names] for c in self.counties.values()})
        self._schemes: dict[URIRef, dict[str, str]] = {}

    @classmethod
    def of(cls, view: GraphView) -> Vocabulary:
        """The vocabulary of ``view``'s graph as it is now."""
        return view.cached("assessment vocabulary", lambda: cls(view))

    def scheme(self, scheme: URIRef) -> dict[str, str]:
        """The concepts of a concept scheme: notation (the slug in a file) -> IRI."""
        found = self._schemes.get(scheme)
        if found is None:
            rdf = self.view.rdf
            found = self._schemes[scheme] = {
                str(rdf.value(c, SKOS.notation)): str(c)
                for c in rdf.subjects(SKOS.inScheme, scheme)
                if rdf.value(c, SKOS.notation) is not None
            }
        return found


def _fail(doc: AssessmentDocument, field: str, problem: str, expected: str) -> AssessmentError:
    return AssessmentError(doc.source, problem, field=field, line=doc.line(field), expected=expected)


def _municipality(doc: AssessmentDocument, key: str, vocab: Vocabulary) -> Municipality:
    expected = declared_fields(SelfAssessment)["municipality"].expected
    found = vocab.municipalities.get(key.zfill(3)) if key.isdigit() and len(key) <= 3 else None
    if found is None:
        try:
            found = vocab.view.municipality(key)
        except (UnknownNameError, AmbiguousNameError) as exc:
            raise _fail(doc, "municipality", str(exc), expected) from None
    year = doc.assessment.assessed_on.year
    if vocab.years:  # a day after the newest classification is judged by the newest, before the oldest by the oldest
        nearest = min(max(year, vocab.years[0]), vocab.years[-1])
        if nearest not in found.classification_years:
            note = "" if nearest == year else f", the nearest to {doc.assessment.assessed_on.isoformat()}"
            raise _fail(
                doc,
                "municipality",
                f"{found.name_fi} ({found.code}) is not in Statistics Finland's municipality classification "
                f"of {nearest}{note}",
                "a municipality that exists on the day of the assessment",
            )
    return found


def _county(doc: AssessmentDocument, key: str, vocab: Vocabulary) -> WellbeingServicesCounty:
    expected = 'the 2-digit code of a wellbeing services county (01-21, e.g. "13") or its name'
    codes = [key.zfill(2)] if key.isdigit() else list(vocab.county_names.find(key))
    if len(codes) != 1 or codes[0] not in vocab.counties:
        problem = f"no wellbeing services county is {'coded' if key.isdigit() else 'named'} {key!r}"
        hint = str(UnknownNameError("", vocab.county_names.suggest(key))) if not key.isdigit() else ""
        raise _fail(doc, "wellbeing_services_county", problem + hint, expected)
    return vocab.counties[codes[0]]


def _concept_fields(model: type[BaseModel], value: BaseModel, prefix: str = "") -> Iterator[tuple[str, Rdf, Any]]:
    """Every concept field of the assessment that is stated: its dotted path, declaration and value."""
    for name, rdf in declared_fields(model).items():
        nested, given = nested_model(model, name), getattr(value, name)
        if given is None:
            continue
        if rdf.kind in ("concept", "members"):
            yield prefix + name, rdf, given
        elif nested is not None and isinstance(given, BaseModel):
            yield from _concept_fields(nested, given, f"{prefix}{name}.")


def _concepts(doc: AssessmentDocument, path: str, rdf: Rdf, given: Any, vocab: Vocabulary) -> tuple[str, ...]:
    assert rdf.scheme is not None
    known = vocab.scheme(rdf.scheme)
    slugs = [given.value if hasattr(given, "value") else given] if rdf.kind == "concept" else list(given)
    found: list[str] = []
    for index, slug in enumerate(slugs):
        if slug not in known:
            if rdf.kind == "concept":
                raise _fail(doc, path, "is not in the graph's scheme of decision bodies", "a known body")
            hint = ""
            partners = vocab.scheme(ID["scheme/steering-group-partners"])
            if rdf.concept == "sector" and slug in partners:
                hint = f"; {slug!r} is a partner, not an administrative sector: list it under steering_group.partners"
            raise AssessmentError(
                doc.source,
                f"unknown {rdf.concept} {slug!r}{hint}",
                field=f"{path}[{index}]",
                line=doc.line(f"{path}.{index}") or doc.line(path),
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
    """Look up the organisation and every concept that ``doc`` names in the graph."""
    a = doc.assessment
    kind, key = a.organization_key
    place = _municipality(doc, key, vocab) if kind == "municipality" else _county(doc, key, vocab)
    concepts = {
        path: _concepts(doc, path, rdf, given, vocab) for path, rdf, given in _concept_fields(SelfAssessment, a)
    }
    iri = doc.iri if doc.iri and _valid_iri(doc.iri) else None
    if iri is None:
        iri = str(ID[f"self-assessment/{KINDS[kind][0]}/{place.code}/{a.assessed_on.isoformat()}"])
    return ResolvedAssessment(a, doc.source, iri, kind, place.iri, place.code, dict(place.names), concepts)


# ---------------------------------------------------------------------- N-Triples

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_TRUE = f'"true"^^<{XSD.boolean}>'
_FALSE = f'"false"^^<{XSD.boolean}>'


def _literal(value: Any, datatype: URIRef | None) -> str:
    if isinstance(value, bool):
        return _TRUE if value else _FALSE
    lexical = value.isoformat() if hasattr(value, "isoformat") else str(value)
    text = '"' + lexical.translate(_ESCAPES) + '"'
    return text if datatype in (None, XSD.string) else f"{text}^^<{datatype}>"


class _Writer:
    def __init__(self, resolved: ResolvedAssessment, include_personal: bool) -> None:
        self.resolved, self.include_personal = resolved, include_personal
        self.lines: list[str] = []

    def add(self, subject: str, prop: URIRef, obj: str) -> None:
        self.lines.append(f"<{subject}> <{prop}> {obj} .")

    def fields(self, subject: str, model: type[BaseModel], value: BaseModel, path: str = "") -> None:
        for name, rdf in declared_fields(model).items():
            given = getattr(value, name)
            if given is None or rdf.kind == "organization" or (rdf.personal and not self.include_personal):
                continue
            nested = nested_model(model, name)
            if rdf.kind == "group" and nested is not None:
                self.fields(subject, nested, given, f"{path}{name}.")
                continue
            assert rdf.prop is not None
            if rdf.kind == "value":
                self.add(subject, rdf.prop, _literal(given, rdf.datatype))
            elif rdf.kind == "node" and nested is not None:
                child = f"{subject}/{rdf.node}"
                self.add(subject, rdf.prop, f"<{child}>")
                self.add(child, RDF.type, f"<{rdf.node_class}>")
                self.fields(child, nested, given, f"{path}{name}.")
            elif rdf.kind == "concept":
                for iri in self.resolved.concepts[path + name]:
                    self.add(subject, rdf.prop, f"<{iri}>")
            elif rdf.kind == "members":
                for iri in self.resolved.concepts[path + name]:
                    member = f"{subject}/{rdf.concept}/{iri.rsplit('/', 1)[-1]}"
                    self.add(subject, ORG.hasMember, f"<{member}>")
                    self.add(member, rdf.prop, f"<{iri}>")
            elif rdf.kind == "person":
                assert rdf.flag is not None
                self.add(subject, rdf.flag, _FALSE if given is False else _TRUE)
                if isinstance(given, Person):
                    person = f"{subject}/{rdf.node}"
                    self.add(subject, rdf.prop, f"<{person}>")
                    self.add(person, RDF.type, f"<{SCHEMA.Person}>")
                    self.fields(person, Person, given)


def ntriples(resolved: ResolvedAssessment, include_personal: bool = False, *, subject: str | None = None) -> str:
    """The assessment as N-Triples (one statement a line), ready for any RDF store.

    ``subject`` writes the assessment under another IRI than its own (its inner nodes
    follow it): validation gives each assessment an IRI of its own in its store.
    """
    a = resolved.assessment
    writer = _Writer(resolved, include_personal)
    s = resolved.iri if subject is None else subject
    writer.add(s, RDF.type, f"<{TK.SelfAssessment}>")
    writer.add(s, RDF.type, f"<{KINDS[resolved.kind][1]}>")
    writer.add(s, TK.assessedOrganization, f"<{resolved.organization}>")
    writer.fields(s, SelfAssessment, a)
    return "\n".join(writer.lines) + "\n"


def assessment_graph(resolved: Iterable[ResolvedAssessment], include_personal: bool = False) -> Graph:
    """The assessments as one new rdflib graph with the package's prefixes bound."""
    graph = new_graph()
    text = "".join(ntriples(r, include_personal) for r in resolved)
    if text:
        graph.parse(data=text, format="nt")
    return graph
