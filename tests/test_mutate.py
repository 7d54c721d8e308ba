"""tools/mutate.py: the mutants it makes; a run tells killed from surviving ones and never writes the module."""

from __future__ import annotations

import ast
import importlib.util
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from types import ModuleType

import pytest

TOOL = Path(__file__).resolve().parent.parent / "tools" / "mutate.py"


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mutate", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["mutate"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def changes(source: str, *functions: str) -> list[str]:
    source = textwrap.dedent(source)
    return [m.change for m in load_tool().find_mutants(ast.parse(source), source, functions)]


def test_operators_and_constants_flip_one_at_a_time() -> None:
    found = changes(
        """
        def f(a: int, items: list[int]) -> int | None:
            if a <= 2 and a not in items:
                return items[1:]
            while not items:
                a += 1
                break
            if a is None:
                raise ValueError("no a")
            if items.count(a):
                return [x for x in items if x.real]
            return a - 1 if a == "x" else True
        """
    )
    assert found == [
        "a <= 2 and a not in items -> a <= 2 or a not in items",
        "a <= 2 -> a < 2",
        "a <= 2 -> a <= 3",
        "a <= 2 -> a <= 0",
        "a not in items -> a in items",
        "items[1:] -> items[:]",
        "items[1:] -> items[2:]",
        "items[1:] -> items[0:]",
        "not items -> items",
        "a += 1 -> a -= 1",
        "1 -> 2",
        "1 -> 0",
        "break -> continue",
        "a is None -> a is not None",
        "raise ValueError('no a') -> pass",
        "items.count(a) -> not items.count(a)",
        "x.real -> not x.real",
        "a == 'x' -> a != 'x'",
        "a == 'x' -> a == 'XXxXX'",
        "a - 1 -> a + 1",
        "a - 1 -> a - 2",
        "a - 1 -> a - 0",
        "a - 1 if a == 'x' else True -> a - 1 if a == 'x' else False",
    ]


def test_text_type_hints_and_decorators_are_left_alone() -> None:
    found = changes(
        '''
        """A docstring."""
        import functools
        LIMIT: dict[str, int] = {"a": 1}

        @functools.lru_cache(maxsize=128)
        def g(x: "int | None" = None) -> list[int]:
            """Another."""
            print(f"{x + 1} items", "a message")
            return [x]

        if TYPE_CHECKING:
            import typing
        if __name__ == "__main__":
            g()
        '''
    )
    assert found == ["{'a': 1} -> {'a': 2}", "{'a': 1} -> {'a': 0}", "None -> True"]  # the dict's value, the default


def test_mutants_can_be_limited_to_functions() -> None:
    source = """
        class C:
            def m(self):
                return 1
        def h():
            return 2
        """
    assert changes(source, "C.m") == ["1 -> 2", "1 -> 0"]
    assert changes(source, "C") == ["1 -> 2", "1 -> 0"]
    assert changes(source, "h") == ["2 -> 3", "2 -> 0"]


TINY = """\
import time


def add(a, b):
    return a + b


def is_empty(items):
    return not items


def countdown(n):
    while n > 0:
        n -= 1
        time.sleep(0.01)
    return n
"""

TINY_TESTS = """\
from tiny import add, countdown


def test_add():
    assert add(2, 3) == 5


def test_countdown():
    assert countdown(3) == 0
"""


def mutate(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TOOL), *args], cwd=folder, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.slow
def test_a_run_tells_killed_from_surviving_mutants_and_leaves_the_module_as_it_was(tmp_path: Path) -> None:
    module = tmp_path / "tiny.py"
    module.write_text(TINY)
    (tmp_path / "test_tiny.py").write_text(TINY_TESTS)
    before = module.stat()

    done = mutate(tmp_path, "tiny.py", "test_tiny.py", "--timeout", "5", "--jobs", "2")

    assert done.returncode == 1, done.stderr  # under 90 %
    out = done.stdout
    assert "tiny.py (tiny): 7 mutants" in out
    assert "survived: tiny.py:9 (is_empty): not items -> items\n      | return not items" in out
    assert out.count("survived:") == 1
    # n -= 1 -> n += 1 and n -= 1 -> n -= 0 never end: they are stopped and count as found
    assert "timeout: tiny.py:14 (countdown): n -= 1 -> n += 1" in out
    assert "timeout: tiny.py:14 (countdown): 1 -> 0" in out
    assert "score 85.7 % for tiny.py: 4 killed, 2 timed out, 1 survived, 0 equivalent, of 7 mutants" in out
    assert module.read_text() == TINY and module.stat().st_mtime_ns == before.st_mtime_ns


@pytest.mark.slow
def test_equivalent_mutants_are_listed_with_a_reason_and_the_list_is_checked(tmp_path: Path) -> None:
    (tmp_path / "tiny.py").write_text(TINY.split("\n\ndef countdown")[0] + "\n")
    (tmp_path / "test_tiny.py").write_text("from tiny import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n")
    (tmp_path / "equivalent.toml").write_text(
        textwrap.dedent(
            """
            [[equivalent]]
            file = "tiny.py"
            line = "return not items"
            change = "not items -> items"
            reason = "nothing calls is_empty (a test of the tool)"

            [[equivalent]]
            file = "tiny.py"
            line = "return a + b"
            change = "a + b -> a - b"
            reason = "wrongly listed"

            [[equivalent]]
            file = "tiny.py"
            line = "return a * b"
            change = "a * b -> a // b"
            reason = "a line that is gone"
            """
        )
    )
    done = mutate(tmp_path, "tiny.py", "test_tiny.py", "--equivalent", "equivalent.toml")

    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "listed as equivalent but killed: tiny.py:5 (add): a + b -> a - b" in out
    assert "the allow-list entry matches no mutant: 'return a * b'" in out
    assert "because nothing calls is_empty (a test of the tool)" in out
    assert "score 100.0 % for tiny.py: 1 killed, 0 timed out, 0 survived, 1 equivalent, of 2 mutants" in out


def test_tests_that_fail_on_the_module_as_it_is_stop_the_run(tmp_path: Path) -> None:
    (tmp_path / "tiny.py").write_text("def one():\n    return 2\n")
    (tmp_path / "test_tiny.py").write_text("from tiny import one\n\n\ndef test_one():\n    assert one() == 1\n")
    done = mutate(tmp_path, "tiny.py", "test_tiny.py")
    assert done.returncode == 2
    assert "the tests do not pass on the module as it is" in done.stderr
    assert "assert one() == 1" in done.stderr and "AssertionError" in done.stderr


@pytest.mark.slow
def test_ctrl_c_ends_the_tests_it_started(tmp_path: Path) -> None:
    (tmp_path / "tiny.py").write_text("def one():\n    return 1\n")
    (tmp_path / "test_tiny.py").write_text(
        "import os, pathlib, time\n\n\ndef test_slow():\n"
        "    pathlib.Path('pid').write_text(str(os.getpid()))\n    time.sleep(60)\n"
    )
    tool = subprocess.Popen(
        [sys.executable, str(TOOL), "tiny.py", "test_tiny.py"],
        cwd=tmp_path,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    pid_file = tmp_path / "pid"
    deadline = time.monotonic() + 60
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline and tool.poll() is None, tool.communicate()
        time.sleep(0.05)
    tool.send_signal(signal.SIGINT)
    tool.communicate(timeout=30)
    assert tool.returncode == 130
    with pytest.raises(ProcessLookupError):  # the test process was ended, not left sleeping
        os.kill(int(pid_file.read_text()), 0)


def test_every_equivalent_mutant_listed_is_one_the_tool_makes() -> None:
    """The allow-list stays true as the code changes: each entry names a mutant of its file as it is now.

    (A run reports an entry that matches no mutant, but only for the file it runs on.)
    """
    tool = load_tool()
    repo = TOOL.parent.parent
    entries = tool.read_equivalent(tool.EQUIVALENT)
    assert entries
    made: dict[str, set[tuple[str, str]]] = {}
    for entry in entries:
        if entry.file not in made:
            source = (repo / entry.file).read_text(encoding="utf-8")
            made[entry.file] = {(m.source_line, m.change) for m in tool.find_mutants(ast.parse(source), source)}
        assert (entry.line, entry.change) in made[entry.file], f"{entry.file}: no mutant {entry.change} | {entry.line}"
    assert len({(e.file, e.line, e.change) for e in entries}) == len(entries)  # each listed once
