"""The ``terve-kunta`` command (also ``python -m terve_kunta``).

Exit codes: 0 success, 1 a check did not pass, 2 unusable input or usage error.
Results go to standard output, diagnostics to standard error.

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

from terve_kunta import cli_query, cli_registry, cli_validate
from terve_kunta.cli_common import Command, add_store_options, iso_date, load_kg, write_table
from terve_kunta.errors import TerveKuntaError

__all__ = ["COMMANDS", "build_parser", "main", "member_rows"]

# ---------------------------------------------------------------------- info


def _configure_info(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")


def _run_info(args: argparse.Namespace) -> int:
    from importlib.metadata import version

    import terve_kunta as tk
    from terve_kunta.loading import data_files

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
        "network": kg.network.names.get("fi", kg.network.iri),
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
    else:
        width = max(map(len, info))
        for key, value in info.items():
            print(f"{key.replace('_', ' '):<{width}}  {value}")
    return 0


# ---------------------------------------------------------------------- members

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


def _configure_members(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kind", choices=("municipality", "wellbeing_services_county"), help="only members of this kind"
    )
    parser.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD", help="members on this date (default: today)")
    parser.add_argument(
        "--format", choices=("table", "csv", "json"), default="table", help="output format (default: table)"
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


def _run_members(args: argparse.Namespace) -> int:
    members = load_kg(args).members(kind=args.kind, as_of=args.as_of)
    if args.format == "json":
        json.dump([m.model_dump(mode="json") for m in members], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    rows = member_rows(members)
    if args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=MEMBER_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        write_table(rows, MEMBER_COLUMNS, sys.stdout)
        print(f"{len(rows)} members", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------- check


def _configure_check(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quiet", action="store_true", help="print nothing when the graph conforms")


def _run_check(args: argparse.Namespace) -> int:
    from terve_kunta.integrity import check_integrity

    report = check_integrity(load_kg(args))
    if not (report.conforms and args.quiet):
        print(report.text.rstrip())
    return 0 if report.conforms else 1


#: The subcommands, in the order ``--help`` lists them.
COMMANDS: list[Command] = [
    Command("info", "versions of the package, ontology and libraries, and counts", _configure_info, _run_info),
    Command("members", "list the network's members", _configure_members, _run_members),
    Command("check", "check the packaged graph against its integrity shapes", _configure_check, _run_check),
    Command("validate", cli_validate.HELP, cli_validate.configure, cli_validate.run),
    *cli_query.COMMANDS,
    *cli_registry.COMMANDS,
]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand of :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="terve-kunta",
        description="THL's Terve Kunta network as a knowledge graph.",
        epilog="Exit codes: 0 success, 1 a check did not pass, 2 unusable input.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        sub = commands.add_parser(command.name, help=command.help, description=command.help)
        command.configure(sub)
        add_store_options(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except TerveKuntaError as exc:
        print(f"terve-kunta: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
