"""Where the knowledge graph lives: in memory, in Oxigraph on disk, or behind a SPARQL endpoint.

A store is chosen with one string (``tk.load(store=...)``, ``--store`` on the command
line):

- ``"memory"`` (the default): an rdflib graph in this process; nothing to start
  (:mod:`.memory`).
- ``"oxigraph:PATH"``: an Oxigraph database in the folder ``PATH`` (created if
  missing). Persistent, with fast SPARQL (:mod:`.oxigraph`).
- ``"http://host:port/..."``: the *query* URL of a SPARQL 1.1 endpoint (Oxigraph
  server, Fuseki, GraphDB, Virtuoso, Neptune); the update and Graph Store URLs are
  derived from it (see :func:`remote_urls`) or given (:mod:`.remote`). No server
  option is needed: each request names the store's graphs.

Every store holds each packaged file in its own named graph and answers queries
over their union; :mod:`.base` is the interface they share. The same API and test
suite run on all three. This module is the factory.

>>> parse_store_spec("oxigraph:/tmp/kg")
('oxigraph', '/tmp/kg')
>>> remote_urls("http://127.0.0.1:7878/query")
('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store')
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from terve_kunta.errors import StoreError
from terve_kunta.namespaces import TK_NETWORK

if TYPE_CHECKING:
    from terve_kunta.stores.base import Store

__all__ = ["open_filled", "open_store", "parse_store_spec", "remote_urls"]


def parse_store_spec(spec: str) -> tuple[str, str]:
    """Split a store string into its kind (``memory``, ``oxigraph``, ``remote``) and location."""
    text = spec.strip()
    if text in ("", "memory"):
        return "memory", ""
    if text.startswith("oxigraph:"):
        location = text[len("oxigraph:") :]
        if not location:
            raise StoreError("store 'oxigraph:' needs a folder: oxigraph:PATH")
        return "oxigraph", location
    if text.startswith(("http://", "https://")):
        return "remote", text
    raise StoreError(
        f"unknown store {spec!r}: expected 'memory', 'oxigraph:PATH' or the http(s) URL of a SPARQL query endpoint"
    )


def remote_urls(
    query_url: str, update_url: str | None = None, graph_store_url: str | None = None
) -> tuple[str, str, str]:
    """The query, update and Graph Store URLs of an endpoint, deriving those not given.

    When the query URL ends in ``/query`` or ``/sparql`` (Oxigraph server, Fuseki),
    the others are ``.../update`` and ``.../store`` (Oxigraph's names; Fuseki's Graph
    Store is ``.../data``, give it explicitly); otherwise they are the query URL.
    """
    base, _, last = query_url.rstrip("/").rpartition("/")
    derived = last in ("query", "sparql")
    return (
        query_url,
        update_url or (f"{base}/update" if derived else query_url),
        graph_store_url or (f"{base}/store" if derived else query_url),
    )


def open_store(spec: str, update_url: str | None = None, graph_store_url: str | None = None) -> Store:
    """Open the persistent store named by ``spec`` (``oxigraph:PATH`` or a URL); see :func:`parse_store_spec`."""
    kind, location = parse_store_spec(spec)
    if kind == "oxigraph":
        from terve_kunta.stores.oxigraph import OxigraphStore

        return OxigraphStore(location)
    if kind == "remote":
        from terve_kunta.stores.remote import RemoteStore

        return RemoteStore(*remote_urls(location, update_url, graph_store_url))
    raise StoreError("open_store() opens persistent stores; the memory store is made by tk.load()")


def open_filled(
    spec: str,
    registry: Path | str | None = None,
    update_url: str | None = None,
    graph_store_url: str | None = None,
    *,
    fill: bool = True,
) -> Store:
    """Open a persistent store for :func:`terve_kunta.load`; fill an empty Oxigraph database if ``fill``.

    Only an Oxigraph database in a folder is ever filled here, and only when it holds
    nothing; an endpoint is never written (``terve-kunta load`` fills one), nor is
    anything written when ``fill`` is False (the command line's reading commands): a
    store without the graph is then a :class:`StoreError` that says how to fill it. A
    store that holds data is used as it is; ``registry`` (a registry file) is then
    refused, since using it would replace the store's registry: ``terve-kunta load``
    does that on purpose.
    """
    kind, location = parse_store_spec(spec)
    if kind == "oxigraph" and not fill and not Path(location).is_dir():
        raise StoreError(
            f"{spec}: there is no database in {location}; create and fill one: terve-kunta load --store {spec}"
        )
    store = open_store(spec, update_url, graph_store_url)
    if store.is_empty():
        if not fill or kind != "oxigraph":
            store.close()
            raise StoreError(f"{spec} holds no Terve Kunta graph; fill it with: terve-kunta load --store {spec}")
        store.put_packaged(Path(registry) if registry is not None else None)
    elif registry is not None:
        store.close()
        raise StoreError(
            f"{spec} already holds a graph, with its own member registry; to replace that registry with "
            f"{registry}, run: terve-kunta load --store {spec} --registry {registry}"
        )
    found = store.query("ASK { ?network a tk:Network ; skos:prefLabel ?name }", {"network": TK_NETWORK})
    if found is not True:
        store.close()
        raise StoreError(
            f"{spec} holds data, but not the Terve Kunta network: fill it with terve-kunta load --store {spec}"
        )
    return store
