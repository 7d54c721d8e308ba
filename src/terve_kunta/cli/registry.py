"""The ``member`` command: ``member add``, ``member end`` and ``member history``.

A change is saved at once, atomically: to ``--registry FILE`` (created from the
packaged registry if it does not exist yet), or into a persistent ``--store``.
The packaged registry inside the installed package is never written.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from terve_kunta.cli._common import Command, add_language_option, add_store_options, close_after, iso_date, warn
from terve_kunta.cli._i18n import say
from terve_kunta.cli._table import terminal_width, write_table
from terve_kunta.cli._words import COLUMN_TITLES
from terve_kunta.errors import ModelError, OptionError, RegistryError

__all__ = ["COMMANDS"]

# each source of a membership: its part (start, end or the membership), and what it says of itself
_SOURCES = """
SELECT ?membership ?part ?source ?title ?body ?date ?reference ?url ?parent ?parent_title ?order WHERE {
  { ?membership dct:source ?source BIND("membership" AS ?part) }
  UNION { ?membership org:memberDuring/time:hasBeginning/dct:source ?source BIND("start" AS ?part) }
  UNION { ?membership org:memberDuring/time:hasEnd/dct:source ?source BIND("end" AS ?part) }
  OPTIONAL { ?source dct:title ?title }
  OPTIONAL { ?source prov:wasAttributedTo/rdfs:label ?body }
  OPTIONAL { ?source dct:date ?date }
  OPTIONAL { ?source dct:identifier ?reference }
  OPTIONAL { ?source rdfs:seeAlso ?url }
  OPTIONAL { ?source dct:isPartOf ?parent OPTIONAL { ?parent dct:title ?parent_title } }
  OPTIONAL { ?source tk:order ?order }
}
"""


def _decision_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("the decision behind the change (its provenance)")
    group.add_argument("--decision-body", required=True, metavar="TEXT", help="who decided (e.g. a council)")
    group.add_argument("--decision-date", required=True, type=iso_date, metavar="YYYY-MM-DD", help="when")
    group.add_argument("--reference", metavar="TEXT", help="its reference (e.g. '§ 12')")
    group.add_argument("--url", metavar="URL", help="where the decision can be read (http or https)")


def _configure_member(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser(
        "add",
        help="a municipality or county joins on a date",
        description="Record that a municipality or wellbeing services county joins the network on --start, "
        "with the decision behind it. A decision dated after the start is accepted with a warning.",
    )
    add.add_argument("member", help="code, Finnish or Swedish name, or IRI of a municipality or county")
    add.add_argument("--start", required=True, type=iso_date, metavar="YYYY-MM-DD", help="first day as a member")
    _decision_options(add)
    end = actions.add_parser(
        "end",
        help="a member leaves on a date",
        description="Record that a member leaves the network: --end is its last day as a member.",
    )
    end.add_argument("member", help="code, name or IRI of the member")
    end.add_argument("--end", required=True, type=iso_date, metavar="YYYY-MM-DD", help="last day as a member")
    _decision_options(end)
    history = actions.add_parser(
        "history",
        help="a member's memberships over time",
        description="Show a member's memberships in the network, one a line: from and until when (as the "
        "sources give them: a day, a month or a year; 'attested' where a source shows only that it was a member "
        "then), the decision behind each (body, date, reference) and the source.",
    )
    history.add_argument("member", help="code, name or IRI of the member")
    for sub in (add, end, history):
        add_language_option(sub, suppress_default=True)
        add_store_options(sub, suppress_defaults=True)


def _load(args: argparse.Namespace, writing: bool) -> tuple[object, Path | None]:
    import terve_kunta as tk
    from terve_kunta.stores import parse_store_spec

    persistent = parse_store_spec(args.store)[0] != "memory"
    target = Path(args.registry) if args.registry and not persistent else None
    if writing and not persistent and target is None:
        raise OptionError(
            "--registry",
            None,
            "--registry FILE (created from the packaged registry if missing), or a persistent --store",
        )
    registry = target if target is not None and target.exists() else None
    if persistent and args.registry:
        registry = Path(args.registry)
    kg = tk.load(args.store, registry, update_url=args.update_url, graph_store_url=args.graph_store_url)
    close_after(args, kg)
    if target is not None and registry is None:
        print(say(args.lang, "new_registry", file=target), file=sys.stderr)
    return kg, target


def _decision(args: argparse.Namespace) -> Any:
    from terve_kunta.registry import Decision

    try:
        return Decision(body=args.decision_body, date=args.decision_date, reference=args.reference, url=args.url)
    except ModelError as exc:  # name the options, not the model's fields
        options = {"body": "--decision-body", "date": "--decision-date", "reference": "--reference", "url": "--url"}
        raise RegistryError(
            "; ".join(f"{options.get(field, field)}: {reason}" for field, reason in exc.problems)
        ) from None


def _file_lock(args: argparse.Namespace) -> AbstractContextManager[object]:
    """The registry file's lock when the change is saved to ``--registry FILE``; nothing for a store."""
    from terve_kunta.stores import parse_store_spec

    if args.registry and parse_store_spec(args.store)[0] == "memory":
        from terve_kunta.registry import registry_lock

        return registry_lock(args.registry)
    return nullcontext()


def _run_member(args: argparse.Namespace) -> int:
    if args.action == "history":
        kg, _ = _load(args, writing=False)
        _history(kg, args)
        return 0
    decision = _decision(args)  # before anything is read or created
    day = args.start if args.action == "add" else args.end
    with _file_lock(args):  # from reading the file to saving it: no other writer comes between
        kg, target = _load(args, writing=True)
        if args.action == "add":
            membership = kg.add_member(args.member, args.start, decision)  # type: ignore[attr-defined]
        else:
            membership = kg.end_membership(args.member, args.end, decision)  # type: ignore[attr-defined]
        kg.save_registry(target)  # type: ignore[attr-defined]
    if decision.date > day:
        what = say(args.lang, "start" if args.action == "add" else "end")
        warn(args, say(args.lang, "decided_after", decided=decision.date, what=what, day=day.isoformat()))
    member = kg.member(args.member)  # type: ignore[attr-defined]
    where = target if target is not None else args.store
    line = "added" if args.action == "add" else "ended"
    name = member.names.get(args.lang) or member.name_fi
    print(say(args.lang, line, name=name, code=member.code, day=day.isoformat(), where=where), file=sys.stderr)
    print(membership.iri)
    return 0


def _source_text(row: dict[str, Any], lang: str) -> tuple[str, str]:
    """A source as (decision, source): a decision's body, date and reference; another source's title."""
    if row.get("body"):
        decision = " ".join(str(row[k]) for k in ("body", "date", "reference") if row.get(k))
        return decision, str(row.get("url") or "")
    title = str(row.get("title") or row["source"])
    if row.get("parent_title") and row.get("order") is not None:
        title = say(lang, "slide", title=row["parent_title"], n=row["order"])
    return "", title


def _history(kg: Any, args: argparse.Namespace) -> None:
    from rdflib import URIRef

    lang = args.lang
    member = kg.member(args.member)
    print(say(lang, "history_title", name=member.names.get(lang) or member.name_fi, code=member.code))
    rows = []
    for m in member.memberships:
        found = kg.query(_SOURCES, membership=URIRef(m.iri)).to_records()
        decisions, sources = [], []
        for part in ("start", "membership", "end"):
            for row in sorted((r for r in found if r["part"] == part), key=lambda r: str(r["source"])):
                decision, source = _source_text(row, lang)
                if decision and decision not in decisions:
                    decisions.append(decision)
                if source and source not in sources:
                    sources.append(source)
        since = m.begin or (say(lang, "attested", period=", ".join(m.attested)) if m.attested else "")
        rows.append(
            {
                "from": since or say(lang, "unknown"),
                "until": m.end or say(lang, "open"),
                "decision": "; ".join(decisions),
                "source": "; ".join(sources),
            }
        )
    if not rows:
        print(say(lang, "no_memberships"))
        return
    columns = ("from", "until", "decision", "source")
    headers = {c: COLUMN_TITLES[c][lang] for c in columns}
    write_table(rows, columns, sys.stdout, headers, terminal_width(sys.stdout))


COMMANDS = [
    Command(
        "member",
        "keep the member registry: add, end, history",
        _configure_member,
        _run_member,
        "Keep the member registry: record a join (add) or a leave (end) with the decision behind it, saved at "
        "once to --registry FILE or a persistent --store; or show a member's history.",
    )
]
