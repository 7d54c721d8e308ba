"""What the linked-data site shows of an entity: labels, facts with links, sources, what links to it.

Everything here reads one rdflib graph (the ``public`` export and the
descriptions) and makes plain values for the templates; links are relative
(``../region/11.html``), so that the site works from ``file://`` as from a server.

>>> page_path("https://w3id.org/terve-kunta/id/municipality/297")
'id/municipality/297'
>>> page_path("https://w3id.org/terve-kunta/ontology#Municipality"), page_path("http://metadata.un.org/sdg/3")
('ontology', None)
>>> relative_link("id/municipality/297", "id/region/11")
'../region/11.html'
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from terve_kunta.namespaces import BASE, DCTERMS, ORG, RDF, RDFS, SKOS

__all__ = ["Fact", "Labeller", "Value", "entity_graph", "page_path", "relative_link"]

_SAFE_PATH = re.compile(r"^[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$")
_LABELS = (SKOS.prefLabel, RDFS.label, DCTERMS.title, URIRef("http://xmlns.com/foaf/0.1/name"))
LANGS = ("en", "fi", "sv")


def page_path(iri: str) -> str | None:
    """The site path (without extension) of the page for ``iri``, or None if the site has no page for it."""
    if not iri.startswith(BASE):
        return None
    path = iri[len(BASE) :].split("#", 1)[0]
    if path.startswith("ontology/"):  # a version IRI of the ontology
        return "ontology"
    if not path or not _SAFE_PATH.match(path) or ".." in path.split("/"):
        return None
    return path


def relative_link(source: str, target: str, suffix: str = ".html", fragment: str = "") -> str:
    """The link from the page ``source`` to ``target`` (site paths), relative, so that any host serves it."""
    link = posixpath.relpath(target + suffix, posixpath.dirname(source) or ".")
    return link + (f"#{fragment}" if fragment else "")


class Labeller:
    """Labels of nodes in a language, with the other languages as a fallback, and links between pages."""

    def __init__(self, graph: Graph, terms: Graph) -> None:
        self.graph, self.terms = graph, terms
        #: the site paths that have a page (None: all); a link to anything else goes to the IRI itself
        self.pages: set[str] | None = None
        self._cache: dict[tuple[Node, str], str] = {}

    def labels(self, node: Node, graph: Graph | None = None) -> dict[str, str]:
        """Every label of ``node`` by language (the first found per language)."""
        found: dict[str, str] = {}
        for g in (graph,) if graph is not None else (self.graph, self.terms):
            for predicate in _LABELS:
                for value in g.objects(node, predicate):
                    if isinstance(value, Literal):
                        found.setdefault(value.language or "", str(value))
        return found

    def page(self, iri: str) -> str | None:
        """The site path of the page of ``iri``, if the site has one."""
        path = page_path(iri)
        return path if path is not None and (self.pages is None or path in self.pages) else None

    def property_label(self, predicate: Node) -> str:
        """A readable name of a property: the ontology's label, a common name, or its local name spaced out."""
        if str(predicate) in READABLE:
            return READABLE[str(predicate)]
        labels = self.labels(predicate, self.terms)
        if "en" in labels:
            return labels["en"]
        local = re.split(r"[#/]", str(predicate))[-1]
        return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).lower() or str(predicate)

    def label(self, node: Node, lang: str = "en") -> str:
        """The label of ``node`` in ``lang``, else in English, Finnish, Swedish, any; else its short IRI."""
        key = (node, lang)
        if key not in self._cache:
            labels = self.labels(node)
            for choice in (lang, *LANGS, ""):
                if choice in labels:
                    self._cache[key] = labels[choice]
                    break
            else:
                self._cache[key] = self.graph.namespace_manager.normalizeUri(node) if isinstance(node, URIRef) else ""
        return self._cache[key]


_TIME = "http://www.w3.org/2006/time#"
#: How the pages name the properties of other vocabularies (the ontology labels its own).
READABLE = {
    str(RDF.type): "type",
    str(DCTERMS.identifier): "code",
    str(DCTERMS.source): "source",
    "http://www.w3.org/2002/07/owl#sameAs": "same as",
    str(ORG.member): "member",
    str(ORG.memberDuring): "member during",
    str(ORG.organization): "organisation",
    str(ORG.role): "role",
    _TIME + "inside": "within",
    _TIME + "hasBeginning": "beginning",
    _TIME + "hasEnd": "end",
    _TIME + "inXSDgYear": "year",
    _TIME + "inXSDgYearMonth": "month",
    _TIME + "inXSDDate": "day",
}


@dataclass
class Value:
    """One value of a fact: text, language, link (relative or external) and nested facts (a blank node)."""

    text: str
    lang: str = ""
    datatype: str = ""
    href: str = ""
    nested: list[Fact] = field(default_factory=list)


@dataclass
class Fact:
    """A property of an entity, labelled, with its values."""

    key: str
    label: str
    values: list[Value]


def value_of(node: Node, source: str, names: Labeller, depth: int = 0) -> Value:
    """How ``node`` shows on the page ``source``."""
    if isinstance(node, Literal):
        datatype = names.graph.namespace_manager.normalizeUri(node.datatype) if node.datatype else ""
        return Value(str(node), node.language or "", datatype)
    if isinstance(node, BNode):
        return Value("", nested=facts(node, source, names, depth + 1) if depth < 4 else [])
    iri = str(node)
    path = names.page(iri)
    fragment = iri.split("#", 1)[1] if "#" in iri and path else ""
    href = relative_link(source, path, fragment=fragment) if path else iri
    label = names.label(node)
    return Value(label if label and label != iri else iri, href=href)


def facts(node: Node, source: str, names: Labeller, depth: int = 0, skip: tuple[Node, ...] = ()) -> list[Fact]:
    """The facts of ``node`` (all but its labels and ``skip``), by property label."""
    graph = names.graph
    grouped: dict[Node, list[Node]] = {}
    for predicate, obj in graph.predicate_objects(node):
        if predicate in skip or (predicate in _LABELS and depth == 0):
            continue
        grouped.setdefault(predicate, []).append(obj)
    found = []
    for predicate, values in grouped.items():
        label = names.property_label(predicate)
        ordered = sorted(values, key=lambda v: (isinstance(v, BNode), str(v)))
        key = graph.namespace_manager.normalizeUri(predicate) if isinstance(predicate, URIRef) else str(predicate)
        found.append(Fact(key, label, [value_of(v, source, names, depth) for v in ordered]))
    found.sort(key=lambda f: (f.key != "type", f.key in ("dct:source", "prov:wasDerivedFrom"), f.label.lower()))
    return found


def entity_graph(graph: Graph, iri: URIRef, parts: Iterable[URIRef] = ()) -> list[tuple[Node, Node, Node]]:
    """What the site says of ``iri`` (``.ttl``, ``.jsonld``): its triples, its ``parts``' (``iri#x``), blank nodes."""
    out: list[tuple[Node, Node, Node]] = []
    stack: list[Node] = [iri, *parts]
    seen: set[Node] = set()
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        for predicate, obj in graph.predicate_objects(node):
            out.append((node, predicate, obj))
            if isinstance(obj, BNode):
                stack.append(obj)
    return out


def memberships(graph: Graph, member: Node) -> list[Node]:
    """The memberships whose member is ``member`` (shown in full on the member's page)."""
    return sorted(graph.subjects(ORG.member, member), key=str)


def schema_org(graph: Graph, iri: URIRef, names: Labeller) -> dict[str, Any]:
    """schema.org JSON-LD of an entity for search engines: its type, names, description, same-as links."""
    from terve_kunta.namespaces import OWL, TK

    types = set(graph.objects(iri, RDF.type))
    kind = "Thing"
    if types & {TK.Municipality, TK.WellbeingServicesCounty, TK.RegionalAuthority}:
        kind = "GovernmentOrganization"
    elif types & {TK.Network, ORG.Organization}:
        kind = "Organization"
    elif TK.Region in types:
        kind = "AdministrativeArea"
    elif types & {TK.HostedEvent}:
        kind = "Event"
    elif types & {URIRef("http://www.w3.org/ns/dcat#Dataset")}:
        kind = "Dataset"
    labels = names.labels(iri, graph)
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": kind, "@id": str(iri), "url": str(iri)}
    named = [{"@value": text, "@language": lang} if lang else text for lang, text in sorted(labels.items())]
    if named:
        data["name"] = named if len(named) > 1 else named[0]
    same = sorted(str(o) for o in graph.objects(iri, OWL.sameAs))
    if same:
        data["sameAs"] = same
    identifier = graph.value(iri, DCTERMS.identifier)
    if identifier is not None:
        data["identifier"] = str(identifier)
    return data
