"""Copy an in-memory rdflib graph by copying its store's indexes, not triple by triple.

Adding a triple to rdflib's :class:`~rdflib.plugins.stores.memory.Memory` store
costs an event, a context lookup and three index updates; copying the packaged
graph that way took most of :func:`terve_kunta.load`'s time (0.16 s for 7,911
triples). Copying the store's three indexes as dictionaries gives the same store
in a fraction of that. rdflib keeps those indexes in private attributes, so the
copy checks what it finds: a store that is not laid out as rdflib 7's ``Memory``
(another version, quoted graphs, several contexts) is copied triple by triple, as
before, and the result is the same either way.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph
from rdflib.plugins.stores.memory import Memory

__all__ = ["copy_single_context"]

_PREFIX = "_Memory__"
_INDEXES = ("spo", "pos", "osp")
_FIELDS = (*_INDEXES, "namespace", "prefix", "context_obj_map", "tripleContexts", "contextTriples", "all_contexts",
           "defaultContexts")  # fmt: skip


def _context_key(graph: Graph) -> str:
    # How Memory names a graph context (Memory.__ctx_to_str).
    return f"{graph.identifier.__class__.__name__}:{graph.identifier}"


def _fields(store: Memory) -> dict[str, Any] | None:
    found = vars(store)
    names = [_PREFIX + name for name in _FIELDS]
    if not all(name in found for name in names):
        return None
    return {name: found[_PREFIX + name] for name in _FIELDS}


def _copy_index(index: dict[Any, dict[Any, dict[Any, int]]]) -> dict[Any, dict[Any, dict[Any, int]]]:
    # Three levels (e.g. subject -> predicate -> object), each a dict of its own in the copy.
    return {first: {second: dict(third) for second, third in rest.items()} for first, rest in index.items()}


def copy_single_context(source: Graph, target: Graph) -> bool:
    """Make the empty ``target`` hold ``source``'s triples (in ``target``'s own context) and bound prefixes.

    Both graphs must be plain graphs (not datasets) on :class:`Memory` stores (or subclasses), ``source`` with all
    its triples in its own context and ``target`` empty. Returns False, leaving
    ``target`` unchanged, when the stores are not laid out as expected; the caller
    then adds the triples one by one.
    """
    if type(source) is not Graph or type(target) is not Graph:  # a Dataset names its graphs otherwise
        return False
    if not isinstance(source.store, Memory) or not isinstance(target.store, Memory):
        return False
    have, into = _fields(source.store), _fields(target.store)
    if have is None or into is None:
        return False
    old, new = _context_key(source), _context_key(target)
    if (
        have["all_contexts"] != {source}
        or set(have["contextTriples"]) != {None, old}
        or len(have["contextTriples"][None]) != len(have["contextTriples"][old])
        or any(into[name] for name in ("spo", "tripleContexts", "all_contexts"))
        or have["defaultContexts"] not in ({old: False, None: False}, None)
    ):
        return False

    def rename(key: str | None) -> str | None:
        return new if key == old else key

    fields: dict[str, Any] = {name: _copy_index(have[name]) for name in _INDEXES}
    fields["namespace"] = dict(have["namespace"])
    fields["prefix"] = dict(have["prefix"])
    fields["context_obj_map"] = {new: target}
    fields["tripleContexts"] = {t: {rename(k): q for k, q in c.items()} for t, c in have["tripleContexts"].items()}
    fields["contextTriples"] = {rename(k): set(v) for k, v in have["contextTriples"].items()}
    fields["all_contexts"] = {target}
    fields["defaultContexts"] = None if have["defaultContexts"] is None else {new: False, None: False}
    for name, value in fields.items():
        setattr(target.store, _PREFIX + name, value)
    return True
