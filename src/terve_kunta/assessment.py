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

Names and e-mail addresses of people (:class:`Person`) are personal data: they are
kept in the model but never written to the public graph or to any report.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, StrictStr, model_validator

__all__ = [
    "Commitments",
    "DecisionBody",
    "JoiningDecision",
    "NationalNetwork",
    "PERSONAL_FIELDS",
    "Person",
    "SelfAssessment",
    "SteeringGroup",
    "WellbeingReport",
    "json_schema",
]

#: Fields whose values are personal data: never shown in reports or error messages.
PERSONAL_FIELDS = frozenset({"name", "email"})

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TERM = re.compile(r"^(\d{4})-(\d{4})$")


def _iso_date(value: Any) -> date:
    if isinstance(value, date) and type(value) is date:
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a date that exists") from None
    raise ValueError("not a date")


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


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Code = Annotated[str, BeforeValidator(_code)]
Text = Annotated[StrictStr, Field(min_length=1, max_length=500)]
Year = Annotated[StrictInt, Field(ge=1900, le=2100)]
CouncilTerm = Annotated[str, BeforeValidator(_term)]
Slug = Annotated[StrictStr, Field(min_length=1, max_length=100)]


class _Input(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class DecisionBody(StrEnum):
    """The body that decided to join (the scheme ``ontology/schemes/decision-bodies.ttl``)."""

    COUNCIL = "council"
    MUNICIPAL_BOARD = "municipal_board"
    COMMITTEE = "committee"
    REGIONAL_COUNCIL = "regional_council"
    REGIONAL_BOARD = "regional_board"


class JoiningDecision(_Input):
    """The decision to join the network: which body, when, and its reference in the minutes."""

    body: DecisionBody
    date: IsoDate
    reference: Text | None = None


class Commitments(_Input):
    """What the organisation commits to."""

    network_tasks: StrictBool | None = None
    hosting: StrictBool | None = None


class SteeringGroup(_Input):
    """The wellbeing and health promotion steering group and who sits in it.

    ``sectors`` are slugs of the administrative sectors (``education``...),
    ``partners`` slugs of partners that are not sectors (``ngos``,
    ``wellbeing_services_county``...).
    """

    name: Text | None = None
    sectors: Annotated[list[Slug], Field(max_length=100)] = []
    partners: Annotated[list[Slug], Field(max_length=100)] = []


class Person(_Input):
    """A named person: ``title`` is public; ``name`` and ``email`` are personal data."""

    title: Text | None = None
    name: Text | None = None
    email: Text | None = None


class WellbeingReport(_Input):
    """The latest annual wellbeing report (hyvinvointikertomus) and the council-term report."""

    annual_year: Year | None = None
    council_term_report: CouncilTerm | None = None


class NationalNetwork(_Input):
    """Taking part in the national network."""

    shares_good_practices: StrictBool | None = None
    attends_meetings: StrictBool | None = None


class SelfAssessment(_Input):
    """A self-assessment of one municipality or wellbeing services county on one day.

    Give exactly one of ``municipality`` (Statistics Finland code, or the Finnish
    or Swedish name) and ``wellbeing_services_county`` (2-digit code or name).
    ``wellbeing_coordinator``, ``elected_official`` and ``contact_person`` are
    ``true``/``false`` or a :class:`Person` (an object means "named").
    """

    municipality: Code | None = Field(
        None, description='Statistics Finland code (e.g. "297") or the Finnish or Swedish name of the municipality.'
    )
    wellbeing_services_county: Code | None = Field(
        None, description='For a wellbeing services county instead of a municipality: its code (e.g. "13") or name.'
    )
    assessed_on: IsoDate = Field(description="The day of the assessment, YYYY-MM-DD.")
    top_management_responsible: StrictBool | None = Field(
        None, description="Responsibility for wellbeing and health promotion belongs to top management."
    )
    joining_decision: JoiningDecision | None = Field(None, description="The decision to join the network.")
    commitments: Commitments | None = Field(None, description="Commitments to the network's tasks and to hosting.")
    steering_group: SteeringGroup | None = Field(
        None, description="The wellbeing and health promotion steering group: its sectors and partners."
    )
    wellbeing_coordinator: StrictBool | Person | None = Field(
        None, description="A wellbeing coordinator or equivalent is named (true, or the person)."
    )
    elected_official: StrictBool | Person | None = Field(
        None, description="A responsible elected official is named (true, or the person)."
    )
    contact_person: StrictBool | Person | None = Field(
        None, description="A contact person for the network is named (true, or the person)."
    )
    resources_allocated: StrictBool | None = Field(
        None, description="Sufficient resources are assigned to the network's work."
    )
    wellbeing_report: WellbeingReport | None = Field(
        None, description="The latest annual wellbeing report to the council, and the council-term report."
    )
    inequality_reduction_all_sectors: StrictBool | None = Field(
        None, description="Wellbeing and health gaps are narrowed through cooperation of all sectors."
    )
    resident_participation: StrictBool | None = Field(None, description="Residents are involved.")
    communication_url: Text | None = Field(
        None, description="An http(s) address of the web page that communicates about wellbeing and health promotion."
    )
    national_network: NationalNetwork | None = Field(
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


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a self-assessment file, generated from :class:`SelfAssessment`.

    The slugs of sectors and partners are filled in from the packaged schemes, so
    that an editor can offer them. ``src/terve_kunta/self-assessment.schema.json``
    is this schema (``tools/generate_schema.py`` writes it; a test checks it).

    >>> schema = json_schema()
    >>> schema["required"], "education" in schema["$defs"]["SteeringGroup"]["properties"]["sectors"]["items"]["enum"]
    (['assessed_on'], True)
    """
    from terve_kunta.loading import read_graph
    from terve_kunta.namespaces import SKOS, TK

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
