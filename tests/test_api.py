"""The Python API: load, members, lookups, concepts, and another network in the same terms."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import Graph
from rdflib.query import ResultRow

import terve_kunta as tk


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
    assert kg.members(as_of="2024-05-31") == []  # before the first attestation the sources say nothing
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        kg.members(as_of="June 2024")


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
    with pytest.raises(tk.UnknownNameError, match="did you mean 'joining-decision'"):
        kg.criterion("joining-decisions")
    assert len(kg.sdgs()) == 17
    assert {s.goal for s in kg.sdgs(include_targets=True) if s.kind == "target"} == {"11", "16", "17"}


def test_a_change_to_rdf_reaches_the_views_at_once(fresh_kg: tk.KnowledgeGraph) -> None:
    assert len(fresh_kg.members()) == 52
    for triple in list(fresh_kg.rdf.triples((tk.ID["membership/terve-kunta/municipality/297/1"], None, None))):
        fresh_kg.rdf.remove(triple)
    assert len(fresh_kg.members()) == 51  # no stale cache: the graph counts its changes


def test_a_graph_the_caller_built_keeps_its_views_until_refresh() -> None:
    graph = Graph()
    for triple in tk.load().rdf:
        graph.add(triple)
    kg = tk.KnowledgeGraph(graph)
    assert len(kg.members()) == 52
    for triple in list(graph.triples((tk.ID["membership/terve-kunta/municipality/297/1"], None, None))):
        graph.remove(triple)
    assert len(kg.members()) == 52  # a plain rdflib graph does not count its changes
    kg.refresh()
    assert len(kg.members()) == 51


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
