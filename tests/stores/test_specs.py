"""stores/__init__.py: which store a store string names, the URLs of an endpoint, and what open_store refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from terve_kunta.errors import StoreError
from terve_kunta.stores import open_store, parse_store_spec, remote_urls
from terve_kunta.stores.remote import RemoteStore


@pytest.mark.parametrize(
    ("spec", "parsed"),
    [
        ("", ("memory", "")),
        ("memory", ("memory", "")),
        ("  memory\n", ("memory", "")),
        ("oxigraph:/tmp/kg", ("oxigraph", "/tmp/kg")),
        ("oxigraph:relative/db", ("oxigraph", "relative/db")),
        ("oxigraph:oxigraph:x", ("oxigraph", "oxigraph:x")),
        ("http://127.0.0.1:7878/query", ("remote", "http://127.0.0.1:7878/query")),
        ("https://example.org/sparql", ("remote", "https://example.org/sparql")),
    ],
)
def test_a_store_string_names_a_kind_and_a_location(spec: str, parsed: tuple[str, str]) -> None:
    assert parse_store_spec(spec) == parsed


@pytest.mark.parametrize(
    "spec", ["Memory", "oxigraph", "ftp://example.org/x", "/tmp/kg", "sparql.example.org/q", "mem"]
)
def test_any_other_store_string_is_refused(spec: str) -> None:
    with pytest.raises(StoreError, match=rf"^unknown store {spec!r}: expected 'memory', 'oxigraph:PATH' or the http"):
        parse_store_spec(spec)


def test_an_oxigraph_store_needs_a_folder() -> None:
    with pytest.raises(StoreError, match=r"^store 'oxigraph:' needs a folder: oxigraph:PATH$"):
        parse_store_spec("oxigraph:")


@pytest.mark.parametrize(
    ("query", "update", "graphs"),
    [
        ("http://h:7878/query", "http://h:7878/update", "http://h:7878/store"),  # Oxigraph
        ("http://h:3030/ds/sparql", "http://h:3030/ds/update", "http://h:3030/ds/store"),  # Fuseki
        ("http://h:3030/ds/sparql/", "http://h:3030/ds/update", "http://h:3030/ds/store"),
        ("http://h:8890/sparql-auth", "http://h:8890/sparql-auth", "http://h:8890/sparql-auth"),  # Virtuoso
        ("http://h/endpoint", "http://h/endpoint", "http://h/endpoint"),
    ],
)
def test_the_update_and_graph_store_urls_are_derived_where_not_given(query: str, update: str, graphs: str) -> None:
    assert remote_urls(query) == (query, update, graphs)


def test_urls_given_are_taken_as_they_are() -> None:
    assert remote_urls("http://h/query", "http://h/u", "http://h/g") == ("http://h/query", "http://h/u", "http://h/g")
    assert remote_urls("http://h/query", None, "http://h/g") == ("http://h/query", "http://h/update", "http://h/g")
    assert remote_urls("http://h/query", "http://h/u") == ("http://h/query", "http://h/u", "http://h/store")


def test_open_store_opens_an_endpoint_without_a_request() -> None:
    derived = open_store("http://127.0.0.1:9/query")
    assert isinstance(derived, RemoteStore) and derived.graph_store_url == "http://127.0.0.1:9/store"
    store = open_store("http://127.0.0.1:9/sparql", graph_store_url="http://127.0.0.1:9/data")
    assert isinstance(store, RemoteStore)
    assert (store.query_url, store.update_url, store.graph_store_url) == (
        "http://127.0.0.1:9/sparql", "http://127.0.0.1:9/update", "http://127.0.0.1:9/data"
    )  # fmt: skip


def test_open_store_opens_persistent_stores_only(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"^open_store\(\) opens persistent stores; the memory store is made by"):
        open_store("memory")
    with pytest.raises(StoreError, match="unknown store"):
        open_store(str(tmp_path))
    store = open_store(f"oxigraph:{tmp_path / 'db'}")
    try:
        assert store.kind == "oxigraph" and store.persistent
    finally:
        store.close()
