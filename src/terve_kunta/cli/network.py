"""The commands about the network itself: ``info``, ``members`` and ``check``.

>>> from terve_kunta.cli import main
>>> main(["members", "--kind", "wellbeing_services_county", "--format", "csv"])
code,kind,name_fi,name_sv,region_code,region_fi,wellbeing_services_county_code,who_designated,wikidata
20,wellbeing_services_county,Kainuun hyvinvointialue,Kajanalands välfärdsområde,18,Kainuu,20,false,
13,wellbeing_services_county,Pohjois-Savon hyvinvointialue,Norra Savolax välfärdsområde,11,Pohjois-Savo,13,false,
0
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from typing import Any

from terve_kunta.cli._common import Command, iso_date, load_kg
from terve_kunta.cli._i18n import count, say
from terve_kunta.cli._table import terminal_width, write_table
from terve_kunta.cli._words import COLUMN_TITLES, INFO_LABELS, KIND_NAMES, summarise_integrity
from terve_kunta.data.view import MEMBER_KINDS
from terve_kunta.options import TABLE_FORMATS

__all__ = ["COMMANDS", "MEMBER_COLUMNS", "TABLE_COLUMNS", "member_rows", "member_table_rows", "might_have_been"]

# ---------------------------------------------------------------------- info


def _configure_info(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")


def _run_info(args: argparse.Namespace) -> int:
    from importlib.metadata import version

    import terve_kunta as tk
    from terve_kunta.data.files import data_files

    kg = load_kg(args)
    members = kg.members()
    sdgs = kg.sdgs(include_targets=True)
    info: dict[str, Any] = {
        "terve_kunta": tk.__version__,
        "ontology": tk.ontology_version(),
        "rdflib": version("rdflib"),
        "pydantic": version("pydantic"),
        "pyshacl": version("pyshacl"),
        "store": kg.store.spec,
        "files": len(data_files()),
        "triples": kg.triple_count,
        "network": kg.network.names.get(args.lang) or kg.network.names.get("fi", kg.network.iri),
        "members": len(members),
        "member_municipalities": sum(m.kind == tk.MemberKind.MUNICIPALITY for m in members),
        "member_wellbeing_services_counties": sum(m.kind == tk.MemberKind.WELLBEING_SERVICES_COUNTY for m in members),
        "who_designated_members": sum(m.who_designated for m in members),
        "municipalities_2024": len(kg.municipalities(2024)),
        "municipalities_2025": len(kg.municipalities(2025)),
        "wellbeing_services_counties": len(kg.wellbeing_services_counties()),
        "regions": len(kg.regions()),
        "themes": len(kg.themes()),
        "criteria": len(kg.criteria()),
        "sdg_goals": sum(s.kind == "goal" for s in sdgs),
        "sdg_targets": sum(s.kind == "target" for s in sdgs),
    }
    if args.format == "json":
        json.dump(info, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    labels = {key: INFO_LABELS[key].get(args.lang, INFO_LABELS[key]["en"]) for key in info}
    width = max(map(len, labels.values()))
    for key, value in info.items():
        print(f"{labels[key]:<{width}}  {value}")
    return 0


# ---------------------------------------------------------------------- members

#: The columns of ``members --format csv`` (JSON gives the whole models).
MEMBER_COLUMNS = (
    "code",
    "kind",
    "name_fi",
    "name_sv",
    "region_code",
    "region_fi",
    "wellbeing_services_county_code",
    "who_designated",
    "wikidata",
)
#: The columns of the table for people: names instead of codes, in the asked language.
TABLE_COLUMNS = ("code", "name", "kind", "region", "wellbeing_services_county", "who_designated")


def _configure_members(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", choices=MEMBER_KINDS[:2], help="only members of this kind")
    parser.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD", help="members on this date (default: today)")
    parser.add_argument(
        "--format",
        choices=TABLE_FORMATS,
        default="table",
        help="table (names, in --lang, fitted to the terminal), csv or json (every value, whole) (default: table)",
    )


def member_rows(members: Sequence[Any]) -> list[dict[str, str]]:
    """Flatten :class:`terve_kunta.Member` models into rows of :data:`MEMBER_COLUMNS`."""
    rows = []
    for m in members:
        rows.append(
            {
                "code": m.code,
                "kind": m.kind.value,
                "name_fi": m.name_fi,
                "name_sv": m.names.get("sv", ""),
                "region_code": m.region.code if m.region else "",
                "region_fi": m.region.name_fi if m.region else "",
                "wellbeing_services_county_code": m.wellbeing_services_county.code
                if m.wellbeing_services_county
                else "",
                "who_designated": "true" if m.who_designated else "false",
                "wikidata": m.wikidata or "",
            }
        )
    return rows


def _name(place: Any, lang: str) -> str:
    return "" if place is None else str(place.names.get(lang) or place.name_fi)


def member_table_rows(members: Sequence[Any], lang: str) -> list[dict[str, str]]:
    """Rows of :data:`TABLE_COLUMNS` for people: names in ``lang`` (Finnish where there is none), kinds in words."""
    return [
        {
            "code": m.code,
            "name": _name(m, lang),
            "kind": KIND_NAMES[m.kind.value][lang],
            "region": _name(m.region, lang),
            "wellbeing_services_county": _name(m.wellbeing_services_county, lang),
            "who_designated": say(lang, "yes") if m.who_designated else "",
        }
        for m in members
    ]


def might_have_been(kg: Any, args: argparse.Namespace) -> str:
    """How many more than the members listed might have been members on the day, in ``--lang`` ("" if none)."""
    possible = kg.member_counts(as_of=args.as_of, kind=args.kind).possible
    return say(args.lang, "might_have_been", n=possible) if possible else ""


def _run_members(args: argparse.Namespace) -> int:
    kg = load_kg(args)
    members = kg.members(kind=args.kind, as_of=args.as_of)
    if args.format == "json":
        json.dump([m.model_dump(mode="json") for m in members], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=MEMBER_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(member_rows(members))
        return 0
    headers = {c: COLUMN_TITLES[c][args.lang] for c in TABLE_COLUMNS}
    rows = member_table_rows(members, args.lang)
    write_table(rows, TABLE_COLUMNS, sys.stdout, headers, terminal_width(sys.stdout))
    sys.stdout.flush()
    line = count(args.lang, len(rows), "member")
    if args.as_of is not None:
        line += " " + say(args.lang, "members_on", day=args.as_of.isoformat())
    print(line + might_have_been(kg, args), file=sys.stderr)
    return 0


#: The end of the count under the table when more might have been members than are known to be.
# ---------------------------------------------------------------------- check


def _configure_check(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quiet", action="store_true", help="print nothing when the graph conforms")
    parser.add_argument(
        "--format",
        choices=("text", "turtle"),
        default="text",
        help="text: a summary (what failed, where, how many); turtle: the W3C SHACL report (default: text)",
    )


def _run_check(args: argparse.Namespace) -> int:
    from terve_kunta.data.integrity import check_integrity

    kg = load_kg(args)
    report = check_integrity(kg)
    if report.conforms and args.quiet:
        return 0
    if args.format == "turtle":
        from terve_kunta.rdf.canonical import canonical_turtle

        sys.stdout.write(canonical_turtle(report.results))
    else:
        sys.stdout.write(summarise_integrity(report, kg.triple_count, args.lang, terminal_width(sys.stdout)))
    return 0 if report.conforms else 1


COMMANDS = [
    Command("info", "versions of the package, ontology and libraries, and counts", _configure_info, _run_info),
    Command("members", "list the network's members", _configure_members, _run_members),
    Command(
        "check",
        "check the packaged graph against its integrity shapes",
        _configure_check,
        _run_check,
        "Check the graph (the packaged one, or --store/--registry) against its integrity shapes (data quality). "
        "Prints what failed, where and how many times; --format turtle prints pySHACL's W3C report.",
    ),
]
