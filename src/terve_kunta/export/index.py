"""An rdflib graph's triples as nested mappings, read without a call per triple.

Exports walk every triple of a graph once or twice; rdflib's ``Graph.triples``
costs several microseconds a triple (a generator, context bookkeeping), which at
millions of triples is most of an export. rdflib's in-memory store keeps its
triples indexed as nested dicts (subject -> predicate -> object, predicate ->
object -> subject); :func:`index_of` reads those directly when the graph is the
store's only context (the graphs of :func:`terve_kunta.load` always are), and
builds the same dicts from ``Graph.triples`` otherwise. Nothing is copied on the
fast path: the index belongs to the graph and must not be changed.

An rdflib store may keep an empty inner dict after a removal, so a subject or a
predicate counts only if it still has a value (:func:`has_values`).

>>> from rdflib import Graph, URIRef
>>> g = Graph()
>>> a, p = URIRef("https://example.org/a"), URIRef("https://example.org/p")
>>> _ = g.add((a, p, a)).add((a, p, p))
>>> index = index_of(g)
>>> sorted(index.spo[a][p]), index.triples
([rdflib.term.URIRef('https://example.org/a'), rdflib.term.URIRef('https://example.org/p')], 2)
>>> _ = g.remove((a, p, None))
>>> index_of(g).triples, has_values(index_of(g).spo.get(a, {}))
(0, False)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Any, Protocol

from rdflib import Graph
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Node

__all__ = ["BySubject", "Index", "Layered", "Nested", "has_values", "index_of", "nested"]

Predicates = Mapping[Node, Iterable[Node]]
#: subject -> predicate -> objects (the objects are the keys of a dict, or any iterable)
Nested = Mapping[Node, Predicates]


class BySubject(Protocol):
    """What the writers read: a :data:`Nested` mapping, or a :class:`Layered` one."""

    def get(self, key: Node, /) -> Predicates | None:
        """The predicates and objects of a subject, or None."""

    def items(self) -> Iterable[tuple[Node, Predicates]]:
        """Each subject with its predicates and objects."""

    def __contains__(self, key: object, /) -> bool: ...


@dataclass(frozen=True)
class Index:
    """The triples of a graph by subject (``spo``) and by predicate (``pos``), and how many there are."""

    spo: Mapping[Node, Mapping[Node, Mapping[Node, Any]]]
    pos: Mapping[Node, Mapping[Node, Mapping[Node, Any]]]
    triples: int


def has_values(mapping: Mapping[Any, Any]) -> bool:
    """Whether any value of ``mapping`` (a dict of dicts) is non-empty."""
    return any(mapping.values())


def _memory_index(graph: Graph) -> Index | None:
    store = graph.store
    if not isinstance(store, Memory):
        return None
    contexts = list(store.contexts())
    if any(getattr(c, "identifier", c) != graph.identifier for c in contexts):
        return None  # the store holds other graphs too: its index is not this graph's
    spo = getattr(store, "_Memory__spo", None)
    pos = getattr(store, "_Memory__pos", None)
    if not isinstance(spo, dict) or not isinstance(pos, dict):
        return None  # another rdflib version: take the slow path
    return Index(spo, pos, len(graph))


def nested(triples: Iterable[tuple[Node, Node, Node]]) -> tuple[dict[Node, dict[Node, dict[Node, int]]], int]:
    """``triples`` as subject -> predicate -> {object: 1} (distinct), and how many distinct triples."""
    spo: dict[Node, dict[Node, dict[Node, int]]] = {}
    count = 0
    for s, p, o in triples:
        objects = spo.setdefault(s, {}).setdefault(p, {})
        if o not in objects:
            objects[o] = 1
            count += 1
    return spo, count


def index_of(graph: Graph) -> Index:
    """The index of ``graph``: its store's own on the fast path (see the module), else one built here."""
    found = _memory_index(graph)
    if found is not None:
        return found
    spo, count = nested(graph)
    pos: dict[Node, dict[Node, dict[Node, int]]] = {}
    for s, predicates in spo.items():
        for p, objects in predicates.items():
            by_object = pos.setdefault(p, {})
            for o in objects:
                by_object.setdefault(o, {})[s] = 1
    return Index(spo, pos, count)


class Layered:
    """Nested mappings read as one, less what is left out.

    A subject in several layers has their predicates merged; ``left_out`` subjects
    are not there; ``removed`` maps a subject to (predicate, object) pairs that are not
    there. The first layer is the big one (a graph's index): iterating it costs no
    more than a dict lookup per subject.
    """

    def __init__(
        self,
        layers: Sequence[Nested],
        left_out: Set[Node] = frozenset(),
        removed: Mapping[Node, Set[tuple[Node, Node]]] | None = None,
    ) -> None:
        self._layers = list(layers)
        self._left_out = left_out
        self._removed = removed or {}

    def _merged(self, s: Node, first: Predicates | None) -> Predicates | None:
        found = [first] if first is not None else []
        found += [layer[s] for layer in self._layers[1:] if s in layer]
        if not found:
            return None
        merged: Predicates = found[0]
        if len(found) > 1:
            union: dict[Node, dict[Node, int]] = {}
            for predicates in found:
                for p, objects in predicates.items():
                    union.setdefault(p, {}).update(dict.fromkeys(objects, 1))
            merged = union
        dropped = self._removed.get(s)
        if dropped:
            merged = {p: [o for o in objects if (p, o) not in dropped] for p, objects in merged.items()}
        return merged

    def get(self, s: Node, /) -> Predicates | None:
        """The predicates and objects of ``s`` in every layer, less what is left out; None if it has none."""
        if s in self._left_out:
            return None
        return self._merged(s, self._layers[0].get(s) if self._layers else None)

    def __contains__(self, s: object) -> bool:
        return s not in self._left_out and any(s in layer for layer in self._layers)

    def items(self) -> Iterator[tuple[Node, Predicates]]:
        """Each subject with its predicates and objects: the first layer's in its order, then the others' new ones."""
        if not self._layers:
            return
        first, rest = self._layers[0], self._layers[1:]
        if not rest and not self._left_out and not self._removed:
            yield from first.items()
            return
        left_out, removed = self._left_out, self._removed
        for s, predicates in first.items():
            if s in left_out:
                continue
            if s in removed or any(s in layer for layer in rest):
                merged = self._merged(s, predicates)
                assert merged is not None
                yield s, merged
            else:
                yield s, predicates
        done: set[Node] = set()
        for number, layer in enumerate(rest, 1):
            for s in layer:
                if s in first or s in left_out or s in done or any(s in earlier for earlier in rest[: number - 1]):
                    continue
                done.add(s)
                merged = self._merged(s, None)
                assert merged is not None
                yield s, merged
