"""The command line's words for things: column titles, ``info``'s labels, kinds; the integrity summary.

Each entry has Finnish, Swedish and English; a test checks that every one has all
three. Sentences are in :mod:`terve_kunta.cli._i18n`.
"""

from __future__ import annotations

import textwrap
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from rdflib import Literal

from terve_kunta.cli._i18n import say
from terve_kunta.namespaces import RDF, SH

if TYPE_CHECKING:
    from terve_kunta.data.integrity import IntegrityReport

__all__ = ["COLUMN_TITLES", "INFO_LABELS", "KIND_NAMES", "summarise_integrity"]


def _w(en: str, fi: str, sv: str) -> dict[str, str]:
    return {"en": en, "fi": fi, "sv": sv}


#: Column titles of the tables (members, member history).
COLUMN_TITLES: dict[str, dict[str, str]] = {
    "code": _w("Code", "Koodi", "Kod"),
    "name": _w("Name", "Nimi", "Namn"),
    "kind": _w("Kind", "Laji", "Typ"),
    "region": _w("Region", "Maakunta", "Landskap"),
    "wellbeing_services_county": _w("Wellbeing services county", "Hyvinvointialue", "Välfärdsområde"),
    "who_designated": _w("WHO", "WHO", "WHO"),
    "from": _w("From", "Alkaen", "Från"),
    "until": _w("Until", "Asti", "Till"),
    "decision": _w("Decision", "Päätös", "Beslut"),
    "source": _w("Source", "Lähde", "Källa"),
}

#: The kinds of members, in words.
KIND_NAMES: dict[str, dict[str, str]] = {
    "municipality": _w("municipality", "kunta", "kommun"),
    "wellbeing_services_county": _w("wellbeing services county", "hyvinvointialue", "välfärdsområde"),
}

#: ``info``'s labels (its JSON keeps the keys).
INFO_LABELS: dict[str, dict[str, str]] = {
    "terve_kunta": _w("terve-kunta version", "terve-kunta-versio", "terve-kunta-version"),
    "ontology": _w("ontology version", "ontologian versio", "ontologins version"),
    "rdflib": _w("rdflib version", "rdflib-versio", "rdflib-version"),
    "pydantic": _w("pydantic version", "pydantic-versio", "pydantic-version"),
    "pyshacl": _w("pySHACL version", "pySHACL-versio", "pySHACL-version"),
    "store": _w("store", "tietovarasto", "datalager"),
    "files": _w("data files", "datatiedostoja", "datafiler"),
    "triples": _w("triples", "kolmikoita", "tripler"),
    "network": _w("network", "verkosto", "nätverk"),
    "members": _w("members today", "jäseniä nyt", "medlemmar i dag"),
    "member_municipalities": _w("  municipalities", "  kuntia", "  kommuner"),
    "member_wellbeing_services_counties": _w(
        "  wellbeing services counties", "  hyvinvointialueita", "  välfärdsområden"
    ),
    "who_designated_members": _w("  WHO Healthy Cities", "  WHO:n Terveet kaupungit", "  WHO:s Friska städer"),
    "municipalities_2024": _w("municipalities in 2024", "kuntia 2024", "kommuner 2024"),
    "municipalities_2025": _w("municipalities in 2025", "kuntia 2025", "kommuner 2025"),
    "wellbeing_services_counties": _w("wellbeing services counties", "hyvinvointialueita", "välfärdsområden"),
    "regions": _w("regions", "maakuntia", "landskap"),
    "themes": _w("themes", "teemoja", "teman"),
    "criteria": _w("joining criteria", "liittymiskriteerejä", "anslutningskriterier"),
    "sdg_goals": _w("UN SDG goals", "YK:n kestävän kehityksen tavoitteita", "FN:s hållbarhetsmål"),
    "sdg_targets": _w("UN SDG targets", "YK:n alatavoitteita", "FN:s delmål"),
}

_SHOWN = 3  # focus nodes named for each problem


def _local(node: object) -> str:
    text = str(node)
    return text.rsplit("#", 1)[-1] if "#" in text else text


def summarise_integrity(report: IntegrityReport, triples: int, lang: str, width: int | None = None) -> str:
    """What failed, where and how many times: one entry per shape, message and path, with a few focus nodes."""
    if report.conforms:
        return say(lang, "check_conforms", triples=triples) + "\n"
    graph = report.results
    problems: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for result in graph.subjects(RDF.type, SH.ValidationResult):
        messages = [m for m in graph.objects(result, SH.resultMessage) if isinstance(m, Literal)]
        message = next((str(m) for m in messages if m.language == lang), None) or next(
            (str(m) for m in messages), _local(graph.value(result, SH.sourceConstraintComponent))
        )
        shape = graph.value(result, SH.sourceShape)
        path = graph.value(result, SH.resultPath)
        where = f"{_local(shape)}" + (f", {_local(path)}" if path is not None and not isinstance(path, Literal) else "")
        problems[(message, where, str(graph.value(result, SH.resultSeverity)))].append(
            str(graph.value(result, SH.focusNode))
        )
    shapes = Counter(where.split(",")[0] for _, where, _ in problems)
    total = sum(len(focus) for focus in problems.values())
    lines = [say(lang, "check_fails", problems=total, shapes=len(shapes))]
    for (message, where, severity), focus in sorted(problems.items(), key=lambda item: -len(item[1])):
        head = f"{len(focus):>5} × {message} ({where}; {_local(severity)})"
        lines += textwrap.wrap(head, width, subsequent_indent=" " * 8) if width else [head]
        shown = ", ".join(sorted(focus)[:_SHOWN])
        if len(focus) > _SHOWN:
            shown += " " + say(lang, "check_more", n=len(focus) - _SHOWN)
        lines.append(" " * 8 + f"{say(lang, 'check_where')}: {shown}")
    lines.append(say(lang, "check_raw"))
    return "\n".join(lines) + "\n"
