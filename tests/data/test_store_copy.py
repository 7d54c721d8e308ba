"""A loaded graph is a copy of the packaged one that behaves exactly as a graph filled triple by triple."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import Dataset
from rdflib.namespace import DCTERMS, SKOS
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Node

import terve_kunta as tk
from terve_kunta.data import files
from terve_kunta.data._store_copy import _fields, copy_single_context, fill_empty, subject_index
from terve_kunta.data.files import TrackedMemory, new_tracked_graph

KUOPIO = tk.ID["municipality/297"]
NEW = (URIRef("urn:test:s"), URIRef("urn:test:p"), Literal("o"))


def _filled_one_by_one() -> Graph:
    return new_tracked_graph(files._packaged_graph())


def test_the_copy_is_made_from_the_indexes_with_this_rdflib() -> None:
    target = Graph(store=TrackedMemory())
    assert copy_single_context(files._packaged_graph(), target)
    assert set(target) == set(files._packaged_graph())


def test_a_loaded_graph_equals_one_filled_triple_by_triple() -> None:
    copied, filled = files.load_graph(), _filled_one_by_one()
    assert len(copied) == len(filled) == len(files._packaged_graph())
    assert set(copied) == set(filled)
    assert list(copied.store.contexts()) == [copied]  # its own context, not the packaged graph's
    label = (KUOPIO, SKOS.prefLabel, Literal("Kuopio", lang="fi"))
    assert list(copied.store.contexts(label)) == [copied] and list(filled.store.contexts(label)) == [filled]
    assert set(copied.triples((KUOPIO, None, None))) == set(filled.triples((KUOPIO, None, None)))
    codes = (None, DCTERMS.identifier, None)
    assert set(copied.triples(codes)) == set(filled.triples(codes))
    assert set(copied.subjects(None, Literal("297"))) == set(filled.subjects(None, Literal("297")))
    assert dict(copied.namespaces()) == dict(filled.namespaces())
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a tk:Member }"
    assert list(copied.query(query)) == list(filled.query(query))
    assert getattr(copied.store, "version") == getattr(files._packaged_graph().store, "version")  # noqa: B009


def test_changes_to_a_copy_reach_no_other_graph() -> None:
    first, second = files.load_graph(), files.load_graph()
    packaged = len(files._packaged_graph())
    name = next(first.objects(KUOPIO, SKOS.prefLabel))
    first.add(NEW)
    first.remove((KUOPIO, None, None))
    first.add((KUOPIO, SKOS.prefLabel, Literal("Toinen", lang="fi")))
    assert (KUOPIO, SKOS.prefLabel, name) in second and NEW not in second
    assert len(second) == len(files._packaged_graph()) == packaged
    assert (KUOPIO, SKOS.prefLabel, name) in files._packaged_graph()
    assert set(first.objects(KUOPIO, SKOS.prefLabel)) == {Literal("Toinen", lang="fi")}
    assert len(first) == packaged + 2 - len(set(second.triples((KUOPIO, None, None))))
    second.remove(next(iter(second.triples((None, DCTERMS.identifier, None)))))
    assert len(files._packaged_graph()) == packaged
    first.bind("esimerkki", "urn:example:")
    assert second.store.prefix(URIRef("urn:example:")) is None
    assert "esimerkki" not in dict(second.namespaces()) and "esimerkki" not in dict(files.load_graph().namespaces())


def test_a_change_to_a_copy_is_counted_and_empties_its_views() -> None:
    kg = tk.load()
    before = kg.member("Kuopio").names["fi"]
    kg.rdf.remove((KUOPIO, SKOS.prefLabel, None))
    kg.rdf.add((KUOPIO, SKOS.prefLabel, Literal("Toinen", lang="fi")))
    assert before == "Kuopio" and kg.member("297").names["fi"] == "Toinen"
    assert tk.load().member("297").names["fi"] == "Kuopio"


def test_stores_laid_out_otherwise_are_refused_and_left_alone() -> None:
    empty_source = Graph(store=Memory())
    target = Graph(store=Memory())
    assert not copy_single_context(empty_source, target)  # nothing in its context yet
    two = Dataset(store=Memory())
    two.graph(URIRef("urn:g:1")).add(NEW)
    two.graph(URIRef("urn:g:2")).add(NEW)
    assert not copy_single_context(two, target) and len(target) == 0
    filled = Graph(store=Memory())
    filled.add(NEW)
    assert not copy_single_context(_filled_one_by_one(), filled) and set(filled) == {NEW}  # target not empty
    simple = Graph(store="SimpleMemory")
    simple.add(NEW)
    assert not copy_single_context(simple, target) and len(target) == 0
    assert not copy_single_context(_filled_one_by_one(), Graph(store="SimpleMemory"))


def test_load_falls_back_to_adding_triples_when_the_copy_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "copy_single_context", lambda source, target: False)
    graph = files.load_graph()
    assert set(graph) == set(files._packaged_graph()) and isinstance(graph.store, TrackedMemory)


def test_a_graph_filled_from_triples_equals_one_filled_one_by_one() -> None:
    triples = list(files._packaged_graph())
    built = new_tracked_graph([*triples, *triples[:50]])  # a repeated triple is kept once
    filled = Graph(store=TrackedMemory())
    filled.addN((s, p, o, filled) for s, p, o in triples)
    assert len(built) == len(filled) == len(triples) and set(built) == set(filled)
    assert list(built.store.contexts()) == [built]
    label = (KUOPIO, SKOS.prefLabel, Literal("Kuopio", lang="fi"))
    assert list(built.store.contexts(label)) == [built]
    for pattern in [(KUOPIO, None, None), (None, DCTERMS.identifier, None), (None, None, Literal("297"))]:
        assert set(built.triples(pattern)) == set(filled.triples(pattern))
    assert getattr(built.store, "version") == len(triples)  # noqa: B009
    built.remove(label)
    built.add(NEW)
    built.add(NEW)
    assert len(built) == len(triples) and label not in built and NEW in built
    assert label in files._packaged_graph() and NEW not in files._packaged_graph()


def test_an_empty_fill_leaves_a_graph_that_takes_triples() -> None:
    empty = new_tracked_graph()
    assert len(empty) == 0 and list(empty) == []
    empty.add(NEW)
    assert set(empty) == {NEW} and list(empty.store.contexts()) == [empty]


def test_a_fill_is_refused_where_the_store_is_not_an_empty_memory_graph() -> None:
    filled = Graph(store=Memory())
    filled.add(NEW)
    other = (URIRef("urn:test:t"), URIRef("urn:test:p"), Literal("x"))
    assert not fill_empty(filled, [other]) and set(filled) == {NEW}
    assert not fill_empty(Graph(store="SimpleMemory"), [other])
    assert not fill_empty(Dataset(store=Memory()), [other])


def test_new_graphs_fall_back_to_adding_triples_when_the_fill_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "fill_empty", lambda target, triples: False)
    graph = new_tracked_graph([NEW, NEW])
    assert set(graph) == {NEW} and getattr(graph.store, "version") == 2  # noqa: B009


def _named(graph: Graph) -> set[tuple[Node, Node, Node]]:
    return {t for t in graph if not any(isinstance(term, BNode) for term in t)}


def test_a_registry_file_is_read_into_a_copy_of_the_rest(tmp_path: Path) -> None:
    registry = tmp_path / "registry.ttl"
    registry.write_text(files._resource(files.REGISTRY_FILE).read_text(encoding="utf-8"), encoding="utf-8")
    read, packaged = files.load_graph(registry), files.load_graph()
    assert len(read) == len(packaged) and _named(read) == _named(packaged)  # blank nodes: new names each parse
    rest = files._packaged_graph(with_registry=False)
    membership = tk.ID["membership/terve-kunta/municipality/297/1"]
    assert (membership, None, None) not in rest and (membership, None, None) in files.load_graph(registry)
    registry.write_text("", encoding="utf-8")
    assert set(files.load_graph(registry)) == set(rest)  # an empty registry: nobody is a member


def _private(graph: Graph) -> dict[str, object]:
    found = _fields(graph.store)  # type: ignore[arg-type]
    assert found is not None
    return found


def test_the_stores_hold_exactly_what_memory_add_leaves() -> None:
    """Field by field, against a store filled by Memory.add under a graph of the same name (so context keys agree)."""
    triples = list(files._packaged_graph())
    name = URIRef("urn:test:graph")
    reference = Graph(store=TrackedMemory(), identifier=name, bind_namespaces="none")
    reference.addN((s, p, o, reference) for s, p, o in triples)
    built = Graph(store=TrackedMemory(), identifier=name, bind_namespaces="none")
    assert fill_empty(built, triples)
    assert _private(built) == _private(reference)
    copied = Graph(store=TrackedMemory(), identifier=name, bind_namespaces="none")
    assert copy_single_context(files._packaged_graph(), copied)
    expected = _private(reference) | {k: _private(files._packaged_graph())[k] for k in ("namespace", "prefix")}
    assert _private(copied) == expected
    assert fill_empty(Graph(store=TrackedMemory()), [])  # nothing to add is not a refusal


class _OtherLayout(Memory):
    """A Memory subclass laid out otherwise, as another rdflib version might be."""

    def __init__(self) -> None:
        super().__init__()
        del self._Memory__spo  # type: ignore[attr-defined]


def test_a_store_laid_out_otherwise_is_filled_triple_by_triple() -> None:
    odd = Graph(store=Memory())
    odd.add(NEW)
    del odd.store._Memory__pos  # type: ignore[attr-defined]
    target = Graph(store=TrackedMemory())
    assert not copy_single_context(odd, target) and len(target) == 0
    assert not fill_empty(Graph(store=_OtherLayout()), [NEW])
    assert not copy_single_context(_filled_one_by_one(), Graph(store=_OtherLayout()))


def test_the_subject_index_gives_what_graph_objects_gives_in_its_order() -> None:
    graph = files.load_graph()
    graph.remove((KUOPIO, None, None))
    graph.add((KUOPIO, SKOS.prefLabel, Literal("Toinen", lang="fi")))
    graph.add((KUOPIO, SKOS.prefLabel, Literal("Kolmas", lang="fi")))
    graph.add(NEW)
    index = subject_index(graph)
    assert index is not None
    pairs = {(s, p) for s, p, _ in graph}
    assert {(s, p) for s, objects in index.items() for p, found in objects.items() if found} == pairs
    assert all(list(index[s][p]) == list(graph.objects(s, p)) for s, p in pairs)
    assert list(index[KUOPIO][SKOS.prefLabel]) == [Literal("Toinen", lang="fi"), Literal("Kolmas", lang="fi")]


def test_no_subject_index_where_a_graph_is_laid_out_otherwise() -> None:
    assert subject_index(Graph(store=Memory())) is None  # nothing in its own context yet
    two = Dataset(store=Memory())
    two.graph(URIRef("urn:g:1")).add(NEW)
    two.graph(URIRef("urn:g:2")).add(NEW)
    assert subject_index(two) is None and subject_index(two.graph(URIRef("urn:g:1"))) is None
    shared = Graph(store=Memory(), identifier=URIRef("urn:g:a"))
    shared.add(NEW)
    Graph(store=shared.store, identifier=URIRef("urn:g:b")).add((NEW[0], NEW[1], Literal("elsewhere")))
    assert subject_index(shared) is None  # a store that holds another graph too
    simple = Graph(store="SimpleMemory")
    simple.add(NEW)
    assert subject_index(simple) is None
    assert subject_index(new_tracked_graph([NEW])) is not None
