"""Pictures of themes and criteria: the themes' mappings as a layered graph, a compliance heatmap."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import terve_kunta as tk

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "themes": {
        "en": (
            "Main themes 2021-2025, WHO Phase VII themes and the SDGs they are mapped to",
            "Terve Kunta themes 2021-2025",
            "WHO Healthy Cities Phase VII",
            "UN Sustainable Development Goals",
            "theme → WHO theme",
            "theme → SDG or target",
            "not mapped",
            "The mappings are this project's editorial assertions, not WHO's or the UN's.",
            "a target of",
        ),
        "fi": (
            "Päätemat 2021-2025, WHO:n vaiheen VII teemat ja kestävän kehityksen tavoitteet",
            "Terve Kunta -teemat 2021-2025",
            "WHO Healthy Cities, vaihe VII",
            "YK:n kestävän kehityksen tavoitteet",
            "teema → WHO-teema",
            "teema → tavoite tai alatavoite",
            "ei kytketty",
            "Kytkennät ovat tämän projektin omia, eivät WHO:n tai YK:n.",
            "alatavoite:",
        ),
        "sv": (
            "Huvudteman 2021-2025, WHO:s teman i fas VII och målen för hållbar utveckling",
            "Terve Kunta-teman 2021-2025",
            "WHO Healthy Cities, fas VII",
            "FN:s mål för hållbar utveckling",
            "tema → WHO-tema",
            "tema → mål eller delmål",
            "inte kopplat",
            "Kopplingarna är detta projekts egna, inte WHO:s eller FN:s.",
            "delmål i",
        ),
    },
    "heatmap": {
        "en": ("Compliance of the example self-assessments, criterion by criterion", "criterion", "self-assessment"),
        "fi": ("Esimerkki-itsearviointien kriteerit yksi kerrallaan", "kriteeri", "itsearviointi"),
        "sv": ("Exempel på självvärderingar, kriterium för kriterium", "kriterium", "självvärdering"),
    },
}
COLOURS = {"met": "#009E73", "not_met": "#D55E00", "missing": "#BBBBBB"}
MARKS = {"met": "✓", "not_met": "✗", "missing": "?"}


def _label(labels: dict[str, str], lang: str) -> str:
    return labels.get(lang) or labels.get("en") or labels.get("fi") or next(iter(labels.values()), "")


def _theme_labels(themes: list[tk.Theme], lang: str) -> dict[str, tuple[str, bool]]:
    """Each theme's label with its number (``1``, ``1.2``), and whether it is a main theme."""
    by_slug = {t.slug: t for t in themes}
    labels = {}
    for theme in themes:
        parent = by_slug.get(theme.broader) if theme.broader else None
        number = f"{parent.notation}.{theme.order}" if parent is not None else (theme.notation or "")
        labels[theme.iri] = (f"{number} {_label(theme.labels, lang)}".strip(), parent is None)
    return labels


def themes_layers(kg: tk.GraphView, lang: str) -> Figure:
    """WHO Phase VII themes (left) <- the themes 2021-2025 (middle) -> SDGs and targets (right), with labels.

    The themes stand in the middle so that no mapping line crosses another column's boxes.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    words = WORDS["themes"][lang]
    themes = kg.themes()
    who = kg.who_themes()
    sdgs = {s.code: s for s in kg.sdgs(include_targets=True)}
    codes = sorted({c for t in themes for c in t.sdgs}, key=lambda c: [int(p) for p in c.split(".")])
    mapped = {iri for t in themes for iri in t.who_themes}

    def column(count: int) -> list[float]:
        step = 1.0 / max(count, 1)
        return [1 - step * (i + 0.5) for i in range(count)]

    figure, axes = plt.subplots(figsize=(12.0, 9.0), layout="constrained")
    box = {"boxstyle": "round,pad=0.4", "linewidth": 0.9}
    texts = {}
    for theme, y in zip(who, column(len(who)), strict=True):
        used = theme.iri in mapped
        texts[theme.iri] = axes.text(
            0.0,
            y,
            _label(theme.labels, lang) + ("" if used else f"\n({words[6]})"),
            ha="center",
            va="center",
            fontsize=11.5,
            color="#1b1b1b" if used else "#8a8a8a",
            zorder=3,
            bbox={**box, "facecolor": "#E5F1FA" if used else "#F4F4F4", "edgecolor": "#0072B2" if used else "#C8C8C8"},
        )
    numbered = _theme_labels(themes, lang)
    for theme, y in zip(themes, column(len(themes)), strict=True):
        label, main = numbered[theme.iri]
        texts[theme.iri] = axes.text(
            1.0,
            y,
            textwrap.fill(label, 44),
            ha="center",
            va="center",
            fontsize=10.5 if main else 9.8,
            fontweight="bold" if main else "normal",
            zorder=3,
            bbox={**box, "facecolor": "#FFE9B8" if main else "#FFF7E0", "edgecolor": "#E69F00"},
        )
    for code, y in zip(codes, column(len(codes)), strict=True):
        sdg = sdgs.get(code)
        goal = sdgs.get(sdg.goal) if sdg is not None and sdg.goal else sdg
        name = (goal.short_title or goal.title) if goal is not None else ""
        text = f"SDG {code}: {name}" if "." not in code else f"SDG {code} ({words[8]} {name})"
        texts[f"sdg:{code}"] = axes.text(
            2.0,
            y,
            textwrap.fill(text, 28),
            ha="center",
            va="center",
            fontsize=10.2,
            zorder=3,
            bbox={**box, "facecolor": "#FBEAF3", "edgecolor": "#CC79A7"},
        )
    arrow = {"arrowstyle": "-|>", "shrinkA": 5, "shrinkB": 5, "mutation_scale": 10, "linewidth": 1.3}
    for theme in themes:
        source = texts[theme.iri]
        for iri in theme.who_themes:
            axes.annotate(
                "",
                xy=(1, 0.5),
                xycoords=texts[iri],
                xytext=(0, 0.5),
                textcoords=source,
                zorder=1,
                arrowprops={**arrow, "color": "#0072B2"},
            )
        for code in theme.sdgs:
            axes.annotate(
                "",
                xy=(0, 0.5),
                xycoords=texts[f"sdg:{code}"],
                xytext=(1, 0.5),
                textcoords=source,
                zorder=1,
                arrowprops={**arrow, "color": "#CC79A7", "linestyle": "--"},
            )
    for x, heading in ((0.0, words[2]), (1.0, words[1]), (2.0, words[3])):
        axes.text(x, 1.05, textwrap.fill(heading, 30), ha="center", va="bottom", fontsize=12, fontweight="bold")
    axes.set_xlim(-0.45, 2.45)
    axes.set_ylim(-0.02, 1.14)
    axes.set_axis_off()
    figure.suptitle(f"{words[0]}\n", fontsize=14)
    axes.set_title(words[7], fontsize=10.5, style="italic", color="#555555")
    handles = [
        Line2D([], [], color="#0072B2", label=words[4]),
        Line2D([], [], color="#CC79A7", linestyle="--", label=words[5]),
    ]
    figure.legend(handles=handles, loc="outside lower center", ncol=2, frameon=False, fontsize=11)
    return figure


def _column_label(report: tk.ComplianceReport, path: Path) -> str:
    """The organisation, and for a failing example the last part of its file name (``committee``)."""
    parts = path.stem.split("--")
    name = report.organization_name
    label = f"{name} · {parts[-1].replace('-', ' ')}" if len(parts) == 3 else name
    return textwrap.shorten(label, 38, placeholder=" …")


def compliance_heatmap(kg: tk.KnowledgeGraph, lang: str, folder: Path) -> Figure:
    """Criterion x self-assessment: met, not met or missing, for every YAML file under ``folder``."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch
    from rdflib import Literal

    from terve_kunta.data.files import read_graph
    from terve_kunta.namespaces import ID, SKOS

    title, row_label, column_label = WORDS["heatmap"][lang]
    paths = sorted(folder.glob("compliant/*.yaml")) + sorted(folder.glob("failing/*.yaml"))
    reports = [(path, kg.validate(path, lang=lang)) for path in paths]
    criteria = sorted(kg.criteria(), key=lambda c: c.order)
    statuses = read_graph("schemes/compliance-statuses.ttl")
    names = {}
    for status in ("met", "not_met", "missing"):
        iri = ID[f"compliance-status/{status.replace('_', '-')}"]
        found = {o.language: str(o) for o in statuses.objects(iri, SKOS.prefLabel) if isinstance(o, Literal)}
        names[status] = found.get(lang) or found.get("en") or status
    index = {"met": 0, "not_met": 1, "missing": 2}
    grid = [[index[r.criterion(c.slug).status.value] for _, r in reports] for c in criteria]
    width = 4.2 + 0.38 * len(reports)
    figure, axes = plt.subplots(figsize=(width, 0.5 * len(criteria) + 3.6), layout="constrained")
    axes.imshow(grid, cmap=ListedColormap([COLOURS[s] for s in index]), vmin=0, vmax=2, aspect="auto")
    status_of = {v: k for k, v in index.items()}
    for y, row in enumerate(grid):
        for x, value in enumerate(row):
            axes.text(
                x,
                y,
                MARKS[status_of[value]],
                ha="center",
                va="center",
                fontsize=10.5,
                color="white" if value < 2 else "#333333",
                fontweight="bold",
            )
    labels = [
        textwrap.fill(f"{c.order}. {_label(c.labels, lang)}", 46, max_lines=2, placeholder=" …") for c in criteria
    ]
    axes.set_yticks(range(len(criteria)), labels=labels, fontsize=9)
    axes.set_xticks(
        range(len(reports)),
        labels=[_column_label(r, p) for p, r in reports],
        fontsize=8.8,
        rotation=55,
        ha="right",
        rotation_mode="anchor",
    )
    axes.set_xticks([x - 0.5 for x in range(1, len(reports))], minor=True)
    axes.set_yticks([y - 0.5 for y in range(1, len(criteria))], minor=True)
    axes.grid(which="minor", color="white", linewidth=1.2)
    axes.tick_params(which="both", length=0)
    axes.set_ylabel(row_label)
    axes.set_xlabel(column_label)
    figure.suptitle(title, fontsize=13.5)
    handles = [Patch(facecolor=COLOURS[s], label=f"{MARKS[s]} {names[s]}") for s in index]
    figure.legend(handles=handles, loc="outside lower center", ncol=3, frameon=False, fontsize=11)
    return figure
