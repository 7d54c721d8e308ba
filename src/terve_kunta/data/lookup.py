"""Finding an entity by code, name or IRI, with clear errors when that fails.

Names are compared case-insensitively, ignoring extra spaces and the kind of dash
(``Terve Kunta –verkosto`` equals ``terve kunta -verkosto``):

>>> normalise_name("  Pohjois-Savon  HYVINVOINTIALUE ")
'pohjois-savon hyvinvointialue'
>>> index = NameIndex({"a": ("Kuopio", "Kuopio"), "b": ("Kuopion tori",)})
>>> index.find("kuopio")
('a',)
>>> index.suggest("Kuopo")
['Kuopio']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from terve_kunta.errors import close_matches

__all__ = ["NameIndex", "normalise_name"]

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_SPACES = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """Return the form in which names are compared."""
    text = unicodedata.normalize("NFC", name)
    text = _DASHES.sub("-", text)
    return _SPACES.sub(" ", text).strip().casefold()


class NameIndex:
    """Maps names (any language, any case) to the keys of the entities that bear them."""

    def __init__(self, names: Mapping[str, Iterable[str]]) -> None:
        self._keys: dict[str, list[str]] = {}
        self._display: dict[str, str] = {}
        for key, entity_names in names.items():
            for name in entity_names:
                norm = normalise_name(name)
                keys = self._keys.setdefault(norm, [])
                if key not in keys:
                    keys.append(key)
                self._display.setdefault(norm, name)

    def find(self, name: str) -> tuple[str, ...]:
        """Keys of the entities named ``name`` (empty if none)."""
        return tuple(self._keys.get(normalise_name(name), ()))

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Up to ``limit`` known names that are close to ``name``, best first."""
        close = close_matches(normalise_name(name), self._keys, limit)
        return [self._display[c] for c in close]
