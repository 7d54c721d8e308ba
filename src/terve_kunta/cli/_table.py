"""Tables for people: aligned columns fitted to the terminal's width, and a final newline.

A value too long for its column is shortened with an ellipsis (``…``); CSV and
JSON keep every value whole. The width is ``COLUMNS`` where it is set, else the
terminal's; output that goes to a file or a pipe is not cut.

>>> import io
>>> out = io.StringIO()
>>> write_table([{"code": "297", "name": "Kuopio"}], ["code", "name"], out, headers={"code": "Koodi"})
>>> print(out.getvalue(), end="")
Koodi  name
-----  ------
297    Kuopio
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from typing import TextIO

from terve_kunta._columns import fit, shorten

__all__ = ["terminal_width", "write_table"]


def terminal_width(stream: TextIO) -> int | None:
    """The width to fit output to: ``COLUMNS`` if set, the terminal's if ``stream`` is one, else None."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if getattr(stream, "isatty", lambda: False)():
        return shutil.get_terminal_size().columns
    return None


def write_table(
    rows: Sequence[Mapping[str, str]],
    columns: Sequence[str],
    out: TextIO,
    headers: Mapping[str, str] | None = None,
    width: int | None = None,
) -> None:
    """Write ``rows`` as a table with aligned columns, headed by ``headers`` (default: the column names).

    With ``width``, the widest columns are narrowed (values end in ``…``) until a
    row fits. Every line, the last too, ends with a newline.
    """
    titles = [(headers or {}).get(c, c) for c in columns]
    widths = [max([len(t), *(len(r[c]) for r in rows)]) for t, c in zip(titles, columns, strict=True)]
    if width is not None:
        widths = fit(widths, width, gap=2, minimum=8)

    def line(cells: Sequence[str]) -> str:
        return "  ".join(shorten(cell, w).ljust(w) for cell, w in zip(cells, widths, strict=True)).rstrip() + "\n"

    out.write(line(titles))
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in rows:
        out.write(line([row[c] for c in columns]))
