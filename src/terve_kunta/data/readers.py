"""Read models out of an RDF graph that uses the Terve Kunta ontology.

These functions only read; :class:`terve_kunta.KnowledgeGraph` caches what they
return. They work on any graph in the ontology's terms, not only the packaged one,
so another national network can be read the same way.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from terve_kunta.data._store_copy import subject_index
from terve_kunta.models import (
    MemberKind,
    Membership,
    Municipality,
    Network,
    Region,
    StatedMemberCount,
    WellbeingServicesCounty,
    last_day,
)
from terve_kunta.namespaces import (
    DCTERMS,
    ORG,
    OWL,
    RDF,
    SCHEMA,
    SKOS,
    TIME,
    TK,
    WD,
)

__all__ = [
    "Statements",
    "identifier",
    "labels",
    "member_kind",
    "member_kind_in",
    "memberships_of_network",
    "municipalities",
    "network",
    "regions",
    "stated_member_counts",
    "text_value",
    "wellbeing_services_counties",
    "wikidata_id_in",
]


# Terms that the place readers look up thousands of times (a closed namespace's lookup costs a call each time).
_IDENTIFIER, _REGION, _COUNTY, _IN_CLASSIFICATION = (
    DCTERMS.identifier,
    TK.region,
    TK.wellbeingServicesCounty,
    TK.inClassification,
)
_SAME_AS = (SKOS.exactMatch, OWL.sameAs)  # in this order: skos:exactMatch, or owl:sameAs in older data
_WIKIDATA = str(WD)


class Statements:
    """``graph.objects(node, predicate)`` as a tuple, in the graph's order; read from the store's index when it can.

    A reader that visits every place asks thousands of these; through rdflib's Graph API
    each costs a generator and a context check per triple (about 10 µs), through the
    store's subject index (:func:`~terve_kunta.data._store_copy.subject_index`) a
    dictionary lookup. Both give the same objects in the same order. ``indexed=False``
    (for a few lookups, where finding the index would cost more) always asks the graph.
    """

    def __init__(self, graph: Graph, *, indexed: bool = True) -> None:
        self.graph = graph
        self.index = subject_index(graph) if indexed else None

    def __call__(self, node: Node, predicate: URIRef) -> Sequence[Node]:
        """The objects of ``predicate`` on ``node``."""
        if self.index is None:
            return tuple(self.graph.objects(node, predicate))
        return tuple(self.index.get(node, {}).get(predicate, ()))

    def predicate_objects(self, node: Node) -> list[tuple[Node, Node]]:
        """(predicate, object) of each statement about ``node``, in the graph's order (``graph.predicate_objects``)."""
        if self.index is None:
            return list(self.graph.predicate_objects(node))
        return [(predicate, obj) for predicate, objects in self.index.get(node, {}).items() for obj in objects]

    def value(self, node: Node, predicate: URIRef) -> Node | None:
        """The first object (``graph.value``), or None."""
        found = self(node, predicate)
        return found[0] if found else None

    def text(self, node: Node, predicate: URIRef) -> str | None:
        """The first object as a string, or None."""
        value = self.value(node, predicate)
        return None if value is None else str(value)

    def labels(self, node: Node, predicate: URIRef = SKOS.prefLabel) -> dict[str, str]:
        """Literal objects by language tag, the first of each language."""
        found: dict[str, str] = {}
        for value in self(node, predicate):
            if isinstance(value, Literal):
                found.setdefault(value.language or "", str(value))
        return found


def labels(graph: Graph, node: Node, predicate: URIRef = SKOS.prefLabel) -> dict[str, str]:
    """Literal values of ``predicate`` on ``node`` by language tag (the first of each language)."""
    return Statements(graph, indexed=False).labels(node, predicate)


def text_value(graph: Graph, node: Node, predicate: URIRef) -> str | None:
    """The value of ``predicate`` on ``node`` as a string, or None."""
    value = graph.value(node, predicate)
    return None if value is None else str(value)


def identifier(graph: Graph, node: Node) -> str | None:
    """The code of an entity (its ``dct:identifier``)."""
    return text_value(graph, node, DCTERMS.identifier)


def _int(graph: Graph, node: Node, predicate: URIRef) -> int | None:
    value = graph.value(node, predicate)
    return int(value) if isinstance(value, Literal) else None


def _bool(graph: Graph, node: Node, predicate: URIRef) -> bool | None:
    value = graph.value(node, predicate)
    return bool(value.toPython()) if isinstance(value, Literal) else None


def _slug(iri: Node) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def _iris(graph: Graph, node: Node, predicate: URIRef) -> tuple[str, ...]:
    return tuple(sorted(str(o) for o in graph.objects(node, predicate) if isinstance(o, URIRef)))


def _subjects(graph: Graph, cls: URIRef) -> Iterator[URIRef]:
    for subject in graph.subjects(RDF.type, cls, unique=True):
        if isinstance(subject, URIRef):
            yield subject


def regions(graph: Graph) -> dict[str, Region]:
    """All regions, by IRI."""
    objects = Statements(graph)
    found = {}
    for node in _subjects(graph, TK.Region):
        names = objects.labels(node)
        found[str(node)] = Region(
            iri=str(node),
            code=objects.text(node, DCTERMS.identifier) or _slug(node),
            name_fi=names.get("fi", ""),
            names=names,
        )
    return found


def wellbeing_services_counties(graph: Graph, by_region: dict[str, Region]) -> dict[str, WellbeingServicesCounty]:
    """All wellbeing services counties, by IRI."""
    objects = Statements(graph)
    found = {}
    for node in _subjects(graph, TK.WellbeingServicesCounty):
        names = objects.labels(node)
        region = objects.value(node, TK.region)
        found[str(node)] = WellbeingServicesCounty(
            iri=str(node),
            code=objects.text(node, DCTERMS.identifier) or _slug(node),
            name_fi=names.get("fi", ""),
            names=names,
            region=by_region.get(str(region)) if region is not None else None,
            alt_names=tuple(sorted(str(a) for a in objects(node, SKOS.altLabel))),
        )
    return found


def _classification_year(objects: Statements, classification: Node) -> int | None:
    identifier = objects.text(classification, _IDENTIFIER) or ""
    # Statistics Finland identifiers end in the validity date: kunta_1_20240101
    tail = identifier.rsplit("_", 1)[-1]
    return int(tail[:4]) if len(tail) == 8 and tail.isdigit() else None


def wikidata_id_in(objects: Statements, node: Node) -> str | None:
    """:func:`wikidata_id`, read through ``objects`` (one lookup for many nodes)."""
    for predicate in _SAME_AS:
        for same in sorted(objects(node, predicate), key=str):
            if isinstance(same, URIRef) and str(same).startswith(_WIKIDATA):
                return str(same)[len(_WIKIDATA) :]
    return None


def wikidata_id(graph: Graph, node: Node) -> str | None:
    """The Wikidata QID that ``node`` is linked to (``skos:exactMatch``, or ``owl:sameAs`` in older data), if any."""
    return wikidata_id_in(Statements(graph, indexed=False), node)


def municipalities(
    graph: Graph, by_region: dict[str, Region], by_county: dict[str, WellbeingServicesCounty]
) -> dict[str, Municipality]:
    """All municipalities, by IRI."""
    objects = Statements(graph)
    years: dict[Node, int | None] = {}  # of each classification (a few, shared by every municipality)
    found = {}
    for node in _subjects(graph, TK.Municipality):
        names = objects.labels(node)
        region = objects.value(node, _REGION)
        county = objects.value(node, _COUNTY)
        classifications = objects(node, _IN_CLASSIFICATION)
        for classification in classifications:
            if classification not in years:
                years[classification] = _classification_year(objects, classification)
        in_years = {years[c] for c in classifications}
        found[str(node)] = Municipality(
            iri=str(node),
            code=objects.text(node, _IDENTIFIER) or _slug(node),
            name_fi=names.get("fi", ""),
            names=names,
            region=by_region.get(str(region)) if region is not None else None,
            wellbeing_services_county=by_county.get(str(county)) if county is not None else None,
            classification_years=tuple(sorted(y for y in in_years if y is not None)),
            wikidata=wikidata_id_in(objects, node),
        )
    return found


def member_kind(graph: Graph, node: Node) -> MemberKind:
    """The kind of a member, from its ``rdf:type``."""
    return member_kind_in(Statements(graph, indexed=False), node)


def member_kind_in(objects: Statements, node: Node) -> MemberKind:
    """:func:`member_kind`, read through ``objects`` (one lookup for many nodes)."""
    types = set(objects(node, RDF.type))
    if TK.Municipality in types:
        return MemberKind.MUNICIPALITY
    if TK.WellbeingServicesCounty in types:
        return MemberKind.WELLBEING_SERVICES_COUNTY
    if TK.RegionalAuthority in types:
        return MemberKind.REGIONAL_AUTHORITY
    if TK.Network in types:
        return MemberKind.NETWORK
    return MemberKind.ORGANIZATION


_INSTANT = (TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDgYear, TIME.inXSDDateTimeStamp)  # the first given


def _instant(objects: Statements, instant: Node | None) -> str | None:
    if instant is None:
        return None
    for predicate in _INSTANT:
        value = objects.value(instant, predicate)
        if value is not None:
            return str(value)[:10]
    return None


def membership(graph: Graph, node: URIRef) -> Membership:
    """Read one ``org:Membership``."""
    return _membership(Statements(graph, indexed=False), node)


def _membership(objects: Statements, node: URIRef) -> Membership:
    interval = objects.value(node, ORG.memberDuring)
    begin = end = after = None
    attested: list[str] = []
    if interval is not None:
        beginning = objects.value(interval, TIME.hasBeginning)
        begin = _instant(objects, beginning)
        if beginning is not None and begin is None:  # an unknown start, perhaps with a lower bound
            bounds = [b for b in (_instant(objects, i) for i in objects(beginning, TIME.after)) if b]
            after = max(bounds, key=last_day) if bounds else None
        end = _instant(objects, objects.value(interval, TIME.hasEnd))
        attested = sorted(a for a in (_instant(objects, i) for i in objects(interval, TIME.inside)) if a)
    role = objects.value(node, ORG.role)
    return Membership(
        iri=str(node),
        network=str(objects.value(node, ORG.organization)),
        role=str(role) if role is not None else None,
        begin=begin,
        end=end,
        attested=tuple(attested),
        begins_after=after,
        sources=tuple(sorted(str(o) for o in objects(node, DCTERMS.source) if isinstance(o, URIRef))),
    )


def memberships_of_network(graph: Graph, network_iri: URIRef) -> dict[str, list[Membership]]:
    """Every membership in the network, grouped by member IRI."""
    objects = Statements(graph)
    grouped: dict[str, list[Membership]] = {}
    for node in graph.subjects(ORG.organization, network_iri, unique=True):
        if isinstance(node, URIRef) and ORG.Membership in objects(node, RDF.type):
            member = objects.value(node, ORG.member)
            if member is not None:
                grouped.setdefault(str(member), []).append(_membership(objects, node))
    return grouped


def network(graph: Graph, node: URIRef) -> Network:
    """Read a network and its terms of membership."""
    coordinator = graph.value(node, TK.coordinatedBy)
    goals = sorted(graph.objects(node, TK.hasGoal), key=lambda g: (_int(graph, g, TK.order) or 0, str(g)))
    founded = graph.value(node, SCHEMA.foundingDate)
    return Network(
        iri=str(node),
        names=labels(graph, node),
        founded=int(str(founded)[:4]) if founded is not None else None,
        coordinator=str(coordinator) if coordinator is not None else None,
        coordinator_names=labels(graph, coordinator) if coordinator is not None else {},
        part_of=_part_of(graph, node),
        goals=tuple(labels(graph, g) for g in goals),
        joining_free=_bool(graph, node, TK.joiningFree),
        participation_at_own_cost=_bool(graph, node, TK.participationAtOwnCost),
        members_host_in_turn=_bool(graph, node, TK.membersHostInTurn),
        host_shares_costs=_bool(graph, node, TK.hostSharesCosts),
        remote_participation_possible=_bool(graph, node, TK.remoteParticipationPossible),
    )


def _part_of(graph: Graph, node: URIRef) -> tuple[str, ...]:
    """The networks that ``node`` is a member of (``org:Membership``), or part of (``dct:isPartOf``, older data)."""
    found = {str(o) for o in graph.objects(node, DCTERMS.isPartOf) if isinstance(o, URIRef)}
    for membership_node in graph.subjects(ORG.member, node):
        network_node = graph.value(membership_node, ORG.organization)
        if isinstance(network_node, URIRef) and (membership_node, RDF.type, ORG.Membership) in graph:
            found.add(str(network_node))
    return tuple(sorted(found))


def stated_member_counts(graph: Graph, network_iri: URIRef) -> list[StatedMemberCount]:
    """The counts of the network's members that sources state (``tk:MemberCount``), by date."""
    found = []
    for node in graph.subjects(TK.countOf, network_iri, unique=True):
        total, when = _int(graph, node, TK.memberCount), graph.value(node, DCTERMS.date)
        if not isinstance(node, URIRef) or total is None or when is None:
            continue
        by_kind = {}
        for part in graph.objects(node, DCTERMS.hasPart):
            kind, count = graph.value(part, TK.memberKind), _int(graph, part, TK.memberCount)
            if kind is not None and count is not None:
                by_kind[text_value(graph, kind, SKOS.notation) or _slug(kind)] = count
        found.append(
            StatedMemberCount(
                iri=str(node),
                network=str(network_iri),
                day=str(when),
                total=total,
                by_kind=by_kind,
                sources=_iris(graph, node, DCTERMS.source),
            )
        )
    return sorted(found, key=lambda c: (c.day, c.iri))
