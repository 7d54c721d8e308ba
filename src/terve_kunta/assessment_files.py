"""Read self-assessments from YAML, JSON or Turtle files, with one clear error for bad input.

Every problem is raised as :class:`terve_kunta.errors.AssessmentError` naming the
file, the field, the line where the parser gives one, and what was expected;
nothing else escapes (no tracebacks from the parsers), nothing is fetched from
the network, and the values of personal fields are never repeated.

>>> read_assessment_data({"municipality": "297", "assessed_on": "2025-03-01"}).municipality
'297'
>>> read_assessment_data({"municipality": "297", "assessed_on": "2025-02-30"}, source="kuopio.yaml")
Traceback (most recent call last):
...
terve_kunta.errors.AssessmentError: kuopio.yaml, field assessed_on: '2025-02-30' is not a date that exists; ...
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from terve_kunta.assessment import PERSONAL_FIELDS, SelfAssessment
from terve_kunta.errors import AssessmentError

__all__ = [
    "MAX_FILE_BYTES",
    "SUFFIXES",
    "AssessmentDocument",
    "assessment_paths",
    "read_assessment",
    "read_assessment_data",
    "read_assessments",
    "read_document_data",
    "read_documents",
]

#: Self-assessments are small; a larger file is refused before it is parsed.
MAX_FILE_BYTES = 1_000_000
#: File name endings that are read, and their formats.
SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".ttl": "turtle"}

Lines = Mapping[tuple[str | int, ...], int]

_EXPECTED = {
    "municipality": 'a Statistics Finland municipality code (e.g. "297") or a Finnish or Swedish municipality name',
    "wellbeing_services_county": 'a wellbeing services county\'s 2-digit code (e.g. "13") or its name',
    "assessed_on": "a date as YYYY-MM-DD",
    "date": "a date as YYYY-MM-DD",
    "body": "one of council, municipal_board, committee, regional_council, regional_board",
    "annual_year": "a year between 1900 and 2100",
    "council_term_report": 'a council term as YYYY-YYYY (e.g. "2021-2025")',
    "sectors": "a list of administrative sector slugs (e.g. [education, culture])",
    "partners": "a list of partner slugs (e.g. [ngos])",
    "wellbeing_coordinator": "true, false or an object with title, name, email",
    "elected_official": "true, false or an object with title, name, email",
    "contact_person": "true, false or an object with title, name, email",
    "communication_url": "text: the address of a web page",
}


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


_OBJECTS = {"joining_decision", "commitments", "steering_group", "wellbeing_report", "national_network"}


def assessment_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into the self-assessment files they hold (sorted, recursively); keep files as given.

    A path that does not exist is kept, so that reading it gives a clear error.
    """
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        else:
            found.append(path)
    return found


def read_assessments(path: str | Path) -> list[SelfAssessment]:
    """Read the self-assessments of one file: one for YAML and JSON, one or more for Turtle."""
    return [doc.assessment for doc in read_documents(path)]


def read_documents(path: str | Path) -> list[AssessmentDocument]:
    """Read one file into :class:`AssessmentDocument` objects (several only for Turtle)."""
    file = Path(path)
    name = str(path)
    kind = SUFFIXES.get(file.suffix.lower())
    if not file.exists():
        raise AssessmentError(name, "no such file", expected="a YAML, JSON or Turtle self-assessment")
    if kind is None:
        raise AssessmentError(name, "unknown kind of file", expected="a file ending in .yaml, .yml, .json or .ttl")
    try:
        size = file.stat().st_size
        if not file.is_file():
            raise AssessmentError(name, "is not a file", expected="a YAML, JSON or Turtle self-assessment")
        if size > MAX_FILE_BYTES:
            raise AssessmentError(name, f"is {size} bytes long", expected=f"a file under {MAX_FILE_BYTES} bytes")
        text = file.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise AssessmentError(name, "no such file", expected="a YAML, JSON or Turtle self-assessment") from None
    except UnicodeDecodeError as exc:
        raise AssessmentError(name, f"is not UTF-8 text (byte {exc.start})", expected="UTF-8 text") from None
    except OSError as exc:
        raise AssessmentError(name, f"cannot be read ({exc.strerror or exc})") from None
    if kind == "turtle":
        from terve_kunta.assessment_from_rdf import assessments_from_turtle

        return assessments_from_turtle(text, name)
    data, lines = _parse_yaml(text, name) if kind == "yaml" else (_parse_json(text, name), None)
    return [read_document_data(data, source=name, lines=lines)]


def read_assessment(path: str | Path) -> SelfAssessment:
    """Read a file that holds exactly one self-assessment."""
    found = read_assessments(path)
    if len(found) != 1:
        raise AssessmentError(str(path), f"holds {len(found)} self-assessments", expected="exactly one")
    return found[0]


def read_assessment_data(data: Any, source: str = "<data>", lines: Lines | None = None) -> SelfAssessment:
    """Check a parsed document (a mapping) and return the :class:`SelfAssessment`.

    ``source`` names the document in errors; ``lines`` maps key paths to line numbers.
    """
    return read_document_data(data, source, lines).assessment


def read_document_data(data: Any, source: str = "<data>", lines: Lines | None = None) -> AssessmentDocument:
    """Like :func:`read_assessment_data`, keeping the source and line numbers for later errors."""
    if isinstance(data, SelfAssessment):
        return AssessmentDocument(data, source)
    if not isinstance(data, Mapping):
        raise AssessmentError(
            source, f"is {_kind(data)}", expected="a mapping of keys such as municipality and assessed_on"
        )
    try:
        return AssessmentDocument(SelfAssessment.model_validate(data), source, lines if lines is not None else {})
    except ValidationError as exc:
        raise _error(exc, source, lines if lines is not None else {}) from None
    except RecursionError:
        raise AssessmentError(source, "is nested too deeply", expected="a self-assessment") from None


# ---------------------------------------------------------------------- parsers


def _parse_json(text: str, source: str) -> Any:
    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in pairs]
        duplicated = next((k for k in keys if keys.count(k) > 1), None)
        if duplicated is not None:
            raise AssessmentError(source, f"the key {duplicated!r} appears twice", expected="each key once")
        return dict(pairs)

    try:
        return json.loads(text, object_pairs_hook=unique)
    except json.JSONDecodeError as exc:
        raise AssessmentError(source, f"not valid JSON: {exc.msg}", line=exc.lineno, expected="JSON") from None
    except RecursionError:
        raise AssessmentError(source, "is nested too deeply", expected="a self-assessment") from None


def _parse_yaml(text: str, source: str) -> tuple[Any, Lines | None]:
    import yaml

    loader = _loader()
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "cannot be parsed"
        raise AssessmentError(source, f"not valid YAML: {problem}", line=line, expected="YAML") from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        problem = f"character #x{exc.character:04x} is not allowed" if isinstance(exc.character, int) else exc.reason
        raise AssessmentError(source, f"not valid YAML: {problem}", line=line, expected="YAML") from None
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise AssessmentError(source, f"not valid YAML: {reason}", expected="YAML") from None
    return data, _YamlLines(text, loader)


def _loader() -> Any:
    """A safe YAML loader (libyaml when present) that keeps dates as text and refuses repeated keys."""
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc]
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: set[str] = set()
            for key_node, _ in node.value:  # compare the keys as written: cheap, and enough for our keys
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.value in seen:
                        raise yaml.constructor.ConstructorError(
                            None, None, f"the key {key_node.value!r} appears twice", key_node.start_mark
                        )
                    seen.add(key_node.value)
            return super().construct_mapping(node, deep=deep)

    # Dates stay text, so that an impossible date is reported with its field, not as a parser crash.
    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    return Loader


class _YamlLines(Mapping[tuple[str | int, ...], int]):
    """The line of each key path, worked out only when an error needs one (parsing twice costs)."""

    def __init__(self, text: str, loader: Any) -> None:
        self._text, self._loader = text, loader
        self._lines: dict[tuple[str | int, ...], int] | None = None

    def _map(self) -> dict[tuple[str | int, ...], int]:
        if self._lines is None:
            import yaml

            try:
                self._lines = _yaml_lines(yaml.compose(self._text, Loader=self._loader))
            except (yaml.YAMLError, RecursionError):  # pragma: no cover - it parsed before
                self._lines = {}
        return self._lines

    def __getitem__(self, key: tuple[str | int, ...]) -> int:
        return self._map()[key]

    def __iter__(self) -> Iterator[tuple[str | int, ...]]:
        return iter(self._map())

    def __len__(self) -> int:
        return len(self._map())


def _yaml_lines(root: Any) -> dict[tuple[str | int, ...], int]:
    """Map key paths (``("joining_decision", "date")``, ``("steering_group", "sectors", 1)``) to lines."""
    import yaml

    lines: dict[tuple[str | int, ...], int] = {}
    seen: set[int] = set()

    def walk(node: Any, path: tuple[str | int, ...]) -> None:
        if id(node) in seen or len(path) > 20:  # aliases are walked once: no exponential blow-up
            return
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    lines[(*path, key.value)] = key.start_mark.line + 1
                    walk(value, (*path, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[(*path, index)] = item.start_mark.line + 1
                walk(item, (*path, index))

    if root is not None:
        walk(root, ())
    return lines


# ---------------------------------------------------------------------- errors


def _kind(data: Any) -> str:
    if data is None:
        return "empty"
    return {list: "a list", str: "text", int: "a number", float: "a number", bool: "true or false"}.get(
        type(data), "not a mapping"
    )


def _fields_at(path: tuple[str | int, ...]) -> list[str]:
    model: type[BaseModel] = SelfAssessment
    for part in path:
        field = model.model_fields.get(str(part))
        annotation = getattr(field, "annotation", None) if field else None
        nested = [a for a in getattr(annotation, "__args__", (annotation,)) if isinstance(a, type)]
        models = [a for a in nested if issubclass(a, BaseModel)]
        if not models:
            return []
        model = models[0]
    return list(model.model_fields)


def _error(exc: ValidationError, source: str, lines: Lines) -> AssessmentError:
    first = exc.errors(include_input=False, include_url=False)[0]
    loc = tuple(first["loc"])
    # drop the tags of union members (``bool``, ``Person``) that pydantic adds to the path
    path = tuple(p for p in loc if isinstance(p, int) or p[:1].islower() or p in _EXPECTED)
    while path and isinstance(path[-1], str) and path[-1] in ("bool", "str", "int"):
        path = path[:-1]
    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "municipality"
    line = next((lines[path[:n]] for n in range(len(path), 0, -1) if path[:n] in lines), None)
    name = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
    kind = first["type"]
    if kind == "extra_forbidden":
        allowed = ", ".join(_fields_at(path[:-1]))
        return AssessmentError(source, "unknown field", field=field, line=line, expected=f"one of {allowed}")
    if kind == "missing":
        return AssessmentError(source, "is required", field=field, line=line, expected=_EXPECTED.get(name))
    if not path:  # the model-level check
        return AssessmentError(
            source,
            "names no organisation or two",
            field="municipality",
            line=lines.get(("municipality",)) or lines.get(("wellbeing_services_county",)),
            expected="exactly one of municipality and wellbeing_services_county",
        )
    if name in PERSONAL_FIELDS or name == "title":
        problem = "is not text" if kind != "string_too_long" else "is too long"
        return AssessmentError(source, problem, field=field, line=line, expected="text of at most 500 characters")
    expected = _EXPECTED.get(name)
    if path and isinstance(path[-1], int) and name in ("sectors", "partners"):
        expected = "a sector slug such as education" if name == "sectors" else "a partner slug such as ngos"
    if expected is None:
        expected = "true or false" if kind == "bool_type" else "an object" if name in _OBJECTS else None
        if expected is None and kind.startswith("string"):
            expected = "text of at most 500 characters"
        if expected is None and kind in ("list_type", "too_long"):
            expected = "a list of at most 100 items"
    if name in ("wellbeing_coordinator", "elected_official", "contact_person") and len(path) == 1:
        problem = "is neither true, false nor an object"
    else:
        problem = _problem(first)
    return AssessmentError(source, problem, field=field, line=line, expected=expected)


def _problem(error: Any) -> str:
    kind = error["type"]
    if kind == "value_error":
        reason = str(error.get("ctx", {}).get("error", error["msg"]))
        return reason if not reason.startswith("not ") else f"is {reason}"
    messages = {
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
    return messages.get(kind, re.sub(r"^Input should be", "should be", str(error["msg"])))
