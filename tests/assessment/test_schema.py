"""The JSON Schema of self-assessment files is generated from the model, shipped, and up to date."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest
import yaml

from terve_kunta.assessment.model import json_schema
from tests.support import REPO, tool


def test_schema_file_is_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert tool("generate_schema").main(["--check"]) == 0, capsys.readouterr().err


def test_schema_is_shipped_in_the_package() -> None:
    shipped = json.loads(files("terve_kunta").joinpath("self-assessment.schema.json").read_text(encoding="utf-8"))
    assert shipped == json_schema()
    assert shipped["additionalProperties"] is False and shipped["required"] == ["assessed_on"]


def test_examples_use_only_keys_of_the_schema() -> None:
    schema = json_schema()
    for path in sorted((REPO / "examples" / "assessments").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(data) <= set(schema["properties"]), path
        group = data.get("steering_group") or {}
        sectors = schema["$defs"]["SteeringGroup"]["properties"]["sectors"]["items"]["enum"]
        partners = schema["$defs"]["SteeringGroup"]["properties"]["partners"]["items"]["enum"]
        assert set(group.get("sectors", [])) <= set(sectors) and set(group.get("partners", [])) <= set(partners)
