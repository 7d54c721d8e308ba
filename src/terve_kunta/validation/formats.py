"""Compliance reports as text, Markdown, JSON and Turtle, one report or a summary table of many.

The words around the messages (headings, the summary line) are the product's own,
in Finnish, Swedish and English. No format shows a person's name or e-mail
address: reports never contain them.

>>> import terve_kunta as tk
>>> from terve_kunta.validation.validator import validate
>>> report = validate(tk.load(), {"municipality": "091", "assessed_on": "2025-03-01",
...     "top_management_responsible": False}, lang="fi")
>>> print(render_text(report).splitlines()[0])
Helsinki (091), itsearviointi 2025-03-01: ei täytä kriteerejä
>>> summary(report)["criteria"][0]["message"]
'Hyvinvoinnin ja terveyden edistämisen vastuu ei kuulu ylimmälle johdolle.'
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from terve_kunta.namespaces import ID
from terve_kunta.options import REPORT_FORMATS, check_choice
from terve_kunta.validation.report import ComplianceReport, Status

__all__ = [
    "render",
    "render_json",
    "render_markdown",
    "render_text",
    "render_turtle",
    "summary",
    "summary_table",
]

_SYMBOL = {Status.MET: "✓", Status.NOT_MET: "✗", Status.MISSING: "?"}
_UI: dict[str, dict[str, str]] = {
    "fi": {
        "assessment": "itsearviointi",
        "conforms": "täyttää kriteerit",
        "not": "ei täytä kriteerejä",
        "met": "täyttyy",
        "not_met": "ei täyty",
        "missing": "puuttuu",
        "value": "arvo",
        "counts": "{met}/{total} kriteeriä täyttyy, {not_met} ei täyty, {missing} puuttuu",
        "criterion": "Kriteeri",
        "status": "Tila",
        "message": "Viesti",
        "organization": "Arvioitu",
        "date": "Päivä",
        "all": "{conform}/{total} arviointia täyttää kriteerit",
        "legend": "✓ täyttyy, ✗ ei täyty, ? puuttuu",
    },
    "sv": {
        "assessment": "självutvärdering",
        "conforms": "uppfyller kriterierna",
        "not": "uppfyller inte kriterierna",
        "met": "uppfylls",
        "not_met": "uppfylls inte",
        "missing": "saknas",
        "value": "värde",
        "counts": "{met}/{total} kriterier uppfylls, {not_met} uppfylls inte, {missing} saknas",
        "criterion": "Kriterium",
        "status": "Status",
        "message": "Meddelande",
        "organization": "Bedömd",
        "date": "Dag",
        "all": "{conform}/{total} bedömningar uppfyller kriterierna",
        "legend": "✓ uppfylls, ✗ uppfylls inte, ? saknas",
    },
    "en": {
        "assessment": "self-assessment",
        "conforms": "conforms",
        "not": "does not conform",
        "met": "met",
        "not_met": "not met",
        "missing": "missing",
        "value": "value",
        "counts": "{met}/{total} criteria met, {not_met} not met, {missing} missing",
        "criterion": "Criterion",
        "status": "Status",
        "message": "Message",
        "organization": "Assessed",
        "date": "Date",
        "all": "{conform}/{total} assessments conform",
        "legend": "✓ met, ✗ not met, ? missing",
    },
}


def _short(value: str) -> str:
    return value.removeprefix(str(ID))


def _title(report: ComplianceReport) -> str:
    ui = _UI[report.lang]
    verdict = ui["conforms"] if report.conforms else ui["not"]
    return (
        f"{report.organization_name} ({report.organization_code}), {ui['assessment']} {report.assessed_on}: {verdict}"
    )


def _counts(report: ComplianceReport) -> str:
    statuses = [c.status for c in report.criteria]
    return _UI[report.lang]["counts"].format(
        met=statuses.count(Status.MET),
        total=len(statuses),
        not_met=statuses.count(Status.NOT_MET),
        missing=statuses.count(Status.MISSING),
    )


def render_text(report: ComplianceReport) -> str:
    """One report as plain text: a line per criterion, then the counts."""
    ui = _UI[report.lang]
    width = max((len(ui[s.value]) for s in Status), default=0)
    lines = [_title(report)]
    for c in report.criteria:
        line = f"{c.order:>3} {_SYMBOL[c.status]} {ui[c.status.value]:<{width}}  {c.id}"
        if c.status != Status.MET:
            line += f": {c.message}"
            if c.value is not None:
                line += f" ({ui['value']}: {_short(c.value)})"
        lines.append(line)
    lines.append(_counts(report))
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: ComplianceReport) -> str:
    """One report as a Markdown table."""
    ui = _UI[report.lang]
    lines = [f"## {_cell(_title(report))}", "", f"| # | {ui['criterion']} | {ui['status']} | {ui['message']} |"]
    lines.append("|---|---|---|---|")
    for c in report.criteria:
        message = c.message + (f" ({ui['value']}: `{_short(c.value)}`)" if c.value is not None else "")
        lines.append(f"| {c.order} | `{c.id}` | {_SYMBOL[c.status]} {ui[c.status.value]} | {_cell(message)} |")
    lines += ["", _counts(report)]
    return "\n".join(lines) + "\n"


def summary(report: ComplianceReport) -> dict[str, Any]:
    """``{"conforms": bool, "criteria": [{"id", "status", "message"}, ...]}`` for one report."""
    return report.summary()


def render_json(reports: Sequence[ComplianceReport], several: bool | None = None) -> str:
    """One report's :func:`summary`, or (for several) a list of them, one a line, each with its ``"file"``."""
    if several is None:
        several = len(reports) != 1
    if not several:
        return json.dumps(summary(reports[0]), ensure_ascii=False, indent=2) + "\n"
    # one report a line: readable, and fast (the C encoder works only without indent)
    lines = (json.dumps({"file": r.source, **summary(r)}, ensure_ascii=False) for r in reports)
    return "[\n" + ",\n".join(lines) + "\n]\n"


def render_turtle(reports: Sequence[ComplianceReport]) -> str:
    """The W3C SHACL results graphs of the reports, as one Turtle document."""
    from terve_kunta.rdf.canonical import new_graph

    graph = new_graph()
    for report in reports:
        for triple in report.results_graph():
            graph.add(triple)
    return graph.serialize(format="turtle")


def summary_table(reports: Sequence[ComplianceReport], lang: str = "en", markdown: bool = False) -> str:
    """Criteria x assessments: one row per assessment, one column per criterion (numbered), and totals."""
    ui = _UI[lang]
    if not reports:
        return ""
    criteria = reports[0].criteria
    header = [ui["organization"], ui["date"], *(str(c.order) for c in criteria)]
    rows = [
        [
            f"{r.organization_name} ({r.organization_code})",
            r.assessed_on.isoformat(),
            *(_SYMBOL[c.status] for c in r.criteria),
        ]
        for r in reports
    ]
    totals = ["✓", "", *(str(sum(r.criteria[i].status == Status.MET for r in reports)) for i in range(len(criteria)))]
    legend = [f"{c.order}: {c.id}" for c in criteria]
    footer = ui["all"].format(conform=sum(r.conforms for r in reports), total=len(reports))
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(_cell(x) for x in row) + " |" for row in [*rows, totals]]
        return "\n".join([*lines, "", ui["legend"] + "; " + ", ".join(legend), "", footer]) + "\n"
    widths = [max(len(row[i]) for row in [header, *rows, totals]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in [header, *rows, totals]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join([*lines, "", ui["legend"], *legend, footer]) + "\n"


def render(reports: Sequence[ComplianceReport], fmt: str = "text", several: bool | None = None) -> str:
    """Render reports in ``fmt`` (one of :data:`~terve_kunta.options.REPORT_FORMATS`).

    One report is shown in full; several as :func:`summary_table` (text and Markdown),
    a list of summaries (JSON) or one results graph (Turtle).
    """
    check_choice("format", fmt, REPORT_FORMATS)
    if several is None:
        several = len(reports) != 1
    if fmt == "json":
        return render_json(reports, several)
    if fmt == "turtle":
        return render_turtle(reports)
    lang = reports[0].lang if reports else "en"
    if fmt == "markdown":
        return summary_table(reports, lang, markdown=True) if several else render_markdown(reports[0])
    return summary_table(reports, lang) if several else render_text(reports[0])
