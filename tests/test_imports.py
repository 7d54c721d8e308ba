"""`import terve_kunta` stays light: heavy libraries load only when used."""

from __future__ import annotations

from tests.support import modules_after

HEAVY = ("pyshacl", "networkx", "pandas", "yaml", "rdflib.plugins.sparql")


def heavy(loaded: frozenset[str], libraries: tuple[str, ...] = HEAVY) -> set[str]:
    return {m for m in loaded for h in libraries if m == h or m.startswith(h + ".")}


def test_import_loads_no_heavy_library() -> None:
    assert heavy(modules_after()["import"]) == set()
    assert "terve_kunta" in modules_after()["import"]  # the probe sees what was imported


def test_load_and_members_load_no_heavy_library() -> None:
    loaded = modules_after()["load and read"]
    assert heavy(loaded, HEAVY[:3]) == set() and "terve_kunta.data.view" in loaded


def test_integrity_check_loads_pyshacl_when_used() -> None:
    loaded = modules_after()["import the integrity check"]
    assert "pyshacl" not in loaded and "terve_kunta.data.integrity" in loaded
