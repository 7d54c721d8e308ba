"""The readers of all places and memberships read the store's index as rdflib's Graph API reads the graph.

``read_places``, ``name_index`` and ``memberships_of_network`` look their statements up
in the store's subject index when the graph has one (every graph that ``tk.load()``
makes) and through ``graph.objects`` otherwise; both must give the same models. A small
graph holds what the packaged one does not: two labels in one language, a place without
a code, several Wikidata links, an older ``owl:sameAs`` link, a historic classification
and one without a date, memberships with an unknown start, two attestations or no type.
"""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import ORG, OWL, RDF, SKOS, TIME, XSD
from rdflib.term import Node

import terve_kunta as tk
from terve_kunta.data import _places, readers
from terve_kunta.data._store_copy import subject_index
from terve_kunta.data.files import load_graph, new_tracked_graph
from terve_kunta.namespaces import DCTERMS, ID, TK, WD

M1, M2, M3 = ID["municipality/001"], ID["municipality/no-code"], ID["municipality/003"]
COUNTY, REGION = ID["wellbeing-services-county/99"], ID["region/98"]
BARE_COUNTY = ID["wellbeing-services-county/bare"]
OLD, NEW, UNDATED = ID["classification/1990"], ID["classification/2025"], ID["classification/undated"]


def edge_cases() -> Graph:
    """Triples added in this order, so that the first label of a language is known."""
    return new_tracked_graph(
        [
            (REGION, RDF.type, TK.Region),
            (REGION, SKOS.prefLabel, Literal("Maakunta", lang="fi")),
            (COUNTY, RDF.type, TK.WellbeingServicesCounty),
            (COUNTY, DCTERMS.identifier, Literal("99")),
            (COUNTY, TK.region, REGION),
            (COUNTY, SKOS.prefLabel, Literal("Hyvinvointialue", lang="fi")),
            (COUNTY, SKOS.altLabel, Literal("Zeta")),
            (COUNTY, SKOS.altLabel, Literal("Alfa", lang="fi")),
            (BARE_COUNTY, RDF.type, TK.WellbeingServicesCounty),  # no code, no region, no names
            (OLD, DCTERMS.identifier, Literal("kunta_1_19900101")),
            (NEW, DCTERMS.identifier, Literal("kunta_1_20250101")),
            (UNDATED, DCTERMS.identifier, Literal("kunta_1")),
            (M1, RDF.type, TK.Municipality),
            (M1, DCTERMS.identifier, Literal("001")),
            (M1, SKOS.prefLabel, Literal("Ensimmäinen", lang="fi")),
            (M1, SKOS.prefLabel, Literal("Toinen", lang="fi")),  # a second Finnish label: the first wins
            (M1, SKOS.prefLabel, Literal("Första", lang="sv")),
            (M1, SKOS.prefLabel, Literal("No language")),
            (M1, SKOS.prefLabel, URIRef("https://example.org/not-a-literal")),
            (M1, SKOS.altLabel, Literal("Eka", lang="fi")),
            (M1, TK.region, REGION),
            (M1, TK.wellbeingServicesCounty, COUNTY),
            (M1, TK.inClassification, NEW),
            (M1, TK.inClassification, OLD),
            (M1, TK.inClassification, UNDATED),
            (M1, SKOS.exactMatch, WD["Q20"]),
            (M1, SKOS.exactMatch, WD["Q10"]),  # several links: the first in order of IRIs
            (M1, SKOS.exactMatch, URIRef("https://example.org/elsewhere")),
            (M1, OWL.sameAs, WD["Q1"]),  # older data: only when there is no skos:exactMatch to Wikidata
            (M2, RDF.type, TK.Municipality),  # no code, no names, no region, no classification
            (M2, OWL.sameAs, WD["Q5"]),
            (M2, SKOS.exactMatch, Literal("http://www.wikidata.org/entity/Q4")),  # a literal is no link
            (M3, RDF.type, TK.Municipality),
            (M3, DCTERMS.identifier, Literal("003")),
            (M3, DCTERMS.identifier, Literal("333")),  # two codes: the first
            (M3, TK.region, ID["region/unknown"]),
            (M3, TK.inClassification, OLD),
        ]
    )


def read_both(graph: Graph, monkeypatch: pytest.MonkeyPatch) -> tuple[_places.Places, _places.Places]:
    assert subject_index(graph) is not None
    indexed = _places.read_places(graph)
    with monkeypatch.context() as patch:
        patch.setattr(readers, "subject_index", lambda graph: None)
        plain = _places.read_places(graph)
    return indexed, plain


def test_the_index_and_the_graph_api_give_the_same_places(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = edge_cases()
    indexed, plain = read_both(graph, monkeypatch)
    assert indexed == plain
    assert list(indexed.municipalities) == list(plain.municipalities)  # the same order, too
    with monkeypatch.context() as patch:
        patch.setattr(readers, "subject_index", lambda graph: None)
        plain_names = _places.name_index(graph, plain)
    assert _places.name_index(graph, indexed).find("Eka") == plain_names.find("Eka") == (str(M1),)


def test_each_edge_case_reads_as_the_graph_api_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    places, _ = read_both(edge_cases(), monkeypatch)
    first, no_code, third = (places.municipalities[str(m)] for m in (M1, M2, M3))
    assert first.names == {"fi": "Ensimmäinen", "sv": "Första", "": "No language"} and first.name_fi == "Ensimmäinen"
    assert first.code == "001" and first.wikidata == "Q10"
    assert first.classification_years == (1990, 2025)
    assert first.region is not None and first.region.code == "98"  # a region without a code: its IRI's last part
    assert first.wellbeing_services_county == places.counties[str(COUNTY)]
    county, bare = places.counties[str(COUNTY)], places.counties[str(BARE_COUNTY)]
    assert county.alt_names == ("Alfa", "Zeta") and county.code == "99"
    assert county.region is not None and county.region.iri == str(REGION)
    assert bare.code == "bare" and bare.region is None and bare.names == {} and bare.alt_names == ()
    assert no_code.code == "no-code" and no_code.names == {} and no_code.name_fi == ""
    assert no_code.wikidata == "Q5" and no_code.region is None and no_code.classification_years == ()
    assert third.code == "003" and third.region is None and third.classification_years == (1990,)


def test_a_changed_graph_is_read_from_its_changed_index(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = load_graph()
    kuopio = tk.ID["municipality/297"]
    graph.remove((kuopio, SKOS.prefLabel, None))
    graph.add((kuopio, SKOS.prefLabel, Literal("Toinen", lang="fi")))
    graph.add((kuopio, SKOS.prefLabel, Literal("Kolmas", lang="fi")))
    graph.remove((kuopio, DCTERMS.identifier, None))
    indexed, plain = read_both(graph, monkeypatch)
    assert indexed == plain
    assert indexed.municipalities[str(kuopio)].names == {"fi": "Toinen"}
    assert indexed.municipalities[str(kuopio)].code == "297"  # from the IRI now


def test_the_packaged_graph_reads_the_same_both_ways(kg: tk.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    indexed, plain = read_both(kg.rdf, monkeypatch)
    assert indexed == plain and len(indexed.municipalities) == 309
    assert list(indexed.municipalities) == list(plain.municipalities)


def test_the_statements_about_a_node_read_the_same_both_ways() -> None:
    """``predicate_objects`` (what the registry copies) gives what ``graph.predicate_objects`` gives, in its order."""
    for graph in (edge_cases(), load_graph()):
        indexed, plain = readers.Statements(graph), readers.Statements(graph, indexed=False)
        assert indexed.index is not None and plain.index is None
        for node in {*graph.subjects(unique=True), URIRef("urn:example:nothing")}:
            assert (
                indexed.predicate_objects(node) == plain.predicate_objects(node) == list(graph.predicate_objects(node))
            )
    assert readers.Statements(edge_cases()).predicate_objects(M3)  # some statements, not only empty lists


def test_the_readers_of_all_places_ask_the_index_not_the_graph(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = edge_cases()
    expected = _places.read_places(graph)
    monkeypatch.setattr(Graph, "objects", lambda *args, **kwargs: pytest.fail("graph.objects was called"))
    monkeypatch.setattr(Graph, "value", lambda *args, **kwargs: pytest.fail("graph.value was called"))
    assert _places.read_places(graph) == expected


def test_a_lookup_of_one_node_does_not_look_for_the_index(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checking the store's layout costs more than one lookup through the graph."""
    graph = edge_cases()
    monkeypatch.setattr(readers, "subject_index", lambda graph: pytest.fail("looked for the index"))
    assert readers.labels(graph, M1) == {"fi": "Ensimmäinen", "sv": "Första", "": "No language"}
    assert readers.wikidata_id(graph, M1) == "Q10" and readers.wikidata_id(graph, M2) == "Q5"


def memberships_graph() -> Graph:
    network, kind = ID["network/test"], ORG.Membership
    triples: list[tuple[Node, Node, Node]] = []
    for number, (member, begin, end, inside, after) in enumerate(
        [
            (M1, "2020-01-01", "2022-12-31", ["2021", "2020-06"], []),
            (M1, None, None, ["2024-06"], ["2023", "2022-05-01"]),  # an unknown start after two bounds
            (M2, "2019-02-03T10:00:00Z", None, [], []),  # a time stamp: its day
            (M3, "", None, [], []),  # an unknown start without bounds
        ]
    ):
        node, interval, beginning = ID[f"membership/test/{number}"], BNode(), BNode()
        triples += [(node, RDF.type, kind), (node, ORG.member, member), (node, ORG.organization, network)]
        triples += [(node, ORG.memberDuring, interval), (interval, TIME.hasBeginning, beginning)]
        triples += [(node, DCTERMS.source, URIRef(f"https://example.org/{s}")) for s in ("b", "a")]
        if begin:
            stamp = (TIME.inXSDDateTimeStamp, XSD.dateTimeStamp) if "T" in begin else (TIME.inXSDDate, XSD.date)
            triples.append((beginning, stamp[0], Literal(begin, datatype=stamp[1])))
        if end:
            ending = BNode()
            triples += [(interval, TIME.hasEnd, ending), (ending, TIME.inXSDDate, Literal(end, datatype=XSD.date))]
        for day in inside:
            instant = BNode()
            triples += [(interval, TIME.inside, instant), (instant, TIME.inXSDgYear, Literal(day))]
        for day in after:
            bound = BNode()
            triples += [(beginning, TIME.after, bound), (bound, TIME.inXSDDate, Literal(day))]
    triples.append((ID["membership/test/0"], ORG.role, ID["role/member"]))
    triples += [(ID["membership/untyped"], ORG.organization, network), (ID["membership/untyped"], ORG.member, M1)]
    triples += [(ID["membership/nobody"], RDF.type, kind), (ID["membership/nobody"], ORG.organization, network)]
    triples += [(BNode("blank"), RDF.type, kind), (BNode("blank"), ORG.organization, network)]
    return new_tracked_graph(triples)


def test_memberships_read_the_same_from_the_index(kg: tk.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    for graph, network in ((memberships_graph(), ID["network/test"]), (kg.rdf, tk.TK_NETWORK)):
        indexed = readers.memberships_of_network(graph, network)
        with monkeypatch.context() as patch:
            patch.setattr(readers, "subject_index", lambda graph: None)
            plain = readers.memberships_of_network(graph, network)
        assert indexed == plain and list(indexed) == list(plain)
    found = readers.memberships_of_network(memberships_graph(), ID["network/test"])
    assert set(found) == {str(M1), str(M2), str(M3)}
    closed, reopened = sorted(found[str(M1)], key=lambda m: m.iri)
    assert (closed.begin, closed.end, closed.attested) == ("2020-01-01", "2022-12-31", ("2020-06", "2021"))
    assert closed.role == str(ID["role/member"])
    assert reopened.begin is None and reopened.begins_after == "2023" and reopened.attested == ("2024-06",)
    assert closed.sources == ("https://example.org/a", "https://example.org/b")
    assert found[str(M2)][0].begin == "2019-02-03" and found[str(M2)][0].role is None
    unknown = found[str(M3)][0]
    assert unknown.begin is None and unknown.begins_after is None and unknown.end is None


def test_reading_one_membership_does_not_look_for_the_index(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = memberships_graph()
    monkeypatch.setattr(readers, "subject_index", lambda graph: pytest.fail("looked for the index"))
    assert readers.membership(graph, ID["membership/test/2"]).begin == "2019-02-03"


def test_members_read_the_same_from_the_index(kg: tk.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    days = ("2010-01-01", "2024-06-30", "2030-01-01")
    indexed = [tk.GraphView(kg.rdf).members(as_of=day) for day in days]
    monkeypatch.setattr(readers, "subject_index", lambda graph: None)
    plain = [tk.GraphView(kg.rdf).members(as_of=day) for day in days]
    assert indexed == plain and [len(m) for m in indexed] == [2, 52, len(plain[2])]
    assert {m.kind for m in indexed[1]} == {
        tk.MemberKind.MUNICIPALITY,
        tk.MemberKind.WELLBEING_SERVICES_COUNTY,
    }
    assert all(m.code and m.name_fi for m in indexed[1]) and any(m.wikidata for m in indexed[1])


@pytest.mark.parametrize(
    ("types", "kind"),
    [
        ([TK.Municipality, SKOS.Concept], tk.MemberKind.MUNICIPALITY),
        ([TK.WellbeingServicesCounty], tk.MemberKind.WELLBEING_SERVICES_COUNTY),
        ([TK.RegionalAuthority], tk.MemberKind.REGIONAL_AUTHORITY),
        ([TK.Network, SKOS.Concept], tk.MemberKind.NETWORK),
        ([SKOS.Concept], tk.MemberKind.ORGANIZATION),
        ([], tk.MemberKind.ORGANIZATION),
    ],
)
def test_a_member_s_kind_is_read_alike_either_way(
    types: list[URIRef], kind: tk.MemberKind, monkeypatch: pytest.MonkeyPatch
) -> None:
    node = ID["member/x"]
    graph = new_tracked_graph([(node, RDF.type, t) for t in types] + [(node, SKOS.prefLabel, Literal("X", lang="fi"))])
    assert readers.member_kind_in(readers.Statements(graph), node) == kind
    places, day = _places.Places({}, {}, {}), date(2025, 1, 1)
    assert _places.build_member(readers.Statements(graph), places, str(node), [], {}, day).kind == kind
    monkeypatch.setattr(readers, "subject_index", lambda graph: pytest.fail("looked for the index"))
    assert readers.member_kind(graph, node) == kind  # one node: the graph is asked
    member = _places.build_member(readers.Statements(graph, indexed=False), places, str(node), [], {}, day)
    assert (member.kind, member.code, member.name_fi) == (kind, "x", "X")
