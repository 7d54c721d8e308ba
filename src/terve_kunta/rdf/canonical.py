"""The one canonical Turtle form in which the package's RDF files are kept.

Canonical Turtle is rdflib's ``longturtle`` serialisation (sorted subjects and
predicates, one object per line, blank nodes nested) with the prefixes of
:data:`terve_kunta.namespaces.PREFIXES`. Blank nodes that share a subject and a
predicate (the ``sh:property`` shapes of a node shape, two ``time:inside`` instants of
an interval) are written in an order that does not depend on the random names a parser
or a program gives them: those that rdflib's Turtle parser numbered keep the order of
the file (the numbers compared as numbers, ``b10`` after ``b9``); any other is named
after its place and content. Diffs of files kept in this form show only what changed.
``tools/format_turtle.py`` rewrites files into it and a test checks that every shipped
file is in it.

>>> from rdflib import Graph
>>> g = Graph().parse(data='<https://w3id.org/terve-kunta/id/network> '
...     '<http://www.w3.org/2004/02/skos/core#prefLabel> "Terve Kunta -verkosto"@fi .',
...     format="turtle")
>>> print(canonical_turtle(g), end="")
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX tkid: <https://w3id.org/terve-kunta/id/>
<BLANKLINE>
tkid:network
    skos:prefLabel "Terve Kunta -verkosto"@fi ;
.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable

from rdflib import BNode, Graph
from rdflib.term import Node

from terve_kunta.namespaces import PREFIXES
from terve_kunta.rdf._longturtle import longturtle

__all__ = ["canonical_turtle", "new_graph"]


def new_graph(triples: Iterable[tuple[Node, Node, Node]] = ()) -> Graph:
    """Return a graph with the package's prefixes bound (and no others), holding ``triples``.

    >>> len(new_graph())
    0
    """
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


_local = threading.local()


def _names() -> Graph:
    """An empty graph with the package's prefixes, one per thread, kept so that its prefixed names are computed once.

    The longturtle writer asks it only for names under prefixes already bound (never to
    bind a new one), and those do not depend on what it was asked before.
    """
    names: Graph | None = getattr(_local, "names", None)
    if names is None:
        names = _local.names = new_graph()
    return names


_PARSED_BNODE = re.compile(r"^n[0-9a-f]{32}b([0-9]+)$")  # how rdflib's Turtle parser names blank nodes


class _Links:
    """The statements from and to each blank node, indexed in one pass over the graph's triples.

    Without a cycle of blank nodes a node's content and place do not depend on the order
    of its statements (each part is sorted). With one they do (which node is met first
    decides where "[cycle]" stands), so such a graph is asked for each node's statements
    in its own order, as it always was.
    """

    def __init__(self, graph: Graph, triples: list[tuple[Node, Node, Node]]) -> None:
        self.graph = graph
        self.keys: dict[BNode, str] = {}  # _content of each blank node, once known
        self._below: dict[Node, list[tuple[Node, Node]]] = {}
        self._above: dict[Node, list[tuple[Node, Node]]] = {}
        for s, p, o in triples:
            if isinstance(s, BNode):
                self._below.setdefault(s, []).append((p, o))
            if isinstance(o, BNode):
                self._above.setdefault(o, []).append((s, p))
        if _has_cycle(self._below):
            self._below, self._above = {}, {}
            self.indexed = False
        else:
            self.indexed = True

    def below(self, node: Node) -> list[tuple[Node, Node]]:
        """(predicate, object) of each statement about ``node``."""
        if not self.indexed and node not in self._below:
            self._below[node] = list(self.graph.predicate_objects(node))
        return self._below.get(node, [])

    def above(self, node: Node) -> list[tuple[Node, Node]]:
        """(subject, predicate) of each statement whose object is ``node``."""
        if not self.indexed and node not in self._above:
            self._above[node] = list(self.graph.subject_predicates(node))
        return self._above.get(node, [])


def _has_cycle(below: dict[Node, list[tuple[Node, Node]]]) -> bool:
    """Whether a blank node reaches itself through blank-node objects."""
    done: set[Node] = set()
    for start in below:
        if start in done:
            continue
        path, stack = {start}, [(start, iter(below[start]))]
        while stack:
            node, rest = stack[-1]
            step = next((o for _, o in rest if isinstance(o, BNode)), None)
            if step is None:
                stack.pop()
                path.discard(node)
                done.add(node)
            elif step in path:
                return True
            elif step not in done:
                path.add(step)
                stack.append((step, iter(below.get(step, ()))))
    return False


def _content(links: _Links, node: BNode, within: frozenset[BNode]) -> str:
    """What a blank node says, blank nodes below it included: the same text for the same content."""
    keys = links.keys
    if node not in keys:
        parts = []
        for predicate, obj in links.below(node):
            if isinstance(obj, BNode):
                value = "[cycle]" if obj in within else _content(links, obj, within | {node})
            else:
                value = obj.n3()
            parts.append(f"{predicate.n3()} {value}")
        keys[node] = "[" + " ; ".join(sorted(parts)) + "]"
    return keys[node]


def _place(links: _Links, node: BNode, within: frozenset[BNode]) -> str:
    """Where a blank node hangs: the subjects and predicates that point at it, and their own places."""
    parts = []
    for subject, predicate in links.above(node):
        if isinstance(subject, BNode):
            above = "[cycle]" if subject in within else _place(links, subject, within | {node})
            parts.append(f"{above} {_content(links, subject, frozenset())} {predicate.n3()}")
        else:
            parts.append(f"{subject.n3()} {predicate.n3()}")
    return " | ".join(sorted(parts))


def _stable_names(graph: Graph, triples: list[tuple[Node, Node, Node]]) -> dict[BNode, BNode]:
    names: dict[BNode, BNode] = {}
    links = _Links(graph, triples)
    alike: dict[str, list[BNode]] = {}
    for node in {n for triple in triples for n in triple if isinstance(n, BNode)}:
        match = _PARSED_BNODE.match(str(node))
        if match:
            names[node] = BNode(f"a{int(match.group(1)):012d}")
            continue
        key = _place(links, node, frozenset()) + " " + _content(links, node, frozenset())
        alike.setdefault(hashlib.sha256(key.encode("utf-8")).hexdigest(), []).append(node)
    for digest, nodes in alike.items():  # nodes alike in place and content are written alike, in any order
        for number, node in enumerate(sorted(nodes, key=str)):
            names[node] = BNode(f"c{digest}{number}")
    return names


def canonical_turtle(graph: Graph) -> str:
    """Serialise ``graph`` as canonical Turtle (see the module docstring)."""
    triples = list(graph)
    names = _stable_names(graph, triples)

    def name(node: Node) -> Node:
        return names[node] if isinstance(node, BNode) else node

    triples = [(name(s), p, name(o)) for s, p, o in triples]
    text = longturtle(triples, _names())
    return text if text is not None else new_graph(triples).serialize(format="longturtle")
