"""The self-assessment: what a municipality or wellbeing services county states about itself.

A self-assessment is a small YAML or JSON file (or Turtle in the ontology's terms)
whose keys are the fields of :class:`SelfAssessment`. A key that is absent or
``null`` means "not stated": its criterion becomes ``missing``. Values are checked
for their type here; codes, names, sectors and partners are checked against the
knowledge graph when the assessment is validated.

>>> a = SelfAssessment.model_validate({"municipality": "297", "assessed_on": "2025-03-01",
...     "joining_decision": {"body": "council", "date": "2024-11-18"}, "wellbeing_coordinator": True})
>>> a.assessed_on, a.joining_decision.body, a.organization_key
(datetime.date(2025, 3, 1), <DecisionBody.COUNCIL: 'council'>, ('municipality', '297'))

Each field says once, in its :class:`Rdf` declaration, which RDF property holds it
and what a value must be; the RDF writer and reader and the error messages all
walk these declarations (:func:`declared_fields`):

>>> declared_fields(SelfAssessment)["top_management_responsible"].prop
rdflib.term.URIRef('https://w3id.org/terve-kunta/ontology#topManagementResponsible')

Names and e-mail addresses of people (:class:`Person`) are personal data: they are
kept in the model but never written to the public graph or to any report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, Field, StrictBool, StrictInt, StrictStr, model_validator
from rdflib import URIRef

from terve_kunta.assessment.web_address import strip_space
from terve_kunta.errors import UsageError
from terve_kunta.models import FrozenModel, IsoDate
from terve_kunta.namespaces import DCTERMS, ID, RDFS, SCHEMA, TK, XSD

__all__ = [
    "PERSONAL_FIELDS",
    "Commitments",
    "DecisionBody",
    "JoiningDecision",
    "NationalNetwork",
    "Person",
    "Rdf",
    "SelfAssessment",
    "SteeringGroup",
    "WellbeingReport",
    "declared_fields",
    "json_schema",
    "nested_model",
]

_TERM = re.compile(r"^(\d{4})-(\d{4})$")

Kind = Literal["organization", "value", "group", "node", "person", "concept", "members"]


@dataclass(frozen=True)
class Rdf:
    """How one field of a self-assessment is stated in RDF, and what its value must be.

    ``kind`` says how the field is written (``prop`` is None only for a group):

    - ``value``: a literal of ``datatype`` on the subject, with the property ``prop``;
    - ``group``: an object whose fields are stated on the subject itself;
    - ``node``: an object that becomes its own node (``{subject}/{node}``, of ``node_class``), linked by ``prop``;
    - ``person``: ``true``/``false`` as ``flag``, or an object that becomes a ``schema:Person`` node;
    - ``concept``: a slug that names a concept of ``scheme`` (an IRI ``{ID}{concept}/{slug}``);
    - ``members``: slugs of concepts, each one a member node ``{subject}/{concept}/{slug}`` with ``prop``;
    - ``organization``: the assessed municipality or county (``tk:assessedOrganization``).

    ``expected`` is what error messages say a value must be (``item``: one item of a
    list); ``personal`` marks a
    value that is personal data (never written unless asked, never quoted).
    """

    kind: Kind
    prop: URIRef | None
    expected: str
    datatype: URIRef | None = None
    node: str | None = None
    node_class: URIRef | None = None
    flag: URIRef | None = None
    concept: str | None = None
    scheme: URIRef | None = None
    item: str | None = None
    personal: bool = False

    def concept_iri(self, slug: str) -> URIRef:
        """The IRI of a concept of this field from its slug (``council`` -> ``.../decision-body/council``)."""
        return ID[f"{self.concept}/{slug.replace('_', '-')}"]


def _bool(prop: URIRef, what: str = "true or false") -> Rdf:
    return Rdf("value", prop, what, XSD.boolean)


def _person(flag: URIRef, prop: URIRef, node: str) -> Rdf:
    return Rdf("person", prop, "true, false or an object with title, name, email", flag=flag, node=node)


def _code(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError("not a code or a name")
    text = str(value).strip()
    if not text:
        raise ValueError("empty")
    return text


def _term(value: Any) -> str:
    match = _TERM.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError("not a council term")
    if not int(match[1]) < int(match[2]) <= int(match[1]) + 6:
        raise ValueError(f"{value!r} is not a possible council term")
    return str(value)


def _stripped(value: Any) -> Any:
    return strip_space(value) if isinstance(value, str) else value


Code = Annotated[str, BeforeValidator(_code)]
Text = Annotated[StrictStr, Field(min_length=1, max_length=500)]
Year = Annotated[StrictInt, Field(ge=1900, le=2100)]
CouncilTerm = Annotated[str, BeforeValidator(_term)]
#: Any text, kept without the spaces and line breaks around it; whether it is an http(s) URL
#: (:func:`~terve_kunta.assessment.web_address.is_http_url`) is the criterion's question, not an input error.
WebAddressText = Annotated[StrictStr, BeforeValidator(_stripped), Field(min_length=1, max_length=500)]
Slug = Annotated[StrictStr, Field(min_length=1, max_length=100)]
Slugs = Annotated[list[Slug], Field(max_length=100)]

_DATE = "a date as YYYY-MM-DD"
_TEXT = "text of at most 500 characters"


class DecisionBody(StrEnum):
    """The body that decided to join (the scheme ``ontology/schemes/decision-bodies.ttl``)."""

    COUNCIL = "council"
    MUNICIPAL_BOARD = "municipal_board"
    COMMITTEE = "committee"
    REGIONAL_COUNCIL = "regional_council"
    REGIONAL_BOARD = "regional_board"


class JoiningDecision(FrozenModel):
    """The decision to join the network: which body, when, and its reference in the minutes."""

    body: Annotated[
        DecisionBody,
        Rdf(
            "concept",
            TK.decisionBody,
            "one of " + ", ".join(b.value for b in DecisionBody),
            concept="decision-body",
            scheme=ID["scheme/decision-bodies"],
        ),
    ]
    date: Annotated[IsoDate, Rdf("value", DCTERMS.date, _DATE, XSD.date)]
    reference: Annotated[Text | None, Rdf("value", DCTERMS.identifier, _TEXT, XSD.string)] = None


class Commitments(FrozenModel):
    """What the organisation commits to."""

    network_tasks: Annotated[StrictBool | None, _bool(TK.committedToNetworkTasks)] = None
    hosting: Annotated[StrictBool | None, _bool(TK.committedToHosting)] = None


class SteeringGroup(FrozenModel):
    """The wellbeing and health promotion steering group and who sits in it.

    ``sectors`` are slugs of the administrative sectors (``education``...),
    ``partners`` slugs of partners that are not sectors (``ngos``,
    ``wellbeing_services_county``...).
    """

    name: Annotated[Text | None, Rdf("value", RDFS.label, _TEXT, XSD.string)] = None
    sectors: Annotated[
        Slugs,
        Rdf(
            "members",
            TK.sector,
            "a list of administrative sector slugs (e.g. [education, culture])",
            concept="sector",
            scheme=ID["scheme/administrative-sectors"],
            item="a sector slug such as education",
        ),
    ] = Field(default_factory=list)
    partners: Annotated[
        Slugs,
        Rdf(
            "members",
            TK.partnerType,
            "a list of partner slugs (e.g. [ngos])",
            concept="partner",
            scheme=ID["scheme/steering-group-partners"],
            item="a partner slug such as ngos",
        ),
    ] = Field(default_factory=list)


class Person(FrozenModel):
    """A named person: ``title`` is public; ``name`` and ``email`` are personal data."""

    title: Annotated[Text | None, Rdf("value", SCHEMA.jobTitle, _TEXT, XSD.string)] = None
    name: Annotated[Text | None, Rdf("value", SCHEMA.name, _TEXT, XSD.string, personal=True)] = None
    email: Annotated[Text | None, Rdf("value", SCHEMA.email, _TEXT, XSD.string, personal=True)] = None


class WellbeingReport(FrozenModel):
    """The latest annual wellbeing report (hyvinvointikertomus) and the council-term report."""

    annual_year: Annotated[
        Year | None, Rdf("value", TK.annualWellbeingReportYear, "a year between 1900 and 2100", XSD.integer)
    ] = None
    council_term_report: Annotated[
        CouncilTerm | None,
        Rdf("value", TK.councilTermWellbeingReport, 'a council term as YYYY-YYYY (e.g. "2021-2025")', XSD.string),
    ] = None


class NationalNetwork(FrozenModel):
    """Taking part in the national network."""

    shares_good_practices: Annotated[StrictBool | None, _bool(TK.sharesGoodPractices)] = None
    attends_meetings: Annotated[StrictBool | None, _bool(TK.attendsNetworkMeetings)] = None


class SelfAssessment(FrozenModel):
    """A self-assessment of one municipality or wellbeing services county on one day.

    Give exactly one of ``municipality`` (Statistics Finland code, or the Finnish
    or Swedish name) and ``wellbeing_services_county`` (2-digit code or name).
    ``wellbeing_coordinator``, ``elected_official`` and ``contact_person`` are
    ``true``/``false`` or a :class:`Person` (an object means "named").
    """

    municipality: Annotated[
        Code | None,
        Rdf(
            "organization",
            TK.assessedOrganization,
            'a Statistics Finland municipality code (e.g. "297") or a Finnish or Swedish municipality name',
        ),
    ] = Field(
        None, description='Statistics Finland code (e.g. "297") or the Finnish or Swedish name of the municipality.'
    )
    wellbeing_services_county: Annotated[
        Code | None,
        Rdf(
            "organization",
            TK.assessedOrganization,
            'a wellbeing services county\'s 2-digit code (e.g. "13") or its name',
        ),
    ] = Field(
        None, description='For a wellbeing services county instead of a municipality: its code (e.g. "13") or name.'
    )
    assessed_on: Annotated[IsoDate, Rdf("value", DCTERMS.date, _DATE, XSD.date)] = Field(
        description="The day of the assessment, YYYY-MM-DD."
    )
    top_management_responsible: Annotated[StrictBool | None, _bool(TK.topManagementResponsible)] = Field(
        None, description="Responsibility for wellbeing and health promotion belongs to top management."
    )
    joining_decision: Annotated[
        JoiningDecision | None,
        Rdf("node", TK.joiningDecision, "an object", node="joining-decision", node_class=TK.JoiningDecision),
    ] = Field(None, description="The decision to join the network.")
    commitments: Annotated[Commitments | None, Rdf("group", None, "an object")] = Field(
        None, description="Commitments to the network's tasks and to hosting."
    )
    steering_group: Annotated[
        SteeringGroup | None,
        Rdf("node", TK.steeringGroup, "an object", node="steering-group", node_class=TK.SteeringGroup),
    ] = Field(None, description="The wellbeing and health promotion steering group: its sectors and partners.")
    wellbeing_coordinator: Annotated[
        StrictBool | Person | None,
        _person(TK.wellbeingCoordinatorNamed, TK.wellbeingCoordinator, "wellbeing-coordinator"),
    ] = Field(None, description="A wellbeing coordinator or equivalent is named (true, or the person).")
    elected_official: Annotated[
        StrictBool | Person | None, _person(TK.electedOfficialNamed, TK.electedOfficial, "elected-official")
    ] = Field(None, description="A responsible elected official is named (true, or the person).")
    contact_person: Annotated[
        StrictBool | Person | None, _person(TK.contactPersonNamed, TK.contactPerson, "contact-person")
    ] = Field(None, description="A contact person for the network is named (true, or the person).")
    resources_allocated: Annotated[StrictBool | None, _bool(TK.resourcesAllocated)] = Field(
        None, description="Sufficient resources are assigned to the network's work."
    )
    wellbeing_report: Annotated[WellbeingReport | None, Rdf("group", None, "an object")] = Field(
        None, description="The latest annual wellbeing report to the council, and the council-term report."
    )
    inequality_reduction_all_sectors: Annotated[StrictBool | None, _bool(TK.inequalityReductionAllSectors)] = Field(
        None, description="Wellbeing and health gaps are narrowed through cooperation of all sectors."
    )
    resident_participation: Annotated[StrictBool | None, _bool(TK.residentParticipation)] = Field(
        None, description="Residents are involved."
    )
    communication_url: Annotated[
        WebAddressText | None,
        Rdf("value", TK.communicationUrl, "text: the address of a web page", XSD.anyURI),
    ] = Field(
        None,
        description="The http(s) address (RFC 3986) of the web page that communicates about wellbeing and health "
        "promotion; spaces and line breaks around it are ignored.",
    )
    national_network: Annotated[NationalNetwork | None, Rdf("group", None, "an object")] = Field(
        None, description="Sharing good practices in, and attending the meetings of, the national network."
    )

    @model_validator(mode="after")
    def _one_organization(self) -> SelfAssessment:
        if (self.municipality is None) == (self.wellbeing_services_county is None):
            raise ValueError("give exactly one of municipality and wellbeing_services_county")
        return self

    @property
    def organization_key(self) -> tuple[str, str]:
        """``("municipality", key)`` or ``("wellbeing_services_county", key)``, as given."""
        if self.municipality is not None:
            return ("municipality", self.municipality)
        assert self.wellbeing_services_county is not None
        return ("wellbeing_services_county", self.wellbeing_services_county)

    def has_personal_data(self) -> bool:
        """Whether any person in the assessment has a name or an e-mail address.

        >>> SelfAssessment.model_validate({"municipality": "297", "assessed_on": "2025-03-01",
        ...     "contact_person": {"title": "hyvinvointikoordinaattori"}}).has_personal_data()
        False
        """
        people = (self.wellbeing_coordinator, self.elected_official, self.contact_person)
        return any(isinstance(p, Person) and (p.name or p.email) for p in people)


@cache
def declared_fields(model: type[BaseModel]) -> dict[str, Rdf]:
    """Each field of ``model`` (a self-assessment model) and its :class:`Rdf` declaration, in field order."""
    found: dict[str, Rdf] = {}
    for name, field in model.model_fields.items():
        declared = [m for m in field.metadata if isinstance(m, Rdf)]
        if len(declared) != 1:
            raise UsageError(f"{model.__name__}.{name} must declare its RDF once (Rdf metadata)")
        found[name] = declared[0]
    return found


def nested_model(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    """The model that the field ``name`` of ``model`` holds (``JoiningDecision`` ...), or None for a plain value."""
    annotation = model.model_fields[name].annotation
    for candidate in (annotation, *get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


#: Fields whose values are personal data: never shown in reports or error messages.
PERSONAL_FIELDS = frozenset(name for name, rdf in declared_fields(Person).items() if rdf.personal)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a self-assessment file, generated from :class:`SelfAssessment`.

    The slugs of sectors and partners are filled in from the packaged schemes, so
    that an editor can offer them. ``src/terve_kunta/self-assessment.schema.json``
    is this schema (``tools/generate_schema.py`` writes it; a test checks it).

    >>> schema = json_schema()
    >>> schema["required"], "education" in schema["$defs"]["SteeringGroup"]["properties"]["sectors"]["items"]["enum"]
    (['assessed_on'], True)
    """
    from terve_kunta.data.files import read_graph
    from terve_kunta.namespaces import SKOS

    schema = SelfAssessment.model_json_schema()
    group = schema["$defs"]["SteeringGroup"]["properties"]
    for key, file in (("sectors", "administrative-sectors"), ("partners", "steering-group-partners")):
        scheme = read_graph(f"schemes/{file}.ttl")
        ordered = sorted(scheme.subjects(SKOS.notation, None), key=lambda c: int(str(scheme.value(c, TK.order) or 0)))
        group[key]["items"]["enum"] = [str(scheme.value(c, SKOS.notation)) for c in ordered]
    schema["$defs"]["WellbeingReport"]["properties"]["council_term_report"]["anyOf"][0]["pattern"] = r"^\d{4}-\d{4}$"
    for holder, key in ((schema, "assessed_on"), (schema["$defs"]["JoiningDecision"], "date")):
        holder["properties"][key]["pattern"] = r"^\d{4}-\d{2}-\d{2}$"
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
