"""An rdflib graph that parses each SPARQL query text once: the data graph given to pySHACL.

pySHACL runs a SHACL-SPARQL constraint by calling ``graph.query(text, initBindings=...)``, once
for each focus node, and rdflib parses the text anew each time: most of the time of a pySHACL
run over the criteria shapes (docs: MEASURED.md). A query parsed and translated once (what
``prepareQuery`` does) and evaluated with other bindings is rdflib's own way to run one query
many times; this graph does that for the texts it is asked, with the prefixes rdflib would use.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rdflib import Graph

__all__ = ["PreparingGraph"]


@lru_cache(maxsize=256)
def _prepared(text: str, namespaces: tuple[tuple[str, str], ...], base: str | None) -> Any:
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    return translateQuery(parseQuery(text), base, dict(namespaces))


class PreparingGraph(Graph):
    """An in-memory graph whose ``query()`` parses a given SPARQL text only the first time.

    >>> from rdflib import URIRef
    >>> graph = PreparingGraph().parse(data="<urn:a> <urn:n> 1 . <urn:b> <urn:n> 2 .", format="turtle")
    >>> def n_of(s): return [int(r.n) for r in graph.query("SELECT ?n {?s <urn:n> ?n}", initBindings={"s": URIRef(s)})]
    >>> n_of("urn:a"), n_of("urn:b")
    ([1], [2])
    """

    def query(
        self,
        query_object: Any,
        processor: Any = "sparql",
        result: Any = "sparql",
        initNs: Any = None,  # rdflib's names
        initBindings: Any = None,
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Any:
        """Run the query as :meth:`rdflib.Graph.query` does, parsing a text once per text, prefixes and base."""
        if isinstance(query_object, str) and processor == "sparql":
            namespaces = initNs or dict(self.namespaces())  # what rdflib parses the text with
            key = tuple(sorted((str(prefix), str(iri)) for prefix, iri in namespaces.items()))
            query_object = _prepared(query_object, key, kwargs.get("base"))
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)
