"""JSON-LD with the package's context (``ontology/context.jsonld``) embedded, written without a JSON-LD library.

The context gives short, readable keys (``prefLabel``, ``code``, ``memberships``);
it is put inline in every document, so that any JSON-LD processor reads the
document offline, and nothing here fetches anything. A value that does not fit its
key's definition (a typed literal under a language map, say) is written under the
compact IRI of its property (``skos:prefLabel``) as a value object, so that every
triple reads back as it was.

:func:`flat` writes every node at the top level (blank nodes used once nested in
place); :func:`framed` writes a tree from one root node, each node in full at its
first place, the reverse keys of ``reverse`` nesting what points at a node (a
member's ``memberships``), and what the tree does not reach under ``included``.

>>> from rdflib import Literal, URIRef
>>> from terve_kunta.namespaces import SKOS, TK, RDF
>>> doc = flat([(URIRef("https://w3id.org/terve-kunta/id/network"), SKOS.prefLabel, Literal("Verkosto", lang="fi")),
...             (URIRef("https://w3id.org/terve-kunta/id/network"), RDF.type, TK.Network)])
>>> doc["@graph"]
[{'id': 'tkid:network', 'type': 'Network', 'prefLabel': {'fi': 'Verkosto'}}]
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.resources import files
from typing import Any, NamedTuple

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from terve_kunta.export.index import BySubject, Layered, has_values, nested
from terve_kunta.namespaces import RDF, XSD

__all__ = ["context", "context_text", "flat", "framed", "to_json"]


@cache
def context_text() -> str:
    """The text of the shipped context file (``{"@context": {...}}``)."""
    return (files("terve_kunta.ontology") / "context.jsonld").read_text(encoding="utf-8")


def context() -> dict[str, Any]:
    """The shipped context (the value of ``@context``), as a new dict."""
    value: dict[str, Any] = json.loads(context_text())["@context"]
    return value


@cache
def _shared_context() -> dict[str, Any]:
    """The context that documents embed: read once, never changed (documents are written, not edited)."""
    return context()


class _Compactor:
    """IRIs, keys and values in the context's terms."""

    def __init__(self, ctx: dict[str, Any]) -> None:
        self._ctx = ctx
        self._iris: dict[str, str] = {}
        self.prefixes: list[tuple[str, str]] = []
        self.classes: dict[str, str] = {}
        self.terms: dict[str, tuple[str, str]] = {}  # property IRI -> (key, "id" | "lang" | "plain" | datatype IRI)
        self.reverse: dict[str, str] = {}  # property IRI -> reverse key
        self.order: dict[str, int] = {}
        for position, (key, value) in enumerate(ctx.items()):
            self.order[key] = position
            if key.startswith("@") or value in ("@id", "@type", "@included"):
                continue
            if isinstance(value, str):
                if value.endswith(("/", "#")):
                    self.prefixes.append((self.expand(value), key))
                else:
                    self.classes[self.expand(value)] = key
                continue
            if "@reverse" in value:
                self.reverse[self.expand(value["@reverse"])] = key
                continue
            kind = value.get("@type", "plain")
            if value.get("@container") == "@language":
                kind = "lang"
            elif kind == "@id":
                kind = "id"
            elif kind != "plain":
                kind = self.expand(kind)
            self.terms[self.expand(value["@id"])] = (key, kind)
        self.prefixes.sort(key=lambda pair: -len(pair[0]))

    def expand(self, value: str) -> str:
        prefix, _, local = value.partition(":")
        namespace = self._ctx.get(prefix) if local and not local.startswith("//") else None
        return namespace + local if isinstance(namespace, str) else value

    def iri(self, iri: str) -> str:
        """The compact IRI (``tkid:network``) of ``iri``, with the longest namespace that fits; else ``iri``."""
        found = self._iris.get(iri)
        if found is None:
            found = iri
            for namespace, prefix in self.prefixes:
                local = iri[len(namespace) :]
                if iri.startswith(namespace) and local and not local.startswith("//"):
                    found = f"{prefix}:{local}"
                    break
            self._iris[iri] = found
        return found

    def type_name(self, iri: str) -> str:
        return self.classes.get(iri) or self.iri(iri)

    def literal(self, value: Literal) -> Any:
        """A literal as a JSON value under a key without coercion (native where it reads back the same)."""
        text = str(value)
        if value.language:
            return {"@value": text, "@language": value.language}
        datatype = value.datatype
        if datatype is None or datatype == XSD.string:
            return text
        if datatype == XSD.boolean and text in ("true", "false"):
            return text == "true"
        if datatype == XSD.integer and text.lstrip("-").isdigit() and str(int(text)) == text:
            return int(text)
        return {"@value": text, "@type": self.iri(str(datatype))}


@cache
def _compactor() -> _Compactor:
    return _Compactor(_shared_context())


class _Property(NamedTuple):
    """How the writer puts the values of one property: its key, its kind, and the key's place in the context."""

    key: str
    kind: str  # "type", "id", "lang", "plain" or a datatype IRI
    order: int
    compact: str  # the property's compact IRI (for values that do not fit the key's definition)


class _Writer:
    """Node objects of a graph given by subject (subject -> predicate -> objects), each node in full once."""

    def __init__(self, data: BySubject, reverse: Iterable[str] = ()) -> None:
        self.c = _compactor()
        self.data = data
        self.properties: dict[Node, _Property] = {}
        self.refs: dict[Node, int] = {}  # blank node -> how many triples point at it
        self.into: dict[Node, list[tuple[Node, Node]]] = {}  # object -> (subject, predicate) of the reverse keys
        reversed_ = {URIRef(iri): key for iri, key in self.c.reverse.items() if key in set(reverse)}
        self.reverse = reversed_
        refs, into = self.refs, self.into
        for s, predicates in data.items():
            for p, objects in predicates.items():
                if p in reversed_:
                    for o in objects:
                        into.setdefault(o, []).append((s, p))
                for o in objects:
                    if type(o) is BNode or isinstance(o, BNode):
                        refs[o] = refs.get(o, 0) + 1
        self.opened: set[Node] = set()

    def ref(self, node: Node) -> str:
        return f"_:{node}" if isinstance(node, BNode) else self.c.iri(str(node))

    def prop(self, predicate: Node) -> _Property:
        found = self.properties.get(predicate)
        if found is None:
            iri = str(predicate)
            if predicate == RDF.type:
                found = _Property("type", "type", self.c.order.get("type", -1), self.c.iri(iri))
            else:
                key, kind = self.c.terms.get(iri, (self.c.iri(iri), "plain"))
                found = _Property(key, kind, self.c.order.get(key, 10_000), self.c.iri(iri))
            self.properties[predicate] = found
        return found

    def _order(self, item: tuple[Node, Iterable[Node]]) -> tuple[int, str]:
        prop = self.prop(item[0])
        return prop.order, prop.key

    def node(
        self,
        node: Node,
        predicates: Mapping[Node, Iterable[Node]] | None,
        embed: bool,
        skip: tuple[Node, Node] | None = None,
    ) -> dict[str, Any]:
        """The node object of ``node``: its id (unless a blank node used once), type, then each key in context order."""
        self.opened.add(node)
        if predicates is None:
            predicates = self.data.get(node) or {}
        obj: dict[str, Any] = {}
        if not (isinstance(node, BNode) and self.refs.get(node, 0) <= 1):
            obj["id"] = self.ref(node)
        for p, objects in sorted(predicates.items(), key=self._order):
            prop = self.prop(p)
            values = list(objects)
            if len(values) > 1:
                values.sort(key=str)
            for o in values:
                if skip is not None and p == skip[0] and o == skip[1]:
                    continue
                self.value(obj, prop, o, embed)
        for o_key_predicate, key in self.reverse.items():
            for s, p in self.into.get(node, ()):
                if p == o_key_predicate and s not in self.opened:
                    _add(obj, key, self.node(s, None, embed, (p, node)))
        return obj

    def value(self, obj: dict[str, Any], prop: _Property, o: Node, embed: bool) -> None:
        """Put the value ``o`` of the property ``prop`` into the node object ``obj``."""
        key, kind = prop.key, prop.kind
        if isinstance(o, Literal):
            if kind == "lang" and (o.language or o.datatype in (None, XSD.string)):
                _add(obj.setdefault(key, {}), o.language or "@none", str(o))
            elif kind not in ("lang", "id", "plain", "type") and o.datatype is not None and str(o.datatype) == kind:
                _add(obj, key, str(o))
            else:
                _add(obj, key if kind == "plain" else prop.compact, self.c.literal(o))
            return
        if kind == "type":
            _add(obj, "type", self.c.type_name(str(o)) if isinstance(o, URIRef) else self.ref(o))
        elif self._embeds(o, embed):
            _add(obj, prop.compact if kind == "lang" else key, self.node(o, None, embed))
        elif kind == "id":
            _add(obj, key, self.ref(o))
        else:
            _add(obj, prop.compact if kind == "lang" else key, {"id": self.ref(o)})

    def _embeds(self, node: Node, embed: bool) -> bool:
        if isinstance(node, BNode):
            return (embed or self.refs.get(node, 0) <= 1) and node not in self.opened and node in self.data
        return embed and node not in self.opened and node in self.data


def _add(obj: dict[str, Any], key: str, value: Any) -> None:
    if key not in obj:
        obj[key] = value
    elif isinstance(obj[key], list):
        obj[key].append(value)
    else:
        obj[key] = [obj[key], value]


def _sort_key(node: Node) -> tuple[int, str]:
    return (isinstance(node, BNode), str(node))


Data = BySubject | Iterable[tuple[Node, Node, Node]]


def _by_subject(data: Data) -> BySubject:
    if isinstance(data, Mapping | Layered):
        return data
    triples: Iterable[tuple[Node, Node, Node]] = data  # type: ignore[assignment]
    return nested(triples)[0]


def flat(data: Data) -> dict[str, Any]:
    """A JSON-LD document of ``data`` (triples, or subject -> predicate -> objects): the context and ``@graph``.

    Every subject is a node object in ``@graph``, in the order of ``data``; a blank
    node that one triple points at is written in place instead.
    """
    writer = _Writer(_by_subject(data))
    refs, opened = writer.refs, writer.opened
    nodes = [
        writer.node(s, predicates, False)
        for s, predicates in writer.data.items()
        if s not in opened and not (refs.get(s) == 1 and isinstance(s, BNode)) and has_values(predicates)
    ]
    # blank nodes that point at each other in a ring, each once: no place to nest them in
    nodes += [writer.node(s, None, False) for s, n in refs.items() if s not in opened and s in writer.data]
    return {"@context": _shared_context(), "@graph": nodes}


def framed(data: Data, root: Node, reverse: Iterable[str] = ()) -> dict[str, Any]:
    """A JSON-LD document of ``data`` as a tree from ``root`` (see the module); ``reverse`` names reverse keys."""
    writer = _Writer(_by_subject(data), reverse)
    tree = writer.node(root, None, True)
    rest = [
        writer.node(s, None, True)
        for s in sorted((s for s, predicates in writer.data.items() if has_values(predicates)), key=_sort_key)
        if s not in writer.opened
    ]
    document: dict[str, Any] = {"@context": _shared_context(), **tree}
    if rest:
        document["included"] = rest
    return document


def to_json(document: dict[str, Any], indent: bool = True) -> str:
    """The document as JSON text (UTF-8 characters kept; two-space indents, or none: much faster for big ones)."""
    if indent:
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
