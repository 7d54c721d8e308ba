"""``kg.export``: the graph in one format and profile, with its description, as text.

The selected triples are written as N-Triples or N-Quads straight from the graph's
index (:mod:`terve_kunta.export.ntriples`); Turtle, TriG and RDF/XML are written by
Oxigraph from that text; JSON-LD by :mod:`terve_kunta.export.jsonld` with the
package's context embedded; CSV by :mod:`terve_kunta.export.members_csv`. The quad
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

from collections.abc import Iterator
from datetime import date, datetime
from functools import cached_property

from rdflib import Graph, URIRef
from rdflib.term import Node

from terve_kunta.data.view import GraphView
from terve_kunta.export.description import describe
from terve_kunta.export.formats import FORMATS, PROFILES
from terve_kunta.export.graphs import DESCRIPTION_GRAPH, store_data
from terve_kunta.export.index import nested
from terve_kunta.export.jsonld import flat, framed, to_json
from terve_kunta.export.members_csv import members_csv
from terve_kunta.export.ntriples import Terms, nquads_by_graph, ntriples_lines, via_oxigraph
from terve_kunta.export.profiles import select
from terve_kunta.export.selection import Selection
from terve_kunta.options import check_choice, parse_date
from terve_kunta.rdf.canonical import new_graph
from terve_kunta.stores.base import Store

__all__ = ["Export", "check_options", "export", "prepare", "render"]

Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, URIRef | None]
#: The reverse keys that nest the ``who`` profile's JSON-LD (members' memberships, the network's activities).
WHO_FRAME = ("memberships", "activities", "occurrences")


def check_options(format: str, profile: str, as_of: date | str | None) -> date | None:
    """Check the options of an export (an :class:`~terve_kunta.errors.OptionError` names a bad one)."""
    check_choice("format", format, tuple(FORMATS))
    check_choice("profile", profile, PROFILES)
    return None if as_of is None else parse_date(as_of, "as_of")


class Export:
    """What one profile of a graph exports: its data and description, ready to be written in any format.

    The texts of the formats share their work (N-Triples for Turtle and RDF/XML,
    N-Quads for TriG), made once when first asked for.
    """

    def __init__(
        self, view: GraphView, profile: str, as_of: date | None, selection: Selection, description: list[Triple]
    ) -> None:
        self.view, self.profile, self.as_of = view, profile, as_of
        self.selection = selection
        self.description_triples = list(dict.fromkeys(description))  # a licence of several parts is typed once
        self._terms = Terms()

    @cached_property
    def description(self) -> Graph:
        """The description (DCAT-AP, VoID, PROV) as an rdflib graph."""
        return new_graph(self.description_triples)

    @cached_property
    def _described(self) -> dict[Node, dict[Node, dict[Node, int]]]:
        """The description's triples that the data does not hold already, by subject."""
        has = self.selection.has
        return nested(t for t in self.description_triples if not has(*t))[0]

    def quads(self) -> Iterator[Quad]:
        """The data's quads, then the description's (in its named graph)."""
        yield from self.selection.quads()
        for s, p, o in self.description_triples:
            yield s, p, o, DESCRIPTION_GRAPH

    def triples(self) -> Iterator[Triple]:
        """Every distinct triple of the data and the description."""
        for s, predicates in self.selection.view(self._described).items():
            for p, objects in predicates.items():
                for o in objects:
                    yield s, p, o

    @cached_property
    def ntriples(self) -> str:
        """The union of the data and the description as N-Triples."""
        lines: list[str] = []
        ntriples_lines(self.selection.view().items(), self._terms, lines)
        ntriples_lines(self._described.items(), self._terms, lines)
        return "".join(lines)

    @cached_property
    def nquads(self) -> str:
        """The data in its named graphs and the description in its own, as N-Quads, a graph after another."""
        by_graph = nquads_by_graph(self.selection.view().items(), self.selection.graphs, self._terms)
        description, _ = nested(self.description_triples)
        end = f" {self._terms.iri(DESCRIPTION_GRAPH)} .\n"
        lines: list[str] = []
        ntriples_lines(description.items(), self._terms, lines)
        chunks = [*("".join(part) for part in by_graph.values()), "".join(line[:-3] + end for line in lines)]
        return "".join(chunks)

    def render(self, format: str) -> str:
        """The export in ``format`` (see the module)."""
        fmt = FORMATS[format]
        if not fmt.rdf:
            return members_csv(self.view, self.as_of)
        if format == "nt":
            return self.ntriples
        if format == "nq":
            return self.nquads
        if fmt.oxigraph is not None:
            return via_oxigraph(self.nquads if fmt.quads else self.ntriples, fmt.quads, fmt.oxigraph)
        data = self.selection.view(self._described)
        if self.profile == "who":
            return to_json(framed(data, self.view.network_iri, WHO_FRAME))
        return to_json(flat(data), indent=self.selection.index is None or self.selection.index.triples < 100_000)


def prepare(view: GraphView, store: Store, profile: str, as_of: date | None, when: datetime | None = None) -> Export:
    """Select the data of ``profile`` from ``store`` and describe it (options already checked)."""
    selection = select(view, store_data(store), profile, as_of)
    return Export(view, profile, as_of, selection, describe(view, selection, profile, when))


def render(data: Export, format: str) -> str:
    """``data`` in ``format`` (see the module)."""
    return data.render(format)


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
