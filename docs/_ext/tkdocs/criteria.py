"""The joining criteria as tables, one per group, read from the graph and the shapes at build time.

Groups and criteria come from ``kg.criteria()`` (so from the data: however many groups the
criteria scheme has, in the order of the slides), the shapes from the packaged shapes graph,
and the evidence keys of the self-assessment file from the shapes' paths, mapped to the
fields of :class:`terve_kunta.SelfAssessment` through their RDF declarations.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pydantic import BaseModel
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from tkdocs.common import graph as packaged_graph
from tkdocs.common import rst_escape

if TYPE_CHECKING:
    from terve_kunta import Criterion
    from terve_kunta.validation.shapes import CriteriaShapes

_TK_TERM = re.compile(r"\btk:(\w+)|<https://w3id\.org/terve-kunta/ontology#(\w+)>")
_COMPARED = ("lessThanOrEquals", "lessThan", "equals", "disjoint")


def _fields(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[URIRef, str, type[BaseModel] | None]]:
    """(property, dotted key, nested model of a node) for each field, groups flattened into their holder."""
    from terve_kunta.assessment.model import declared_fields, nested_model

    for name, rdf in declared_fields(model).items():
        key = prefix + name
        nested = nested_model(model, name)
        if rdf.kind == "group" and nested is not None:
            yield from _fields(nested, key + ".")
            continue
        for prop in (rdf.prop, rdf.flag):
            if prop is not None:
                yield prop, key, nested if rdf.kind == "node" else None


def key_of_path(props: list[URIRef], model: type[BaseModel] | None = None, prefix: str = "") -> str | None:
    """The self-assessment key that a path of properties reaches.

    ``(tk:joiningDecision dct:date)`` reaches ``joining_decision.date``; a property that no
    field declares (``org:hasMember`` between a steering group and a sector) is stepped over.
    """
    from terve_kunta.assessment.model import SelfAssessment

    model = model or SelfAssessment
    for i, prop in enumerate(props):
        match = next(((k, n) for p, k, n in _fields(model, prefix) if p == prop), None)
        if match is None:
            continue
        key, nested = match
        if nested is not None and props[i + 1 :]:
            return key_of_path(props[i + 1 :], nested, key + ".") or key
        return key
    return None


def _path(shapes: Graph, node: Node) -> list[URIRef]:
    if isinstance(node, URIRef):
        return [node]
    if shapes.value(node, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#first")) is not None:
        return [p for p in Collection(shapes, node) if isinstance(p, URIRef)]
    return []


def evidence_keys(shapes: Graph, shape: URIRef) -> list[str]:
    """The keys of the self-assessment file that a shape reads."""
    from terve_kunta.namespaces import SH, TK

    keys: list[str] = []
    path = shapes.value(shape, SH.path)
    if path is not None:
        keys.append(key_of_path(_path(shapes, path)) or "")
    for name in _COMPARED:
        other = shapes.value(shape, SH[name])
        if isinstance(other, URIRef):
            keys.append(key_of_path([other]) or "")
    for constraint in shapes.objects(shape, SH.sparql):
        text = str(shapes.value(constraint, SH.select) or "")
        for match in _TK_TERM.finditer(text):
            keys.append(key_of_path([TK[match.group(1) or match.group(2)]]) or "")
        if re.search(r"\bdct:date\b", text):
            keys.append("assessed_on")
    return [k for k in dict.fromkeys(keys) if k]


def criteria_reference() -> str:
    """A section and a table per group of criteria, as reStructuredText."""
    from terve_kunta.validation.shapes import criteria_shapes

    shapes = criteria_shapes()
    criteria = packaged_graph().criteria()
    groups: dict[str, list[Criterion]] = {}
    for criterion in sorted(criteria, key=lambda c: c.order):
        groups.setdefault(criterion.group, []).append(criterion)
    out = [
        f"{len(criteria)} criteria in {len(groups)} groups, in the order of the slides. The Finnish text is the",
        "source's; the English text is a translation. *Keys* are the keys of the self-assessment file that",
        "the criterion's shapes read; *shapes* are the SHACL shapes of ``ontology/shapes/criteria.ttl`` that",
        "check it, with the message each gives when it finds a fault (*evidence* shapes find only that",
        "nothing is stated: the criterion is then ``missing``; the others find that it is ``not_met``).",
        "",
    ]
    for number, (slug, members) in enumerate(groups.items(), start=1):
        first = members[0]
        names = first.group_labels
        title = f"{number}. {names.get('fi') or names.get('en') or slug}"
        out += [f".. _criteria-{slug}:", "", rst_escape(title), "-" * len(rst_escape(title)), ""]
        if names.get("en"):
            out += [f"*{rst_escape(names['en'])}* (group ``{slug}``)", ""]
        out += [".. list-table::", "   :header-rows: 1", "   :widths: 45 55", "   :class: criteria", ""]
        out += [
            "   * - criterion, and the keys of the file that it reads",
            "     - shapes and their messages (fi, sv, en)",
        ]
        for criterion in members:
            out += _row(criterion, shapes)
        out.append("")
    return "\n".join(out)


def _row(c: Criterion, shapes: CriteriaShapes) -> list[str]:
    texts = c.texts
    checked = shapes.for_criterion(c.iri)
    keys = []
    for shape in checked:
        keys += evidence_keys(shapes.graph, URIRef(shape.iri))
    cell = [f"**{c.order}** ``{c.slug}``", ""]
    cell += [f"*fi* {rst_escape(texts.get('fi', '—'))}", "", f"*en* {rst_escape(texts.get('en', '—'))}"]
    sources = ", ".join(_slide(i) for i in c.sources)
    if sources:
        cell += ["", f"source: {sources}"]
    cell += ["", "keys: " + (", ".join(f"``{k}``" for k in dict.fromkeys(keys)) or "—")]
    lines = [f"   * - {cell[0]}", *[f"       {line}" if line else "" for line in cell[1:]]]
    shape_lines: list[str] = []
    for shape in sorted(checked, key=lambda i: (not i.evidence, i.iri)):
        fragment = shape.iri.rsplit("#", 1)[-1]
        kind = "evidence" if shape.evidence else "content"
        shape_lines += [f"* ``{fragment}`` ({kind}, {shape.severity.rsplit('#', 1)[-1]})", ""]
        for lang in ("fi", "sv", "en"):
            if lang in shape.messages:
                shape_lines += [f"  | *{lang}* {rst_escape(shape.messages[lang])}"]
        shape_lines.append("")
    lines.append("     - " + (shape_lines[0] if shape_lines else "—"))
    lines += [f"       {line}" if line else "" for line in shape_lines[1:]]
    return lines


def _slide(iri: str) -> str:
    match = re.search(r"presentation-(\d{4}-\d{2})/slide/(\d+)$", iri)
    return f"presentation {match[1]}, slide {match[2]}" if match else f"``{iri}``"
