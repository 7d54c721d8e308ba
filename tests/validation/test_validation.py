"""Criteria compliance through the API: every example, every criterion, every language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.query import ResultRow

import terve_kunta as tk
from terve_kunta.assessment.files import read_assessment
from terve_kunta.validation.shapes import criteria_shapes
from terve_kunta.validation.validator import validate_many
from tests.support import COUNTY, CRITERIA_SLUGS, EXAMPLES, FAILING, KUOPIO, LANGS, expected, kuopio


def test_every_criterion_has_a_failing_example() -> None:
    assert {expected(p)[0] for p in FAILING} == set(CRITERIA_SLUGS)


@pytest.mark.parametrize("path", [KUOPIO, COUNTY, KUOPIO.with_suffix(".json"), KUOPIO.with_suffix(".ttl")])
@pytest.mark.parametrize("lang", LANGS)
def test_compliant_examples_conform(kg: tk.KnowledgeGraph, path: Path, lang: str) -> None:
    report = kg.validate(path, lang=lang)
    assert report.conforms, report.statuses()
    assert [c.id for c in report.criteria] == CRITERIA_SLUGS
    assert set(report.statuses().values()) == {"met"}
    assert len(report.results_graph()) == 2  # a sh:ValidationReport with sh:conforms true and no result


@pytest.mark.parametrize("path", FAILING, ids=[p.stem for p in FAILING])
@pytest.mark.parametrize("lang", LANGS)
def test_failing_example_fails_only_its_criterion(kg: tk.KnowledgeGraph, path: Path, lang: str) -> None:
    slug, status = expected(path)
    report = kg.validate(path, lang=lang)
    assert not report.conforms
    assert report.statuses() == {s: (status if s == slug else "met") for s in CRITERIA_SLUGS}
    failed = report.criterion(slug)
    assert failed.message and failed.findings and failed.focus_node == report.assessment
    assert all(f.messages.keys() == set(LANGS) for f in failed.findings)
    assert failed.message == " ".join(dict.fromkeys(f.messages[lang] for f in failed.findings))
    assert failed.source_text == kg.criterion(slug).texts["fi"]
    assert failed.text == kg.criterion(slug).texts.get(lang, failed.source_text)


def test_messages_differ_by_language(kg: tk.KnowledgeGraph) -> None:
    path = EXAMPLES / "failing" / "joining-decision--not_met--committee.yaml"
    messages = {lang: kg.validate(path, lang=lang).criterion("joining-decision").message for lang in LANGS}
    assert messages == {
        "fi": "Liittymispäätöstä ei ole tehnyt valtuusto eikä kunnanhallitus.",
        "sv": "Anslutningsbeslutet har inte fattats av fullmäktige eller kommunstyrelsen.",
        "en": "The joining decision was not made by the council or the municipal board.",
    }
    report = kg.validate(path)
    assert report.in_language("fi").criterion("joining-decision").message == messages["fi"]
    assert report.criterion("joining-decision").value == "https://w3id.org/terve-kunta/id/decision-body/committee"


@pytest.mark.parametrize(
    ("changes", "slug", "status"),
    [
        ({"joining_decision": {"body": "municipal_board", "date": "2025-03-01"}}, "joining-decision", "met"),
        ({"joining_decision": {"body": "regional_council", "date": "2024-01-01"}}, "joining-decision", "not_met"),
        ({"joining_decision": {"body": "council", "date": "2025-03-02"}}, "joining-decision", "not_met"),
        ({"joining_decision": None}, "joining-decision", "missing"),
        ({"wellbeing_report": {"annual_year": 2025}}, "statutory-health-promotion", "met"),
        ({"wellbeing_report": {"annual_year": 2023}}, "statutory-health-promotion", "not_met"),
        ({"wellbeing_report": {"annual_year": 2026}}, "statutory-health-promotion", "not_met"),
        ({"wellbeing_report": {"council_term_report": "2021-2025"}}, "statutory-health-promotion", "missing"),
        (
            {"steering_group": {"sectors": ["education", "education", "culture"]}},
            "cross-sectoral-steering-group",
            "met",
        ),
        ({"steering_group": {"sectors": ["youth", "youth"]}}, "cross-sectoral-steering-group", "not_met"),
        ({"steering_group": {"name": "Ryhmä"}}, "cross-sectoral-steering-group", "not_met"),
        ({"communication_url": "HTTPS://www.kuopio.fi"}, "health-promotion-communication", "met"),
        ({"communication_url": "ftp://www.kuopio.fi/hyte"}, "health-promotion-communication", "not_met"),
        ({"communication_url": "https://"}, "health-promotion-communication", "not_met"),
        ({"wellbeing_coordinator": {"title": "hyvinvointikoordinaattori"}}, "wellbeing-coordinator", "met"),
        ({"contact_person": {}}, "contact-person", "met"),
        (
            {"resident_participation": False, "inequality_reduction_all_sectors": None},
            "cross-sectoral-development-and-participation",
            "not_met",
        ),
        ({"inequality_reduction_all_sectors": None}, "cross-sectoral-development-and-participation", "missing"),
    ],
)
def test_rules(kg: tk.KnowledgeGraph, changes: dict[str, Any], slug: str, status: str) -> None:
    for engine in ("oxigraph", "pyshacl"):
        report = kg.validate(kuopio(**changes), engine=engine)
        assert report.criterion(slug).status.value == status, engine
        assert report.conforms == (status == "met")


def test_a_county_is_checked_against_county_bodies(kg: tk.KnowledgeGraph) -> None:
    data: dict[str, Any] = yaml.safe_load(COUNTY.read_text(encoding="utf-8"))
    data["assessed_on"] = str(data["assessed_on"])
    data["joining_decision"] = {"body": "regional_council", "date": "2024-01-01"}
    report = kg.validate(data)
    assert report.conforms and report.organization_kind == "wellbeing_services_county"
    assert report.organization_name == "Pohjois-Savon hyvinvointialue" and report.organization_code == "13"
    assert report.assessment.endswith("/self-assessment/wellbeing-services-county/13/2025-05-15")
    data["joining_decision"]["body"] = "municipal_board"
    assert kg.validate(data).criterion("joining-decision").status == tk.Status.NOT_MET
    data["wellbeing_services_county"] = "Kainuun hyvinvointialue"
    assert kg.validate(data).organization_code == "20"


def test_every_kind_of_input_gives_the_same_report(kg: tk.KnowledgeGraph) -> None:
    reports = [
        kg.validate(KUOPIO),
        kg.validate(str(KUOPIO)),
        kg.validate(kuopio()),
        kg.validate(read_assessment(KUOPIO)),
        kg.validate(Graph().parse(KUOPIO.with_suffix(".ttl"))),
        kg.validate(KUOPIO, engine="pyshacl"),
    ]
    assert len({r.model_dump_json(exclude={"source", "engine"}) for r in reports}) == 1


def test_validation_does_not_change_the_callers_graphs(kg: tk.KnowledgeGraph) -> None:
    data = Graph().parse(EXAMPLES / "compliant" / "kuopio.ttl")
    before = Graph()
    for triple in data:
        before.add(triple)
    size = len(kg.rdf)
    shapes = criteria_shapes().graph
    packaged = set(shapes)
    for engine in ("oxigraph", "pyshacl"):
        kg.validate(data, engine=engine)
    assert isomorphic(data, before) and len(kg.rdf) == size and set(shapes) == packaged


def test_results_graph_is_w3c_shacl(kg: tk.KnowledgeGraph) -> None:
    report = kg.validate(EXAMPLES / "failing" / "cross-sectoral-steering-group--not_met--one-sector.yaml")
    graph = report.results_graph()
    rows = [
        tuple(row)
        for row in graph.query(
            """PREFIX sh: <http://www.w3.org/ns/shacl#>
               SELECT ?shape ?component ?severity WHERE {
                 ?report a sh:ValidationReport ; sh:conforms false ; sh:result ?r .
                 ?r sh:sourceShape ?shape ; sh:sourceConstraintComponent ?component ; sh:resultSeverity ?severity ;
                    sh:focusNode ?focus ; sh:resultPath ?path . ?path rdf:first ?first }"""
        )
        if isinstance(row, ResultRow)
    ]
    assert [(str(s).rsplit("#")[-1], str(c).rsplit("#")[-1], str(v).rsplit("#")[-1]) for s, c, v in rows] == [
        ("SteeringGroupSectors", "MinCountConstraintComponent", "Violation")
    ]


def test_severities_are_kept_and_only_violations_fail(kg: tk.KnowledgeGraph) -> None:
    from terve_kunta.validation.report import Finding, Severity
    from terve_kunta.validation.validator import _criterion_result

    criterion = kg.criterion("contact-person")
    labels = {"met": {"en": "met", "fi": "täyttyy", "sv": "uppfylls"}}
    warning = Finding(
        shape="urn:s",
        shape_name="s",
        criterion="contact-person",
        evidence=False,
        severity=Severity.WARNING,
        component="In",
        focus_node="urn:a",
        path=None,
        value=None,
        message="w",
        messages={"en": "w"},
    )
    result = _criterion_result(criterion, [warning], labels, "en")
    assert result.status == tk.Status.MET and result.findings[0].severity == Severity.WARNING


def test_batch_reports_errors_and_validates_the_rest(kg: tk.KnowledgeGraph, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("municipality: '297'\nassessed_on: 2025-13-01\n", encoding="utf-8")
    errors: list[tk.AssessmentError] = []
    variant = EXAMPLES / "failing" / "contact-person--not_met--false.yaml"
    reports = validate_many(kg, [KUOPIO, broken, COUNTY, variant], on_error=errors.append)
    assert [(r.organization_code, r.conforms, r.source) for r in reports] == [
        ("297", True, str(KUOPIO)),
        ("13", True, str(COUNTY)),
        ("297", False, str(variant)),  # the same IRI as the first: validated apart, never mixed
    ]
    assert [e.file for e in errors] == [str(broken)]
    with pytest.raises(tk.AssessmentError, match=r"broken\.yaml, line 2, field assessed_on"):
        validate_many(kg, [broken])


def test_equal_iris_in_chunks_never_mix(monkeypatch: pytest.MonkeyPatch, kg: tk.KnowledgeGraph) -> None:
    import terve_kunta.validation.validator as validation

    monkeypatch.setattr(validation, "CHUNK", 2)
    reports = validate_many(kg, [KUOPIO, KUOPIO, COUNTY, KUOPIO, *FAILING[:3]])
    assert [r.conforms for r in reports] == [True, True, True, True, False, False, False]


def test_a_graph_with_two_assessments_needs_validate_many(kg: tk.KnowledgeGraph) -> None:
    graph = Graph().parse(EXAMPLES / "compliant" / "kuopio.ttl")
    other = kg.validate(COUNTY).assessment
    graph.parse(data=graph.serialize(format="nt").replace(
        "https://w3id.org/terve-kunta/id/self-assessment/municipality/297/2025-03-01", other), format="nt")  # fmt: skip
    with pytest.raises(tk.AssessmentError, match="holds 2 self-assessments"):
        kg.validate(graph)
    assert [r.conforms for r in validate_many(kg, [graph])] == [True, True]


def test_unknown_language_and_engine_are_refused(kg: tk.KnowledgeGraph) -> None:
    with pytest.raises(ValueError, match="lang"):
        kg.validate(KUOPIO, lang="de")
    with pytest.raises(ValueError, match="engine"):
        kg.validate(KUOPIO, engine="jena")  # type: ignore[arg-type]


def test_the_fast_engine_does_not_load_pyshacl() -> None:
    from tests.support import modules_after

    loaded = modules_after()["validate with the fast engine"]
    assert "pyshacl" not in loaded and "yaml" in loaded and "pyoxigraph" in loaded


#: Each key of a self-assessment (a dotted path) and the criteria that it alone gives evidence for.
EVIDENCE_KEYS: list[tuple[str, set[str]]] = [
    ("top_management_responsible", {"top-management-responsibility"}),
    ("joining_decision", {"joining-decision"}),
    ("commitments", {"network-tasks-commitment", "hosting-commitment"}),
    ("commitments.network_tasks", {"network-tasks-commitment"}),
    ("commitments.hosting", {"hosting-commitment"}),
    ("steering_group", {"cross-sectoral-steering-group"}),
    ("wellbeing_coordinator", {"wellbeing-coordinator"}),
    ("elected_official", {"responsible-elected-official"}),
    ("contact_person", {"contact-person"}),
    ("resources_allocated", {"sufficient-resources"}),
    ("wellbeing_report", {"statutory-health-promotion"}),
    ("wellbeing_report.annual_year", {"statutory-health-promotion"}),
    ("inequality_reduction_all_sectors", {"cross-sectoral-development-and-participation"}),
    ("resident_participation", {"cross-sectoral-development-and-participation"}),
    ("communication_url", {"health-promotion-communication"}),
    ("national_network", {"national-network-engagement", "national-network-participation"}),
    ("national_network.shares_good_practices", {"national-network-engagement"}),
    ("national_network.attends_meetings", {"national-network-participation"}),
]


def without(key: str, null: bool) -> dict[str, Any]:
    """The compliant Kuopio example with the key at the dotted path removed, or set to null."""
    data = kuopio()
    *parents, last = key.split(".")
    holder = data
    for part in parents:
        holder = holder[part]
    if null:
        holder[last] = None
    else:
        del holder[last]
    return data


def test_every_criterion_has_its_evidence_keys() -> None:
    assert set().union(*(criteria for _, criteria in EVIDENCE_KEYS)) == set(CRITERIA_SLUGS)


@pytest.mark.parametrize("engine", ["oxigraph", "pyshacl"])
@pytest.mark.parametrize("null", [False, True], ids=["absent", "null"])
def test_an_absent_or_null_key_makes_its_criteria_missing_never_not_met(
    kg: tk.KnowledgeGraph, engine: str, null: bool
) -> None:
    reports = validate_many(kg, [without(key, null) for key, _ in EVIDENCE_KEYS], engine=engine)  # type: ignore[arg-type]
    for (key, criteria), report in zip(EVIDENCE_KEYS, reports, strict=True):
        assert report.statuses() == {s: "missing" if s in criteria else "met" for s in CRITERIA_SLUGS}, key
        assert not report.conforms


def test_a_steering_group_without_sectors_is_not_met_but_an_absent_one_is_missing(kg: tk.KnowledgeGraph) -> None:
    groups: list[dict[str, Any]] = [{"sectors": []}, {"sectors": ["education"]}, {"name": "Ryhmä"}]
    statuses = [
        kg.validate(kuopio(steering_group=group)).criterion("cross-sectoral-steering-group").status.value
        for group in groups
    ]
    assert statuses == ["not_met", "not_met", "not_met"]
    report = kg.validate(kuopio(steering_group=None))
    assert report.criterion("cross-sectoral-steering-group").status.value == "missing"
    assert report.criterion("cross-sectoral-steering-group").message.startswith("The assessment names no")
