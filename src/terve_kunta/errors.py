"""Exceptions raised by terve_kunta.

Every error the library raises on purpose derives from :class:`TerveKuntaError`,
so a caller can catch them all at once; the command line turns them into a
one-line message and exit code 2.

>>> issubclass(UnknownNameError, LookupError)
True
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["AmbiguousNameError", "AssessmentError", "DataFileError", "TerveKuntaError", "UnknownNameError"]


class TerveKuntaError(Exception):
    """Base class of the errors that terve_kunta raises on purpose."""


class DataFileError(TerveKuntaError):
    """A Turtle file cannot be read or parsed; the message names the file and the parser's reason."""


class AssessmentError(TerveKuntaError, ValueError):
    """A self-assessment cannot be read: ``file``, ``field`` and ``line`` say where, ``expected`` what.

    ``field`` is a dotted path (``joining_decision.date``), ``line`` counts from 1
    and is None where the parser does not give one. The message never repeats the
    value of a personal field (``name``, ``email``).

    >>> print(AssessmentError("a.yaml", "is not a date", field="assessed_on", line=2, expected="YYYY-MM-DD"))
    a.yaml, line 2, field assessed_on: is not a date; expected YYYY-MM-DD
    """

    def __init__(
        self, file: str, problem: str, *, field: str | None = None, line: int | None = None, expected: str | None = None
    ) -> None:
        problem = " ".join(problem.split())  # one line, whatever a parser said
        self.file, self.problem, self.field, self.line, self.expected = file, problem, field, line, expected
        where = _printable(file) + (f", line {line}" if line is not None else "")
        where += f", field {_printable(field)}" if field else ""
        super().__init__(f"{where}: {problem}" + (f"; expected {expected}" if expected else ""))


def _printable(text: str) -> str:
    """``text``, or its repr when it holds line breaks or other unprintable characters."""
    return text if text.isprintable() else repr(text)


class UnknownNameError(TerveKuntaError, LookupError):
    """No entity matches the code, name or IRI that was asked for.

    ``suggestions`` holds the closest known names, best first.
    """

    def __init__(self, message: str, suggestions: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.suggestions = tuple(suggestions)

    def __str__(self) -> str:  # LookupError would quote the message like a key
        return str(self.args[0])


class AmbiguousNameError(TerveKuntaError, LookupError):
    """A name matches more than one entity; ``candidates`` lists them as "code name" strings."""

    def __init__(self, message: str, candidates: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.candidates = tuple(candidates)

    def __str__(self) -> str:
        return str(self.args[0])
