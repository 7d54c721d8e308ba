"""registry/_plan.py: which joins and leaves the registry takes, which it refuses, and the triples a change adds.

The functions only read a :class:`GraphView`; here they read one view of the packaged
graph, loaded once for the module. A test that needs a registry in another state adds
the triples (:func:`applied`) and takes them away again when it ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

import terve_kunta as tk
from terve_kunta.data import readers
from terve_kunta.data.files import REGISTRY_GRAPH
from terve_kunta.data.view import GraphView
from terve_kunta.errors import ModelError, RegistryError, UnknownNameError
from terve_kunta.namespaces import DCTERMS, ID, ORG, PROV, RDF, RDFS, TIME, TK_NETWORK
from terve_kunta.rdf.canonical import canonical_turtle
from terve_kunta.registry import (
    DECISIONS,
    Change,
    Decision,
    _plan,
    plan_join,
    plan_leave,
    registry_digest,
    registry_graph,
)
from tests.support import ONTOLOGY

DECISION = Decision(body="Mäntyharjun kunnanvaltuusto", date=date(2025, 1, 20), reference="§ 5")
MEMBERSHIP = ID["membership/terve-kunta/"]
MUNICIPALITY, COUNTY = ID["municipality/"], ID["wellbeing-services-county/"]
XSD_G = {4: XSD.gYear, 7: XSD.gYearMonth}


@pytest.fixture(scope="module")
def view() -> GraphView:
    """A view of the packaged graph of this module's own (tests that change it undo the change)."""
    return GraphView(tk.load().rdf)


@contextmanager
def applied(view: GraphView, *changes: Change | Graph) -> Iterator[None]:
    """The view with ``changes`` added to its graph while the block runs."""
    added = Graph()
    for change in changes:
        added += change.triples if isinstance(change, Change) else change
    assert not any(t in view.rdf for t in added)  # only new triples: taking them away restores the graph
    for triple in added:
        view.rdf.add(triple)
    view.refresh()
    try:
        yield
    finally:
        for triple in added:
            view.rdf.remove(triple)
        view.refresh()


def membership(iri: URIRef, member: URIRef, begin: str | None = None, end: str | None = None) -> Graph:
    """A membership of Terve Kunta as a hand-written registry might hold it (an interval only with a date)."""
    graph = Graph()
    graph.add((iri, RDF.type, ORG.Membership))
    graph.add((iri, ORG.member, member))
    graph.add((iri, ORG.organization, TK_NETWORK))
    interval = BNode()
    if begin is not None or end is not None:
        graph.add((iri, ORG.memberDuring, interval))
        graph.add((interval, RDF.type, TIME.Interval))
    for edge, day in ((TIME.hasBeginning, begin), (TIME.hasEnd, end)):
        if day is not None:
            instant = BNode()
            graph.add((interval, edge, instant))
            graph.add((instant, TIME.inXSDDate, Literal(date.fromisoformat(day))))
    return graph


# ---------------------------------------------------------------------- the decision


def test_a_decision_names_its_body_and_has_a_title() -> None:
    decision = Decision(body="  Kuopion kaupunginvaltuusto \n", date=date(2025, 3, 10))
    assert decision.body == "Kuopion kaupunginvaltuusto"
    assert decision.title == "Kuopion kaupunginvaltuusto 2025-03-10"  # no reference: nothing after the date
    assert DECISION.title == "Mäntyharjun kunnanvaltuusto 2025-01-20 § 5"


@pytest.mark.parametrize("body", ["", "   ", "\n\t"])
def test_a_decision_without_a_body_is_refused(body: str) -> None:
    with pytest.raises(ModelError, match="name the body that decided"):
        Decision(body=body, date=date(2025, 3, 10))


@pytest.mark.parametrize("url", [None, "https://kuopio.fi/poytakirja/12", "http://kuopio.fi/p?x=1"])
def test_a_decision_may_name_where_to_read_it(url: str | None) -> None:
    assert Decision(body="Valtuusto", date=date(2025, 3, 10), url=url).url == url


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "expected an http"),
        ("ftp://kuopio.fi/p", "expected an http"),
        ("kuopio.fi/p", "expected an http"),
        ("https://kuopio.fi/a b", "expected an http"),
        ("https://kuopio.fi/<p>", "expected an http"),
    ],
)
def test_a_decision_url_that_is_no_http_iri_is_refused(url: str, reason: str) -> None:
    with pytest.raises(ModelError, match=f"url: .*{reason}"):
        Decision(body="Valtuusto", date=date(2025, 3, 10), url=url)


# ---------------------------------------------------------------------- who may join


@pytest.mark.parametrize(
    "key",
    [
        "05",  # a county's code (not 005 Alajärvi)
        str(COUNTY) + "05",
        "Varsinais-Suomen hyvinvointialue",
        "varsinais-suomen HYVINVOINTIALUE",
        "Egentliga Finlands välfärdsområde",
        "Southwest Finland wellbeing services county",
    ],
)
def test_a_wellbeing_services_county_joins_by_code_iri_or_any_of_its_names(view: GraphView, key: str) -> None:
    change = plan_join(view, key, "2030-01-01", DECISION)  # counties are not in the municipality classification
    assert change.member == str(COUNTY) + "05"
    assert change.membership == str(MEMBERSHIP) + "wellbeing-services-county/05/1"


@pytest.mark.parametrize("key", ["Kainuu", "20", "Kajanalands välfärdsområde"])
def test_a_county_that_is_a_member_is_found_by_its_other_name_and_refused(view: GraphView, key: str) -> None:
    with pytest.raises(RegistryError, match=r"^Kainuun hyvinvointialue \(20\) is already a member on 2025-01-01"):
        plan_join(view, key, "2025-01-01", DECISION)


@pytest.mark.parametrize("key", ["507", "Mäntyharju", str(MUNICIPALITY) + "507"])
def test_a_municipality_joins_by_code_name_or_iri(view: GraphView, key: str) -> None:
    change = plan_join(view, key, "2025-02-01", DECISION)
    assert (change.member, change.membership) == (str(MUNICIPALITY) + "507", str(MEMBERSHIP) + "municipality/507/1")


@pytest.mark.parametrize(
    ("key", "error", "message"),
    [
        ("99", UnknownNameError, r"^'99' is not the code of a Finnish wellbeing services county$"),
        ("00", UnknownNameError, r"^'00' is not the code"),
        ("Atlantis", UnknownNameError, r"^no Finnish municipality is named 'Atlantis' \(nor a wellbeing services"),
        ("Kuopoi", UnknownNameError, r"\(nor a wellbeing services county\); only those can join; did you mean"),
    ],
)
def test_what_is_neither_a_municipality_nor_a_county_cannot_join(
    view: GraphView, key: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        plan_join(view, key, "2025-02-01", DECISION)


def test_the_suggestions_of_a_misspelt_name_are_kept(view: GraphView) -> None:
    with pytest.raises(UnknownNameError) as caught:
        plan_join(view, "Kuopoi", "2025-02-01", DECISION)
    assert caught.value.suggestions[0] == "Kuopio"


@pytest.mark.parametrize("day", ["2024-06-01", "2024-12-31", "2020-01-01"])
def test_a_municipality_joins_while_it_exists(view: GraphView, day: str) -> None:
    # Pertunmaa is in the 2024 classification only; before 2024 the nearest classification (2024) says
    plan_join(view, "Pertunmaa", day, DECISION)


@pytest.mark.parametrize(("day", "year"), [("2025-01-01", 2025), ("2030-06-01", 2025)])
def test_a_municipality_that_no_longer_exists_cannot_join(view: GraphView, day: str, year: int) -> None:
    with pytest.raises(RegistryError, match=rf"^Pertunmaa \(588\) is not in the {year} classification .* on {day}$"):
        plan_join(view, "588", day, DECISION)


def test_a_bad_start_is_refused_before_the_name_is_looked_up(view: GraphView) -> None:
    with pytest.raises(tk.OptionError, match=r"^start: expected a date as YYYY-MM-DD"):
        plan_join(view, "Atlantis", "1.2.2025", DECISION)


# ---------------------------------------------------------------------- joining again


@pytest.mark.parametrize(
    ("key", "since"),
    [
        ("Kuopio", r"from 2000, no end"),  # its start is known
        ("Iisalmi", r"from 2024-06, no end"),  # only a period that shows it a member is known
    ],
)
def test_a_member_cannot_join_again_while_its_membership_is_open(view: GraphView, key: str, since: str) -> None:
    with pytest.raises(RegistryError, match=rf" is already a member on 1990-01-01 \(.*/1, {since}\); a member joins"):
        plan_join(view, key, "1990-01-01", DECISION)


def test_a_membership_with_no_known_start_is_named_so(view: GraphView) -> None:
    unknown = membership(MEMBERSHIP + "municipality/507/1", MUNICIPALITY + "507")
    with applied(view, unknown), pytest.raises(RegistryError, match=r"from an unknown date, no end\)"):
        plan_join(view, "507", "2025-02-01", DECISION)


def test_a_member_joins_again_only_after_its_membership_has_ended(view: GraphView) -> None:
    first = plan_join(view, "507", "2025-02-01", DECISION)
    with applied(view, first):
        left = plan_leave(view, "507", "2025-12-31", DECISION)
        with applied(view, left):
            for day in ("2025-01-01", "2025-12-31"):  # on the last day it is still a member
                with pytest.raises(RegistryError, match=rf"(?s)on {day} \(.*/507/1, from 2025-02-01, to 2025-12-31\)"):
                    plan_join(view, "507", day, DECISION)
            again = plan_join(view, "507", "2026-01-01", DECISION)
            assert again.membership == str(MEMBERSHIP) + "municipality/507/2"
            with applied(view, again), applied(view, plan_leave(view, "507", "2026-06-30", DECISION)):
                assert plan_join(view, "507", "2027-01-01", DECISION).membership.endswith("/507/3")


@pytest.mark.parametrize(
    ("end", "refused", "taken"), [("2025", "2025-12-31", "2026-01-01"), ("2025-02", "2025-02-28", "2025-03-01")]
)
def test_an_end_of_year_or_month_precision_lasts_to_its_last_day(
    view: GraphView, end: str, refused: str, taken: str
) -> None:
    ended = membership(MEMBERSHIP + "municipality/507/1", MUNICIPALITY + "507", begin="2020-01-01")
    interval = next(o for o in ended.objects(None, ORG.memberDuring))
    instant = BNode()
    ended.add((interval, TIME.hasEnd, instant))
    ended.add(
        (instant, TIME.inXSDgYear if len(end) == 4 else TIME.inXSDgYearMonth, Literal(end, datatype=XSD_G[len(end)]))
    )
    with applied(view, ended):
        assert view.memberships()[str(MUNICIPALITY) + "507"][0].end == end
        with pytest.raises(RegistryError, match="is already a member"):
            plan_join(view, "507", refused, DECISION)
        assert plan_join(view, "507", taken, DECISION).membership.endswith("/507/2")


def test_memberships_named_without_a_number_do_not_count(view: GraphView) -> None:
    old = membership(MEMBERSHIP + "municipality/507/old", MUNICIPALITY + "507", begin="2001-01-01", end="2002-12-31")
    with applied(view, old):
        assert plan_join(view, "507", "2025-02-01", DECISION).membership.endswith("/507/1")


# ---------------------------------------------------------------------- what a join adds


def test_a_join_adds_a_membership_with_its_start_and_decision(view: GraphView) -> None:
    decision = Decision(body="Valtuusto", date=date(2025, 1, 20), reference="§ 5", url="https://mantyharju.fi/p/5")
    change = plan_join(view, "Mäntyharju", date(2025, 2, 1), decision)
    expected = Graph().parse(
        format="turtle",
        data="""
        @prefix dct: <http://purl.org/dc/terms/> . @prefix org: <http://www.w3.org/ns/org#> .
        @prefix prov: <http://www.w3.org/ns/prov#> . @prefix time: <http://www.w3.org/2006/time#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @prefix id: <https://w3id.org/terve-kunta/id/> .
        <https://w3id.org/terve-kunta/id/membership/terve-kunta/municipality/507/1> a org:Membership ;
            org:member <https://w3id.org/terve-kunta/id/municipality/507> ;
            org:organization <https://w3id.org/terve-kunta/id/network> ;
            org:role <https://w3id.org/terve-kunta/id/role/member> ;
            dct:source <https://w3id.org/terve-kunta/id/source/decision/terve-kunta/municipality/507/1/start> ;
            org:memberDuring [ a time:Interval ; time:hasBeginning [ a time:Instant ;
                time:inXSDDate "2025-02-01"^^xsd:date ;
                dct:source <https://w3id.org/terve-kunta/id/source/decision/terve-kunta/municipality/507/1/start> ] ] .
        <https://w3id.org/terve-kunta/id/source/decision/terve-kunta/municipality/507/1/start> a prov:Entity ;
            dct:title "Valtuusto 2025-01-20 § 5" ; dct:date "2025-01-20"^^xsd:date ; dct:identifier "§ 5" ;
            rdfs:seeAlso <https://mantyharju.fi/p/5> ;
            prov:wasAttributedTo [ a prov:Agent ; rdfs:label "Valtuusto" ] .
        """,
    )
    assert isomorphic(change.triples, expected)


def test_a_decision_without_reference_or_url_adds_neither(view: GraphView) -> None:
    change = plan_join(view, "05", "2025-02-01", Decision(body="Aluevaltuusto", date=date(2025, 1, 20)))
    source = URIRef(f"{DECISIONS}terve-kunta/wellbeing-services-county/05/1/start")
    assert set(change.triples.predicates(source)) == {RDF.type, DCTERMS.title, DCTERMS.date, PROV.wasAttributedTo}
    assert not list(change.triples.objects(None, RDFS.seeAlso))


def test_a_join_to_another_network_is_named_after_it(view: GraphView) -> None:
    network = URIRef("https://example.org/networks/healthy-towns/")
    change = plan_join(GraphView(view.rdf, network), "Kuopio", "2025-02-01", DECISION)  # a member of Terve Kunta only
    assert change.membership == str(ID["membership/healthy-towns/municipality/297/1"])
    assert (URIRef(change.membership), ORG.organization, network) in change.triples


# ---------------------------------------------------------------------- leaving


def test_a_leave_ends_the_open_membership(view: GraphView) -> None:
    change = plan_leave(view, "Kuopio", "2025-06-30", DECISION)
    node = URIRef(change.membership)
    assert (change.member, change.membership) == (str(MUNICIPALITY) + "297", str(MEMBERSHIP) + "municipality/297/1")
    source = URIRef(f"{DECISIONS}terve-kunta/municipality/297/1/end")
    interval = view.rdf.value(node, ORG.memberDuring)
    instant = change.triples.value(interval, TIME.hasEnd)
    assert set(change.triples.triples((node, None, None))) == {(node, DCTERMS.source, source)}
    assert change.triples.value(instant, TIME.inXSDDate) == Literal(date(2025, 6, 30))
    assert change.triples.value(instant, DCTERMS.source) == source
    assert change.triples.value(source, DCTERMS.title) == Literal(DECISION.title)
    assert (source, DCTERMS.identifier, Literal("§ 5")) in change.triples


def test_only_a_member_can_leave(view: GraphView) -> None:
    with pytest.raises(UnknownNameError, match=r"Pertunmaa \(588\) is a Finnish municipality but not a member"):
        plan_leave(view, "Pertunmaa", "2025-01-01", DECISION)
    with pytest.raises(tk.OptionError, match=r"^end: expected a date"):
        plan_leave(view, "Kuopio", "2025-13-01", DECISION)


def test_a_membership_that_has_ended_cannot_end_again(view: GraphView) -> None:
    ended = plan_leave(view, "Kuopio", "2025-06-30", DECISION)
    with applied(view, ended), pytest.raises(RegistryError, match=r"^Kuopio \(297\) has no open membership to end"):
        plan_leave(view, "Kuopio", "2025-07-31", DECISION)


@pytest.mark.parametrize(
    ("key", "start", "since"),
    [("Kuopio", date(2000, 1, 1), "2000"), ("Iisalmi", date(2024, 6, 1), "2024-06")],  # a year; an attested month
)
def test_a_membership_ends_on_or_after_its_first_known_day(view: GraphView, key: str, start: date, since: str) -> None:
    assert plan_leave(view, key, start, DECISION).member.startswith(str(MUNICIPALITY))  # on the first day
    before = date.fromordinal(start.toordinal() - 1)
    with pytest.raises(RegistryError, match=rf"^the end {before} is before the start of the membership .*\({since}\)$"):
        plan_leave(view, key, before, DECISION)


def test_a_membership_with_no_known_start_ends_on_any_day(view: GraphView) -> None:
    unknown = membership(MEMBERSHIP + "municipality/507/1", MUNICIPALITY + "507", end=None)
    interval = BNode()
    unknown.add((MEMBERSHIP + "municipality/507/1", ORG.memberDuring, interval))
    with applied(view, unknown):
        change = plan_leave(view, "507", "1990-01-01", DECISION)
        assert (interval, TIME.hasEnd, None) in change.triples


def test_a_membership_without_an_interval_is_refused(view: GraphView) -> None:
    without = membership(MEMBERSHIP + "municipality/507/1", MUNICIPALITY + "507")
    with (
        applied(view, without),
        pytest.raises(RegistryError, match=r"^\S+/507/1 has no interval \(org:memberDuring\) to end$"),
    ):
        plan_leave(view, "507", "2025-01-01", DECISION)


def test_of_two_open_memberships_the_newest_ends(view: GraphView) -> None:
    # a hand-edited registry may hold two; the one numbered last is the one a leave ends
    one = membership(MEMBERSHIP + "municipality/507/1", MUNICIPALITY + "507", begin="2001-01-01")
    two = membership(MEMBERSHIP + "municipality/507/2", MUNICIPALITY + "507", begin="2010-01-01")
    with applied(view, one, two):
        assert plan_leave(view, "507", "2025-01-01", DECISION).membership.endswith("/507/2")


# ---------------------------------------------------------------------- the registry as a graph


@pytest.fixture(params=["index", "graph", "one by one"])
def registry_read(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """registry_graph reading the store's index (as for every loaded graph), the Graph API, or adding one by one."""
    if request.param == "graph":
        monkeypatch.setattr(readers, "subject_index", lambda graph: None)  # the lookup _plan reads through
    if request.param == "one by one":
        monkeypatch.setattr(_plan, "fill_empty", lambda graph, triples: False)
    return str(request.param)


def test_the_registry_graph_holds_the_memberships_and_what_only_they_describe(registry_read: str) -> None:
    rdf = Graph()
    m, member, decision = ID["membership/x/1"], ID["municipality/507"], URIRef(f"{DECISIONS}x/1/start")
    interval, beginning, agent, one, two = BNode(), BNode(), BNode(), BNode(), BNode()
    kept = [
        (REGISTRY_GRAPH, DCTERMS.title, Literal("registry")),
        (m, RDF.type, ORG.Membership),
        (m, ORG.member, member),
        (m, ORG.memberDuring, interval),
        (interval, TIME.hasBeginning, beginning),
        (beginning, DCTERMS.source, decision),
        (decision, PROV.wasAttributedTo, agent),
        (agent, RDFS.label, Literal("Valtuusto")),
        (m, RDFS.seeAlso, one),  # a cycle of blank nodes ends
        (one, RDFS.seeAlso, two),
        (two, RDFS.seeAlso, one),
    ]
    left = [
        (member, RDFS.label, Literal("Mäntyharju")),  # the member is described elsewhere
        (ID["network"], RDFS.label, Literal("Terve Kunta")),
        (BNode(), RDFS.label, Literal("nobody's")),
    ]
    for triple in kept + left:
        rdf.add(triple)
    assert set(registry_graph(rdf)) == set(kept)


def test_the_packaged_registry_graph_is_the_same_however_it_is_read(view: GraphView, registry_read: str) -> None:
    graph = registry_graph(view.rdf)
    assert dict(graph.namespaces())["tkid"] == URIRef(str(ID))
    assert canonical_turtle(graph) == (ONTOLOGY / "data" / "memberships.ttl").read_text(encoding="utf-8")


def test_the_packaged_registry_graph_is_the_memberships(view: GraphView) -> None:
    graph = registry_graph(view.rdf)
    memberships = set(view.rdf.subjects(RDF.type, ORG.Membership))
    assert memberships and set(graph.subjects(RDF.type, ORG.Membership)) == memberships
    assert not set(graph.subjects(RDF.type, tk.TK.Municipality))


def test_the_digest_of_a_registry_does_not_depend_on_blank_node_labels() -> None:
    text = """
        <urn:m> <urn:during> [ <urn:begin> [ <urn:date> "2025-01-01" ] ; <urn:end> [ <urn:date> "2025-12-31" ] ] .
        [ <urn:label> "an agent no one points to" ] .
    """
    one, two = Graph().parse(data=text, format="turtle"), Graph().parse(data=text, format="turtle")
    assert registry_digest(one) == registry_digest(two)
    for old, new in [('"2025-12-31"', '"2026-12-31"'), ("no one", "nobody")]:  # inside a blank node; a root one
        changed = Graph().parse(data=text.replace(old, new), format="turtle")
        assert registry_digest(changed) != registry_digest(one)
    assert len(registry_digest(one)) == 64


def test_the_digest_of_a_cycle_of_blank_nodes_ends() -> None:
    graph = Graph().parse(data="_:a <urn:p> _:b . _:b <urn:p> _:a . <urn:s> <urn:q> _:a .", format="turtle")
    assert len(registry_digest(graph)) == 64
