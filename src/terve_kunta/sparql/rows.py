"""Rows of a SELECT query, the same whichever store answered it.

Each row maps the query's variables to plain Python values (IRIs as ``str``,
numbers as ``int``/``Decimal``/``float``, dates as :class:`datetime.date`, other
literals as their text; an unbound variable is None). The RDF terms stay
available in :attr:`Rows.terms`.

>>> from rdflib import Literal, URIRef
>>> rows = Rows(["code", "n"], [{"code": Literal("11"), "n": Literal(3)}])
>>> rows[0]["n"] + 1, rows[0].code, rows.columns
(4, '11', ['code', 'n'])
>>> rows.to_records()
[{'code': '11', 'n': 3}]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, overload

from rdflib.term import Node

from terve_kunta.rdf.terms import to_python

if TYPE_CHECKING:
    import pandas

__all__ = ["Row", "Rows"]


class Row(Mapping[str, Any]):
    """One result row: ``row["name"]`` or ``row.name``; unbound variables are None."""

    __slots__ = ("_values",)

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __getattr__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(key) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Row({self._values!r})"


class Rows(Sequence[Row]):
    """The rows of a SELECT result, in the order the query gives them."""

    def __init__(self, columns: Sequence[str], terms: Sequence[Mapping[str, Node | None]]) -> None:
        self.columns = list(columns)
        self.terms = [{c: row.get(c) for c in self.columns} for row in terms]
        value = cache(to_python)  # each distinct term is turned into a value once
        self._rows = [Row({c: value(t[c]) for c in self.columns}) for t in self.terms]

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | Sequence[Row]:
        return self._rows[index]

    def __len__(self) -> int:
        return len(self._rows)

    def __repr__(self) -> str:
        return f"<Rows {self.columns} x {len(self)}>"

    def to_records(self) -> list[dict[str, Any]]:
        """The rows as a list of plain dicts."""
        return [dict(row) for row in self._rows]

    def to_dataframe(self) -> pandas.DataFrame:
        """The rows as a pandas DataFrame (needs the ``pandas`` extra: ``pip install 'terve_kunta[pandas]'``)."""
        try:
            import pandas
        except ImportError as exc:
            from terve_kunta.errors import MissingExtraError

            raise MissingExtraError("to_dataframe() needs pandas: pip install 'terve_kunta[pandas]'") from exc
        return pandas.DataFrame(self.to_records(), columns=self.columns)
