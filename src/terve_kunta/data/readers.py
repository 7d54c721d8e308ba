"""Read models out of an RDF graph that uses the Terve Kunta ontology.

These functions only read; :class:`terve_kunta.KnowledgeGraph` caches what they
return. They work on any graph in the ontology's terms, not only the packaged one,
so another national network can be read the same way.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from terve_kunta.models import (
    SDG,
    Activity,
    Criterion,
    HostedEvent,
    MemberKind,
    Membership,
    Municipality,
    Network,
    Region,
    Theme,
    WellbeingServicesCounty,
)
from terve_kunta.namespaces import (
    DCTERMS,
    ORG,
    OWL,
    PROV,
    RDF,
    SCHEMA,
    SDGO,
    SKOS,
    TIME,
    TK,
    WD,
)
from terve_kunta.namespaces import (
    SDG as SDG_NS,
)

__all__ = [
    "activities",
    "identifier",
    "criteria",
    "hosted_events",
    "labels",
    "member_kind",
    "memberships_of_network",
    "municipalities",
    "network",
    "regions",
    "sdgs",
    "text_value",
    "themes",
    "wellbeing_services_counties",
]


def labels(graph: Graph, node: Node, predicate: URIRef = SKOS.prefLabel) -> dict[str, str]:
    """Literal values of ``predicate`` on ``node`` by language tag (the first of each language)."""
    found: dict[str, str] = {}
    for value in graph.objects(node, predicate):
        if isinstance(value, Literal):
            found.setdefault(value.language or "", str(value))
    return found


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
    found = {}
    for node in _subjects(graph, TK.Region):
        names = labels(graph, node)
        found[str(node)] = Region(
            iri=str(node),
            code=text_value(graph, node, DCTERMS.identifier) or _slug(node),
            name_fi=names.get("fi", ""),
            names=names,
        )
    return found


def wellbeing_services_counties(graph: Graph, by_region: dict[str, Region]) -> dict[str, WellbeingServicesCounty]:
    """All wellbeing services counties, by IRI."""
    found = {}
    for node in _subjects(graph, TK.WellbeingServicesCounty):
        names = labels(graph, node)
        region = graph.value(node, TK.region)
        found[str(node)] = WellbeingServicesCounty(
            iri=str(node),
            code=text_value(graph, node, DCTERMS.identifier) or _slug(node),
            name_fi=names.get("fi", ""),
            names=names,
            region=by_region.get(str(region)) if region is not None else None,
            alt_names=tuple(sorted(str(a) for a in graph.objects(node, SKOS.altLabel))),
        )
    return found


def _classification_year(graph: Graph, classification: Node) -> int | None:
    identifier = text_value(graph, classification, DCTERMS.identifier) or ""
    # Statistics Finland identifiers end in the validity date: kunta_1_20240101
    tail = identifier.rsplit("_", 1)[-1]
    return int(tail[:4]) if len(tail) == 8 and tail.isdigit() else None


def wikidata_id(graph: Graph, node: Node) -> str | None:
    """The Wikidata QID that ``node`` is ``owl:sameAs``, if any."""
    for same in graph.objects(node, OWL.sameAs):
        if isinstance(same, URIRef) and str(same).startswith(str(WD)):
            return str(same)[len(str(WD)) :]
    return None


def municipalities(
    graph: Graph, by_region: dict[str, Region], by_county: dict[str, WellbeingServicesCounty]
) -> dict[str, Municipality]:
    """All municipalities, by IRI."""
    found = {}
    for node in _subjects(graph, TK.Municipality):
        names = labels(graph, node)
        region = graph.value(node, TK.region)
        county = graph.value(node, TK.wellbeingServicesCounty)
        years = {_classification_year(graph, c) for c in graph.objects(node, TK.inClassification)}
        found[str(node)] = Municipality(
            iri=str(node),
            code=text_value(graph, node, DCTERMS.identifier) or _slug(node),
            name_fi=names.get("fi", ""),
            names=names,
            region=by_region.get(str(region)) if region is not None else None,
            wellbeing_services_county=by_county.get(str(county)) if county is not None else None,
            classification_years=tuple(sorted(y for y in years if y is not None)),
            wikidata=wikidata_id(graph, node),
        )
    return found


def member_kind(graph: Graph, node: Node) -> MemberKind:
    """The kind of a member, from its ``rdf:type``."""
    types = set(graph.objects(node, RDF.type))
    if TK.Municipality in types:
        return MemberKind.MUNICIPALITY
    if TK.WellbeingServicesCounty in types:
        return MemberKind.WELLBEING_SERVICES_COUNTY
    if TK.RegionalAuthority in types:
        return MemberKind.REGIONAL_AUTHORITY
    if TK.Network in types:
        return MemberKind.NETWORK
    return MemberKind.ORGANIZATION


def _instant(graph: Graph, instant: Node | None) -> str | None:
    if instant is None:
        return None
    for predicate in (TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDgYear, TIME.inXSDDateTimeStamp):
        value = graph.value(instant, predicate)
        if value is not None:
            return str(value)[:10]
    return None


def membership(graph: Graph, node: URIRef) -> Membership:
    """Read one ``org:Membership``."""
    interval = graph.value(node, ORG.memberDuring)
    begin = end = None
    attested: list[str] = []
    if interval is not None:
        begin = _instant(graph, graph.value(interval, TIME.hasBeginning))
        end = _instant(graph, graph.value(interval, TIME.hasEnd))
        attested = sorted(a for a in (_instant(graph, i) for i in graph.objects(interval, TIME.inside)) if a)
    role = graph.value(node, ORG.role)
    return Membership(
        iri=str(node),
        network=str(graph.value(node, ORG.organization)),
        role=str(role) if role is not None else None,
        begin=begin,
        end=end,
        attested=tuple(attested),
        sources=_iris(graph, node, DCTERMS.source),
    )


def memberships_of_network(graph: Graph, network_iri: URIRef) -> dict[str, list[Membership]]:
    """Every membership in the network, grouped by member IRI."""
    grouped: dict[str, list[Membership]] = {}
    for node in graph.subjects(ORG.organization, network_iri, unique=True):
        if isinstance(node, URIRef) and (node, RDF.type, ORG.Membership) in graph:
            member = graph.value(node, ORG.member)
            if member is not None:
                grouped.setdefault(str(member), []).append(membership(graph, node))
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
        part_of=_iris(graph, node, DCTERMS.isPartOf),
        goals=tuple(labels(graph, g) for g in goals),
        joining_free=_bool(graph, node, TK.joiningFree),
        participation_at_own_cost=_bool(graph, node, TK.participationAtOwnCost),
        members_host_in_turn=_bool(graph, node, TK.membersHostInTurn),
        host_shares_costs=_bool(graph, node, TK.hostSharesCosts),
        remote_participation_possible=_bool(graph, node, TK.remoteParticipationPossible),
    )


def _ordered(graph: Graph, nodes: set[URIRef]) -> list[URIRef]:
    def key(node: URIRef) -> tuple[bool, int, str]:
        order = _int(graph, node, TK.order)
        return (order is None, order or 0, str(node))

    return sorted(nodes, key=key)


def _sdg_code(iri: str) -> str | None:
    return iri[len(str(SDG_NS)) :] if iri.startswith(str(SDG_NS)) else None


def themes(graph: Graph, scheme: URIRef) -> list[Theme]:
    """The themes of a scheme, depth first in their stated order, with their mappings."""
    in_scheme = {n for n in graph.subjects(SKOS.inScheme, scheme) if isinstance(n, URIRef)}
    tops = _ordered(graph, {n for n in in_scheme if graph.value(n, SKOS.broader) is None})
    found: list[Theme] = []

    def visit(node: URIRef) -> None:
        matches = [str(o) for o in graph.objects(node, SKOS.relatedMatch)]
        narrower = _ordered(graph, {n for n in in_scheme if graph.value(n, SKOS.broader) == node})
        broader = graph.value(node, SKOS.broader)
        found.append(
            Theme(
                iri=str(node),
                slug=_slug(node),
                notation=text_value(graph, node, SKOS.notation),
                order=_int(graph, node, TK.order),
                labels=labels(graph, node),
                broader=_slug(broader) if broader is not None else None,
                narrower=tuple(_slug(n) for n in narrower),
                who_themes=tuple(sorted(m for m in matches if (URIRef(m), RDF.type, TK.Theme) in graph)),
                sdgs=tuple(sorted((c for c in map(_sdg_code, matches) if c), key=_sdg_sort_key)),
            )
        )
        for child in narrower:
            visit(child)

    for top in tops:
        visit(top)
    return found


def criteria(graph: Graph, scheme: URIRef) -> list[Criterion]:
    """The criteria of a scheme in their stated order."""
    found = []
    for node in _ordered(graph, {n for n in _subjects(graph, TK.Criterion) if (n, SKOS.inScheme, scheme) in graph}):
        group = graph.value(node, SKOS.broader)
        found.append(
            Criterion(
                iri=str(node),
                slug=text_value(graph, node, SKOS.notation) or _slug(node),
                order=_int(graph, node, TK.order) or 0,
                group=_slug(group) if group is not None else "",
                group_labels=labels(graph, group) if group else {},
                labels=labels(graph, node),
                texts=labels(graph, node, SKOS.definition) or labels(graph, node),
                sources=_iris(graph, node, DCTERMS.source),
            )
        )
    return found


def _sdg_sort_key(code: str) -> tuple[int, str]:
    goal, _, target = code.partition(".")
    return (int(goal), target.rjust(3))


def sdgs(graph: Graph) -> list[SDG]:
    """The SDG goals and targets in the graph, in UN order."""
    found = []
    for kind, cls in (("goal", SDGO.Goal), ("target", SDGO.Target)):
        for node in _subjects(graph, cls):
            code = _sdg_code(str(node))
            if code is None:
                continue
            names = labels(graph, node)
            goal = graph.value(node, SDGO.isTargetOf) or graph.value(node, SKOS.broader)
            found.append(
                SDG(
                    iri=str(node),
                    code=code,
                    kind=kind,
                    title=names.get("en", ""),
                    short_title=labels(graph, node, SKOS.altLabel).get("en"),
                    goal=_sdg_code(str(goal)) if kind == "target" and goal is not None else None,
                    labels=names,
                )
            )
    return sorted(found, key=lambda s: _sdg_sort_key(s.code))


def hosted_events(graph: Graph, by_municipality: dict[str, Municipality]) -> list[HostedEvent]:
    """Hosted events (the network days) by year."""
    found = []
    for node in _subjects(graph, TK.HostedEvent):
        host = graph.value(node, TK.host)
        when = graph.value(node, DCTERMS.date)
        if host is None or when is None:
            continue
        municipality = by_municipality.get(str(host))
        found.append(
            HostedEvent(
                iri=str(node),
                year=int(str(when)[:4]),
                host_iri=str(host),
                host_code=municipality.code if municipality else text_value(graph, host, DCTERMS.identifier),
                host_name_fi=municipality.name_fi if municipality else labels(graph, host).get("fi"),
                labels=labels(graph, node),
            )
        )
    return sorted(found, key=lambda e: (e.year, e.iri))


_ACTIVITY_KINDS = {TK.MeetingSeries: "meeting_series", TK.Pilot: "pilot", TK.HostedEvent: "hosted_event"}


def activities(graph: Graph, network_iri: URIRef) -> list[Activity]:
    """The activities associated with the network, in their stated order."""
    nodes = {n for n in graph.subjects(PROV.wasAssociatedWith, network_iri) if isinstance(n, URIRef)}
    found = []
    for node in _ordered(graph, nodes):
        kinds = [k for cls, k in _ACTIVITY_KINDS.items() if (node, RDF.type, cls) in graph]
        found.append(
            Activity(
                iri=str(node),
                kind=kinds[0] if kinds else "activity",
                labels=labels(graph, node),
                descriptions=labels(graph, node, DCTERMS.description),
                frequency=text_value(graph, node, TK.meetingFrequency),
                duration=text_value(graph, node, TK.meetingDuration),
                audiences=_iris(graph, node, TK.audience),
                parts=_iris(graph, node, DCTERMS.hasPart),
            )
        )
    return found
