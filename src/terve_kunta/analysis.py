"""The knowledge graph as networkx graphs, for network analysis and drawing.

:func:`to_networkx` keeps every triple: one edge per triple, keyed by its
predicate, so nothing is lost. :func:`network_view` is a small focused graph of
the network's members, their regions, the themes, WHO themes and SDGs. networkx
is imported only here, when one of them is asked for.

>>> import terve_kunta as tk
>>> kg = tk.load()
>>> g = kg.to_networkx()
>>> g.number_of_edges() == len(kg.rdf)
True
>>> view = kg.network_view(as_of="2024-06-30")
>>> sorted({data["type"] for _, data in view.nodes(data=True)})
['member', 'network', 'region', 'sdg', 'theme', 'who_theme']
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal
from rdflib.term import Node

from terve_kunta.data.view import GraphView
from terve_kunta.models import display_name
from terve_kunta.namespaces import RDFS, SKOS

if TYPE_CHECKING:
    import networkx

__all__ = ["network_view", "to_networkx"]


def _label(graph: Graph, node: Node) -> str:
    if isinstance(node, Literal):
        return str(node)
    names: dict[str, str] = {}
    for predicate in (SKOS.prefLabel, RDFS.label):
        for value in graph.objects(node, predicate):
            if isinstance(value, Literal):
                names.setdefault(value.language or "", str(value))
        if names:
            break
    if names:
        return display_name(names)
    try:
        return graph.namespace_manager.normalizeUri(node)  # type: ignore[arg-type]
    except Exception:  # a term no prefix fits
        return str(node)


def to_networkx(graph: Graph) -> networkx.MultiDiGraph:
    """A ``MultiDiGraph`` with one edge per triple of ``graph``.

    Nodes are the rdflib terms themselves, with ``kind`` (``"iri"``, ``"bnode"``,
    ``"literal"``) and ``label`` (the Finnish, Swedish or English label, else a
    prefixed name, or a literal's text) attributes. Each edge's key is the
    predicate IRI (a string); it also has ``predicate`` (the term) and ``label``.
    """
    import networkx

    result = networkx.MultiDiGraph()
    labels: dict[Node, str] = {}

    def label(node: Node) -> str:
        found = labels.get(node)
        if found is None:
            found = labels[node] = _label(graph, node)
        return found

    for subject, predicate, obj in graph:
        for node in (subject, obj):
            if node not in result:
                kind = "literal" if isinstance(node, Literal) else "bnode" if isinstance(node, BNode) else "iri"
                result.add_node(node, kind=kind, label=label(node))
        result.add_edge(subject, obj, key=str(predicate), predicate=predicate, label=label(predicate))
    return result


def network_view(kg: GraphView, on: date) -> networkx.MultiDiGraph:
    """Members (on the day ``on``) - regions; the network - themes - WHO themes and SDGs.

    Nodes are IRIs (strings) with ``type`` (``network``, ``member``, ``region``,
    ``theme``, ``who_theme``, ``sdg``) and ``label``; members also have ``code`` and
    ``who_designated``. Edges are keyed by their relation: ``member_of``,
    ``in_region``, ``has_theme``, ``narrower``, ``who_theme``, ``sdg``, ``target_of``.
    """
    import networkx

    view = networkx.MultiDiGraph()
    network = kg.network
    view.add_node(network.iri, type="network", label=display_name(network.names))
    for member in kg.members(as_of=on):
        view.add_node(
            member.iri, type="member", label=member.name_fi, code=member.code, who_designated=member.who_designated
        )
        view.add_edge(member.iri, network.iri, key="member_of")
        if member.region is not None:
            view.add_node(member.region.iri, type="region", label=member.region.name_fi, code=member.region.code)
            view.add_edge(member.iri, member.region.iri, key="in_region")
    who_themes = {t.iri: t for t in kg.who_themes()}
    sdgs = {s.iri: s for s in kg.sdgs(include_targets=True)}
    for theme in kg.themes():
        view.add_node(theme.iri, type="theme", label=display_name(theme.labels), slug=theme.slug)
        if theme.broader is None:
            view.add_edge(network.iri, theme.iri, key="has_theme")
        for slug in theme.narrower:
            view.add_edge(theme.iri, theme.iri.rsplit("/", 1)[0] + "/" + slug, key="narrower")
        for iri in theme.who_themes:
            who = who_themes.get(iri)
            view.add_node(iri, type="who_theme", label=display_name(who.labels) if who else iri)
            view.add_edge(theme.iri, iri, key="who_theme")
        for code in theme.sdgs:
            sdg = next((s for s in sdgs.values() if s.code == code), None)
            if sdg is None:
                continue
            view.add_node(sdg.iri, type="sdg", label=f"SDG {sdg.code}", code=sdg.code, kind=sdg.kind)
            view.add_edge(theme.iri, sdg.iri, key="sdg")
            goal = next((s for s in sdgs.values() if s.code == sdg.goal), None) if sdg.goal else None
            if goal is not None:
                view.add_node(goal.iri, type="sdg", label=f"SDG {goal.code}", code=goal.code, kind="goal")
                view.add_edge(sdg.iri, goal.iri, key="target_of")
    return view
