"""Joins and leaves as changes to the registry, and the registry as a graph; see :mod:`terve_kunta.registry`."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pydantic import field_validator
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from terve_kunta.assessment.web_address import is_http_url, strip_space
from terve_kunta.data import readers
from terve_kunta.data._store_copy import fill_empty
from terve_kunta.data.files import REGISTRY_GRAPH
from terve_kunta.data.lookup import normalise_name
from terve_kunta.data.view import GraphView
from terve_kunta.errors import RegistryError, UnknownNameError
from terve_kunta.models import FrozenModel, IsoDate, Membership, Municipality, WellbeingServicesCounty, last_day
from terve_kunta.namespaces import DCTERMS, ID, ORG, PROV, RDF, RDFS, TIME, TK_NETWORK
from terve_kunta.options import parse_date
from terve_kunta.rdf.canonical import canonical_turtle, new_graph

__all__ = ["Change", "Decision", "plan_join", "plan_leave", "registry_digest", "registry_graph", "registry_turtle"]

Triple = tuple[Node, Node, Node]

DECISIONS = ID["source/decision/"]
MEMBER_ROLE = ID["role/member"]


class Decision(FrozenModel):
    """The decision that supports a join or a leave: who decided, when, its reference and where to read it.

    >>> Decision(body="Järvenpään kaupunginvaltuusto", date="2025-03-10", reference="§ 12").title
    'Järvenpään kaupunginvaltuusto 2025-03-10 § 12'
    """

    body: str
    date: IsoDate
    reference: str | None = None
    url: str | None = None

    @field_validator("body")
    @classmethod
    def _body_is_given(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("name the body that decided (e.g. 'Kuopion kaupunginvaltuusto')")
        return value.strip()

    @field_validator("url")
    @classmethod
    def _url_is_http(cls, value: str | None) -> str | None:
        if value is not None:
            value = strip_space(value)
            if not is_http_url(value):  # the one rule of a web address (as for communication_url)
                raise ValueError(
                    f"expected an http(s) URL with a host, in ASCII (percent-encode other letters), got {value!r}"
                )
        return value

    @property
    def title(self) -> str:
        """A one-line title: body, date and reference."""
        return " ".join(p for p in (self.body, self.date.isoformat(), self.reference) if p)


@dataclass(frozen=True)
class Change:
    """A change to the registry: the triples to add, the member and the membership it makes or ends."""

    member: str
    membership: str
    triples: Graph


def _network_slug(network: URIRef) -> str:
    return "terve-kunta" if network == TK_NETWORK else str(network).rstrip("/").rsplit("/", 1)[-1]


def _place(view: GraphView, key: str) -> Municipality | WellbeingServicesCounty:
    text = str(key).strip()
    counties = {c.iri: c for c in view.wellbeing_services_counties()}
    if text in counties:
        return counties[text]
    if text.isdigit() and len(text) == 2:
        for county in counties.values():
            if county.code == text:
                return county
        raise UnknownNameError(f"{text!r} is not the code of a Finnish wellbeing services county")
    try:
        return view.municipality(text)
    except UnknownNameError as exc:
        wanted = normalise_name(text)
        for county in counties.values():
            if wanted in {normalise_name(n) for n in [*county.names.values(), *county.alt_names]}:
                return county
        raise UnknownNameError(
            f"{exc.message} (nor a wellbeing services county); only those can join", exc.suggestions
        ) from None


def _check_exists_on(view: GraphView, place: Municipality | WellbeingServicesCounty, day: date) -> None:
    if not isinstance(place, Municipality):
        return
    known = sorted({year for m in view.municipalities() for year in m.classification_years})
    if not known:
        return
    year = min(max(day.year, known[0]), known[-1])  # the nearest classification the graph has
    if year not in place.classification_years:
        raise RegistryError(
            f"{place.name_fi} ({place.code}) is not in the {year} classification of Finnish municipalities, "
            f"so it cannot join on {day.isoformat()}"
        )


def _memberships(view: GraphView, iri: str) -> list[Membership]:
    return sorted(view.memberships().get(iri, []), key=lambda m: m.iri)


def _describe_decision(graph: Graph, node: URIRef, decision: Decision) -> None:
    graph.add((node, RDF.type, PROV.Entity))
    graph.add((node, DCTERMS.title, Literal(decision.title)))
    graph.add((node, DCTERMS.date, Literal(decision.date)))
    if decision.reference:
        graph.add((node, DCTERMS.identifier, Literal(decision.reference)))
    if decision.url:
        graph.add((node, RDFS.seeAlso, URIRef(decision.url)))
    agent = BNode()
    graph.add((node, PROV.wasAttributedTo, agent))
    graph.add((agent, RDF.type, PROV.Agent))
    graph.add((agent, RDFS.label, Literal(decision.body)))


def _instant(graph: Graph, day: date, source: URIRef) -> BNode:
    instant = BNode()
    graph.add((instant, RDF.type, TIME.Instant))
    graph.add((instant, TIME.inXSDDate, Literal(day)))
    graph.add((instant, DCTERMS.source, source))
    return instant


def plan_join(view: GraphView, key: str, start: date | str, decision: Decision) -> Change:
    """The change that makes the place ``key`` a member from ``start``; see :meth:`KnowledgeGraph.add_member`."""
    day = parse_date(start, "start")
    place = _place(view, key)
    _check_exists_on(view, place, day)
    name = f"{place.name_fi} ({place.code})"
    existing = _memberships(view, place.iri)
    for membership in existing:
        if membership.end is None or last_day(membership.end) >= day:
            since = membership.begin or (membership.attested[0] if membership.attested else "an unknown date")
            until = f"to {membership.end}" if membership.end else "no end"
            raise RegistryError(
                f"{name} is already a member on {day.isoformat()} ({membership.iri}, from {since}, {until}); "
                "a member joins again only after its membership has ended"
            )
    kind = "municipality" if isinstance(place, Municipality) else "wellbeing-services-county"
    number = 1 + max((int(m.iri.rsplit("/", 1)[-1]) for m in existing if m.iri.rsplit("/", 1)[-1].isdigit()), default=0)
    path = f"{_network_slug(view.network_iri)}/{kind}/{place.code}/{number}"
    node, source = ID[f"membership/{path}"], URIRef(f"{DECISIONS}{path}/start")
    graph = Graph()
    interval = BNode()
    graph.add((node, RDF.type, ORG.Membership))
    graph.add((node, ORG.member, URIRef(place.iri)))
    graph.add((node, ORG.organization, view.network_iri))
    graph.add((node, ORG.role, MEMBER_ROLE))
    graph.add((node, DCTERMS.source, source))
    graph.add((node, ORG.memberDuring, interval))
    graph.add((interval, RDF.type, TIME.Interval))
    graph.add((interval, TIME.hasBeginning, _instant(graph, day, source)))
    _describe_decision(graph, source, decision)
    return Change(place.iri, str(node), graph)


def plan_leave(view: GraphView, key: str, end: date | str, decision: Decision) -> Change:
    """The change that ends the open membership of ``key`` on ``end``; see :meth:`KnowledgeGraph.end_membership`."""
    day = parse_date(end, "end")
    member = view.member(key)
    name = f"{member.name_fi} ({member.code})"
    open_ones = [m for m in _memberships(view, member.iri) if m.end is None]
    if not open_ones:
        raise RegistryError(f"{name} has no open membership to end (all its memberships have ended)")
    membership = open_ones[-1]
    start = membership.earliest_known()
    if start is not None and day < start:
        since = membership.begin or membership.attested[0]
        raise RegistryError(f"the end {day.isoformat()} is before the start of the membership of {name} ({since})")
    node = URIRef(membership.iri)
    interval = view.rdf.value(node, ORG.memberDuring)
    if interval is None:
        raise RegistryError(f"{membership.iri} has no interval (org:memberDuring) to end")
    source = URIRef(f"{DECISIONS}{membership.iri.removeprefix(str(ID['membership/']))}/end")
    graph = Graph()
    graph.add((node, DCTERMS.source, source))
    graph.add((interval, TIME.hasEnd, _instant(graph, day, source)))
    _describe_decision(graph, source, decision)
    return Change(member.iri, membership.iri, graph)


def _describe(graph: Graph, roots: Iterable[Node], into: Graph) -> None:
    """Copy the concise bounded description of each root (its triples, following blank nodes)."""
    statements = readers.Statements(graph)  # the store's subject index when the graph has one
    decisions = str(DECISIONS)
    stack, seen = list(roots), set()
    found: list[Triple] = []
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        for predicate, obj in statements.predicate_objects(node):
            found.append((node, predicate, obj))
            if isinstance(obj, BNode) or (isinstance(obj, URIRef) and str(obj).startswith(decisions)):
                stack.append(obj)
    if not fill_empty(into, found):  # into is not an empty Memory graph
        into.addN((s, p, o, into) for s, p, o in found)


def registry_graph(rdf: Graph) -> Graph:
    """The registry as its own graph: the dataset node, every membership and the decisions behind them."""
    graph = new_graph()
    memberships = [s for s in rdf.subjects(RDF.type, ORG.Membership, unique=True)]
    _describe(rdf, [REGISTRY_GRAPH, *memberships], graph)
    return graph


def registry_turtle(view: GraphView) -> str:
    """The registry of ``view`` as canonical Turtle, as it is saved."""
    return canonical_turtle(registry_graph(view.rdf))


def registry_digest(graph: Graph) -> str:
    """A digest of ``graph`` (a registry) that does not depend on how a store labels its blank nodes.

    Two registries with the same digest hold the same statements: each blank node
    (an interval, an instant, an agent) is written out where it is used, so its
    label never counts. Used to see whether a store's registry changed since it was read.

    >>> import terve_kunta as tk
    >>> kg = tk.load()
    >>> registry_digest(kg.registry_graph()) == registry_digest(kg.registry_graph())
    True
    """
    written: dict[Node, str] = {}

    def term(node: Node) -> str:
        if not isinstance(node, BNode):
            return node.n3()
        if node not in written:
            written[node] = "[]"  # a cycle of blank nodes ends here
            statements = sorted(f"{p.n3()} {term(o)}" for _, p, o in graph.triples((node, None, None)))
            written[node] = "[ " + " ; ".join(statements) + " ]"
        return written[node]

    used = {o for o in graph.objects() if isinstance(o, BNode)}
    lines = sorted(f"{term(s)} {p.n3()} {term(o)}" for s, p, o in graph if not isinstance(s, BNode) or s not in used)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
