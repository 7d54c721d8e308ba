"""Every exception that terve_kunta raises, in one place.

Each derives from :class:`TerveKuntaError`, so a caller can catch them all at
once; the command line turns any of them into one line on standard error and
exit code 2. Where a caller would expect a built-in kind, the error is also one:
a bad option value is a :class:`ValueError`, a name that finds nothing a
:class:`KeyError`.

>>> issubclass(UnknownNameError, KeyError), issubclass(OptionError, ValueError)
(True, True)
>>> print(UnknownNameError("no municipality is named 'Kuopo'", ["Kuopio"]))
no municipality is named 'Kuopo'; did you mean 'Kuopio'?
>>> print(OptionError("format", "markdwn", ["text", "markdown"]))
format: expected one of text, markdown, got 'markdwn'; did you mean 'markdown'?
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

__all__ = [
    "AmbiguousNameError",
    "AssessmentError",
    "DataFileError",
    "ExportError",
    "MissingExtraError",
    "ModelError",
    "OptionError",
    "ProtocolError",
    "QueryError",
    "QueryParameterError",
    "QuerySyntaxError",
    "QueryTimeout",
    "RegistryError",
    "StoreError",
    "TermError",
    "TerveKuntaError",
    "UnknownNameError",
    "UnsafeQueryError",
    "UnsupportedShapeError",
    "UsageError",
    "close_matches",
]


class TerveKuntaError(Exception):
    """Base class of the errors that terve_kunta raises on purpose."""


def close_matches(word: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """Up to ``limit`` of ``candidates`` that look like ``word``, best first (the one "did you mean").

    >>> close_matches("markdwn", ["text", "json", "markdown"])
    ['markdown']
    """
    return difflib.get_close_matches(word, list(candidates), n=limit, cutoff=0.6)


def _did_you_mean(suggestions: Sequence[str]) -> str:
    return f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""


class OptionError(TerveKuntaError, ValueError):
    """An option (``lang``, ``engine``, ``format``, a date...) has a value that is not allowed.

    Raised where the option is given, before any file is read. ``option`` names
    it, ``value`` is what was given (None: nothing was) and ``expected`` what would
    do: a sequence of the allowed values, or a description such as ``"a date as YYYY-MM-DD"``.
    """

    def __init__(self, option: str, value: object, expected: str | Sequence[str]) -> None:
        self.option, self.value = option, value
        if isinstance(expected, str):
            self.expected: str = expected
            hint = ""
        else:
            self.expected = "one of " + ", ".join(expected)
            hint = _did_you_mean(close_matches(value, expected)) if isinstance(value, str) else ""
        given = f", got {value!r}" if value is not None else ""
        super().__init__(f"{option}: expected {self.expected}{given}{hint}")


class ModelError(TerveKuntaError, ValueError):
    """A model (a :class:`~terve_kunta.registry.Decision`, a member ...) was given values it cannot take.

    ``problems`` lists ``(field, reason)`` pairs; the message says them all, without
    repeating the values given for personal fields.
    """

    def __init__(self, model: str, problems: Sequence[tuple[str, str]]) -> None:
        self.model, self.problems = model, tuple(problems)
        super().__init__(
            f"{model}: " + "; ".join(f"{field}: {reason}" if field else reason for field, reason in problems)
        )


class UsageError(TerveKuntaError, TypeError):
    """A function or class was called with a combination of arguments it does not take."""


class DataFileError(TerveKuntaError):
    """A Turtle file cannot be read or parsed; the message names the file and the parser's reason.

    ``line`` is the line where the parser stopped, where it says.
    """

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


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


class UnknownNameError(TerveKuntaError, KeyError):
    """No entity matches the code, name, slug or IRI that was asked for.

    ``suggestions`` holds the closest known names, best first; the message ends
    with "did you mean ...?" when there are any (``message`` is the message without it).
    """

    def __init__(self, message: str, suggestions: Sequence[str] = ()) -> None:
        self.message, self.suggestions = message, tuple(suggestions)
        super().__init__(message + _did_you_mean(self.suggestions))

    def __str__(self) -> str:  # KeyError would quote the message like a key
        return str(self.args[0])


class AmbiguousNameError(TerveKuntaError, LookupError):
    """A name matches more than one entity; ``candidates`` lists them as "code name" strings."""

    def __init__(self, message: str, candidates: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.candidates = tuple(candidates)

    def __str__(self) -> str:
        return str(self.args[0])


class TermError(TerveKuntaError, ValueError):
    """A value cannot be an RDF term: not a valid IRI or language tag, or a type RDF has no term for."""


class QueryError(TerveKuntaError):
    """Base class of the errors about a SPARQL query or update."""


class QuerySyntaxError(QueryError):
    """The text is not a SPARQL query (or update) that can be run; the message says where and why."""


class UnsafeQueryError(QueryError):
    """A query or update would reach the network or the file system (SERVICE, LOAD, FROM, USING)."""


class QueryTimeout(QueryError, TimeoutError):
    """A query ran past its time limit and was stopped (``kg.query(..., timeout=SECONDS)``, ``--timeout``)."""


class QueryParameterError(QueryError, ValueError):
    """A value bound to a query is unknown, missing, of the wrong type, or not a variable of the query."""


class ProtocolError(TerveKuntaError):
    """A request to ``terve-kunta serve`` that it refuses; ``status`` is the HTTP status it answers with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class StoreError(TerveKuntaError):
    """A store cannot be opened, read or written; the message names the store and the reason."""


class RegistryError(TerveKuntaError):
    """A change to the member registry is refused; the message says what was wrong."""


class UnsupportedShapeError(TerveKuntaError):
    """A shape uses a SHACL feature that the compiled engine does not implement."""


class ExportError(TerveKuntaError):
    """An export or a site cannot be written where it was asked to be; the message names the path and why."""


class MissingExtraError(TerveKuntaError, ImportError):
    """A feature needs an optional dependency; the message names the extra that installs it."""
