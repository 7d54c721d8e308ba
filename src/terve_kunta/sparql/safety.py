"""Check a SPARQL query or update before any store runs it.

rdflib runs the ``SERVICE`` clauses of a query (so do Oxigraph and most servers),
fetches ``LOAD`` targets, and may fetch ``FROM`` / ``USING`` graphs. A query that a
user typed must not reach the network or the file system, so it is checked first;
such a query is refused with :class:`~terve_kunta.errors.UnsafeQueryError` unless
the caller passes ``allow_network=True``. A query string must be a query: updates
go through :meth:`KnowledgeGraph.update` or the registry API.

The check and the run must read the same text: the text is first rewritten in its
canonical form (:mod:`terve_kunta.sparql._canonical`: no comments, no escapes, full
IRIs), then parsed by rdflib and its algebra walked, and its tokens searched for the
keywords that fetch; the stores run that canonical text (``CheckedQuery.text``),
never the text given.

>>> check_query("SELECT * WHERE { ?s ?p ?o }").form
'SELECT'
>>> check_query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
terve_kunta.errors.UnsafeQueryError: the query has a SERVICE clause (<http://127.0.0.1:9/sparql>), which would ...
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from terve_kunta.errors import QueryParameterError, QuerySyntaxError, UnsafeQueryError
from terve_kunta.sparql._canonical import canonical_text, lex

__all__ = ["CheckedQuery", "CheckedUpdate", "check_query", "check_update"]

_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
#: rdflib's parser (pyparsing, with its packrat cache) is not safe to run in two threads at once
_PARSER = threading.RLock()
#: Keywords that make a store fetch: whatever rdflib's algebra says, the canonical text may not hold them.
_FETCHING = {"SERVICE": "a SERVICE clause", "LOAD": "LOAD", "FROM": "a FROM clause", "USING": "a USING clause"}


@dataclass(frozen=True)
class CheckedQuery:
    """A checked query: its canonical text (what the stores run), form, rdflib's prepared query, what it fetches."""

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

    @property
    def has_dataset(self) -> bool:
        """Whether the query names its own dataset (FROM / FROM NAMED)."""
        return any(f.startswith("a FROM") for f in self.fetches)


@dataclass(frozen=True)
class CheckedUpdate:
    """A checked update: its canonical text (what the stores run) and what it would fetch."""

    text: str
    fetches: tuple[str, ...]
    writes_default_graph: bool


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


def _n3(term: Any) -> str:
    return str(term.n3()) if hasattr(term, "n3") else ""


def _fetches(algebra: Any, text: str) -> tuple[str, ...]:
    # rdflib's CompValue.get(key) returns the key itself when it is missing: read the dict
    found = []
    for item in _walk(algebra):
        name, get = _name(item), dict.get
        if name == "ServiceGraphPattern":
            found.append(f"a SERVICE clause ({_n3(get(item, 'term'))})")
        elif name == "Load":
            found.append(f"LOAD ({_n3(get(item, 'iri'))})")
        elif name == "DatasetClause":
            found.append(f"a FROM clause ({_n3(get(item, 'default') or get(item, 'named'))})")
        elif name == "Modify" and get(item, "using"):
            found.append("a USING clause")
    words = {value.upper() for kind, value, _, _ in lex(text) if kind == "word"}
    for keyword, what in _FETCHING.items():
        if keyword in words and not any(f.startswith(what) for f in found):
            found.append(what)
    return tuple(dict.fromkeys(found))


def _canonical(kind: str, text: str) -> str:
    canonical = canonical_text(text)
    if not canonical.strip():
        raise QuerySyntaxError(f"the SPARQL {kind} is empty (or only comments)")
    return canonical


def _syntax_error(kind: str, text: str, exc: Exception) -> QuerySyntaxError:
    reason = " ".join(str(exc).split()) or type(exc).__name__
    first = text.strip().splitlines()[0][:60] if text.strip() else ""
    return QuerySyntaxError(f"not a valid SPARQL {kind} ({first!r}...): {reason}")


@lru_cache(maxsize=256)
def _parse_query(text: str) -> CheckedQuery:
    from rdflib.plugins.sparql import prepareQuery

    canonical = _canonical("query", text)
    try:
        with _PARSER:
            prepared = prepareQuery(canonical)
    except Exception as exc:  # pyparsing and rdflib raise several unrelated types
        if _looks_like_update(text):
            raise QuerySyntaxError(
                "this is a SPARQL update, not a query: run it with KnowledgeGraph.update() "
                "(or change the registry through its API)"
            ) from None
        raise _syntax_error("query", text, exc) from exc
    form = _FORMS.get(prepared.algebra.name, prepared.algebra.name)
    projected = dict.get(prepared.algebra, "PV") or []
    selected = frozenset(str(v) for v in projected) if form == "SELECT" else None
    return CheckedQuery(canonical, form, prepared, _fetches(prepared.algebra, canonical), selected)


def _looks_like_update(text: str) -> bool:
    try:
        _parse_update(text)
    except QuerySyntaxError:
        return False
    return True


def _writes_default(operations: Any) -> bool:
    for operation in operations:
        name, get = _name(operation), dict.get
        if name in ("InsertData", "DeleteData", "DeleteWhere") and get(operation, "triples"):
            return True
        if name == "Modify" and get(operation, "withClause") is None:
            clauses = [get(operation, "insert"), get(operation, "delete")]
            if any(clause is not None and dict.get(clause, "triples") for clause in clauses):
                return True
        if name in ("Clear", "Drop", "Add", "Move", "Copy", "Load"):
            return True  # whole-graph operations: let the store decide (they name DEFAULT, ALL or a graph)
    return False


@lru_cache(maxsize=64)
def _parse_update(text: str) -> CheckedUpdate:
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate

    canonical = _canonical("update", text)
    try:
        with _PARSER:
            update = translateUpdate(parseUpdate(canonical))
    except Exception as exc:
        raise _syntax_error("update", text, exc) from exc
    return CheckedUpdate(canonical, _fetches(update.algebra, canonical), _writes_default(update.algebra))


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
    Run the returned query's ``text``: it is the text that was checked.
    """
    checked = _parse_query(text)
    if checked.fetches and not allow_network:
        raise _refuse(checked.fetches, "query")
    return checked


def check_update(text: str, allow_network: bool = False) -> CheckedUpdate:
    """Parse ``text`` as a SPARQL update; refuse ``LOAD``, ``SERVICE`` and ``USING`` unless ``allow_network``.

    Run the returned update's ``text``: it is the text that was checked.

    >>> check_update("LOAD <http://127.0.0.1:9/data.ttl>")
    Traceback (most recent call last):
    ...
    terve_kunta.errors.UnsafeQueryError: the update has LOAD (<http://127.0.0.1:9/data.ttl>), which would ...
    """
    checked = _parse_update(text)
    if checked.fetches and not allow_network:
        raise _refuse(checked.fetches, "update")
    return checked
