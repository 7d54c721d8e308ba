"""The profiles of an export: which triples leave, and in which named graph.

- ``public``: every triple but personal data (:mod:`terve_kunta.export.privacy`);
- ``who``: what the WHO European Healthy Cities Network office needs about a national
  network (:mod:`terve_kunta.export.who`), in English and Finnish, and no personal data;
- ``full``: every triple, personal data included: only when it is asked for by name.

With ``as_of``, the memberships that do not hold on that day are left out (for
``who`` the default is today: its members are the network's members on that day).

The selection (:class:`~terve_kunta.export.selection.Selection`) does not copy the
graph: it is the graph's index with what is left out.

>>> import terve_kunta as tk
>>> from terve_kunta.export.graphs import store_data
>>> kg = tk.load()
>>> who = select(kg, store_data(kg.store), "who", None)
>>> len(who.members), who.counts().triples < kg.triple_count
(52, True)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from terve_kunta.data.view import GraphView
from terve_kunta.export.graphs import StoreData
from terve_kunta.export.index import Index, has_values
from terve_kunta.export.privacy import Privacy
from terve_kunta.export.selection import Selection
from terve_kunta.export.who import who_selection
from terve_kunta.namespaces import ORG

__all__ = ["select"]


def _closed_memberships(view: GraphView, rdf: Graph, day: date) -> set[Node]:
    """The memberships (of any network) that do not hold on ``day``."""
    closed: set[Node] = set()
    for network in {o for o in rdf.objects(None, ORG.organization) if isinstance(o, URIRef)}:
        for memberships in view.memberships(network).values():
            closed |= {URIRef(m.iri) for m in memberships if not m.is_active(day)}
    return closed


def _with_blank_nodes(index: Index, roots: Iterable[Node]) -> set[Node]:
    """``roots`` and the blank nodes reached from them."""
    found: set[Node] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        if node not in found:
            found.add(node)
            stack.extend(o for objects in index.spo.get(node, {}).values() for o in objects if isinstance(o, BNode))
    return found


def _leave_out(selection: Selection, rdf: Graph, nodes: Iterable[Node], properties: Iterable[Node]) -> None:
    """Leave out every triple about or to ``nodes``, and every triple of ``properties``."""
    spo = selection.data
    nodes = set(nodes)
    selection.left_out |= {n for n in nodes if n in spo and has_values(spo[n])}
    for node in nodes:
        for s, p in rdf.subject_predicates(node):
            if s not in nodes:
                selection.removed.setdefault(s, set()).add((p, node))
    for p in properties:
        for s, o in rdf.subject_objects(p):
            if s not in nodes:
                selection.removed.setdefault(s, set()).add((p, o))


def select(view: GraphView, data: StoreData, profile: str, as_of: date | None) -> Selection:
    """What ``profile`` lets leave the store whose data is ``data`` (see the module)."""
    if profile == "who":
        return who_selection(view, data, as_of or date.today())
    rdf = data.union
    selection = Selection(data.index.spo, data.graphs, index=data.index)
    if profile != "full":
        privacy = Privacy.of(rdf)
        if not privacy.empty:
            _leave_out(selection, rdf, privacy.nodes, privacy.properties)
    if as_of is not None:
        dropped = _with_blank_nodes(data.index, _closed_memberships(view, rdf, as_of))
        _leave_out(selection, rdf, dropped, ())
    return selection
