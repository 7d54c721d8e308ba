"""Sphinx configuration for the terve_kunta documentation (builds offline, no intersphinx)."""

from __future__ import annotations

from importlib.metadata import version as _version

project = "terve_kunta"
author = "terve_kunta developers"
copyright = "terve_kunta developers; code EUPL-1.2, data CC BY 4.0"
release = _version("terve_kunta")
version = release

extensions = ["sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.viewcode"]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": False}
autodoc_pydantic_model_show_json = False
exclude_patterns = ["_build"]
html_theme = "alabaster"
html_static_path: list[str] = []
language = "en"
nitpicky = False
suppress_warnings = ["ref.python"]
