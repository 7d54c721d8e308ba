"""The Python API: load, members, lookups, concepts, and another network in the same terms."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import Graph
from rdflib.query import ResultRow

import terve_kunta as tk
from terve_kunta.models import last_day


def test_load_returns_independent_graphs() -> None:
    first, second = tk.load(), tk.load()
    assert first.rdf is not second.rdf
    assert len(first.rdf) == len(second.rdf) > 5000


def test_sparql_on_rdf_sees_all_files(kg: tk.KnowledgeGraph) -> None:
    result = kg.rdf.query(
        """SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {
                 ?ms org:organization tkid:network ; org:member ?m .
                 ?m tk:region ?r . ?r skos:prefLabel ?name .
                 ?theme skos:relatedMatch ?sdg . ?sdg skos:notation ?code .
               }"""
    )
    (row,) = [r for r in result if isinstance(r, ResultRow)]
    assert int(row[0]) == 52


def test_members_default_to_today_and_filter_by_kind(kg: tk.KnowledgeGraph) -> None:
    assert len(kg.members()) == 52
    assert len(kg.members(kind=tk.MemberKind.MUNICIPALITY)) == 50
    assert [m.code for m in kg.members(kind="wellbeing_services_county")] == ["20", "13"]
    with pytest.raises(ValueError, match="wellbeing"):
        kg.members(kind="wellbeing")


def test_members_as_of(kg: tk.KnowledgeGraph) -> None:
    assert len(kg.members(as_of=date(2024, 6, 1))) == 52
    assert len(kg.members(as_of="2030-01-01")) == 52  # no end recorded: continues
    # before 6/2024 only the members whose start or an earlier attestation a source gives
    assert [m.name_fi for m in kg.members(as_of="2024-05-31")] == [
        "Espoo",
        "Haapavesi",
        "Hollola",
        "Kauniainen",
        "Kuopio",
        "Tuusula",
        "Vantaa",
    ]
    assert [m.name_fi for m in kg.members(as_of="1999-12-31")] == []
    assert [m.name_fi for m in kg.members(as_of="2000-01-01")] == ["Kuopio"]  # since 2000: from its first day
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        kg.members(as_of="June 2024")


@pytest.mark.parametrize(
    ("day", "known", "possible"),
    [
        ("1995-12-31", 0, 0),  # before the network was founded (1996): no member could be
        ("1996-01-01", 0, 48),  # all but Kuopio, Haapavesi, Hollola (starts known) and Tuusula (later)
        ("1999-12-31", 0, 48),
        ("2000-01-01", 1, 48),  # Kuopio since 2000
        ("2008-01-01", 2, 48),  # Haapavesi since 2008
        ("2017-11-30", 2, 48),
        ("2017-12-01", 3, 48),  # Hollola from 12/2017
        ("2018-11-13", 3, 48),
        ("2018-11-14", 6, 45),  # Espoo, Vantaa and Kauniainen attested on 14.11.2018
        ("2020-11-17", 6, 45),  # Tuusula's proposal to join: not yet a member
        ("2020-11-18", 6, 46),  # ... but it might be from the next day
        ("2021-04-26", 6, 46),
        ("2021-04-27", 7, 45),  # Tuusula a member by 27.4.2021
        ("2024-05-31", 7, 45),
        ("2024-06-01", 52, 0),  # the 6/2024 member list
        ("2031-01-01", 52, 0),
    ],
)
def test_member_counts_known_and_possible(kg: tk.KnowledgeGraph, day: str, known: int, possible: int) -> None:
    counts = kg.member_counts(as_of=day)
    assert (counts.day, counts.known, counts.possible) == (date.fromisoformat(day), known, possible)
    assert counts.known == len(kg.members(as_of=day))  # members() keeps its strict answer
    by_kind = [kg.member_counts(as_of=day, kind=k) for k in ("municipality", "wellbeing_services_county")]
    assert sum(c.known for c in by_kind) == known and sum(c.possible for c in by_kind) == possible


def test_member_counts_check_options_and_are_frozen(kg: tk.KnowledgeGraph) -> None:
    with pytest.raises(tk.OptionError, match="as_of"):
        kg.member_counts(as_of="2024-13-01")
    with pytest.raises(tk.OptionError, match="kind"):
        kg.member_counts(kind="town")
    counts = kg.member_counts(as_of="2024-06-30", kind=tk.MemberKind.WELLBEING_SERVICES_COUNTY)
    assert isinstance(counts, tk.MembershipCounts) and (counts.known, counts.possible) == (2, 0)
    with pytest.raises(ValueError, match="frozen"):
        counts.known = 3
    assert kg.member_counts().day == date.today()


def test_stated_counts_agree_with_what_the_memberships_tell(kg: tk.KnowledgeGraph) -> None:
    """A count a source states lies between the members known then and those who might have been."""
    stated = kg.stated_member_counts()
    assert [(c.day, c.total, c.by_kind) for c in stated] == [
        ("2020-11", 37, {"municipality": 32, "hospital-district": 1, "sub-region": 3, "region": 1}),
        ("2024-06", 52, {"municipality": 50, "wellbeing-services-county": 2}),
    ]
    for count in stated:
        assert sum(count.by_kind.values()) == count.total
        day = last_day(count.day)
        municipalities = kg.member_counts(as_of=day, kind="municipality")
        assert municipalities.known <= count.by_kind["municipality"] <= municipalities.known + municipalities.possible
    june = kg.member_counts(as_of="2024-06-30")
    assert june.known == stated[1].total and june.possible == 0


def test_the_who_network_counts_from_its_launch(kg: tk.KnowledgeGraph) -> None:
    who = tk.KnowledgeGraph(kg.rdf, network=tk.ID["network/who-european-healthy-cities"])
    assert who.network.founded == 1988
    assert who.member_counts(as_of="1987-12-31").possible == 0
    # 2010: Kuopio known (2005); Turku and the Terve Kunta network might be; Helsinki not (since 2020)
    assert (who.member_counts(as_of="2010-01-01").known, who.member_counts(as_of="2010-01-01").possible) == (1, 2)


def test_a_membership_that_began_after_a_day_might_hold_only_after_it() -> None:
    data = """
    @prefix tk: <https://w3id.org/terve-kunta/ontology#> . @prefix org: <http://www.w3.org/ns/org#> .
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix dct: <http://purl.org/dc/terms/> .
    @prefix time: <http://www.w3.org/2006/time#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <urn:net> a tk:Network ; skos:prefLabel "Net"@en .
    <urn:a> a tk:Municipality ; dct:identifier "001" ; skos:prefLabel "A"@fi .
    <urn:m> a org:Membership ; org:member <urn:a> ; org:organization <urn:net> ;
        org:memberDuring [ time:inside [ time:inXSDDate "2021-04-27"^^xsd:date ] ;
                           time:hasBeginning [ time:after [ time:inXSDgYearMonth "2020-11"^^xsd:gYearMonth ] ] ] .
    """
    kg = tk.KnowledgeGraph(Graph().parse(data=data, format="turtle"), network="urn:net")
    (membership,) = kg.member("001").memberships
    assert membership.begin is None and membership.begins_after == "2020-11"
    assert [kg.member_counts(as_of=d).possible for d in ("2020-11-30", "2020-12-01", "2021-04-26")] == [0, 1, 1]
    assert kg.member_counts(as_of="2021-04-27").known == 1
    assert kg.member_counts(as_of="1900-01-01").possible == 0  # no founding date: only the bound limits it


def test_members_are_sorted_in_finnish_order(kg: tk.KnowledgeGraph) -> None:
    names = [m.name_fi for m in kg.members(kind="municipality")]
    assert names[0] == "Espoo" and names[-1] == "Virrat"
    assert names.index("Vihti") < names.index("Virrat")


@pytest.mark.parametrize(
    ("key", "code"),
    [
        ("Kuopio", "297"),
        ("kuopio", "297"),
        ("  KUOPIO ", "297"),
        ("297", "297"),
        ("https://w3id.org/terve-kunta/id/municipality/297", "297"),
        ("Åbo", "853"),
        ("Pohjois-Savon hyvinvointialue", "13"),
        ("Kainuu", "20"),
        ("13", "13"),
        ("Järvenpää", "186"),
    ],
)
def test_member_lookup(kg: tk.KnowledgeGraph, key: str, code: str) -> None:
    assert kg.member(key).code == code


def test_member_lookup_errors_are_clear(kg: tk.KnowledgeGraph) -> None:
    with pytest.raises(tk.UnknownNameError, match="did you mean 'Kuopio'") as excinfo:
        kg.member("Kuopo")
    assert excinfo.value.suggestions[0] == "Kuopio"
    with pytest.raises(tk.UnknownNameError, match=r"Pertunmaa \(588\) is a Finnish municipality but not a member"):
        kg.member("588")
    with pytest.raises(tk.UnknownNameError, match=r"Etelä-Savon hyvinvointialue \(12\) is a Finnish wellbeing"):
        kg.member("12")
    with pytest.raises(tk.UnknownNameError, match="3 digits"):
        kg.member("91")
    with pytest.raises(LookupError):
        kg.member("Atlantis")


def test_ambiguous_name_lists_the_candidates() -> None:
    data = """
    @prefix tk: <https://w3id.org/terve-kunta/ontology#> . @prefix org: <http://www.w3.org/ns/org#> .
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix dct: <http://purl.org/dc/terms/> .
    @prefix time: <http://www.w3.org/2006/time#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <urn:net> a tk:Network ; skos:prefLabel "Net"@en .
    <urn:a> a tk:Municipality ; dct:identifier "001" ; skos:prefLabel "Twin"@fi .
    <urn:b> a tk:Municipality ; dct:identifier "002" ; skos:prefLabel "Twin"@sv .
    <urn:ma> a org:Membership ; org:member <urn:a> ; org:organization <urn:net> ;
        org:memberDuring [ time:hasBeginning [ time:inXSDDate "2020-01-01"^^xsd:date ] ] .
    <urn:mb> a org:Membership ; org:member <urn:b> ; org:organization <urn:net> ;
        org:memberDuring [ time:hasBeginning [ time:inXSDDate "2020-01-01"^^xsd:date ] ] .
    """
    kg = tk.KnowledgeGraph(Graph().parse(data=data, format="turtle"), network="urn:net")
    with pytest.raises(tk.AmbiguousNameError, match="give a code") as excinfo:
        kg.member("twin")
    assert excinfo.value.candidates == ("001 Twin", "002 Twin")


def test_municipality_lookup(kg: tk.KnowledgeGraph) -> None:
    assert kg.municipality(91).name_fi == "Helsinki"
    assert kg.municipality("091").wellbeing_services_county is None
    mariehamn = kg.municipality("Mariehamn")
    assert mariehamn.region is not None and mariehamn.region.code == "21"
    pertunmaa = kg.municipality("Pertunmaa")
    assert pertunmaa.classification_years == (2024,) and pertunmaa.code == "588"
    with pytest.raises(tk.UnknownNameError, match="code '999'"):
        kg.municipality("999")
    with pytest.raises(tk.UnknownNameError, match="did you mean 'Tampere'"):
        kg.municipality("Tampre")


def test_models_are_frozen_and_strict(kg: tk.KnowledgeGraph) -> None:
    member = kg.member("Kuopio")
    with pytest.raises(ValueError, match="frozen"):
        member.code = "000"
    with pytest.raises(tk.ModelError, match="population: Extra inputs are not permitted"):
        tk.Region(iri="x", code="01", name_fi="x", names={}, population=1)  # type: ignore[call-arg]


def test_concepts(kg: tk.KnowledgeGraph) -> None:
    assert len(kg.themes()) == 7
    assert kg.themes()[2].sdgs == ("17.19",)
    assert kg.themes()[2].who_themes == ("https://w3id.org/terve-kunta/id/who-theme/prosperity",)
    assert len(kg.criteria()) == 14
    assert kg.criterion("joining-decision").group == "member-commitment"
    assert kg.criterion("hosting-commitment").group == "municipality-commits"
    assert kg.criterion("contact-person").group == "joining-and-taking-part"
    assert [h.slug for h in kg.criterion_headings()][-1] == "joining-and-taking-part"
    with pytest.raises(tk.UnknownNameError, match="did you mean 'joining-decision'"):
        kg.criterion("joining-decisions")
    assert len(kg.sdgs()) == 17
    assert {s.goal for s in kg.sdgs(include_targets=True) if s.kind == "target"} == {"11", "16", "17"}


def test_a_change_to_rdf_reaches_the_views_at_once(fresh_kg: tk.KnowledgeGraph) -> None:
    assert len(fresh_kg.members()) == 52
    for triple in list(fresh_kg.rdf.triples((tk.ID["membership/terve-kunta/municipality/297/1"], None, None))):
        fresh_kg.rdf.remove(triple)
    assert len(fresh_kg.members()) == 51  # no stale cache: the graph counts its changes


def test_a_graph_the_caller_built_keeps_its_views_until_refresh(kg: tk.KnowledgeGraph) -> None:
    graph = Graph()
    for triple in kg.rdf:  # a copy of the session's graph: the test changes only the copy
        graph.add(triple)
    built = tk.KnowledgeGraph(graph)
    assert len(built.members()) == 52
    for triple in list(graph.triples((tk.ID["membership/terve-kunta/municipality/297/1"], None, None))):
        graph.remove(triple)
    assert len(built.members()) == 52  # a plain rdflib graph does not count its changes
    built.refresh()
    assert len(built.members()) == 51


ANOTHER_NETWORK = """
@prefix tk: <https://w3id.org/terve-kunta/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/healthy-cities-se/> .

ex:network a tk:Network ; skos:prefLabel "Example national healthy cities network"@en ;
    tk:criteriaScheme ex:criteria ; tk:themeScheme ex:themes .
ex:region a tk:Region ; dct:identifier "12" ; skos:prefLabel "Example region"@en .
ex:town a tk:Municipality ; dct:identifier "1280" ; skos:prefLabel "Example town"@en ; tk:region ex:region .
ex:council a tk:RegionalAuthority ; dct:identifier "R12" ; skos:prefLabel "Example regional council"@en .
ex:m1 a org:Membership ; org:member ex:town ; org:organization ex:network ;
    org:memberDuring [ a time:Interval ; time:hasBeginning [ a time:Instant ; time:inXSDDate "2019-01-01"^^xsd:date ] ;
                       time:hasEnd [ a time:Instant ; time:inXSDDate "2022-12-31"^^xsd:date ] ] .
ex:m2 a org:Membership ; org:member ex:council ; org:organization ex:network ;
    org:memberDuring [ a time:Interval ; time:hasBeginning [ a time:Instant ; time:inXSDgYear "2021"^^xsd:gYear ] ] .
ex:criteria a skos:ConceptScheme .
ex:g a tk:CriterionGroup ; skos:inScheme ex:criteria ; skos:prefLabel "Group"@en .
ex:c1 a tk:Criterion ; skos:inScheme ex:criteria ; skos:broader ex:g ; tk:order 1 ; skos:prefLabel "Has a plan"@en .
ex:themes a skos:ConceptScheme .
ex:t1 a tk:Theme ; skos:inScheme ex:themes ; skos:prefLabel "Healthy ageing"@en .
"""


def test_another_national_network_needs_no_new_terms() -> None:
    graph = Graph().parse(data=ANOTHER_NETWORK, format="turtle")
    kg = tk.KnowledgeGraph(graph, network="https://example.org/healthy-cities-se/network")
    assert kg.network.names == {"en": "Example national healthy cities network"}
    assert [(m.code, m.kind.value) for m in kg.members(as_of="2021-06-01")] == [
        ("1280", "municipality"),
        ("R12", "regional_authority"),
    ]
    assert [m.code for m in kg.members(as_of="2023-01-01")] == ["R12"]
    assert kg.members(as_of="2022-12-31")[0].code == "1280"  # the end date is included
    assert [c.slug for c in kg.criteria()] == ["c1"]
    assert [t.labels["en"] for t in kg.themes()] == ["Healthy ageing"]
    assert kg.member("Example town").region is not None


def test_the_cli_line_on_members_who_might_have_been_speaks_fi_sv_en(kg: tk.KnowledgeGraph) -> None:
    import argparse
    from datetime import date

    from terve_kunta.cli._i18n import LINES
    from terve_kunta.cli.network import might_have_been

    assert sorted(LINES["might_have_been"]) == ["en", "fi", "sv"]
    day = argparse.Namespace(as_of=date(2010, 1, 1), kind=None)
    expected = LINES["might_have_been"]["fi"].format(n=48)
    assert might_have_been(kg, argparse.Namespace(**vars(day), lang="fi")) == expected
    assert "48" in might_have_been(kg, argparse.Namespace(**vars(day), lang="sv"))
    assert might_have_been(kg, argparse.Namespace(as_of=date(2024, 6, 30), kind=None, lang="fi")) == ""
