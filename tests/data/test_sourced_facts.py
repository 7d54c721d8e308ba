"""Every fact of sources/data/sourced_facts.csv is in the graph, with the page that states it as its source."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, RDF, SKOS, TIME, XSD
from rdflib.term import Node

import terve_kunta as tk
from terve_kunta.namespaces import ID, SCHEMA, TK, municipality_iri
from tests.support import read_csv

FACTS = {row["id"]: row for row in read_csv("sourced_facts.csv")}
WHO = ID["network/who-european-healthy-cities"]
Check = Callable[[Graph, URIRef], None]


def axiom_sources(g: Graph, s: Node, p: Node, o: Node) -> set[Node]:
    """The sources that owl:Axioms give for the triple (s, p, o), which must be in the graph (marks left out)."""
    assert (s, p, o) in g, (s, p, o)
    axioms = [
        a
        for a in g.subjects(OWL.annotatedSource, s)
        if (a, OWL.annotatedProperty, p) in g and (a, RDF.type, TK.ProjectText) not in g
    ]
    return {src for a in axioms if (a, OWL.annotatedTarget, o) in g for src in g.objects(a, DCTERMS.source)}


def membership(g: Graph, member: URIRef, network: URIRef) -> Node:
    (node,) = (m for m in g.subjects(ORG.member, member) if (m, ORG.organization, network) in g)
    return node


def instants(g: Graph, member: URIRef, network: URIRef, relation: URIRef) -> dict[str, set[Node]]:
    """The dated instants of the membership's interval in ``relation``, with the sources of each."""
    interval = g.value(membership(g, member, network), ORG.memberDuring)
    found: dict[str, set[Node]] = {}
    for instant in g.objects(interval, relation):
        for position in (TIME.inXSDgYear, TIME.inXSDgYearMonth, TIME.inXSDDate):
            value = g.value(instant, position)
            if value is not None:
                found[str(value)] = set(g.objects(instant, DCTERMS.source))
    return found


def begins(network: URIRef, code: str, value: str) -> Check:
    def check(g: Graph, source: URIRef) -> None:
        assert instants(g, municipality_iri(code), network, TIME.hasBeginning) == {value: {source}}

    return check


def attested(code: str, day: str) -> Check:
    def check(g: Graph, source: URIRef) -> None:
        assert instants(g, municipality_iri(code), tk.TK_NETWORK, TIME.inside)[day] == {source}

    return check


def phase(number: int, begin: str, end: str) -> Check:
    def check(g: Graph, source: URIRef) -> None:
        node = ID[f"who-phase/{number}"]
        interval = g.value(node, DCTERMS.temporal)
        years = [str(g.value(g.value(interval, p), TIME.inXSDgYear)) for p in (TIME.hasBeginning, TIME.hasEnd)]
        assert years == [begin, end] and set(g.objects(node, DCTERMS.source)) == {source}
        assert (node, TK.phaseOf, WHO) in g

    return check


def phase_vii_end(year: str) -> Check:
    """Each end year the sources give is one source's statement, none of them asserted."""

    def check(g: Graph, source: URIRef) -> None:
        interval = g.value(ID["who-phase/7"], DCTERMS.temporal)
        assert g.value(g.value(interval, TIME.hasBeginning), TIME.inXSDgYear) == Literal("2019", datatype=XSD.gYear)
        assert g.value(interval, TIME.hasEnd) is None  # the sources disagree: the graph does not choose
        stated = {
            str(g.value(g.value(st, RDF.object), TIME.inXSDgYear)): set(g.objects(st, DCTERMS.source))
            for st in g.subjects(RDF.subject, interval)
            if (st, RDF.type, RDF.Statement) in g and (st, RDF.predicate, TIME.hasEnd) in g
        }
        assert sorted(stated) == ["2024", "2025", "2026"] and stated[year] == {source}

    return check


def tuusula_began_after(g: Graph, source: URIRef) -> None:
    interval = g.value(membership(g, municipality_iri("858"), tk.TK_NETWORK), ORG.memberDuring)
    beginning = g.value(interval, TIME.hasBeginning)
    assert g.value(beginning, TIME.inXSDDate) is None  # the start itself is unknown
    bound = g.value(beginning, TIME.after)
    assert g.value(bound, TIME.inXSDDate) == Literal("2020-11-17", datatype=XSD.date)
    assert set(g.objects(bound, DCTERMS.source)) == {source} == set(g.objects(beginning, DCTERMS.source))


def counted_2020(g: Graph, source: URIRef) -> None:
    node = ID["member-count/terve-kunta/2020-11"]
    assert g.value(node, TK.memberCount) == Literal(37) and g.value(node, TK.countOf) == tk.TK_NETWORK
    assert g.value(node, DCTERMS.date) == Literal("2020-11", datatype=XSD.gYearMonth)
    parts = {
        str(g.value(g.value(p, TK.memberKind), SKOS.notation)): int(str(g.value(p, TK.memberCount)))
        for p in g.objects(node, DCTERMS.hasPart)
    }
    assert parts == {"municipality": 32, "hospital-district": 1, "sub-region": 3, "region": 1}
    assert set(g.objects(node, DCTERMS.source)) == {source}
    assert (node, SKOS.prefLabel, None) not in g  # a count without names


def espoo_vantaa_kauniainen(g: Graph, source: URIRef) -> None:
    for code in ("049", "092", "235"):
        attested(code, "2018-11-14")(g, source)


WHO_THEMES_FI = {
    "people": "ihmiset",
    "participation": "osallisuus",
    "prosperity": "elinvoima",
    "planet": "maapallo",
    "places": "elinympäristö",
    "peace": "rauha",
}


def who_themes_in_finnish(g: Graph, source: URIRef) -> None:
    assert "ihmiset (People)" in FACTS["F16"]["value"]  # the row lists the labels in this order
    for slug, label in WHO_THEMES_FI.items():
        theme = ID[f"who-theme/{slug}"]
        assert axiom_sources(g, theme, SKOS.prefLabel, Literal(label, lang="fi")) == {source}


def who_themes_as_kuopio_names_them(g: Graph, source: URIRef) -> None:
    for name in FACTS["F17"]["value"].split(", "):
        slug = "places" if name == "Place" else name.lower()
        theme = ID[f"who-theme/{slug}"]
        labels = {*g.objects(theme, SKOS.prefLabel), *g.objects(theme, SKOS.altLabel)}
        assert Literal(name, lang="en") in labels
        assert source in g.objects(theme, DCTERMS.source)
    assert axiom_sources(g, ID["who-theme/places"], SKOS.altLabel, Literal("Place", lang="en")) == {source}


def terms_follow_council_terms(g: Graph, source: URIRef) -> None:
    duration = Literal("P4Y", datatype=XSD.duration)
    assert axiom_sources(g, tk.TK_NETWORK, TK.termDuration, duration) == {source}
    (note,) = g.objects(tk.TK_NETWORK, SKOS.scopeNote)
    assert "council" in str(note) and "plan of action for each term" in str(note)
    assert axiom_sources(g, tk.TK_NETWORK, SKOS.scopeNote, note) == {source}


def who_may_join(g: Graph, source: URIRef) -> None:
    kinds = set(g.objects(tk.TK_NETWORK, TK.eligibleKind))
    assert kinds == {ID["member-kind/municipality"], ID["member-kind/joint-municipal-authority"]}
    for kind in kinds:
        assert axiom_sources(g, tk.TK_NETWORK, TK.eligibleKind, kind) == {source}
    assert Literal("kuntayhtymä", lang="fi") in g.objects(ID["member-kind/joint-municipal-authority"], SKOS.prefLabel)


def chair_and_vice_chair(g: Graph, source: URIRef) -> None:
    posts = sorted((p for p in g.subjects(ORG.postIn, tk.TK_NETWORK) if (p, RDF.type, ORG.Post) in g), key=str)
    assert [str(p).rsplit("/", 1)[-1] for p in posts] == ["chair", "vice-chair"]
    for post in posts:
        assert set(g.objects(post, DCTERMS.source)) == {source}
        assert (post, ORG.heldBy, None) not in g  # the holders are people: left out


def who_launched(g: Graph, source: URIRef) -> None:
    assert axiom_sources(g, WHO, SCHEMA.foundingDate, Literal("1988", datatype=XSD.gYear)) == {source}


CHECKS: dict[str, Check] = {
    "F01": who_launched,
    "F02": phase(3, "1998", "2002"),
    "F03": phase(4, "2003", "2008"),
    "F04": phase_vii_end("2024"),
    "F05": phase_vii_end("2025"),
    "F06": phase_vii_end("2026"),
    "F07": begins(WHO, "091", "2020"),
    "F08": begins(WHO, "297", "2005"),
    "F09": begins(tk.TK_NETWORK, "297", "2000"),
    "F10": begins(tk.TK_NETWORK, "071", "2008"),
    "F11": begins(tk.TK_NETWORK, "098", "2017-12"),
    "F12": tuusula_began_after,
    "F13": attested("858", "2021-04-27"),
    "F14": counted_2020,
    "F15": espoo_vantaa_kauniainen,
    "F16": who_themes_in_finnish,
    "F17": who_themes_as_kuopio_names_them,
    "F18": terms_follow_council_terms,
    "F19": who_may_join,
    "F20": chair_and_vice_chair,
}


def test_every_row_is_checked() -> None:
    assert sorted(CHECKS) == sorted(FACTS)


@pytest.mark.parametrize("fact_id", sorted(CHECKS))
def test_fact_is_in_the_graph_with_its_page_as_source(kg: tk.KnowledgeGraph, fact_id: str) -> None:
    row = FACTS[fact_id]
    source = URIRef(row["source_url"])
    CHECKS[fact_id](kg.rdf, source)
    # the page has an entry of its own among the sources, with its language
    assert kg.rdf.value(source, DCTERMS.description) is not None, f"{source} has no entry in sources.ttl"
    assert kg.rdf.value(source, DCTERMS.language) is not None


def test_the_values_the_checks_expect_are_those_of_the_rows() -> None:
    """The checks above spell out values; they must be the rows' own."""
    assert [FACTS[i]["value"] for i in ("F01", "F02", "F03")] == ["1988", "1998-2002", "2003-2008"]
    assert [FACTS[i]["value"] for i in ("F04", "F05", "F06", "F07", "F08")] == ["2024", "2025", "2026", "2020", "2005"]
    assert [FACTS[i]["value"] for i in ("F09", "F10", "F11", "F12", "F13")] == [
        "2000",
        "2008",
        "2017-12",
        "2020-11-17",
        "2021-04-27",
    ]
    assert FACTS["F14"]["value"].startswith("37: 32 municipalities, 1 hospital district, 3 sub-regions")
    assert FACTS["F15"]["value"] == "2018" and "14.11.2018" in FACTS["F15"]["note"]
    assert FACTS["F18"]["value"].startswith("four years; a plan of action for each term")
