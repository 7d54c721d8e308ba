"""Sphinx configuration of the terve_kunta documentation.

Builds offline: no intersphinx, no remote fonts or scripts (furo ships its own assets). The
references (API, command line, ontology, concept schemes, criteria), the pictures and the
output of every command shown are made at build time from the installed package, its Turtle
and ``examples/`` by the extensions in ``_ext/tkdocs``. Build with
``sphinx-build -W docs docs/_build/html`` (warnings are errors).
"""

from __future__ import annotations

import gc
import sys
from importlib.metadata import version as _version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

# A build is a process of its own that makes docutils trees, loads the graph and runs commands: with Python's
# garbage-collector thresholds (700, 10, 10) it made 2,063 collections taking 2.2-2.5 s of its 7.5-8.5 s of CPU;
# with these, 210 taking 0.65 s (timed by gc.callbacks). What is built is the same.
gc.set_threshold(10_000, 20, 20)

project = "terve_kunta"
author = "terve_kunta developers"
copyright = "terve_kunta developers; code EUPL-1.2, data CC BY 4.0"
release = _version("terve_kunta")
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "myst_nb",
    "sphinx_copybutton",
    "tkdocs.run",
    "tkdocs.api",
    "tkdocs.cli",
    "tkdocs.turtle",
    "tkdocs.figures",
]
exclude_patterns = ["_build", "_generated", "_ext", "README.md"]
language = "en"
nitpicky = False
suppress_warnings = ["ref.python"]

# autodoc: the public API only (docs/api.rst lists it from terve_kunta.__all__)
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
autodoc_default_options = {"members": True, "show-inheritance": False}
autodoc_class_signature = "separated"

# MyST (Markdown pages) and MyST-NB (the analysts' notebook, shown with its saved outputs;
# tests/test_examples.py runs it)
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3
nb_execution_mode = "off"
nb_merge_streams = True

# copy buttons copy the command, not the prompt or the output
copybutton_prompt_text = r"\$ |>>> |\.\.\. "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True

html_theme = "furo"
html_title = f"terve_kunta {release}"
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_last_updated_fmt = None
html_theme_options: dict[str, Any] = {
    "navigation_with_keys": True,
}


def _page_language(app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """A page whose metadata says ``language: fi`` (or sv) is marked so in its ``<html lang>``."""
    language = app.env.metadata.get(pagename, {}).get("language")
    if language:
        context["language"] = language
        context["lang_attr"] = language


def setup(app: Any) -> None:
    """Mark the language of the Finnish and Swedish pages."""
    app.connect("html-page-context", _page_language)
