"""The graph that the linked-data site shows, indexed once for its pages: links, labels, statements.

The pages read a few thousand triples hundreds of times (an entity's facts, what
links to it, a label for every link); plain dicts built once make that cheap.
:class:`SiteGraph` also finds where the data states a source for a *fact* rather
than for an entity: an ``owl:Axiom`` that annotates a triple (OWL 2's pattern: its
``owl:annotatedSource``, ``owl:annotatedProperty`` and ``owl:annotatedTarget``)
with ``dct:source``, ``prov:wasDerivedFrom`` or a comment.

>>> from rdflib import Literal, URIRef
>>> from terve_kunta.namespaces import OWL, RDF, SKOS
>>> theme, sdg, axiom = (URIRef(f"https://w3id.org/terve-kunta/id/{x}") for x in ("theme/a", "sdg/3", "mapping/a"))
>>> site = SiteGraph([(theme, SKOS.prefLabel, Literal("Teema", lang="fi")), (theme, SKOS.relatedMatch, sdg),
...                   (axiom, RDF.type, OWL.Axiom), (axiom, OWL.annotatedSource, theme),
...                   (axiom, OWL.annotatedProperty, SKOS.relatedMatch), (axiom, OWL.annotatedTarget, sdg)])
>>> site.label(theme), site.statements[theme, SKOS.relatedMatch, sdg] == [axiom]
('Teema', True)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from terve_kunta.export.ntriples import EXPORT_PREFIXES
from terve_kunta.namespaces import BASE, DCTERMS, ORG, OWL, RDF, RDFS, SKOS

__all__ = ["LANGS", "READABLE", "SiteGraph", "page_path", "short_name"]

Triple = tuple[Node, Node, Node]

_SAFE_PATH = re.compile(r"^[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$")
_LABELS = (SKOS.prefLabel, RDFS.label, DCTERMS.title, URIRef("http://xmlns.com/foaf/0.1/name"))
#: The languages of labels, in the order a page falls back through them.
LANGS = ("en", "fi", "sv")
_TIME = "http://www.w3.org/2006/time#"
#: How the pages name the properties of other vocabularies (the ontology labels its own).
READABLE = {
    str(RDF.type): "type",
    str(DCTERMS.identifier): "code",
    str(DCTERMS.source): "source",
    "http://www.w3.org/ns/prov#wasDerivedFrom": "derived from",
    str(OWL.sameAs): "same as",
    str(ORG.member): "member",
    str(ORG.memberDuring): "member during",
    str(ORG.organization): "organisation",
    str(ORG.role): "role",
    str(RDFS.comment): "comment",
    str(DCTERMS.temporal): "period",
    str(DCTERMS.references): "references",
    str(OWL.annotatedSource): "statement about",
    str(OWL.annotatedProperty): "property",
    str(OWL.annotatedTarget): "value",
    _TIME + "inside": "within",
    _TIME + "hasBeginning": "beginning",
    _TIME + "hasEnd": "end",
    _TIME + "inXSDgYear": "year",
    _TIME + "inXSDgYearMonth": "month",
    _TIME + "inXSDDate": "day",
}


def page_path(iri: str) -> str | None:
    """The site path (without extension) of the page for ``iri``, or None if the site has no page for it.

    >>> page_path("https://w3id.org/terve-kunta/id/municipality/297")
    'id/municipality/297'
    >>> page_path("https://w3id.org/terve-kunta/ontology#Municipality"), page_path("http://metadata.un.org/sdg/3")
    ('ontology', None)
    """
    if not iri.startswith(BASE):
        return None
    path = iri[len(BASE) :].split("#", 1)[0]
    if path.startswith("ontology/"):  # a version IRI of the ontology
        return "ontology"
    if not path or not _SAFE_PATH.match(path) or ".." in path.split("/"):
        return None
    return path


@cache
def _namespaces() -> list[tuple[str, str]]:
    return sorted(((ns, prefix) for prefix, ns in EXPORT_PREFIXES.items()), key=lambda pair: -len(pair[0]))


@cache
def short_name(iri: str) -> str:
    """``iri`` as a compact IRI with the export's prefixes (``dct:source``), or in full.

    >>> short_name("http://purl.org/dc/terms/source"), short_name("https://example.org/x")
    ('dct:source', 'https://example.org/x')
    """
    for namespace, prefix in _namespaces():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _index(triples: Iterable[Triple]) -> tuple[dict[Node, dict[Node, list[Node]]], dict[Node, list[tuple[Node, Node]]]]:
    out: dict[Node, dict[Node, list[Node]]] = {}
    into: dict[Node, list[tuple[Node, Node]]] = {}
    for s, p, o in triples:
        objects = out.setdefault(s, {}).setdefault(p, [])
        if o not in objects:
            objects.append(o)
            if not isinstance(o, Literal):
                into.setdefault(o, []).append((s, p))
    return out, into


class SiteGraph:
    """The site's triples by subject (``out``) and by object (``into``), their labels, the statements about facts."""

    def __init__(self, triples: Iterable[Triple], terms: Graph | None = None) -> None:
        self.out, self.into = _index(triples)
        self.terms, _ = _index(terms if terms is not None else ())
        #: the site paths that have a page (None: all); a link to anything else goes to the IRI itself
        self.pages: set[str] | None = None
        self._labels: dict[tuple[Node, str], str] = {}
        self.statements: dict[Triple, list[Node]] = {}
        for axiom in self.subjects(RDF.type, OWL.Axiom):
            about = (self.value(axiom, OWL.annotatedSource), self.value(axiom, OWL.annotatedProperty))
            for target in self.objects(axiom, OWL.annotatedTarget):
                if about[0] is not None and about[1] is not None:
                    self.statements.setdefault((about[0], about[1], target), []).append(axiom)

    # ------------------------------------------------------------------ reading

    def objects(self, s: Node, p: Node) -> list[Node]:
        """The objects of ``s`` and ``p``."""
        return self.out.get(s, {}).get(p, [])

    def value(self, s: Node, p: Node) -> Node | None:
        """One object of ``s`` and ``p`` (the first), or None."""
        found = self.objects(s, p)
        return found[0] if found else None

    def subjects(self, p: Node, o: Node) -> list[Node]:
        """The subjects that have ``o`` as an object of ``p``."""
        return [s for s, predicate in self.into.get(o, ()) if predicate == p]

    def has_type(self, s: Node, cls: Node) -> bool:
        """Whether ``s`` is typed ``cls``."""
        return cls in self.objects(s, RDF.type)

    # ------------------------------------------------------------------ names

    def labels(self, node: Node, ontology: bool = False) -> dict[str, str]:
        """Every label of ``node`` by language (the first found per language), from the data or the ontology."""
        found: dict[str, str] = {}
        for index in (self.terms,) if ontology else (self.out, self.terms):
            predicates = index.get(node, {})
            for predicate in _LABELS:
                for value in predicates.get(predicate, ()):
                    if isinstance(value, Literal):
                        found.setdefault(value.language or "", str(value))
        return found

    def label(self, node: Node, lang: str = "en") -> str:
        """The label of ``node`` in ``lang``, else in English, Finnish, Swedish, any; else a name made for it."""
        key = (node, lang)
        if key not in self._labels:
            labels = self.labels(node)
            for choice in (lang, *LANGS, ""):
                if choice in labels:
                    self._labels[key] = labels[choice]
                    break
            else:
                self._labels[key] = self._made_label(node)
        return self._labels[key]

    def _made_label(self, node: Node) -> str:
        """A name for a node without a label: a membership or a statement by what it joins; else its path."""
        member, organization = self.value(node, ORG.member), self.value(node, ORG.organization)
        if member is not None and organization is not None:
            return f"{self.label(member)} in {self.label(organization)}"
        about, prop = self.value(node, OWL.annotatedSource), self.value(node, OWL.annotatedProperty)
        target = self.value(node, OWL.annotatedTarget)
        if about is not None and prop is not None and target is not None:
            shown = str(target) if isinstance(target, Literal) else self.label(target)
            return f"{self.label(about)}: {self.property_label(prop)} {shown}"
        if isinstance(node, URIRef):
            iri = str(node)
            return iri[len(BASE) :] if iri.startswith(BASE) else short_name(iri)
        return ""

    def property_label(self, predicate: Node) -> str:
        """A readable name of a property: the ontology's label, a common name, or its local name spaced out."""
        if str(predicate) in READABLE:
            return READABLE[str(predicate)]
        labels = self.labels(predicate, ontology=True)
        if "en" in labels:
            return labels["en"]
        local = re.split(r"[#/]", str(predicate))[-1]
        return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).lower() or str(predicate)

    def page(self, iri: str) -> str | None:
        """The site path of the page of ``iri``, if the site has one."""
        path = page_path(iri)
        return path if path is not None and (self.pages is None or path in self.pages) else None
