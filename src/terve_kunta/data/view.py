"""A read-only view of the knowledge graph, with the one cache of what is computed from it.

:class:`GraphView` is what every service takes (validation, the registry, the
networkx views, exports): it reads typed models out of an rdflib graph and keeps
them in one cache. The cache belongs to the graph's current state: any change to
the graph (an update, a registry change, a caller's ``view.rdf.add(...)`` on a
graph from :func:`terve_kunta.load`) empties it, and so does :meth:`refresh`.
:class:`terve_kunta.KnowledgeGraph` is a GraphView that also holds a store.

>>> from terve_kunta.data.files import load_graph
>>> view = GraphView(load_graph())
>>> len(view.members(as_of="2024-06-30")), view.member("Kuopio").who_designated
(52, True)
>>> view.cached("answer", lambda: 42), view.cached("answer", lambda: 0)
(42, 42)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from rdflib import Graph, URIRef

from terve_kunta.data import _concepts, readers
from terve_kunta.data._places import (
    Places,
    build_member,
    find_member_iri,
    find_municipality,
    finnish_sort_key,
    name_index,
    read_places,
)
from terve_kunta.data.files import TrackedMemory
from terve_kunta.data.lookup import NameIndex
from terve_kunta.errors import UnknownNameError
from terve_kunta.models import (
    SDG,
    Activity,
    Criterion,
    CriterionHeading,
    HostedEvent,
    Member,
    MemberKind,
    Membership,
    MembershipCounts,
    Municipality,
    Network,
    Region,
    StatedMemberCount,
    Theme,
    WellbeingServicesCounty,
)
from terve_kunta.namespaces import ID, TK, TK_NETWORK
from terve_kunta.options import as_of_date, check_choice

__all__ = ["MEMBER_KINDS", "WHO_NETWORK", "GraphView"]

T = TypeVar("T")

#: The WHO European Healthy Cities Network, whose memberships are the WHO designations.
WHO_NETWORK = ID["network/who-european-healthy-cities"]
#: The kinds of member, as ``members(kind=...)`` and ``--kind`` take them.
MEMBER_KINDS: tuple[str, ...] = tuple(k.value for k in MemberKind)


class GraphView:
    """Typed, cached, read-only views of an RDF graph in the ontology's terms.

    ``network`` selects which network the member views describe (default: the
    Terve Kunta network); any graph in the ontology's terms works, so another WHO
    national network can be read the same way. A graph whose changes are not
    counted (one the caller built with ``rdflib.Graph()``) keeps its cache until
    :meth:`refresh`.
    """

    def __init__(self, rdf: Graph | None, network: str | URIRef = TK_NETWORK) -> None:
        self._graph = rdf  # None: a subclass gives ``rdf`` itself
        self.network_iri = URIRef(str(network))
        self._cache: dict[str, Any] = {}
        self._cache_state: tuple[Graph | None, int | None] = (None, None)

    @property
    def rdf(self) -> Graph:
        """The rdflib graph the views read from."""
        assert self._graph is not None
        return self._graph

    @property
    def triple_count(self) -> int:
        """Number of distinct triples in the graph."""
        return len(self.rdf)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self.network_iri} with {self.triple_count} triples>"

    # ------------------------------------------------------------------ the cache

    def cached(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, computed once for the graph's current state and kept under ``key``.

        Services keep what they derive from the graph here (the validation keeps the
        vocabulary it resolves names in), so that a change to the graph reaches them.
        """
        graph = self.rdf
        store = graph.store
        state = (graph, store.version if isinstance(store, TrackedMemory) else None)
        if state[0] is not self._cache_state[0] or state[1] != self._cache_state[1]:
            self._cache.clear()
            self._cache_state = state
        if key not in self._cache:
            self._cache[key] = compute()
        value: T = self._cache[key]
        return value

    def refresh(self) -> None:
        """Forget everything computed from the graph, so that it is read again."""
        self._cache.clear()
        self._cache_state = (None, None)

    # ------------------------------------------------------------------ places

    def _places(self) -> Places:
        return self.cached("places", lambda: read_places(self.rdf))

    def _names(self) -> NameIndex:
        return self.cached("names", lambda: name_index(self.rdf, self._places()))

    def regions(self) -> list[Region]:
        """All regions (maakunnat), by code."""
        return sorted(self._places().regions.values(), key=lambda r: r.code)

    def wellbeing_services_counties(self) -> list[WellbeingServicesCounty]:
        """All wellbeing services counties, by code."""
        return sorted(self._places().counties.values(), key=lambda c: c.code)

    def municipalities(self, year: int | None = None) -> list[Municipality]:
        """All municipalities, by code; with ``year``, those in that year's classification.

        >>> import terve_kunta as tk
        >>> kg = tk.load()
        >>> len(kg.municipalities(2024)), len(kg.municipalities(2025))
        (309, 308)
        """
        found = [m for m in self._places().municipalities.values() if year is None or year in m.classification_years]
        return sorted(found, key=lambda m: m.code)

    def municipality(self, key: str | int) -> Municipality:
        """Any Finnish municipality, by code (``"091"``, ``91``), Finnish or Swedish name, or IRI.

        >>> import terve_kunta as tk
        >>> tk.load().municipality("Helsingfors").code
        '091'
        """
        return find_municipality(self._places(), self._names(), key)

    # ------------------------------------------------------------------ members

    @property
    def network(self) -> Network:
        """The network that this graph's member views describe."""
        return self.cached("network", lambda: readers.network(self.rdf, self.network_iri))

    def memberships(self, network: str | URIRef | None = None) -> dict[str, list[Membership]]:
        """Every membership in ``network`` (default: this view's network), grouped by member IRI."""
        iri = URIRef(str(network)) if network is not None else self.network_iri
        return self.cached(f"memberships {iri}", lambda: readers.memberships_of_network(self.rdf, iri))

    def _who(self) -> dict[str, list[Membership]]:
        return self.memberships(WHO_NETWORK) if self.network_iri != WHO_NETWORK else {}

    def members(self, kind: MemberKind | str | None = None, as_of: date | str | None = None) -> list[Member]:
        """Members of the network on the date ``as_of`` (default: today), optionally of one kind.

        Only the members known to be members on the day: a membership counts from its
        start date, or, when the sources give none, from the first day of the earliest
        day, month or year in which a source attests it (June 2024 for most members of
        the 6/2024 list); it counts up to and including its end date, and without one it
        continues. :meth:`member_counts` also says how many more might have been members.
        Members are sorted by kind, then Finnish name. ``kind`` and ``as_of`` are checked
        first: a bad one raises :class:`~terve_kunta.errors.OptionError`.

        >>> import terve_kunta as tk
        >>> kg = tk.load()
        >>> [len(kg.members(kind=k)) for k in ("municipality", "wellbeing_services_county")]
        [50, 2]
        >>> [m.name_fi for m in kg.members(as_of="2010-01-01")]
        ['Haapavesi', 'Kuopio']
        """
        day = as_of_date(as_of)
        wanted = self._kind(kind)
        who = self._who()
        objects = readers.Statements(self.rdf)  # one lookup for all members
        found = []
        for iri, memberships in self.memberships().items():
            if not any(m.is_active(day) for m in memberships):
                continue
            member = build_member(objects, self._places(), iri, memberships, who, day)
            if wanted is None or member.kind == wanted:
                found.append(member)
        return sorted(found, key=lambda m: (list(MemberKind).index(m.kind), finnish_sort_key(m.name_fi)))

    @staticmethod
    def _kind(kind: MemberKind | str | None) -> MemberKind | None:
        return MemberKind(check_choice("kind", str(kind), MEMBER_KINDS)) if kind is not None else None

    def member_counts(self, as_of: date | str | None = None, kind: MemberKind | str | None = None) -> MembershipCounts:
        """How many members the network had on ``as_of`` (default: today): known, and possibly more.

        ``known`` is the number of members that :meth:`members` lists for the day;
        ``possible`` the members whom a source attests only later and whose start is
        unknown, so that they might already have been members (none before the network
        was founded, and none before a day after which a source shows the membership
        began). Options are checked as in :meth:`members`.

        >>> import terve_kunta as tk
        >>> kg = tk.load()
        >>> kg.member_counts(as_of="2024-06-30")
        MembershipCounts(day=datetime.date(2024, 6, 30), known=52, possible=0)
        >>> counts = kg.member_counts(as_of="2010-01-01")
        >>> counts.known, counts.possible
        (2, 48)
        """
        day = as_of_date(as_of)
        wanted = self._kind(kind)
        founded = self.network.founded
        not_before = date(founded, 1, 1) if founded is not None else None
        known = possible = 0
        for iri, memberships in self.memberships().items():
            if wanted is not None and readers.member_kind(self.rdf, URIRef(iri)) != wanted:
                continue
            if any(m.is_active(day) for m in memberships):
                known += 1
            elif any(m.might_be_active(day, not_before) for m in memberships):
                possible += 1
        return MembershipCounts(day=day, known=known, possible=possible)

    def stated_member_counts(self) -> list[StatedMemberCount]:
        """The counts of the network's members that sources state (with or without names), by date.

        >>> import terve_kunta as tk
        >>> [(c.day, c.total) for c in tk.load().stated_member_counts()]
        [('2020-11', 37), ('2024-06', 52)]
        """
        return self.cached("stated counts", lambda: readers.stated_member_counts(self.rdf, self.network_iri))

    def member(self, key: str) -> Member:
        """One member (present or past), by code (``"297"``, county ``"13"``), name or IRI.

        Raises :class:`~terve_kunta.errors.UnknownNameError` (with suggestions) if
        nothing matches, also for a municipality that is not a member, and
        :class:`~terve_kunta.errors.AmbiguousNameError` if a name fits several members.

        >>> import terve_kunta as tk
        >>> kg = tk.load()
        >>> kg.member("Kainuu").name_fi
        'Kainuun hyvinvointialue'
        >>> kg.member("Pertunmaa")
        Traceback (most recent call last):
        ...
        terve_kunta.errors.UnknownNameError: Pertunmaa (588) is a Finnish municipality but not a member of ...
        """
        members = self.memberships()
        iri = find_member_iri(self.rdf, self._places(), self._names(), members, self.network, key)
        statements = readers.Statements(self.rdf, indexed=False)  # one member: the graph is asked directly
        return build_member(statements, self._places(), iri, members[iri], self._who(), date.today())

    # ------------------------------------------------------------------ concepts

    def themes(self) -> list[Theme]:
        """The network's themes (2021-2025), each followed by its sub-themes, with their mappings."""
        scheme = self.rdf.value(self.network_iri, TK.themeScheme)
        return _concepts.themes(self.rdf, scheme) if isinstance(scheme, URIRef) else []

    def who_themes(self) -> list[Theme]:
        """The themes of Phase VII of the WHO European Healthy Cities Network (the six Ps)."""
        return _concepts.themes(self.rdf, ID["scheme/who-phase-vii-themes"])

    def criteria(self) -> list[Criterion]:
        """The network's joining criteria (14 for Terve Kunta), in their stated order.

        >>> import terve_kunta as tk
        >>> [(c.slug, c.group) for c in tk.load().criteria()][:3]
        [('top-management-responsibility', 'member-commitment'), ('joining-decision', 'member-commitment'), \
('network-tasks-commitment', 'municipality-commits')]
        """

        def read() -> list[Criterion]:
            scheme = self.rdf.value(self.network_iri, TK.criteriaScheme)
            return _concepts.criteria(self.rdf, scheme) if isinstance(scheme, URIRef) else []

        return list(self.cached("criteria", read))

    def criterion_headings(self) -> list[CriterionHeading]:
        """The headings the criteria are listed under, in the order of the slides, each with its criteria.

        >>> import terve_kunta as tk
        >>> [(h.labels["fi"], len(h.criteria)) for h in tk.load().criterion_headings()][:2]
        [('Jäsenkunnan sitoutuminen Terve Kunta -verkostoon', 2), ('Kunta sitoutuu', 2)]
        """

        def read() -> list[CriterionHeading]:
            scheme = self.rdf.value(self.network_iri, TK.criteriaScheme)
            return _concepts.criterion_headings(self.rdf, scheme) if isinstance(scheme, URIRef) else []

        return list(self.cached("criterion headings", read))

    def criterion(self, slug: str) -> Criterion:
        """One criterion by its slug (e.g. ``"joining-decision"``) or IRI.

        >>> import terve_kunta as tk
        >>> tk.load().criterion("joining-decison")
        Traceback (most recent call last):
        ...
        terve_kunta.errors.UnknownNameError: no criterion has the slug 'joining-decison'; did you mean ...?
        """
        criteria = self.criteria()
        for criterion in criteria:
            if slug in (criterion.slug, criterion.iri):
                return criterion
        slugs = NameIndex({c.slug: [c.slug] for c in criteria})
        raise UnknownNameError(f"no criterion has the slug {slug!r}", slugs.suggest(slug))

    def sdgs(self, include_targets: bool = False) -> list[SDG]:
        """The 17 SDGs, in order; with ``include_targets``, also the targets the themes map to.

        >>> import terve_kunta as tk
        >>> tk.load().sdgs()[2].short_title
        'Good health and well-being'
        """
        return [s for s in _concepts.sdgs(self.rdf) if include_targets or s.kind == "goal"]

    def network_days(self) -> list[HostedEvent]:
        """The network days by year, with their hosts (host rotation).

        >>> import terve_kunta as tk
        >>> [(e.year, e.host_name_fi) for e in tk.load().network_days()]
        [(2024, 'Pori'), (2025, 'Järvenpää')]
        """
        return _concepts.hosted_events(self.rdf, self._places().municipalities)

    def activities(self) -> list[Activity]:
        """The network's activities in the order of the source."""
        return _concepts.activities(self.rdf, self.network_iri)
