"""Untrusted queries reach nothing: SERVICE, FROM and LOAD are refused unless asked for, on every store."""

from __future__ import annotations

import pytest

import terve_kunta as tk


def test_untrusted_queries_reach_nothing(loaded_kg: tk.KnowledgeGraph, listener: tuple[str, list[object]]) -> None:
    url, accepted = listener
    for query in (
        f"SELECT * WHERE {{ SERVICE <{url}sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE SILENT <{url}x> {{ ?s ?q ?v }} }} }}",
        f"SELECT * FROM <{url}data.ttl> WHERE {{ ?s ?p ?o }}",
        f"ASK {{ SERVICE <{url}sparql> {{ ?s ?p ?o }} }}",
    ):
        with pytest.raises(tk.UnsafeQueryError, match="refused"):
            loaded_kg.query(query)
    for update in (f"LOAD <{url}data.ttl>", f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}s> {{ ?s ?p ?o }} }}"):
        with pytest.raises(tk.UnsafeQueryError, match="refused"):
            loaded_kg.update(update)
    with pytest.raises(tk.QuerySyntaxError, match="update, not a query"):
        loaded_kg.query(f"LOAD <{url}data.ttl>")
    assert accepted == []


def test_the_listener_would_notice_an_opted_in_service_call(listener: tuple[str, list[object]]) -> None:
    url, accepted = listener
    kg = tk.load()
    with pytest.raises(Exception):  # noqa: B017 - the listener closes the connection: any error will do
        kg.query(f"SELECT * WHERE {{ SERVICE <{url}sparql> {{ ?s ?p ?o }} }}", allow_network=True)
    assert len(accepted) >= 1
