"""Compliance reports as text, Markdown, JSON and Turtle, one report or a summary table of many.

The words around the messages (headings, the summary line) are the product's own,
in Finnish, Swedish and English. Criteria are named by their labels and values by
theirs (``lautakunta``, not ``decision-body/committee``); the sources give the
criteria in Finnish and English only, so a Swedish report names them in Finnish
and says so once. Every format names the file each assessment came from, where
there are several. No format shows a person's name or e-mail address: reports
never contain them.

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
import os
import textwrap
from collections.abc import Sequence
from typing import Any

from terve_kunta._columns import fit, shorten
from terve_kunta.options import REPORT_FORMATS, check_choice
from terve_kunta.validation.report import ComplianceReport, CriterionResult, Status

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
        "file": "Tiedosto",
        "folder": "Tiedostot kansiossa {folder}",
        "organization": "Arvioitu",
        "date": "Päivä",
        "all": "{conform}/{total} arviointia täyttää kriteerit",
        "legend": "✓ täyttyy, ✗ ei täyty, ? puuttuu",
        "untranslated": "",
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
        "file": "Fil",
        "folder": "Filer i mappen {folder}",
        "organization": "Bedömd",
        "date": "Dag",
        "all": "{conform}/{total} bedömningar uppfyller kriterierna",
        "legend": "✓ uppfylls, ✗ uppfylls inte, ? saknas",
        "untranslated": "Källorna anger inte kriterierna på svenska: de visas på finska.",
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
        "file": "File",
        "folder": "Files in {folder}",
        "organization": "Assessed",
        "date": "Date",
        "all": "{conform}/{total} assessments conform",
        "legend": "✓ met, ✗ not met, ? missing",
        "untranslated": "The sources do not give the criteria in English: they are shown in Finnish.",
    },
}


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


def _untranslated(reports: Sequence[ComplianceReport], lang: str) -> list[str]:
    """The note, said once, that the criteria are shown in Finnish (where some have no label in ``lang``)."""
    note = _UI[lang]["untranslated"]
    return [note] if note and any(r.untranslated() for r in reports) else []


def _explanation(c: CriterionResult, lang: str, code: bool = False) -> str:
    """The message of a criterion that is not met, with the value that decided it, named by its label.

    A value true or false is not repeated: the message says it in words.
    """
    value = c.value_label_in(lang)
    if value is None or value in ("true", "false"):
        return c.message
    return f"{c.message} ({_UI[lang]['value']}: {f'`{value}`' if code else value})"


def _wrap(text: str, width: int | None, indent: int = 0, first: str = "") -> list[str]:
    """``first + text`` as lines of at most ``width`` characters, later ones indented (one line if no width)."""
    if width is None:
        return [first + text]
    wrapped = textwrap.wrap(
        text, max(width, indent + 20), initial_indent=first, subsequent_indent=" " * indent, break_on_hyphens=False
    )
    return wrapped or [first]


def render_text(report: ComplianceReport, width: int | None = None) -> str:
    """One report as plain text: a line per criterion (its number, status and name), the reason below it.

    With ``width``, long lines wrap to that many characters (a terminal's width).
    """
    ui = _UI[report.lang]
    status_width = max((len(ui[s.value]) for s in Status), default=0)
    indent = status_width + 8
    lines = _wrap(_title(report), width)
    for c in report.criteria:
        start = f"{c.order:>3} {_SYMBOL[c.status]} {ui[c.status.value]:<{status_width}}  "
        lines += _wrap(c.label_in(report.lang), width, indent, start)
        if c.status != Status.MET:
            lines += _wrap(_explanation(c, report.lang), width, indent, " " * indent)
    lines.append(_counts(report))
    for note in _untranslated([report], report.lang):
        lines += _wrap(note, width)
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: ComplianceReport) -> str:
    """One report as a Markdown table."""
    ui, lang = _UI[report.lang], report.lang
    lines = [f"## {_cell(_title(report))}", "", f"| # | {ui['criterion']} | {ui['status']} | {ui['message']} |"]
    lines.append("|---|---|---|---|")
    for c in report.criteria:
        message = _explanation(c, lang, code=True)
        lines.append(
            f"| {c.order} | {_cell(c.label_in(lang))} | {_SYMBOL[c.status]} {ui[c.status.value]} | {_cell(message)} |"
        )
    lines += ["", _counts(report), *(["", *_untranslated([report], lang)] if _untranslated([report], lang) else [])]
    return "\n".join(lines) + "\n"


def summary(report: ComplianceReport) -> dict[str, Any]:
    """The short form of a report: file, organisation, date, verdict and criteria (``ComplianceReport.summary``)."""
    return report.summary()


def render_json(
    reports: Sequence[ComplianceReport],
    several: bool | None = None,
    errors: Sequence[tuple[str, str]] = (),
    order: Sequence[str] = (),
) -> str:
    """One report's :func:`summary`, or (for several) a list of them, one a line.

    Each entry of the list has its ``"file"``; a file that could not be used is in the
    list too, as ``{"file": ..., "error": ...}`` (``errors`` gives these pairs). The
    entries follow ``order`` (the files as given), where it names them.
    """
    if several is None:
        several = len(reports) + len(errors) != 1
    if not several and reports:
        return json.dumps(summary(reports[0]), ensure_ascii=False, indent=2) + "\n"
    entries: list[tuple[str | None, dict[str, Any]]] = [(r.source, summary(r)) for r in reports]
    entries += [(file, {"file": file, "error": message}) for file, message in errors]
    if order:
        position = {file: index for index, file in enumerate(order)}
        entries.sort(key=lambda entry: position.get(entry[0] or "", len(position)))
    # one entry a line: readable, and fast (the C encoder works only without indent)
    lines = [json.dumps(entry, ensure_ascii=False) for _, entry in entries]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def render_turtle(reports: Sequence[ComplianceReport]) -> str:
    """The W3C SHACL results graphs of the reports, as one Turtle document.

    Each ``sh:ValidationReport`` names the assessment it is about (``dct:subject``)
    and, where it was read from a file, the file (``dct:source``, as given).
    """
    from rdflib import Literal, URIRef

    from terve_kunta.namespaces import DCTERMS, RDF, SH
    from terve_kunta.rdf.canonical import new_graph

    graph = new_graph()
    for report in reports:
        results = report.results_graph()
        for node in results.subjects(RDF.type, SH.ValidationReport):
            results.add((node, DCTERMS.subject, URIRef(report.assessment)))
            if report.source is not None:
                results.add((node, DCTERMS.source, Literal(report.source)))
        for triple in results:
            graph.add(triple)
    return graph.serialize(format="turtle")


def _files(reports: Sequence[ComplianceReport]) -> tuple[str | None, list[str]]:
    """The folder that holds every file (None if they share none) and each file's path inside it."""
    sources = [r.source or "" for r in reports]
    try:
        folder = os.path.commonpath([os.path.dirname(s) for s in sources]) if all(sources) else ""
    except ValueError:  # absolute and relative paths mixed
        folder = ""
    if not folder:
        return None, sources
    return folder, [os.path.relpath(s, folder) for s in sources]


def summary_table(
    reports: Sequence[ComplianceReport], lang: str = "en", markdown: bool = False, width: int | None = None
) -> str:
    """Criteria x assessments: one row per assessment (its file, organisation, date), one column per criterion.

    The columns are numbered; a legend below names the criteria. Files are shown
    inside the folder that holds them all, named once above the table. With
    ``width`` (text only), file and organisation names are shortened with an
    ellipsis so that a row fits, and the legend wraps.
    """
    ui = _UI[lang]
    if not reports:
        return ""
    criteria = reports[0].criteria
    folder, files = _files(reports)
    header = [ui["file"], ui["organization"], ui["date"], *(str(c.order) for c in criteria)]
    rows = [
        [
            file,
            f"{r.organization_name} ({r.organization_code})",
            r.assessed_on.isoformat(),
            *(_SYMBOL[c.status] for c in r.criteria),
        ]
        for file, r in zip(files, reports, strict=True)
    ]
    totals = [
        "",
        "✓",
        "",
        *(str(sum(r.criteria[i].status == Status.MET for r in reports)) for i in range(len(criteria))),
    ]
    legend = [f"{c.order}: {c.label_in(lang)}" for c in criteria]
    footer = ui["all"].format(conform=sum(r.conforms for r in reports), total=len(reports))
    above = [ui["folder"].format(folder=folder), ""] if folder else []
    note = _untranslated(reports, lang)
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(_cell(x) for x in row) + " |" for row in [*rows, totals]]
        legend_lines = [ui["legend"], "", *(f"{c.order}. {_cell(c.label_in(lang))}" for c in criteria)]
        return "\n".join([*above, *lines, "", *legend_lines, "", footer, *(["", *note] if note else [])]) + "\n"
    widths = [max(len(row[i]) for row in [header, *rows, totals]) for i in range(len(header))]
    if width is not None:  # the criteria's columns keep their width; the names give way
        fixed = sum(widths[3:]) + 2 * 2 + len(widths[3:]) + widths[2]
        widths[:2] = fit(widths[:2], width - fixed, gap=2, minimum=8)
    gaps = ["", "  ", "  ", "  ", *([" "] * (len(header) - 4))]
    lines = [
        "".join(
            gap + shorten(cell, widths[i], middle=i == 0).ljust(widths[i])
            for i, (gap, cell) in enumerate(zip(gaps, row, strict=True))
        ).rstrip()
        for row in [header, *rows, totals]
    ]
    lines.insert(1, "".join(gap + "-" * w for gap, w in zip(gaps, widths, strict=True)))
    text = [*above, *lines, "", ui["legend"]]
    for number, entry in enumerate(legend):
        text += _wrap(entry, width, len(str(criteria[number].order)) + 2)
    for line in [footer, *note]:
        text += _wrap(line, width)
    return "\n".join(text) + "\n"


def render(
    reports: Sequence[ComplianceReport],
    fmt: str = "text",
    several: bool | None = None,
    errors: Sequence[tuple[str, str]] = (),
    order: Sequence[str] = (),
    width: int | None = None,
) -> str:
    """Render reports in ``fmt`` (one of :data:`~terve_kunta.options.REPORT_FORMATS`).

    One report is shown in full; several as :func:`summary_table` (text and Markdown),
    a list of summaries (JSON, with the files that could not be used: ``errors``,
    pairs of file and message, in the ``order`` of the files given) or one results
    graph (Turtle). ``width`` fits text to a terminal of that many columns.
    """
    check_choice("format", fmt, REPORT_FORMATS)
    if several is None:
        several = len(reports) != 1
    if fmt == "json":
        return render_json(reports, several, errors, order)
    if fmt == "turtle":
        return render_turtle(reports)
    lang = reports[0].lang if reports else "en"
    if fmt == "markdown":
        return summary_table(reports, lang, markdown=True) if several else render_markdown(reports[0])
    return summary_table(reports, lang, width=width) if several else render_text(reports[0], width)
