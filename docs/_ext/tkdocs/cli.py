"""``terve-kunta-cli``: every command and option, read from the argument parser at build time.

The parser is :func:`terve_kunta.cli.main.build_parser`, so a command or option added there
appears here with no edit to the docs. Option groups that every command shares (the store
options) are listed once, first.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

from tkdocs.common import indent, rst_escape

PROG = "terve-kunta"
_GROUPS_OF_ARGPARSE = {"positional arguments", "options", "optional arguments"}


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The subcommands of ``parser`` by name, in the order they were added."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command and nested command, as (names, parser), depth first."""
    for name, sub in subcommands(parser).items():
        yield (*path, name), sub
        yield from leaves(sub, (*path, name))


def _help_of(parser: argparse.ArgumentParser, name: str) -> str:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if choice.dest == name or choice.metavar == name:
                    return choice.help or ""
    return ""


def _groups(parser: argparse.ArgumentParser) -> list[tuple[str, list[argparse.Action]]]:
    found = []
    for group in parser._action_groups:
        actions = [
            a
            for a in group._group_actions
            if a.help != argparse.SUPPRESS and not isinstance(a, argparse._HelpAction | argparse._SubParsersAction)
        ]
        if actions:
            found.append((group.title or "", actions))
    return found


def _signature(title: str, actions: list[argparse.Action]) -> tuple[str, tuple[tuple[str, ...], ...]]:
    return title, tuple(tuple(a.option_strings) or (a.dest,) for a in actions)


def _value(action: argparse.Action) -> str:
    if not action.option_strings:
        shown = action.metavar or action.dest.upper()
        return f"``{shown}``" + (" ..." if action.nargs in ("+", "*") else "")
    if action.nargs == 0:
        return "(a switch)"
    if action.choices is not None:
        return " | ".join(f"``{c}``" for c in action.choices)
    return f"``{action.metavar or action.dest.upper()}``"


def _description(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    text = parser._get_formatter()._expand_help(action) if action.help else ""
    extra = []
    if action.required and action.option_strings:
        extra.append("required")
    if action.nargs == "append" or isinstance(action, argparse._AppendAction):
        extra.append("may be given more than once")
    return rst_escape(text) + (f" ({', '.join(extra)})" if extra else "")


def options_list(parser: argparse.ArgumentParser, actions: list[argparse.Action]) -> str:
    """A definition list of ``actions``: the option and its value, then what it does.

    A list rather than a table, so that long option names and choices never widen the page.
    """
    rows = []
    for action in actions:
        name = ", ".join(f"``{o}``" for o in action.option_strings)
        value = _value(action)
        term = f"{name} {value}" if name and value != "(a switch)" else name or value
        rows += [term, f"   {_description(parser, action) or '-'}", ""]
    return "\n".join(rows) + "\n"


def reference(parser: argparse.ArgumentParser) -> str:
    """The whole reference as reStructuredText."""
    commands = list(leaves(parser))
    runnable = [(path, sub) for path, sub in commands if not subcommands(sub)]
    signatures = [{_signature(t, a) for t, a in _groups(sub)} for _, sub in runnable]
    shared = set.intersection(*signatures) if signatures else set()
    shared = {s for s in shared if s[0] not in _GROUPS_OF_ARGPARSE}
    out = []
    if parser.epilog:
        out += [rst_escape(parser.epilog), ""]
    if shared:
        out += ["Options of every command", "------------------------", ""]
        _, first = runnable[0]
        for title, actions in _groups(first):
            if _signature(title, actions) in shared:
                out += [f"**{rst_escape(title)}**", "", options_list(first, actions)]
    for path, sub in commands:
        title = f"``{PROG} {' '.join(path)}``"
        mark = "-" if len(path) == 1 else "~"
        out += [f".. _cli-{'-'.join(path)}:", "", title, mark * len(title), ""]
        described = sub.description or _help_of(parser if len(path) == 1 else dict(commands)[path[:-1]], path[-1])
        if described:
            out += [rst_escape(described[:1].upper() + described[1:]) + ".", ""]
        usage = sub.format_usage().strip()
        out += [".. code-block:: text", "", indent(usage), ""]
        nested = subcommands(sub)
        if nested:
            listed = ", ".join(f":ref:`{n} <cli-{'-'.join((*path, n))}>`" for n in nested)
            out += [f"Subcommands: {listed}.", ""]
        for group_title, actions in _groups(sub):
            if _signature(group_title, actions) in shared:
                continue
            heading = "Arguments and options" if group_title in _GROUPS_OF_ARGPARSE else group_title.capitalize()
            out += [f"*{rst_escape(heading)}*", "", options_list(sub, actions)]
        if any(_signature(t, a) in shared for t, a in _groups(sub)) and not nested:
            out += ["And the options of every command.", ""]
        if sub.epilog:
            out += [rst_escape(sub.epilog), ""]
    return "\n".join(out)


class TerveKuntaCli(SphinxDirective):
    """Insert the command-line reference."""

    def run(self) -> list[nodes.Node]:
        """Parse the generated reference into nodes."""

        from terve_kunta.cli.main import build_parser

        for name, module in list(sys.modules.items()):
            path = getattr(module, "__file__", None)
            if name.startswith("terve_kunta.cli.") and path:
                self.env.note_dependency(path)
        for module in sys.modules.values():  # a change to these extensions rebuilds the page
            path = getattr(module, "__file__", None) or ""
            if "tkdocs" in getattr(module, "__name__", "") and path:
                self.env.note_dependency(path)
        container = nodes.section()
        container.document = self.state.document
        text = reference(build_parser())
        nested_parse_with_titles(self.state, StringList(text.splitlines(), "terve-kunta-cli"), container)
        return list(container.children)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive("terve-kunta-cli", TerveKuntaCli)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
