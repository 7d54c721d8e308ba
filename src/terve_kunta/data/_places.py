"""Member views: build :class:`~terve_kunta.models.Member` models and resolve names to places.

:class:`terve_kunta.KnowledgeGraph` caches what these functions build; they only read
the graph.

>>> finnish_sort_key("Äänekoski") > finnish_sort_key("Ylöjärvi")
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rdflib import Graph, URIRef

from terve_kunta.data import readers
from terve_kunta.data.lookup import NameIndex
from terve_kunta.errors import AmbiguousNameError, UnknownNameError
from terve_kunta.models import (
    Member,
    Membership,
    Municipality,
    Network,
    Region,
    WellbeingServicesCounty,
    display_name,
)
from terve_kunta.namespaces import DCTERMS, SKOS

__all__ = [
    "Places",
    "ambiguous_name",
    "build_member",
    "find_member_iri",
    "find_municipality",
    "finnish_sort_key",
    "name_index",
    "read_places",
    "resolve_place",
]


@dataclass(frozen=True)
class Places:
    """Regions, wellbeing services counties and municipalities of a graph, by IRI."""

    regions: dict[str, Region]
    counties: dict[str, WellbeingServicesCounty]
    municipalities: dict[str, Municipality]


def read_places(rdf: Graph) -> Places:
    """Read every region, county and municipality of ``rdf``."""
    regions = readers.regions(rdf)
    counties = readers.wellbeing_services_counties(rdf, regions)
    return Places(regions, counties, readers.municipalities(rdf, regions, counties))


def name_index(rdf: Graph, places: Places) -> NameIndex:
    """Every preferred and alternative name of the municipalities and counties."""
    objects = readers.Statements(rdf)
    predicates = (SKOS.prefLabel, SKOS.altLabel)
    names: dict[str, list[str]] = {}
    for iri in [*places.municipalities, *places.counties]:
        node = URIRef(iri)
        names[iri] = [str(n) for p in predicates for n in objects(node, p)]
    return NameIndex(names)


def resolve_place(places: Places, names: NameIndex, text: str) -> Municipality | WellbeingServicesCounty | None:
    """The one municipality or county with this code or name, or None."""
    if text.isdigit():
        candidates: list[Municipality | WellbeingServicesCounty] = [
            *places.municipalities.values(),
            *places.counties.values(),
        ]
        return next((place for place in candidates if place.code == text), None)
    keys = names.find(text)
    if len(keys) != 1:
        return None
    return places.municipalities.get(keys[0]) or places.counties.get(keys[0])


def build_member(
    statements: readers.Statements,
    places: Places,
    iri: str,
    memberships: list[Membership],
    who: dict[str, list[Membership]],
    day: date,
) -> Member:
    """The member ``iri`` with its memberships; ``who_designated`` as on ``day``.

    Its statements are read through ``statements``: one :class:`~terve_kunta.data.readers.Statements`
    serves many members.
    """
    node = URIRef(iri)
    names = statements.labels(node)
    municipality = places.municipalities.get(iri)
    county = places.counties.get(iri)
    region = municipality.region if municipality else county.region if county else None
    return Member(
        iri=iri,
        code=statements.text(node, DCTERMS.identifier) or iri.rsplit("/", 1)[-1],
        kind=readers.member_kind_in(statements, node),
        name_fi=names.get("fi", ""),
        names=names,
        region=region,
        wellbeing_services_county=municipality.wellbeing_services_county if municipality else county,
        who_designated=any(m.is_active(day) for m in who.get(iri, ())),
        memberships=tuple(sorted(memberships, key=lambda m: m.iri)),
        wikidata=readers.wikidata_id_in(statements, node),
    )


def find_municipality(places: Places, names: NameIndex, key: str | int) -> Municipality:
    """The municipality with this code (``"091"``, ``91``), Finnish or Swedish name, or IRI."""
    municipalities = places.municipalities
    text = str(key).strip()
    if text in municipalities:
        return municipalities[text]
    if text.isdigit() and len(text) <= 3:
        for municipality in municipalities.values():
            if municipality.code == text.zfill(3):
                return municipality
        raise UnknownNameError(f"no municipality has the code {text.zfill(3)!r}")
    keys = [k for k in names.find(text) if k in municipalities]
    if len(keys) == 1:
        return municipalities[keys[0]]
    if len(keys) > 1:
        raise ambiguous_name(text, [municipalities[k] for k in keys])
    raise UnknownNameError(f"no Finnish municipality is named {text!r}", names.suggest(text))


def find_member_iri(
    rdf: Graph,
    places: Places,
    names: NameIndex,
    members: dict[str, list[Membership]],
    network: Network,
    key: str,
) -> str:
    """The IRI of the one member (of ``members``) with this code, name or IRI.

    A place that exists but is not a member, a name that fits several members, and a
    key that fits nothing each get their own clear error.
    """
    text = str(key).strip()
    if text in members:
        return text
    if text.isdigit():
        keys = [iri for iri in members if readers.identifier(rdf, URIRef(iri)) == text]
    else:
        keys = [k for k in names.find(text) if k in members]
    if len(keys) == 1:
        return keys[0]
    if len(keys) > 1:
        statements = readers.Statements(rdf, indexed=False)
        found = [build_member(statements, places, k, members[k], {}, date.today()) for k in keys]
        raise ambiguous_name(text, found)
    network_name = network.names.get("fi") or network.names.get("en") or network.iri
    place = resolve_place(places, names, text)
    if place is not None:
        kind = "municipality" if isinstance(place, Municipality) else "wellbeing services county"
        raise UnknownNameError(
            f"{display_name(place.names)} ({place.code}) is a Finnish {kind} but not a member of {network_name}"
        )
    hint = " (municipality codes have 3 digits, county codes 2)" if text.isdigit() and len(text) < 3 else ""
    member_names = NameIndex({k: [readers.labels(rdf, URIRef(k)).get("fi", k)] for k in members})
    raise UnknownNameError(f"no member of {network_name} matches {text!r}{hint}", member_names.suggest(text))


_FINNISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}"})  # Finnish: ... x y z å ä ö


def finnish_sort_key(name: str) -> str:
    """Sort key for Finnish names: case-insensitive, with å, ä, ö after z."""
    return name.casefold().translate(_FINNISH_ORDER)


def ambiguous_name(text: str, entities: Iterable[Member | Municipality]) -> AmbiguousNameError:
    """The error for a name that fits several entities, listing them as "code name"."""
    candidates = [f"{e.code} {display_name(e.names)}" for e in entities]
    return AmbiguousNameError(f"{text!r} fits several: {', '.join(candidates)}; give a code instead", candidates)
