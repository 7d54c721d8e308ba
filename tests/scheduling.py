"""Which tests share a worker, and in what order they start (a plugin that ``conftest.py`` registers).

The suite runs on every core with ``--dist loadgroup``: a worker takes one *unit* at a time,
either one test or a group of tests that share something expensive, which is then made once:

- the tests on the session's Virtuoso (``store_kg`` or ``loaded_kg`` on it, or ``virtuoso_server``):
  one server, and those that only read run before those that write, so that it is filled as few
  times as it can be (``conftest._virtuoso_packaged``);
- the tests of one value of a session-scoped parametrized fixture (``loaded_kg[oxigraph]``: the group
  ``loaded_kg-oxigraph``): pytest keeps one value at a time, so mixed with others it would be made again
  and again;
- the tests of a module that has a module-scoped fixture, for the same reason;
- the groups of :data:`GROUPS` (session-scoped fixtures that only some modules use).

Units start longest first, by the durations of the last run (kept in pytest's cache), so that no long
test starts last while the other cores have nothing left to do; without them, the Virtuoso group
starts first (the server takes seconds to start), then the tests marked ``slow``, then the rest, each
in their order.
"""

from __future__ import annotations

from typing import Any

import pytest

#: Session-scoped fixtures that only some modules use: their tests run on one worker.
GROUPS = {
    "tests/export/": "export",  # the exports and the site of the session (tests/export/conftest.py)
}
VIRTUOSO = "virtuoso"
#: Where pytest's cache keeps the durations of the last run, by test.
DURATIONS = "terve_kunta/durations"
#: Without the durations of a run: what the Virtuoso group is taken to cost more (the server's start), and a test
#: marked ``slow`` (the others count nothing, and keep their order).
VIRTUOSO_START = 100.0
SLOW = 1.0


def base_id(nodeid: str) -> str:
    """A test's id without the ``@group`` that xdist appends under ``--dist loadgroup``."""
    return nodeid.split("@")[0] if nodeid.rfind("@") > nodeid.rfind("]") else nodeid


def _params(item: pytest.Item) -> dict[str, Any]:
    callspec = getattr(item, "callspec", None)
    return dict(callspec.params) if callspec is not None else {}


def _fixtures(item: pytest.Item) -> list[str]:
    return list(getattr(item, "fixturenames", ()))


def uses_virtuoso(item: pytest.Item) -> bool:
    """Whether the test runs on the session's Virtuoso."""
    params = _params(item)
    return VIRTUOSO in (params.get("store_kg"), params.get("loaded_kg")) or "virtuoso_server" in _fixtures(item)


def reads_only(item: pytest.Item) -> bool:
    """Whether the test reads the store it is given (``loaded_kg``) rather than changing it."""
    return "loaded_kg" in _params(item) and "store_kg" not in _fixtures(item)


def marked_group(item: pytest.Item) -> str | None:
    """The group that the test's ``xdist_group`` mark names (read as xdist reads it), if it has one."""
    marked = item.get_closest_marker("xdist_group")
    if marked is None:
        return None
    return str(marked.args[0] if marked.args else marked.kwargs.get("name", "default"))


def group_of(item: pytest.Item) -> str | None:
    """The group whose worker runs ``item``, or None if it may run anywhere."""
    marked = marked_group(item)
    if marked is not None:
        return marked
    if uses_virtuoso(item):
        return VIRTUOSO
    path = item.nodeid.split("::")[0]
    listed = next((group for prefix, group in GROUPS.items() if path.startswith(prefix)), None)
    if listed is not None:
        return listed
    params = _params(item)
    info = getattr(item, "_fixtureinfo", None)
    for name, definitions in info.name2fixturedefs.items() if info is not None else ():
        scope = definitions[-1].scope
        if scope == "session" and name in params:
            return f"{name}-{params[name]}"  # no "]": xdist reads the group after the last "@" that follows any "]"
        if scope in ("package", "module", "class"):
            return path
    return None


class Scheduling:
    """Orders the units (groups and single tests), and keeps the durations of the run for the next one."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.durations: dict[str, float] = {}

    def _cache(self) -> Any:
        return getattr(self.config, "cache", None)

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        """Order the units longest first; in the Virtuoso group, the tests that only read first."""
        cache = self._cache()
        known: dict[str, float] = (cache.get(DURATIONS, None) if cache is not None else None) or {}
        units: dict[str, list[pytest.Item]] = {}
        for item in items:
            units.setdefault(marked_group(item) or item.nodeid, []).append(item)

        def guess(item: pytest.Item) -> float:  # no durations yet (or no cache, -p no:cacheprovider)
            return SLOW if item.get_closest_marker("slow") is not None else 0.0

        def cost(unit: tuple[str, list[pytest.Item]]) -> float:
            seconds = sum(known.get(base_id(item.nodeid), 0.0) if known else guess(item) for item in unit[1])
            return seconds + VIRTUOSO_START if unit[0] == VIRTUOSO and not known else seconds

        ordered = sorted(units.items(), key=cost, reverse=True)  # a stable sort: equal costs keep their order
        if VIRTUOSO in units:
            units[VIRTUOSO].sort(key=lambda item: not reads_only(item))
        items[:] = [item for _, unit in ordered for item in unit]
        if getattr(self.config.option, "loadgroup", False):  # set in xdist's workers under --dist loadgroup
            for item in items:
                _name_group(item)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Add up each test's setup, call and teardown."""
        name = base_id(report.nodeid)
        self.durations[name] = self.durations.get(name, 0.0) + report.duration

    def pytest_sessionfinish(self) -> None:
        """Keep the durations (where the reports of every worker arrive: not in a worker)."""
        cache = self._cache()
        if cache is None or hasattr(self.config, "workerinput") or not self.durations:
            return
        cache.set(DURATIONS, {**(cache.get(DURATIONS, None) or {}), **self.durations})


def _name_group(item: pytest.Item) -> None:
    """Append ``@group`` to the test's id, as xdist does under ``--dist loadgroup`` where it can.

    xdist 3.8 appends it to ``item._nodeid``, which pytest 9.2 no longer reads (the id is ``item._id``):
    the groups would be ignored, silently. Where xdist's suffix is missing, it is added here.
    """
    group = marked_group(item)
    structured = getattr(item, "_id", None)
    if group is None or structured is None or base_id(item.nodeid) != item.nodeid:
        return
    item._id = type(structured).parse(f"{item.nodeid}@{group}")


class Groups:
    """Marks each test with its group before xdist reads the marks (apart from :class:`Scheduling`,
    which orders the tests after every other plugin, pytest's own reordering among them)."""

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        """Mark each test that belongs to a group."""
        for item in items:
            group = group_of(item)
            if group is not None and marked_group(item) is None:
                item.add_marker(pytest.mark.xdist_group(group))


def register(config: pytest.Config) -> None:
    """Register the plugin's two parts."""
    config.pluginmanager.register(Groups(), "terve-kunta-groups")
    config.pluginmanager.register(Scheduling(config), "terve-kunta-scheduling")
