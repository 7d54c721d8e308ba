"""Where the packaged RDF files are, and how they are read.

The Turtle files live in the repository's ``ontology/`` folder, which is installed
as the data package ``terve_kunta.ontology``; they are found with
:mod:`importlib.resources`, so an installed wheel and an editable install read the
same files. Nothing here touches the network.

All files but the shapes are read into one :class:`rdflib.Graph`. Each file is parsed
once per process (by Oxigraph's parser, about ten times faster than rdflib's) and
its triples kept; the first :func:`load_graph` builds the graph once and every call
returns a copy of it, made by copying the store's indexes (see ``_store_copy``). Each file
still has a graph IRI, the IRI of the ``dcat:Dataset`` (or, for the ontology, the
``owl:Ontology``) that the file describes itself with; stores that keep named
graphs use it, and it is the file's base IRI:

>>> graph_iri("data/municipalities.ttl")
rdflib.term.URIRef('https://w3id.org/terve-kunta/graph/data/municipalities')
>>> graph_iri("terve-kunta.ttl")
rdflib.term.URIRef('https://w3id.org/terve-kunta/ontology')
>>> [f.path for f in data_files() if f.role == "ontology"]
['terve-kunta.ttl']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Node

from terve_kunta.data._store_copy import copy_single_context, fill_empty
from terve_kunta.errors import DataFileError
from terve_kunta.namespaces import GRAPH, ONTOLOGY_IRI, PREFIXES
from terve_kunta.rdf.terms import from_oxigraph

__all__ = [
    "REGISTRY_FILE",
    "REGISTRY_GRAPH",
    "DataFile",
    "TrackedMemory",
    "data_files",
    "graph_iri",
    "load_graph",
    "new_tracked_graph",
    "ontology_version",
    "parse_turtle",
    "read_graph",
    "read_text",
    "shapes_graph",
    "turtle_triples",
]

Triple = tuple[Node, Node, Node]

DATA_PACKAGE = "terve_kunta.ontology"
ONTOLOGY_FILE = "terve-kunta.ttl"
SHAPES_FOLDER = "shapes"
#: The member registry; ``load(registry=PATH)`` reads PATH in its place.
REGISTRY_FILE = "data/memberships.ttl"


class TrackedMemory(Memory):
    """rdflib's in-memory store, counting its changes in ``version``.

    Whoever changes the graph (an update, the registry, a caller's ``kg.rdf.add``),
    the count changes: the views' cache and the memory store's SPARQL copy use it to
    know that what they computed is out of date.
    """

    version = 0

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        """Add a triple (and count the change)."""
        self.version += 1
        super().add(triple, context, quoted)

    def remove(self, triple_pattern: Any, context: Any = None) -> None:
        """Remove matching triples (and count the change)."""
        self.version += 1
        super().remove(triple_pattern, context)


def new_tracked_graph(triples: Iterable[Triple] = ()) -> Graph:
    """A new graph on a :class:`TrackedMemory` store, with the package's prefixes bound, holding ``triples``."""
    graph = Graph(store=TrackedMemory(), bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    triples = list(triples)
    if fill_empty(graph, triples):
        graph.store.version = len(graph)  # type: ignore[attr-defined]  # as if added one by one
    else:
        graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


@dataclass(frozen=True)
class DataFile:
    """One packaged Turtle file: its path inside ``ontology/``, its named graph and its role."""

    path: str
    graph: URIRef
    role: str  # "ontology", "scheme", "data" or "shapes"

    def read_text(self) -> str:
        """Return the file's text."""
        return _resource(self.path).read_text(encoding="utf-8")


def _root() -> Traversable:
    return files(DATA_PACKAGE)


def _resource(path: str) -> Traversable:
    node = _root()
    for part in path.split("/"):
        node = node / part
    return node


def graph_iri(path: str) -> URIRef:
    """Return the named-graph IRI of the packaged file at ``path`` (relative to ``ontology/``)."""
    if path == ONTOLOGY_FILE:
        return ONTOLOGY_IRI
    return GRAPH[path.removesuffix(".ttl")]


#: The named graph of the member registry (``ontology/data/memberships.ttl``).
REGISTRY_GRAPH = graph_iri(REGISTRY_FILE)


def _role(path: str) -> str:
    if path == ONTOLOGY_FILE:
        return "ontology"
    return {"schemes": "scheme", "data": "data", SHAPES_FOLDER: "shapes"}.get(path.split("/", 1)[0], "data")


def _walk(node: Traversable, prefix: str) -> list[str]:
    found: list[str] = []
    for child in node.iterdir():
        if child.is_dir():
            found.extend(_walk(child, f"{prefix}{child.name}/"))
        elif child.name.endswith(".ttl"):
            found.append(prefix + child.name)
    return found


@cache
def data_files() -> tuple[DataFile, ...]:
    """Every packaged Turtle file, the ontology first, then in path order."""
    paths = sorted(_walk(_root(), ""), key=lambda p: (p != ONTOLOGY_FILE, p))
    return tuple(DataFile(path, graph_iri(path), _role(path)) for path in paths)


def turtle_triples(text: str, name: str, base: str | None, *, ntriples: bool = False) -> tuple[Triple, ...]:
    """Parse Turtle (or N-Triples) ``text`` into rdflib triples; nothing is fetched. A syntax error names ``name``.

    Oxigraph's parser reads the text, about ten times faster than rdflib's.
    """
    import pyoxigraph as ox

    term = cache(from_oxigraph)  # each distinct term is converted once
    kind = ox.RdfFormat.N_TRIPLES if ntriples else ox.RdfFormat.TURTLE
    try:
        return tuple(
            (term(t.subject), term(t.predicate), term(t.object)) for t in ox.parse(text, format=kind, base_iri=base)
        )
    except (SyntaxError, ValueError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        line = getattr(exc, "lineno", None)
        raise DataFileError(f"{name}: not valid {'N-Triples' if ntriples else 'Turtle'}: {reason}", line) from None


@cache
def _packaged_triples(path: str) -> tuple[Triple, ...]:
    try:
        text = _resource(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"ontology/{path}: cannot be read: {exc}") from exc
    return turtle_triples(text, f"ontology/{path}", str(graph_iri(path)))


def read_graph(path: str, into: Graph | None = None) -> Graph:
    """Add the triples of the packaged file at ``path`` to ``into`` (a new graph if None) and return it.

    Raises :class:`DataFileError` naming the file if it is missing or does not parse.
    """
    graph = into if into is not None else Graph(bind_namespaces="none")
    graph.addN((s, p, o, graph) for s, p, o in _packaged_triples(path))
    return graph


def read_text(path: Path | str) -> str:
    """Return the text of a file the user named (such as a registry file), or raise a clear error."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot be read: {exc}") from exc


def parse_turtle(text: str, name: str, graph: Graph, public_id: str) -> Graph:
    """Parse Turtle ``text`` into ``graph``; a syntax error names ``name`` and the parser's reason."""
    graph.addN((s, p, o, graph) for s, p, o in turtle_triples(text, name, public_id))
    return graph


def load_graph(registry: Path | str | None = None) -> Graph:
    """Read the ontology, schemes and data (not the shapes) into one new in-memory graph.

    The graph has the package's prefixes bound, so SPARQL queries and serialisations
    can use them (``tk:``, ``municipality:``, ``skos:``...). ``registry`` is a Turtle
    file read instead of the packaged member registry (``data/memberships.ttl``).
    """
    if registry is None:
        return _copy(_packaged_graph())
    text = read_text(registry)
    graph = _copy(_packaged_graph(with_registry=False))
    return parse_turtle(text, str(registry), graph, str(REGISTRY_GRAPH))


@cache
def _packaged_graph(with_registry: bool = True) -> Graph:
    # Read once per process; every load_graph() copies it (never hand this graph out).
    return new_tracked_graph(
        triple
        for data_file in data_files()
        if data_file.role != "shapes" and (with_registry or data_file.path != REGISTRY_FILE)
        for triple in _packaged_triples(data_file.path)
    )


def _copy(source: Graph) -> Graph:
    graph = Graph(store=TrackedMemory(), bind_namespaces="none")
    if copy_single_context(source, graph):
        graph.store.version = source.store.version  # type: ignore[attr-defined]
        return graph
    return new_tracked_graph(source)


def shapes_graph(name: str) -> Graph:
    """Return the packaged shapes graph ``ontology/shapes/{name}.ttl`` (e.g. ``"integrity"``)."""
    return read_graph(f"{SHAPES_FOLDER}/{name}.ttl")


@cache
def ontology_version() -> str:
    """The version of the packaged ontology (its ``owl:versionInfo``)."""
    version = read_graph(ONTOLOGY_FILE).value(ONTOLOGY_IRI, OWL.versionInfo)
    if not isinstance(version, Literal):
        raise DataFileError(f"ontology/{ONTOLOGY_FILE}: the ontology has no owl:versionInfo")
    return str(version)
