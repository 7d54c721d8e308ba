"""Text in columns of a given width: shorten a cell with an ellipsis, share a line's width among columns.

Used by the report tables (:mod:`terve_kunta.validation.formats`) and the command
line's tables (:mod:`terve_kunta.cli._table`). Full values are for CSV and JSON;
these are for people reading a terminal.

>>> shorten("Pohjois-Savon hyvinvointialue", 12)
'Pohjois-Sav…'
>>> shorten("joining-decision--not_met--committee.yaml", 20, middle=True)
'joining-de…ttee.yaml'
>>> fit([4, 30, 30], available=50, gap=2)
[4, 21, 21]
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["ELLIPSIS", "fit", "shorten"]

ELLIPSIS = "…"


def shorten(text: str, width: int, middle: bool = False) -> str:
    """``text`` cut to ``width`` characters with an ellipsis: at its end, or in its ``middle`` (file names)."""
    if len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    if middle:
        tail = (width - 1) // 2
        return text[: width - 1 - tail] + ELLIPSIS + (text[-tail:] if tail else "")
    return text[: width - 1] + ELLIPSIS


def fit(widths: Sequence[int], available: int, gap: int = 2, minimum: int = 6) -> list[int]:
    """Column widths that fit a line of ``available`` characters, ``gap`` between columns.

    The widest column gives up a character at a time until the line fits; no column
    gets narrower than ``minimum`` (or its own width, if smaller). A line that
    cannot fit even so stays as narrow as that allows.
    """
    fitted = list(widths)
    excess = sum(fitted) + gap * max(len(fitted) - 1, 0) - available
    while excess > 0:
        widest = max(range(len(fitted)), key=lambda i: fitted[i], default=None)
        if widest is None or fitted[widest] <= minimum:
            break
        fitted[widest] -= 1
        excess -= 1
    return fitted
