"""``kg.export``: the graph in one format and profile, with its description, as text.

RDF is written by Oxigraph (Turtle, N-Triples, N-Quads, TriG, RDF/XML: many times
faster than rdflib's writers), JSON-LD by :mod:`terve_kunta.export.jsonld` with the
package's context embedded, CSV by :mod:`terve_kunta.export.members_csv`. The quad
formats keep each packaged file in its named graph and the description in
:data:`~terve_kunta.export.graphs.DESCRIPTION_GRAPH`; the triple formats hold the
union. Options are checked before anything is read.

>>> import terve_kunta as tk
>>> kg = tk.load()
>>> text = export(kg, kg.store, format="nt", profile="who")
>>> "<https://w3id.org/terve-kunta/id/network>" in text, "/municipality/588>" in text  # Pertunmaa: no member
(True, False)
>>> export(kg, kg.store, format="yaml")
Traceback (most recent call last):
...
terve_kunta.errors.OptionError: format: expected one of turtle, json-ld, nt, nq, trig, xml, csv, got 'yaml'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from rdflib import Graph, URIRef
from rdflib.term import Node

from terve_kunta.data.view import GraphView
from terve_kunta.export.description import describe
from terve_kunta.export.formats import FORMATS, PROFILES
from terve_kunta.export.graphs import DESCRIPTION_GRAPH, store_quads
from terve_kunta.export.jsonld import flat, framed, to_json
from terve_kunta.export.members_csv import members_csv
from terve_kunta.export.profiles import Selection, selected_quads
from terve_kunta.namespaces import PREFIXES
from terve_kunta.options import check_choice, parse_date
from terve_kunta.rdf.terms import to_oxigraph
from terve_kunta.stores.base import Store

__all__ = ["Export", "check_options", "export", "prepare", "render", "write_oxigraph"]

Quad = tuple[Node, Node, Node, URIRef | None]
#: The reverse keys that nest the ``who`` profile's JSON-LD (members' memberships, the network's activities).
WHO_FRAME = ("memberships", "activities", "occurrences")


def check_options(format: str, profile: str, as_of: date | str | None) -> date | None:
    """Check the options of an export (an :class:`~terve_kunta.errors.OptionError` names a bad one)."""
    check_choice("format", format, tuple(FORMATS))
    check_choice("profile", profile, PROFILES)
    return None if as_of is None else parse_date(as_of, "as_of")


@dataclass(frozen=True)
class Export:
    """What one profile of a graph exports: its data and description, ready to be written in any format."""

    view: GraphView
    profile: str
    as_of: date | None
    selection: Selection
    description: Graph

    def quads(self) -> list[Quad]:
        """The data's quads, then the description's (in its named graph)."""
        return [*self.selection.quads, *((s, p, o, DESCRIPTION_GRAPH) for s, p, o in self.description)]

    def triples(self) -> list[tuple[Node, Node, Node]]:
        """Every distinct triple of the data and the description."""
        return list(dict.fromkeys(q[:3] for q in self.quads()))


def prepare(view: GraphView, store: Store, profile: str, as_of: date | None, when: datetime | None = None) -> Export:
    """Select the data of ``profile`` from ``store`` and describe it (options already checked)."""
    selection = selected_quads(view, store_quads(store), profile, as_of)
    return Export(view, profile, as_of, selection, describe(view, selection, profile, when))


def write_oxigraph(quads: Iterable[Quad], name: str, keep_graphs: bool) -> str:
    """``quads`` in the pyoxigraph format ``name``; ``keep_graphs``: as quads, else as distinct triples."""
    import pyoxigraph as ox

    term = cache(to_oxigraph)
    graph_term = cache(lambda g: ox.DefaultGraph() if g is None else ox.NamedNode(str(g)))
    kind = getattr(ox.RdfFormat, name)
    if keep_graphs:
        items: Any = (ox.Quad(term(s), term(p), term(o), graph_term(g)) for s, p, o, g in quads)
    else:
        items = (ox.Triple(term(s), term(p), term(o)) for s, p, o in dict.fromkeys(q[:3] for q in quads))
    prefixes = PREFIXES if name in ("TURTLE", "TRIG", "RDF_XML") else None
    data = ox.serialize(items, format=kind, prefixes=prefixes)
    assert data is not None
    return bytes(data).decode("utf-8")


def render(data: Export, format: str) -> str:
    """``data`` in ``format`` (see the module)."""
    fmt = FORMATS[format]
    if not fmt.rdf:
        return members_csv(data.view, data.as_of)
    if fmt.oxigraph is not None:
        return write_oxigraph(data.quads(), fmt.oxigraph, fmt.quads)
    if data.profile == "who":
        return to_json(framed(data.triples(), data.view.network_iri, WHO_FRAME))
    return to_json(flat(data.triples()))


def export(
    view: GraphView,
    store: Store,
    format: str = "turtle",
    profile: str = "public",
    as_of: date | str | None = None,
) -> str:
    """The graph of ``store`` in ``format`` and ``profile``, described (:meth:`terve_kunta.KnowledgeGraph.export`)."""
    day = check_options(format, profile, as_of)
    if not FORMATS[format].rdf:
        return members_csv(view, day)
    return render(prepare(view, store, profile, day), format)
