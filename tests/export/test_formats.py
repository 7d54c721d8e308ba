"""Every format of every profile reads back as the same triples; quad formats keep the per-file named graphs."""

from __future__ import annotations

import csv
import io
import json
import warnings
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef

import terve_kunta as tk
from terve_kunta.data.files import data_files, read_graph
from terve_kunta.export.formats import FORMATS, RDF_FORMATS
from terve_kunta.export.graphs import DESCRIPTION_GRAPH
from terve_kunta.export.jsonld import context
from terve_kunta.export.serialize import Export
from terve_kunta.namespaces import PREFIXES
from terve_kunta.rdf.terms import to_oxigraph

RDFLIB = {"turtle": "turtle", "nt": "nt", "xml": "xml", "nq": "nquads", "trig": "trig"}


def canonical(quads: Any) -> set[Any]:
    """The quads with blank nodes named by RDFC-1.0 (Oxigraph), so that two equal graphs give equal sets."""
    dataset = ox.Dataset()
    for s, p, o, g in quads:
        graph = ox.DefaultGraph() if g is None else ox.NamedNode(str(g))
        dataset.add(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


def expected(data: Export, keep_graphs: bool) -> set[Any]:
    key = (data.profile, keep_graphs)
    if key not in _EXPECTED:
        quads = data.quads() if keep_graphs else [(s, p, o, None) for s, p, o in data.triples()]
        _EXPECTED[key] = canonical(quads)
    return _EXPECTED[key]


def parse_dataset(text: str, fmt: str) -> Dataset:
    dataset = Dataset()
    with warnings.catch_warnings():  # rdflib 7.6's Dataset.parse warns about its own default_context
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.parse(data=text, format=fmt)
    return dataset


def read_back(text: str, fmt: str) -> list[tuple[Any, Any, Any, Any]]:
    """Parse with rdflib (not with Oxigraph, which writes Turtle, TriG and RDF/XML)."""
    if FORMATS[fmt].quads:
        dataset = parse_dataset(text, RDFLIB[fmt])
        return [(s, p, o, None if g == dataset.default_graph.identifier else g) for s, p, o, g in dataset.quads()]
    graph = Graph().parse(data=text, format=RDFLIB[fmt])
    return [(s, p, o, None) for s, p, o in graph]


OXIGRAPH = {
    "turtle": "TURTLE",
    "nt": "N_TRIPLES",
    "nq": "N_QUADS",
    "trig": "TRIG",
    "xml": "RDF_XML",
    "json-ld": "JSON_LD",
}


def oxigraph_read_back(text: str, fmt: str) -> set[Any]:
    """Parse with Oxigraph (it fetches no JSON-LD context), canonically named blank nodes."""
    dataset = ox.Dataset(ox.parse(text, format=getattr(ox.RdfFormat, OXIGRAPH[fmt])))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


#: The who profile is read back by rdflib, independently of Oxigraph (which writes Turtle, TriG and
#: RDF/XML); public and full, six times bigger, by Oxigraph's parsers (fast): the N-Triples, N-Quads
#: and JSON-LD it reads are written here, not by Oxigraph.
CASES = [("who", f, "rdflib") for f in RDF_FORMATS if f != "json-ld"]
CASES += [("public", f, "oxigraph") for f in RDF_FORMATS] + [("full", "nq", "oxigraph")]
_EXPECTED: dict[tuple[str, bool], set[Any]] = {}


@pytest.mark.parametrize(("profile", "fmt", "reader"), CASES)
def test_every_rdf_format_reads_back_as_the_export(
    prepared: dict[str, Export], texts: dict[tuple[str, str], str], profile: str, fmt: str, reader: str
) -> None:
    text = texts[profile, fmt]
    found = canonical(read_back(text, fmt)) if reader == "rdflib" else oxigraph_read_back(text, fmt)
    assert found == expected(prepared[profile], FORMATS[fmt].quads)


def no_fetching(url: str, options: Any = None) -> Any:
    raise AssertionError(f"the JSON-LD processor tried to fetch {url}")


def test_json_ld_reads_back_with_pyld_offline(prepared: dict[str, Export], texts: dict[tuple[str, str], str]) -> None:
    from pyld import jsonld

    document = json.loads(texts["who", "json-ld"])
    assert document["@context"] == context()  # embedded, not a link
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": no_fetching})
    graph = Graph().parse(data=nquads, format="nt")
    assert canonical((s, p, o, None) for s, p, o in graph) == expected(prepared["who"], False)
    assert json.loads(texts["public", "json-ld"])["@context"] == context()


def test_quad_formats_keep_each_packaged_file_in_its_named_graph(texts: dict[tuple[str, str], str]) -> None:
    files = [f for f in data_files() if f.role != "shapes"]
    exported = ox.Dataset(ox.parse(texts["public", "nq"], format=ox.RdfFormat.N_QUADS))
    graphs = {q.graph_name for q in exported if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert graphs == {ox.NamedNode(str(f.graph)) for f in files} | {ox.NamedNode(str(DESCRIPTION_GRAPH))}
    description = ox.NamedNode(str(DESCRIPTION_GRAPH))
    data = ox.Dataset(q for q in exported if q.graph_name != description)
    data.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    packaged = canonical((s, p, o, f.graph) for f in files for s, p, o in read_graph(f.path))
    assert set(data) == packaged  # each file's triples, all in its graph, nothing in the default graph


def test_the_context_binds_the_package_prefixes_and_readable_keys() -> None:
    ctx = context()
    for prefix, namespace in PREFIXES.items():
        assert ctx[prefix] == namespace or isinstance(ctx[prefix], dict), prefix  # a few names are property keys
    assert ctx["prefLabel"] == {"@id": "skos:prefLabel", "@container": "@language"}
    assert ctx["memberships"]["@reverse"] == "org:member"


def test_turtle_uses_the_package_prefixes(texts: dict[tuple[str, str], str]) -> None:
    text = texts["public", "turtle"]
    assert "PREFIX tkid: <https://w3id.org/terve-kunta/id/>" in text or "@prefix tkid:" in text
    assert "municipality:297" in text


def test_csv_lists_the_members_with_a_bom(kg: tk.KnowledgeGraph, texts: dict[tuple[str, str], str]) -> None:
    raw = texts["public", "csv"].encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    members = kg.members()
    assert [r["code"] for r in rows] == [m.code for m in members]
    kuopio = next(r for r in rows if r["code"] == "297")
    assert kuopio["who_designated"] == "true" and kuopio["who_designated_since"] == "2005"
    assert kuopio["wellbeing_services_county_fi"] == "Pohjois-Savon hyvinvointialue"
    assert {r["name_fi"] for r in rows} >= {"Järvenpää", "Pyhäntä", "Kokemäki"}


@pytest.mark.parametrize("day", ["1995-12-31", "2005-06-01", "2024-05-31", "2024-06-30"])
def test_as_of_leaves_out_memberships_that_do_not_hold(kg: tk.KnowledgeGraph, day: str) -> None:
    """The memberships of the network in an export on a day are exactly those active on it."""
    from datetime import date

    text = kg.export(format="nt", as_of=day)
    prefix = "<https://w3id.org/terve-kunta/id/membership/terve-kunta/"
    written = {line.split()[0][1:-1] for line in text.splitlines() if line.startswith(prefix)}
    every = [m for held in kg.memberships().values() for m in held]
    active = {m.iri for m in every if m.is_active(date.fromisoformat(day))}
    assert written == active
    assert kg.export(format="csv", as_of=day).count("\n") == len(kg.members(as_of=day)) + 1  # and a header


def test_the_days_of_the_as_of_test_tell_apart_what_they_should(kg: tk.KnowledgeGraph) -> None:
    counts = [len(kg.members(as_of=day)) for day in ("1995-12-31", "2005-06-01", "2024-05-31", "2024-06-30")]
    assert counts[0] == 0 and 0 < counts[1] < counts[2] < counts[3] == 52


@pytest.mark.parametrize("loaded_kg", ["oxigraph"], indirect=True)
def test_export_from_an_oxigraph_store_keeps_its_named_graphs(
    loaded_kg: tk.KnowledgeGraph, texts: dict[tuple[str, str], str]
) -> None:
    text = loaded_kg.export(format="nq")
    graphs = {line.rsplit(" ", 2)[-2] for line in text.splitlines() if line.count("> ") >= 3}
    assert f"<{URIRef(str(DESCRIPTION_GRAPH))}>" in graphs
    assert "<https://w3id.org/terve-kunta/graph/data/memberships>" in graphs
    assert len(text.splitlines()) == len(texts["public", "nq"].splitlines())
