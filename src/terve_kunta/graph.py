"""The knowledge graph of the Terve Kunta network, and the one call that loads it.

:class:`KnowledgeGraph` is the facade: a :class:`~terve_kunta.data.view.GraphView`
(the typed, cached read side) that also holds the store, and the one place that
joins the services together. It imports them when first used, so that
``import terve_kunta`` stays light.

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
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from rdflib import Graph, URIRef

from terve_kunta.data.view import GraphView
from terve_kunta.errors import RegistryError, UsageError
from terve_kunta.models import Membership
from terve_kunta.namespaces import TK_NETWORK
from terve_kunta.options import ENGINES, as_of_date, check_choice, check_language, check_timeout

if TYPE_CHECKING:
    import networkx

    from terve_kunta.registry import Change, Decision
    from terve_kunta.sparql.rows import Rows
    from terve_kunta.stores.base import Store
    from terve_kunta.validation.report import ComplianceReport
    from terve_kunta.validation.validator import AssessmentSource

__all__ = ["KnowledgeGraph", "load"]


def load(
    store: str = "memory",
    registry: str | Path | None = None,
    *,
    update_url: str | None = None,
    graph_store_url: str | None = None,
    fill: bool = True,
) -> KnowledgeGraph:
    """Load the packaged knowledge graph; by default into a new in-memory store, with no network access.

    ``store`` chooses where the graph lives (see :mod:`terve_kunta.stores`):
    ``"memory"`` (each call returns a new, independent graph),
    ``"oxigraph:PATH"`` (a database folder) or the ``http(s)`` URL of a SPARQL
    query endpoint (``update_url`` and ``graph_store_url`` default to the URLs
    derived from it). An empty Oxigraph database is filled with the packaged graph
    first (unless ``fill`` is False); an endpoint is never written here (fill one with
    ``terve-kunta load --store URL``). A store that holds the graph is used as it is.

    ``registry`` is a member-registry file (Turtle, as written by
    :meth:`KnowledgeGraph.save_registry`) read instead of the packaged one.

    >>> kg = load()
    >>> kg.network.names["fi"]
    'Terve Kunta -verkosto'
    """
    from terve_kunta.stores import open_filled, parse_store_spec

    kind, _ = parse_store_spec(store)
    if kind == "memory":
        from terve_kunta.data.files import load_graph
        from terve_kunta.registry import file_digest
        from terve_kunta.stores.memory import MemoryStore

        read = file_digest(registry) if registry is not None else None  # before it is parsed: never newer
        kg = KnowledgeGraph(store=MemoryStore(load_graph(registry)))
        if read is not None:
            kg._registry_files[read[0]] = read[1]
        return kg
    return KnowledgeGraph(store=open_filled(store, registry, update_url, graph_store_url, fill=fill))


class KnowledgeGraph(GraphView):
    """The network as a knowledge graph: a store, its rdflib graph, and typed, cached views of it.

    ``rdf`` is the rdflib graph itself (for the packaged data, the union of all its
    files): use it for SPARQL or anything else. The views (``members()``,
    ``themes()``...) are read once and cached until the graph changes; see
    :class:`~terve_kunta.data.view.GraphView`.

    ``network`` selects which network the member views describe (default: the
    Terve Kunta network); any graph in the ontology's terms works, so another WHO
    national network can be read the same way.
    """

    def __init__(
        self, rdf: Graph | None = None, network: str | URIRef = TK_NETWORK, *, store: Store | None = None
    ) -> None:
        if store is None:
            if rdf is None:
                raise UsageError("KnowledgeGraph needs an rdflib graph or a store")
            from terve_kunta.stores.memory import MemoryStore

            store = MemoryStore(rdf)
        self._store = store
        self._registry_files: dict[str, str] = {}  # registry files read or saved: their bytes' digests then
        self._registry_read: str | None = None  # the store's registry as read, before this graph changed it
        super().__init__(None, network)  # the graph is the store's, read when first needed

    @property
    def rdf(self) -> Graph:
        """The underlying rdflib graph.

        For the memory store, the graph itself. For an Oxigraph or remote store, an
        in-memory copy of the store's union graph, read when first needed and again
        after :meth:`refresh`; change such a store with :meth:`update` or the registry
        methods, not through this copy.
        """
        return self._store.snapshot()

    def __repr__(self) -> str:
        return f"<KnowledgeGraph of {self.network_iri} with {self.triple_count} triples>"

    def refresh(self) -> None:
        """Read the graph again from the store, and forget every view computed from it."""
        self._store.invalidate()
        self._registry_read = None
        super().refresh()

    # ------------------------------------------------------------------ criteria compliance

    def validate(
        self, assessment: AssessmentSource, *, lang: str = "en", engine: Literal["oxigraph", "pyshacl"] = "oxigraph"
    ) -> ComplianceReport:
        """Check one self-assessment against the joining criteria and return its compliance report.

        ``assessment`` is a file (YAML, JSON, Turtle), a mapping, a
        :class:`~terve_kunta.assessment.model.SelfAssessment` or an rdflib graph (only read).
        ``report.conforms`` is True when no shape reports a ``sh:Violation``. Input
        that cannot be read raises :class:`~terve_kunta.errors.AssessmentError`; an
        unknown ``lang`` or ``engine`` an :class:`~terve_kunta.errors.OptionError`,
        before anything is read. See :mod:`terve_kunta.validation.validator`.

        >>> report = load().validate({"municipality": "Kuopio", "assessed_on": "2025-03-01"}, lang="fi")
        >>> report.conforms, report.criterion("joining-decision").status.value
        (False, 'missing')
        """
        check_language(lang)
        check_choice("engine", engine, ENGINES)
        from terve_kunta.validation.validator import validate

        return validate(self, assessment, lang=lang, engine=engine)

    # ------------------------------------------------------------------ queries, stores, registry, analysis

    @property
    def store(self) -> Store:
        """Where the graph lives (:mod:`terve_kunta.stores`): memory, Oxigraph on disk, or an endpoint."""
        return self._store

    def query(
        self, sparql: str, /, *, allow_network: bool = False, timeout: float | None = None, **bindings: Any
    ) -> Rows | bool | Graph:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query, or a named query, in the graph's store.

        ``sparql`` is query text, or the name of a shipped query
        (:func:`terve_kunta.sparql.named.named_queries`), whose parameters are then checked
        and typed. ``bindings`` bind variables to values (``region="11"``,
        ``as_of=date(2025, 1, 1)``, an ``rdflib.URIRef``); the store binds them, the
        text is never formatted with them. SELECT gives :class:`~terve_kunta.sparql.rows.Rows`
        (``.to_dataframe()`` with the pandas extra), ASK a ``bool``, CONSTRUCT a graph.
        The package's prefixes need not be declared. A query with ``SERVICE`` or
        ``FROM`` is refused unless ``allow_network`` (see :mod:`terve_kunta.sparql.safety`).
        A query still running after ``timeout`` seconds is stopped and raises
        :class:`~terve_kunta.errors.QueryTimeout`; Ctrl-C stops a running query at once.
        (``allow_network`` and ``timeout`` are therefore not variable names you can bind.)

        >>> kg = load()
        >>> rows = kg.query("members-by-region", region_code="11", as_of="2024-06-30")
        >>> [r.name_fi for r in rows]
        ['Iisalmi', 'Kuopio', 'Pohjois-Savon hyvinvointialue', 'Siilinjärvi']
        >>> kg.query("ASK { ?m tk:region ?r ; dct:identifier ?code }", code="297")
        True
        """
        limit = check_timeout(timeout)
        return self._store.query(sparql, bindings, allow_network=allow_network, timeout=limit)

    def update(self, sparql: str, /, *, allow_network: bool = False) -> None:
        """Run a SPARQL update in the store, then :meth:`refresh` the views.

        This is the one way, besides the registry methods, to change the graph with
        SPARQL; ``LOAD`` (and ``SERVICE``, ``USING``) is refused unless ``allow_network``.
        An update names the graphs it changes as SPARQL defines; on the memory store
        there is one graph, on the others an update without ``GRAPH`` changes the
        store's default graph.
        """
        from terve_kunta.sparql.safety import check_update

        self._store.update(check_update(sparql, allow_network=allow_network))
        self.refresh()

    def export(self, format: str = "turtle", profile: str = "public", as_of: date | str | None = None) -> str:
        """The graph as text in ``format``, in ``profile``, carrying its own DCAT-AP, VoID and PROV description.

        ``format``: ``turtle``, ``json-ld`` (the package's context embedded), ``nt``,
        ``nq`` and ``trig`` (each packaged file in its named graph), ``xml``, or ``csv``
        (the members, with a byte-order mark). ``profile``: ``public`` (everything but
        personal data), ``who`` (what the WHO European Healthy Cities Network office
        needs; framed JSON-LD) or ``full`` (personal data included: only when asked
        for by name). With ``as_of``, only the memberships that hold that day (the
        ``who`` profile and CSV: default today). A bad option raises
        :class:`~terve_kunta.errors.OptionError` before anything is read. See
        :mod:`terve_kunta.export`.

        >>> kg = load()
        >>> print(kg.export(format="csv", as_of="2024-06-30").splitlines()[1][:40])
        049,municipality,Espoo,Esbo,,01,Uusimaa,
        """
        from terve_kunta.export.serialize import check_options, export

        check_options(format, profile, as_of)
        return export(self, self._store, format=format, profile=profile, as_of=as_of)

    def to_networkx(self) -> networkx.MultiDiGraph:
        """Every triple as an edge of a networkx ``MultiDiGraph`` (see :func:`terve_kunta.analysis.to_networkx`)."""
        from terve_kunta.analysis import to_networkx

        return to_networkx(self.rdf)

    def network_view(self, as_of: date | str | None = None) -> networkx.MultiDiGraph:
        """The members, regions, themes, WHO themes and SDGs as a small graph for network analysis.

        See :func:`terve_kunta.analysis.network_view`.
        """
        day = as_of_date(as_of)
        from terve_kunta.analysis import network_view

        return network_view(self, day)

    # ------------------------------------------------------------------ the member registry

    def _apply(self, change: Change) -> Membership:
        if self._store.persistent and self._registry_read is None:  # what save_registry() compares the store with
            from terve_kunta.registry import registry_digest, registry_graph

            self._registry_read = registry_digest(registry_graph(self.rdf))
        self.rdf.addN((s, p, o, self.rdf) for s, p, o in change.triples)
        GraphView.refresh(self)  # the views, not the store's copy that now holds the change
        return next(m for m in self.memberships()[change.member] if m.iri == change.membership)

    def add_member(self, member: str, start: date | str, decision: Decision) -> Membership:
        """Record that ``member`` (a municipality or county: code, name or IRI) joins the network on ``start``.

        ``decision`` (:class:`terve_kunta.registry.Decision`) is the decision that
        supports it and becomes the provenance of the new membership. Refused with
        :class:`~terve_kunta.errors.RegistryError` for an unknown place or a member
        already active then. The change is in this graph at once; save it with
        :meth:`save_registry`.
        """
        from terve_kunta.registry import plan_join

        return self._apply(plan_join(self, member, start, decision))

    def end_membership(self, member: str, end: date | str, decision: Decision) -> Membership:
        """Record that ``member`` leaves the network on ``end`` (its last day as a member).

        Adds an end to the open membership, keeping its history; refused if there is
        no open membership or ``end`` is before its start.
        """
        from terve_kunta.registry import plan_leave

        return self._apply(plan_leave(self, member, end, decision))

    def registry_graph(self) -> Graph:
        """The member registry (memberships, their intervals and decisions) as its own graph."""
        from terve_kunta.registry import registry_graph

        return registry_graph(self.rdf)

    def save_registry(self, path: str | Path | None = None) -> None:
        """Save the member registry as canonical Turtle to ``path``, or without one into the store.

        Both are atomic: a file is written beside the target, flushed to disk and then
        renamed over it, so an interrupted save leaves the old file; a store replaces
        the registry's named graph in one transaction.

        Neither loses another writer's change. A file that this graph read (or saved)
        and that has changed since is refused (:class:`~terve_kunta.errors.RegistryError`),
        checked under the file's lock (:func:`terve_kunta.registry.registry_lock`); a
        symlink's target is saved, with its mode, owner and group. A store's registry
        that has changed since this graph read it is refused too; the check comes just
        before the registry is replaced, and a remote store offers no lock, so a writer
        that replaces it between the two is not seen.
        """
        from terve_kunta.data.files import REGISTRY_GRAPH
        from terve_kunta.registry import registry_digest, registry_graph, registry_turtle, save_registry_file

        text = registry_turtle(self)
        if path is not None:
            save_registry_file(path, text, self._registry_files)
            return
        if self._store.persistent:
            read = self._registry_read or registry_digest(registry_graph(self.rdf))
            now = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {})
            if not isinstance(now, Graph) or registry_digest(registry_graph(now)) != read:
                raise RegistryError(
                    f"the {self._store.kind} store's registry has changed since this graph read it (another writer "
                    "saved it); nothing was saved: refresh() or load again, and make the change again"
                )
        self._store.put_graph(REGISTRY_GRAPH, text)
        self.refresh()
