"""The process that runs Oxigraph for a store, so that a query can be stopped by ending it.

pyoxigraph has no time limit and no way to cancel a query: it evaluates in Rust with
Python's lock released, so neither Ctrl-C nor a timer reaches it, and a thread left
behind keeps a core busy. A process can be ended at once. :mod:`._process` starts this
file as a script (``python -I _worker.py``: it imports only the standard library and
pyoxigraph, never terve_kunta) and talks to it over its standard input and output:
each message is an 8-byte length and a pickle, a request ``(operation, *arguments)``
answered by ``("ok", value)`` or ``("error", kind, message)``.

The worker holds the store: an in-memory one that the memory store fills
(``replace``), or the Oxigraph database folder, which only it opens. A worker that
is ended mid-query or mid-update leaves the folder as a crash would, which RocksDB
recovers from: an update is one transaction, whole or not at all.
"""

from __future__ import annotations

import contextlib
import pickle
import struct
import sys
from typing import IO, Any

_HEADER = struct.Struct("!Q")


def read_message(stream: IO[bytes]) -> Any:
    """The next message on ``stream``, or None at its end."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    body = stream.read(size)
    if len(body) < size:
        return None
    return pickle.loads(body)


def write_message(stream: IO[bytes], message: Any) -> None:
    """Write ``message`` to ``stream`` and flush it."""
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(body)) + body)
    stream.flush()


def _die_with_parent() -> None:
    """On Linux, ask the kernel to end this process when the one that started it ends."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        with contextlib.suppress(OSError, AttributeError):  # no libc to ask: the closed pipe still ends us
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class Worker:
    """The operations a worker answers, over one pyoxigraph store."""

    def __init__(self) -> None:
        import pyoxigraph

        self.ox: Any = pyoxigraph
        self.store: Any = None

    def open(self, path: str | None, read_only: bool) -> None:
        """Open the database folder ``path`` (None: a new in-memory store)."""
        ox = self.ox
        self.store = ox.Store() if path is None else ox.Store.read_only(path) if read_only else ox.Store(path)

    def replace(self, ntriples: bytes) -> None:
        """Replace the in-memory store's content with the N-Triples ``ntriples`` (in its default graph)."""
        self.store = self.ox.Store()
        self.store.bulk_load(ntriples, format=self.ox.RdfFormat.N_TRIPLES)

    def _term(self, spec: tuple[str, ...]) -> Any:
        ox = self.ox
        kind, value = spec[0], spec[1]
        if kind == "iri":
            return ox.NamedNode(value)
        if kind == "bnode":
            return ox.BlankNode(value)
        language, datatype = spec[2], spec[3]
        if language:
            return ox.Literal(value, language=language)
        return ox.Literal(value, datatype=ox.NamedNode(datatype) if datatype else None)

    def query(
        self, text: str, union: bool, substitutions: list[tuple[str, tuple[str, ...]]], graphs: list[str] | None
    ) -> tuple[str, Any]:
        """Run the query; the answer is ``("boolean", bool)``, ``("graph", N-Triples)`` or ``("solutions", JSON)``."""
        ox = self.ox
        options: dict[str, Any] = {"substitutions": {ox.Variable(n): self._term(t) for n, t in substitutions}}
        if graphs is not None:
            options["default_graph"] = [ox.NamedNode(g) for g in graphs] or ox.DefaultGraph()
        else:
            options["use_default_graph_as_union"] = union
        result = self.store.query(text, **options)
        if isinstance(result, ox.QueryBoolean):
            return "boolean", bool(result)
        if isinstance(result, ox.QueryTriples):
            return "graph", ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b""
        return "solutions", result.serialize(format=ox.QueryResultsFormat.JSON)

    def bulk_load(self, nquads: bytes) -> None:
        """Add the N-Quads ``nquads`` without a transaction, then compact the database (a benchmark's big load)."""
        self.store.bulk_load(nquads, format=self.ox.RdfFormat.N_QUADS)
        self.store.optimize()

    def update(self, text: str) -> None:
        """Run the update, in one transaction."""
        self.store.update(text)

    def put_graph(self, iri: str, turtle: str) -> None:
        """Replace the named graph ``iri`` with the Turtle ``turtle``, in one transaction."""
        ox = self.ox
        triples = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE, base_iri=iri))
        data = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
        self.store.update(f"DROP SILENT GRAPH <{iri}> ;\nINSERT DATA {{ GRAPH <{iri}> {{\n{data}}} }}")

    def quads(self) -> bytes:
        """Every quad, as N-Quads."""
        quads = self.store.quads_for_pattern(None, None, None, None)
        return self.ox.serialize(quads, format=self.ox.RdfFormat.N_QUADS) or b""

    def size(self) -> int:
        """The number of quads."""
        return len(self.store)

    def has_graph(self, iri: str) -> bool:
        """Whether the named graph ``iri`` holds a quad."""
        found = self.store.quads_for_pattern(None, None, None, self.ox.NamedNode(iri))
        return next(iter(found), None) is not None

    def close(self) -> None:
        """Close the store (Oxigraph flushes and unlocks the folder when it is dropped)."""
        self.store = None


_KINDS = {SyntaxError: "syntax", OSError: "os", ValueError: "value", TypeError: "value"}


def serve(inp: IO[bytes], out: IO[bytes]) -> None:
    """Answer requests from ``inp`` on ``out`` until ``inp`` ends or a ``close`` request."""
    worker = Worker()
    while (request := read_message(inp)) is not None:
        operation, arguments = request[0], request[1:]
        try:
            answer: Any = ("ok", getattr(worker, operation)(*arguments))
        except Exception as exc:  # every error goes back to the parent, which names it
            kind = next((k for t, k in _KINDS.items() if isinstance(exc, t)), "other")
            answer = ("error", kind, f"{type(exc).__name__}: {exc}")
        write_message(out, answer)
        if operation == "close":
            return


if __name__ == "__main__":
    _die_with_parent()
    serve(sys.stdin.buffer, sys.stdout.buffer)
