"""Lookups at their edges: a member, a municipality or a criterion by code, name or IRI, and what each refusal says.

The packaged graph answers most of them; a few small graphs in the ontology's terms
give what it has not (two places of one name, a member without a code, a network
without a Finnish name).
"""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import Graph

import terve_kunta as tk
from terve_kunta.data.lookup import NameIndex, normalise_name

NETWORK = "Terve Kunta -verkosto"

PREFIXES = """
@prefix tk: <https://w3id.org/terve-kunta/ontology#> . @prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix time: <http://www.w3.org/2006/time#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/net/> .
"""


def membership(member: str, begin: str = "2020-01-01") -> str:
    return f"""{member}-membership a org:Membership ; org:member {member} ; org:organization ex:network ;
        org:memberDuring [ time:hasBeginning [ time:inXSDDate "{begin}"^^xsd:date ] ] ."""


def small(turtle: str, network_label: str = '"Net"@en') -> tk.GraphView:
    """A view of a small graph: ``ex:network`` (labelled ``network_label``) and ``turtle``."""
    label = f"; skos:prefLabel {network_label}" if network_label else ""
    data = f"{PREFIXES}\nex:network a tk:Network {label} .\n{turtle}"
    return tk.GraphView(Graph().parse(data=data, format="turtle"), network="https://example.org/net/network")


# ---------------------------------------------------------------------- names


def test_names_are_compared_without_case_dashes_or_extra_spaces() -> None:
    assert normalise_name("Terve  Kunta \u2013verkosto ") == normalise_name("terve kunta -verkosto")
    index = NameIndex({"a": ["Kuopio", "KUOPIO"], "b": ["kuopio"], "c": ["Iisalmi"]})
    assert index.find(" kuopio") == ("a", "b")  # each key once, in the order given
    assert index.find("Oulu") == ()


def test_at_most_three_suggestions_unless_asked_for_more() -> None:
    index = NameIndex({str(k): [name] for k, name in enumerate(["Kuopiox", "Kuopion", "Kuopiot", "Kuopioo"])})
    assert len(index.suggest("kuopio")) == 3
    assert index.suggest("kuopio", limit=4)[0] in ("Kuopiox", "Kuopion", "Kuopiot", "Kuopioo")
    assert len(index.suggest("kuopio", limit=4)) == 4


# ---------------------------------------------------------------------- municipalities


@pytest.mark.parametrize(
    ("key", "code"),
    [(91, "091"), ("91", "091"), ("5", "005"), ("049", "049"), ("Ii", "139"), (" Helsingfors ", "091")],
)
def test_a_municipality_by_code_or_short_name(kg: tk.KnowledgeGraph, key: str | int, code: str) -> None:
    assert kg.municipality(key).code == code


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("0091", "no Finnish municipality is named '0091'"),  # four digits are no code
        ("000", "no municipality has the code '000'"),
        ("Oulunsalo", "no Finnish municipality is named 'Oulunsalo'"),
    ],
)
def test_a_municipality_that_is_not_there(kg: tk.KnowledgeGraph, key: str, message: str) -> None:
    with pytest.raises(tk.UnknownNameError) as caught:
        kg.municipality(key)
    assert caught.value.message == message


def test_a_municipality_name_that_fits_two_asks_for_a_code() -> None:
    view = small(
        """ex:a a tk:Municipality ; dct:identifier "001" ; skos:prefLabel "Twin"@fi .
           ex:b a tk:Municipality ; dct:identifier "002" ; skos:prefLabel "Tvilling"@fi ; skos:altLabel "twin"@sv ."""
    )
    with pytest.raises(tk.AmbiguousNameError) as caught:
        view.municipality("Twin")
    assert caught.value.candidates == ("001 Twin", "002 Tvilling")
    assert str(caught.value) == "'Twin' fits several: 001 Twin, 002 Tvilling; give a code instead"
    assert view.municipality("002").code == "002"


# ---------------------------------------------------------------------- members


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("Pertunmaa", f"Pertunmaa (588) is a Finnish municipality but not a member of {NETWORK}"),
        ("588", f"Pertunmaa (588) is a Finnish municipality but not a member of {NETWORK}"),
        (
            "Etelä-Savon hyvinvointialue",
            f"Etelä-Savon hyvinvointialue (12) is a Finnish wellbeing services county but not a member of {NETWORK}",
        ),
        ("999", f"no member of {NETWORK} matches '999'"),
        ("0297", f"no member of {NETWORK} matches '0297'"),
        ("91", f"no member of {NETWORK} matches '91' (municipality codes have 3 digits, county codes 2)"),
        ("Atlantis", f"no member of {NETWORK} matches 'Atlantis'"),
    ],
)
def test_a_member_that_is_not_there_says_why(kg: tk.KnowledgeGraph, key: str, message: str) -> None:
    with pytest.raises(tk.UnknownNameError) as caught:
        kg.member(key)
    assert caught.value.message == message


def test_a_member_by_its_iri_or_the_code_of_a_county(kg: tk.KnowledgeGraph) -> None:
    assert kg.member("https://w3id.org/terve-kunta/id/wellbeing-services-county/13").code == "13"
    assert kg.member("20").name_fi == "Kainuun hyvinvointialue"


def test_a_place_name_that_fits_two_non_members_names_neither() -> None:
    view = small(
        """ex:a a tk:Municipality ; dct:identifier "001" ; skos:prefLabel "Twin"@fi .
           ex:b a tk:Municipality ; dct:identifier "002" ; skos:prefLabel "Twin"@sv .
           ex:c a tk:Municipality ; dct:identifier "003" ; skos:prefLabel "Member"@fi .
        """
        + membership("ex:c")
    )
    with pytest.raises(tk.UnknownNameError) as caught:
        view.member("twin")
    assert caught.value.message == "no member of Net matches 'twin'"
    with pytest.raises(tk.AmbiguousNameError):
        view.municipality("twin")


def test_a_member_name_that_fits_two_members_asks_for_a_code() -> None:
    view = small(
        """ex:a a tk:Municipality ; dct:identifier "001" ; skos:prefLabel "Twin"@fi .
           ex:b a tk:Municipality ; dct:identifier "002" ; skos:prefLabel "Tvilling"@fi ; skos:altLabel "Twin"@sv .
        """
        + membership("ex:a")
        + membership("ex:b")
    )
    with pytest.raises(tk.AmbiguousNameError) as caught:
        view.member("twin")
    assert caught.value.candidates == ("001 Twin", "002 Tvilling")
    assert view.member("002").code == "002"


def test_a_member_without_a_code_is_known_by_the_end_of_its_iri() -> None:
    view = small('ex:town-7 a tk:Municipality ; skos:prefLabel "Town"@fi .\n' + membership("ex:town-7"))
    assert [m.code for m in view.members(as_of="2020-01-01")] == ["town-7"]
    assert view.member("Town").code == "town-7"


@pytest.mark.parametrize(
    ("label", "name"),
    [('"Verkosto"@fi, "Network"@en', "Verkosto"), ('"Network"@en', "Network"), ("", "https://example.org/net/network")],
)
def test_a_refusal_names_the_network_in_finnish_else_english_else_by_iri(label: str, name: str) -> None:
    view = small('ex:a a tk:Municipality ; dct:identifier "001" ; skos:prefLabel "A"@fi .', label)
    with pytest.raises(tk.UnknownNameError) as caught:
        view.member("A")
    assert caught.value.message == f"A (001) is a Finnish municipality but not a member of {name}"


# ---------------------------------------------------------------------- members on a day, criteria


def test_members_on_a_day_count_from_the_start_up_to_and_including_the_end() -> None:
    view = small(
        """ex:a a tk:Municipality ; dct:identifier "001" ; skos:prefLabel "Aa"@fi .
           ex:b a tk:WellbeingServicesCounty ; dct:identifier "02" ; skos:prefLabel "Bb"@fi .
           ex:a-membership a org:Membership ; org:member ex:a ; org:organization ex:network ; org:memberDuring [
                time:hasBeginning [ time:inXSDDate "2020-01-01"^^xsd:date ] ;
                time:hasEnd [ time:inXSDDate "2020-12-31"^^xsd:date ] ] .
        """
        + membership("ex:b", "2020-06-01")
    )
    assert [m.code for m in view.members(as_of="2019-12-31")] == []
    assert [m.code for m in view.members(as_of=date(2020, 1, 1))] == ["001"]
    assert [m.code for m in view.members(as_of="2020-12-31")] == ["001", "02"]
    assert [m.code for m in view.members(as_of="2021-01-01")] == ["02"]
    assert [m.code for m in view.members(kind="municipality", as_of="2020-12-31")] == ["001"]
    assert [m.code for m in view.members(kind=tk.MemberKind.WELLBEING_SERVICES_COUNTY, as_of="2021-01-01")] == ["02"]
    assert [m.code for m in view.members()] == ["02"]  # today


def test_a_criterion_by_slug_or_iri(kg: tk.KnowledgeGraph) -> None:
    joining = kg.criterion("joining-decision")
    assert kg.criterion(joining.iri) == joining
    with pytest.raises(tk.UnknownNameError) as caught:
        kg.criterion("Joining-decision")  # slugs are exact
    assert caught.value.suggestions == ("joining-decision",)


def test_a_member_that_is_no_place_has_no_region() -> None:
    view = small(
        'ex:council a tk:RegionalAuthority ; dct:identifier "R1" ; skos:prefLabel "Council"@fi .\n'
        + membership("ex:council")
    )
    (council,) = view.members()
    assert (council.code, council.kind, council.region, council.wellbeing_services_county) == (
        "R1",
        tk.MemberKind.REGIONAL_AUTHORITY,
        None,
        None,
    )


def test_who_designation_is_read_from_the_who_network(kg: tk.KnowledgeGraph) -> None:
    assert kg.member("Kuopio").who_designated and not kg.member("Iisalmi").who_designated


def test_municipalities_of_a_year_and_the_sdgs_with_or_without_targets(kg: tk.KnowledgeGraph) -> None:
    assert [m.code for m in kg.municipalities()][:2] == ["005", "009"]
    every, of_2025 = kg.municipalities(), kg.municipalities(2025)
    assert (len(every), len(kg.municipalities(2024)), len(of_2025)) == (309, 309, 308)
    assert {m.name_fi for m in every} - {m.name_fi for m in of_2025} == {"Pertunmaa"}
    assert kg.municipalities(2023) == []
    assert [s.code for s in kg.sdgs()] == [str(n) for n in range(1, 18)]
    targets = [s for s in kg.sdgs(include_targets=True) if s.kind == "target"]
    assert targets and len(kg.sdgs(include_targets=True)) == 17 + len(targets)
