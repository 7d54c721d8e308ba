"""The one canonical Turtle form in which the package's RDF files are kept.

Canonical Turtle is rdflib's ``longturtle`` serialisation (sorted subjects and
predicates, one object per line, blank nodes nested) with the prefixes of
:data:`terve_kunta.namespaces.PREFIXES`. Diffs of files kept in this form show
only what changed. ``tools/format_turtle.py`` rewrites files into it and a test
checks that every shipped file is in it.

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

from collections.abc import Iterable

from rdflib import Graph
from rdflib.term import Node

from terve_kunta.namespaces import PREFIXES

__all__ = ["canonical_turtle", "new_graph"]


def new_graph(triples: Iterable[tuple[Node, Node, Node]] = ()) -> Graph:
    """Return a graph with the package's prefixes bound (and no others), holding ``triples``.

    >>> len(new_graph())
    0
    """
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in triples:
        graph.add(triple)
    return graph


def canonical_turtle(graph: Graph) -> str:
    """Serialise ``graph`` as canonical Turtle (see the module docstring)."""
    return new_graph(graph).serialize(format="longturtle")
