"""Mutation testing: flip one operator or constant at a time and see whether the tests notice.

    python tools/mutate.py src/terve_kunta/options.py tests/test_options.py
    python tools/mutate.py src/terve_kunta/validation/validator.py tests/validation/test_report.py -f _criterion_result
    python tools/mutate.py MODULE TESTS... [--function NAME] [--jobs 2] [--timeout S] [-- PYTEST ARGS]

Run it from the repository root, with the tests that cover the module (cheap
ones: each mutant runs them once). For each mutant, one change to the module:

- a comparison flipped (``<`` and ``<=``, ``==`` and ``!=``, ``is`` and ``is not``,
  ``in`` and ``not in``), ``and``/``or`` swapped, ``+``/``-`` swapped;
- a ``not`` dropped, or a condition negated (``if x`` -> ``if not x``);
- True/False flipped, None made True, an integer made one more or 0, a slice
  bound dropped, a string that is compared changed (``== "fi"``);
- ``raise`` made ``pass``, ``break`` and ``continue`` swapped;

the tests run in one process (``pytest -n0 -x -q -p no:cacheprovider
--assert=plain TESTS``: plain asserts pass and fail alike, and skip rewriting).
A mutant is *killed* when they fail or time out, and *survives* when they pass:
a surviving mutant is a change to the code that no test notices. The score is
killed / (mutants - equivalent); the tool exits 1 when it is under
``--fail-under`` (90 by default, the project's standard), 2 when the tests do
not pass on the module as it is.

Docstrings, type hints, decorators, ``if TYPE_CHECKING``, f-strings and other
message text are left alone. ``--list`` shows the mutants without running them.

The module file is never written: each mutant is compiled in memory and served
to a forked test process by an import hook, so Ctrl-C, a time-out or a crash
cannot leave a mutant behind, and other work in the same worktree sees the real
module. Tests that run the code in another process (a subprocess, a server) do
not see the mutant: point the tool at in-process tests.

A surviving mutant that cannot change behaviour (an *equivalent* mutant) may be
listed in ``tools/mutate-equivalent.toml`` with the reason; the tool prints each
survivor in that file's form (``--toml``). Listed mutants are still run: one
that is killed, or an entry that matches no mutant, is reported so that the list
stays true.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import importlib
import importlib.abc
import importlib.machinery
import importlib.metadata
import importlib.util
import os
import signal
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType, ModuleType
from typing import Any

EQUIVALENT = Path(__file__).with_name("mutate-equivalent.toml")

COMPARISONS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}
ARITHMETIC: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.FloorDiv,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mult,
}
BOOLEAN: dict[type[ast.boolop], type[ast.boolop]] = {ast.And: ast.Or, ast.Or: ast.And}


# ---------------------------------------------------------------------- mutants


@dataclass
class Mutant:
    """One change to a module's syntax tree, which ``apply`` makes and ``revert`` undoes."""

    line: int
    function: str  # the qualified name of the function or class it is in, or "<module>"
    source_line: str  # the line as written, stripped
    before: str
    after: str
    apply: Callable[[], None] = field(repr=False)
    revert: Callable[[], None] = field(repr=False)

    @property
    def change(self) -> str:
        return f"{self.before} -> {self.after}"


def _one_line(node: ast.AST) -> str:
    return " ".join(ast.unparse(node).split())


#: Fields that hold no behaviour: type hints, and decorators (they configure, they decide nothing).
SKIPPED_FIELDS = frozenset({"annotation", "returns", "type_comment", "type_params", "decorator_list"})
#: Where a node sits: (its parent node, field name) or (the list that holds it, index).
Slot = tuple[ast.AST, str] | tuple[list[Any], int]


def _put(slot: Slot, value: ast.AST) -> None:
    holder, key = slot
    if isinstance(holder, list):
        assert isinstance(key, int)
        holder[key] = value
    else:
        assert isinstance(key, str)
        setattr(holder, key, value)


def _is_message(node: ast.AST) -> bool:
    """Text that is read, not decided on: an f-string, a docstring or another bare string statement."""
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


class _Finder:
    """Walks a syntax tree and collects its mutants, in the functions asked for (all when none)."""

    def __init__(self, source: str, functions: Sequence[str] = ()) -> None:
        self.lines = source.splitlines()
        self.functions = set(functions)
        self.mutants: list[Mutant] = []

    def visit(
        self, node: ast.AST, scope: tuple[str, ...] = (), parents: tuple[ast.AST, ...] = (), slot: Slot | None = None
    ) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            scope = (*scope, node.name)
        if _is_message(node):
            return
        if isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) and node.left.id == "__name__":
            return  # if __name__ == "__main__":
        if self._wanted(scope):
            self._mutate(node, scope, parents, slot)
        for name, value in ast.iter_fields(node):
            if name in SKIPPED_FIELDS:
                continue
            if isinstance(value, list):
                for index, child in enumerate(value):
                    if isinstance(child, ast.AST):
                        self.visit(child, scope, (*parents, node), (value, index))
            elif isinstance(value, ast.AST):
                self.visit(value, scope, (*parents, node), (node, name))

    def _wanted(self, scope: tuple[str, ...]) -> bool:
        return not self.functions or any(".".join(scope[: n + 1]) in self.functions for n in range(len(scope)))

    def _add(
        self,
        scope: tuple[str, ...],
        node: ast.AST,
        shown: ast.AST,
        apply: Callable[[], None],
        revert: Callable[[], None],
        after: ast.AST | None = None,
    ) -> None:
        """Record a mutant of ``node``; it is described as ``shown`` before and after the change."""
        line: int = getattr(node, "lineno", 1)
        before = _one_line(shown)
        apply()
        try:
            changed = _one_line(after if after is not None else shown)
        finally:
            revert()
        self.mutants.append(
            Mutant(line, ".".join(scope) or "<module>", self.lines[line - 1].strip(), before, changed, apply, revert)
        )

    def _set(
        self, scope: tuple[str, ...], node: ast.AST, shown: ast.AST, obj: object, key: str | int, new: object
    ) -> None:
        """A mutant that sets ``obj.key`` (or ``obj[key]``) to ``new``."""
        if isinstance(obj, list):
            assert isinstance(key, int)
            old = obj[key]
            apply, revert = lambda: obj.__setitem__(key, new), lambda: obj.__setitem__(key, old)
        else:
            assert isinstance(key, str)
            old = getattr(obj, key)
            apply, revert = lambda: setattr(obj, key, new), lambda: setattr(obj, key, old)
        self._add(scope, node, shown, apply, revert)

    def _replace(self, scope: tuple[str, ...], node: ast.AST, slot: Slot, new: ast.AST) -> None:
        """A mutant that puts ``new`` where ``node`` is."""
        self._add(scope, node, node, lambda: _put(slot, new), lambda: _put(slot, node), after=new)

    def _mutate(self, node: ast.AST, scope: tuple[str, ...], parents: tuple[ast.AST, ...], slot: Slot | None) -> None:
        parent = parents[-1] if parents else None
        if isinstance(node, ast.Compare):
            for index, op in enumerate(node.ops):
                if type(op) in COMPARISONS:
                    self._set(scope, node, node, node.ops, index, COMPARISONS[type(op)]())
            for operand in [node.left, *node.comparators]:  # a string that is compared decides something
                strings = operand.elts if isinstance(operand, ast.Tuple | ast.List | ast.Set) else [operand]
                for text in strings:
                    if isinstance(text, ast.Constant) and isinstance(text.value, str):
                        self._set(scope, node, node, text, "value", f"XX{text.value}XX")
        elif isinstance(node, ast.BoolOp):
            self._set(scope, node, node, node, "op", BOOLEAN[type(node.op)]())
        elif isinstance(node, ast.BinOp | ast.AugAssign) and type(node.op) in ARITHMETIC:
            self._set(scope, node, node, node, "op", ARITHMETIC[type(node.op)]())
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not) and slot is not None:
            self._replace(scope, node, slot, node.operand)
        elif isinstance(node, ast.Constant) and not isinstance(node.value, str):
            shown = _shown_in(node, parents)
            value = node.value
            if isinstance(value, bool):
                self._set(scope, node, shown, node, "value", not value)
            elif value is None and not isinstance(parent, ast.Compare):  # `is None` flips with the operator
                self._set(scope, node, shown, node, "value", True)
            elif isinstance(value, int):
                self._set(scope, node, shown, node, "value", value + 1)
                if value != 0:
                    self._set(scope, node, shown, node, "value", 0)
        elif isinstance(node, ast.Slice):
            shown = _shown_in(node, parents)
            for bound in ("lower", "upper"):
                if getattr(node, bound) is not None:
                    self._set(scope, node, shown, node, bound, None)
        for condition, where in _conditions(node):  # `x` -> `not x`, where x is not already a comparison
            if isinstance(condition, ast.Name | ast.Call | ast.Attribute | ast.Subscript) and not _type_checking(
                condition
            ):
                self._replace(scope, condition, where, ast.UnaryOp(ast.Not(), condition))
        if isinstance(node, ast.Raise) and slot is not None:
            self._replace(scope, node, slot, ast.copy_location(ast.Pass(), node))
        elif isinstance(node, ast.Continue) and slot is not None:
            self._replace(scope, node, slot, ast.copy_location(ast.Break(), node))
        elif isinstance(node, ast.Break) and slot is not None:
            self._replace(scope, node, slot, ast.copy_location(ast.Continue(), node))


def _conditions(node: ast.AST) -> list[tuple[ast.expr, Slot]]:
    """The conditions that ``node`` decides on, with where each sits."""
    if isinstance(node, ast.If | ast.While | ast.IfExp):
        return [(node.test, (node, "test"))]
    if isinstance(node, ast.comprehension):
        return [(test, (node.ifs, i)) for i, test in enumerate(node.ifs)]
    if isinstance(node, ast.BoolOp):
        return [(value, (node.values, i)) for i, value in enumerate(node.values)]
    return []


def _type_checking(condition: ast.expr) -> bool:
    """``if TYPE_CHECKING:`` guards imports for type hints only."""
    name = (
        condition.id
        if isinstance(condition, ast.Name)
        else condition.attr
        if isinstance(condition, ast.Attribute)
        else ""
    )
    return name == "TYPE_CHECKING"


def _shown_in(node: ast.AST, parents: tuple[ast.AST, ...]) -> ast.AST:
    """What a changed constant or slice is shown in: the expression around it, where that is short."""
    around = next(
        (p for p in reversed(parents) if isinstance(p, ast.expr | ast.keyword) and not isinstance(p, ast.Slice)), None
    )
    return around if around is not None and len(_one_line(around)) <= 100 else node


def find_mutants(tree: ast.Module, source: str, functions: Sequence[str] = ()) -> list[Mutant]:
    """Every mutant of ``tree`` (parsed from ``source``), in the order of the source.

    ``functions`` limits them to the bodies of those functions or classes (qualified
    names: ``GraphView.member``).
    """
    finder = _Finder(source, functions)
    finder.visit(tree)
    return sorted(finder.mutants, key=lambda m: m.line)


# ---------------------------------------------------------------------- running the tests


def module_name(path: Path) -> str:
    """The dotted name that ``path`` is imported as: its name, prefixed by every package above it."""
    path = path.resolve()
    parts = [] if path.name == "__init__.py" else [path.stem]
    folder = path.parent
    while (folder / "__init__.py").exists():
        parts.insert(0, folder.name)
        folder = folder.parent
    return ".".join(parts)


class _MutantLoader(importlib.machinery.SourceFileLoader):
    """Loads the module from the mutant's code object, never from the file or its bytecode cache."""

    def __init__(self, fullname: str, path: str, code: CodeType) -> None:
        super().__init__(fullname, path)
        self._code = code

    def get_code(self, fullname: str) -> CodeType:
        return self._code


class _MutantFinder(importlib.abc.MetaPathFinder):
    def __init__(self, name: str, path: Path, code: CodeType) -> None:
        self.name, self.path, self.code = name, path, code

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.name:
            return None
        loader = _MutantLoader(fullname, str(self.path), self.code)
        return importlib.util.spec_from_file_location(fullname, self.path, loader=loader)


@dataclass
class Target:
    """The module under test, its tree, and how to run its tests."""

    path: Path
    name: str
    tree: ast.Module
    pytest_args: list[str]
    log: str = os.devnull


def _child(target: Target, mutant: Mutant | None) -> None:
    """In the forked process: import the (mutated) module fresh and run the tests; never returns."""
    code = 3
    try:
        os.setpgrp()  # its own process group: a time-out ends the tests and whatever they started
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        out = os.open(target.log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(out, 1)
        os.dup2(out, 2)
        if mutant is not None:
            mutant.apply()
        compiled = compile(target.tree, str(target.path), "exec", dont_inherit=True)
        top = target.name.split(".")[0]
        for name in [n for n in sys.modules if n == top or n.startswith(top + ".")]:
            del sys.modules[name]  # imported again, with the mutant, by the tests
        sys.meta_path.insert(0, _MutantFinder(target.name, target.path, compiled))
        import pytest

        code = int(pytest.main(target.pytest_args))
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _wait(pid: int, timeout: float) -> int | None:
    """The exit code of ``pid``, or None after ``timeout`` seconds (then it and its group are ended)."""
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            _end(pid)
            return None
        time.sleep(0.02)


def _end(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def run_all(target: Target, mutants: Sequence[Mutant], jobs: int, timeout: float) -> Iterator[tuple[Mutant, str]]:
    """Run the tests against each mutant, ``jobs`` at a time; yield (mutant, "killed" | "survived" | "timeout")."""
    pending = list(mutants)
    running: dict[int, tuple[Mutant, float]] = {}
    try:
        while pending or running:
            while pending and len(running) < jobs:
                mutant = pending.pop(0)
                pid = os.fork()
                if pid == 0:
                    _child(target, mutant)
                running[pid] = (mutant, time.monotonic())
            for pid, (mutant, started) in list(running.items()):
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    del running[pid]
                    yield mutant, "survived" if os.waitstatus_to_exitcode(status) == 0 else "killed"
                elif time.monotonic() - started > timeout:
                    _end(pid)
                    del running[pid]
                    yield mutant, "timeout"
            time.sleep(0.02)
    finally:  # Ctrl-C, or the caller stopped early: end every test process still running
        for pid in running:
            _end(pid)


def clean_run(target: Target) -> tuple[int | None, float, str]:
    """Run the tests against the module as it is: (exit code, seconds, output)."""
    with tempfile.NamedTemporaryFile("r", suffix=".log", encoding="utf-8", errors="replace") as log:
        clean = Target(target.path, target.name, target.tree, target.pytest_args, log.name)
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            _child(clean, None)
        try:
            code = _wait(pid, 600)
        finally:
            _end(pid)
        return code, time.monotonic() - started, log.read()


def _preload(name: str) -> None:
    """Import pytest, its plugins and the module's package once, so that each forked test run starts warm.

    The child forgets the package's own modules (they are imported again, one of them
    mutated) and keeps the libraries they use.
    """
    import pytest  # noqa: F401

    for plugin in importlib.metadata.entry_points(group="pytest11"):  # with what they import lazily (hypothesis)
        tops = (plugin.dist.read_text("top_level.txt") or "").split() if plugin.dist is not None else []
        for top in [plugin.module, *tops]:
            with contextlib.suppress(Exception):
                importlib.import_module(top)
    with contextlib.suppress(Exception):
        importlib.import_module(name)


# ---------------------------------------------------------------------- equivalent mutants


@dataclass
class Equivalent:
    file: str
    line: str
    change: str
    reason: str
    used: bool = False

    def matches(self, file: str, mutant: Mutant) -> bool:
        return (self.file, self.line, self.change) == (file, mutant.source_line, mutant.change)


def read_equivalent(path: Path) -> list[Equivalent]:
    """The allow-list: ``[[equivalent]]`` tables with ``file``, ``line``, ``change`` and ``reason``."""
    if not path.exists():
        return []
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("equivalent", [])
    found = []
    for entry in entries:
        missing = {"file", "line", "change", "reason"} - set(entry)
        if missing or not str(entry["reason"]).strip():
            raise SystemExit(f"{path}: an [[equivalent]] entry needs file, line, change and a reason: {entry}")
        found.append(Equivalent(entry["file"], entry["line"], entry["change"], entry["reason"]))
    return found


def _toml(file: str, mutant: Mutant) -> str:
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return (
        f"[[equivalent]]\nfile = {quote(file)}\nline = {quote(mutant.source_line)}\n"
        f'change = {quote(mutant.change)}\nreason = "..."\n'
    )


# ---------------------------------------------------------------------- the command


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, extra = argv[:at], argv[at + 1 :]
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0],
        epilog="Example: python tools/mutate.py src/terve_kunta/options.py tests/test_options.py",
    )
    parser.add_argument("module", type=Path, help="the Python file to mutate")
    parser.add_argument("tests", nargs="+", help="the test files, folders or node ids that cover it")
    parser.add_argument(
        "--function", "-f", action="append", default=[], help="mutate only this function or class (repeatable)"
    )
    parser.add_argument("--jobs", "-j", type=int, default=1, help="test runs at once (default 1)")
    parser.add_argument("--timeout", type=float, help="seconds per mutant (default: 3 x the clean run + 10)")
    parser.add_argument("--fail-under", type=float, default=90.0, help="exit 1 under this score (default 90)")
    parser.add_argument("--equivalent", type=Path, default=EQUIVALENT, help="the allow-list of equivalent mutants")
    parser.add_argument("--toml", action="store_true", help="print each survivor as an allow-list entry")
    parser.add_argument("--list", action="store_true", help="list the mutants and run nothing")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)  # like Ctrl-C: end the test processes on the way out

    path: Path = args.module
    if not path.is_file() or path.suffix != ".py":
        parser.error(f"{path}: not a Python file")
    file = _relative(path)
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    mutants = find_mutants(tree, source, args.function)
    if args.function and not mutants:
        parser.error(f"no mutants in {', '.join(args.function)} of {file} (is the name right?)")
    if args.list:
        for m in mutants:
            print(f"{file}:{m.line} ({m.function}): {m.change}")
        print(f"{len(mutants)} mutants")
        return 0

    xdist = importlib.util.find_spec("xdist") is not None
    pytest_args = [*(["-n0"] if xdist else []), "-x", "-q", "-p", "no:cacheprovider", "--assert=plain"]
    pytest_args += [*args.tests, *extra]
    target = Target(path.resolve(), module_name(path), tree, pytest_args)
    equivalents = read_equivalent(args.equivalent)
    _preload(target.name)

    code, seconds, output = clean_run(target)
    if code != 0:
        print(output[-5000:], file=sys.stderr)
        print(
            f"the tests do not pass on the module as it is (exit {code}): pytest {' '.join(pytest_args)}",
            file=sys.stderr,
        )
        return 2
    timeout = args.timeout or 3 * seconds + 10
    print(f"{file} ({target.name}): {len(mutants)} mutants; tests pass in {seconds:.1f} s, time limit {timeout:.0f} s")
    print(f"tests: pytest {' '.join(pytest_args)}", flush=True)

    counts = {"killed": 0, "timeout": 0, "survived": 0, "equivalent": 0}
    started = time.monotonic()
    for done, (mutant, outcome) in enumerate(run_all(target, mutants, max(1, args.jobs), timeout), 1):
        where = f"{file}:{mutant.line} ({mutant.function})"
        excuse = next((e for e in equivalents if e.matches(file, mutant)), None)
        if excuse is not None:
            excuse.used = True
            if outcome == "survived":
                outcome = "equivalent"
            else:
                print(f"  listed as equivalent but {outcome}: {where}: {mutant.change} (remove it from the list)")
        counts[outcome] += 1
        if outcome in ("survived", "timeout"):
            print(f"  {outcome}: {where}: {mutant.change}\n      | {mutant.source_line}", flush=True)
            if args.toml and outcome == "survived":
                print(_toml(file, mutant))
        if sys.stderr.isatty():
            print(f"\r{done}/{len(mutants)}", end="", file=sys.stderr, flush=True)
    if sys.stderr.isatty():
        print("\r", end="", file=sys.stderr)
    for entry in equivalents:
        if entry.file == file and not entry.used and not args.function:
            print(f"  the allow-list entry matches no mutant: {entry.line!r}: {entry.change}")
    if counts["equivalent"]:
        print("equivalent (allow-listed):")
        for entry in equivalents:
            if entry.file == file and entry.used:
                print(f"  {entry.change} | {entry.line}\n      because {entry.reason}")
    judged = len(mutants) - counts["equivalent"]
    score = 100.0 * (counts["killed"] + counts["timeout"]) / judged if judged else 100.0
    print(
        f"score {score:.1f} % for {file}: {counts['killed']} killed, {counts['timeout']} timed out, "
        f"{counts['survived']} survived, {counts['equivalent']} equivalent, of {len(mutants)} mutants "
        f"({time.monotonic() - started:.0f} s)"
    )
    return 0 if score >= args.fail_under else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # the test processes are ended already; the module was never written
        print("interrupted", file=sys.stderr)
        sys.exit(130)
