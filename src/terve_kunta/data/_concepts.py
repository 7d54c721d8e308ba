"""Read concepts out of an RDF graph in the ontology's terms: themes, criteria and their headings, SDGs, activities.

Like :mod:`terve_kunta.data.readers`, these functions only read; the view caches what they return.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from terve_kunta.data.readers import _int, _iris, _slug, _subjects, labels, text_value
from terve_kunta.models import SDG, Activity, Criterion, CriterionHeading, HostedEvent, Municipality, Theme
from terve_kunta.namespaces import DCTERMS, OWL, PROV, RDF, SDGO, SKOS, TK
from terve_kunta.namespaces import SDG as SDG_NS

__all__ = ["activities", "criteria", "criterion_headings", "hosted_events", "project_texts", "sdgs", "themes"]


def project_texts(graph: Graph, node: Node) -> set[tuple[URIRef, str, str]]:
    """The texts of ``node`` marked as the project's own (``tk:ProjectText``), as (property, language, text)."""
    found = set()
    for mark in graph.subjects(OWL.annotatedSource, node):
        if (mark, RDF.type, TK.ProjectText) in graph or (mark, RDF.type, TK.Translation) in graph:
            predicate, text = graph.value(mark, OWL.annotatedProperty), graph.value(mark, OWL.annotatedTarget)
            if isinstance(predicate, URIRef) and isinstance(text, Literal):
                found.add((predicate, text.language or "", str(text)))
    return found


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


def _heading(graph: Graph, criterion: URIRef) -> Node | None:
    """The heading a criterion is listed under: its tk:CriterionHeading, or in older data its skos:broader group."""
    for heading in sorted(graph.subjects(SKOS.member, criterion), key=str):
        if (heading, RDF.type, TK.CriterionHeading) in graph:
            return heading
    return graph.value(criterion, SKOS.broader)


def _project_text_keys(graph: Graph, node: URIRef) -> tuple[str, ...]:
    kinds = {SKOS.prefLabel: "label", SKOS.definition: "text"}
    keys = {f"{kinds[p]}:{lang}" for p, lang, _ in project_texts(graph, node) if p in kinds}
    return tuple(sorted(keys))


def criteria(graph: Graph, scheme: URIRef) -> list[Criterion]:
    """The criteria of a scheme in their stated order."""
    found = []
    for node in _ordered(graph, {n for n in _subjects(graph, TK.Criterion) if (n, SKOS.inScheme, scheme) in graph}):
        group = _heading(graph, node)
        found.append(
            Criterion(
                iri=str(node),
                slug=text_value(graph, node, SKOS.notation) or _slug(node),
                order=_int(graph, node, TK.order) or 0,
                group=(text_value(graph, group, SKOS.notation) or _slug(group)) if group is not None else "",
                group_labels=labels(graph, group) if group else {},
                labels=labels(graph, node),
                texts=labels(graph, node, SKOS.definition) or labels(graph, node),
                sources=_iris(graph, node, DCTERMS.source),
                project_texts=_project_text_keys(graph, node),
            )
        )
    return found


def criterion_headings(graph: Graph, scheme: URIRef) -> list[CriterionHeading]:
    """The headings that the criteria of a scheme are listed under, in their stated order."""
    in_scheme = criteria(graph, scheme)
    headings: dict[str, list[str]] = {}
    for criterion in in_scheme:
        heading = _heading(graph, URIRef(criterion.iri))
        if heading is not None:
            headings.setdefault(str(heading), []).append(criterion.slug)
    return [
        CriterionHeading(
            iri=str(node),
            slug=text_value(graph, node, SKOS.notation) or _slug(node),
            order=_int(graph, node, TK.order) or 0,
            labels=labels(graph, node),
            criteria=tuple(headings[str(node)]),
            sources=_iris(graph, node, DCTERMS.source),
        )
        for node in _ordered(graph, {URIRef(h) for h in headings})
    ]


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
