"""The graph against the seed presentation and the reference CSVs in sources/."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, SKOS

import terve_kunta as tk
from terve_kunta.namespaces import WD
from tests.support import CRITERIA_SLUGS, SOURCES, normalise_space, read_csv, seed_text

SEED = seed_text()
MEMBERS = read_csv("terve_kunta_members_2024-06.csv")
MUNICIPALITIES = read_csv("finnish_municipalities.csv")
COUNTIES = read_csv("wellbeing_services_counties.csv")
FACTS = read_csv("sourced_facts.csv")
WOF_COMMIT = "5d993d094146c96ebbad25340b83b8e59be3aa8c"  # the snapshot SOURCES.md names


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
    assert [m.name_fi for m in who.members(as_of="2020-01-01")] == ["Helsinki", "Kuopio"]  # Helsinki since 2020
    assert [m.name_fi for m in who.members(kind="municipality")] == ["Helsinki", "Kuopio", "Turku"]
    # the national network is a member of the WHO network too (an org:Membership, not dct:isPartOf)
    assert [(m.iri, m.kind.value) for m in who.members(kind="network")] == [(str(tk.TK_NETWORK), "network")]
    assert (tk.TK_NETWORK, DCTERMS.isPartOf, None) not in kg.rdf
    assert kg.network.part_of == (str(tk.ID["network/who-european-healthy-cities"]),)


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
    assert membership.end is None and "2024-06" in membership.attested  # every member is on the 6/2024 list
    dated = [f for f in FACTS if f"({row['code']})" in f["subject"] and "WHO" not in f["statement"]]
    if not dated:
        assert membership.begin is None and membership.attested == ("2024-06",)  # no source gives more


def test_wikidata_links_only_where_two_sources_agree(kg: tk.KnowledgeGraph) -> None:
    linked = {m.name_fi for m in kg.members() if m.wikidata}
    assert len(linked) == 24
    assert "Lappajärvi" not in linked and "Siikalatva" not in linked and "Kittilä" not in linked
    assert kg.municipality("Helsinki").wikidata == "Q1757"


def test_each_wikidata_link_names_its_own_source_and_claims_no_identity(kg: tk.KnowledgeGraph) -> None:
    """skos:exactMatch, not owl:sameAs: no source shows that the item denotes the municipality itself."""
    assert not list(kg.rdf.subject_objects(tk.OWL.sameAs))
    links = [(s, o) for s, o in kg.rdf.subject_objects(SKOS.exactMatch) if (s, RDF.type, tk.TK.Municipality) in kg.rdf]
    assert all(str(o).startswith(str(WD)) for _, o in links)
    assert len(links) == 24
    evidence = {r["code"]: r["wikidata_qid_evidence"] for r in MEMBERS}
    for municipality, item in links:
        (axiom,) = (
            a
            for a in kg.rdf.subjects(tk.OWL.annotatedSource, municipality)
            if (a, tk.OWL.annotatedTarget, item) in kg.rdf and (a, tk.OWL.annotatedProperty, SKOS.exactMatch) in kg.rdf
        )
        records = sorted(str(s) for s in kg.rdf.objects(axiom, DCTERMS.source))
        wof_ids = re.findall(r"\d{6,}", evidence[kg.municipality(str(municipality)).code])
        snapshot = "https://github.com/whosonfirst-data/whosonfirst-data-admin-fi/blob/" + WOF_COMMIT
        paths = ["/".join(i[k : k + 3] for k in range(0, len(i), 3)) for i in wof_ids]
        assert records == sorted(f"{snapshot}/data/{path}/{i}.geojson" for path, i in zip(paths, wof_ids, strict=True))


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


def slide(number: int) -> str:
    """The text of one slide of the presentation (its title starts the slide)."""
    titles = [
        "Terve Kunta -verkoston toiminnan tavoitteet",
        "Mikä on Terve Kunta –verkosto?",
        "Terve Kunta –verkoston jäsenet",
        "Terve Kunta -verkoston pääteemat 2021-2025",
        "Terve Kunta -verkosto jakaa tietoa ja oppii yhdessä",
        "Liittyminen verkostoon ja toimintaan osallistuminen 1/2",
        "Liittyminen verkostoon ja toimintaan osallistuminen 2/2",
        "Liittymisen kriteerit kunnille",
        "Jäsenien kommentteja verkostoon kuulumisesta",
    ]
    start = SEED.index(titles[number - 1])
    return SEED[start : SEED.index(titles[number]) if number < len(titles) else None]


def test_criteria_under_the_headings_of_the_slides(kg: tk.KnowledgeGraph) -> None:
    """Slide 8: 13 criteria under 5 headings, verbatim; slide 6: the contact person, under its own heading."""
    criteria = kg.criteria()
    assert [c.slug for c in criteria] == CRITERIA_SLUGS
    assert [c.order for c in criteria] == list(range(1, 15))
    headings = kg.criterion_headings()
    assert [(h.slug, h.labels["fi"], list(h.criteria)) for h in headings] == [
        ("member-commitment", "Jäsenkunnan sitoutuminen Terve Kunta -verkostoon", CRITERIA_SLUGS[0:2]),
        ("municipality-commits", "Kunta sitoutuu", CRITERIA_SLUGS[2:4]),
        (
            "administrative-arrangements",
            "Hallinnolliset järjestelyt kunnassa",
            CRITERIA_SLUGS[4:7] + CRITERIA_SLUGS[8:9],
        ),
        ("activity-in-municipality", "Toiminta kunnassa", CRITERIA_SLUGS[9:12]),
        ("national-network", "Kansallisessa verkostossa toimiminen", CRITERIA_SLUGS[12:14]),
        ("joining-and-taking-part", "Liittyminen verkostoon ja toimintaan osallistuminen", ["contact-person"]),
    ]
    criteria_slide, joining_slide = slide(8), slide(6)
    for heading in headings[:5]:  # each heading of slide 8 is a line of its own there, as written
        assert f" {heading.labels['fi']} •" in criteria_slide
        assert heading.sources == (str(tk.ID["source/terve-kunta-presentation-2024-06/slide/8"]),)
    assert joining_slide.startswith(headings[5].labels["fi"] + " 1/2")
    assert headings[5].sources == (str(tk.ID["source/terve-kunta-presentation-2024-06/slide/6"]),)
    assert [h.order for h in headings] == list(range(1, 7))
    for criterion in criteria:
        assert criterion.group_labels == next(h.labels for h in headings if criterion.slug in h.criteria)
        assert criterion.iri == f"https://w3id.org/terve-kunta/id/criterion/{criterion.slug}"
    assert kg.criterion("contact-person").sources == (str(tk.ID["source/terve-kunta-presentation-2024-06/slide/6"]),)


def test_old_criterion_groups_are_deprecated_and_replaced(kg: tk.KnowledgeGraph) -> None:
    replaced = {}
    for group in kg.rdf.subjects(RDF.type, tk.TK.CriterionGroup):
        assert (group, tk.OWL.deprecated, Literal(True)) in kg.rdf
        replaced[str(group).rsplit("/", 1)[-1]] = sorted(
            str(h).rsplit("/", 1)[-1] for h in kg.rdf.objects(group, DCTERMS.isReplacedBy)
        )
        assert (group, SKOS.topConceptOf, None) not in kg.rdf and (None, SKOS.broader, group) not in kg.rdf
    assert replaced == {
        "member-commitment": ["member-commitment", "municipality-commits"],
        "administrative-arrangements": ["administrative-arrangements"],
        "activity-in-municipality": ["activity-in-municipality"],
        "national-network": ["national-network"],
    }
    assert (tk.TK.CriterionGroup, tk.OWL.deprecated, Literal(True)) in kg.rdf


@pytest.mark.parametrize("slug", CRITERIA_SLUGS)
def test_criterion_finnish_text_is_the_slide_s_words(kg: tk.KnowledgeGraph, slug: str) -> None:
    """The Finnish text is the slide's item, with no prefix; a label that is not verbatim is marked as the project's."""
    criterion = kg.criterion(slug)
    source = slide(6 if slug == "contact-person" else 8)
    assert normalise_space(criterion.texts["fi"]) in source
    assert not criterion.texts["fi"].startswith("Kunta sitoutuu")
    if "label:fi" in criterion.project_texts:
        words = criterion.texts["fi"].split(". (")[0].rstrip(".")
        assert criterion.labels["fi"] == f"Kunta sitoutuu {words[0].lower()}{words[1:]}"
    else:
        assert normalise_space(criterion.labels["fi"]) in source
    assert criterion.labels["en"] and criterion.texts["en"]
    assert {"label:en", "text:en"} <= set(criterion.project_texts)  # the English is the project's translation
    assert criterion.sources and all("/slide/" in s for s in criterion.sources)


def test_only_the_two_commitments_have_a_label_of_the_project_s_wording(kg: tk.KnowledgeGraph) -> None:
    worded = [c.slug for c in kg.criteria() if "label:fi" in c.project_texts]
    assert worded == ["network-tasks-commitment", "hosting-commitment"]


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
    for node in (tk.TK_NETWORK, tk.ID["network/who-european-healthy-cities"]):
        assert (node, RDF.type, ORG.OrganizationalCollaboration) in kg.rdf
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
    assert [(t.labels["en"], t.labels["fi"]) for t in kg.who_themes()] == [
        ("People", "ihmiset"),
        ("Places", "elinympäristö"),
        ("Participation", "osallisuus"),
        ("Prosperity", "elinvoima"),
        ("Peace", "rauha"),
        ("Planet", "maapallo"),
    ]
