"""``terve-kunta-figure``: a picture drawn from the shipped data while the docs are built.

.. code-block:: rst

   .. terve-kunta-figure:: tile-map
      :lang: fi

      Caption.

The picture is drawn (matplotlib, networkx) into ``docs/_generated/figures/NAME-LANG.png``
and shown as a figure (any option of ``figure`` may be given; the alt text defaults to the
picture's title). It is drawn again only when what it is drawn from changes: the package's
code and data, the examples, these modules, matplotlib's version, or the day (pictures of
the members show the members of the build's day). The key of what it was drawn from is kept
beside it (``.key``), and files are written whole (to a temporary name, then renamed), so
that two builds at once do not see half a picture.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from datetime import date
from functools import cache
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.directives.images import Figure
from sphinx.application import Sphinx
from sphinx.util import logging

from tkdocs import draw_members, draw_themes
from tkdocs.common import EXAMPLES, graph

logger = logging.getLogger(__name__)

FOLDER = "_generated/figures"
LANGS = ("fi", "sv", "en")
DPI = 150


def _draw(name: str, lang: str, day: date) -> Any:
    kg = graph()
    drawings: dict[str, Callable[[], Any]] = {
        "tile-map": lambda: draw_members.tile_map(kg, lang, day),
        "county-bars": lambda: draw_members.county_bars(kg, lang, day),
        "membership-over-time": lambda: draw_members.membership_over_time(kg, lang, day),
        "themes": lambda: draw_themes.themes_layers(kg, lang),
        "compliance-heatmap": lambda: draw_themes.compliance_heatmap(kg, lang, EXAMPLES / "assessments"),
    }
    return drawings[name]()


NAMES = ("tile-map", "county-bars", "membership-over-time", "themes", "compliance-heatmap")
_BY_DAY = {"tile-map", "county-bars", "membership-over-time"}


def _files_under(root: Any) -> list[Any]:
    found = []
    for entry in root.iterdir():
        if entry.is_dir():
            if entry.name != "__pycache__":
                found += _files_under(entry)
        elif not entry.name.endswith((".pyc", ".key")):
            found.append(entry)
    return found


@cache
def _inputs_key() -> str:
    """A digest of everything the pictures are drawn from, but the day.

    matplotlib's version is read from its installed metadata: importing it (about 0.3 s of CPU)
    is left to a build that has a picture to draw.
    """
    digest = hashlib.sha256(f"matplotlib {version('matplotlib')}\n".encode())
    roots = [files("terve_kunta"), files("terve_kunta.ontology"), Path(__file__).parent, EXAMPLES / "assessments"]
    for root in roots:
        for entry in sorted(_files_under(root), key=lambda e: str(e)):
            digest.update(str(entry.name).encode() + b"\0" + entry.read_bytes() + b"\0")
    return digest.hexdigest()


def _write_whole(path: Path, write: Callable[[Path], None]) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=path.suffix)
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def ensure(srcdir: Path, name: str, lang: str, day: date | None = None) -> tuple[Path, str]:
    """The picture's file (drawn now if it is missing or out of date) and its title."""
    day = day or date.today()
    folder = srcdir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    png, key_file = folder / f"{name}-{lang}.png", folder / f"{name}-{lang}.key"
    key = f"{_inputs_key()} {name} {lang} {day.isoformat() if name in _BY_DAY else ''}"
    lines = key_file.read_text(encoding="utf-8").split("\n", 1) if key_file.exists() else []
    if png.exists() and len(lines) == 2 and lines[0] == key:
        return png, lines[1]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure = _draw(name, lang, day)
    title = " ".join(t.get_text().replace("\n", " ") for ax in figure.axes for t in (ax.title,) if t.get_text()) or name

    def save(path: Path) -> None:
        figure.savefig(path, dpi=DPI, format="png", metadata={"Software": None})

    try:
        _write_whole(png, save)
    finally:
        plt.close(figure)

    def remember(path: Path) -> None:
        path.write_text(f"{key}\n{title}", encoding="utf-8")

    _write_whole(key_file, remember)
    return png, title


class TerveKuntaFigure(Figure):
    """A ``figure`` whose image is one of the pictures drawn from the data."""

    option_spec: ClassVar[dict[str, Any]] = {
        **(Figure.option_spec or {}),
        "lang": lambda value: directives.choice(value, LANGS),
    }

    def run(self) -> list[nodes.Node]:
        """Draw the picture if needed, then build the figure with it."""
        env = self.state.document.settings.env
        name = self.arguments[0]
        if name not in NAMES:
            raise self.error(f"unknown picture {name!r}; known: {', '.join(NAMES)}")
        lang = self.options.pop("lang", "en")
        png, title = ensure(Path(env.srcdir), name, lang)
        for module in (draw_members, draw_themes):  # redrawn and re-read when the drawing changes
            env.note_dependency(module.__file__ or "")
        self.arguments[0] = f"/{FOLDER}/{png.name}"
        self.options.setdefault("alt", title)
        self.options.setdefault("width", "100%")  # scaled, so the page links the picture at full size
        if name == "tile-map":
            missing = draw_members.unplaced_regions(graph())
            if missing:
                where = self.state_machine.get_source_and_line(self.lineno)
                logger.warning("the tile map places no tile for the regions %s", missing, location=where)
        return list(super().run())


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive("terve-kunta-figure", TerveKuntaFigure)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
