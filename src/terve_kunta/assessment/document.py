"""A self-assessment with where it came from, and the one translation of model errors into clear ones.

:func:`read_document_data` checks a parsed document against
:class:`~terve_kunta.assessment.model.SelfAssessment`; a problem becomes an
:class:`~terve_kunta.errors.AssessmentError` that names the file, the field, the
line (where known) and what was expected, the last read from the field's
declaration on the model. The values of personal fields are never repeated.

>>> read_document_data({"municipality": "297", "assessed_on": "2025-03-01"}).assessment.municipality
'297'
>>> read_document_data({"municipality": "297", "assessed_on": "2025-03-01", "resources_allocated": "yes"},
...     source="kuopio.yaml")
Traceback (most recent call last):
...
terve_kunta.errors.AssessmentError: kuopio.yaml, field resources_allocated: is not true or false; expected true or false
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from terve_kunta.assessment.model import Rdf, SelfAssessment, declared_fields, nested_model
from terve_kunta.errors import AssessmentError

__all__ = ["AssessmentDocument", "Lines", "read_document_data"]

Lines = Mapping[tuple[str | int, ...], int]


@dataclass(frozen=True)
class AssessmentDocument:
    """A self-assessment with where it came from: ``source`` (file name), ``lines`` and ``iri``.

    ``lines`` maps key paths to line numbers (YAML only); ``iri`` is the assessment
    node's IRI when it was read from RDF.
    """

    assessment: SelfAssessment
    source: str = "<data>"
    lines: Lines = field(default_factory=dict)
    iri: str | None = None

    def line(self, dotted: str) -> int | None:
        """The line of the key at the dotted path (``"steering_group.sectors.1"``), if known."""
        return self.lines.get(tuple(int(p) if p.isdigit() else p for p in dotted.split(".")))


def read_document_data(data: Any, source: str = "<data>", lines: Lines | None = None) -> AssessmentDocument:
    """Check a parsed document (a mapping) and return it as an :class:`AssessmentDocument`.

    ``source`` names the document in errors; ``lines`` maps key paths to line numbers.
    """
    if isinstance(data, SelfAssessment):
        return AssessmentDocument(data, source)
    if not isinstance(data, Mapping):
        raise AssessmentError(
            source, f"is {_kind(data)}", expected="a mapping of keys such as municipality and assessed_on"
        )
    try:
        return AssessmentDocument(SelfAssessment.model_validate(data), source, lines if lines is not None else {})
    except ValidationError as exc:
        failure = _error(exc, source, lines if lines is not None else {})
    except RecursionError:
        failure = AssessmentError(source, "is nested too deeply", expected="a self-assessment")
    raise failure  # here, not in the handler: the model's error, which holds the values, is not its context


def _kind(data: Any) -> str:
    if data is None:
        return "empty"
    return {list: "a list", str: "text", int: "a number", float: "a number", bool: "true or false"}.get(
        type(data), "not a mapping"
    )


def _walk(path: tuple[str | int, ...]) -> tuple[type[BaseModel] | None, Rdf | None]:
    """The model that holds the last named field of ``path``, and that field's declaration."""
    model: type[BaseModel] | None = SelfAssessment
    holder, declared = None, None
    for part in path:
        if isinstance(part, int) or model is None:
            continue
        declared = declared_fields(model).get(part)
        if declared is None:
            return model, None
        holder, model = model, nested_model(model, part)
    return holder, declared


def _error(exc: ValidationError, source: str, lines: Lines) -> AssessmentError:
    errors = exc.errors(include_input=False, include_url=False)
    # where a value fits no member of a union (true, false or a person), the deepest error says the most
    first = max((e for e in errors if e["loc"][:1] == errors[0]["loc"][:1]), key=lambda e: len(e["loc"]))
    # drop the tags that pydantic adds to the path for the members of a union (``bool``, ``Person``)
    path = tuple(p for p in first["loc"] if isinstance(p, int) or not (p[:1].isupper() or p == "bool"))
    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "municipality"
    line = next((lines[path[:n]] for n in range(len(path), 0, -1) if path[:n] in lines), None)
    kind = _type(first)
    if not path:  # the model-level check
        return AssessmentError(
            source,
            "names no organisation or two",
            field="municipality",
            line=lines.get(("municipality",)) or lines.get(("wellbeing_services_county",)),
            expected="exactly one of municipality and wellbeing_services_county",
        )
    if kind == "extra_forbidden":
        holder, _ = _walk(path[:-1])
        model = nested_model(holder, str(path[-2])) if holder is not None else SelfAssessment
        allowed = ", ".join(declared_fields(model)) if model is not None else ""
        return AssessmentError(source, "unknown field", field=field, line=line, expected=f"one of {allowed}")
    _, declared = _walk(path)
    expected = declared.expected if declared is not None else None
    if declared is not None and declared.item is not None and isinstance(path[-1], int):
        expected = declared.item
    if kind == "missing":
        return AssessmentError(source, "is required", field=field, line=line, expected=expected)
    if declared is not None and declared.personal:  # say what is wrong, never what was given
        problem = "is too long" if kind == "string_too_long" else "is not text"
    elif declared is not None and declared.kind == "person" and len(path) == 1:
        problem = "is neither true, false nor an object"
    else:
        problem = _problem(first)
    return AssessmentError(source, problem, field=field, line=line, expected=expected)


_MESSAGES = {
    "bool_type": "is not true or false",
    "int_type": "is not a whole number",
    "string_type": "is not text",
    "list_type": "is not a list",
    "model_type": "is not an object",
    "model_attributes_type": "is not an object",
    "dict_type": "is not an object",
    "enum": "is not a known value",
    "greater_than_equal": "is too small",
    "less_than_equal": "is too large",
    "string_too_short": "is empty",
    "string_too_long": "is too long",
    "too_long": "has too many items",
}


def _type(error: Any) -> str:
    """The kind of ``error``; a length checked after a validator (text kept without its spaces) is text's."""
    kind: str = error["type"]
    if kind in ("too_long", "too_short") and error.get("ctx", {}).get("field_type") == "Value":
        return f"string_{kind}"
    return kind


def _problem(error: Any) -> str:
    kind = _type(error)
    if kind == "value_error":
        reason = str(error.get("ctx", {}).get("error", error["msg"]))
        return reason if not reason.startswith("not ") else f"is {reason}"
    return _MESSAGES.get(kind, re.sub(r"^Input should be", "should be", str(error["msg"])))
