"""The profiles of an export: which triples leave, and in which named graph.

- ``public``: every triple but personal data (:mod:`terve_kunta.export.privacy`);
- ``who``: what the WHO European Healthy Cities Network office needs about a national
  network (:func:`who_triples`), in English and Finnish, and no personal data;
- ``full``: every triple, personal data included: only when it is asked for by name.

With ``as_of``, the memberships that do not hold on that day are left out (for
``who`` the default is today: its members are the network's members on that day).

>>> import terve_kunta as tk
>>> from terve_kunta.export.graphs import store_quads
>>> kg = tk.load()
>>> who = selected_quads(kg, store_quads(kg.store), "who", None)
>>> len(who.members), len(who.quads) < kg.triple_count
(52, True)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from terve_kunta.data.view import WHO_NETWORK, GraphView
from terve_kunta.export.graphs import DERIVED_GRAPH, StoreQuads
from terve_kunta.export.privacy import Privacy
from terve_kunta.namespaces import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, TK

__all__ = ["WHO_LANGUAGES", "Selection", "selected_quads", "who_triples"]

Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, URIRef | None]

#: Languages of the labels in the ``who`` profile.
WHO_LANGUAGES = frozenset({"en", "fi"})

_LABELS = {RDF.type, SKOS.prefLabel, SKOS.altLabel, RDFS.label}
_NETWORK = {*_LABELS, DCTERMS.description, SCHEMA.foundingDate, TK.coordinatedBy, DCTERMS.isPartOf}
_NETWORK |= {TK.themeScheme, TK.criteriaScheme, RDFS.seeAlso}
_MEMBER = {*_LABELS, DCTERMS.identifier, OWL.sameAs, SKOS.exactMatch}
_MEMBERSHIP = {RDF.type, ORG.member, ORG.organization, ORG.role, ORG.memberDuring}
_CONCEPT = {*_LABELS, SKOS.definition, SKOS.notation, SKOS.broader, SKOS.narrower, SKOS.inScheme, SKOS.member}
_CONCEPT |= {SKOS.topConceptOf, SKOS.hasTopConcept, SKOS.relatedMatch, TK.order, DCTERMS.title}
_SDG = {*_LABELS, SKOS.notation, SKOS.broader}
_PHASE = {*_LABELS, SKOS.notation, DCTERMS.temporal, TK.themeScheme, TK.phaseOf, TK.order}
_EVENT = {*_LABELS, DCTERMS.date, DCTERMS.isPartOf, TK.host, DCTERMS.description}
_DATASET = {RDF.type, DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.rights, DCTERMS.conformsTo}


@dataclass
class Selection:
    """What a profile lets leave: quads (``None``: the default graph), and the members it lists."""

    quads: list[Quad] = field(default_factory=list)
    members: set[Node] = field(default_factory=set)
    #: the named graphs (packaged files) that the quads come from
    graphs: set[URIRef] = field(default_factory=set)


def _closed_memberships(view: GraphView, rdf: Graph, day: date) -> set[Node]:
    """The memberships (of any network) that do not hold on ``day``."""
    closed: set[Node] = set()
    for network in {o for o in rdf.objects(None, ORG.organization) if isinstance(o, URIRef)}:
        for memberships in view.memberships(network).values():
            closed |= {URIRef(m.iri) for m in memberships if not m.is_active(day)}
    return closed


def _with_blank_nodes(rdf: Graph, roots: Iterable[Node]) -> set[Node]:
    """``roots`` and the blank nodes reached from them."""
    found, stack = set(), list(roots)
    while stack:
        node = stack.pop()
        if node not in found:
            found.add(node)
            stack.extend(o for o in rdf.objects(node, None) if isinstance(o, BNode))
    return found


def _quads(data: StoreQuads, triples: Iterable[Triple], into: Selection) -> None:
    graphs_of = data.graphs_of
    for triple in triples:
        for graph in graphs_of(triple):
            into.quads.append((*triple, graph))
            if graph is not None:
                into.graphs.add(graph)


def selected_quads(view: GraphView, data: StoreQuads, profile: str, as_of: date | None) -> Selection:
    """The quads that ``profile`` lets leave the store (see the module)."""
    rdf = data.union
    selection = Selection()
    if profile == "who":
        picked, derived, selection.members = who_triples(view, rdf, as_of or date.today())
        _quads(data, picked, selection)
        # the description of each file the data comes from, with its licence
        described = [
            (g, p, o)
            for g in sorted(selection.graphs)
            for p, o in rdf.predicate_objects(g)
            if p in _DATASET and not (isinstance(o, Literal) and o.language and o.language not in WHO_LANGUAGES)
        ]
        _quads(data, described, selection)
        selection.quads.extend((*t, DERIVED_GRAPH) for t in derived)
        return selection
    privacy = Privacy.of(rdf) if profile != "full" else None
    dropped = _with_blank_nodes(rdf, _closed_memberships(view, rdf, as_of)) if as_of is not None else set()
    triples: Iterable[Triple] = rdf
    if privacy is not None and not privacy.empty:
        triples = (t for t in triples if privacy.keeps(*t))
    if dropped:
        triples = (t for t in triples if t[0] not in dropped and t[2] not in dropped)
    _quads(data, triples, selection)
    active = {iri for iri, ms in view.memberships().items() if as_of is None or any(m.is_active(as_of) for m in ms)}
    selection.members = {URIRef(iri) for iri in active}
    return selection


# ---------------------------------------------------------------------- who


class _Picker:
    """Collects the triples of chosen nodes, with chosen predicates, in English and Finnish."""

    def __init__(self, rdf: Graph, excluded: set[Node]) -> None:
        self.rdf, self.excluded = rdf, excluded
        self.triples: set[Triple] = set()

    def take(self, nodes: Iterable[Node], predicates: set[URIRef] | None) -> None:
        for node in nodes:
            for predicate, obj in self.rdf.predicate_objects(node):
                if predicates is not None and predicate not in predicates:
                    continue
                if isinstance(obj, Literal) and obj.language and obj.language not in WHO_LANGUAGES:
                    continue
                if obj in self.excluded:
                    continue
                self.triples.add((node, predicate, obj))
                if isinstance(obj, BNode):
                    self.take([obj], None)


def who_triples(view: GraphView, rdf: Graph, day: date) -> tuple[set[Triple], list[Triple], set[Node]]:
    """The ``who`` profile: its triples, the ``org:hasMember`` shortcuts it adds, and its members on ``day``.

    The network, its coordinator, its place in the WHO network, its members on
    ``day`` (kind, code, names, identifiers) each with its memberships of the network
    and WHO designations (with dates where known), the themes and their mappings to
    WHO Phase VII themes and SDGs, the joining criteria, the network days and their
    hosts (:func:`selected_quads` adds the descriptions, with licences, of the files they come from). No
    municipality that is not a member, no personal data, labels in English and Finnish.
    """
    network = view.network_iri
    memberships = view.memberships()
    members = {URIRef(iri) for iri, ms in memberships.items() if any(m.is_active(day) for m in ms)}
    municipalities = set(rdf.subjects(RDF.type, TK.Municipality))
    privacy = Privacy.of(rdf)
    pick = _Picker(rdf, (municipalities - members) | set(privacy.nodes))

    who_networks: set[Node] = {o for o in rdf.objects(network, DCTERMS.isPartOf) if isinstance(o, URIRef)}
    own = set(rdf.subjects(ORG.member, network))  # the network's own memberships (the WHO network's)
    who_networks |= {o for m in own for o in rdf.objects(m, ORG.organization)}
    if (WHO_NETWORK, None, None) in rdf:
        who_networks.add(WHO_NETWORK)
    pick.take([network], _NETWORK)
    pick.take(rdf.objects(network, TK.coordinatedBy), _LABELS)
    pick.take(who_networks, _LABELS)

    held = {
        m
        for member in members
        for m in rdf.subjects(ORG.member, member)
        if rdf.value(m, ORG.organization) in who_networks | {network}
    }
    pick.take(held | own, _MEMBERSHIP)
    pick.take({o for m in held | own for o in rdf.objects(m, ORG.role)}, _LABELS)
    pick.take(members, _MEMBER)

    phases = {p for w in who_networks for p in rdf.subjects(TK.phaseOf, w) if (p, TK.themeScheme, None) in rdf}
    pick.take(phases, _PHASE)
    schemes = {o for s in [network, *phases] for p in (TK.themeScheme, TK.criteriaScheme) for o in rdf.objects(s, p)}
    concepts = {c for scheme in schemes for c in rdf.subjects(SKOS.inScheme, scheme)}
    pick.take(schemes, _CONCEPT)
    pick.take(concepts, _CONCEPT)
    mapped = {o for c in concepts for o in rdf.objects(c, SKOS.relatedMatch)} - concepts
    sdgs = set(mapped)
    for sdg in mapped:
        sdgs |= {o for o in rdf.transitive_objects(sdg, SKOS.broader) if o is not None}
    pick.take(sdgs, _SDG)

    series = set(rdf.subjects(PROV.wasAssociatedWith, network))
    events = {e for s in series for e in rdf.subjects(DCTERMS.isPartOf, s) if (e, TK.host, None) in rdf}
    series_facts = _LABELS | {DCTERMS.description, PROV.wasAssociatedWith}
    pick.take({s for e in events for s in rdf.objects(e, DCTERMS.isPartOf)}, series_facts)
    pick.take(events, _EVENT)

    derived: list[Triple] = [(network, ORG.hasMember, member) for member in sorted(members)]
    return pick.triples, derived, set(members)
