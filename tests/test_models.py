"""models.py: partial dates, when a membership is known (or might be) active, names to show, and the model base."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from terve_kunta.errors import ModelError
from terve_kunta.models import (
    SDG,
    Activity,
    FrozenModel,
    IsoDate,
    Member,
    MemberKind,
    Membership,
    Municipality,
    Network,
    Region,
    Theme,
    WellbeingServicesCounty,
    display_name,
    first_day,
    last_day,
)


class Dated(FrozenModel):
    """A model with one date field, as the registry's decisions and the self-assessments have."""

    day: IsoDate


# ---------------------------------------------------------------------- partial dates


@pytest.mark.parametrize(
    ("partial", "first", "last"),
    [
        ("2005", date(2005, 1, 1), date(2005, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),  # a leap year
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28)),
        ("2024-04", date(2024, 4, 1), date(2024, 4, 30)),
        ("2024-12", date(2024, 12, 1), date(2024, 12, 31)),
        ("2024-06-15", date(2024, 6, 15), date(2024, 6, 15)),
        ("2031-11-03", date(2031, 11, 3), date(2031, 11, 3)),
    ],
)
def test_a_partial_date_spans_its_year_month_or_day(partial: str, first: date, last: date) -> None:
    assert (first_day(partial), last_day(partial)) == (first, last)


# ---------------------------------------------------------------------- memberships


def membership(**fields: object) -> Membership:
    return Membership(iri="urn:m", network="urn:n", **fields)  # type: ignore[arg-type]


def test_a_membership_is_known_from_its_begin_else_from_its_earliest_attested_period() -> None:
    assert membership(begin="2005-03", attested=("2001",)).earliest_known() == date(2005, 3, 1)  # begin wins
    assert membership(attested=("2024-06", "2018-11-14", "2021")).earliest_known() == date(2018, 11, 14)
    assert membership().earliest_known() is None
    assert membership(begins_after="2020-11-17").earliest_known() is None  # a lower bound is no start


@pytest.mark.parametrize(
    ("fields", "day", "active"),
    [
        ({"begin": "2005"}, date(2004, 12, 31), False),
        ({"begin": "2005"}, date(2005, 1, 1), True),  # from the first day of the year
        ({"begin": "2005"}, date(2099, 1, 1), True),  # no end: it continues
        ({"begin": "2005", "end": "2010"}, date(2010, 12, 31), True),  # to the last day of the end's year
        ({"begin": "2005", "end": "2010"}, date(2011, 1, 1), False),
        ({"begin": "2005", "end": "2010-02"}, date(2010, 2, 28), True),
        ({"begin": "2005", "end": "2010-02"}, date(2010, 3, 1), False),
        ({"begin": "2005-05-05", "end": "2005-05-05"}, date(2005, 5, 5), True),  # one day
        ({"attested": ("2024-06",)}, date(2024, 5, 31), False),  # before it is attested, the sources do not say
        ({"attested": ("2024-06",)}, date(2024, 6, 1), True),
        ({}, date(2024, 6, 1), False),  # no known day at all
        ({"end": "2010"}, date(2009, 1, 1), False),
    ],
)
def test_a_membership_is_active_from_its_first_known_day_to_its_end(
    fields: dict[str, object], day: date, active: bool
) -> None:
    assert membership(**fields).is_active(day) is active


@pytest.mark.parametrize(
    ("fields", "day", "not_before", "possible"),
    [
        ({"attested": ("2024-06",)}, date(2024, 5, 31), None, True),  # start unknown, attested later
        ({"attested": ("2024-06",)}, date(1900, 1, 1), None, True),
        ({"attested": ("2024-06",)}, date(2024, 6, 1), None, False),  # known active from then: not "might"
        ({"attested": ("2024-06",)}, date(2024, 7, 1), None, False),
        ({"begin": "2005", "attested": ("2024-06",)}, date(2004, 1, 1), None, False),  # a known start rules it out
        ({}, date(2024, 1, 1), None, False),  # nothing attests it at all
        ({"attested": ("2021-04-27",), "begins_after": "2020-11-17"}, date(2020, 11, 17), None, False),
        ({"attested": ("2021-04-27",), "begins_after": "2020-11-17"}, date(2020, 11, 18), None, True),
        ({"attested": ("2021-04-27",), "begins_after": "2020-11"}, date(2020, 11, 30), None, False),  # its month
        ({"attested": ("2024-06",)}, date(1995, 12, 31), date(1996, 1, 1), False),  # before the network
        ({"attested": ("2024-06",)}, date(1996, 1, 1), date(1996, 1, 1), True),
    ],
)
def test_a_membership_might_be_active_only_where_no_source_rules_it_out(
    fields: dict[str, object], day: date, not_before: date | None, possible: bool
) -> None:
    assert membership(**fields).might_be_active(day, not_before) is possible


def test_might_be_active_has_no_lower_bound_unless_given() -> None:
    assert membership(attested=("2024-06",)).might_be_active(date(1, 1, 1)) is True


# ---------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("names", "shown"),
    [
        ({"en": "Kuopio (en)", "sv": "Kuopio (sv)", "fi": "Kuopio"}, "Kuopio"),
        ({"en": "Åland (en)", "sv": "Åland"}, "Åland"),
        ({"de": "Aland", "en": "Åland (en)"}, "Åland (en)"),
        ({"fi": "", "sv": "Vasa"}, "Vasa"),  # an empty name is no name
        ({"de": "Aland"}, "Aland"),
        ({}, ""),
    ],
)
def test_the_name_to_show_is_finnish_else_swedish_else_english_else_any(names: dict[str, str], shown: str) -> None:
    assert display_name(names) == shown


# ---------------------------------------------------------------------- the model base


def test_a_model_is_frozen_and_refuses_fields_it_does_not_declare() -> None:
    region = Region(iri="urn:r", code="11", name_fi="Pohjois-Savo", names={})
    with pytest.raises(ValidationError):
        region.code = "12"
    with pytest.raises(ModelError, match=r"^Region: colour: Extra inputs are not permitted$"):
        Region(iri="urn:r", code="11", name_fi="Pohjois-Savo", names={}, colour="blue")  # type: ignore[call-arg]


def test_a_bad_value_is_a_model_error_field_by_field() -> None:
    bad: dict[str, Any] = {"iri": "urn:r", "code": 11, "names": []}
    with pytest.raises(ModelError) as caught:
        Region(**bad)
    assert str(caught.value).startswith("Region: ")
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert isinstance(caught.value, ValueError)
    problems = dict(caught.value.problems)
    assert problems == {
        "code": "Input should be a valid string",
        "name_fi": "Field required",
        "names": "Input should be a valid dictionary",
    }


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2025-02-30", "'2025-02-30' is not a date that exists"),
        ("30.2.2025", "not a date"),
        ("2025-03-01T00:00", "not a date"),
        (20250301, "not a date"),
    ],
)
def test_a_date_field_says_why_a_value_is_no_date(value: object, reason: str) -> None:
    # a validator's own reason, without pydantic's "Value error, " in front
    with pytest.raises(ModelError) as caught:
        Dated(**{"day": value})  # type: ignore[arg-type]
    assert caught.value.problems == (("day", reason),)
    assert caught.value.__cause__ is None


def test_a_date_field_takes_a_date_or_its_iso_text() -> None:
    text: dict[str, Any] = {"day": "2024-02-29"}
    assert Dated(**text).day == Dated(day=date(2024, 2, 29)).day == date(2024, 2, 29)


def test_model_validate_keeps_pydantics_errors() -> None:
    # files are read with model_validate, and their errors are translated field by field from pydantic's
    with pytest.raises(ValidationError) as caught:
        Region.model_validate({"iri": "urn:r", "code": 11, "name_fi": "x", "names": {}})
    assert not isinstance(caught.value, ModelError)
    assert caught.value.errors()[0]["loc"] == ("code",)


def test_what_a_source_does_not_give_is_none_or_empty() -> None:
    region = Region(iri="urn:r", code="11", name_fi="Pohjois-Savo", names={})
    county = WellbeingServicesCounty(iri="urn:w", code="13", name_fi="Pohjois-Savon hyvinvointialue", names={})
    assert (county.region, county.alt_names) == (None, ())
    municipality = Municipality(
        iri="urn:m", code="297", name_fi="Kuopio", names={}, region=region, wellbeing_services_county=county,
        classification_years=(2025,),
    )  # fmt: skip
    assert municipality.wikidata is None
    m = membership()
    assert (m.role, m.begin, m.end, m.attested, m.begins_after, m.sources) == (None, None, None, (), None, ())
    member = Member(
        iri="urn:m", code="297", kind=MemberKind.MUNICIPALITY, name_fi="Kuopio", names={}, region=None,
        wellbeing_services_county=None, who_designated=False, memberships=(),
    )  # fmt: skip
    assert member.wikidata is None
    theme = Theme(iri="urn:t", slug="t", notation=None, order=None, labels={})
    assert (theme.broader, theme.narrower, theme.who_themes, theme.sdgs) == (None, (), (), ())
    sdg = SDG(iri="urn:s", code="3", kind="goal", title="Good health", labels={})
    assert (sdg.short_title, sdg.goal) == (None, None)
    activity = Activity(iri="urn:a", kind="meeting", labels={})
    assert (activity.descriptions, activity.frequency, activity.duration) == ({}, None, None)
    network = Network(iri="urn:n", names={})
    assert (network.founded, network.coordinator, network.coordinator_names, network.part_of) == (None, None, {}, ())
    assert [
        network.joining_free,
        network.participation_at_own_cost,
        network.members_host_in_turn,
        network.host_shares_costs,
        network.remote_participation_possible,
    ] == [None] * 5  # unknown, not "no"
