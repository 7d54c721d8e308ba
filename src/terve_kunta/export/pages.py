"""What the linked-data site shows of an entity: labels, facts with their sources, links, what links to it.

Everything here reads the site's graph (:class:`~terve_kunta.export.site_graph.SiteGraph`)
and makes plain values for the templates; links are relative (``../region/11.html``), so
that the site works from ``file://`` as from a server.

A fact shows its sources beside it where the data states a source for the fact
rather than for the entity: a statement (``owl:Axiom``) about the triple, with its
``dct:source`` and comment (a theme's mapping to an SDG, a founding date); a value
that is a blank node with its own ``dct:source`` (a membership's start date and the
decision behind it). Periods (OWL-Time intervals) read as dates ("2009 – 2013",
"from 2000 · attested in 2024-06"), each date with its source. A member's
memberships are facts of its own page, with their periods and sources.

>>> relative_link("id/municipality/297", "id/region/11")
'../region/11.html'
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from terve_kunta.export.site_graph import SiteGraph, short_name
from terve_kunta.namespaces import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, TK

__all__ = ["Fact", "Link", "Value", "entity_triples", "facts", "memberships", "relative_link", "schema_org"]

Triple = tuple[Node, Node, Node]
_LABELS = (SKOS.prefLabel, RDFS.label, DCTERMS.title, URIRef("http://xmlns.com/foaf/0.1/name"))
_SOURCES = (DCTERMS.source, PROV.wasDerivedFrom)
#: How a period's dates are introduced, in the order they are shown.
_PERIOD = ((TIME.hasBeginning, "from"), (TIME.inside, "attested in"), (TIME.hasEnd, "until"))
_DATES = (TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDgYear, TIME.inXSDDateTimeStamp, TIME.inXSDDateTime)


def relative_link(source: str, target: str, suffix: str = ".html", fragment: str = "") -> str:
    """The link from the page ``source`` to ``target`` (site paths), relative, so that any host serves it."""
    link = _relative(target + suffix, posixpath.dirname(source) or ".")
    return link + (f"#{fragment}" if fragment else "")


@lru_cache(maxsize=65536)
def _relative(target: str, folder: str) -> str:
    return posixpath.relpath(target, folder)


@dataclass
class Link:
    """A link with its text (``href`` relative to the page, or an external IRI)."""

    href: str
    text: str


@dataclass
class Value:
    """One value of a fact, and where the data says it comes from.

    ``sources``: the sources stated for this value (not for the entity); ``note``: why
    (a statement's comment); ``statement``: the page of the statement that says so;
    ``parts``: the dates of a period; ``nested``: the facts of a blank node.
    """

    text: str
    lang: str = ""
    datatype: str = ""
    href: str = ""
    nested: list[Fact] = field(default_factory=list)
    sources: list[Link] = field(default_factory=list)
    note: str = ""
    statement: str = ""
    parts: list[Value] = field(default_factory=list)
    prefix: str = ""


@dataclass
class Fact:
    """A property of an entity, labelled, with its values."""

    key: str
    label: str
    values: list[Value]


class _Page:
    """The values of one page (``source``: its site path, for relative links)."""

    def __init__(self, site: SiteGraph, source: str) -> None:
        self.site, self.source = site, source

    def link(self, node: Node) -> Link:
        iri = str(node)
        path = self.site.page(iri)
        fragment = iri.split("#", 1)[1] if "#" in iri and path else ""
        href = relative_link(self.source, path, fragment=fragment) if path else iri
        return Link(href, self.site.label(node) or iri)

    def sources(self, node: Node) -> list[Link]:
        return [self.link(o) for p in _SOURCES for o in self.site.objects(node, p) if not isinstance(o, Literal)]

    def literal(self, node: Literal) -> Value:
        datatype = str(node.datatype).rsplit("#", 1)[-1] if node.datatype else ""
        return Value(str(node), node.language or "", datatype)

    def value(self, subject: Node, predicate: Node, node: Node, depth: int) -> Value:
        """How ``node``, a value of ``predicate`` of ``subject``, shows (with what the data says of the triple)."""
        if isinstance(node, Literal):
            found = self.literal(node)
        elif isinstance(node, BNode):
            found = self.blank(node, depth)
        else:
            link = self.link(node)
            found = Value(link.text, href=link.href)
        for statement in self.site.statements.get((subject, predicate, node), ()):
            found.sources += self.sources(statement)
            comments = {
                o.language or "": str(o) for o in self.site.objects(statement, RDFS.comment) if isinstance(o, Literal)
            }
            found.note = found.note or comments.get("en") or next(iter(comments.values()), "")
            found.statement = self.link(statement).href
        return found

    def blank(self, node: BNode, depth: int) -> Value:
        """A blank node: a period or a date read as dates, else its facts; its own sources beside it."""
        site = self.site
        if site.has_type(node, TIME.Interval) or any(site.objects(node, p) for p, _ in _PERIOD):
            found = self.period(node)
        elif site.has_type(node, TIME.Instant) and self.date(node) is not None:
            found = self.date(node) or Value("")
        else:
            found = Value("", nested=facts(site, node, self.source, depth + 1, _SOURCES) if depth < 4 else [])
        found.sources = self.sources(node)
        return found

    def date(self, instant: Node) -> Value | None:
        for predicate in _DATES:
            for value in self.site.objects(instant, predicate):
                if isinstance(value, Literal):
                    found = self.literal(value)
                    found.sources = self.sources(instant)
                    return found
        return None

    def period(self, interval: Node) -> Value:
        parts: list[Value] = []
        ends = {p for p, _ in _PERIOD if self.site.objects(interval, p)}
        for predicate, word in _PERIOD:
            for instant in self.site.objects(interval, predicate):
                date = self.date(instant) or Value(self.site.label(instant) or "?")
                if predicate == TIME.hasBeginning and TIME.hasEnd in ends:
                    word = ""
                elif predicate == TIME.hasEnd and TIME.hasBeginning in ends:
                    word = "–"
                separator = " · " if parts and word != "–" else " " if parts else ""
                date.prefix = separator + word + (" " if word else "")
                parts.append(date)
        return Value(" ".join(p.prefix + p.text for p in parts), parts=parts)


def facts(site: SiteGraph, node: Node, source: str, depth: int = 0, skip: tuple[Node, ...] = ()) -> list[Fact]:
    """The facts of ``node`` on the page ``source`` (all but its labels and ``skip``), by property label.

    Its types come first and its own sources last.
    """
    page = _Page(site, source)
    found = []
    for predicate, values in site.out.get(node, {}).items():
        if predicate in skip or (predicate in _LABELS and depth == 0):
            continue
        ordered = sorted(values, key=lambda v: (isinstance(v, BNode), str(v)))
        shown = [page.value(node, predicate, v, depth) for v in ordered]
        key = short_name(str(predicate))
        found.append(Fact(key, site.property_label(predicate), shown))
    found.sort(key=lambda f: (f.key != "rdf:type", f.key in ("dct:source", "prov:wasDerivedFrom"), f.label.lower()))
    return found


def memberships(site: SiteGraph, member: Node, source: str) -> list[dict[str, Any]]:
    """The memberships of ``member`` (of any network) as facts of its page: network, role, period, sources."""
    page = _Page(site, source)
    found = []
    for membership in sorted(site.subjects(ORG.member, member), key=str):
        organization = site.value(membership, ORG.organization)
        role = site.value(membership, ORG.role)
        periods = [page.value(membership, ORG.memberDuring, i, 0) for i in site.objects(membership, ORG.memberDuring)]
        shown = {RDF.type, ORG.member, ORG.organization, ORG.role, ORG.memberDuring, *_SOURCES}
        found.append(
            {
                "organization": page.link(organization) if organization is not None else None,
                "role": page.link(role) if role is not None else None,
                "periods": periods,
                "sources": page.sources(membership),
                "page": page.link(membership),
                "facts": [f for f in facts(site, membership, source) if f.key not in _shown_keys(shown)],
            }
        )
    return found


def _shown_keys(predicates: set[URIRef]) -> set[str]:
    return {short_name(str(p)) for p in predicates}


def entity_triples(site: SiteGraph, iri: Node, parts: list[Node]) -> list[Triple]:
    """What the site says of ``iri`` (``.ttl``, ``.jsonld``): its triples, its ``parts``' (``iri#x``), blank nodes."""
    out: list[Triple] = []
    stack: list[Node] = [iri, *parts]
    seen: set[Node] = set()
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        for predicate, objects in site.out.get(node, {}).items():
            for obj in objects:
                out.append((node, predicate, obj))
                if isinstance(obj, BNode):
                    stack.append(obj)
    return out


def schema_org(site: SiteGraph, iri: Node) -> dict[str, Any]:
    """schema.org JSON-LD of an entity for search engines: its type, names, identifier, same-as links."""
    types = set(site.objects(iri, RDF.type))
    kind = "Thing"
    if types & {TK.Municipality, TK.WellbeingServicesCounty, TK.RegionalAuthority}:
        kind = "GovernmentOrganization"
    elif types & {TK.Network, ORG.Organization}:
        kind = "Organization"
    elif TK.Region in types:
        kind = "AdministrativeArea"
    elif TK.HostedEvent in types:
        kind = "Event"
    elif URIRef("http://www.w3.org/ns/dcat#Dataset") in types:
        kind = "Dataset"
    labels = site.labels(iri)
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": kind, "@id": str(iri), "url": str(iri)}
    named = [{"@value": text, "@language": lang} if lang else text for lang, text in sorted(labels.items())]
    if named:
        data["name"] = named if len(named) > 1 else named[0]
    same = sorted(str(o) for o in site.objects(iri, OWL.sameAs))
    if same:
        data["sameAs"] = same
    identifier = site.value(iri, DCTERMS.identifier)
    if identifier is not None:
        data["identifier"] = str(identifier)
    return data
