r"""Writing exports to files and folders so that nothing is ever half-written.

:func:`write_atomic` writes a file beside its target and renames it over the
target; :func:`check_writable` says before any work whether a file can be written
there. Every failure is an :class:`~terve_kunta.errors.ExportError` naming the path.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_atomic(folder / "a.ttl", "<a> <b> <c> .\n")
>>> (folder / "a.ttl").read_text()
'<a> <b> <c> .\n'
>>> write_atomic(folder / "missing" / "a.ttl", "")
Traceback (most recent call last):
...
terve_kunta.errors.ExportError: .../missing/a.ttl: the folder .../missing does not exist
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from terve_kunta.errors import ExportError

__all__ = ["check_writable", "write_atomic"]


def check_writable(path: Path) -> None:
    """Raise :class:`ExportError` unless a file can be written at ``path`` (its folder exists and is writable)."""
    folder = path.resolve().parent
    if path.is_dir():
        raise ExportError(f"{path}: is a folder, not a file")
    if not folder.is_dir():
        raise ExportError(f"{path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"{path}: the folder {folder} is not writable")


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``: a reader sees the old file or the new one, never a part of it."""
    check_writable(path)
    folder = path.resolve().parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write there: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise ExportError(f"{path}: cannot write there: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
