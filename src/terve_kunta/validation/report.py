"""The compliance report: for each joining criterion, whether a self-assessment meets it and why.

A criterion is ``met`` when no shape of it reports a violation, ``not_met`` when
a shape that checks the evidence's content does (the evidence contradicts the
criterion), and ``missing`` when only its evidence shapes do (no evidence was
given). ``not_met`` wins over ``missing`` when a criterion has both (for
example, resident participation ``false`` and inequality reduction not stated).
Warnings and infos are kept as findings with their severity; they change no
status. ``conforms`` is True when no result has the severity ``sh:Violation``.

>>> report = ComplianceReport(conforms=True, lang="en", assessment="urn:a", organization="urn:o",
...     organization_code="297", organization_name="Kuopio", organization_kind="municipality",
...     assessed_on=date(2025, 3, 1), engine="oxigraph", criteria=())
>>> report.statuses()
{}
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import Field, PrivateAttr

from terve_kunta.errors import UnknownNameError, close_matches
from terve_kunta.models import FrozenModel
from terve_kunta.options import check_language

if TYPE_CHECKING:
    from rdflib import Graph

    from terve_kunta.validation.results import Result

__all__ = ["ComplianceReport", "CriterionResult", "Finding", "Severity", "Status"]


class Status(StrEnum):
    """The status of one criterion for one self-assessment."""

    MET = "met"
    NOT_MET = "not_met"
    MISSING = "missing"


class Severity(StrEnum):
    """A SHACL severity, kept as the shape states it."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"


class Finding(FrozenModel):
    """One SHACL result, readable: which shape found what, where, and its message in each language.

    ``component`` is the constraint component's local name (``MinCount``,
    ``SPARQL``...); ``path`` the result path as SPARQL path text; ``value`` the
    offending value (None where a value is missing).
    """

    shape: str
    shape_name: str
    criterion: str
    evidence: bool
    severity: Severity
    component: str
    focus_node: str
    path: str | None
    value: str | None
    message: str
    messages: dict[str, str]


class CriterionResult(FrozenModel):
    """One criterion's status, message and findings, with the criterion's own text.

    ``source_text`` is the criterion as the network states it (Finnish, verbatim);
    ``text`` is the criterion in the report's language where the graph has it
    (English or Finnish; the sources give no Swedish, so Swedish reports show the
    Finnish text); ``label`` is its name (``skos:prefLabel``), the same way.
    ``focus_node`` and ``value`` are those of the first finding that decides the
    status (None for a met criterion: its focus is the assessment);
    ``value_label`` names the value in the report's language where it is a concept
    (``lautakunta`` for ``.../decision-body/committee``), else it is the value.
    """

    id: str
    iri: str
    order: int
    status: Status
    message: str
    messages: dict[str, str]
    text: str
    texts: dict[str, str]
    source_text: str
    sources: tuple[str, ...]
    label: str = ""
    labels: dict[str, str] = Field(default_factory=dict)
    focus_node: str | None = None
    value: str | None = None
    value_label: str | None = None
    value_labels: dict[str, str] = Field(default_factory=dict)
    findings: tuple[Finding, ...] = ()

    def label_in(self, lang: str) -> str:
        """The criterion's name in ``lang``: the Finnish one where the sources give none in ``lang``, else the slug."""
        return self.labels.get(lang) or self.labels.get("fi") or self.id

    def value_label_in(self, lang: str) -> str | None:
        """The value's name in ``lang`` (its label where it is a concept), or None where there is no value."""
        if self.value is None:
            return None
        return self.value_labels.get(lang) or self.value_labels.get("en") or self.value


class ComplianceReport(FrozenModel):
    """The outcome of validating one self-assessment against the joining-criteria shapes.

    ``conforms`` is True when no shape reports a ``sh:Violation`` (so every
    criterion is ``met``). ``criteria`` lists the 14 criteria in the network's
    order. :meth:`results_graph` gives the W3C SHACL results graph.
    """

    conforms: bool
    lang: str
    assessment: str
    organization: str
    organization_code: str
    organization_name: str
    organization_kind: str
    assessed_on: date
    engine: str
    source: str | None = None
    criteria: tuple[CriterionResult, ...]
    _results: tuple[Result, ...] = PrivateAttr(default=())

    def criterion(self, slug: str) -> CriterionResult:
        """The result of one criterion, by slug (``"joining-decision"``).

        An unknown slug raises :class:`~terve_kunta.errors.UnknownNameError` (a ``KeyError``).
        """
        for result in self.criteria:
            if result.id == slug:
                return result
        raise UnknownNameError(
            f"no criterion {slug!r} in the report", close_matches(slug, [c.id for c in self.criteria])
        )

    def statuses(self) -> dict[str, str]:
        """Each criterion's slug and status."""
        return {c.id: c.status.value for c in self.criteria}

    def results_graph(self) -> Graph:
        """The W3C SHACL validation report of this assessment, as a new rdflib graph."""
        from terve_kunta.validation.results import results_graph

        return results_graph(self._results, self.conforms)

    @property
    def results(self) -> tuple[Result, ...]:
        """The raw SHACL results (:class:`terve_kunta.validation.results.Result`)."""
        return self._results

    def in_language(self, lang: str) -> ComplianceReport:
        """The same report with its messages in ``lang`` (``fi``, ``sv`` or ``en``)."""
        check_language(lang)
        criteria = tuple(
            c.model_copy(
                update={
                    "message": c.messages.get(lang, c.message),
                    "text": c.texts.get(lang, c.source_text),
                    "label": c.label_in(lang),
                    "value_label": c.value_label_in(lang),
                    "findings": tuple(
                        f.model_copy(update={"message": f.messages.get(lang, f.message)}) for f in c.findings
                    ),
                }
            )
            for c in self.criteria
        )
        copy = self.model_copy(update={"lang": lang, "criteria": criteria})
        copy._results = self._results
        return copy

    def untranslated(self) -> bool:
        """Whether some criterion has no name in the report's language (shown in Finnish instead)."""
        return any(self.lang not in c.labels for c in self.criteria if c.labels)

    def summary(self) -> dict[str, object]:
        """The short form, as JSON values: the file, organisation, date, verdict and each criterion.

        ``{"file", "organization": {"code", "name", "kind", "iri"}, "assessed_on", "conforms",
        "criteria": [{"id", "label", "status", "message"}, ...]}``; a criterion that is not met
        also has ``"value"`` and ``"value_label"`` where a value decided it. ``file`` is None
        for an assessment that was not read from a file.
        """
        criteria: list[dict[str, object]] = []
        for c in self.criteria:
            entry: dict[str, object] = {"id": c.id, "label": c.label_in(self.lang), "status": c.status.value}
            entry["message"] = c.message
            if c.value is not None:
                entry["value"] = c.value
                entry["value_label"] = c.value_label_in(self.lang)
            criteria.append(entry)
        return {
            "file": self.source,
            "organization": {
                "code": self.organization_code,
                "name": self.organization_name,
                "kind": self.organization_kind,
                "iri": self.organization,
            },
            "assessed_on": self.assessed_on.isoformat(),
            "conforms": self.conforms,
            "criteria": criteria,
        }
