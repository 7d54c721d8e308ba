"""What the extensions share: where the repository is, and the packaged graph loaded once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import terve_kunta as tk

#: The repository (the docs' parent folder): the examples are read from here.
REPO = Path(__file__).resolve().parents[3]
EXAMPLES = REPO / "examples"


@cache
def graph() -> tk.KnowledgeGraph:
    """The packaged graph, loaded once per build process. Never change it."""
    return tk.load()


def rst_escape(text: str) -> str:
    """Text made safe to put inline in reStructuredText (no markup is started by it)."""
    return "".join("\\" + c if c in "*`|_\\[]<>" else c for c in text)


def indent(text: str, spaces: int = 3) -> str:
    """Every line of ``text`` indented (for the body of a directive or a table cell)."""
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())
