"""``terve-kunta publish DIR``: a static linked-data site that can be the home of the IRIs.

For each entity IRI ``https://w3id.org/terve-kunta/X`` of the ``public`` export,
``DIR/X.html`` (labels in fi, sv and en, facts with links and sources, schema.org
JSON-LD for search engines), ``DIR/X.ttl`` and ``DIR/X.jsonld``; ``index.html``,
``ontology.html``, ``catalog.ttl`` (the DCAT descriptions), the dumps of every format of
the published profiles under ``dumps/``, ``context.jsonld``, an ``.htaccess`` with
content negotiation, and ``w3id.htaccess``, the redirect rules for w3id.org. Links
are relative, so the site works from ``file://`` and from any web server.

The site is built in a new folder beside ``DIR`` and moved into place only when it
is complete: an error leaves ``DIR`` as it was. A ``DIR`` that holds anything is
refused unless ``force``. Personal data is never published: the pages come from the
``public`` profile, and the ``full`` profile is not a dump of the site.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from terve_kunta.data.files import ONTOLOGY_FILE, ontology_version, read_graph
from terve_kunta.data.view import GraphView
from terve_kunta.errors import ExportError
from terve_kunta.export.description import made_at, package_version
from terve_kunta.export.formats import FORMATS
from terve_kunta.export.jsonld import context_text, flat, to_json
from terve_kunta.export.ntriples import write_triples
from terve_kunta.export.pages import Link, entity_triples, facts, memberships, relative_link, schema_org
from terve_kunta.export.serialize import Export, prepare, render
from terve_kunta.export.server_rules import server_rules
from terve_kunta.export.site_graph import SiteGraph, page_path
from terve_kunta.namespaces import BASE, DCTERMS, ONTOLOGY_IRI, ORG, OWL, RDF, RDFS, SKOS, TK
from terve_kunta.stores.base import Store

__all__ = ["SITE_PROFILES", "check_folder", "publish"]

#: The profiles whose dumps the site publishes (``full`` never: it may hold personal data).
SITE_PROFILES: tuple[str, ...] = ("public", "who")
_KIND_TITLES = [
    (TK.Municipality, "Municipalities"),
    (TK.WellbeingServicesCounty, "Wellbeing services counties"),
    (TK.Region, "Regions"),
    (URIRef("http://www.w3.org/ns/org#Membership"), "Memberships"),
    (TK.Theme, "Themes"),
    (TK.Criterion, "Criteria"),
    (SKOS.ConceptScheme, "Concept schemes"),
    (SKOS.Concept, "Concepts"),
    (DCTERMS.BibliographicResource, "Sources"),
    (URIRef("http://www.w3.org/ns/dcat#Dataset"), "Datasets"),
]


def check_folder(folder: Path, force: bool) -> None:
    """Raise :class:`ExportError` unless the site can be written to ``folder`` (empty, or ``force``)."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder}: is a file, not a folder")
    parent = folder.resolve().parent
    if not parent.is_dir():
        raise ExportError(f"{folder}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ExportError(f"{folder}: the folder {parent} is not writable")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise ExportError(f"{folder}: the folder holds other files; give --force (force=True) to replace them")


class _Site:
    def __init__(self, root: Path, view: GraphView, exports: dict[str, Export]) -> None:
        self.root, self.view, self.exports = root, view, exports
        triples = list(exports["public"].triples())
        for data in exports.values():
            triples += data.description_triples
        self.terms = read_graph(ONTOLOGY_FILE)
        self.site = SiteGraph(triples, self.terms)
        self.fragments: dict[URIRef, list[Node]] = {}
        for subject in self.site.out:
            if isinstance(subject, URIRef) and "#" in subject:
                self.fragments.setdefault(URIRef(str(subject).split("#", 1)[0]), []).append(subject)
        from jinja2 import Environment, PackageLoader, select_autoescape

        self.env = Environment(
            loader=PackageLoader("terve_kunta.export", "templates"),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.common = {
            "version": package_version(),
            "ontology_version": ontology_version(),
            "licence": "CC BY 4.0 (the SDG labels: the UN SDG KOS terms, see each dataset)",
        }

    def write(self, path: str, text: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="")

    def page(self, path: str, template: str, **values: Any) -> None:
        root = relative_link(path, "index", "")[: -len("index")]
        html = self.env.get_template(template).render(root=root, **self.common, **values)
        self.write(path + ".html", html)

    def link(self, source: str, node: Node) -> Link:
        target = self.site.page(str(node))
        href = relative_link(source, target) if target else str(node)
        return Link(href, self.site.label(node))

    # ------------------------------------------------------------------ entities

    def entities(self) -> list[URIRef]:
        found = {
            URIRef(BASE + path)
            for s in self.site.out
            if isinstance(s, URIRef) and (path := page_path(str(s))) and path != "ontology"
        }
        return sorted(found, key=str)

    def entity(self, iri: URIRef) -> None:
        site = self.site
        path = page_path(str(iri))
        assert path is not None
        own = entity_triples(site, iri, self.fragments.get(iri, []))
        self.write(path + ".ttl", write_triples(own, "TURTLE"))
        self.write(path + ".jsonld", to_json(flat(own), indent=False))
        parts = [
            {"fragment": str(s).split("#", 1)[1], "title": site.label(s), "facts": facts(site, s, path)}
            for s in sorted(self.fragments.get(iri, []), key=str)
        ]
        incoming = sorted(
            (
                (self.link(path, s), site.property_label(p))
                for s, p in site.into.get(iri, ())
                if isinstance(s, URIRef) and page_path(str(s)) and p not in (RDF.type, ORG.member, OWL.annotatedSource)
            ),
            key=lambda item: (item[1], item[0].text),
        )
        self.page(
            path,
            "entity.html",
            name=path.rsplit("/", 1)[-1],
            iri=str(iri),
            title=site.label(iri),
            kinds=[site.label(t) for t in sorted(site.objects(iri, RDF.type), key=str)],
            labels=sorted(site.labels(iri).items(), key=lambda item: _lang_order(item[0])),
            facts=facts(site, iri, path),
            memberships=memberships(site, iri, path),
            parts=parts,
            incoming=incoming,
            schema_org=_script_json(schema_org(site, iri)),
        )

    # ------------------------------------------------------------------ index, lists, ontology

    def index(self, entities: list[URIRef]) -> None:
        view, site, source = self.view, self.site, "index"
        members = view.members()
        regions: dict[str, dict[str, Any]] = {}
        for member in members:
            key = member.region.iri if member.region else ""
            region = regions.setdefault(key, {"link": self.link(source, URIRef(key)) if key else None, "members": []})
            region["members"].append({"link": self.link(source, URIRef(member.iri)), "who": member.who_designated})
        network = URIRef(view.network_iri)
        coordinator = site.value(network, TK.coordinatedBy)
        everything = []
        for cls, title in _KIND_TITLES:
            of_kind = [e for e in entities if site.has_type(e, cls)]
            if of_kind:
                slug = "list/" + title.lower().replace(" ", "-")
                self.page(slug, "list.html", title=title, items=[self.link(slug, e) for e in of_kind])
                links = [self.link(source, e) for e in of_kind]
                everything.append({"title": title, "entries": links, "href": relative_link(source, slug)})
        dumps = [
            {
                "name": profile,
                "files": [Link(f"dumps/terve-kunta-{profile}.{fmt.extension}", fmt.title) for fmt in FORMATS.values()],
            }
            for profile in self.exports
        ]
        descriptions = [
            (o.language or "", str(o)) for o in site.objects(network, DCTERMS.description) if isinstance(o, Literal)
        ]
        self.page(
            source,
            "index.html",
            title=site.label(network),
            network={
                "iri": str(network),
                "title": site.label(network),
                "labels": sorted(site.labels(network).items(), key=lambda item: _lang_order(item[0])),
                "descriptions": sorted(descriptions, key=lambda item: _lang_order(item[0])),
                "coordinator": self.link(source, coordinator) if isinstance(coordinator, URIRef) else None,
                "page": self.link(source, network).href,
            },
            members=members,
            regions=sorted(regions.values(), key=lambda r: r["link"].text if r["link"] else "~"),
            themes=[self.link(source, URIRef(t.iri)) for t in view.themes()],
            criteria=[self.link(source, URIRef(c.iri)) for c in view.criteria()],
            events=[self.link(source, URIRef(e.iri)) for e in view.network_days()],
            dumps=dumps,
            everything=everything,
            schema_org=_script_json(schema_org(site, network)),
        )

    def ontology(self) -> None:
        terms, site = self.terms, self.site
        self.write("ontology.ttl", render_triples(terms, "turtle"))
        self.write("ontology.jsonld", to_json(flat(terms)))
        sections = []
        for title, cls in (
            ("Classes", OWL.Class),
            ("Object properties", OWL.ObjectProperty),
            ("Datatype properties", OWL.DatatypeProperty),
            ("Annotation properties", OWL.AnnotationProperty),
        ):
            found: list[dict[str, Any]] = []
            for term in sorted(terms.subjects(RDF.type, cls), key=str):
                rows: list[tuple[str, list[Link]]] = []
                for label, predicate in (
                    ("subclass of", RDFS.subClassOf),
                    ("domain", RDFS.domain),
                    ("range", RDFS.range),
                ):
                    values = [
                        self.link("ontology", v)
                        for v in sorted(terms.objects(term, predicate), key=str)
                        if isinstance(v, URIRef)
                    ]
                    if values:
                        rows.append((label, values))
                found.append(
                    {
                        "name": str(term).split("#")[-1],
                        "iri": str(term),
                        "labels": sorted(site.labels(term, ontology=True).items(), key=lambda i: _lang_order(i[0])),
                        "definitions": [str(d) for d in terms.objects(term, SKOS.definition)],
                        "rows": rows,
                    }
                )
            sections.append({"title": title, "terms": found})
        self.page(
            "ontology",
            "ontology.html",
            title=str(terms.value(ONTOLOGY_IRI, DCTERMS.title) or "Terve Kunta ontology"),
            iri=str(ONTOLOGY_IRI),
            descriptions=[str(d) for d in terms.objects(ONTOLOGY_IRI, DCTERMS.description)],
            sections=sections,
        )

    def dumps(self) -> None:
        for profile, data in self.exports.items():
            for name, fmt in FORMATS.items():
                self.write(f"dumps/terve-kunta-{profile}.{fmt.extension}", render(data, name))
        catalog = [t for data in self.exports.values() for t in data.description_triples]
        self.write("catalog.ttl", render_triples(dict.fromkeys(catalog), "turtle"))
        self.write("context.jsonld", context_text())

    def server_rules(self, site_url: str | None) -> None:
        for path, text in server_rules(site_url).items():
            self.write(path, text)


def render_triples(triples: Iterable[tuple[Node, Node, Node]], fmt: str) -> str:
    """Triples in one of the formats that Oxigraph writes."""
    return write_triples(triples, FORMATS[fmt].oxigraph or "TURTLE")


def _script_json(data: dict[str, Any]) -> str:
    """JSON safe inside a ``<script>`` element (no ``</`` can close it)."""
    from markupsafe import Markup

    return Markup(json.dumps(data, ensure_ascii=False).replace("</", "<\\/"))


def _lang_order(lang: str) -> int:
    return {"fi": 0, "sv": 1, "en": 2}.get(lang, 3)


def publish(
    view: GraphView,
    store: Store,
    folder: str | Path,
    *,
    force: bool = False,
    site_url: str | None = None,
    profiles: Iterable[str] = SITE_PROFILES,
) -> list[str]:
    """Write the site into ``folder`` (see the module); return the paths written, relative to it."""
    folder = Path(folder)
    check_folder(folder, force)
    when = made_at()
    exports = {profile: prepare(view, store, profile, None, when) for profile in dict.fromkeys(("public", *profiles))}
    build = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.resolve().parent))
    try:
        site = _Site(build, view, exports)
        entities = site.entities()
        site.site.pages = {p for e in entities if (p := page_path(str(e)))} | {"ontology", "index"}
        for iri in entities:
            site.entity(iri)
        site.index(entities)
        site.ontology()
        site.dumps()
        site.server_rules(site_url)
        written = sorted(str(p.relative_to(build)) for p in build.rglob("*") if p.is_file())
        _swap(build, folder)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return written


def _swap(build: Path, folder: Path) -> None:
    """Put the finished site in place of ``folder`` (the old content is removed only after the move)."""
    old = None
    build.chmod(0o755)  # mkdtemp made it private; a site is for everyone to read
    if folder.exists():
        old = folder.with_name(f".{folder.name}.old-{date.today():%Y%m%d}-{os.getpid()}")
        folder.rename(old)
    try:
        build.rename(folder)
    except OSError:
        if old is not None:
            old.rename(folder)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
