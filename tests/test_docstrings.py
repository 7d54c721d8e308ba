"""Every docstring example in the package runs and gives what it shows."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import terve_kunta

MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(terve_kunta.__path__, "terve_kunta.")
    if name not in ("terve_kunta.__main__", "terve_kunta.ontology")
)


@pytest.mark.parametrize("name", ["terve_kunta", *MODULES])
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_every_public_function_has_a_docstring() -> None:
    missing = []
    for name in ["terve_kunta", *MODULES]:
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", ()):
            obj = getattr(module, attr)
            if callable(obj) and not (obj.__doc__ or "").strip():
                missing.append(f"{name}.{attr}")
    assert not missing
