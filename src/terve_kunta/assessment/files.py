"""Read self-assessments from YAML, JSON or Turtle files, with one clear error for bad input.

Every problem is raised as :class:`terve_kunta.errors.AssessmentError` naming the
file, the field, the line where the parser gives one, and what was expected;
nothing else escapes (no tracebacks from the parsers), nothing is fetched from
the network, and the values of personal fields are never repeated.

YAML reads ``020`` as the octal number 16 and ``1:30`` as 90; a code would then
name another municipality. Numbers written without quotes are therefore read as
the characters written wherever text is expected (codes, names, references,
slugs): ``municipality: 020`` is Akaa. Where a whole number is expected (the
report's year), only a plain decimal number is taken; ``02024`` is refused.

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
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from terve_kunta.assessment._redact import without_quotes
from terve_kunta.assessment.document import AssessmentDocument, Lines, read_document_data
from terve_kunta.assessment.from_rdf import assessments_from_turtle
from terve_kunta.assessment.model import Rdf, SelfAssessment, declared_fields, nested_model
from terve_kunta.errors import AssessmentError
from terve_kunta.namespaces import XSD

__all__ = [
    "MAX_FILE_BYTES",
    "SUFFIXES",
    "assessment_paths",
    "read_assessment",
    "read_assessment_data",
    "read_assessments",
    "read_documents",
]

#: Self-assessments are small; a larger file is refused before it is parsed.
MAX_FILE_BYTES = 1_000_000
#: File name endings that are read, and their formats.
SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".ttl": "turtle"}


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
        return assessments_from_turtle(text, name)
    if kind == "json":
        return [read_document_data(_parse_json(text, name), source=name)]
    data, lines = _parse_yaml(text, name)
    try:
        data = _as_written(data, SelfAssessment, "plain", (), _Context(name, lines))
    except RecursionError:
        raise AssessmentError(name, "is nested too deeply", expected="a self-assessment") from None
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
        failure = AssessmentError(source, f"not valid JSON: {exc.msg}", line=exc.lineno, expected="JSON")
    except AssessmentError:
        raise
    except ValueError:  # a number longer than Python converts (sys.get_int_max_str_digits)
        failure = _too_long_number(text, source, "JSON")
    except RecursionError:
        failure = AssessmentError(source, "is nested too deeply", expected="a self-assessment")
    raise failure  # here, not in the handler: the parser's error (which holds the text) is not its context


def _parse_yaml(text: str, source: str) -> tuple[Any, Lines]:
    import yaml

    loader = _loader()
    try:
        return yaml.load(text, Loader=loader), _YamlLines(text, loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = without_quotes(exc.problem or exc.context or "cannot be parsed")  # it may be a personal value
        failure = AssessmentError(source, f"not valid YAML: {problem}", line=line, expected="YAML")
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        problem = f"character #x{exc.character:04x} is not allowed" if isinstance(exc.character, int) else exc.reason
        failure = AssessmentError(source, f"not valid YAML: {problem}", line=line, expected="YAML")
    except ValueError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        plain = AssessmentError(source, f"not valid YAML: {reason}", expected="YAML")
        failure = _too_long_number(text, source, "YAML") if _long_number(text) else plain
    except (yaml.YAMLError, RecursionError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        failure = AssessmentError(source, f"not valid YAML: {reason}", expected="YAML")
    raise failure  # here, not in the handler: the parser's error (which quotes the text) is not its context


def _long_number(text: str) -> re.Match[str] | None:
    """The first number in ``text`` of more digits than Python converts (``sys.get_int_max_str_digits``)."""
    limit = sys.get_int_max_str_digits()
    return re.search(rf"\d{{{limit + 1},}}", text) if limit else None


def _too_long_number(text: str, source: str, kind: str) -> AssessmentError:
    """The error for a number of more digits than Python converts: where it is, not what it is."""
    found = _long_number(text)
    line = text.count("\n", 0, found.start()) + 1 if found else None
    digits = f"{len(found[0])} digits" if found else "too many digits"
    return AssessmentError(source, f"not valid {kind}: a number of {digits}", line=line, expected="a shorter number")


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
                            None, None, f"the key {key_node.value} appears twice", key_node.start_mark
                        )
                    seen.add(key_node.value)
            return super().construct_mapping(node, deep=deep)

    # Dates stay text, so that an impossible date is reported with its field, not as a parser crash.
    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    # Numbers keep the characters written, until the field they are the value of is known (_as_written).
    for tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        constructor = base.yaml_constructors[tag]
        Loader.add_constructor(tag, lambda loader, node, read=constructor: _Written(node.value, read(loader, node)))
    return Loader


# ---------------------------------------------------------------------- numbers as written

_PLAIN_WHOLE_NUMBER = re.compile(r"[-+]?(0|[1-9][0-9]*)")


@dataclass(frozen=True)
class _Written:
    """A plain YAML scalar that YAML reads as a number: the characters written, and what YAML made of them."""

    text: str
    value: int | float


@dataclass(frozen=True)
class _Context:
    source: str
    lines: Lines
    memo: dict[tuple[int, str, str], Any] = field(default_factory=dict)


def _rule(declared: Rdf) -> str:
    """How a number written as the value of a field is read: as ``text``, as a whole ``number``, or ``plain``."""
    if declared.kind in ("group", "node", "person"):
        return "plain"  # an object, or true/false: a number there is refused by the model
    if declared.kind == "value" and declared.datatype in (XSD.integer, XSD.boolean):
        return "number" if declared.datatype == XSD.integer else "plain"
    return "text"  # codes, names, references, slugs, dates, addresses


def _as_written(
    value: Any, model: type[BaseModel] | None, rule: str, path: tuple[str | int, ...], context: _Context
) -> Any:
    """``value`` with each :class:`_Written` number replaced as its field's :func:`_rule` says.

    Containers reached twice (YAML aliases) are the same objects, so they are walked
    once per model and rule (``context.memo``): an alias bomb stays cheap.
    """
    if isinstance(value, _Written):
        if rule == "text":
            return value.text
        if rule == "number" and not _PLAIN_WHOLE_NUMBER.fullmatch(value.text):
            field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
            line = next((context.lines[path[:n]] for n in range(len(path), 0, -1) if path[:n] in context.lines), None)
            raise AssessmentError(
                context.source,
                f"{value.text!r} would be read by YAML as {value.value!r}, not as written",
                field=field,
                line=line,
                expected="a whole number written plainly (e.g. 2024)",
            )
        return value.value
    if not isinstance(value, list | dict):
        return value
    key = (id(value), model.__name__ if model is not None else "", rule)
    if key not in context.memo:
        context.memo[key] = _walk(value, model, rule, path, context)
    return context.memo[key]


def _walk(
    value: list[Any] | dict[Any, Any],
    model: type[BaseModel] | None,
    rule: str,
    path: tuple[str | int, ...],
    context: _Context,
) -> Any:
    if isinstance(value, list):
        return [_as_written(item, model, rule, (*path, index), context) for index, item in enumerate(value)]
    fields = declared_fields(model) if model is not None else {}
    converted = {}
    for key, item in value.items():
        name = key.value if isinstance(key, _Written) else key
        declared = fields.get(name) if isinstance(name, str) else None
        inner = (
            nested_model(model, name) if declared is not None and model is not None and isinstance(name, str) else None
        )
        rule_of = _rule(declared) if declared is not None else "plain"
        converted[name] = _as_written(item, inner, rule_of, (*path, str(name)), context)
    return converted


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
