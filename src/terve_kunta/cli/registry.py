"""The ``member`` command: ``member add``, ``member end`` and ``member history``.

A change is saved at once, atomically: to ``--registry FILE`` (created from the
packaged registry if it does not exist yet), or into a persistent ``--store``.
The packaged registry inside the installed package is never written. A file is
locked from reading to saving, so that commands run at once each keep their
change; a store's registry that another writer changed meanwhile is refused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from terve_kunta.cli._common import Command, add_store_options, iso_date
from terve_kunta.errors import ModelError, OptionError, RegistryError

__all__ = ["COMMANDS"]


def _decision_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("the decision behind the change (its provenance)")
    group.add_argument("--decision-body", required=True, metavar="TEXT", help="who decided (e.g. a council)")
    group.add_argument("--decision-date", required=True, type=iso_date, metavar="YYYY-MM-DD", help="when")
    group.add_argument("--reference", metavar="TEXT", help="its reference (e.g. '§ 12')")
    group.add_argument("--url", metavar="URL", help="where the decision can be read (http or https)")


def _configure_member(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="a municipality or county joins on a date", description="record a join")
    add.add_argument("member", help="code, Finnish or Swedish name, or IRI of a municipality or county")
    add.add_argument("--start", required=True, type=iso_date, metavar="YYYY-MM-DD", help="first day as a member")
    _decision_options(add)
    end = actions.add_parser("end", help="a member leaves on a date", description="record a leave")
    end.add_argument("member", help="code, name or IRI of the member")
    end.add_argument("--end", required=True, type=iso_date, metavar="YYYY-MM-DD", help="last day as a member")
    _decision_options(end)
    history = actions.add_parser("history", help="a member's memberships over time", description="show history")
    history.add_argument("member", help="code, name or IRI of the member")
    for sub in (add, end, history):
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
    if target is not None and registry is None:
        print(f"{target}: new registry, starting from the packaged one", file=sys.stderr)
    return kg, target


def _run_member(args: argparse.Namespace) -> int:
    from terve_kunta.stores import parse_store_spec

    writing = args.action != "history"
    if writing and args.registry and parse_store_spec(args.store)[0] == "memory":
        from terve_kunta.registry import registry_lock

        with registry_lock(args.registry):  # from reading the file to saving it: no other writer comes between
            return _change(args, writing)
    return _change(args, writing)


def _change(args: argparse.Namespace, writing: bool) -> int:
    from terve_kunta.registry import Decision

    kg, target = _load(args, writing=writing)
    if args.action == "history":
        member = kg.member(args.member)  # type: ignore[attr-defined]
        for m in member.memberships:
            start = m.begin or (f"attested {m.attested[0]}" if m.attested else "?")
            print(f"{m.iri}  {start} .. {m.end or ''}  {' '.join(m.sources)}".rstrip())
        return 0
    try:
        decision = Decision(body=args.decision_body, date=args.decision_date, reference=args.reference, url=args.url)
    except ModelError as exc:  # name the options, not the model's fields
        options = {"body": "--decision-body", "date": "--decision-date", "reference": "--reference", "url": "--url"}
        raise RegistryError(
            "; ".join(f"{options.get(field, field)}: {reason}" for field, reason in exc.problems)
        ) from None
    if args.action == "add":
        membership = kg.add_member(args.member, args.start, decision)  # type: ignore[attr-defined]
    else:
        membership = kg.end_membership(args.member, args.end, decision)  # type: ignore[attr-defined]
    kg.save_registry(target)  # type: ignore[attr-defined]
    where = target if target is not None else args.store
    print(f"{args.action}: {membership.iri}; saved to {where}", file=sys.stderr)
    return 0


COMMANDS = [Command("member", "keep the member registry: add, end, history", _configure_member, _run_member)]
