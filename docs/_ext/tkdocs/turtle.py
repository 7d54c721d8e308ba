"""References read from the packaged Turtle at build time: the ontology, the concept schemes, the criteria.

``terve-kunta-ontology``
   every class and property of ``terve-kunta.ttl``: labels, definition, subclass, domain, range.
``terve-kunta-schemes``
   every SKOS concept scheme of ``schemes/`` and its concepts in Finnish, Swedish and English.
``terve-kunta-criteria``
   a table per group of joining criteria, in the order of the slides (see :mod:`.criteria`).
"""

from __future__ import annotations

import sys
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

from tkdocs.common import rst_escape

LANGS = ("fi", "sv", "en")
_TERM_TYPES = [
    ("Classes", "Class"),
    ("Object properties", "ObjectProperty"),
    ("Datatype properties", "DatatypeProperty"),
    ("Annotation properties", "AnnotationProperty"),
]


def curie(node: Node) -> str:
    """A prefixed name for an IRI where a package prefix fits (``tk:Theme``), else the IRI."""
    from terve_kunta.namespaces import PREFIXES

    text = str(node)
    best = max(((p, ns) for p, ns in PREFIXES.items() if text.startswith(ns)), key=lambda i: len(i[1]), default=None)
    return f"{best[0]}:{text[len(best[1]) :]}" if best else text


def anchor(node: Node, kind: str) -> str:
    """The label of the reference target for a term of the ontology (``tk-class-theme``).

    Labels ignore case, so the kind keeps ``tk:Criterion`` (a class) apart from ``tk:criterion``.
    """
    return f"tk-{kind.lower()}-" + curie(node).split(":", 1)[-1]


def term_link(node: Node, own: dict[str, str]) -> str:
    """A link to the term: to its entry on the page for the ontology's own terms, else to its IRI."""
    if str(node) in own:
        return f":ref:`{curie(node)} <{own[str(node)]}>`"
    if isinstance(node, URIRef):
        return f"`{curie(node)} <{node}>`__"
    return "(a blank node)"


def labels(graph: Graph, node: Node, predicate: URIRef) -> dict[str, str]:
    """The literals of ``predicate`` on ``node`` by language (``""`` for none)."""
    return {o.language or "": str(o) for o in graph.objects(node, predicate) if isinstance(o, Literal)}


def by_language(values: dict[str, str]) -> str:
    """``fi`` "..." · ``en`` "...", in the order fi, sv, en, then any other."""
    order = [lang for lang in LANGS if lang in values] + sorted(k for k in values if k not in LANGS)
    return " · ".join(f"*{lang or '-'}* {rst_escape(values[lang])}" for lang in order)


def ontology_reference() -> str:
    """The ontology's terms as reStructuredText."""
    from terve_kunta.data.files import read_graph
    from terve_kunta.namespaces import DCTERMS, ONTOLOGY_IRI, OWL, RDF, RDFS, SKOS

    graph = read_graph("terve-kunta.ttl")
    version = graph.value(ONTOLOGY_IRI, OWL.versionInfo)
    out = [
        f"Ontology IRI ``{ONTOLOGY_IRI}``, version ``{version}`` (``{graph.value(ONTOLOGY_IRI, OWL.versionIRI)}``),",
        f"prefix ``tk:`` = ``{ONTOLOGY_IRI}#``.",
        "",
        rst_escape(str(graph.value(ONTOLOGY_IRI, DCTERMS.description) or "")),
        "",
    ]
    own = {
        str(s): anchor(s, kind)
        for _, kind in _TERM_TYPES
        for s in graph.subjects(RDF.type, OWL[kind])
        if isinstance(s, URIRef)
    }
    for title, kind in _TERM_TYPES:
        terms = sorted((s for s in graph.subjects(RDF.type, OWL[kind]) if isinstance(s, URIRef)), key=curie)
        if not terms:
            continue
        out += [title, "-" * len(title), ""]
        for term in terms:
            name = f"``{curie(term)}``"
            out += [f".. _{anchor(term, kind)}:", "", name, "~" * len(name), ""]
            out += [f":IRI: ``{term}``", f":label: {by_language(labels(graph, term, RDFS.label))}"]
            for label, predicate in (("definition", SKOS.definition), ("comment", RDFS.comment)):
                text = labels(graph, term, predicate)
                if text:
                    out.append(f":{label}: {by_language(text)}")
            for label, predicate in (
                ("subclass of", RDFS.subClassOf),
                ("subproperty of", RDFS.subPropertyOf),
                ("domain", RDFS.domain),
                ("range", RDFS.range),
                ("inverse of", OWL.inverseOf),
                ("replaced by", DCTERMS.isReplacedBy),
            ):
                values = sorted(graph.objects(term, predicate), key=str)
                if values:
                    out.append(f":{label}: " + ", ".join(term_link(v, own) for v in values))
            if graph.value(term, OWL.deprecated) is not None:
                out.append(":deprecated: yes")
            out.append("")
    return "\n".join(out)


def _ordered(graph: Graph, concepts: list[Node]) -> list[Node]:
    from terve_kunta.namespaces import SKOS, TK

    def key(c: Node) -> tuple[int, str]:
        order = graph.value(c, TK.order)
        return (int(str(order)) if order is not None else 10_000, str(graph.value(c, SKOS.notation) or c))

    return sorted(concepts, key=key)


def schemes_reference() -> str:
    """Every concept scheme and its concepts in fi, sv and en, as reStructuredText."""
    from terve_kunta.data.files import data_files, read_graph
    from terve_kunta.namespaces import DCTERMS, RDF, SKOS

    out: list[str] = []
    for file in sorted(data_files(), key=lambda f: f.path):
        if file.role != "scheme":
            continue
        graph = read_graph(file.path)
        for scheme in sorted(graph.subjects(RDF.type, SKOS.ConceptScheme), key=str):
            names = labels(graph, scheme, SKOS.prefLabel) or labels(graph, file.graph, DCTERMS.title)
            title = names.get("en") or names.get("fi") or curie(scheme)
            out += [rst_escape(title), "-" * len(rst_escape(title)), ""]
            out += [f"``{scheme}`` in ``ontology/{file.path}``.", ""]
            if names.get("fi") and names.get("fi") != title:
                out += [f"In Finnish: *{rst_escape(names['fi'])}*.", ""]
            for note in (SKOS.definition, SKOS.scopeNote, SKOS.editorialNote):
                text = labels(graph, scheme, note)
                if text:
                    out += [by_language(text), ""]
            concepts = _ordered(graph, list(graph.subjects(SKOS.inScheme, scheme)))
            concepts = [c for c in concepts if (c, RDF.type, SKOS.Collection) not in graph]
            out += _concept_table(graph, concepts)
            collections = _ordered(graph, [c for c in graph.subjects(RDF.type, SKOS.Collection)])
            if collections:
                out += ["Collections (headings that group the concepts):", ""]
                for collection in collections:
                    members = [
                        str(graph.value(m, SKOS.notation) or curie(m)) for m in graph.objects(collection, SKOS.member)
                    ]
                    out.append(
                        f"* {by_language(labels(graph, collection, SKOS.prefLabel))}: "
                        + ", ".join(f"``{m}``" for m in sorted(members))
                    )
                out.append("")
    return "\n".join(out)


def _concept_table(graph: Graph, concepts: list[Node]) -> list[str]:
    from terve_kunta.namespaces import SKOS

    if not concepts:
        return []
    broader = {c: graph.value(c, SKOS.broader) for c in concepts}
    rows = [".. list-table::", "   :header-rows: 1", "   :widths: 35 65", "   :class: concepts", ""]
    rows += ["   * - notation", "     - suomeksi (fi) · på svenska (sv) · in English (en)"]
    for concept in concepts:
        notation = graph.value(concept, SKOS.notation)
        names = labels(graph, concept, SKOS.prefLabel)
        under = broader.get(concept)
        key = f"``{notation}``" if notation is not None else f"``{curie(concept)}``"
        if under in broader:
            key += f" (under ``{graph.value(under, SKOS.notation) or curie(under)}``)"
        rows += [f"   * - {key}"]
        lines = [f"*{lang}* {rst_escape(names[lang]) if lang in names else '—'}" for lang in LANGS]
        rows += [f"     - | {lines[0]}", *(f"       | {line}" for line in lines[1:])]
    return [*rows, ""]


class _Generated(SphinxDirective):
    """Parse generated reStructuredText in place of the directive."""

    name = ""

    def text(self) -> str:
        """The reStructuredText to insert."""
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        """Parse the generated text into nodes; the build is redone when a Turtle file changes."""
        from importlib.resources import files

        from terve_kunta.data.files import data_files

        root = files("terve_kunta.ontology")
        for file in data_files():
            self.env.note_dependency(str(root.joinpath(*file.path.split("/"))))
        for module in sys.modules.values():  # a change to these extensions rebuilds the page
            path = getattr(module, "__file__", None) or ""
            if "tkdocs" in getattr(module, "__name__", "") and path:
                self.env.note_dependency(path)
        container = nodes.section()
        container.document = self.state.document
        nested_parse_with_titles(self.state, StringList(self.text().splitlines(), self.name), container)
        return list(container.children)


class TerveKuntaOntology(_Generated):
    """Insert the ontology's terms."""

    name = "terve-kunta-ontology"

    def text(self) -> str:
        """The ontology reference."""
        return ontology_reference()


class TerveKuntaSchemes(_Generated):
    """Insert the concept schemes."""

    name = "terve-kunta-schemes"

    def text(self) -> str:
        """The concept-scheme reference."""
        return schemes_reference()


class TerveKuntaCriteria(_Generated):
    """Insert the joining criteria, a table per group."""

    name = "terve-kunta-criteria"

    def text(self) -> str:
        """The criteria reference."""
        from tkdocs.criteria import criteria_reference

        return criteria_reference()


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives."""
    for directive in (TerveKuntaOntology, TerveKuntaSchemes, TerveKuntaCriteria):
        app.add_directive(directive.name, directive)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
