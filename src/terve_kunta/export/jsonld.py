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
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from terve_kunta.namespaces import RDF, XSD

__all__ = ["context", "context_text", "flat", "framed", "to_json"]

Triple = tuple[Node, Node, Node]


@cache
def context_text() -> str:
    """The text of the shipped context file (``{"@context": {...}}``)."""
    return (files("terve_kunta.ontology") / "context.jsonld").read_text(encoding="utf-8")


def context() -> dict[str, Any]:
    """The shipped context (the value of ``@context``), as a new dict."""
    value: dict[str, Any] = json.loads(context_text())["@context"]
    return value


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
    return _Compactor(context())


class _Writer:
    def __init__(self, triples: Iterable[Triple]) -> None:
        self.c = _compactor()
        self.out: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        self.into: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        for s, p, o in triples:
            self.out[s].append((p, o))
            if not isinstance(o, Literal):
                self.into[o].append((s, p))
        self.opened: set[Node] = set()
        self.done: set[Triple] = set()

    def ref(self, node: Node) -> str:
        return f"_:{node}" if isinstance(node, BNode) else self.c.iri(str(node))

    def _key_order(self, item: tuple[Node, Node]) -> tuple[int, str, str]:
        p = str(item[0])
        key = "type" if item[0] == RDF.type else self.c.terms.get(p, (p, ""))[0]
        return (self.c.order.get(key, 10_000), key, str(item[1]))

    def node(self, node: Node, embed: bool, reverse: dict[str, str]) -> dict[str, Any]:
        """The node object of ``node``: its id (unless a blank node used once), type, then each key in context order."""
        self.opened.add(node)
        obj: dict[str, Any] = {}
        if not (isinstance(node, BNode) and len(self.into.get(node, ())) <= 1):
            obj["id"] = self.ref(node)
        for p, o in sorted(self.out.get(node, ()), key=self._key_order):
            if (node, p, o) in self.done:
                continue
            self.done.add((node, p, o))
            if p == RDF.type and not isinstance(o, Literal):
                _add(obj, "type", self.c.type_name(str(o)) if isinstance(o, URIRef) else self.ref(o))
                continue
            key, kind = self.c.terms.get(str(p), (self.c.iri(str(p)), "plain"))
            if isinstance(o, Literal):
                if kind == "lang" and (o.language or o.datatype in (None, XSD.string)):
                    languages = obj.setdefault(key, {})
                    _add(languages, o.language or "@none", str(o))
                    continue
                if kind not in ("lang", "id", "plain") and o.datatype is not None and str(o.datatype) == kind:
                    _add(obj, key, str(o))
                    continue
                if kind != "plain":
                    key = self.c.iri(str(p))
                _add(obj, key, self.c.literal(o))
                continue
            if kind == "lang":
                key = self.c.iri(str(p))
            if self._embeds(o, embed):
                _add(obj, key, self.node(o, embed, reverse))
            elif kind == "id":
                _add(obj, key, self.ref(o))
            else:
                _add(obj, key, {"id": self.ref(o)})
        for predicate, key in reverse.items():
            for s, p in self.into.get(node, ()):
                if str(p) == predicate and (s, p, node) not in self.done and s not in self.opened:
                    self.done.add((s, p, node))
                    _add(obj, key, self.node(s, embed, reverse))
        return obj

    def _embeds(self, node: Node, embed: bool) -> bool:
        if node in self.opened or node not in self.out:
            return False
        if isinstance(node, BNode):
            return len(self.into.get(node, ())) <= 1 or embed
        return embed


def _add(obj: dict[str, Any], key: str, value: Any) -> None:
    if key not in obj:
        obj[key] = value
    elif isinstance(obj[key], list):
        obj[key].append(value)
    else:
        obj[key] = [obj[key], value]


def _sort_key(node: Node) -> tuple[int, str]:
    return (isinstance(node, BNode), str(node))


def flat(triples: Iterable[Triple]) -> dict[str, Any]:
    """A JSON-LD document of ``triples``: the context, and every subject as a node object in ``@graph``."""
    writer = _Writer(triples)
    nodes = []
    for subject in sorted(writer.out, key=_sort_key):
        if subject not in writer.opened and not (isinstance(subject, BNode) and len(writer.into.get(subject, ())) == 1):
            nodes.append(writer.node(subject, False, {}))
    return {"@context": context(), "@graph": nodes}


def framed(triples: Iterable[Triple], root: Node, reverse: Iterable[str] = ()) -> dict[str, Any]:
    """A JSON-LD document of ``triples`` as a tree from ``root`` (see the module); ``reverse`` names reverse keys."""
    writer = _Writer(triples)
    keys = {predicate: key for predicate, key in writer.c.reverse.items() if key in set(reverse)}
    tree = writer.node(root, True, keys)
    rest = [
        writer.node(s, True, keys)
        for s in sorted(writer.out, key=_sort_key)
        if s not in writer.opened and any((s, p, o) not in writer.done for p, o in writer.out[s])
    ]
    document: dict[str, Any] = {"@context": context(), **tree}
    if rest:
        document["included"] = rest
    return document


def to_json(document: dict[str, Any], indent: bool = True) -> str:
    """The document as JSON text (UTF-8 characters kept; two-space indents, or none: much faster for big ones)."""
    if indent:
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
