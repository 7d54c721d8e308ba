"""rdf/canonical.py: blank nodes are named from one pass over the triples, as from the graph's own lookups.

The names of blank nodes that a parser did not number come from their place and content.
Without a cycle of blank nodes those do not depend on the order of the statements, so
they are read from an index built in one pass; with a cycle the graph is asked node by
node, as before. The shipped files themselves are checked in tests/data/test_files.py.
"""

from __future__ import annotations

import threading

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS
from rdflib.term import Node

import terve_kunta as tk
from terve_kunta.rdf import canonical
from terve_kunta.rdf.canonical import _has_cycle, _Links, _stable_names, canonical_turtle

A = URIRef("urn:a")


def edges(*pairs: tuple[str, str]) -> dict[Node, list[tuple[Node, Node]]]:
    below: dict[Node, list[tuple[Node, Node]]] = {}
    for s, o in pairs:
        below.setdefault(BNode(s), []).append((RDFS.seeAlso, BNode(o)))
    return below


def ladder_step(n: int) -> list[tuple[str, str]]:
    """One diamond of a ladder: n -> nl, nr -> n+1 (the lower steps listed first, so they are done first)."""
    return [(f"{n}l", f"{n + 1}"), (f"{n}r", f"{n + 1}"), (f"{n}", f"{n}l"), (f"{n}", f"{n}r")]


@pytest.mark.parametrize(
    ("pairs", "cyclic"),
    [
        ((), False),
        ((("x", "x"),), True),  # itself
        ((("x", "y"), ("y", "x")), True),
        ((("x", "y"), ("y", "z"), ("z", "w")), False),  # a chain
        ((("x", "y"), ("x", "z"), ("y", "w"), ("z", "w")), False),  # a diamond: w twice, no cycle
        ((("a", "b"), ("x", "y"), ("y", "z"), ("z", "x")), True),  # a cycle not reached from the first node
        ((("x", "y"), ("y", "z"), ("z", "y")), True),  # a cycle below the start
        ((("a", "b"), ("b", "c"), ("x", "y"), ("y", "x")), True),  # after a start that is already done
        (tuple(pair for n in reversed(range(40)) for pair in ladder_step(n)), False),  # 2**40 paths, each node once
    ],
)  # fmt: skip
def test_a_cycle_of_blank_nodes_is_found(pairs: tuple[tuple[str, str], ...], cyclic: bool) -> None:
    assert _has_cycle(edges(*pairs)) is cyclic


def test_a_uri_between_blank_nodes_makes_no_cycle() -> None:
    below: dict[Node, list[tuple[Node, Node]]] = {BNode("x"): [(RDFS.seeAlso, A)], A: [(RDFS.seeAlso, BNode("x"))]}
    assert not _has_cycle(below)


def names_both_ways(graph: Graph, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[BNode, BNode], dict[BNode, BNode]]:
    triples = list(graph)
    indexed = _stable_names(graph, triples)
    with monkeypatch.context() as patch:
        patch.setattr(canonical, "_has_cycle", lambda below: True)  # as if cyclic: the graph's own lookups
        asked = _stable_names(graph, triples)
    return indexed, asked


def test_the_registry_s_blank_nodes_are_named_alike_either_way(
    kg: tk.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = kg.registry_graph()
    assert _Links(registry, list(registry)).indexed
    indexed, asked = names_both_ways(registry, monkeypatch)
    assert indexed == asked and len(indexed) > 100


def test_nested_and_alike_blank_nodes_are_named_alike_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = Graph()
    for member in ("urn:m1", "urn:m2"):
        interval = BNode()
        graph.add((URIRef(member), URIRef("urn:during"), interval))
        for day in ("2018-11-14", "2024-06", "2024-06"):  # two alike instants
            instant = BNode()
            graph.add((interval, URIRef("urn:inside"), instant))
            graph.add((instant, URIRef("urn:day"), Literal(day)))
    shared = BNode()
    graph.add((URIRef("urn:m1"), URIRef("urn:source"), shared))
    graph.add((URIRef("urn:m2"), URIRef("urn:source"), shared))
    indexed, asked = names_both_ways(graph, monkeypatch)
    assert indexed == asked and len(set(indexed.values())) == 9


def test_a_graph_with_a_cycle_is_asked_node_by_node_and_still_written_whole() -> None:
    graph = Graph()
    x, y = BNode(), BNode()
    graph.add((A, RDFS.seeAlso, x))
    graph.add((x, RDFS.seeAlso, y))
    graph.add((y, RDFS.seeAlso, x))
    graph.add((y, RDFS.label, Literal("y")))
    links = _Links(graph, list(graph))
    assert not links.indexed
    assert links.below(y) == list(graph.predicate_objects(y)) and links.above(x) == list(graph.subject_predicates(x))
    assert links.below(A) == list(graph.predicate_objects(A))
    assert isomorphic(Graph().parse(data=canonical_turtle(graph), format="turtle"), graph)


def test_without_a_cycle_a_node_without_statements_has_none(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = Graph()
    graph.add((A, RDFS.seeAlso, BNode("x")))
    links = _Links(graph, list(graph))
    monkeypatch.setattr(Graph, "predicate_objects", lambda *args: pytest.fail("the graph was asked"))
    monkeypatch.setattr(Graph, "subject_predicates", lambda *args: pytest.fail("the graph was asked"))
    assert links.indexed and links.below(BNode("x")) == [] and links.above(A) == []
    assert links.above(BNode("x")) == [(A, RDFS.seeAlso)]


def test_threads_write_the_same_text(kg: tk.KnowledgeGraph) -> None:
    registry = kg.registry_graph()
    texts: list[str] = []
    workers = [threading.Thread(target=lambda: texts.append(canonical_turtle(registry))) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(texts) == 3 and set(texts) == {canonical_turtle(registry)}
