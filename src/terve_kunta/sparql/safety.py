"""Check a SPARQL query or update before any store runs it.

rdflib runs the ``SERVICE`` clauses of a query (so do Oxigraph and most servers),
fetches ``LOAD`` targets, and may fetch ``FROM`` / ``USING`` graphs. A query that a
user typed must not reach the network or the file system, so the text is parsed
and its algebra walked first; such a query is refused with
:class:`~terve_kunta.errors.UnsafeQueryError` unless the caller passes ``allow_network=True``. A query
string must be a query: updates go through :meth:`KnowledgeGraph.update` or the
registry API.

>>> check_query("SELECT * WHERE { ?s ?p ?o }").form
'SELECT'
>>> check_query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
terve_kunta.errors.UnsafeQueryError: the query has a SERVICE clause (<http://127.0.0.1:9/sparql>), which would ...
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from terve_kunta.errors import QueryParameterError, QuerySyntaxError, UnsafeQueryError
from terve_kunta.namespaces import PREFIXES

__all__ = ["CheckedQuery", "check_query", "check_update"]

_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


@dataclass(frozen=True)
class CheckedQuery:
    """A parsed query: its form (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``) and rdflib's prepared query."""

    text: str
    form: str
    prepared: Any  # rdflib.plugins.sparql.sparql.Query
    fetches: tuple[str, ...]  # what it would fetch, e.g. "a SERVICE clause (<...>)"
    selected: frozenset[str] | None  # the variables a SELECT projects (None for other forms)

    def check_bindings(self, names: Iterable[str]) -> None:
        """Refuse to bind a variable that a SELECT does not select (Oxigraph binds only selected ones)."""
        if self.selected is None:
            return
        missing = sorted(set(names) - self.selected)
        if missing:
            raise QueryParameterError(
                f"cannot bind ?{missing[0]}: a SELECT query must select every variable it binds "
                "(add it to the SELECT clause, or use SELECT *)"
            )


def _walk(node: Any) -> Iterator[Any]:
    stack = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, Mapping):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


def _name(item: Any) -> str | None:
    name = getattr(item, "name", None)
    return name if isinstance(name, str) else None


def _fetches(algebra: Any) -> tuple[str, ...]:
    found = []
    for item in _walk(algebra):
        name = _name(item)
        if name == "ServiceGraphPattern":
            found.append(f"a SERVICE clause ({item['term'].n3()})")
        elif name == "Load":
            found.append(f"LOAD ({item['iri'].n3()})")
        elif name == "DatasetClause":
            iri = item.get("default") or item.get("named")
            found.append(f"a FROM clause ({iri.n3() if iri is not None else ''})")
        elif name in ("Modify",) and item.get("using"):
            found.append("a USING clause")
    return tuple(dict.fromkeys(found))


def _syntax_error(kind: str, text: str, exc: Exception) -> QuerySyntaxError:
    reason = " ".join(str(exc).split()) or type(exc).__name__
    first = text.strip().splitlines()[0][:60] if text.strip() else ""
    return QuerySyntaxError(f"not a valid SPARQL {kind} ({first!r}...): {reason}")


@lru_cache(maxsize=256)
def _parse_query(text: str) -> CheckedQuery:
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(text, initNs=PREFIXES)
    except Exception as exc:  # pyparsing and rdflib raise several unrelated types
        if _looks_like_update(text):
            raise QuerySyntaxError(
                "this is a SPARQL update, not a query: run it with KnowledgeGraph.update() "
                "(or change the registry through its API)"
            ) from None
        raise _syntax_error("query", text, exc) from exc
    form = _FORMS.get(prepared.algebra.name, prepared.algebra.name)
    projected = prepared.algebra.get("PV") or []
    selected = frozenset(str(v) for v in projected) if form == "SELECT" else None
    return CheckedQuery(text, form, prepared, _fetches(prepared.algebra), selected)


def _looks_like_update(text: str) -> bool:
    try:
        _parse_update(text)
    except QuerySyntaxError:
        return False
    return True


@lru_cache(maxsize=64)
def _parse_update(text: str) -> tuple[str, ...]:
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        update = translateUpdate(parseUpdate(text), initNs=PREFIXES)
    except Exception as exc:
        raise _syntax_error("update", text, exc) from exc
    return _fetches(update.algebra)


def _refuse(fetches: tuple[str, ...], what: str) -> UnsafeQueryError:
    return UnsafeQueryError(
        f"the {what} has {' and '.join(fetches)}, which would make the store fetch data from the network "
        "or the file system; refused (pass allow_network=True, or --allow-network, if you trust it)"
    )


def check_query(text: str, allow_network: bool = False) -> CheckedQuery:
    """Parse ``text`` as a SPARQL query and refuse it if it would fetch anything.

    Our prefixes (``tk:``, ``tkid:``, ``skos:``...) may be used without declaring
    them. Raises :class:`~terve_kunta.errors.QuerySyntaxError` for bad syntax or an update, and
    :class:`~terve_kunta.errors.UnsafeQueryError` for ``SERVICE`` or ``FROM`` unless ``allow_network``.
    """
    checked = _parse_query(text)
    if checked.fetches and not allow_network:
        raise _refuse(checked.fetches, "query")
    return checked


def check_update(text: str, allow_network: bool = False) -> None:
    """Parse ``text`` as a SPARQL update; refuse ``LOAD``, ``SERVICE`` and ``USING`` unless ``allow_network``.

    >>> check_update("LOAD <http://127.0.0.1:9/data.ttl>")
    Traceback (most recent call last):
    ...
    terve_kunta.errors.UnsafeQueryError: the update has LOAD (<http://127.0.0.1:9/data.ttl>), which would ...
    """
    fetches = _parse_update(text)
    if fetches and not allow_network:
        raise _refuse(fetches, "update")
