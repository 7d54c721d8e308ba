"""registry/_file.py: the refusals and the guarantees of saving a registry file, in this process and cheaply.

``tests/test_registry_writers.py`` races real processes and sends real signals; here each
decision is pinned on its own, on small files: which paths are refused and how each
failure to write is named, the lock (held, waited for, re-entered, given up), which
signals wait while it is held, and what a save keeps (mode, owner) or refuses (a read-only
file, hard links, a file changed or removed since it was read).
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import signal
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from terve_kunta.errors import RegistryError
from terve_kunta.registry import _file
from terve_kunta.registry._file import atomic_write, file_digest, registry_lock, registry_path, save_registry_file

TEXT = "<urn:x:a> <urn:x:p> 1 .\n"


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "registry.ttl"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture
def umask() -> Iterator[int]:
    old = os.umask(0o022)
    yield 0o022
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# ---------------------------------------------------------------------- paths


def test_a_registry_path_is_a_file_with_symlinks_followed(saved: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.ttl"
    link.symlink_to(saved)
    assert registry_path(link) == registry_path(str(saved)) == saved.resolve()
    assert registry_path(tmp_path / "new.ttl") == (tmp_path / "new.ttl").resolve()  # it need not exist yet


@pytest.mark.parametrize("name", ["", "new/", "missing/"])
def test_a_folder_is_refused(tmp_path: Path, name: str) -> None:
    (tmp_path / "new").mkdir()
    text = f"{tmp_path}/{name}"
    with pytest.raises(RegistryError, match=r": is a folder; name a file \(such as .*registry\.ttl\)$"):
        registry_path(text)


def test_the_digest_of_a_file_is_of_its_bytes_now(saved: Path, tmp_path: Path) -> None:
    assert file_digest(saved) == (str(saved.resolve()), hashlib.sha256(TEXT.encode()).hexdigest())
    assert file_digest(tmp_path / "missing.ttl") is None
    assert file_digest(tmp_path) is None  # a folder


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        (errno.ENOENT, "the folder /f does not exist"),
        (errno.EACCES, "cannot write in the folder /f (permission denied); nothing was saved"),
        (errno.EPERM, "cannot write in the folder /f (permission denied); nothing was saved"),
        (errno.EROFS, "the folder /f is on a read-only file system; nothing was saved"),
        (errno.ENOSPC, "cannot write in the folder /f (No space left on device); nothing was saved"),
    ],
)
def test_each_failure_to_write_in_a_folder_is_named(number: int, reason: str) -> None:
    error = _file._cannot_write("/f/registry.ttl", Path("/f"), OSError(number, os.strerror(number)))
    assert str(error) == f"/f/registry.ttl: {reason}"


# ---------------------------------------------------------------------- the lock


def held_elsewhere(lock: Path) -> int:
    """Lock ``lock`` through a descriptor of its own, as another writer would."""
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd


def test_the_lock_is_a_file_beside_the_registry_removed_when_let_go(saved: Path, umask: int) -> None:
    lock = saved.with_name(".registry.ttl.lock")
    with registry_lock(saved) as target:
        assert target == saved.resolve() and lock.exists()
        assert mode(lock) == 0o666 & ~umask
        with pytest.raises(BlockingIOError):  # held: another descriptor cannot lock it
            held_elsewhere(lock)
    assert not lock.exists()


def test_the_lock_is_taken_again_by_the_thread_that_holds_it(saved: Path) -> None:
    started = time.monotonic()
    with registry_lock(saved), registry_lock(saved, timeout=0.1), registry_lock(str(saved), timeout=0.1):
        atomic_write(saved, "nested\n")  # takes it too
    assert time.monotonic() - started < 2 and saved.read_text(encoding="utf-8") == "nested\n"


def test_a_writer_waits_the_default_time_limit_unless_given_one(saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_file, "LOCK_TIMEOUT", 0.2)
    fd = held_elsewhere(saved.with_name(".registry.ttl.lock"))
    try:
        started = time.monotonic()
        with pytest.raises(RegistryError, match="another process is changing it"), registry_lock(saved):
            pass
        assert 0.2 <= time.monotonic() - started < 0.8
    finally:
        os.close(fd)


def test_a_writer_gives_up_after_its_time_limit(saved: Path) -> None:
    lock = saved.with_name(".registry.ttl.lock")
    fd = held_elsewhere(lock)
    try:
        started = time.monotonic()
        with pytest.raises(RegistryError) as caught, registry_lock(saved, timeout=0.3):
            pass
        assert 0.3 <= time.monotonic() - started < 3
        assert str(caught.value) == (
            f"{saved}: another process is changing it (it holds {lock}); nothing was saved: try again"
        )
    finally:
        os.close(fd)
    with registry_lock(saved, timeout=0.3):  # let go: it is taken at once
        pass


def test_a_lock_file_that_was_removed_is_not_held(tmp_path: Path) -> None:
    lock = tmp_path / ".registry.ttl.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    try:
        assert _file._try_lock(fd) and _file._is_current(fd, lock)
        lock.unlink()  # its holder let go, removing it first
        assert not _file._is_current(fd, lock)
        lock.write_text("", encoding="utf-8")  # and the next writer made a new one
        assert not _file._is_current(fd, lock)
    finally:
        os.close(fd)


def test_a_lock_file_that_cannot_be_opened_for_writing_is_opened_for_reading(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the lock file a writer of another user left when it was killed: flock needs no write access
    lock = saved.with_name(".registry.ttl.lock")
    lock.write_text("", encoding="utf-8")
    real = os.open

    def refuse_writing(path: object, flags: int, *args: int) -> int:
        if str(path) == str(lock) and flags & os.O_RDWR:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse_writing)
    with registry_lock(saved):
        other = real(lock, os.O_RDONLY)
        try:
            with pytest.raises(BlockingIOError):  # locked all the same
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(other)
    assert not lock.exists()
    refused = r"cannot write in the folder .* \(permission denied\); nothing was saved"
    with pytest.raises(RegistryError, match=refused), registry_lock(saved):  # none to read: writing was refused
        pass


def test_an_interruption_while_locking_ends_the_wait(saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(fd: int) -> bool:
        raise KeyboardInterrupt

    monkeypatch.setattr(_file, "_try_lock", interrupted)
    with pytest.raises(KeyboardInterrupt), registry_lock(saved):
        pass
    assert leftovers(saved.parent) == [".registry.ttl.lock"]  # never locked, so never removed


# ---------------------------------------------------------------------- signals


ENDING: dict[int, Any] = {
    signal.SIGINT: signal.default_int_handler,
    signal.SIGTERM: signal.SIG_DFL,
    signal.SIGHUP: signal.SIG_DFL,
}


@pytest.fixture
def defaults() -> Iterator[None]:
    """The handlers with which these signals end the process (a background job may have inherited others)."""
    previous = {number: signal.signal(number, handler) for number, handler in ENDING.items()}
    yield
    for number, handler in previous.items():
        signal.signal(number, handler)


@pytest.mark.usefixtures("defaults")
def test_signals_that_would_end_the_process_wait_while_the_lock_is_held(saved: Path) -> None:
    with registry_lock(saved):
        assert all(signal.getsignal(n) is _file._defer for n in ENDING)
    assert {n: signal.getsignal(n) for n in ENDING} == ENDING


@pytest.mark.usefixtures("defaults")
def test_a_programs_own_handler_is_left_alone(saved: Path) -> None:
    def own(signum: int, frame: object) -> None:
        """A handler of the program's own."""

    signal.signal(signal.SIGTERM, own)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # ignored: nothing would end the process
    with registry_lock(saved):
        assert signal.getsignal(signal.SIGTERM) is own and signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        assert signal.getsignal(signal.SIGHUP) is _file._defer
    assert signal.getsignal(signal.SIGTERM) is own


@pytest.mark.usefixtures("defaults")
def test_in_another_thread_the_handlers_are_not_touched(saved: Path) -> None:
    errors: list[BaseException] = []

    def save() -> None:
        try:
            with registry_lock(saved):
                assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
        except BaseException as exc:  # any error is the failure to report
            errors.append(exc)

    thread = threading.Thread(target=save)
    thread.start()
    thread.join()
    assert errors == []


@pytest.mark.parametrize(
    ("signum", "ending", "code"),
    [(signal.SIGINT, KeyboardInterrupt, None), (signal.SIGTERM, SystemExit, 143), (signal.SIGHUP, SystemExit, 129)],
)
def test_a_signal_that_waited_ends_the_process_as_it_asked(
    signum: int, ending: type[BaseException], code: int | None
) -> None:
    _file._pending[:] = [signum, signal.SIGINT if signum != signal.SIGINT else signal.SIGTERM]
    with pytest.raises(ending) as caught:
        _file._stop_if_asked()  # the first that came
    assert _file._pending == []
    if code is not None:
        assert isinstance(caught.value, SystemExit) and caught.value.code == code


def test_a_signal_that_waited_is_honoured_in_the_main_thread_only() -> None:
    _file._pending[:] = [signal.SIGTERM]
    try:
        thread = threading.Thread(target=_file._stop_if_asked)
        thread.start()
        thread.join()
        assert _file._pending == [signal.SIGTERM]
    finally:
        _file._pending.clear()
    _file._stop_if_asked()  # nothing pending: nothing happens


# ---------------------------------------------------------------------- the write


def test_a_save_replaces_the_file_and_gives_the_digest_of_what_it_wrote(saved: Path) -> None:
    digest = atomic_write(saved, "ä new text\n")
    assert saved.read_text(encoding="utf-8") == "ä new text\n"
    assert digest == hashlib.sha256("ä new text\n".encode()).hexdigest() == file_digest(saved)[1]  # type: ignore[index]
    assert leftovers(saved.parent) == []


def test_a_new_file_gets_the_usual_mode(tmp_path: Path, umask: int) -> None:
    atomic_write(tmp_path / "new.ttl", TEXT)
    assert mode(tmp_path / "new.ttl") == 0o666 & ~umask


@pytest.mark.parametrize("kept", [0o600, 0o640, 0o664, 0o604])
def test_a_save_keeps_the_files_mode(saved: Path, kept: int) -> None:
    saved.chmod(kept)
    atomic_write(saved, "x\n")
    assert mode(saved) == kept


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_save_keeps_the_files_owner(saved: Path) -> None:
    os.chown(saved, 4321, 4322)
    atomic_write(saved, "x\n")
    assert (os.stat(saved).st_uid, os.stat(saved).st_gid) == (4321, 4322)


def test_a_save_that_would_change_the_owner_is_refused(saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(fd: int, uid: int, gid: int) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "fchown", refuse)  # as for a user who is not the file's owner
    now = os.stat(saved)
    old = os.stat_result((now.st_mode, now.st_ino, now.st_dev, 1, 4321, 4322, *now[6:]))
    fd = os.open(saved, os.O_RDONLY)
    try:
        with pytest.raises(RegistryError) as caught:
            _file._keep_owner_and_mode(fd, old, saved)
        _file._keep_owner_and_mode(fd, now, saved)  # the same owner: nothing to change, nothing refused
    finally:
        os.close(fd)
    assert str(caught.value).startswith(f"{saved}: belongs to user 4321 (group 4322), and a save by user ")
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


@pytest.mark.parametrize("readonly", [0o444, 0o555, 0o400])
def test_a_read_only_file_is_refused(saved: Path, readonly: int) -> None:
    saved.chmod(readonly)
    with pytest.raises(RegistryError, match=rf"^{saved}: is read-only; nothing was saved$"):
        atomic_write(saved, "x\n")
    assert saved.read_text(encoding="utf-8") == TEXT and leftovers(saved.parent) == []


def test_a_file_without_write_access_is_refused(saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "access", lambda path, how: False)  # a file of another user, say
    with pytest.raises(RegistryError, match="is read-only"):
        atomic_write(saved, "x\n")


def test_a_hard_linked_file_is_refused(saved: Path) -> None:
    os.link(saved, saved.with_name("other.ttl"))
    with pytest.raises(RegistryError, match=r": has 2 names \(hard links\), and a save would change it under this"):
        atomic_write(saved, "x\n")
    assert saved.read_text(encoding="utf-8") == TEXT


def test_what_is_not_a_regular_file_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.ttl")
    with pytest.raises(RegistryError, match=r"pipe\.ttl: is not a regular file; nothing was saved$"):
        atomic_write(tmp_path / "pipe.ttl", "x\n")


def test_a_save_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match=r"registry\.ttl: the folder .*missing does not exist$"):
        atomic_write(tmp_path / "missing" / "registry.ttl", "x\n")


def test_a_save_that_fails_leaves_the_old_file_and_no_temporary_one(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(RegistryError) as caught:
        atomic_write(saved, "x\n")
    assert str(caught.value) == f"{saved}: cannot be saved (No space left on device); nothing was saved"
    assert saved.read_text(encoding="utf-8") == TEXT and leftovers(saved.parent) == []


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_an_interrupted_save_leaves_the_old_file_and_no_temporary_one(
    saved: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, failing, interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(saved, "x\n")
    monkeypatch.undo()
    assert saved.read_text(encoding="utf-8") == TEXT and leftovers(saved.parent) == []


def test_a_temporary_file_that_cannot_be_made_is_a_refusal(saved: Path) -> None:
    saved.with_name(".registry.ttl.tmp").mkdir()  # where the temporary file goes, a folder
    with pytest.raises(RegistryError) as caught:
        atomic_write(saved, "x\n")
    assert (
        str(caught.value) == f"{saved}: cannot write in the folder {saved.parent} (Is a directory); nothing was saved"
    )
    assert caught.value.__cause__ is None and saved.read_text(encoding="utf-8") == TEXT


def test_a_save_removes_what_a_save_killed_outright_left(saved: Path) -> None:
    saved.with_name(".registry.ttl.tmp").write_text("half a regi", encoding="utf-8")
    atomic_write(saved, "whole\n")
    assert saved.read_text(encoding="utf-8") == "whole\n" and leftovers(saved.parent) == []


# ---------------------------------------------------------------------- saving what was read


def test_a_file_is_saved_when_it_is_as_it_was_read(saved: Path) -> None:
    known = dict([file_digest(saved)])  # type: ignore[list-item]
    save_registry_file(saved, "second\n", known)
    save_registry_file(saved, "third\n", known)  # what it saved is what it knows now
    assert saved.read_text(encoding="utf-8") == "third\n"
    assert known == {str(saved.resolve()): hashlib.sha256(b"third\n").hexdigest()}


def test_a_file_never_read_is_saved_as_it_is(saved: Path, tmp_path: Path) -> None:
    known: dict[str, str] = {}
    save_registry_file(tmp_path / "copy.ttl", "copy\n", known)
    save_registry_file(saved, "over\n", known)  # a "save as" over another file
    assert saved.read_text(encoding="utf-8") == "over\n" and len(known) == 2


def test_a_file_changed_since_it_was_read_is_refused(saved: Path) -> None:
    known = dict([file_digest(saved)])  # type: ignore[list-item]
    saved.write_text("another writer\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r": has changed since it was read \(another writer saved it\); nothing"):
        save_registry_file(saved, "mine\n", known)
    assert saved.read_text(encoding="utf-8") == "another writer\n"


def test_a_file_removed_since_it_was_read_is_refused(saved: Path) -> None:
    known = dict([file_digest(saved)])  # type: ignore[list-item]
    saved.unlink()
    with pytest.raises(RegistryError, match=r": was removed since it was read; nothing was saved \(save it to a new"):
        save_registry_file(saved, "mine\n", known)
    assert not saved.exists()
