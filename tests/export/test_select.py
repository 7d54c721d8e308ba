"""The choices of an export: its formats (export/formats.py), its options, and what each profile selects.

``test_profiles.py`` and ``test_formats.py`` check written exports end to end; here the
decisions themselves, cheaply: which formats hold quads or RDF at all, which options are
refused, and which triples ``public``, ``full`` and ``who`` let leave (with a day, the
memberships that do not hold on it stay behind, with their intervals).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from rdflib import BNode, Literal, URIRef

import terve_kunta as tk
from terve_kunta.export.formats import FORMATS, PROFILES, RDF_FORMATS, Format
from terve_kunta.export.graphs import StoreData, store_data
from terve_kunta.export.profiles import select
from terve_kunta.export.serialize import check_options
from terve_kunta.export.who import who_selection
from terve_kunta.namespaces import ID, ORG, RDF, SCHEMA, TIME, TK

PERSON = ID["person/maija"]
KUOPIO_TK, TUUSULA_TK = ID["membership/terve-kunta/municipality/297/1"], ID["membership/terve-kunta/municipality/858/1"]
KUOPIO_WHO = ID["membership/who-european-healthy-cities/municipality/297/1"]
HELSINKI_WHO = ID["membership/who-european-healthy-cities/municipality/091/1"]


# ---------------------------------------------------------------------- formats and options


def test_each_format_says_how_it_is_written_and_described() -> None:
    assert list(FORMATS) == ["turtle", "json-ld", "nt", "nq", "trig", "xml", "csv"]
    assert [f for f, fmt in FORMATS.items() if fmt.quads] == ["nq", "trig"]  # they keep the named graphs
    assert RDF_FORMATS == ("turtle", "json-ld", "nt", "nq", "trig", "xml")  # all but csv hold RDF
    turtle = FORMATS["turtle"]
    assert turtle.media_type_iri == "http://www.iana.org/assignments/media-types/text/turtle"
    assert turtle.file_type_iri == "http://publications.europa.eu/resource/authority/file-type/RDF_TURTLE"
    assert (FORMATS["json-ld"].oxigraph, FORMATS["csv"].oxigraph) == (None, None)  # written here


def test_a_format_holds_rdf_in_triples_written_here_unless_it_says_otherwise() -> None:
    plain = Format("x", "x", "text/x", "X", "X")
    assert (plain.oxigraph, plain.quads, plain.rdf) == (None, False, True)


def test_the_options_of_an_export_are_checked_first() -> None:
    assert check_options("turtle", "public", None) is None
    assert check_options("csv", "who", "2024-06-30") == date(2024, 6, 30)
    assert check_options("nq", "full", date(2024, 6, 30)) == date(2024, 6, 30)
    with pytest.raises(tk.OptionError, match=r"^format: expected one of turtle, json-ld, nt, nq, trig, xml, csv"):
        check_options("yaml", "public", None)
    with pytest.raises(tk.OptionError, match=r"^profile: expected one of public, who, full, got 'private'"):
        check_options("turtle", "private", None)
    with pytest.raises(tk.OptionError, match=r"^as_of: "):
        check_options("turtle", "public", "30.6.2024")
    assert PROFILES == ("public", "who", "full")


# ---------------------------------------------------------------------- profiles


@pytest.fixture(scope="module")
def people() -> Iterator[tuple[tk.KnowledgeGraph, StoreData]]:
    """The packaged graph with a person, her address, links to her and contacts (a graph of this module's own)."""
    kg = tk.load()
    address = BNode()
    for triple in [
        (PERSON, RDF.type, SCHEMA.Person),
        (PERSON, SCHEMA.name, Literal("Maija Meikäläinen")),
        (PERSON, SCHEMA.address, address),
        (address, SCHEMA.streetAddress, Literal("Testikatu 1")),
        (ID["municipality/297"], SCHEMA.employee, PERSON),
        (ID["municipality/297"], SCHEMA.email, Literal("kirjaamo@example.org")),
        (ID["municipality/297"], SCHEMA.telephone, URIRef("tel:+358401234567")),  # a value that is a node
    ]:
        kg.rdf.add(triple)
    kg.refresh()
    yield kg, store_data(kg.store)


def test_public_leaves_the_people_behind_and_keeps_the_rest(people: tuple[tk.KnowledgeGraph, StoreData]) -> None:
    kg, data = people
    public = select(kg, data, "public", None)
    kept = set(public.triples())
    terms = {t for triple in kept for t in triple}
    assert PERSON not in terms and Literal("Testikatu 1") not in terms
    assert (ID["municipality/297"], SCHEMA.email, Literal("kirjaamo@example.org")) not in kept  # a marked property
    assert URIRef("tel:+358401234567") not in terms
    assert len(kept) == len(data.union) - 7  # only the people's triples
    assert public.members == set()


def test_full_keeps_everything(people: tuple[tk.KnowledgeGraph, StoreData]) -> None:
    kg, data = people
    assert set(select(kg, data, "full", None).triples()) == set(data.union)


def test_public_without_people_is_the_whole_graph(kg: tk.KnowledgeGraph) -> None:
    data = store_data(kg.store)
    public = select(kg, data, "public", None)
    assert public.left_out == set() and public.removed == {}
    assert len(list(public.triples())) == len(data.union)


def test_who_is_the_who_selection_of_the_day_or_of_today(kg: tk.KnowledgeGraph) -> None:
    data = store_data(kg.store)
    day = date(2010, 1, 1)
    assert set(select(kg, data, "who", day).triples()) == set(who_selection(kg, data, day).triples())
    assert select(kg, data, "who", day).members == {ID["municipality/297"], ID["municipality/071"]}  # Kuopio, Haapavesi
    assert select(kg, data, "who", None).members == {URIRef(m.iri) for m in kg.members()}  # today's


@pytest.mark.parametrize("profile", ["public", "full"])
def test_with_a_day_the_memberships_that_do_not_hold_on_it_stay_behind(kg: tk.KnowledgeGraph, profile: str) -> None:
    data = store_data(kg.store)
    kept = set(select(kg, data, profile, date(2010, 1, 1)).triples())
    subjects = {s for s, _, _ in kept}
    assert {KUOPIO_TK, KUOPIO_WHO} <= subjects  # from 2000, and WHO-designated from 2005
    assert not {TUUSULA_TK, HELSINKI_WHO} & subjects  # in any network
    assert not {TUUSULA_TK, HELSINKI_WHO} & {o for _, _, o in kept}
    interval = data.union.value(TUUSULA_TK, ORG.memberDuring)
    inside = data.union.value(interval, TIME.inside)
    assert isinstance(interval, BNode) and isinstance(inside, BNode)
    assert not {interval, inside} & subjects  # with what is reached through its blank nodes
    assert (ID["municipality/858"], RDF.type, TK.Municipality) in kept  # the municipality itself stays
    kuopio_interval = data.union.value(KUOPIO_TK, ORG.memberDuring)
    assert kuopio_interval in subjects
    assert PERSON not in subjects
