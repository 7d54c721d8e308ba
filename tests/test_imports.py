"""`import terve_kunta` stays light: heavy libraries load only when used."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pyshacl", "networkx", "pandas", "yaml", "rdflib.plugins.sparql")


def modules_after(code: str) -> set[str]:
    probe = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_import_loads_no_heavy_library() -> None:
    loaded = modules_after("import terve_kunta")
    assert not {m for m in loaded for h in HEAVY if m == h or m.startswith(h + ".")}


def test_load_and_members_load_no_heavy_library() -> None:
    loaded = modules_after("import terve_kunta as tk\nkg = tk.load()\nkg.members(); kg.themes(); kg.criteria()")
    assert not {m for m in loaded for h in HEAVY[:3] if m == h or m.startswith(h + ".")}


def test_integrity_check_loads_pyshacl_when_used() -> None:
    loaded = modules_after("import terve_kunta as tk\nfrom terve_kunta.data.integrity import check_integrity")
    assert "pyshacl" not in loaded
