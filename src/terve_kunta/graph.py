"""The knowledge graph of the Terve Kunta network, and the one call that loads it.

>>> import terve_kunta as tk
>>> kg = tk.load()
>>> len(kg.members())
52
>>> kg.member("Kuopio").code, kg.member("297").who_designated
('297', True)
>>> kg.municipality("Pertunmaa").classification_years
(2024,)
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from rdflib import Graph, URIRef

from terve_kunta import readers
from terve_kunta.lookup import NameIndex
from terve_kunta.member_views import (
    Places,
    build_member,
    find_member_iri,
    find_municipality,
    finnish_sort_key,
    name_index,
    read_places,
    unknown_name,
)
from terve_kunta.models import (
    SDG,
    Activity,
    Criterion,
    HostedEvent,
    Member,
    MemberKind,
    Membership,
    Municipality,
    Network,
    Region,
    Theme,
    WellbeingServicesCounty,
)
from terve_kunta.namespaces import ID, TK, TK_NETWORK

if TYPE_CHECKING:
    import networkx

    from terve_kunta.compliance import ComplianceReport
    from terve_kunta.registry import Decision
    from terve_kunta.results import Rows
    from terve_kunta.stores import Store
    from terve_kunta.validation import AssessmentSource

__all__ = ["KnowledgeGraph", "load"]

WHO_NETWORK = ID["network/who-european-healthy-cities"]


def load(
    store: str = "memory",
    registry: str | Path | None = None,
    *,
    update_url: str | None = None,
    graph_store_url: str | None = None,
) -> KnowledgeGraph:
    """Load the packaged knowledge graph; by default into a new in-memory store, with no network access.

    ``store`` chooses where the graph lives (see :mod:`terve_kunta.stores`):
    ``"memory"`` (each call reads the files anew and returns an independent graph),
    ``"oxigraph:PATH"`` (a database folder) or the ``http(s)`` URL of a SPARQL
    query endpoint (``update_url`` and ``graph_store_url`` default to the URLs
    derived from it). An empty persistent store is filled with the packaged graph
    first; a store that holds data is used as it is.

    ``registry`` is a member-registry file (Turtle, as written by
    :meth:`KnowledgeGraph.save_registry`) read instead of the packaged one.

    >>> kg = load()
    >>> kg.network.names["fi"]
    'Terve Kunta -verkosto'
    """
    from terve_kunta.stores import MemoryStore, parse_store_spec

    kind, _ = parse_store_spec(store)
    if kind == "memory":
        from terve_kunta.loading import load_graph

        graph = load_graph(registry)
        return KnowledgeGraph(graph, store=MemoryStore(graph))
    from terve_kunta.stores import open_filled

    return KnowledgeGraph(store=open_filled(store, registry, update_url, graph_store_url))


def _as_date(value: date | str | None) -> date:
    if value is None:
        return date.today()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"as_of: expected a date as YYYY-MM-DD, got {value!r}") from exc


class KnowledgeGraph:
    """The network as a knowledge graph: an rdflib graph plus typed, cached views of it.

    ``rdf`` is the rdflib graph itself (for the packaged data, the union of all its
    files): use it for SPARQL or anything else. The views (``members()``,
    ``themes()``...) read from it once and are cached; call :meth:`refresh` after
    changing ``rdf`` directly.

    ``network`` selects which network the member views describe (default: the
    Terve Kunta network); any graph in the ontology's terms works, so another WHO
    national network can be read the same way.
    """

    def __init__(
        self, rdf: Graph | None = None, network: str | URIRef = TK_NETWORK, *, store: Store | None = None
    ) -> None:
        if store is None:
            if rdf is None:
                raise TypeError("KnowledgeGraph needs an rdflib graph or a store")
            from terve_kunta.stores import MemoryStore

            store = MemoryStore(rdf)
        self._store = store
        self.network_iri = URIRef(str(network))

    @property
    def _rdf(self) -> Graph:
        return self._store.snapshot()

    def __repr__(self) -> str:
        return f"<KnowledgeGraph of {self.network_iri} with {self.triple_count} triples>"

    @property
    def rdf(self) -> Graph:
        """The underlying rdflib graph.

        For the memory store, the graph itself. For an Oxigraph or remote store, an
        in-memory copy of the store's union graph, read when first needed and again
        after :meth:`refresh`; change such a store with :meth:`update` or the registry
        methods, not through this copy.
        """
        return self._rdf

    @property
    def triple_count(self) -> int:
        """Number of distinct triples in the union of the graph's data."""
        return len(self._rdf)

    def refresh(self) -> None:
        """Forget the cached views, so that they are read again from ``rdf`` (and ``rdf`` from the store)."""
        self._store.invalidate()
        self._forget_views()

    def _forget_views(self) -> None:
        for name in ("_places", "_names", "network", "_member_ids"):
            self.__dict__.pop(name, None)

    # ------------------------------------------------------------------ places

    @cached_property
    def _places(self) -> Places:
        return read_places(self._rdf)

    @cached_property
    def _names(self) -> NameIndex:
        return name_index(self._rdf, self._places)

    def regions(self) -> list[Region]:
        """All regions (maakunnat), by code."""
        return sorted(self._places.regions.values(), key=lambda r: r.code)

    def wellbeing_services_counties(self) -> list[WellbeingServicesCounty]:
        """All wellbeing services counties, by code."""
        return sorted(self._places.counties.values(), key=lambda c: c.code)

    def municipalities(self, year: int | None = None) -> list[Municipality]:
        """All municipalities, by code; with ``year``, those in that year's classification.

        >>> kg = load()
        >>> len(kg.municipalities(2024)), len(kg.municipalities(2025))
        (309, 308)
        """
        found = [m for m in self._places.municipalities.values() if year is None or year in m.classification_years]
        return sorted(found, key=lambda m: m.code)

    def municipality(self, key: str | int) -> Municipality:
        """Any Finnish municipality, by code (``"091"``, ``91``), Finnish or Swedish name, or IRI.

        >>> load().municipality("Helsingfors").code
        '091'
        """
        return find_municipality(self._places, self._names, key)

    # ------------------------------------------------------------------ members

    @cached_property
    def network(self) -> Network:
        """The network that this graph's member views describe."""
        return readers.network(self._rdf, self.network_iri)

    def _memberships(self, network: URIRef) -> dict[str, list[Membership]]:
        return readers.memberships_of_network(self._rdf, network)

    @cached_property
    def _member_ids(self) -> dict[str, list[Membership]]:
        return self._memberships(self.network_iri)

    def members(self, kind: MemberKind | str | None = None, as_of: date | str | None = None) -> list[Member]:
        """Members of the network on the date ``as_of`` (default: today), optionally of one kind.

        A membership counts from its start date, or, when the sources give none, from
        the first day of the month in which a source attests it (June 2024 for the
        members of the 6/2024 list); it counts up to and including its end date, and
        without one it continues. Members are sorted by kind, then Finnish name.

        >>> kg = load()
        >>> [len(kg.members(kind=k)) for k in ("municipality", "wellbeing_services_county")]
        [50, 2]
        >>> len(kg.members(as_of="2024-05-31"))
        0
        """
        day = _as_date(as_of)
        wanted = MemberKind(kind) if kind is not None else None
        who = self._memberships(WHO_NETWORK) if self.network_iri != WHO_NETWORK else {}
        found = []
        for iri, memberships in self._member_ids.items():
            if not any(m.is_active(day) for m in memberships):
                continue
            member = self._member(iri, memberships, who, day)
            if wanted is None or member.kind == wanted:
                found.append(member)
        return sorted(found, key=lambda m: (list(MemberKind).index(m.kind), finnish_sort_key(m.name_fi)))

    def member(self, key: str) -> Member:
        """One member (present or past), by code (``"297"``, county ``"13"``), name or IRI.

        Raises :class:`UnknownNameError` (with suggestions) if nothing matches, also
        for a municipality that is not a member, and :class:`AmbiguousNameError` if a
        name fits several members.

        >>> kg = load()
        >>> kg.member("Kainuu").name_fi
        'Kainuun hyvinvointialue'
        >>> kg.member("Pertunmaa")
        Traceback (most recent call last):
        ...
        terve_kunta.errors.UnknownNameError: Pertunmaa (588) is a Finnish municipality but not a member of ...
        """
        members = self._member_ids
        who = self._memberships(WHO_NETWORK) if self.network_iri != WHO_NETWORK else {}
        iri = find_member_iri(self._rdf, self._places, self._names, members, self.network, key)
        return self._member(iri, members[iri], who, date.today())

    def _member(self, iri: str, memberships: list[Membership], who: dict[str, list[Membership]], day: date) -> Member:
        return build_member(self._rdf, self._places, iri, memberships, who, day)

    # ------------------------------------------------------------------ concepts

    def themes(self) -> list[Theme]:
        """The network's themes (2021-2025), each followed by its sub-themes, with their mappings."""
        scheme = self._rdf.value(self.network_iri, TK.themeScheme)
        return readers.themes(self._rdf, scheme) if isinstance(scheme, URIRef) else []

    def who_themes(self) -> list[Theme]:
        """The themes of Phase VII of the WHO European Healthy Cities Network (the six Ps)."""
        return readers.themes(self._rdf, ID["scheme/who-phase-vii-themes"])

    def criteria(self) -> list[Criterion]:
        """The network's joining criteria (14 for Terve Kunta), in the order of the source.

        >>> [c.slug for c in load().criteria()][:2]
        ['top-management-responsibility', 'joining-decision']
        """
        scheme = self._rdf.value(self.network_iri, TK.criteriaScheme)
        return readers.criteria(self._rdf, scheme) if isinstance(scheme, URIRef) else []

    def criterion(self, slug: str) -> Criterion:
        """One criterion by its slug (e.g. ``"joining-decision"``) or IRI."""
        for criterion in self.criteria():
            if slug in (criterion.slug, criterion.iri):
                return criterion
        raise unknown_name(
            f"no criterion has the slug {slug!r}", NameIndex({c.slug: [c.slug] for c in self.criteria()}).suggest(slug)
        )

    def sdgs(self, include_targets: bool = False) -> list[SDG]:
        """The 17 SDGs, in order; with ``include_targets``, also the targets the themes map to.

        >>> load().sdgs()[2].short_title
        'Good health and well-being'
        """
        return [s for s in readers.sdgs(self._rdf) if include_targets or s.kind == "goal"]

    def network_days(self) -> list[HostedEvent]:
        """The network days by year, with their hosts (host rotation).

        >>> [(e.year, e.host_name_fi) for e in load().network_days()]
        [(2024, 'Pori'), (2025, 'Järvenpää')]
        """
        return readers.hosted_events(self._rdf, self._places.municipalities)

    def activities(self) -> list[Activity]:
        """The network's activities in the order of the source."""
        return readers.activities(self._rdf, self.network_iri)

    # ------------------------------------------------------------------ criteria compliance

    def validate(
        self, assessment: AssessmentSource, *, lang: str = "en", engine: Literal["oxigraph", "pyshacl"] = "oxigraph"
    ) -> ComplianceReport:
        """Check one self-assessment against the joining criteria and return its compliance report.

        ``assessment`` is a file (YAML, JSON, Turtle), a mapping, a
        :class:`~terve_kunta.assessment.SelfAssessment` or an rdflib graph (only read).
        ``report.conforms`` is True when no shape reports a ``sh:Violation``. Input
        that cannot be read raises :class:`~terve_kunta.errors.AssessmentError`. See
        :mod:`terve_kunta.validation`.

        >>> report = load().validate({"municipality": "Kuopio", "assessed_on": "2025-03-01"}, lang="fi")
        >>> report.conforms, report.criterion("joining-decision").status.value
        (False, 'missing')
        """
        from terve_kunta.validation import validate

        return validate(self, assessment, lang=lang, engine=engine)

    # ------------------------------------------------------------------ queries, stores, registry, analysis

    @property
    def store(self) -> Store:
        """Where the graph lives (:mod:`terve_kunta.stores`): memory, Oxigraph on disk, or an endpoint."""
        return self._store

    def query(self, sparql: str, /, *, allow_network: bool = False, **bindings: Any) -> Rows | bool | Graph:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query, or a named query, in the graph's store.

        ``sparql`` is query text, or the name of a shipped query
        (:func:`terve_kunta.queries.named_queries`), whose parameters are then checked
        and typed. ``bindings`` bind variables to values (``region="11"``,
        ``as_of=date(2025, 1, 1)``, an ``rdflib.URIRef``); the store binds them, the
        text is never formatted with them. SELECT gives :class:`~terve_kunta.results.Rows`
        (``.to_dataframe()`` with the pandas extra), ASK a ``bool``, CONSTRUCT a graph.
        The package's prefixes need not be declared. A query with ``SERVICE`` or
        ``FROM`` is refused unless ``allow_network`` (see :mod:`terve_kunta.safety`).

        >>> kg = load()
        >>> rows = kg.query("members-by-region", region_code="11", as_of="2024-06-30")
        >>> [r.name_fi for r in rows]
        ['Iisalmi', 'Kuopio', 'Pohjois-Savon hyvinvointialue', 'Siilinjärvi']
        >>> kg.query("ASK { ?m tk:region ?r ; dct:identifier ?code }", code="297")
        True
        """
        from terve_kunta.queries import run_query

        return run_query(self._store, sparql, bindings, allow_network=allow_network)

    def update(self, sparql: str, /, *, allow_network: bool = False) -> None:
        """Run a SPARQL update in the store, then :meth:`refresh` the views.

        This is the one way, besides the registry methods, to change the graph with
        SPARQL; ``LOAD`` (and ``SERVICE``, ``USING``) is refused unless ``allow_network``.
        An update names the graphs it changes as SPARQL defines; on the memory store
        there is one graph, on the others an update without ``GRAPH`` changes the
        store's default graph.
        """
        from terve_kunta.safety import check_update

        check_update(sparql, allow_network=allow_network)
        self._store.update(sparql)
        self.refresh()

    def to_networkx(self) -> networkx.MultiDiGraph:
        """Every triple as an edge of a networkx ``MultiDiGraph`` (see :func:`terve_kunta.analysis.to_networkx`)."""
        from terve_kunta.analysis import to_networkx

        return to_networkx(self._rdf)

    def network_view(self, as_of: date | str | None = None) -> networkx.MultiDiGraph:
        """The members, regions, themes, WHO themes and SDGs as a small graph for network analysis.

        See :func:`terve_kunta.analysis.network_view`.
        """
        from terve_kunta.analysis import network_view

        return network_view(self, _as_date(as_of))

    def add_member(self, member: str, start: date | str, decision: Decision) -> Membership:
        """Record that ``member`` (a municipality or county: code, name or IRI) joins the network on ``start``.

        ``decision`` (:class:`terve_kunta.registry.Decision`) is the decision that
        supports it and becomes the provenance of the new membership. Refused with
        :class:`terve_kunta.registry.RegistryError` for an unknown place or a member
        already active then. The change is in this graph at once; save it with
        :meth:`save_registry`.
        """
        from terve_kunta.registry import add_member

        return add_member(self, member, start, decision)

    def end_membership(self, member: str, end: date | str, decision: Decision) -> Membership:
        """Record that ``member`` leaves the network on ``end`` (its last day as a member).

        Adds an end to the open membership, keeping its history; refused if there is
        no open membership or ``end`` is before its start.
        """
        from terve_kunta.registry import end_membership

        return end_membership(self, member, end, decision)

    def registry_graph(self) -> Graph:
        """The member registry (memberships, their intervals and decisions) as its own graph."""
        from terve_kunta.registry import registry_graph

        return registry_graph(self._rdf)

    def save_registry(self, path: str | Path | None = None) -> None:
        """Save the member registry as canonical Turtle to ``path``, or without one into the store.

        Both are atomic: a file is written beside the target, flushed to disk and then
        renamed over it, so an interrupted save leaves the old file; a store replaces
        the registry's named graph in one transaction.
        """
        from terve_kunta.registry import save_registry

        save_registry(self, path)
