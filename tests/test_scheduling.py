"""tests/scheduling.py: which tests share a worker, and the order in which the units start."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest

from tests import scheduling


@dataclass
class Item:
    """What the plugin reads of a collected test."""

    nodeid: str
    marks: dict[str, Any] = field(default_factory=dict)
    params: dict[str, str] | None = None
    fixturenames: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.params is not None:
            self.callspec = SimpleNamespace(params=self.params)

    def get_closest_marker(self, name: str) -> Any:
        return self.marks.get(name)


def group(name: str) -> Any:
    return pytest.mark.xdist_group(name).mark


def order(items: list[Item], durations: dict[str, float] | None = None) -> list[str]:
    cache = SimpleNamespace(get=lambda key, default: durations)
    config = SimpleNamespace(cache=cache, option=SimpleNamespace())
    listed: list[Any] = list(items)
    scheduling.Scheduling(config).pytest_collection_modifyitems(listed)  # type: ignore[arg-type]
    return [item.nodeid for item in listed]


def test_base_id_drops_only_the_group_that_xdist_appends() -> None:
    assert scheduling.base_id("tests/a.py::t[x]@virtuoso") == "tests/a.py::t[x]"
    assert scheduling.base_id("tests/a.py::t@export") == "tests/a.py::t"
    assert scheduling.base_id("tests/a.py::t[user@host]") == "tests/a.py::t[user@host]"  # "@" inside the id


def test_virtuoso_tests_share_a_group_and_the_readers_go_first() -> None:
    reader = Item("r", params={"loaded_kg": "virtuoso"})
    writer = Item("w", params={"store_kg": "virtuoso"}, fixturenames=("store_kg",))
    server = Item("s", fixturenames=("virtuoso_server",))
    other = Item("o", params={"store_kg": "oxigraph"}, fixturenames=("store_kg",))
    assert [scheduling.group_of(i) for i in (reader, writer, server)] == ["virtuoso"] * 3  # type: ignore[arg-type]
    assert scheduling.group_of(other) is None  # type: ignore[arg-type]
    assert scheduling.reads_only(reader) and not scheduling.reads_only(writer)  # type: ignore[arg-type]
    for item in (writer, reader):
        item.marks["xdist_group"] = group("virtuoso")
    assert order([other, writer, reader]) == ["r", "w", "o"]  # no durations: Virtuoso's start counts first


def test_a_marked_group_and_a_listed_folder_decide_before_anything_else() -> None:
    marked = Item("tests/export/test_x.py::t", marks={"xdist_group": group("integrity-of-kg")})
    assert scheduling.group_of(marked) == "integrity-of-kg"  # type: ignore[arg-type]
    assert scheduling.group_of(Item("tests/export/test_x.py::u")) == "export"  # type: ignore[arg-type]


def test_without_durations_slow_tests_start_first_and_the_rest_keep_their_order() -> None:
    slow = Item("c", marks={"slow": pytest.mark.slow.mark})
    assert order([Item("a"), Item("b"), slow]) == ["c", "a", "b"]


def test_with_durations_the_longest_unit_starts_first() -> None:
    pair = [Item(n, marks={"xdist_group": group("g")}) for n in ("g1", "g2")]
    durations = {"a": 3.0, "g1": 2.0, "g2": 2.0, "b": 0.5}
    assert order([Item("b"), Item("a"), *pair], durations) == ["g1", "g2", "a", "b"]


def test_durations_add_up_setup_call_and_teardown_by_test() -> None:
    plugin = scheduling.Scheduling(SimpleNamespace(cache=None))  # type: ignore[arg-type]
    for when, seconds in (("setup", 0.25), ("call", 1.0), ("teardown", 0.25)):
        plugin.pytest_runtest_logreport(SimpleNamespace(nodeid="t@g", when=when, duration=seconds))  # type: ignore[arg-type]
    assert plugin.durations == {"t": 1.5}


def test_the_suite_collects_garbage_at_its_own_thresholds_with_start_up_frozen() -> None:
    """Every process of the suite (each worker too) runs at conftest's thresholds, with what it collected frozen."""
    import gc

    from tests.conftest import GC_THRESHOLDS

    assert gc.get_threshold() == GC_THRESHOLDS != (700, 10, 10)
    assert gc.get_freeze_count() > 10_000  # the modules, tests and fixtures of the collection at least
