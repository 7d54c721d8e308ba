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


def test_a_value_is_named_by_its_concept_label_in_the_language_else_in_english_else_as_it_is() -> None:
    body = "https://w3id.org/terve-kunta/id/decision-body/committee"
    concepts = {body: {"fi": "lautakunta", "en": "committee"}}
    decided = [finding(False, value=body)]
    named = {lang: _criterion_result(CRITERION, decided, LABELS, lang, concepts) for lang in ("fi", "sv")}
    assert (named["fi"].value, named["fi"].value_label, named["sv"].value_label) == (body, "lautakunta", "committee")
    assert named["fi"].value_labels == {"fi": "lautakunta", "en": "committee"}
    plain = _criterion_result(CRITERION, [finding(False, value="1999")], LABELS, "fi", concepts)
    assert (plain.value_label, plain.value_labels) == ("1999", {})
    met = _criterion_result(CRITERION, [], LABELS, "fi", concepts)
    assert (met.value, met.value_label, met.value_labels) == (None, None, {})


def test_a_criterion_is_named_in_the_language_else_in_finnish_else_by_its_slug() -> None:
    both = CRITERION.model_copy(update={"labels": {"fi": "Suunnitelma", "en": "Plan"}})
    assert [_criterion_result(both, [], LABELS, lang).label for lang in ("en", "sv")] == ["Plan", "Suunnitelma"]
    assert _criterion_result(both, [], LABELS, "en").labels == {"fi": "Suunnitelma", "en": "Plan"}
    unnamed = CRITERION.model_copy(update={"labels": {}})
    assert _criterion_result(unnamed, [], LABELS, "fi").label == "plan"


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
    assert (result.focus_node, result.value, result.value_label, result.findings) == (None, None, None, ())
    assert (result.label, result.labels, result.value_labels) == ("", {}, {})


def result(
    labels: dict[str, str], value: str | None = None, value_labels: dict[str, str] | None = None
) -> CriterionResult:
    base = report().criteria[0]
    return base.model_copy(update={"labels": labels, "value": value, "value_labels": value_labels or {}})


def test_the_names_of_a_criterion_and_its_value_fall_back_language_by_language() -> None:
    named = result({"fi": "Suunnitelma", "en": "Plan"}, "urn:c", {"fi": "lautakunta", "en": "committee"})
    assert [named.label_in(lang) for lang in ("fi", "sv", "en")] == ["Suunnitelma", "Suunnitelma", "Plan"]
    assert [named.value_label_in(lang) for lang in ("fi", "sv")] == ["lautakunta", "committee"]
    bare = result({}, "1999")
    assert (bare.label_in("en"), bare.value_label_in("en"), result({}).value_label_in("en")) == ("plan", "1999", None)


def test_a_report_says_whether_a_criterion_lacks_a_name_in_its_language() -> None:
    made = report()
    named = made.model_copy(update={"criteria": (result({"fi": "Suunnitelma", "en": "Plan"}), result({}))})
    assert not named.untranslated()  # a criterion with no names at all does not count
    assert named.model_copy(update={"lang": "sv"}).untranslated()


def test_the_summary_gives_a_value_only_where_one_decided() -> None:
    made = report(source="a.yaml").model_copy(
        update={"criteria": (result({"en": "Plan"}, "urn:c", {"en": "committee"}), result({}))}
    )
    summary = made.summary()
    assert summary["file"] == "a.yaml" and summary["assessed_on"] == "2025-03-01" and summary["conforms"] is True
    assert summary["organization"] == {"code": "297", "name": "Kuopio", "kind": "municipality", "iri": "urn:o"}
    assert summary["criteria"] == [
        {"id": "plan", "label": "Plan", "status": "met", "message": "", "value": "urn:c", "value_label": "committee"},
        {"id": "plan", "label": "plan", "status": "met", "message": ""},
    ]
