"""The status of a criterion from its findings (met, not_met, missing), and the report's lookups.

The decision is tested on findings made here, without a graph or an engine: a
violation of a content shape makes ``not_met``, one of an evidence shape only
``missing``; warnings and infos change no status.
"""

from __future__ import annotations

from datetime import date

import pytest

import terve_kunta as tk
from terve_kunta.models import Criterion
from terve_kunta.validation.report import ComplianceReport, CriterionResult, Finding, Severity, Status
from terve_kunta.validation.validator import _criterion_result

CRITERION = Criterion(
    iri="urn:criterion/plan",
    slug="plan",
    order=3,
    group="commitment",
    group_labels={},
    labels={"en": "Plan"},
    texts={"fi": "Suunnitelma on tehty.", "en": "A plan is made."},
    sources=("urn:source",),
)
LABELS = {"met": {"fi": "täyttyy", "en": "met"}, "not_met": {}, "missing": {}}


def finding(
    evidence: bool,
    severity: Severity = Severity.VIOLATION,
    focus: str = "urn:a",
    value: str | None = None,
    en: str = "Wrong.",
    fi: str | None = "Väärin.",
) -> Finding:
    messages = {"en": en} | ({"fi": fi} if fi is not None else {})
    return Finding(
        shape="urn:shape",
        shape_name="shape",
        criterion="plan",
        evidence=evidence,
        severity=severity,
        component="MinCount",
        focus_node=focus,
        path=None,
        value=value,
        message=en,
        messages=messages,
    )


def test_no_violation_is_met_in_the_words_of_the_status_labels() -> None:
    warning = finding(False, Severity.WARNING, en="Consider it.")
    for findings in ([], [warning], [finding(True, Severity.INFO)]):
        result = _criterion_result(CRITERION, findings, LABELS, "fi")
        assert (result.status, result.message, result.messages) == (
            Status.MET,
            "Täyttyy.",
            {"fi": "Täyttyy.", "en": "Met."},
        )
        assert (result.focus_node, result.value, result.findings) == (None, None, tuple(findings))


def test_only_evidence_missing_is_missing() -> None:
    result = _criterion_result(CRITERION, [finding(True, focus="urn:a/x", en="Not stated.", fi=None)], LABELS, "en")
    assert (result.status, result.message, result.focus_node) == (Status.MISSING, "Not stated.", "urn:a/x")
    assert result.messages == {"fi": "Not stated.", "sv": "Not stated.", "en": "Not stated."}  # else the finding's own


def test_evidence_that_contradicts_the_criterion_is_not_met_and_wins_over_missing() -> None:
    findings = [
        finding(True, en="Not stated.", focus="urn:a/0"),
        finding(False, focus="urn:a/1", en="Too old.", fi="Liian vanha."),
        finding(False, focus="urn:a/2", value="2019", en="Too old.", fi="Liian vanha."),
        finding(False, focus="urn:a/3", value="1999", en="Wrong body.", fi="Väärä elin."),
        finding(False, Severity.WARNING, value="x", en="A warning."),
    ]
    result = _criterion_result(CRITERION, findings, LABELS, "en")
    assert result.status == Status.NOT_MET
    assert result.message == "Too old. Wrong body."  # each message once, in order; not the evidence's
    assert result.messages["fi"] == "Liian vanha. Väärä elin."
    assert (result.focus_node, result.value) == ("urn:a/1", "2019")  # the first deciding finding; its first value
    assert result.findings == tuple(findings)


def test_a_result_carries_the_criterion_text_in_the_language_else_in_finnish() -> None:
    english = _criterion_result(CRITERION, [], LABELS, "en")
    swedish = _criterion_result(CRITERION, [], LABELS, "sv")
    assert (english.text, swedish.text, swedish.source_text) == (
        "A plan is made.",
        "Suunnitelma on tehty.",
        "Suunnitelma on tehty.",
    )
    assert (swedish.message, english.id, english.iri, english.order) == ("", "plan", "urn:criterion/plan", 3)


def report(source: str | None = None) -> ComplianceReport:
    criteria = [
        CriterionResult(
            id=slug,
            iri=f"urn:{slug}",
            order=n,
            status=Status.MET,
            message="",
            messages={},
            text="",
            texts={},
            source_text="",
            sources=(),
        )
        for n, slug in enumerate(["plan", "budget"])
    ]
    return ComplianceReport(
        conforms=True,
        lang="en",
        assessment="urn:a",
        organization="urn:o",
        organization_code="297",
        organization_name="Kuopio",
        organization_kind="municipality",
        assessed_on=date(2025, 3, 1),
        engine="oxigraph",
        criteria=tuple(criteria),
        **({"source": source} if source is not None else {}),
    )


def test_a_report_finds_a_criterion_by_slug_and_refuses_another() -> None:
    made = report()
    assert made.criterion("budget").iri == "urn:budget" and made.criterion("plan").order == 0
    with pytest.raises(tk.UnknownNameError) as caught:
        made.criterion("budgets")
    assert caught.value.message == "no criterion 'budgets' in the report" and caught.value.suggestions == ("budget",)


def test_what_a_report_leaves_out_is_none() -> None:
    made = report()
    assert made.source is None and report(source="a.yaml").source == "a.yaml"
    result = made.criteria[0]
    assert (result.focus_node, result.value, result.findings) == (None, None, ())
