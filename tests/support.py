"""What the tests share that is not a fixture: paths, the criteria slugs, the example files, small helpers.

Fixtures live in ``conftest.py``; test modules never import each other.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "sources"
ONTOLOGY = REPO / "ontology"
EXAMPLES = REPO / "examples" / "assessments"
#: The European Commission's DCAT-AP 3.0.1 SHACL shapes, the repository's unchanged copy.
DCAT_AP = SOURCES / "data" / "dcat-ap-3.0.1"
KUOPIO = EXAMPLES / "compliant" / "kuopio.yaml"
COUNTY = EXAMPLES / "compliant" / "pohjois-savon-hyvinvointialue.yaml"
FAILING = sorted((EXAMPLES / "failing").glob("*.yaml"))
LANGS = ("fi", "sv", "en")

#: The ``run`` fixture: ``run(*argv, shared=True) -> (exit code, stdout, stderr)``.
Run = Callable[..., tuple[int, str, str]]

#: The 14 criterion slugs of issue 2, in the order of the source (other tools refer to them).
CRITERIA_SLUGS = [
    "top-management-responsibility",
    "joining-decision",
    "network-tasks-commitment",
    "hosting-commitment",
    "cross-sectoral-steering-group",
    "wellbeing-coordinator",
    "responsible-elected-official",
    "contact-person",
    "sufficient-resources",
    "statutory-health-promotion",
    "cross-sectoral-development-and-participation",
    "health-promotion-communication",
    "national-network-engagement",
    "national-network-participation",
]


def expected(path: Path) -> tuple[str, str]:
    """The criterion and status that a failing example's name says it has (``slug--status--what.yaml``)."""
    slug, status, _ = path.stem.split("--")
    return slug, status


def kuopio(**changes: Any) -> dict[str, Any]:
    """The compliant Kuopio example as a mapping, with ``changes`` applied (None removes a key)."""
    data: dict[str, Any] = yaml.safe_load(KUOPIO.read_text(encoding="utf-8"))
    data["assessed_on"] = str(data["assessed_on"])
    data["joining_decision"]["date"] = str(data["joining_decision"]["date"])
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def read_csv(name: str) -> list[dict[str, str]]:
    with (SOURCES / "data" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def normalise_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def seed_text() -> str:
    """The Finnish presentation with its line-break artefacts fixed.

    A line that ends in a hyphen continues the word on the next line ("Terve Kunta -"
    + "verkostopäivät"); other line breaks and runs of spaces become single spaces.
    """
    text = (SOURCES / "seed" / "000_496f85d952298658.txt").read_text(encoding="utf-8")
    return normalise_space(re.sub(r"-[ \t]*\n\s*", "-", text))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 30.0) -> None:
    """Wait until the SPARQL endpoint ``url`` (served by ``process``) answers."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}")
        try:
            with opener.open(url + "?query=ASK%7B%7D", timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"the server did not answer at {url} within {seconds} s")


@cache
def tool(name: str) -> ModuleType:
    """The script ``tools/{name}.py`` as a module, loaded once, to call its ``main(argv) -> exit code`` in-process.

    The tools' start-up is not what their tests test; a process for each call cost a second
    of CPU. The path entries it needs while it is imported (``src/``, ``tools/``) are taken back.
    """
    path = REPO / "tools" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"tools_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    before = list(sys.path)
    sys.path.insert(0, str(path.parent))  # as when run as a script: its neighbours import as modules
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = before
    return module


#: Steps of a new python process, run in this order; :func:`modules_after` tells what each leaves loaded.
IMPORT_STEPS = {
    "import": "import terve_kunta as tk",
    "import the integrity check": "from terve_kunta.data.integrity import check_integrity",
    "load and read": "kg = tk.load()\nkg.members(); kg.themes(); kg.criteria()",
    "validate with the fast engine": f"kg.validate({str(KUOPIO)!r})",
}


@cache
def modules_after() -> dict[str, frozenset[str]]:
    """The modules loaded after each of :data:`IMPORT_STEPS`, in one new python process (one start, not four).

    A step runs after those before it and modules are never unloaded, so what a step is
    said not to load is tested against at least what it would load on its own.
    """
    marks = [f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))" for code in IMPORT_STEPS.values()]
    result = subprocess.run([sys.executable, "-c", "\n".join(marks)], capture_output=True, text=True, check=True)
    lines = result.stdout.splitlines()[-len(IMPORT_STEPS) :]
    return {step: frozenset(json.loads(line)) for step, line in zip(IMPORT_STEPS, lines, strict=True)}
