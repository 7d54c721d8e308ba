"""The static site (built once per session, from a graph with people): links resolve, pages and files, no people."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import Graph

import terve_kunta as tk
from tests.export.conftest import SECRETS

LINK = re.compile(r'(?:href|src)="([^"]+)"')


def test_every_internal_link_resolves(site: Path) -> None:
    files = {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()}
    pages = sorted(p for p in files if p.endswith(".html"))
    assert len(pages) > 600  # 309 municipalities, 55 memberships, regions, counties, concepts, sources ...
    broken = []
    for page in pages:
        folder = posixpath.dirname(page)
        for link in set(LINK.findall((site / page).read_text(encoding="utf-8"))):
            parts = urlsplit(link)
            if parts.scheme or link.startswith("#"):
                continue
            if posixpath.normpath(posixpath.join(folder, unquote(parts.path))) not in files:
                broken.append(f"{page} -> {link}")
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


def test_the_release_dump_is_the_export(site: Path, people_kg: tk.KnowledgeGraph) -> None:
    """publish writes the release file: the same text as ``terve-kunta export --profile public --format nq``."""
    dump = (site / "dumps" / "terve-kunta-public.nq").read_text(encoding="utf-8")
    assert dump == people_kg.export(format="nq", profile="public")  # SOURCE_DATE_EPOCH: the same time of making


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


def row(page: str, label: str) -> str:
    """The cell of the facts row labelled ``label`` on an HTML page."""
    found = re.search(rf'<tr><th title="[^"]*">{re.escape(label)}</th><td>(.*?)</td></tr>', page, re.S)
    assert found, label
    return found.group(1)


def test_a_fact_shows_the_source_stated_for_it(site: Path) -> None:
    who = (site / "id" / "network" / "who-european-healthy-cities.html").read_text(encoding="utf-8")
    founded = row(who, "founding date")
    assert "1988" in founded
    assert 'href="https://example.org/source/founding-of-the-who-network"' in founded  # beside the fact ...
    assert "The year the WHO office names." in founded
    assert "founding-of-the-who-network" not in row(who, "source")  # ... not among the entity's own sources
    statement = re.search(r'href="([^"]+)" title="the statement that says so"', founded)
    assert statement and statement.group(1).endswith("statement/test/founding-date.html")


def test_a_mapping_shows_its_source_and_rationale(site: Path) -> None:
    theme = (site / "id" / "theme" / "municipality-county-cooperation.html").read_text(encoding="utf-8")
    mappings = row(theme, "related match")
    assert mappings.count("source: ") == 2 and mappings.count('href="../project.html"') == 2
    assert "(target 17.17)" in mappings  # the axiom's comment says why


def test_a_member_page_shows_its_memberships_with_dates_and_their_sources(site: Path) -> None:
    kuopio = (site / "id" / "municipality" / "297.html").read_text(encoding="utf-8")
    table = kuopio.split('<h2 id="memberships">', 1)[1].split("</table>", 1)[0]
    who_row = next(r for r in table.split("<tr>") if "WHO European Healthy Cities Network" in r)
    when = who_row.split("<td>")[3]
    assert "from 2005" in when and "attested in 2024-06" in when
    assert 'href="https://example.org/decision/kuopio-who-designation"' in when  # the start date's own source
    assert "kuopio.fi" in who_row.split("<td>")[4] or "City of Kuopio" in who_row.split("<td>")[4]
    own = next(r for r in table.split("<tr>") if ">Healthy Municipality network<" in r)
    assert "attested in 2024-06" in own and "designation" not in own


def test_the_site_works_over_http(site: Path) -> None:
    """As ``python -m http.server`` serves it: the index, a member page and what it links to."""
    import functools
    import http.server
    import threading
    import urllib.parse
    import urllib.request

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        page = base + "id/municipality/297.html"
        for url in (base, base + "index.html", page):
            with urllib.request.urlopen(url, timeout=10) as response:
                assert response.status == 200 and "text/html" in response.headers["Content-Type"]
        with urllib.request.urlopen(page, timeout=10) as response:
            html = response.read().decode("utf-8")
        for link in {link for link in LINK.findall(html) if not urlsplit(link).scheme}:
            with urllib.request.urlopen(urllib.parse.urljoin(page, link), timeout=10) as response:
                assert response.status == 200, link
    finally:
        server.shutdown()
        server.server_close()
