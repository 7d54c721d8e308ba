"""readers.network and readers.stated_member_counts at their edges, on a small graph in the ontology's terms.

The packaged network states every field; here some are missing or of the wrong kind (an
IRI where a number or a truth value belongs), goals are ordered by a number that one of
them lacks, and stated counts come with parts that lack a kind or a count.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import ORG, RDF, SKOS, XSD

from terve_kunta.data import readers
from terve_kunta.data.files import new_tracked_graph
from terve_kunta.namespaces import DCTERMS, SCHEMA, TK

EX = "https://example.org/net/"
NET, WHO, OTHER, THIRD = URIRef(EX + "network"), URIRef(EX + "who"), URIRef(EX + "other"), URIRef(EX + "third")


def ex(name: str) -> URIRef:
    return URIRef(EX + name)


def network_graph() -> Graph:
    goal_a, goal_b, goal_c = ex("goal-a"), ex("goal-b"), ex("goal-c")
    return new_tracked_graph(
        [
            (NET, RDF.type, TK.Network),
            (NET, SKOS.prefLabel, Literal("Verkosto", lang="fi")),
            (NET, SCHEMA.foundingDate, Literal("1996-05-01", datatype=XSD.date)),
            (NET, TK.hasGoal, goal_a),
            (NET, TK.hasGoal, goal_b),
            (NET, TK.hasGoal, goal_c),
            (goal_a, TK.order, Literal(2)),
            (goal_b, TK.order, Literal(1)),
            (goal_c, TK.order, ex("not-a-number")),  # no number: first (as 0)
            (goal_a, SKOS.prefLabel, Literal("A", lang="en")),
            (goal_b, SKOS.prefLabel, Literal("B", lang="en")),
            (goal_c, SKOS.prefLabel, Literal("C", lang="en")),
            (NET, TK.joiningFree, Literal(True)),
            (NET, TK.hostSharesCosts, ex("not-a-truth-value")),
            (NET, DCTERMS.isPartOf, WHO),
            (NET, DCTERMS.isPartOf, Literal("not a network")),
            (ex("m1"), RDF.type, ORG.Membership),
            (ex("m1"), ORG.member, NET),
            (ex("m1"), ORG.organization, OTHER),
            (ex("m2"), ORG.member, NET),  # not typed as a membership
            (ex("m2"), ORG.organization, THIRD),
            (ex("m3"), RDF.type, ORG.Membership),
            (ex("m3"), ORG.member, NET),
            (ex("m3"), ORG.organization, Literal("not a network")),
        ]
    )


def test_a_network_with_fields_missing_or_of_the_wrong_kind() -> None:
    network = readers.network(network_graph(), NET)
    assert network.names == {"fi": "Verkosto"} and network.founded == 1996
    assert network.coordinator is None and network.coordinator_names == {}
    assert [g["en"] for g in network.goals] == ["C", "B", "A"]
    assert network.joining_free is True and network.host_shares_costs is None and network.members_host_in_turn is None
    assert network.part_of == (str(OTHER), str(WHO))


def test_a_network_with_a_coordinator_and_no_founding_date() -> None:
    graph = network_graph()
    graph.add((NET, TK.coordinatedBy, ex("thl")))
    graph.add((ex("thl"), SKOS.prefLabel, Literal("THL", lang="fi")))
    graph.remove((NET, SCHEMA.foundingDate, None))
    network = readers.network(graph, NET)
    assert network.coordinator == str(ex("thl")) and network.coordinator_names == {"fi": "THL"}
    assert network.founded is None


def test_stated_counts_skip_what_lacks_a_total_a_date_a_kind_or_a_count() -> None:
    kind_a, kind_b = ex("kind/municipality"), ex("kind/county")
    parts = [BNode() for _ in range(4)]
    graph = new_tracked_graph(
        [
            (ex("count/undated"), TK.countOf, NET),  # first in the graph, and skipped: no date
            (ex("count/undated"), TK.memberCount, Literal(3)),
            (BNode("blank"), TK.countOf, NET),  # not an IRI
            (BNode("blank"), TK.memberCount, Literal(4)),
            (BNode("blank"), DCTERMS.date, Literal("2019")),
            (ex("count/no-total"), TK.countOf, NET),
            (ex("count/no-total"), DCTERMS.date, Literal("2018")),
            (ex("count/2020"), TK.countOf, NET),
            (ex("count/2020"), TK.memberCount, Literal(10)),
            (ex("count/2020"), DCTERMS.date, Literal("2020-11")),
            (ex("count/2020"), DCTERMS.source, ex("slides")),
            *[(ex("count/2020"), DCTERMS.hasPart, part) for part in parts],
            (parts[0], TK.memberKind, kind_a),
            (parts[0], TK.memberCount, Literal(8)),
            (kind_a, SKOS.notation, Literal("municipality")),
            (parts[1], TK.memberKind, kind_b),  # no notation: the IRI's last part
            (parts[1], TK.memberCount, Literal(2)),
            (parts[2], TK.memberKind, kind_a),  # no count
            (parts[3], TK.memberCount, Literal(5)),  # no kind
            (ex("count/elsewhere"), TK.countOf, OTHER),
        ]
    )
    counts = readers.stated_member_counts(graph, NET)
    assert [(c.iri, c.day, c.total) for c in counts] == [(str(ex("count/2020")), "2020-11", 10)]
    assert counts[0].by_kind == {"municipality": 8, "county": 2} and counts[0].sources == (str(ex("slides")),)
