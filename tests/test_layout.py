"""The package's layout: one-way layers, no import circle, small modules, one family of errors, one of each helper."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

import terve_kunta
from terve_kunta import errors

PACKAGE = Path(terve_kunta.__file__).parent

#: The layers, first to last; a module imports only from its own layer's package or the layers before it.
LAYERS = [
    {"errors", "namespaces", "options", "models", "ontology", "_columns"},  # ontology: the data package (no code)
    {"rdf"},
    {"data"},
    {"sparql"},
    {"stores"},
    {"server"},  # the serve command's SPARQL endpoint: over stores/, imported by cli/ only
    {"registry", "assessment"},
    {"validation"},
    {"export"},
    {"analysis"},
    {"graph"},
    {"cli", "__main__"},
]
#: Only these may import from later layers, and only inside functions (for start-up speed).
FACADES = {"terve_kunta", "terve_kunta.graph"}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = modules()


@cache
def syntax(path: Path) -> ast.Module:
    """The module's syntax tree, parsed once for all the tests here (they only read it)."""
    return ast.parse(path.read_text(encoding="utf-8"))


def imported(name: str, path: Path) -> Iterator[tuple[str, ast.AST]]:
    """Every module of the package that ``name`` imports, anywhere in it (functions, TYPE_CHECKING too)."""
    package = path.name == "__init__.py"
    for node in ast.walk(syntax(path)):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = name.split(".") if package else name.split(".")[:-1]
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            # ``from package import module`` imports the module; other names come from ``base`` itself
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name and target.startswith("terve_kunta"):
                yield target, node


def layer(name: str) -> int:
    top = name.split(".")[1] if "." in name else ""
    return next(i for i, members in enumerate(LAYERS) if top in members) if top else len(LAYERS)


def test_every_module_belongs_to_a_layer() -> None:
    for name in MODULES:
        assert name == "terve_kunta" or layer(name) < len(LAYERS), name


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_go_only_to_earlier_layers(name: str) -> None:
    if name in FACADES or name.startswith("terve_kunta.cli"):
        return
    for target, node in imported(name, MODULES[name]):
        line = getattr(node, "lineno", "?")
        assert layer(target) <= layer(name), f"{name} (line {line}) imports {target} from a later layer"


def test_there_is_no_import_circle() -> None:
    edges = {name: {t for t, _ in imported(name, path)} for name, path in MODULES.items()}
    for facade in FACADES:  # the facades import services lazily; nothing imports them back but cli/
        for name, targets in edges.items():
            if facade in targets:
                assert name in FACADES or name.startswith("terve_kunta.cli"), f"{name} imports {facade}"

    def reaches(start: str, goal: str) -> bool:
        stack, seen = [start], set()
        while stack:
            here = stack.pop()
            if here == goal:
                return True
            if here not in seen:
                seen.add(here)
                stack.extend(edges[here])
        return False

    circles = [(a, b) for a, targets in edges.items() for b in targets if reaches(b, a)]
    assert circles == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_are_small(name: str) -> None:
    assert len(MODULES[name].read_text(encoding="utf-8").splitlines()) <= 400


#: The package's own __init__ is the public API; the stores' __init__ is their factory.
INITS = [p for p in sorted(PACKAGE.rglob("__init__.py")) if p.parent.name not in ("terve_kunta", "stores")]


@pytest.mark.parametrize("path", INITS, ids=lambda p: str(p.parent.name))
def test_a_package_init_is_a_docstring_or_re_exports_its_own_modules(path: Path) -> None:
    package = ".".join(path.parent.relative_to(PACKAGE.parent).parts)
    for node in syntax(path).body:
        if isinstance(node, ast.ImportFrom):
            assert (node.module or "").startswith(package + "."), f"{package} re-exports {node.module}"
        elif isinstance(node, ast.Assign):
            assert [ast.unparse(t) for t in node.targets] == ["__all__"], ast.unparse(node)
        else:
            assert isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant), f"{path}: line {node.lineno}"


# ---------------------------------------------------------------------- one family of errors

#: Functions whose ValueError pydantic turns into a validation error (they are never raised to callers).
VALIDATORS = {"_iso_date", "_code", "_term", "_body_is_given", "_url_is_http", "_one_organization"}
#: What Python's protocols ask for: (function, exception) pairs that a caller never sees as such.
PROTOCOLS = {
    ("__getattr__", "AttributeError"),  # attribute lookup
    ("iso_date", "ArgumentTypeError"),  # an argparse type: argparse turns it into a usage error
    ("construct_mapping", "ConstructorError"),  # the YAML loader: turned into an AssessmentError
    ("_stop", "SystemExit"),  # a signal (registry saves): ends the process as the signal would, cleanly
    ("_stop", "KeyboardInterrupt"),  # Ctrl-C during a registry save, at a point where it leaves nothing behind
}
ERRORS = {name for name, value in vars(errors).items() if isinstance(value, type) and issubclass(value, Exception)}


@cache
def raises() -> tuple[tuple[str, int, str, str], ...]:
    """(module, line, enclosing function, what is called) for every ``raise X(...)`` of the package."""
    found = []

    def visit(node: ast.AST, name: str, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name  # the innermost function wins
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            called = node.exc.func
            kind = called.id if isinstance(called, ast.Name) else ast.unparse(called).rsplit(".", 1)[-1]
            found.append((name, node.lineno, function, kind))
        for child in ast.iter_child_nodes(node):
            visit(child, name, function)

    for name, path in MODULES.items():
        visit(syntax(path), name, "")
    return tuple(found)


def error_factories() -> set[str]:
    """Functions of the package that return one of the errors (``_fail(...) -> AssessmentError``)."""
    found = set()
    for path in MODULES.values():
        for node in ast.walk(syntax(path)):
            if isinstance(node, ast.FunctionDef) and node.returns is not None and ast.unparse(node.returns) in ERRORS:
                found.add(node.name)
    return found


def test_every_exception_raised_is_a_terve_kunta_error() -> None:
    factories = error_factories()
    wrong = {
        (name, line, kind)
        for name, line, function, kind in raises()
        if not (kind in ERRORS | factories or (kind == "ValueError" and function in VALIDATORS))
        and (function, kind) not in PROTOCOLS
        and not (name == "terve_kunta.__main__" and kind == "SystemExit")
    }
    assert wrong == set()
    assert all(issubclass(getattr(errors, kind), errors.TerveKuntaError) for kind in ERRORS - {"Exception"})
    assert not {(name, line) for name, line, _, kind in raises() if kind == "TerveKuntaError"}, (
        "raise a specific error, not the base class"
    )


def test_error_classes_live_only_in_errors_py() -> None:
    for name, path in MODULES.items():
        if name == "terve_kunta.errors":
            continue
        for node in ast.walk(syntax(path)):
            if isinstance(node, ast.ClassDef):
                bases = {ast.unparse(b) for b in node.bases}
                assert not any(b.endswith(("Error", "Exception")) for b in bases), f"{name}.{node.name}"


# ---------------------------------------------------------------------- one of each helper


def occurrences(text: str) -> set[str]:
    return {name for name, path in MODULES.items() if text in path.read_text(encoding="utf-8")}


@pytest.mark.parametrize(
    ("text", "home"),
    [
        ("fromisoformat(", {"terve_kunta.options"}),  # one date parser
        ("get_close_matches(", {"terve_kunta.errors"}),  # one "did you mean"
        ("(BaseModel):", {"terve_kunta.models"}),  # one model base
        ("ConfigDict(", {"terve_kunta.models"}),
        ('("fi", "sv", "en")', {"terve_kunta.options"}),  # one list of languages
        ('("oxigraph", "pyshacl")', {"terve_kunta.options"}),  # of engines
        ('("text", "json", "markdown", "turtle")', {"terve_kunta.options"}),  # of report formats
        ('("table", "csv", "json")', {"terve_kunta.options"}),  # of table formats
    ],
)
def test_a_helper_is_written_once(text: str, home: set[str]) -> None:
    assert occurrences(text) == home


def test_every_package_is_in_the_wheel() -> None:
    import tomllib

    from tests.support import REPO

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    packages = {".".join(p.parent.relative_to(PACKAGE.parent).parts) for p in PACKAGE.rglob("__init__.py")}
    assert packages | {"terve_kunta.ontology"} == listed
