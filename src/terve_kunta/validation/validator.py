"""Check self-assessments against the joining criteria: files -> RDF -> SHACL -> compliance reports.

:func:`validate` checks one self-assessment (a file path, a mapping, a
:class:`~terve_kunta.assessment.model.SelfAssessment` or an rdflib graph in the
ontology's terms) and returns a :class:`~terve_kunta.validation.report.ComplianceReport`;
:func:`validate_many` checks many at once. Input that cannot be read raises
:class:`~terve_kunta.errors.AssessmentError`; evidence that can be read but does
not satisfy a rule is a ``not_met`` criterion, never an error.

Two engines give the same results: ``"oxigraph"`` (default) runs the shapes
compiled to SPARQL over an in-memory Oxigraph store; ``"pyshacl"`` runs pySHACL,
the reference. Both use only the packaged shapes, without OWL/RDFS inference,
and neither changes the caller's graph.

>>> import terve_kunta as tk
>>> report = validate(tk.load(), {"municipality": "Kuopio", "assessed_on": "2025-03-01",
...     "top_management_responsible": True, "joining_decision": {"body": "committee", "date": "2024-11-18"}})
>>> report.conforms, report.criterion("top-management-responsibility").status.value
(False, 'met')
>>> report.criterion("joining-decision").status.value, report.criterion("joining-decision").message
('not_met', 'The joining decision was not made by the council or the municipal board.')
>>> report.criterion("contact-person").status.value
'missing'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from rdflib import Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.term import Node

from terve_kunta.assessment.document import AssessmentDocument, read_document_data
from terve_kunta.assessment.files import read_documents
from terve_kunta.assessment.from_rdf import assessments_from_graph
from terve_kunta.assessment.model import SelfAssessment
from terve_kunta.assessment.to_rdf import ResolvedAssessment, Vocabulary, ntriples, resolve
from terve_kunta.data.view import GraphView
from terve_kunta.errors import AssessmentError, UnsupportedShapeError
from terve_kunta.models import Criterion
from terve_kunta.namespaces import ID, SH, SKOS
from terve_kunta.options import ENGINES, LANGUAGES, check_choice, check_language
from terve_kunta.validation.report import ComplianceReport, CriterionResult, Finding, Severity, Status
from terve_kunta.validation.results import Result, path_text, results_from_graph
from terve_kunta.validation.shapes import CriteriaShapes, criteria_shapes

__all__ = ["AssessmentSource", "documents", "validate", "validate_many"]

#: What can be validated: a file, a parsed document, a model, or an rdflib graph.
AssessmentSource = str | Path | Mapping[str, Any] | SelfAssessment | Graph
Engine = Literal["oxigraph", "pyshacl"]
CHUNK = 5000  # assessments per store: bounds memory, keeps time linear in N
#: The IRIs of the assessments inside a validation store (never an IRI that the input gave).
_STORE_NODES = "urn:x-terve-kunta:validated:"


def documents(source: AssessmentSource, name: str | None = None) -> list[AssessmentDocument]:
    """The self-assessments that ``source`` holds (one, or several in an RDF graph or Turtle file)."""
    if isinstance(source, str | Path):
        return read_documents(source)
    if isinstance(source, Graph):
        return assessments_from_graph(source, name or "<graph>")
    return [read_document_data(source, source=name or "<data>")]


def _check_options(lang: object, engine: object) -> None:
    check_language(lang)
    check_choice("engine", engine, ENGINES)


def validate(
    view: GraphView, source: AssessmentSource, *, lang: str = "en", engine: Engine = "oxigraph"
) -> ComplianceReport:
    """Validate one self-assessment; see the module docstring. ``conforms`` means no ``sh:Violation``.

    ``lang`` and ``engine`` are checked before anything is read
    (:class:`~terve_kunta.errors.OptionError`).
    """
    _check_options(lang, engine)
    found = documents(source)
    if len(found) != 1:
        name = str(source) if isinstance(source, str | Path) else "<graph>"
        raise AssessmentError(
            name, f"holds {len(found)} self-assessments", expected="exactly one (or use validate_many)"
        )
    return _reports(view, [resolve(found[0], Vocabulary.of(view))], lang, engine)[0]


def validate_many(
    view: GraphView,
    sources: Iterable[AssessmentSource],
    *,
    lang: str = "en",
    engine: Engine = "oxigraph",
    on_error: Callable[[AssessmentError], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[ComplianceReport]:
    """Validate many self-assessments; one report for each, in the order read.

    Each assessment gets exactly the report it would get alone, whatever the others
    hold: in the validation store every assessment has an IRI of the store's own, so
    no input can name (and so change) another assessment's nodes.

    Unreadable input raises :class:`AssessmentError`, unless ``on_error`` is given:
    then it receives each error and the others are still validated. ``progress``
    is called with (done, total) as files are read and as reports are made.
    ``lang`` and ``engine`` are checked before anything is read.
    """
    _check_options(lang, engine)
    items = list(sources)
    vocabulary = Vocabulary.of(view)
    resolved: list[ResolvedAssessment] = []
    total = len(items) * 2
    for index, item in enumerate(items, 1):
        try:
            resolved.extend(resolve(doc, vocabulary) for doc in documents(item))
        except AssessmentError as exc:
            if on_error is None:
                raise
            on_error(exc)
        if progress is not None:
            progress(index, total)
    reports: dict[int, ComplianceReport] = {}
    for chunk in _chunks(resolved):
        for position, report in zip(chunk, _reports(view, [resolved[i] for i in chunk], lang, engine), strict=True):
            reports[position] = report
        if progress is not None:
            progress(len(items) + len(items) * len(reports) // max(len(resolved), 1), total)
    return [reports[i] for i in range(len(resolved))]


def _chunks(resolved: Sequence[ResolvedAssessment]) -> list[list[int]]:
    """Positions of the assessments in groups of at most CHUNK, validated in one store each."""
    return [list(range(start, min(start + CHUNK, len(resolved)))) for start in range(0, len(resolved), CHUNK)]


# ---------------------------------------------------------------------- engines


def _store_iri(position: int) -> str:
    """The IRI of the assessment at ``position`` of a chunk inside its validation store."""
    return f"{_STORE_NODES}{position}"


def _owner(node: Node, chunk: Sequence[ResolvedAssessment]) -> int | None:
    """The position in ``chunk`` of the assessment that ``node`` (a node of the validation store) belongs to."""
    if not isinstance(node, URIRef) or not node.startswith(_STORE_NODES):
        return None
    head = node[len(_STORE_NODES) :].split("/", 1)[0]
    position = int(head) if head.isascii() and head.isdigit() else -1
    return position if 0 <= position < len(chunk) and head == str(position) else None


def _public(node: Node, chunk: Sequence[ResolvedAssessment]) -> Node:
    """``node`` with the store's IRI of its assessment replaced by the assessment's own IRI."""
    position = _owner(node, chunk)
    if position is None:
        return node
    return URIRef(chunk[position].iri + str(node)[len(_store_iri(position)) :])


def _store_data(chunk: Sequence[ResolvedAssessment]) -> str:
    """The assessments of ``chunk`` as N-Triples, each under its IRI in the store (:func:`_store_iri`).

    An assessment is never written under the IRI its input gave: an input cannot
    name a node of another assessment, so assessments validated together never
    share a node, and each gets the report it gets alone.
    """
    return "".join(ntriples(one, subject=_store_iri(position)) for position, one in enumerate(chunk))


def _owned(found: Iterable[Result], chunk: Sequence[ResolvedAssessment]) -> list[tuple[int, Result]]:
    """Each result with the position of its assessment, its nodes named as the assessment's input named them."""
    owned = []
    for result in found:
        position = _owner(result.focus, chunk)
        if position is None:
            raise UnsupportedShapeError(f"{result.shape} reports on {result.focus}, which is no assessment's node")
        owned.append(
            (
                position,
                replace(
                    result,
                    focus=_public(result.focus, chunk),
                    value=None if result.value is None else _public(result.value, chunk),
                ),
            )
        )
    return owned


def _results(chunk: Sequence[ResolvedAssessment], shapes: CriteriaShapes, engine: str) -> list[tuple[int, Result]]:
    """The SHACL results of ``chunk`` from the engine (checked on entry: ``oxigraph`` or ``pyshacl``), by owner."""
    data = _store_data(chunk)
    if engine == "pyshacl":
        import pyshacl

        shapes_copy = Graph()  # pySHACL adds a few OWL triples to the shapes graph it is given
        for triple in shapes.graph:
            shapes_copy.add(triple)
        from terve_kunta.rdf._prepared import PreparingGraph

        _, graph, _ = pyshacl.validate(
            PreparingGraph().parse(data=data, format="nt"),  # its SHACL-SPARQL query parsed once, not per focus node
            shacl_graph=shapes_copy,
            inference="none",
            advanced=False,
            allow_warnings=True,
        )
        assert isinstance(graph, Graph)
        return _owned(results_from_graph(graph), chunk)
    import pyoxigraph

    store = pyoxigraph.Store()
    if data:
        store.bulk_load(input=data.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return _owned(shapes.compiled.run(store), chunk)


# ---------------------------------------------------------------------- reports


def _status_labels(view: GraphView) -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    for status in Status:
        node = ID[f"compliance-status/{status.value.replace('_', '-')}"]
        labels[status.value] = {
            lit.language: str(lit)
            for lit in view.rdf.objects(node, SKOS.prefLabel)
            if isinstance(lit, RDFLiteral) and lit.language
        }
    return labels


def _finding(result: Result, shapes: CriteriaShapes, lang: str) -> Finding:
    info = shapes.shape_of(URIRef(str(result.shape)))
    if info is None:
        raise AssessmentError("<shapes>", f"the shape {result.shape} names no criterion", expected="tk:criterion")
    messages: dict[str, str] = {}
    for message in result.messages:
        # pySHACL drops the language tag of SPARQL-based messages: find it again in the shape
        lang_of = message.language or next((k for k, v in info.messages.items() if v == str(message)), "")
        messages[lang_of] = str(message)
    return Finding.model_construct(
        shape=info.iri,
        shape_name=info.name,
        criterion=info.criterion_slug,
        evidence=info.evidence,
        severity=Severity(str(result.severity).rsplit("#", 1)[-1]),
        component=str(result.component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent"),
        focus_node=str(result.focus),
        path=path_text(result.path_graph, result.path) if result.path is not None else None,
        value=None if result.value is None else str(result.value),
        message=messages.get(lang, next(iter(messages.values()), "")),
        messages=messages,
    )


def _concept_labels(view: GraphView) -> dict[str, dict[str, str]]:
    """Each concept's ``skos:prefLabel`` by language (decision bodies, sectors ...): values are named by them."""
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for node, label in view.rdf.subject_objects(SKOS.prefLabel):
        if isinstance(node, URIRef) and isinstance(label, RDFLiteral) and label.language:
            labels[str(node)][label.language] = str(label)
    return dict(labels)


def _criterion_result(
    criterion: Criterion,
    findings: list[Finding],
    status_labels: dict[str, dict[str, str]],
    lang: str,
    concept_labels: Mapping[str, dict[str, str]] | None = None,
) -> CriterionResult:
    violations = [f for f in findings if f.severity == Severity.VIOLATION]
    content = [f for f in violations if not f.evidence]
    status = Status.NOT_MET if content else Status.MISSING if violations else Status.MET
    deciding = content or violations
    if deciding:
        messages = {
            language: " ".join(dict.fromkeys(f.messages.get(language, f.message) for f in deciding))
            for language in LANGUAGES
        }
    else:
        messages = {language: label[:1].upper() + label[1:] + "." for language, label in status_labels["met"].items()}
    source_text = criterion.texts.get("fi", "")
    value = next((f.value for f in deciding if f.value is not None), None)
    value_labels = dict((concept_labels or {}).get(value, {})) if value is not None else {}
    labels = dict(criterion.labels)
    return CriterionResult.model_construct(
        id=criterion.slug,
        iri=criterion.iri,
        order=criterion.order,
        status=status,
        message=messages.get(lang, ""),
        messages=messages,
        text=criterion.texts.get(lang, source_text),
        texts=dict(criterion.texts),
        source_text=source_text,
        sources=criterion.sources,
        label=labels.get(lang) or labels.get("fi") or criterion.slug,
        labels=labels,
        focus_node=deciding[0].focus_node if deciding else None,
        value=value,
        value_label=None if value is None else value_labels.get(lang) or value_labels.get("en") or value,
        value_labels=value_labels,
        findings=tuple(findings),
    )


def _reports(view: GraphView, chunk: Sequence[ResolvedAssessment], lang: str, engine: str) -> list[ComplianceReport]:
    return _build_reports(view, chunk, lang, engine, _results(chunk, criteria_shapes(), engine))


def _build_reports(
    view: GraphView,
    chunk: Sequence[ResolvedAssessment],
    lang: str,
    engine: str,
    results: Sequence[tuple[int, Result]],
) -> list[ComplianceReport]:
    """One report per assessment of ``chunk``, from the SHACL ``results`` of all of them (with their owners)."""
    shapes = criteria_shapes()
    by_owner: dict[int, list[Result]] = defaultdict(list)
    for position, result in results:
        by_owner[position].append(result)
    criteria = view.criteria()
    status_labels = view.cached("status labels", lambda: _status_labels(view))
    concept_labels = view.cached("concept labels", lambda: _concept_labels(view))
    met = {c.slug: _criterion_result(c, [], status_labels, lang) for c in criteria}  # shared: reports are frozen
    reports = []
    for position, one in enumerate(chunk):
        own = sorted(by_owner[position], key=Result.key)  # the same order whatever the engine
        findings: dict[str, list[Finding]] = defaultdict(list)
        for result in own:
            finding = _finding(result, shapes, lang)
            findings[finding.criterion].append(finding)
        report = ComplianceReport(
            conforms=not any(r.severity == SH.Violation for r in own),
            lang=lang,
            assessment=one.iri,
            organization=one.organization,
            organization_code=one.organization_code,
            organization_name=one.organization_names.get("fi") or one.organization_code,
            organization_kind=one.kind,
            assessed_on=one.assessment.assessed_on,
            engine=engine,
            source=one.source,
            criteria=tuple(
                _criterion_result(c, findings[c.slug], status_labels, lang, concept_labels)
                if c.slug in findings
                else met[c.slug]
                for c in criteria
            ),
        )
        report._results = tuple(own)
        reports.append(report)
    return reports
