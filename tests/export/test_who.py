"""export/who.py: what the ``who`` profile carries, read from its selection (no text written, so cheap).

``test_profiles.py`` checks the written profile; here each rule of the selection: the
members on the day and nothing of other municipalities, labels in English and Finnish,
the predicates each kind of node keeps, what is reached through blank nodes, the
concepts, SDGs, phases and events it follows, counts that are those of what it picked,
and a graph index left as it was.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

import terve_kunta as tk
from terve_kunta.data.view import WHO_NETWORK
from terve_kunta.export.graphs import DERIVED_GRAPH, StoreData, store_data
from terve_kunta.export.index import index_of
from terve_kunta.export.selection import Selection
from terve_kunta.export.who import _Picker, who_selection
from terve_kunta.namespaces import DCTERMS, ID, ORG, OWL, RDF, RDFS, SCHEMA, SKOS, TIME, TK

Triple = tuple[Node, Node, Node]
DAY = date(2024, 6, 30)
KUOPIO, PERTUNMAA = ID["municipality/297"], ID["municipality/588"]
DCAT_DATASET = URIRef("http://www.w3.org/ns/dcat#Dataset")


@pytest.fixture(scope="module")
def data(kg: tk.KnowledgeGraph) -> StoreData:
    return store_data(kg.store)


@pytest.fixture(scope="module")
def picked(kg: tk.KnowledgeGraph, data: StoreData) -> Selection:
    return who_selection(kg, data, DAY)


@pytest.fixture(scope="module")
def triples(picked: Selection) -> set[Triple]:
    return set(picked.triples())


def about(triples: set[Triple], node: Node) -> set[Node]:
    """The predicates of ``node`` in ``triples``."""
    return {p for s, p, _ in triples if s == node}


# ---------------------------------------------------------------------- members


@pytest.mark.parametrize(("day", "count"), [(date(2010, 1, 1), 2), (DAY, 52), (date(1990, 1, 1), 0)])
def test_the_members_are_those_of_the_day(kg: tk.KnowledgeGraph, data: StoreData, day: date, count: int) -> None:
    picked = who_selection(kg, data, day)
    members = {URIRef(m.iri) for m in kg.members(as_of=day)}
    assert picked.members == members and len(members) == count
    triples = set(picked.triples())
    assert {o for s, p, o in triples if (s, p) == (kg.network_iri, ORG.hasMember)} == members
    municipalities = set(data.union.subjects(RDF.type, TK.Municipality))
    named = {t for triple in triples for t in triple if t in municipalities}
    assert named == members & municipalities  # no other municipality, as subject or object


def test_a_member_carries_its_names_codes_and_identifiers(triples: set[Triple]) -> None:
    assert {RDF.type, SKOS.prefLabel, DCTERMS.identifier} <= about(triples, KUOPIO)
    assert about(triples, KUOPIO) <= {RDF.type, SKOS.prefLabel, SKOS.altLabel, RDFS.label, DCTERMS.identifier,
                                      OWL.sameAs, SKOS.exactMatch}  # fmt: skip
    assert (KUOPIO, DCTERMS.identifier, Literal("297")) in triples  # no language: kept
    assert not about(triples, PERTUNMAA)


def test_the_memberships_of_the_members_in_the_network_and_in_who_are_carried(
    kg: tk.KnowledgeGraph, triples: set[Triple]
) -> None:
    memberships = {s for s, p, o in triples if (p, o) == (RDF.type, ORG.Membership)}
    held = {URIRef(m.iri) for member in kg.members(as_of=DAY) for m in member.memberships}
    who = ID["membership/who-european-healthy-cities/municipality/297/1"]
    own = ID["membership/who-european-healthy-cities/network/terve-kunta/1"]  # the network's own, in WHO
    assert held | {who, own} <= memberships
    for membership in (who, own):
        assert about(triples, membership) == {RDF.type, ORG.member, ORG.organization, ORG.role, ORG.memberDuring}
    interval = next(o for s, p, o in triples if (s, p) == (who, ORG.memberDuring))
    beginning = next(o for s, p, o in triples if (s, p) == (interval, TIME.hasBeginning))
    assert isinstance(interval, BNode) and isinstance(beginning, BNode)  # followed through blank nodes, whole
    assert (beginning, TIME.inXSDgYear, Literal("2005", datatype=XSD_GYEAR)) in triples


XSD_GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")


# ---------------------------------------------------------------------- the network and what it links to


def test_the_network_carries_what_describes_it(kg: tk.KnowledgeGraph, triples: set[Triple]) -> None:
    network = kg.network_iri
    assert about(triples, network) == {
        RDF.type, SKOS.prefLabel, DCTERMS.description, SCHEMA.foundingDate, TK.coordinatedBy, TK.themeScheme,
        TK.criteriaScheme, RDFS.seeAlso, ORG.hasMember,
    }  # fmt: skip
    coordinator = ID["organization/thl"]
    assert {o for s, p, o in triples if (s, p) == (network, TK.coordinatedBy)} == {coordinator}
    assert about(triples, coordinator) <= {RDF.type, SKOS.prefLabel, SKOS.altLabel, RDFS.label}
    assert about(triples, WHO_NETWORK) and about(triples, WHO_NETWORK) <= {RDF.type, SKOS.prefLabel, RDFS.label}


def test_labels_are_in_english_and_finnish_only(data: StoreData, triples: set[Triple]) -> None:
    languages = {o.language for _, _, o in triples if isinstance(o, Literal) and o.language}
    assert languages == {"en", "fi"}
    swedish = {(s, p) for s, p, o in data.union if isinstance(o, Literal) and o.language == "sv"}
    kept = {(s, p) for s, p, o in triples if isinstance(o, Literal) and o.language == "fi"}
    assert swedish & kept  # where a node has labels in several languages, the others are still kept


def test_of_each_property_picked_every_value_that_may_leave_is_carried(
    data: StoreData, picked: Selection, triples: set[Triple]
) -> None:
    excluded = set(data.union.subjects(RDF.type, TK.Municipality)) - picked.members
    for s, p in {(s, p) for s, p, _ in triples if p != ORG.hasMember}:
        allowed = {
            o for o in data.union.objects(s, p)
            if o not in excluded and not (isinstance(o, Literal) and o.language not in (None, "en", "fi"))
        }  # fmt: skip
        assert allowed == {o for s2, p2, o in triples if (s2, p2) == (s, p)}, (s, p)


def test_the_who_phase_with_themes_and_its_themes_are_carried(triples: set[Triple]) -> None:
    phases = {s for s, p, o in triples if (p, o) == (RDF.type, TK.ProgrammePhase)}
    assert phases == {ID["who-phase/7"]}  # phases 3 to 6 have no theme scheme in the graph
    scheme = ID["scheme/who-phase-vii-themes"]
    assert (ID["who-phase/7"], TK.themeScheme, scheme) in triples
    assert {s for s, p, o in triples if (p, o) == (SKOS.inScheme, scheme)}


def test_the_criteria_and_their_headings_are_carried_but_nothing_deprecated(
    kg: tk.KnowledgeGraph, data: StoreData, triples: set[Triple]
) -> None:
    subjects = {s for s, _, _ in triples}
    assert {URIRef(c.iri) for c in kg.criteria()} <= subjects
    assert set(data.union.subjects(RDF.type, TK.CriterionHeading)) <= subjects
    deprecated = set(data.union.subjects(OWL.deprecated, Literal(True)))
    assert deprecated and not deprecated & {t for triple in triples for t in triple}


def test_the_sdgs_the_themes_map_to_are_carried_with_their_goals(triples: set[Triple]) -> None:
    mapped = {o for s, p, o in triples if p == SKOS.relatedMatch and str(o).startswith("http://metadata.un.org/")}
    assert URIRef("http://metadata.un.org/sdg/17.14") in mapped
    goals = {o for s, p, o in triples if p == SKOS.broader and s in mapped}
    assert URIRef("http://metadata.un.org/sdg/17") in goals
    for sdg in mapped | goals:
        assert {RDF.type, SKOS.notation, SKOS.prefLabel} <= about(triples, sdg) <= {
            RDF.type, SKOS.prefLabel, SKOS.altLabel, RDFS.label, SKOS.notation, SKOS.broader,
        }  # fmt: skip


def test_the_network_days_and_their_hosts_are_carried(triples: set[Triple]) -> None:
    events = {s for s, p, o in triples if (p, o) == (RDF.type, TK.HostedEvent)}
    assert events == {ID["event/network-days/2024"], ID["event/network-days/2025"]}
    assert {o for s, p, o in triples if p == TK.host} == {ID["municipality/609"], ID["municipality/186"]}
    series = ID["activity/network-days"]
    assert about(triples, series) and about(triples, series) <= {
        RDF.type, SKOS.prefLabel, SKOS.altLabel, RDFS.label, DCTERMS.description, URIRef(str(PROV_ASSOCIATED)),
    }  # fmt: skip


PROV_ASSOCIATED = "http://www.w3.org/ns/prov#wasAssociatedWith"


def test_each_file_the_data_comes_from_is_described_with_its_licence(picked: Selection, triples: set[Triple]) -> None:
    datasets = {s for s, p, o in triples if (p, o) == (RDF.type, DCAT_DATASET)}
    assert datasets == picked.graphs_used() - {DERIVED_GRAPH}  # the derived shortcuts are no file
    assert URIRef("https://w3id.org/terve-kunta/graph/schemes/joining-criteria") in datasets
    for dataset in datasets:
        assert DCTERMS.license in about(triples, dataset) or DCTERMS.rights in about(triples, dataset)


# ---------------------------------------------------------------------- counts and the index


def test_the_counts_are_those_of_the_triples_picked(picked: Selection, triples: set[Triple]) -> None:
    counted = picked.counts()
    assert counted.triples == len(triples) == len(list(picked.triples()))  # no triple twice
    assert counted.subjects == len({s for s, _, _ in triples})
    assert counted.entities == len({s for s, _, _ in triples if isinstance(s, URIRef)})
    assert counted.properties == len({p for _, p, _ in triples})
    assert counted.classes == dict(Counter(o for _, p, o in triples if p == RDF.type))


def test_the_graphs_index_is_left_as_it_was(kg: tk.KnowledgeGraph) -> None:
    data = store_data(kg.store)
    before = {s: {p: dict(objects) for p, objects in facts.items()} for s, facts in data.index.spo.items()}
    for day in (date(2010, 1, 1), DAY):
        who_selection(kg, data, day)
    assert {s: {p: dict(objects) for p, objects in facts.items()} for s, facts in data.index.spo.items()} == before


# ---------------------------------------------------------------------- a graph with more in it


@pytest.fixture(scope="module")
def changing() -> tk.KnowledgeGraph:
    """A graph of this module's own; tests that change it undo the change (:func:`changed`)."""
    return tk.load()


@contextmanager
def changed(kg: tk.KnowledgeGraph, add: Sequence[Triple], remove: Sequence[Triple] = ()) -> Iterator[Selection]:
    for triple in remove:
        kg.rdf.remove(triple)
    for triple in add:
        kg.rdf.add(triple)
    kg.refresh()
    try:
        yield who_selection(kg, store_data(kg.store), DAY)
    finally:
        for triple in add:
            kg.rdf.remove(triple)
        for triple in remove:
            kg.rdf.add(triple)
        kg.refresh()


def test_no_person_leaves_even_where_who_would_carry_the_link(changing: tk.KnowledgeGraph) -> None:
    person, thl = ID["person/maija"], ID["organization/thl"]
    network = changing.network_iri
    people = [
        (person, RDF.type, SCHEMA.Person),
        (person, RDFS.label, Literal("Maija Meikäläinen")),
        (network, TK.coordinatedBy, person),  # as a coordinator, whose labels who carries: before THL
        (network, TK.coordinatedBy, thl),
        (KUOPIO, OWL.sameAs, person),
    ]
    with changed(changing, people, [(network, TK.coordinatedBy, thl)]) as picked:
        triples = set(picked.triples())
        terms = {t for triple in triples for t in triple}
        assert person not in terms and Literal("Maija Meikäläinen") not in terms
        assert (network, TK.coordinatedBy, thl) in triples and (KUOPIO, DCTERMS.identifier, Literal("297")) in triples


class OwnLiteral(Literal):
    """A literal of a library's own class (rdflib terms may be subclassed)."""


class OwnBNode(BNode):
    """A blank node of a library's own class."""


class OwnURIRef(URIRef):
    """An IRI of a library's own class."""


def test_terms_of_a_subclass_are_read_as_their_kind() -> None:
    s, p, q = URIRef("urn:x:s"), URIRef("urn:x:p"), URIRef("urn:x:q")
    blank, iri = OwnBNode(), OwnURIRef("urn:x:other")
    graph = Graph()
    for triple in [
        (s, p, OwnLiteral("Kuopio", lang="fi")),
        (s, p, OwnLiteral("Kuopio", lang="sv")),  # a language who does not carry
        (s, q, blank),  # followed, as a blank node
        (blank, p, Literal("inside")),
        (s, q, iri),  # not followed: an entity of its own
        (iri, p, Literal("outside")),
    ]:
        graph.add(triple)
    pick = _Picker(index_of(graph), set())
    pick.take([s], {p, q})
    picked = {(a, b, c) for a, facts in pick.picked.items() for b, objects in facts.items() for c in objects}
    assert picked == {(s, p, Literal("Kuopio", lang="fi")), (s, q, blank), (blank, p, Literal("inside")), (s, q, iri)}
    pick.take([iri], None)
    assert pick.counts().entities == 2  # s and the IRI of its own class


def test_a_dict_of_the_index_is_shared_until_something_is_added_to_it() -> None:
    s, p = URIRef("urn:x:s"), URIRef("urn:x:p")
    graph = Graph()
    graph.add((s, p, Literal("a")))
    index = index_of(graph)
    before = {k: {q: dict(v) for q, v in facts.items()} for k, facts in index.spo.items()}
    pick = _Picker(index, set())
    pick.take([s], None)
    pick.add(s, p, [Literal("a"), Literal("b")])  # one new
    pick.add(s, p, [Literal("b")])  # none new
    assert set(pick.picked[s][p]) == {Literal("a"), Literal("b")}
    assert {k: {q: dict(v) for q, v in facts.items()} for k, facts in index.spo.items()} == before
    assert pick.counts().triples == 2


def test_the_who_network_is_described_even_where_nothing_links_the_network_to_it(
    changing: tk.KnowledgeGraph,
) -> None:
    own = ID["membership/who-european-healthy-cities/network/terve-kunta/1"]
    links = [(s, p, o) for s, p, o in changing.rdf.triples((own, None, None))]
    links += list(changing.rdf.triples((changing.network_iri, DCTERMS.isPartOf, None)))
    with changed(changing, [], links) as picked:
        assert about(set(picked.triples()), WHO_NETWORK) >= {RDF.type, SKOS.prefLabel}


def test_a_label_in_another_language_does_not_hide_the_ones_after_it() -> None:
    s, p = URIRef("urn:x:s"), SKOS.prefLabel
    graph = Graph()
    labels = [Literal("Kuopio", lang="sv"), Literal("Kuopio", lang="fi"), Literal("Kuopio"), Literal("K", lang="en")]
    for label in labels:
        graph.add((s, p, label))  # the Swedish one first
    pick = _Picker(index_of(graph), set())
    pick.take([s], {p})
    assert set(pick.picked[s][p]) == {Literal("Kuopio", lang="fi"), Literal("Kuopio"), Literal("K", lang="en")}
