"""The ``who`` profile: what the WHO European Healthy Cities Network office needs about a national network.

The network, its coordinator, its place in the WHO network, its members on the
day (kind, code, names, identifiers) each with its memberships of the network and
WHO designations (with dates where known), the themes and their mappings to WHO
Phase VII themes and SDGs, the joining criteria, the network days and their hosts,
and the description, with its licence, of each file the data comes from. No
municipality that is not a member, no personal data, labels in English and Finnish.
The network's ``org:hasMember`` shortcuts to its members are added (in
:data:`~terve_kunta.export.graphs.DERIVED_GRAPH`) so that the framed JSON-LD can
nest the members under it.

>>> import terve_kunta as tk
>>> from datetime import date
>>> from terve_kunta.export.graphs import store_data
>>> kg = tk.load()
>>> picked = who_selection(kg, store_data(kg.store), date(2024, 6, 30))
>>> from terve_kunta.namespaces import ID
>>> ID["municipality/297"] in picked.data, ID["municipality/588"] in picked.data  # Kuopio; Pertunmaa is no member
(True, False)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from terve_kunta.data.view import WHO_NETWORK, GraphView
from terve_kunta.export.graphs import DERIVED_GRAPH, StoreData
from terve_kunta.export.index import Index
from terve_kunta.export.privacy import Privacy
from terve_kunta.export.selection import Counts, Selection
from terve_kunta.namespaces import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, TK

__all__ = ["WHO_LANGUAGES", "who_selection"]

#: Languages of the labels in the ``who`` profile.
WHO_LANGUAGES = frozenset({"en", "fi"})

_TYPE = str(RDF.type)
_TRUE = Literal(True)
_PLAIN = (URIRef, Literal, BNode)  # type(o) is one of these: no isinstance (an ABC check) needed
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


class _Picker:
    """Collects the triples of chosen nodes, with chosen predicates, in English and Finnish; counts them."""

    def __init__(self, index: Index, excluded: set[Node]) -> None:
        self.spo, self.excluded = index.spo, excluded
        self.picked: dict[Node, dict[Node, Mapping[Node, int]]] = {}
        self.triples = self.entities = 0
        self.properties: dict[int, Node] = {}  # by the identity of the term (cheap), made distinct at the end
        self.classes: Counter[Node] = Counter()
        self._own: set[int] = set()  # the ids of the dicts made here (not shared with the index)

    def take(self, nodes: Iterable[Node], predicates: set[URIRef] | None) -> None:
        spo, excluded = self.spo, self.excluded
        # plain strings: a set lookup of an equal URIRef object would call URIRef.__eq__ (Python) every time
        wanted = {str(p) for p in predicates} if predicates is not None else None
        for node in nodes:
            facts = spo.get(node)
            if not facts or node in excluded:  # a person (a coordinator, say) is never described
                continue
            blank: list[Node] = []
            for predicate, objects in facts.items():
                if not objects or (wanted is not None and str(predicate) not in wanted):
                    continue
                chosen: list[Node] = []
                every = True
                for o in objects:
                    kind = type(o)
                    if kind is Literal or (kind not in _PLAIN and isinstance(o, Literal)):
                        if o.language and o.language not in WHO_LANGUAGES:  # type: ignore[attr-defined]
                            every = False
                            continue
                    elif o in excluded:
                        every = False
                        continue
                    elif kind is BNode or (kind not in _PLAIN and isinstance(o, BNode)):
                        blank.append(o)
                    chosen.append(o)
                if chosen:
                    self.add(node, predicate, objects if every else chosen)
            if blank:
                self.take(blank, None)

    def add(self, node: Node, predicate: Node, objects: Iterable[Node]) -> None:
        """Pick these triples (and count what is new).

        A dict of the graph's index, picked whole, is not copied: it is shared until something
        is added to it (``_own``), so that the index itself is never changed.
        """
        facts = self.picked.get(node)
        if facts is None:
            facts = self.picked[node] = {}
            self.entities += type(node) is URIRef or isinstance(node, URIRef)
        values = facts.get(predicate)
        new: Mapping[Node, int] | list[Node]
        if values is None:
            if isinstance(objects, dict):
                new = objects
            else:
                new = dict.fromkeys(objects, 1)
                self._own.add(id(new))
            facts[predicate] = new
            self.properties[id(predicate)] = predicate
        else:
            if id(values) not in self._own:
                values = facts[predicate] = dict(values)
                self._own.add(id(values))
            new = [o for o in dict.fromkeys(objects) if o not in values]
            values.update(dict.fromkeys(new, 1))  # type: ignore[attr-defined]
        self.triples += len(new)
        if str(predicate) == _TYPE:
            self.classes.update(new)

    def counts(self) -> Counts:
        """The VoID statistics of what is picked."""
        properties = len({str(p) for p in self.properties.values()})
        return Counts(self.triples, self.entities, len(self.picked), properties, dict(self.classes))

    def objects(self, nodes: Iterable[Node], predicate: URIRef) -> set[Node]:
        """The objects of ``predicate`` of any of ``nodes`` (in the graph, picked or not)."""
        return {o for node in nodes for o in self.spo.get(node, {}).get(predicate, ())}


def who_selection(view: GraphView, data: StoreData, day: date) -> Selection:
    """The ``who`` profile of ``data`` with the network's members on ``day`` (see the module)."""
    rdf, index = data.union, data.index
    pos = index.pos
    network = view.network_iri
    memberships = view.memberships()
    members = {URIRef(iri) for iri, ms in memberships.items() if any(m.is_active(day) for m in ms)}
    municipalities = set(pos.get(RDF.type, {}).get(TK.Municipality, {}))
    privacy = Privacy.of(rdf)
    pick = _Picker(index, (municipalities - members) | set(privacy.nodes))

    who_networks: set[Node] = {o for o in pick.objects([network], DCTERMS.isPartOf) if isinstance(o, URIRef)}
    own = set(pos.get(ORG.member, {}).get(network, {}))  # the network's own memberships (the WHO network's)
    who_networks |= pick.objects(own, ORG.organization)
    if WHO_NETWORK in index.spo:
        who_networks.add(WHO_NETWORK)
    pick.take([network], _NETWORK)
    pick.take(pick.objects([network], TK.coordinatedBy), _LABELS)
    pick.take(who_networks, _LABELS)

    organizations = who_networks | {network}
    by_member = pos.get(ORG.member, {})
    held = {
        m
        for member in members
        for m in by_member.get(member, {})
        if pick.objects([m], ORG.organization) & organizations
    }
    pick.take(held | own, _MEMBERSHIP)
    pick.take(pick.objects(held | own, ORG.role), _LABELS)
    pick.take(members, _MEMBER)

    phase_of = pos.get(TK.phaseOf, {})
    phases = {p for w in who_networks for p in phase_of.get(w, {}) if pick.objects([p], TK.themeScheme)}
    pick.take(phases, _PHASE)
    schemes = pick.objects([network, *phases], TK.themeScheme) | pick.objects([network], TK.criteriaScheme)
    in_scheme = pos.get(SKOS.inScheme, {})
    deprecated = set(pos.get(OWL.deprecated, {}).get(_TRUE, {}))
    concepts = {c for scheme in schemes for c in in_scheme.get(scheme, {}) if c not in deprecated}
    # the headings the source lists the criteria under (SKOS collections: not in a scheme)
    holders = pos.get(SKOS.member, {})
    headings = {h for c in concepts for h in holders.get(c, {}) if h not in deprecated}
    pick.take(schemes, _CONCEPT)
    pick.take(concepts | headings, _CONCEPT)
    sdgs = pick.objects(concepts, SKOS.relatedMatch) - concepts
    stack = list(sdgs)
    while stack:  # and what they are part of (targets -> goals)
        for broader in pick.objects([stack.pop()], SKOS.broader) - sdgs:
            sdgs.add(broader)
            stack.append(broader)
    pick.take(sdgs, _SDG)

    series = set(pos.get(PROV.wasAssociatedWith, {}).get(network, {}))
    part_of = pos.get(DCTERMS.isPartOf, {})
    events = {e for s in series for e in part_of.get(s, {}) if pick.objects([e], TK.host)}
    pick.take(pick.objects(events, DCTERMS.isPartOf), _LABELS | {DCTERMS.description, PROV.wasAssociatedWith})
    pick.take(events, _EVENT)

    ordered = sorted(members, key=str)
    derived: dict[tuple[Node, Node], tuple[URIRef | None, ...]] = {
        (ORG.hasMember, member): (DERIVED_GRAPH,) for member in ordered
    }
    pick.add(network, ORG.hasMember, ordered)
    graphs = data.graphs.with_extra({URIRef(network): derived})
    selection = Selection(pick.picked, graphs, members=set(members))
    # the description of each file the data comes from, with its licence
    pick.take(sorted(selection.graphs_used(), key=str), _DATASET)
    selection.counted = pick.counts()
    return selection
