"""The static site (built once per session, from a graph with people): links resolve, pages and files, no people."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import Graph

import terve_kunta as tk
from tests.export.conftest import SECRETS

LINK = re.compile(r'(?:href|src)="([^"]+)"')


def test_every_internal_link_resolves(site: Path) -> None:
    pages = list(site.rglob("*.html"))
    assert len(pages) > 600  # 309 municipalities, 55 memberships, regions, counties, concepts, sources ...
    broken = []
    for page in pages:
        for link in LINK.findall(page.read_text(encoding="utf-8")):
            parts = urlsplit(link)
            if parts.scheme or link.startswith("#"):
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} -> {link}")
    assert not broken, broken[:10]


def test_each_entity_has_a_page_turtle_and_json_ld(site: Path, people_kg: tk.KnowledgeGraph) -> None:
    for member in people_kg.members():
        path = member.iri.removeprefix("https://w3id.org/terve-kunta/")
        for suffix in (".html", ".ttl", ".jsonld"):
            assert (site / (path + suffix)).is_file(), path + suffix
    kuopio = site / "id" / "municipality" / "297"
    assert "Kuopio" in kuopio.with_suffix(".html").read_text(encoding="utf-8")
    graph = Graph().parse(kuopio.with_suffix(".ttl"), format="turtle")
    assert len(graph) > 5
    document = json.loads(kuopio.with_suffix(".jsonld").read_text(encoding="utf-8"))
    assert "@context" in document
    page = (site / "index.html").read_text(encoding="utf-8")
    assert '<script type="application/ld+json">' in page and "Pohjois-Savo" in page


@pytest.mark.parametrize("name", ["ontology.html", "catalog.ttl", "context.jsonld", ".htaccess", "w3id.htaccess"])
def test_the_site_has_its_shared_files(site: Path, name: str) -> None:
    assert (site / name).is_file()


def test_the_dumps_of_each_profile_are_published_but_not_full(site: Path) -> None:
    dumps = {p.name for p in (site / "dumps").iterdir()}
    assert "terve-kunta-public.nq" in dumps and "terve-kunta-who.jsonld" in dumps
    assert not any("full" in name for name in dumps)


def test_content_negotiation_rules(site: Path) -> None:
    rules = (site / ".htaccess").read_text(encoding="utf-8")
    assert "text/turtle" in rules and "$1.ttl" in rules and "$1.jsonld" in rules and "$1.html" in rules
    assert "https://example.org/terve-kunta/$1.ttl" in (site / "w3id.htaccess").read_text(encoding="utf-8")


def test_no_person_is_on_the_site(site: Path) -> None:
    for path in site.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not any(secret in text for secret in SECRETS), path
    assert not (site / "id" / "person").exists()
