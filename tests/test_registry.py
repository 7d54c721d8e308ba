"""The registry keeps history, refuses bad changes and saves atomically."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

import terve_kunta as tk
from terve_kunta.data.integrity import check_integrity
from terve_kunta.rdf.canonical import canonical_turtle
from tests.support import ONTOLOGY

DECISION = tk.Decision(body="Mäntyharjun kunnanvaltuusto", date=date(2025, 1, 20), reference="§ 5")


def test_join_leave_and_rejoin_keep_history(store_kg: tk.KnowledgeGraph) -> None:
    kg = store_kg
    joined = kg.add_member("507", "2025-02-01", DECISION)
    assert joined.begin == "2025-02-01" and joined.iri.endswith("/municipality/507/1")
    ended = kg.end_membership("Mäntyharju", "2025-12-31", DECISION)
    assert ended.end == "2025-12-31" and ended.iri == joined.iri
    again = kg.add_member("Mäntyharju", "2027-01-01", DECISION)
    assert again.iri.endswith("/municipality/507/2")
    codes = {day: {m.code for m in kg.members(as_of=day)} for day in ("2025-01-31", "2025-06-01", "2026-06-01")}
    assert "507" not in codes["2025-01-31"] and "507" in codes["2025-06-01"] and "507" not in codes["2026-06-01"]
    assert "507" in {m.code for m in kg.members(as_of="2027-01-01")}
    assert len(kg.member("507").memberships) == 2
    if kg.store.persistent:
        saved = kg.registry_graph()
        kg.save_registry()
        # What the store gives back is what was saved: the same canonical Turtle (which nests each blank
        # node and orders them by content) is the same graph, and takes a sixth of rdflib's isomorphic().
        assert canonical_turtle(kg.registry_graph()) == canonical_turtle(saved)
    changes = kg.query("membership-changes", since="2025-01-01", until="2027-12-31")
    assert isinstance(changes, tk.Rows)
    assert [(r.change_date, r.change, r.code) for r in changes] == [
        ("2025-02-01", "joined", "507"),
        ("2025-12-31", "left", "507"),
        ("2027-01-01", "joined", "507"),
    ]
    assert all(r.source.startswith(str(tk.ID["source/decision/"])) for r in changes)
    if not kg.store.persistent:  # the same triples on every store: one integrity check says it for all
        assert check_integrity(kg).conforms


def test_a_saved_change_outlives_the_process_on_persistent_stores(store_kg: tk.KnowledgeGraph) -> None:
    if not store_kg.store.persistent:
        with pytest.raises(tk.StoreError, match="save the registry to a file"):
            store_kg.save_registry()
        return
    store_kg.end_membership("Kainuu", "2025-03-01", DECISION)
    store_kg.save_registry()
    store_kg.store.close()
    again = tk.load(store=store_kg.store.spec)
    assert "20" not in {m.code for m in again.members(as_of="2025-03-02")}
    assert "20" in {m.code for m in again.members(as_of="2025-03-01")}


@pytest.mark.parametrize(
    ("member", "start", "message"),
    [
        ("Atlantis", "2025-01-01", "no Finnish municipality is named 'Atlantis'.*nor a wellbeing services county"),
        ("99", "2025-01-01", "'99' is not the code of a Finnish wellbeing services county"),
        ("Pertunmaa", "2025-03-01", r"Pertunmaa \(588\) is not in the 2025 classification"),
        ("Kuopio", "2025-01-01", r"Kuopio \(297\) is already a member on 2025-01-01"),
        ("297", "not a date", "start: expected a date as YYYY-MM-DD"),
    ],
)
def test_bad_joins_are_refused(fresh_kg: tk.KnowledgeGraph, member: str, start: str, message: str) -> None:
    before = len(fresh_kg.rdf)
    with pytest.raises(tk.TerveKuntaError, match=message):
        fresh_kg.add_member(member, start, DECISION)
    assert len(fresh_kg.rdf) == before


def test_bad_leaves_are_refused(fresh_kg: tk.KnowledgeGraph) -> None:
    with pytest.raises(
        tk.RegistryError, match=r"end 2024-05-31 is before the start of the membership of Iisalmi \(140\) \(2024-06\)"
    ):
        fresh_kg.end_membership("Iisalmi", "2024-05-31", DECISION)
    fresh_kg.end_membership("Kuopio", "2025-06-30", DECISION)
    with pytest.raises(tk.RegistryError, match="has no open membership"):
        fresh_kg.end_membership("Kuopio", "2025-07-31", DECISION)
    with pytest.raises(tk.UnknownNameError, match="not a member"):
        fresh_kg.end_membership("Pertunmaa", "2025-01-01", DECISION)
    with pytest.raises(ValueError, match="http"):
        tk.Decision(body="x", date=date(2025, 1, 1), url="file:///etc/passwd")


def test_registry_graph_is_the_packaged_file(kg: tk.KnowledgeGraph) -> None:
    packaged = (ONTOLOGY / "data" / "memberships.ttl").read_text(encoding="utf-8")
    assert canonical_turtle(kg.registry_graph()) == packaged


def test_save_and_load_a_registry_file(fresh_kg: tk.KnowledgeGraph, tmp_path: Path) -> None:
    target = tmp_path / "registry.ttl"
    fresh_kg.add_member("Mäntyharju", "2025-02-01", DECISION)
    fresh_kg.save_registry(target)
    text = target.read_text(encoding="utf-8")
    assert "Mäntyharjun kunnanvaltuusto" in text and text == canonical_turtle(fresh_kg.registry_graph())
    reloaded = tk.load(registry=target)
    assert len(reloaded.members(as_of="2025-02-01")) == 53
    assert len(tk.load().members(as_of="2025-02-01")) == 52  # the packaged registry is untouched
    (tmp_path / "bad.ttl").write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    with pytest.raises(tk.DataFileError, match=r"bad\.ttl: not valid Turtle"):
        tk.load(registry=tmp_path / "bad.ttl")
    with pytest.raises(tk.DataFileError, match="no such file"):
        tk.load(registry=tmp_path / "missing.ttl")


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_an_interrupted_save_leaves_the_old_file(
    fresh_kg: tk.KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "registry.ttl"
    fresh_kg.save_registry(target)
    old = target.read_bytes()
    fresh_kg.add_member("Mäntyharju", "2025-02-01", DECISION)

    def crash(*args: object) -> None:
        raise KeyboardInterrupt("interrupted")

    monkeypatch.setattr(os, failing, crash)
    with pytest.raises(KeyboardInterrupt):
        fresh_kg.save_registry(target)
    monkeypatch.undo()
    assert target.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["registry.ttl"]


@pytest.mark.parametrize(
    "url",
    [
        "https://",
        "https:///päätös",
        "https://user@kuopio.fi/p",
        "https://kuopio.fi/a b",
        "ftp://kuopio.fi",
        "kuopio.fi",
    ],
)
def test_a_decision_with_an_address_that_is_no_web_page_is_refused(url: str) -> None:
    """A decision's address is a web address by the same rule as an assessment's (assessment/web_address.py)."""
    from terve_kunta.errors import ModelError
    from terve_kunta.registry import Decision

    with pytest.raises(ModelError, match="url"):
        Decision(body="Kuopion kaupunginvaltuusto", date=date(2024, 1, 1), url=url)


def test_a_decision_keeps_a_web_address_without_the_space_around_it() -> None:
    from terve_kunta.registry import Decision

    decision = Decision(
        body="Kuopion kaupunginvaltuusto", date=date(2024, 1, 1), url=" https://www.kuopio.fi/p?x=1#a\n"
    )
    assert decision.url == "https://www.kuopio.fi/p?x=1#a"
