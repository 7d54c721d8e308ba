from __future__ import annotations

import csv
import re
import socket
from pathlib import Path
from typing import Any

import pytest

import terve_kunta as tk

REPO = Path(__file__).resolve().parent.parent

#: The 14 criterion slugs of issue 2, in the order of the source (other tools refer to them).
CRITERIA_SLUGS = [
    "top-management-responsibility",
    "joining-decision",
    "network-tasks-commitment",
    "hosting-commitment",
    "cross-sectoral-steering-group",
    "wellbeing-coordinator",
    "responsible-elected-official",
    "contact-person",
    "sufficient-resources",
    "statutory-health-promotion",
    "cross-sectoral-development-and-participation",
    "health-promotion-communication",
    "national-network-engagement",
    "national-network-participation",
]
SOURCES = REPO / "sources"
ONTOLOGY = REPO / "ontology"
pytest_plugins = ["tests.store_fixtures"]  # store_kg: the same tests on memory, Oxigraph, an Oxigraph server
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the network: a socket may connect only to a Unix socket or to loopback
    (the Oxigraph server and the listeners that tests start on 127.0.0.1); anything else fails."""

    def refuse(self: socket.socket, address: Any) -> None:
        if self.family == socket.AF_UNIX:
            return original(self, address)
        if isinstance(address, tuple) and address and address[0] in LOOPBACK:
            return original(self, address)
        raise AssertionError(f"a test tried to open a network connection to {address!r}")

    original = socket.socket.connect
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture(scope="session")
def kg() -> tk.KnowledgeGraph:
    """The packaged graph, loaded once; tests must not change it (use fresh_kg for that)."""
    return tk.load()


@pytest.fixture
def fresh_kg() -> tk.KnowledgeGraph:
    return tk.load()


def read_csv(name: str) -> list[dict[str, str]]:
    with (SOURCES / "data" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def seed_text() -> str:
    """The Finnish presentation with its line-break artefacts fixed.

    A line that ends in a hyphen continues the word on the next line ("Terve Kunta -"
    + "verkostopäivät"); other line breaks and runs of spaces become single spaces.
    """
    text = (SOURCES / "seed" / "000_496f85d952298658.txt").read_text(encoding="utf-8")
    return normalise_space(re.sub(r"-[ \t]*\n\s*", "-", text))


def normalise_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
