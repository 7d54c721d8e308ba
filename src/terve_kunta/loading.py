"""Where the packaged RDF files are, and how they are read.

The Turtle files live in the repository's ``ontology/`` folder, which is installed
as the data package ``terve_kunta.ontology``; they are found with
:mod:`importlib.resources`, so an installed wheel and an editable install read the
same files. Nothing here touches the network.

All files but the shapes are read into one :class:`rdflib.Graph`. Each file
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

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL

from terve_kunta.errors import DataFileError
from terve_kunta.namespaces import GRAPH, ONTOLOGY_IRI, PREFIXES

__all__ = [
    "DataFile",
    "data_files",
    "graph_iri",
    "load_graph",
    "ontology_version",
    "read_graph",
    "shapes_graph",
]

DATA_PACKAGE = "terve_kunta.ontology"
ONTOLOGY_FILE = "terve-kunta.ttl"
SHAPES_FOLDER = "shapes"


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


def read_graph(path: str, into: Graph | None = None) -> Graph:
    """Parse the packaged file at ``path`` into ``into`` (a new graph if None) and return it.

    Raises :class:`DataFileError` naming the file if it is missing or does not parse.
    """
    graph = into if into is not None else Graph(bind_namespaces="none")
    try:
        text = _resource(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"ontology/{path}: cannot be read: {exc}") from exc
    try:
        graph.parse(data=text, format="turtle", publicID=graph_iri(path))
    except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataFileError(f"ontology/{path}: not valid Turtle: {reason}") from exc
    return graph


def load_graph() -> Graph:
    """Read the ontology, schemes and data (not the shapes) into one new in-memory graph.

    The graph has the package's prefixes bound, so SPARQL queries and serialisations
    can use them (``tk:``, ``municipality:``, ``skos:``...).
    """
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for data_file in data_files():
        if data_file.role != "shapes":
            read_graph(data_file.path, into=graph)
    return graph


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
