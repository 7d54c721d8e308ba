"""Exceptions raised by terve_kunta.

Every error the library raises on purpose derives from :class:`TerveKuntaError`,
so a caller can catch them all at once; the command line turns them into a
one-line message and exit code 2.

>>> issubclass(UnknownNameError, LookupError)
True
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["AmbiguousNameError", "DataFileError", "TerveKuntaError", "UnknownNameError"]


class TerveKuntaError(Exception):
    """Base class of the errors that terve_kunta raises on purpose."""


class DataFileError(TerveKuntaError):
    """A Turtle file cannot be read or parsed; the message names the file and the parser's reason."""


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
