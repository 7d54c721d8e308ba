"""An export's description of itself: DCAT-AP 3.0.1 (catalog, dataset, distributions), VoID and PROV.

Every export carries it (in the quad formats, in its own named graph): a
``dcat:Catalog`` with one ``dcat:Dataset`` (the export's profile) and a
``dcat:Distribution`` per format on the site, the licences (each packaged file's
``dcat:Dataset`` is a ``dct:hasPart`` of the export and keeps its own
``dct:license``), the package and ontology versions, when and by what it was made
(PROV) and VoID statistics of the data it describes (not counting itself).

The time of making is now, or ``SOURCE_DATE_EPOCH`` when it is set (reproducible builds).

>>> import terve_kunta as tk
>>> from terve_kunta.export.graphs import store_data
>>> from terve_kunta.export.profiles import select
>>> kg = tk.load()
>>> triples = describe(kg, select(kg, store_data(kg.store), "public", None), "public")
>>> len({o for s, p, o in triples if s == dataset_iri("public") and p == DCAT.distribution})
7
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from functools import cache
from importlib.metadata import version

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import FOAF, VOID
from rdflib.term import Node

from terve_kunta.data.files import ontology_version
from terve_kunta.data.view import GraphView
from terve_kunta.export.formats import FORMATS
from terve_kunta.export.selection import Counts, Selection
from terve_kunta.namespaces import BASE, DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, TK, XSD

__all__ = [
    "CATALOG",
    "CC_BY",
    "FINLAND",
    "VCARD",
    "dataset_iri",
    "describe",
    "download_url",
    "made_at",
    "package_version",
]

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS = Namespace("http://purl.org/adms/licencetype/")
EU = "http://publications.europa.eu/resource/authority/"
#: Finland in the EU Publications Office's country authority table (the dataset's spatial coverage).
FINLAND = URIRef(EU + "country/FIN")
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
CATALOG = URIRef(BASE + "catalog")
SITE = BASE  # the static site is the home of the IRIs

_TITLE = {
    "public": ("The Terve Kunta network as linked data", "Terve Kunta -verkosto linkitettynä datana"),
    "who": (
        "The Terve Kunta network for the WHO European Healthy Cities Network",
        "Terve Kunta -verkosto WHO:n Euroopan Terveet kaupungit -verkostolle",
    ),
    "full": ("The Terve Kunta network as linked data, with personal data", "Terve Kunta -verkosto henkilötietoineen"),
}
_DESCRIPTION = {
    "public": (
        "Members and memberships over time, all Finnish municipalities, regions and wellbeing services counties, "
        "the network's themes, joining criteria and activities, and its links to the WHO European Healthy Cities "
        "Network and the UN Sustainable Development Goals; every fact names its source. No personal data.",
        "Jäsenet ja jäsenyydet ajan mittaan, kaikki Suomen kunnat, maakunnat ja hyvinvointialueet, verkoston teemat, "
        "liittymisen kriteerit ja toiminta sekä yhteydet WHO:n Euroopan Terveet kaupungit -verkostoon ja YK:n "
        "kestävän kehityksen tavoitteisiin; jokainen tieto nimeää lähteensä. Ei henkilötietoja.",
    ),
    "who": (
        "What the WHO European Healthy Cities Network office needs about the national network: the network, its "
        "coordinator and country, its members with their memberships and WHO designations, the themes with their "
        "WHO Phase VII and SDG mappings, the joining criteria and the network days. Labels in English and Finnish.",
        "Mitä WHO:n Euroopan Terveet kaupungit -verkoston toimisto tarvitsee kansallisesta verkostosta: verkosto, "
        "sen koordinoija ja maa, jäsenet jäsenyyksineen ja WHO-nimityksineen, teemat ja niiden vastaavuudet WHO:n "
        "VII vaiheen teemoihin ja kestävän kehityksen tavoitteisiin, liittymisen kriteerit ja verkostopäivät.",
    ),
    "full": (
        "The whole graph, personal data included: not for publication.",
        "Koko graafi henkilötietoineen: ei julkaistavaksi.",
    ),
}
_KEYWORDS = [
    ("health promotion", "en"),
    ("terveyden edistäminen", "fi"),
    ("wellbeing", "en"),
    ("hyvinvointi", "fi"),
    ("Healthy Cities", "en"),
    ("municipalities", "en"),
    ("kunnat", "fi"),
    ("sustainable development goals", "en"),
]


Triple = tuple[Node, Node, Node]


class _Triples(list[Triple]):
    """The description's triples in the order they are made (a list: no rdflib graph to fill)."""

    def add(self, triple: Triple) -> None:
        self.append(triple)


@cache
def package_version() -> str:
    """The version of the installed terve_kunta package (read once per process)."""
    return version("terve_kunta")


def made_at() -> datetime:
    """When the export is made: now (UTC, whole seconds), or ``SOURCE_DATE_EPOCH`` if it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(microsecond=0)


def dataset_iri(profile: str) -> URIRef:
    """The IRI of the dataset that an export of ``profile`` is."""
    return URIRef(f"{BASE}dataset/{profile}")


def download_url(profile: str, fmt: str) -> URIRef:
    """Where the site publishes the dump of ``profile`` in ``fmt``."""
    return URIRef(f"{SITE}dumps/terve-kunta-{profile}.{FORMATS[fmt].extension}")


def _texts(graph: _Triples, node: URIRef, predicate: URIRef, texts: tuple[str, str]) -> None:
    graph.add((node, predicate, Literal(texts[0], lang="en")))
    graph.add((node, predicate, Literal(texts[1], lang="fi")))


def _publisher(view: GraphView, graph: _Triples) -> URIRef:
    """The network's coordinator (THL), as a ``foaf:Agent`` named as the graph names it."""
    rdf = view.rdf
    agent = rdf.value(view.network_iri, TK.coordinatedBy)
    if not isinstance(agent, URIRef):
        agent = URIRef(BASE + "id/project")
    graph.add((agent, RDF.type, FOAF.Agent))
    names = [o for o in rdf.objects(agent, SKOS.prefLabel) if isinstance(o, Literal)]
    for name in names or [Literal("terve_kunta project", lang="en")]:
        graph.add((agent, FOAF.name, name))
    return agent


def _contact(view: GraphView, graph: _Triples) -> URIRef:
    contact = URIRef(f"{CATALOG}#contact-point")
    graph.add((contact, RDF.type, VCARD.Organization))
    names = view.network.names
    graph.add((contact, VCARD.fn, Literal(names.get("fi") or names.get("en") or str(view.network_iri))))
    for page in view.rdf.objects(view.network_iri, RDFS.seeAlso):
        if isinstance(page, URIRef):
            graph.add((contact, VCARD.hasURL, page))
    return contact


def _void(graph: _Triples, dataset: URIRef, counts: Counts) -> None:
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, VOID.triples, Literal(counts.triples)))
    graph.add((dataset, VOID.entities, Literal(counts.entities)))
    graph.add((dataset, VOID.distinctSubjects, Literal(counts.subjects)))
    graph.add((dataset, VOID.properties, Literal(counts.properties)))
    graph.add((dataset, VOID.classes, Literal(len(counts.classes))))
    for number, (cls, count) in enumerate(sorted(counts.classes.items())):
        partition = URIRef(f"{dataset}/class-partition/{number}")
        graph.add((dataset, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], cls))
        graph.add((partition, VOID.entities, Literal(count)))


def _licences(view: GraphView, graph: _Triples, dataset: URIRef, parts: set[URIRef]) -> list[str]:
    """Each packaged file the data comes from is a part of the dataset, with its licence; the notes on others."""
    rdf = view.rdf
    notes = []
    for part in sorted(parts):
        graph.add((dataset, DCTERMS.hasPart, part))
        for licence in rdf.objects(part, DCTERMS.license):
            graph.add((licence, RDF.type, DCTERMS.LicenseDocument))
            if licence != CC_BY:
                title = rdf.value(part, DCTERMS.title)
                notes.append(f"{title or part} ({part}): {rdf.value(licence, DCTERMS.title) or licence}")
    return notes


@cache
def _fixed(profile: str) -> tuple[Triple, ...]:
    """What the description of ``profile`` says whatever the graph holds (made once per process)."""
    graph = _Triples()
    dataset = dataset_iri(profile)
    graph.add((CATALOG, RDF.type, DCAT.Catalog))
    _texts(graph, CATALOG, DCTERMS.title, ("Terve Kunta linked data", "Terve Kunta -linkitetty data"))
    _texts(
        graph,
        CATALOG,
        DCTERMS.description,
        (
            "The Terve Kunta (Healthy Municipality) network's knowledge graph, in every profile and format.",
            "Terve Kunta -verkoston tietograafi kaikissa profiileissa ja muodoissa.",
        ),
    )
    graph.add((CATALOG, DCTERMS.license, CC_BY))
    graph.add((CATALOG, FOAF.homepage, URIRef(SITE)))
    graph.add((CATALOG, DCAT.themeTaxonomy, URIRef(EU + "data-theme")))
    graph.add((CATALOG, DCAT.dataset, dataset))

    graph.add((dataset, RDF.type, DCAT.Dataset))
    _texts(graph, dataset, DCTERMS.title, _TITLE[profile])
    _texts(graph, dataset, DCTERMS.description, _DESCRIPTION[profile])
    for word, lang in _KEYWORDS:
        graph.add((dataset, DCAT.keyword, Literal(word, lang=lang)))
    graph.add((dataset, DCAT.theme, URIRef(EU + "data-theme/HEAL")))
    graph.add((dataset, DCTERMS.spatial, FINLAND))
    graph.add((FINLAND, RDF.type, DCTERMS.Location))
    graph.add((FINLAND, SKOS.prefLabel, Literal("Finland", lang="en")))
    graph.add((FINLAND, SKOS.prefLabel, Literal("Suomi", lang="fi")))
    graph.add((FINLAND, SKOS.prefLabel, Literal("Finland", lang="sv")))
    graph.add((FINLAND, RDFS.isDefinedBy, URIRef(EU + "country")))
    graph.add((dataset, URIRef(f"{DCAT}version"), Literal(package_version())))
    graph.add((dataset, DCTERMS.conformsTo, _ontology()))
    graph.add((dataset, OWL.versionInfo, Literal(package_version())))
    graph.add((dataset, DCAT.landingPage, URIRef(SITE + "index.html")))
    access = "NON_PUBLIC" if profile == "full" else "PUBLIC"
    graph.add((dataset, DCTERMS.accessRights, URIRef(EU + "access-right/" + access)))
    rights = _rights(profile)
    graph.add((rights, RDF.type, DCTERMS.RightsStatement))
    graph.add((CC_BY, RDF.type, DCTERMS.LicenseDocument))
    graph.add((CC_BY, DCTERMS.title, Literal("Creative Commons Attribution 4.0 International", lang="en")))
    graph.add((CC_BY, DCTERMS.type, ADMS.Attribution))
    software = _software()
    graph.add((software, RDF.type, PROV.SoftwareAgent))
    graph.add((software, RDFS.label, Literal(f"terve_kunta {package_version()}")))
    graph.add((software, OWL.versionInfo, Literal(package_version())))

    for name, fmt in FORMATS.items():
        dist = URIRef(f"{dataset}/{name}")
        graph.add((dataset, DCAT.distribution, dist))
        graph.add((dist, RDF.type, DCAT.Distribution))
        graph.add((dist, DCTERMS.title, Literal(f"{_TITLE[profile][0]} ({fmt.title})", lang="en")))
        graph.add((dist, DCAT.accessURL, URIRef(SITE)))
        graph.add((dist, DCAT.downloadURL, download_url(profile, name)))
        graph.add((dist, DCAT.mediaType, URIRef(fmt.media_type_iri)))
        graph.add((dist, DCTERMS.format, URIRef(fmt.file_type_iri)))
        graph.add((dist, DCTERMS.license, CC_BY))
        graph.add((dist, DCTERMS.rights, rights))
        if fmt.rdf:
            graph.add((dataset, VOID.dataDump, download_url(profile, name)))
    return tuple(graph)


def _ontology() -> URIRef:
    return URIRef(f"{BASE}ontology/{ontology_version()}")


def _software() -> URIRef:
    return URIRef(f"{BASE}software/terve_kunta/{package_version()}")


def _rights(profile: str) -> URIRef:
    return URIRef(f"{dataset_iri(profile)}#rights")


def describe(view: GraphView, selection: Selection, profile: str, when: datetime | None = None) -> list[Triple]:
    """The triples that describe an export of ``profile`` whose data is ``selection`` (see the module)."""
    when = when or made_at()
    today = Literal(when.date())
    graph = _Triples(_fixed(profile))
    dataset = dataset_iri(profile)
    publisher = _publisher(view, graph)
    graph.add((CATALOG, DCTERMS.publisher, publisher))
    graph.add((CATALOG, DCTERMS.modified, today))
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((dataset, DCAT.contactPoint, _contact(view, graph)))
    founded = view.rdf.value(view.network_iri, SCHEMA.foundingDate)
    period = URIRef(f"{dataset}#temporal-coverage")
    graph.add((dataset, DCTERMS.temporal, period))
    graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
    if isinstance(founded, Literal):
        graph.add((period, DCAT.startDate, founded))
    graph.add((period, DCAT.endDate, today))
    graph.add((dataset, DCTERMS.issued, today))
    graph.add((dataset, DCTERMS.modified, today))
    notes = _licences(view, graph, dataset, selection.graphs_used())
    text = "CC BY 4.0 for the terve_kunta project's data; each part (dct:hasPart) states its own licence."
    if notes:
        text += " Parts under other terms: " + "; ".join(notes) + "."
    graph.add((_rights(profile), RDFS.label, Literal(text, lang="en")))
    _void(graph, dataset, selection.counts())

    activity = URIRef(f"{dataset}#generation-{when.strftime('%Y%m%dT%H%M%SZ')}")
    graph.add((dataset, PROV.wasGeneratedBy, activity))
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, PROV.endedAtTime, Literal(when.isoformat().replace("+00:00", "Z"), datatype=XSD.dateTime)))
    graph.add((activity, PROV.wasAssociatedWith, _software()))
    graph.add((activity, PROV.used, _ontology()))
    return graph
