"""The graph against the seed presentation and the reference CSVs in sources/."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

import terve_kunta as tk
from tests.support import CRITERIA_SLUGS, SOURCES, normalise_space, read_csv, seed_text

SEED = seed_text()
MEMBERS = read_csv("terve_kunta_members_2024-06.csv")
MUNICIPALITIES = read_csv("finnish_municipalities.csv")
COUNTIES = read_csv("wellbeing_services_counties.csv")


def seed_member_names() -> tuple[list[str], list[str], list[str]]:
    """(WHO-designated, the other 47 municipalities, the counties) as the presentation lists them."""
    who = re.search(r"WHO:n nimeämät: (.*?) Kuntia yhteensä 50:", SEED)
    rest = re.search(r"Kuntia yhteensä 50: (.*?) Hyvinvointialueet: (.*?) Terve Kunta -verkoston pääteemat", SEED)
    assert who and rest
    split = re.compile(r"\s*(?:,|\bja\b)\s*")
    who_names = [re.sub(r"^\d+\.\s*", "", n) for n in split.split(who.group(1)) if n]
    others = [n for n in split.split(rest.group(1)) if n]
    counties = [n for n in split.split(rest.group(2)) if n]
    return who_names, others, counties


def test_seed_lists_52_members_as_50_plus_2() -> None:
    who, others, counties = seed_member_names()
    assert who == ["Helsinki", "Kuopio", "Turku"]
    assert len(others) == 47 and len(counties) == 2
    assert "Jäseniä 52, joista 50 kuntaa, kaksi hyvinvointialuetta (6/2024)" in SEED


def test_members_are_exactly_the_seed_list(kg: tk.KnowledgeGraph) -> None:
    who, others, counties = seed_member_names()
    members = kg.members(as_of="2024-06-30")
    assert len(members) == 52
    municipalities = [m for m in members if m.kind == tk.MemberKind.MUNICIPALITY]
    assert sorted(m.name_fi for m in municipalities) == sorted(who + others)
    assert len(municipalities) == 50
    assert sorted(kg.member(name).code for name in counties) == ["13", "20"]
    assert {m.code for m in members if m.kind == tk.MemberKind.WELLBEING_SERVICES_COUNTY} == {"13", "20"}


def test_who_designated_are_helsinki_kuopio_turku(kg: tk.KnowledgeGraph) -> None:
    assert sorted(m.name_fi for m in kg.members() if m.who_designated) == ["Helsinki", "Kuopio", "Turku"]
    assert not kg.member("Espoo").who_designated
    # Kuopio's WHO designation is known from 2005 (City of Kuopio's page), so it shows before 6/2024 too
    who = tk.KnowledgeGraph(kg.rdf, network=tk.ID["network/who-european-healthy-cities"])
    assert [m.name_fi for m in who.members(as_of="2010-01-01")] == ["Kuopio"]
    assert [m.name_fi for m in who.members()] == ["Helsinki", "Kuopio", "Turku"]


@pytest.mark.parametrize("row", MEMBERS, ids=[r["name_fi"] for r in MEMBERS])
def test_member_matches_reference_row(kg: tk.KnowledgeGraph, row: dict[str, str]) -> None:
    member = kg.member(row["code"])
    assert member.name_fi == row["name_fi"]
    assert member.kind.value == row["kind"]
    assert member.names["sv"] == row["name_sv"]
    assert member.region is not None and member.region.code == row["region_code"]
    assert member.region.name_fi == row["region_name_fi"]
    county = row["wellbeing_county_code"]
    if county in ("90", "91"):
        assert member.wellbeing_services_county is None
    else:
        assert member.wellbeing_services_county is not None
        assert member.wellbeing_services_county.code == county
    assert member.who_designated == (row["who_designated"] == "true")
    confirmed = "ToponymiaEuropaea" in row["wikidata_qid_evidence"] and "WOF:" in row["wikidata_qid_evidence"]
    assert member.wikidata == (row["wikidata_qid"] if confirmed else None)
    (membership,) = member.memberships
    assert membership.begin is None and membership.end is None  # start dates are not in the sources
    assert membership.attested == ("2024-06",)


def test_wikidata_links_only_where_two_sources_agree(kg: tk.KnowledgeGraph) -> None:
    linked = {m.name_fi for m in kg.members() if m.wikidata}
    assert len(linked) == 24
    assert "Lappajärvi" not in linked and "Siikalatva" not in linked and "Kittilä" not in linked


def test_county_members_have_the_listed_municipalities(kg: tk.KnowledgeGraph) -> None:
    for row in (r for r in MEMBERS if r["kind"] == "wellbeing_services_county"):
        in_county = {
            m.code
            for m in kg.municipalities(2024)
            if m.wellbeing_services_county and m.wellbeing_services_county.code == row["code"]
        }
        assert in_county == set(row["member_municipality_codes"].split(";"))


def test_every_municipality_matches_the_classification(kg: tk.KnowledgeGraph) -> None:
    assert len(kg.municipalities(2024)) == len(MUNICIPALITIES) == 309
    assert len(kg.municipalities(2025)) == 308
    assert [m.code for m in kg.municipalities()] == sorted(r["code"] for r in MUNICIPALITIES)
    for row in MUNICIPALITIES:
        municipality = kg.municipality(row["code"])
        assert municipality.names == {"fi": row["name_fi"], "sv": row["name_sv"]}
        assert municipality.region is not None and municipality.region.code == row["region_code"]
        assert municipality.region.names == {"fi": row["region_name_fi"], "sv": row["region_name_sv"]}
        county = municipality.wellbeing_services_county
        if row["wellbeing_county_code"] in ("90", "91"):
            assert county is None
        else:
            assert county is not None
            assert (county.code, county.name_fi) == (row["wellbeing_county_code"], row["wellbeing_county_name_fi"])
        expected_years = (2024, 2025) if row["valid_2025"] == "true" else (2024,)
        assert municipality.classification_years == expected_years
    assert kg.municipality("588").classification_years == (2024,)


def test_counties_and_regions_match_the_classification(kg: tk.KnowledgeGraph) -> None:
    counties = {c.code: c for c in kg.wellbeing_services_counties()}
    rows = [r for r in COUNTIES if r["kind"] == "wellbeing_services_county"]
    assert len(counties) == len(rows) == 21
    for row in rows:
        county = counties[row["code"]]
        assert county.names == {"fi": row["name_fi"], "sv": row["name_sv"], "en": row["name_en"]}
    assert "90" not in counties and "91" not in counties
    regions = {(r["region_code"], r["region_name_fi"], r["region_name_sv"]) for r in MUNICIPALITIES}
    assert {(r.code, r.names["fi"], r.names["sv"]) for r in kg.regions()} == regions
    assert len(kg.regions()) == 19


def test_hosts_by_year_match_the_seed(kg: tk.KnowledgeGraph) -> None:
    stated = re.search(r"kokouksia\. \((\d{4}) (\w+), (\d{4}) (\w+)\)", SEED)
    assert stated
    expected = [(int(stated.group(1)), stated.group(2)), (int(stated.group(3)), stated.group(4))]
    assert [(e.year, e.host_name_fi) for e in kg.network_days()] == expected == [(2024, "Pori"), (2025, "Järvenpää")]
    assert [e.host_code for e in kg.network_days()] == ["609", "186"]


def test_fourteen_criteria_in_four_groups(kg: tk.KnowledgeGraph) -> None:
    criteria = kg.criteria()
    assert [c.slug for c in criteria] == CRITERIA_SLUGS
    assert [c.order for c in criteria] == list(range(1, 15))
    groups: dict[str, int] = {}
    for criterion in criteria:
        groups[criterion.group] = groups.get(criterion.group, 0) + 1
    assert groups == {
        "member-commitment": 4,
        "administrative-arrangements": 5,
        "activity-in-municipality": 3,
        "national-network": 2,
    }
    for criterion in criteria:
        assert normalise_space(criterion.group_labels["fi"]) in SEED
        assert criterion.iri == f"https://w3id.org/terve-kunta/id/criterion/{criterion.slug}"


@pytest.mark.parametrize("slug", CRITERIA_SLUGS)
def test_criterion_finnish_text_is_verbatim(kg: tk.KnowledgeGraph, slug: str) -> None:
    criterion = kg.criterion(slug)
    assert normalise_space(criterion.labels["fi"]) in SEED
    for part in criterion.texts["fi"].split(": "):
        assert normalise_space(part) in SEED
    assert criterion.labels["en"] and criterion.texts["en"]
    assert criterion.sources and all("/slide/" in s for s in criterion.sources)


def test_themes_finnish_labels_are_verbatim(kg: tk.KnowledgeGraph) -> None:
    themes = kg.themes()
    assert [t.notation for t in themes if t.broader is None] == ["1", "2"]
    first = themes[0]
    assert first.slug == "supporting-municipalities" and len(first.narrower) == 5
    assert [t.slug for t in themes[1:6]] == list(first.narrower)
    for theme in themes:
        assert normalise_space(theme.labels["fi"]) in SEED, theme.labels["fi"]
        assert theme.labels["en"]
        assert theme.who_themes, f"{theme.slug} has no WHO theme mapping"
        assert theme.sdgs, f"{theme.slug} has no SDG mapping"


def test_network_facts_match_the_seed(kg: tk.KnowledgeGraph) -> None:
    network = kg.network
    assert network.names["fi"] == "Terve Kunta -verkosto"
    assert network.founded == 1996 and "Perustettu 1996, THL koordinoi" in SEED
    assert network.coordinator_names["fi"] == "THL"
    assert network.part_of == ("https://w3id.org/terve-kunta/id/network/who-european-healthy-cities",)
    assert network.joining_free and "Liittyminen on maksutonta" in SEED
    assert network.participation_at_own_cost and network.members_host_in_turn and network.host_shares_costs
    assert len(network.goals) == 3
    for goal in network.goals:
        assert normalise_space(goal["fi"]) in SEED


def test_activities_cover_slide_5(kg: tk.KnowledgeGraph) -> None:
    activities = {a.iri.rsplit("/", 1)[-1]: a for a in kg.activities()}
    meetings = activities["network-meetings"]
    assert (meetings.frequency, meetings.duration) == ("P1M", "PT2H")
    peer = activities["peer-learning-meeting"]
    assert (peer.frequency, peer.duration, len(peer.parts)) == ("P1Y", "P2D", 2)
    assert activities["liminka-pilot-mielen-hyvinvoinnin-abc"].kind == "pilot"
    assert "Mielen hyvinvoinnin ABC" in activities["liminka-pilot-mielen-hyvinvoinnin-abc"].labels["fi"]
    assert "teaviisari-expert-group" in activities and "hyte-structure-development" in activities
    for activity in activities.values():
        for text in [activity.labels.get("fi"), activity.descriptions.get("fi")]:
            if text and text not in ("verkostokokoukset", "avoimet seminaarit", "tapaamiset vertaisoppimisen tueksi"):
                assert normalise_space(text) in SEED, text


def test_sdgs_are_the_un_kos_goals(kg: tk.KnowledgeGraph) -> None:
    goals = kg.sdgs()
    assert [g.code for g in goals] == [str(n) for n in range(1, 18)]
    assert goals[2].title == "Ensure healthy lives and promote well-being for all at all ages"
    kos = Graph().parse(SOURCES / "data" / "sdg" / "sdg-kos-goals-targets-indicators.ttl", format="turtle")
    for sdg in kg.sdgs(include_targets=True):
        kos_labels = {
            str(label.language): str(label)
            for label in kos.objects(URIRef(sdg.iri), SKOS.prefLabel)
            if isinstance(label, Literal)
        }
        assert sdg.labels == kos_labels, sdg.code
    mapped = {code for theme in kg.themes() for code in theme.sdgs}
    targets = {s.code for s in kg.sdgs(include_targets=True) if s.kind == "target"}
    assert targets == {c for c in mapped if "." in c}
    for sdg in kg.sdgs(include_targets=True):
        assert sdg.iri == f"http://metadata.un.org/sdg/{sdg.code}"


def test_who_phase_vii_has_six_themes(kg: tk.KnowledgeGraph) -> None:
    assert [t.labels["en"] for t in kg.who_themes()] == [
        "People",
        "Places",
        "Participation",
        "Prosperity",
        "Peace",
        "Planet",
    ]
