"""Parser messages without the input they quote: a syntax error may sit inside a name or an e-mail address.

A parser cannot know which of its words are personal data, so no error about a
self-assessment file repeats what the parser quoted from it: the place (line,
columns) and the parser's reason remain, the quoted text becomes ``…``. Text of
one or two characters stays (``':'``, ``' '``): it identifies no one and says
what is wrong.

>>> without_quotes("could not determine a constructor for the tag '!Maija'")
'could not determine a constructor for the tag …'
>>> without_quotes("found unexpected ':'")
"found unexpected ':'"
>>> turtle_reason("Parser error at line 1 between columns 17 and 22: Maija is not a valid RDF object (line 1)",
...     '<urn:p> <urn:n> Maija .')
'columns 17-22: … is not a valid RDF object'
"""

from __future__ import annotations

import re

__all__ = ["turtle_reason", "without_quotes"]

#: What a parser quotes: text in quotes or backquotes, and PyYAML's token names (``'<scalar>'``, its own
#: words: matched whole, so that the quote that ends one never starts a quoted text, and kept).
_QUOTED = re.compile(r"'<[a-z ]+>'|'[^'\n]{3,}'|\"[^\"\n]{3,}\"|`[^`\n]{3,}`")
_TOKEN_NAME = re.compile(r"'<[a-z ]+>'")
_SPAN = re.compile(
    r"^Parser error (?:at line (\d+) (?:between columns (\d+) and (\d+)|column (\d+))"
    r"|between line (\d+) column (\d+) and line (\d+) column (\d+)): "
)
_LONGEST = 200  # characters of a reason at most: the rest is the parser's detail


def without_quotes(message: str) -> str:
    """``message`` with every quoted text of three characters or more replaced by ``…``."""
    return _QUOTED.sub(lambda quoted: quoted[0] if _TOKEN_NAME.fullmatch(quoted[0]) else "…", message)


def _span(reason: str) -> tuple[int, int, int, int, str] | None:
    """First line and column, last line and column (1-based), and the reason after the place."""
    found = _SPAN.match(reason)
    if found is None:
        return None
    numbers = [int(n) if n else 0 for n in found.groups()]
    if numbers[0]:
        line, start, end, single = numbers[:4]
        return line, start or single, line, end or single + 1, reason[found.end() :]
    return numbers[4], numbers[5], numbers[6], numbers[7], reason[found.end() :]


def turtle_reason(reason: str, text: str) -> str:
    """Oxigraph's reason for a Turtle syntax error, with where it is and without the input it quotes.

    The reason's words that are part of the input where the error is (on one line:
    only a quoted text spans lines) become ``…``, and so does any quoted text
    (:func:`without_quotes`).
    """
    span = _span(reason)
    if span is None:
        return without_quotes(reason)[:_LONGEST]
    first, start, last, end, body = span
    body = re.sub(r" \(line \d+\)$", "", body)
    lines = text.split("\n")[first - 1 : first] if first == last else []
    token = lines[0][start - 1 : end - 1].strip() if lines else ""
    if token:  # unquoted text: ``maija.meik is not ...``, ``The prefix maija: has not ...``
        words = body.split(" ")
        body = " ".join("…" if len(w.strip("'\"`,.")) > 2 and w.strip("'\"`,.") in token else w for w in words)
    where = f"columns {start}-{end}" if first == last else f"line {first} column {start} to line {last} column {end}"
    return f"{where}: {without_quotes(body)}"[:_LONGEST]
