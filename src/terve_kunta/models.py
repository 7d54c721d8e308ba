"""Pydantic models of what the knowledge graph holds: members, places, concepts.

The models are frozen snapshots built by :class:`terve_kunta.KnowledgeGraph`; the
graph stays the single source of truth. Each model knows its IRI. Dates whose
source gives only a year or a month are kept as ISO strings of that precision
(``"2005"``, ``"2024-06"``), see :class:`Membership`.

>>> m = Membership(iri="https://example.org/m", network="https://example.org/n",
...                attested=("2024-06",))
>>> m.is_active(date(2024, 6, 30)), m.is_active(date(2024, 5, 31))
(True, False)
"""

from __future__ import annotations

import calendar
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from terve_kunta.errors import ModelError, OptionError
from terve_kunta.options import EXISTING_DATE, LANGUAGES, parse_date

__all__ = [
    "SDG",
    "Activity",
    "Criterion",
    "CriterionHeading",
    "FrozenModel",
    "HostedEvent",
    "IsoDate",
    "Member",
    "MemberKind",
    "Membership",
    "MembershipCounts",
    "Municipality",
    "Network",
    "Region",
    "StatedMemberCount",
    "Theme",
    "WellbeingServicesCounty",
    "display_name",
    "first_day",
    "last_day",
    "model_error",
]


class FrozenModel(BaseModel):
    """The base of every model of the package: immutable, and refusing fields it does not declare.

    A value it cannot take raises :class:`~terve_kunta.errors.ModelError` (a
    ``TerveKuntaError`` and a ``ValueError``) that says, field by field, what is wrong.
    ``defer_build``: the validators are built on first use, not at import (keeps
    ``import terve_kunta`` light).

    >>> Region(iri="urn:r", code=11, name_fi="Pohjois-Savo", names={})
    Traceback (most recent call last):
    ...
    terve_kunta.errors.ModelError: Region: code: Input should be a valid string
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise model_error(type(self).__name__, exc) from None

    # Tell pydantic that this is its own __init__: model_validate() (which files are read
    # with, keeping pydantic's errors for the field-by-field translation) must not call it.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]


def model_error(model: str, exc: ValidationError) -> ModelError:
    """A :class:`~terve_kunta.errors.ModelError` that says what pydantic found, field by field."""
    problems = []
    for error in exc.errors(include_url=False, include_input=False):
        field = ".".join(str(p) for p in error["loc"])
        reason = (
            str(error.get("ctx", {}).get("error", error["msg"])) if error["type"] == "value_error" else error["msg"]
        )
        problems.append((field, reason))
    return ModelError(model, problems)


def _iso_date(value: Any) -> date:
    try:
        return parse_date(value, "date")
    except OptionError as exc:
        raise ValueError(
            f"{value!r} is not a date that exists" if exc.expected == EXISTING_DATE else "not a date"
        ) from None


#: A date field of a model: a :class:`datetime.date` or ``YYYY-MM-DD`` text (:func:`terve_kunta.options.parse_date`).
IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class MemberKind(StrEnum):
    """What kind of organisation a member is."""

    MUNICIPALITY = "municipality"
    WELLBEING_SERVICES_COUNTY = "wellbeing_services_county"
    REGIONAL_AUTHORITY = "regional_authority"  # another regional body (tk:RegionalAuthority)
    NETWORK = "network"  # a network that is itself a member (tk:Network)
    ORGANIZATION = "organization"  # any other org:Organization


def display_name(names: dict[str, str]) -> str:
    """The name to show: Finnish, else Swedish, else English, else any.

    >>> display_name({"en": "Åland", "sv": "Åland"}), display_name({})
    ('Åland', '')
    """
    for lang in LANGUAGES:
        if names.get(lang):
            return names[lang]
    return next(iter(names.values()), "")


def first_day(partial: str) -> date:
    """First day of an ISO date of year, month or day precision.

    >>> first_day("2005"), first_day("2024-06"), first_day("2024-06-15")
    (datetime.date(2005, 1, 1), datetime.date(2024, 6, 1), datetime.date(2024, 6, 15))
    """
    parts = [int(p) for p in partial.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def last_day(partial: str) -> date:
    """Last day of an ISO date of year, month or day precision.

    >>> last_day("2024"), last_day("2024-02"), last_day("2024-06-15")
    (datetime.date(2024, 12, 31), datetime.date(2024, 2, 29), datetime.date(2024, 6, 15))
    """
    parts = [int(p) for p in partial.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(parts[0], parts[1], parts[2])


class Region(FrozenModel):
    """An administrative region (maakunta)."""

    iri: str
    code: str
    name_fi: str
    names: dict[str, str]


class WellbeingServicesCounty(FrozenModel):
    """A Finnish wellbeing services county (hyvinvointialue)."""

    iri: str
    code: str
    name_fi: str
    names: dict[str, str]
    region: Region | None = None
    alt_names: tuple[str, ...] = ()


class Municipality(FrozenModel):
    """A Finnish municipality of the Statistics Finland classification.

    ``classification_years`` lists the years whose classification includes it
    (2024 and 2025 for all but 588 Pertunmaa, which is in 2024 only).
    ``wellbeing_services_county`` is None for Helsinki and the Åland municipalities.
    ``wikidata`` is set only where two sources confirm the identifier.
    """

    iri: str
    code: str
    name_fi: str
    names: dict[str, str]
    region: Region | None
    wellbeing_services_county: WellbeingServicesCounty | None
    classification_years: tuple[int, ...]
    wikidata: str | None = None


class Membership(FrozenModel):
    """A membership of an organisation in a network (``org:Membership``).

    ``begin`` and ``end`` are the dates the source gives, at its precision (``"2005"``,
    ``"2024-06"``, ``"2025-01-01"``), or None where no source gives one. ``attested``
    lists periods in which a source shows the membership active (``time:inside``).
    ``begins_after`` is a day (or period) that a source shows to have passed before the
    membership began (``time:after`` of its beginning), where the start itself is unknown.

    >>> m = Membership(iri="urn:m", network="urn:n", attested=("2021-04-27",), begins_after="2020-11-17")
    >>> [m.is_active(date(2021, 4, 27)), m.might_be_active(date(2021, 1, 1)), m.might_be_active(date(2020, 11, 17))]
    [True, True, False]
    """

    iri: str
    network: str
    role: str | None = None
    begin: str | None = None
    end: str | None = None
    attested: tuple[str, ...] = ()
    begins_after: str | None = None
    sources: tuple[str, ...] = ()

    def earliest_known(self) -> date | None:
        """The first day on which the membership is known to be active, or None."""
        if self.begin is not None:
            return first_day(self.begin)
        if self.attested:
            return min(first_day(a) for a in self.attested)
        return None

    def is_active(self, on: date) -> bool:
        """Whether the membership is known to be active on the date ``on``.

        It is from its begin date, or when that is unknown from the first day of its
        earliest attested period, up to and including its end date (the last day of a
        year or month); with no end it continues. Before the first known day the
        answer is False: the sources do not say.
        """
        start = self.earliest_known()
        if start is None or on < start:
            return False
        return self.end is None or on <= last_day(self.end)

    def might_be_active(self, on: date, not_before: date | None = None) -> bool:
        """Whether it might be active on ``on`` without being known to be.

        Its start is unknown, a source attests it only later, and neither ``begins_after``
        nor ``not_before`` (the network's founding, say) rules ``on`` out.
        """
        start = self.earliest_known()
        if self.begin is not None or start is None or on >= start:
            return False
        if self.begins_after is not None and on <= last_day(self.begins_after):
            return False
        return not_before is None or on >= not_before


class MembershipCounts(FrozenModel):
    """How many members a network had on a ``day``, as far as the sources tell.

    ``known``: members known to be members on the day (those ``members(as_of=day)`` lists).
    ``possible``: members whose start is unknown and whom a source attests only later, so
    that they might have been members already (unless a source rules the day out). The
    size on the day is between ``known`` and ``known + possible``, as far as the graph goes.
    """

    day: date
    known: int
    possible: int


class StatedMemberCount(FrozenModel):
    """A count of a network's members that a source states (``tk:MemberCount``), perhaps without names.

    ``day`` is the date or month of the count at its precision (``"2020-11"``),
    ``by_kind`` the counts by kind of member (a kind's slug, such as
    ``"municipality"`` or ``"hospital-district"``) where the source gives them.
    """

    iri: str
    network: str
    day: str
    total: int
    by_kind: dict[str, int] = {}
    sources: tuple[str, ...] = ()


class Member(FrozenModel):
    """A member of a network: a municipality or a wellbeing services county.

    For a county, ``wellbeing_services_county`` is the county itself and ``region``
    the one region all its municipalities lie in. ``who_designated`` tells whether
    the member is a WHO-designated Healthy City (at the date asked, or now).
    """

    iri: str
    code: str
    kind: MemberKind
    name_fi: str
    names: dict[str, str]
    region: Region | None
    wellbeing_services_county: WellbeingServicesCounty | None
    who_designated: bool
    memberships: tuple[Membership, ...]
    wikidata: str | None = None


class Theme(FrozenModel):
    """A theme of a network's programme, with the WHO themes and SDGs it is mapped to.

    ``who_themes`` and ``sdgs`` come from the project's editorial mappings
    (``skos:relatedMatch``), not from WHO or the UN; ``sdgs`` holds SDG codes
    such as ``"3"`` or ``"17.14"``.
    """

    iri: str
    slug: str
    notation: str | None
    order: int | None
    labels: dict[str, str]
    broader: str | None = None
    narrower: tuple[str, ...] = ()
    who_themes: tuple[str, ...] = ()
    sdgs: tuple[str, ...] = ()


class Criterion(FrozenModel):
    """A joining criterion: ``labels`` its short form, ``texts`` its full text by language.

    The Finnish text is the network's own wording, as its source gives it; the English
    is the project's translation. ``group`` is the slug of the heading it is listed
    under (``group_labels`` the heading's text), ``project_texts`` the texts that are
    the project's own wording or translation, as ``"label:fi"`` or ``"text:en"``.
    """

    iri: str
    slug: str
    order: int
    group: str
    group_labels: dict[str, str]
    labels: dict[str, str]
    texts: dict[str, str]
    sources: tuple[str, ...] = ()
    project_texts: tuple[str, ...] = ()


class CriterionHeading(FrozenModel):
    """A heading under which the source lists joining criteria, in the order of the slides.

    ``criteria`` holds the slugs of the criteria under it, in their order; ``sources``
    the slide or page with the heading.
    """

    iri: str
    slug: str
    order: int
    labels: dict[str, str]
    criteria: tuple[str, ...]
    sources: tuple[str, ...] = ()


class SDG(FrozenModel):
    """A UN Sustainable Development Goal or target, as the UN SDG KOS gives it."""

    iri: str
    code: str
    kind: str  # "goal" or "target"
    title: str
    short_title: str | None = None
    goal: str | None = None
    labels: dict[str, str]


class HostedEvent(FrozenModel):
    """One year's network days (or another hosted event) and its host."""

    iri: str
    year: int
    host_iri: str
    host_code: str | None
    host_name_fi: str | None
    labels: dict[str, str]


class Activity(FrozenModel):
    """An activity of the network; durations are ISO 8601 (``PT2H``, ``P1M``)."""

    iri: str
    kind: str
    labels: dict[str, str]
    descriptions: dict[str, str] = {}
    frequency: str | None = None
    duration: str | None = None
    audiences: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()


class Network(FrozenModel):
    """A network: its names, founding year, coordinator and terms of membership."""

    iri: str
    names: dict[str, str]
    founded: int | None = None
    coordinator: str | None = None
    coordinator_names: dict[str, str] = {}
    part_of: tuple[str, ...] = ()
    goals: tuple[dict[str, str], ...] = ()
    joining_free: bool | None = None
    participation_at_own_cost: bool | None = None
    members_host_in_turn: bool | None = None
    host_shares_costs: bool | None = None
    remote_participation_possible: bool | None = None
