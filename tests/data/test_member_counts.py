"""How many members a network had on a day: the members known then, and those who might have been.

The packaged registry knows a few starts (Kuopio from 2000, Haapavesi ...) and shows most
members only in the list of June 2024, so before that day most members are "possible";
none is possible before the network was founded (1996), and Tuusula not before
2020-11-17, after which a source shows it joined.
"""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import BNode, Graph, Literal, URIRef

import terve_kunta as tk
from terve_kunta.data.view import GraphView
from terve_kunta.models import MembershipCounts
from terve_kunta.namespaces import ORG, RDF, TIME


@pytest.mark.parametrize(
    ("day", "known", "possible"),
    [
        ("1995-12-31", 0, 0),  # before the network was founded, nobody
        ("1996-01-01", 0, 48),  # from its founding, anyone attested later (and Tuusula: not before 2020-11-17)
        ("2000-01-01", 1, 48),  # Kuopio
        ("2010-01-01", 2, 48),
        ("2020-11-17", 6, 45),  # Tuusula's start was after this day
        ("2020-11-18", 6, 46),
        ("2021-04-27", 7, 45),  # Tuusula attested
        ("2024-05-31", 7, 45),
        ("2024-06-01", 52, 0),  # the list of June 2024
    ],
)
def test_the_members_on_a_day_are_known_or_possible(kg: tk.KnowledgeGraph, day: str, known: int, possible: int) -> None:
    counts = kg.member_counts(as_of=day)
    assert counts == MembershipCounts(day=date.fromisoformat(day), known=known, possible=possible)
    assert counts.known == len(kg.members(as_of=day))  # known: those that members() lists


@pytest.mark.parametrize(
    ("kind", "day", "known", "possible"),
    [
        ("municipality", "2010-01-01", 2, 46),
        ("wellbeing_services_county", "2010-01-01", 0, 2),
        ("municipality", "2024-06-30", 50, 0),
        (tk.MemberKind.WELLBEING_SERVICES_COUNTY, "2024-06-30", 2, 0),
        ("regional_authority", "2024-06-30", 0, 0),
    ],
)
def test_the_counts_of_one_kind_of_member(
    kg: tk.KnowledgeGraph, kind: str, day: str, known: int, possible: int
) -> None:
    counts = kg.member_counts(as_of=day, kind=kind)
    assert (counts.known, counts.possible) == (known, possible)
    assert counts.known == len(kg.members(as_of=day, kind=kind))


def test_the_counts_are_for_today_unless_a_day_is_named(kg: tk.KnowledgeGraph) -> None:
    counts = kg.member_counts()
    assert counts.day == date.today()
    assert (counts.known, counts.possible) == (len(kg.members()), 0)


def test_a_bad_option_is_refused(kg: tk.KnowledgeGraph) -> None:
    with pytest.raises(tk.OptionError, match=r"^kind: "):
        kg.member_counts(as_of="2024-06-30", kind="village")
    with pytest.raises(tk.OptionError, match=r"^as_of: "):
        kg.member_counts(as_of="30.6.2024")


def test_a_network_without_a_founding_date_has_no_lower_bound() -> None:
    network, membership, interval, inside = URIRef("urn:x:network"), URIRef("urn:x:m/1"), BNode(), BNode()
    graph = Graph()
    for triple in [
        (membership, RDF.type, ORG.Membership),
        (membership, ORG.member, URIRef("urn:x:member")),
        (membership, ORG.organization, network),
        (membership, ORG.memberDuring, interval),
        (interval, TIME.inside, inside),
        (inside, TIME.inXSDDate, Literal(date(2024, 6, 1))),
    ]:
        graph.add(triple)
    view = GraphView(graph, network)
    assert view.network.founded is None
    assert view.member_counts(as_of="1900-01-01") == MembershipCounts(day=date(1900, 1, 1), known=0, possible=1)
    assert view.member_counts(as_of="2024-06-01") == MembershipCounts(day=date(2024, 6, 1), known=1, possible=0)
