"""``terve-kunta-api``: the public API, read from ``terve_kunta.__all__`` at build time.

Every name of ``terve_kunta.__all__`` is documented with autodoc, in sections by what it is
for (chosen from the module that defines it), and then every class of the package that a
public object returns or holds (a method's return type, a property's or field's type) and
that ``__all__`` does not name, found by walking the annotations. Names that are rdflib's
own (the ``OWL`` namespace) are listed as re-exports, not documented as rdflib's classes.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import sys
from collections.abc import Iterator
from enum import Enum
from functools import cache
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

import terve_kunta

#: Sections, in order, and the modules (prefixes of ``__module__``) whose objects go in each.
SECTIONS: list[tuple[str, tuple[str, ...]]] = [
    ("Loading and the graph", ("terve_kunta.graph", "terve_kunta.data.view", "terve_kunta.data.files")),
    ("What the graph holds (models)", ("terve_kunta.models",)),
    ("Self-assessments and compliance reports", ("terve_kunta.assessment", "terve_kunta.validation")),
    ("Queries", ("terve_kunta.sparql", "terve_kunta.stores")),
    ("The member registry", ("terve_kunta.registry",)),
    ("Integrity of the data", ("terve_kunta.data.integrity",)),
    ("Export and publication", ("terve_kunta.export",)),
    ("Analysis", ("terve_kunta.analysis",)),
    ("Errors", ("terve_kunta.errors",)),
]
#: Names shown first in their section, in this order.
FIRST = ["load", "KnowledgeGraph", "SelfAssessment", "ComplianceReport"]
_PYDANTIC_INTERNALS = "model_config, model_fields, model_computed_fields, model_post_init"
_NAME = re.compile(r"\b([A-Z][A-Za-z0-9_]*)\b(?!\s*\()")  # a name, not a call (``Rdf(...)`` metadata)


def public_names() -> list[str]:
    """``terve_kunta.__all__`` without dunder names."""
    return [n for n in terve_kunta.__all__ if not n.startswith("__")]


def _section(module: str) -> str | None:
    for title, prefixes in SECTIONS:
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return title
    return None


@cache
def _classes_by_name() -> dict[str, list[type]]:
    """Every class defined in a module of the package, by its name."""
    found: dict[str, list[type]] = {}
    for info in pkgutil.walk_packages(terve_kunta.__path__, "terve_kunta."):
        if info.name in ("terve_kunta.__main__", "terve_kunta.ontology"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if inspect.isclass(value) and value.__module__ == info.name:
                found.setdefault(value.__name__, [])
                if value not in found[value.__name__]:
                    found[value.__name__].append(value)
    return found


def _annotations(cls: type) -> Iterator[tuple[str, Any]]:
    """(module, annotation) of the public methods' returns, properties and fields of ``cls``."""
    module = cls.__module__
    for name, member in vars(cls).items():
        if name.startswith("_"):
            continue
        target = member.fget if isinstance(member, property) else member
        target = getattr(target, "func", target)  # functools.cached_property
        annotation = getattr(target, "__annotations__", {}).get("return")
        if annotation is not None:
            yield module, annotation
    for name, annotation in getattr(cls, "__annotations__", {}).items():
        if not name.startswith("_"):
            yield module, annotation


def _named(module: str, annotation: Any) -> Iterator[type]:
    """The package's classes that an annotation (text or object) names."""
    text = annotation if isinstance(annotation, str) else repr(annotation)
    namespace = vars(sys.modules[module])
    for name in _NAME.findall(text):
        value = namespace.get(name)
        if inspect.isclass(value) and value.__module__.startswith("terve_kunta"):
            yield value
            continue
        candidates = _classes_by_name().get(name, [])
        if len(candidates) == 1:
            yield candidates[0]


def returned_classes(roots: list[Any]) -> list[type]:
    """Classes of the package reachable from ``roots`` through annotations, not among ``roots``."""
    seen: list[type] = [r for r in roots if inspect.isclass(r)]
    queue = list(seen)
    for root in roots:
        if inspect.isfunction(root):
            annotation = root.__annotations__.get("return")
            if annotation is not None:
                queue.extend(_named(root.__module__, annotation))
    found: list[type] = []
    while queue:
        cls = queue.pop(0)
        if cls not in seen:
            seen.append(cls)
            found.append(cls)
        for module, annotation in _annotations(cls):
            queue.extend(c for c in _named(module, annotation) if c not in seen and c not in queue)
    return [c for c in found if not issubclass(c, BaseException) and not _is_namespace(c)]


def _document(path: str, obj: Any) -> list[str]:
    if inspect.isclass(obj):
        options = ["   :members:", f"   :exclude-members: {_PYDANTIC_INTERNALS}"]
        if issubclass(obj, BaseException):
            options = ["   :show-inheritance:"]
        elif issubclass(obj, Enum):
            options = ["   :members:", "   :undoc-members:"]
        return [f".. autoclass:: {path}", *options, ""]
    if callable(obj):
        return [f".. autofunction:: {path}", ""]
    return []


def _is_namespace(value: Any) -> bool:
    from rdflib.namespace import DefinedNamespace, Namespace

    return isinstance(value, Namespace) or (inspect.isclass(value) and issubclass(value, DefinedNamespace))


def _constant(name: str, value: Any) -> list[str]:
    """A constant: an IRI, a namespace of ours, or one of rdflib's namespaces re-exported."""
    from rdflib.namespace import Namespace

    if isinstance(value, Namespace):
        what = f"A namespace: ``{value!s}`` (``{name}['...']`` or ``{name}.term`` makes an IRI in it)."
    elif _is_namespace(value):
        iri = str(value._NS)
        if value.__module__.startswith("terve_kunta"):
            what = f"The ontology's terms, as a closed namespace: ``{iri}`` (``{name}.Theme``; a misspelt term fails)."
        else:
            what = f"rdflib's namespace ``{iri}``, re-exported for convenience (see rdflib's documentation)."
    else:
        what = f"``{value}``"
    return [f".. py:data:: terve_kunta.{name}", "", f"   {what}", ""]


def reference() -> str:
    """The API reference as reStructuredText."""
    names = public_names()
    objects = {n: getattr(terve_kunta, n) for n in names}
    by_section: dict[str, list[str]] = {}
    constants: list[str] = []
    for name, obj in objects.items():
        if _is_namespace(obj) or not (inspect.isclass(obj) or callable(obj)):
            constants.append(name)
            continue
        section = _section(obj.__module__) or f"``{obj.__module__}``"
        by_section.setdefault(section, []).append(name)
    order = [t for t, _ in SECTIONS if t in by_section] + [t for t in by_section if t not in dict(SECTIONS)]
    out = ["Everything below is importable as ``terve_kunta.NAME`` (``import terve_kunta as tk``).", ""]
    for title in order:
        out += [title, "-" * len(title), ""]
        entries = by_section[title]
        if title == "Errors":  # the base class first
            entries.sort(key=lambda n: (objects[n] is not terve_kunta.TerveKuntaError, n))
        else:  # what a reader starts from first, then functions, then classes
            entries.sort(
                key=lambda n: (n not in FIRST, FIRST.index(n) if n in FIRST else 0, inspect.isclass(objects[n]), n)
            )
        for name in entries:
            out += _document(f"terve_kunta.{name}", objects[name])
    out += ["Constants", "---------", ""]
    out.append(f".. py:data:: terve_kunta.__version__\n\n   The package's version: ``{terve_kunta.__version__}``.\n")
    for name in constants:
        out += _constant(name, objects[name])
    extra = returned_classes([o for o in objects.values() if not _is_namespace(o)])
    if extra:
        title = "Objects that the API returns"
        out += [title, "-" * len(title), ""]
        out += ["Not importable from ``terve_kunta`` itself, but returned by (or held in) the objects above.", ""]
        for cls in sorted(extra, key=lambda c: (c.__module__, c.__name__)):
            out += _document(f"{cls.__module__}.{cls.__qualname__}", cls)
    return "\n".join(out)


class TerveKuntaApi(SphinxDirective):
    """Insert the API reference."""

    def run(self) -> list[nodes.Node]:
        """Parse the generated reference into nodes."""
        for module in sys.modules.values():  # a change to these extensions rebuilds the page
            path = getattr(module, "__file__", None) or ""
            if "tkdocs" in getattr(module, "__name__", "") and path:
                self.env.note_dependency(path)
        container = nodes.section()
        container.document = self.state.document
        text = reference()
        nested_parse_with_titles(self.state, StringList(text.splitlines(), "terve-kunta-api"), container)
        return list(container.children)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive("terve-kunta-api", TerveKuntaApi)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
