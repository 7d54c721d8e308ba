"""The read-only view and its one cache: nothing computed from the graph outlives a change to it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

import terve_kunta as tk
from terve_kunta.data.files import load_graph
from tests.support import KUOPIO, kuopio

NEW_SECTOR = """
INSERT DATA {
  <https://w3id.org/terve-kunta/id/sector/circus> a skos:Concept ;
      skos:inScheme <https://w3id.org/terve-kunta/id/scheme/administrative-sectors> ;
      skos:notation "circus" ; skos:prefLabel "sirkus"@fi .
}
"""


def with_sectors(*sectors: str) -> dict[str, object]:
    return kuopio(steering_group={"sectors": list(sectors)})


def test_an_update_reaches_validation_on_the_same_graph(fresh_kg: tk.KnowledgeGraph) -> None:
    """The stale cache of the layout issue: a new sector was "unknown" until the graph was loaded again."""
    with pytest.raises(tk.AssessmentError, match="unknown sector 'circus'"):
        fresh_kg.validate(with_sectors("circus", "culture"))
    fresh_kg.update(NEW_SECTOR)
    report = fresh_kg.validate(with_sectors("circus", "culture"))
    assert report.criterion("cross-sectoral-steering-group").status.value == "met"


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_every_change_to_the_graph_empties_the_cache(store: str, tmp_path: Path) -> None:
    kg = tk.load(store="memory" if store == "memory" else f"oxigraph:{tmp_path / 'db'}")
    changes: list[Callable[[], object]] = [
        lambda: kg.update(NEW_SECTOR),  # a SPARQL update
        lambda: kg.add_member("Mäntyharju", "2025-02-01", tk.Decision(body="valtuusto", date=date(2025, 1, 20))),
        kg.refresh,
    ]
    for change in changes:
        kept = kg.cached("probe", object)
        assert kg.cached("probe", object) is kept
        change()
        assert kg.cached("probe", object) is not kept, change


def test_a_caller_s_change_to_rdf_reaches_the_views(fresh_kg: tk.KnowledgeGraph) -> None:
    members = fresh_kg.members(as_of="2024-06-30")
    fresh_kg.rdf.remove((None, None, tk.ID["municipality/297"]))
    assert len(fresh_kg.members(as_of="2024-06-30")) == len(members) - 1


def test_a_view_reads_any_graph_without_a_store() -> None:
    view = tk.GraphView(load_graph())
    assert len(view.members(as_of="2024-06-30")) == 52
    assert view.criterion("contact-person").slug == "contact-person"
    assert not hasattr(view, "store") and not hasattr(view, "validate")  # services belong to the facade


# ---------------------------------------------------------------------- options are checked first


def test_a_bad_option_is_refused_before_any_file_is_read(kg: tk.KnowledgeGraph, tmp_path: Path) -> None:
    missing = tmp_path / "not-there.yaml"  # reading it would be an AssessmentError
    with pytest.raises(tk.OptionError, match="engine: expected one of oxigraph, pyshacl, got 'pyshackle'"):
        kg.validate(missing, engine="pyshackle")  # type: ignore[arg-type]
    with pytest.raises(tk.OptionError, match="lang: expected one of fi, sv, en, got 'de'"):
        kg.validate(missing, lang="de")
    from terve_kunta.validation.validator import validate_many

    with pytest.raises(tk.OptionError, match="did you mean 'pyshacl'"):
        validate_many(kg, [missing, KUOPIO], engine="pyshcl")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "error", "builtin", "words"),
    [
        (lambda kg: kg.members(as_of="2024-13-45"), tk.OptionError, ValueError, "as_of: expected a date that exists"),
        (lambda kg: kg.members(as_of="31.12.2024"), tk.OptionError, ValueError, "as_of: expected a date as YYYY-MM-DD"),
        (lambda kg: kg.members(kind="town"), tk.OptionError, ValueError, "kind: expected one of municipality"),
        (lambda kg: kg.network_view(as_of="soon"), tk.OptionError, ValueError, "as_of"),
        (lambda kg: kg.criterion("nope"), tk.UnknownNameError, KeyError, "no criterion has the slug 'nope'"),
        (
            lambda kg: kg.validate(KUOPIO).criterion("joining-decison"),
            tk.UnknownNameError,
            KeyError,
            "did you mean 'joining-decision'",
        ),
        (lambda kg: kg.validate(KUOPIO).in_language("de"), tk.OptionError, ValueError, "lang"),
        (lambda kg: tk.KnowledgeGraph(), tk.TerveKuntaError, TypeError, "needs an rdflib graph or a store"),
        (lambda kg: tk.load(store="ftp://x"), tk.StoreError, tk.TerveKuntaError, "unknown store"),
    ],
)
def test_errors_are_of_one_family_and_of_the_kind_callers_expect(
    kg: tk.KnowledgeGraph, call: Callable[[tk.KnowledgeGraph], object], error: type, builtin: type, words: str
) -> None:
    with pytest.raises(error, match=words) as caught:
        call(kg)
    assert isinstance(caught.value, tk.TerveKuntaError) and isinstance(caught.value, builtin)


def test_a_report_format_is_checked(kg: tk.KnowledgeGraph) -> None:
    from terve_kunta.validation.formats import render

    with pytest.raises(tk.OptionError, match="format: expected one of text, json, markdown, turtle, got 'html'"):
        render([kg.validate(KUOPIO)], "html")
