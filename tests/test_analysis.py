"""The networkx views."""

from __future__ import annotations

import terve_kunta as tk


def test_to_networkx_keeps_every_triple(kg: tk.KnowledgeGraph) -> None:
    graph = kg.to_networkx()
    assert graph.number_of_edges() == len(kg.rdf)
    kuopio = tk.ID["municipality/297"]
    keys = {key for _, _, key in graph.out_edges(kuopio, keys=True)}
    assert str(tk.TK.region) in keys and graph.nodes[kuopio]["label"] == "Kuopio"


def test_network_view(kg: tk.KnowledgeGraph) -> None:
    view = kg.network_view(as_of="2024-06-30")
    members = [n for n, d in view.nodes(data=True) if d["type"] == "member"]
    assert len(members) == 52
    assert view.has_edge(str(tk.ID["municipality/297"]), str(tk.ID["region/11"]), key="in_region")
    sdgs = {d["code"] for _, d in view.nodes(data=True) if d["type"] == "sdg"}
    assert {"3", "17", "17.19"} <= sdgs
