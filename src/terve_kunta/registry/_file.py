"""A registry file: one writer at a time, a whole file or the old one, and the file kept as it was.

:func:`registry_lock` holds a registry file's lock (``.NAME.lock`` beside the file,
``flock``: released by the system when its holder ends, however it ends);
:func:`atomic_write` writes the new text beside the file (``.NAME.tmp``), flushed to
disk, and renames it over the file; :func:`save_registry_file` refuses, under the
lock, a file that has changed since it was read. The file keeps its mode, owner and
group, a symlink keeps pointing at it, and anything that would change those (a
read-only file, a file of another user, hard links) is refused before a byte is written.

While the main thread holds the lock, Ctrl-C, SIGTERM and SIGHUP (where they would
end the process) wait for a point where they leave nothing behind: before the new
text is written, or after the rename. Only SIGKILL can leave ``.NAME.tmp`` (never a
part of the file); the next save removes it.
"""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import stat
import sys
import threading
import time
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType

from terve_kunta.errors import RegistryError

__all__ = ["LOCK_TIMEOUT", "atomic_write", "file_digest", "registry_lock", "registry_path", "save_registry_file"]

#: Seconds a writer waits for another to finish with the file before it gives up.
LOCK_TIMEOUT = 60.0
_held = threading.local()  # the lock files this thread holds: a lock is re-entered, not waited for


def registry_path(path: str | os.PathLike[str]) -> Path:
    """The file that ``path`` names, symlinks followed to their target; a folder is refused.

    >>> registry_path("/tmp")
    Traceback (most recent call last):
    ...
    terve_kunta.errors.RegistryError: /tmp: is a folder; name a file (such as /tmp/registry.ttl)
    """
    text = os.fspath(path)
    target = Path(os.path.realpath(text))
    if target.is_dir() or text.endswith(("/", os.sep)):
        raise RegistryError(f"{text}: is a folder; name a file (such as {Path(text) / 'registry.ttl'})")
    return target


def file_digest(path: str | os.PathLike[str]) -> tuple[str, str] | None:
    """The resolved path of the registry file ``path`` and the digest of its bytes now; None if it cannot be read."""
    try:
        target = registry_path(path)
        return str(target), hashlib.sha256(target.read_bytes()).hexdigest()
    except (OSError, RegistryError):
        return None


# ---------------------------------------------------------------------- the lock


def _cannot_write(path: object, folder: Path, exc: OSError) -> RegistryError:
    if exc.errno == errno.ENOENT:
        return RegistryError(f"{path}: the folder {folder} does not exist")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return RegistryError(f"{path}: cannot write in the folder {folder} (permission denied); nothing was saved")
    if exc.errno == errno.EROFS:
        return RegistryError(f"{path}: the folder {folder} is on a read-only file system; nothing was saved")
    return RegistryError(f"{path}: cannot write in the folder {folder} ({exc.strerror or exc}); nothing was saved")


def _open(lock: Path) -> int:
    flags = getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(lock, os.O_RDWR | os.O_CREAT | flags, 0o666)
    except PermissionError as exc:  # a lock file left by a writer of another user that was killed: reading will do
        try:
            return os.open(lock, os.O_RDONLY | flags)
        except FileNotFoundError:
            raise exc from None


if sys.platform == "win32":  # pragma: no cover - the tests run on Linux
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


def _is_current(fd: int, lock: Path) -> bool:
    """Whether the locked file is still the lock file (a holder removes it before it lets go)."""
    try:
        now = os.stat(lock)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino)


def _acquire(path: object, lock: Path, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while True:
        _stop_if_asked()
        try:
            fd = _open(lock)
        except OSError as exc:
            raise _cannot_write(path, lock.parent, exc) from None
        try:
            if _try_lock(fd) and _is_current(fd, lock):
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
        if time.monotonic() >= deadline:
            raise RegistryError(
                f"{path}: another process is changing it (it holds {lock}); nothing was saved: try again"
            )
        time.sleep(0.02)


_pending: list[int] = []  # signals that came while the main thread held a registry lock


def _defer(signum: int, frame: FrameType | None) -> None:
    _pending.append(signum)


def _stop(signum: int) -> None:
    """End as the signal asked: Ctrl-C as ``KeyboardInterrupt``, others as ``SystemExit`` (through finally blocks)."""
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise SystemExit(128 + signum)


def _stop_if_asked() -> None:
    """Honour a signal that came while the lock was held, at a point where nothing is half done."""
    if _pending and threading.current_thread() is threading.main_thread():
        signum = _pending[0]
        _pending.clear()
        _stop(signum)


#: The signals that end a process, with the handler that does so (Python's for Ctrl-C)
_ENDING = [
    (getattr(signal, name), handler)
    for name, handler in (
        ("SIGINT", signal.default_int_handler),
        ("SIGTERM", signal.SIG_DFL),
        ("SIGHUP", signal.SIG_DFL),
    )
    if hasattr(signal, name)
]


@contextmanager
def _signals_wait() -> Iterator[None]:
    """While held: Ctrl-C, SIGTERM and SIGHUP wait for a point where they leave no lock or temporary file.

    Only where they would end the process (their default handlers), and only in the
    main thread (where Python runs signal handlers).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    changed = [(number, handler) for number, handler in _ENDING if signal.getsignal(number) is handler]
    for number, _ in changed:
        signal.signal(number, _defer)
    try:
        yield
    finally:
        for number, handler in changed:
            signal.signal(number, handler)
        _stop_if_asked()


@contextmanager
def registry_lock(path: str | os.PathLike[str], timeout: float | None = None) -> Iterator[Path]:
    """Hold the lock of the registry file ``path`` (waiting up to ``timeout`` s, default :data:`LOCK_TIMEOUT`).

    Gives the file's resolved path. Other processes and threads wait; the thread
    that holds the lock may take it again (``terve-kunta member`` holds it from
    reading the file to saving it). The lock file is removed when the lock is let go.
    """
    target = registry_path(path)
    lock = target.with_name(f".{target.name}.lock")
    held: set[Path] = _held.__dict__.setdefault("locks", set())
    if lock in held:
        yield target
        return
    with _signals_wait():
        fd = _acquire(path, lock, LOCK_TIMEOUT if timeout is None else timeout)
        held.add(lock)
        try:
            yield target
        finally:
            held.discard(lock)
            with suppress(OSError):  # before letting go: a waiter that locked this file sees it is gone, retries
                lock.unlink()
            os.close(fd)


# ---------------------------------------------------------------------- the write


def _check_replaceable(path: object, old: os.stat_result, target: Path) -> None:
    if not stat.S_ISREG(old.st_mode):
        raise RegistryError(f"{path}: is not a regular file; nothing was saved")
    if not old.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise RegistryError(f"{path}: is read-only; nothing was saved")
    if old.st_nlink > 1:
        raise RegistryError(
            f"{path}: has {old.st_nlink} names (hard links), and a save would change it under this one only; "
            "nothing was saved"
        )


def _keep_owner_and_mode(fd: int, old: os.stat_result, path: object) -> None:
    now = os.fstat(fd)
    if (now.st_uid, now.st_gid) != (old.st_uid, old.st_gid):
        try:
            os.fchown(fd, old.st_uid, old.st_gid)
        except PermissionError:
            raise RegistryError(
                f"{path}: belongs to user {old.st_uid} (group {old.st_gid}), and a save by user {os.geteuid()} "
                "would make the file theirs; nothing was saved: save it as its owner, or save a copy"
            ) from None
    if hasattr(os, "fchmod"):
        os.fchmod(fd, stat.S_IMODE(old.st_mode))


def _sync_folder(folder: Path) -> None:
    try:  # make the rename itself durable
        directory = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(directory)
    except OSError:
        pass
    finally:
        os.close(directory)


def atomic_write(path: str | os.PathLike[str], text: str) -> str:
    """Replace the registry file ``path`` with ``text``, under its lock, so that a reader sees the old file or the new.

    The text goes to ``.NAME.tmp`` beside the file (a symlink's target), is flushed
    to disk, given the file's mode, owner and group, and renamed over the file; on
    any error the temporary file is removed, and a signal waits (see the module).
    Returns the digest of what was written.
    """
    data = text.encode("utf-8")
    with registry_lock(path) as target:
        try:
            old: os.stat_result | None = os.stat(target)
        except FileNotFoundError:
            old = None
        if old is not None:
            _check_replaceable(path, old, target)
        temporary = target.with_name(f".{target.name}.tmp")
        _stop_if_asked()  # before anything is written (the command line holds the lock while it reads the file)
        try:
            temporary.unlink(missing_ok=True)
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
        except OSError as exc:
            raise _cannot_write(path, target.parent, exc) from None
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                if old is not None:
                    _keep_owner_and_mode(out.fileno(), old, path)
                os.fsync(out.fileno())
            _stop_if_asked()  # the last point at which the old file stays
            os.replace(temporary, target)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise RegistryError(f"{path}: cannot be saved ({exc.strerror or exc}); nothing was saved") from exc
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        _sync_folder(target.parent)
    return hashlib.sha256(data).hexdigest()


def save_registry_file(path: str | os.PathLike[str], text: str, known: MutableMapping[str, str]) -> None:
    """Save ``text`` to the registry file ``path`` unless it changed since it was read.

    ``known`` maps the resolved paths of the files a graph has read or saved to the
    digests of their bytes then; a file in it must still have those bytes (checked
    under the lock, so no other writer can come between). A file not in it is
    replaced as it is (a "save as"). ``known`` is updated with what was saved.
    """
    with registry_lock(path) as target:
        expected = known.get(str(target))
        if expected is not None:
            now = file_digest(target)
            if now is None:
                raise RegistryError(
                    f"{path}: was removed since it was read; nothing was saved (save it to a new file, or load again)"
                )
            if now[1] != expected:
                raise RegistryError(
                    f"{path}: has changed since it was read (another writer saved it); nothing was saved: "
                    "load it again and make the change again"
                )
        known[str(target)] = atomic_write(target, text)
