"""Writers of the registry cannot lose a change, and a save keeps what the file is (issue 11, item 5).

Two ``terve-kunta member add`` runs on one registry file both said "saved" and one
membership was gone. The tests here use real processes where the fault needs them:
writers at once, a lock held by another process, a save killed mid-way.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from multiprocessing.context import ForkServerContext
from multiprocessing.synchronize import Event
from pathlib import Path

import pytest
from rdflib import BNode

import terve_kunta as tk
from terve_kunta import registry
from terve_kunta.registry import _file, registry_lock
from terve_kunta.stores import open_store
from tests.support import Run

DECISION = tk.Decision(body="Valtuusto", date=date(2025, 1, 20), reference="§ 5")
CLI_DECISION = ["--decision-body", "Valtuusto", "--decision-date", "2025-01-20"]
ROOT = os.geteuid() == 0


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".lock")))


def joiners(kg: tk.KnowledgeGraph, count: int) -> list[str]:
    """Codes of municipalities of 2025 that are not members: they can join."""
    members = {m.code for m in kg.members(as_of="2025-06-01")}
    return sorted(m.code for m in kg.municipalities() if 2025 in m.classification_years and m.code not in members)[
        :count
    ]


@pytest.fixture(scope="module")
def packaged_text(kg: tk.KnowledgeGraph) -> str:
    return registry.registry_turtle(kg)


@pytest.fixture
def saved(packaged_text: str, tmp_path: Path) -> Path:
    """The packaged registry saved to a file of its own."""
    path = tmp_path / "registry.ttl"
    registry.atomic_write(path, packaged_text)
    return path


@pytest.fixture(scope="module")
def processes() -> ForkServerContext:
    """Where the tests start a process that saves, holds a lock or is killed: multiprocessing's fork server.

    The server imports this module (and the package) once; each process forked from it is a
    new process with Python's own signal handlers, as ``python -c`` would be, without the
    0.4 s of CPU that importing the package costs each one. (The console script's tests
    start ``python -m terve_kunta``.) The server waits, idle, until the session ends; it
    ends with it.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def hold_lock(path: str, seconds: float, held: Event) -> None:
    """In a process of its own: hold the registry lock of ``path`` for ``seconds``."""
    with registry_lock(path):
        held.set()
        time.sleep(seconds)


# ---------------------------------------------------------------------- writers at once


@pytest.mark.slow
def test_member_add_processes_at_once_lose_no_change(kg: tk.KnowledgeGraph, tmp_path: Path) -> None:
    """The probe: several ``member add`` processes on one file, started together; every join is kept."""
    path = tmp_path / "registry.ttl"
    codes = joiners(kg, 3)
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "terve_kunta",
                "member",
                "add",
                code,
                "--start",
                "2025-02-01",
                *CLI_DECISION,
                "--registry",
                str(path),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for code in codes
    ]
    results = [(p.communicate(timeout=120)[1], p.returncode) for p in processes]
    assert all(code == 0 for _, code in results), results
    members = {m.code for m in tk.load(registry=path).members(as_of="2025-02-01")}
    assert set(codes) <= members
    assert leftovers(tmp_path) == []


def test_a_save_is_refused_when_the_file_changed_since_it_was_read(saved: Path) -> None:
    first, second = tk.load(registry=saved), tk.load(registry=saved)
    a, b = joiners(first, 2)
    first.add_member(a, "2025-02-01", DECISION)
    first.save_registry(saved)
    after_first = saved.read_bytes()
    second.add_member(b, "2025-02-01", DECISION)
    with pytest.raises(tk.RegistryError, match=r"has changed since it was read.*nothing was saved"):
        second.save_registry(saved)
    assert saved.read_bytes() == after_first  # the first writer's change is kept
    first.end_membership(a, "2025-12-31", DECISION)
    first.save_registry(saved)  # the first writer saves again: the file is as it left it
    again = tk.load(registry=saved)
    again.add_member(b, "2025-02-01", DECISION)
    again.save_registry(saved)
    assert {a, b} <= {m.code for m in tk.load(registry=saved).members(as_of="2025-06-01")}


def test_a_save_is_refused_when_the_file_was_removed_since_it_was_read(saved: Path) -> None:
    kg = tk.load(registry=saved)
    saved.unlink()
    with pytest.raises(tk.RegistryError, match="removed since it was read"):
        kg.save_registry(saved)
    assert not saved.exists()


def test_saving_to_another_file_is_a_new_file(saved: Path, tmp_path: Path) -> None:
    kg = tk.load(registry=saved)
    other = tmp_path / "copy.ttl"
    kg.save_registry(other)
    saved.write_bytes(saved.read_bytes() + b"\n")  # someone changes the file read
    kg.save_registry(other)  # the copy is this graph's own: saved again
    with pytest.raises(tk.RegistryError, match="changed since it was read"):
        kg.save_registry(saved)


def test_a_lock_held_by_another_process_makes_a_writer_wait(
    saved: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, processes: ForkServerContext
) -> None:
    known: dict[str, str] = {}
    monkeypatch.setattr(_file, "LOCK_TIMEOUT", 0.5)
    held = processes.Event()
    holder = processes.Process(target=hold_lock, args=(str(saved), 30.0, held))
    holder.start()
    try:
        assert held.wait(timeout=30)
        with pytest.raises(tk.RegistryError, match=r"another process is changing it.*\.registry\.ttl\.lock"):
            registry.save_registry_file(saved, "mine\n", known)
    finally:
        holder.kill()
        holder.join(timeout=30)
    assert saved.read_text(encoding="utf-8") != "mine\n" and known == {}
    monkeypatch.setattr(_file, "LOCK_TIMEOUT", 60.0)
    held = processes.Event()
    holder = processes.Process(target=hold_lock, args=(str(saved), 1.0, held))
    holder.start()
    assert held.wait(timeout=30)
    started = time.monotonic()
    registry.save_registry_file(saved, "mine\n", known)  # waits for the holder, then saves
    holder.join(timeout=30)
    assert holder.exitcode == 0 and time.monotonic() - started > 0.2
    assert saved.read_text(encoding="utf-8") == "mine\n" and leftovers(tmp_path) == []


def test_the_lock_is_reentrant_in_a_thread_and_exclusive_between_threads(saved: Path) -> None:
    order: list[str] = []
    with registry.registry_lock(saved):
        with registry.registry_lock(saved):  # the CLI holds it around load, change and save
            order.append("nested")

        def other() -> None:
            with registry.registry_lock(saved):
                order.append("other")

        thread = threading.Thread(target=other)
        thread.start()
        time.sleep(0.3)
        order.append("first")
    thread.join(timeout=10)
    assert order == ["nested", "first", "other"]


# ---------------------------------------------------------------------- killed saves


def save_over_and_over(path: str, size: int, ready: Event) -> None:
    """In a process of its own: save ``path`` again and again, with two texts by turns, until a signal ends it."""
    texts = ["A" * size + "\n", "B" * size + "\n"]
    registry.atomic_write(path, texts[1])
    ready.set()
    n = 0
    while True:
        registry.atomic_write(path, texts[n % 2])
        n += 1


def killed_saves(processes: ForkServerContext, path: Path, signum: int, rounds: int) -> Iterator[None]:
    """Start a process that saves ``path`` over and over, and kill it mid-save ``rounds`` times."""
    for index in range(rounds):
        ready = processes.Event()
        process = processes.Process(target=save_over_and_over, args=(str(path), 4_000_000, ready))
        process.start()
        try:
            assert ready.wait(timeout=30)
            time.sleep(0.05 + 0.037 * index)
            os.kill(process.pid, signum)  # type: ignore[arg-type]  # started: it has one
            process.join(timeout=30)
            assert process.exitcode is not None
        finally:
            if process.is_alive():
                process.kill()
                process.join()
        text = path.read_text(encoding="utf-8")
        assert text in ("A" * 4_000_000 + "\n", "B" * 4_000_000 + "\n")  # always a whole file
        yield


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_save_stopped_by_a_signal_leaves_no_temporary_file(
    tmp_path: Path, signum: int, processes: ForkServerContext
) -> None:
    path = tmp_path / "registry.ttl"
    for _ in killed_saves(processes, path, signum, 2):
        assert leftovers(tmp_path) == []


@pytest.mark.slow
def test_a_save_killed_outright_leaves_a_whole_file_and_the_next_save_tidies(
    tmp_path: Path, processes: ForkServerContext
) -> None:
    path = tmp_path / "registry.ttl"
    for _ in killed_saves(processes, path, signal.SIGKILL, 2):
        assert set(leftovers(tmp_path)) <= {".registry.ttl.tmp", ".registry.ttl.lock"}  # nothing can run on SIGKILL
        registry.atomic_write(path, "whole\n")
        assert leftovers(tmp_path) == [] and path.read_text(encoding="utf-8") == "whole\n"


# ---------------------------------------------------------------------- what the file is


def test_a_symlinked_registry_updates_its_target(packaged_text: str, tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    target = tmp_path / "data" / "registry.ttl"
    registry.atomic_write(target, packaged_text)
    link = tmp_path / "link.ttl"
    link.symlink_to(Path("data") / "registry.ttl")
    kg = tk.load(registry=link)
    kg.add_member(joiners(kg, 1)[0], "2025-02-01", DECISION)
    kg.save_registry(link)
    assert link.is_symlink() and os.readlink(link) == str(Path("data") / "registry.ttl")
    assert target.read_text(encoding="utf-8") == link.read_text(encoding="utf-8") != ""
    assert len(tk.load(registry=target).members(as_of="2025-02-01")) == 53
    assert leftovers(tmp_path) == [] and leftovers(tmp_path / "data") == []


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o444 | 0o200])
def test_a_save_keeps_the_files_mode(saved: Path, mode: int) -> None:
    saved.chmod(mode)
    registry.atomic_write(saved, "changed\n")
    assert stat.S_IMODE(saved.stat().st_mode) == mode and saved.read_text(encoding="utf-8") == "changed\n"


def test_a_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    """Issue 12 too: every save made the file owner-only (0600)."""
    old = os.umask(0o022)
    try:
        registry.atomic_write(tmp_path / "new.ttl", "new\n")
        os.umask(0o027)
        registry.atomic_write(tmp_path / "other.ttl", "other\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.ttl").stat().st_mode) == 0o644  # not owner-only
    assert stat.S_IMODE((tmp_path / "other.ttl").stat().st_mode) == 0o640


@pytest.mark.skipif(not ROOT, reason="only root can give a file to another user")
def test_a_save_keeps_the_files_owner(saved: Path) -> None:
    os.chown(saved, 65534, 65534)
    saved.chmod(0o4640)  # a change of owner would clear the set-user-id bit: it is set again
    registry.atomic_write(saved, "changed\n")
    assert (saved.stat().st_uid, saved.stat().st_gid, stat.S_IMODE(saved.stat().st_mode)) == (65534, 65534, 0o4640)


def test_a_read_only_file_is_refused_in_one_line(saved: Path) -> None:
    saved.chmod(0o444)
    before = saved.read_bytes()
    with pytest.raises(tk.RegistryError, match="is read-only; nothing was saved"):
        registry.atomic_write(saved, "changed\n")
    assert saved.read_bytes() == before and leftovers(saved.parent) == []


def test_a_hard_linked_file_is_refused(saved: Path) -> None:
    os.link(saved, saved.with_name("other-name.ttl"))
    with pytest.raises(tk.RegistryError, match="has 2 names"):
        registry.atomic_write(saved, "changed\n")
    assert leftovers(saved.parent) == []


def test_a_folder_is_refused_in_one_line(fresh_kg: tk.KnowledgeGraph, tmp_path: Path) -> None:
    """The probe: ``save_registry()`` given a folder gave a traceback."""
    with pytest.raises(tk.RegistryError, match="is a folder; name a file"):
        fresh_kg.save_registry(tmp_path)
    with pytest.raises(tk.RegistryError, match="is a folder"):
        fresh_kg.save_registry(str(tmp_path) + "/")
    assert list(tmp_path.iterdir()) == []


def as_nobody(action: Callable[[], object]) -> str:
    """Run ``action`` in a child process as the user nobody: what it raised (the tests run as root here)."""
    read, write = os.pipe()
    with warnings.catch_warnings():  # Python 3.12 warns of fork() beside threads: the child only saves, then exits
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        outcome = "nothing raised"
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            action()
        except BaseException as exc:
            outcome = f"{type(exc).__name__}: {exc}"
        finally:
            os.write(write, outcome.encode("utf-8"))
            os._exit(0)
    os.close(write)
    with os.fdopen(read, encoding="utf-8") as pipe:
        outcome = pipe.read()
    os.waitpid(pid, 0)
    return outcome


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder outside root's own temporary folders, which the user nobody can reach."""
    folder = Path(tempfile.mkdtemp(prefix="tk-registry-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        folder.chmod(0o755)
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


def test_a_read_only_folder_and_a_file_of_another_user_are_refused(packaged_text: str, shared_folder: Path) -> None:
    path = shared_folder / "registry.ttl"
    registry.atomic_write(path, packaged_text)
    path.chmod(0o666)  # the file could be written; its folder cannot
    save = partial(registry.save_registry_file, path, "changed\n", {})
    if ROOT:
        outcome = as_nobody(save)
    else:  # pragma: no cover - the tests run as root here
        shared_folder.chmod(0o555)
        with pytest.raises(tk.RegistryError) as excinfo:
            save()
        outcome = f"RegistryError: {excinfo.value}"
        shared_folder.chmod(0o755)
    assert outcome == (
        f"RegistryError: {path}: cannot write in the folder {shared_folder} (permission denied); nothing was saved"
    )
    assert path.read_text(encoding="utf-8") == packaged_text and leftovers(shared_folder) == []
    if ROOT:  # root's file in a folder anyone may write: saving it as nobody would make it nobody's
        shared_folder.chmod(0o777)
        outcome = as_nobody(save)
        assert outcome.startswith(f"RegistryError: {path}: belongs to user 0 (group 0), and a save by user 65534")
        assert path.read_text(encoding="utf-8") == packaged_text and path.stat().st_uid == 0
        assert leftovers(shared_folder) == []
        # nobody's own file, beside a lock file that a killed writer of root's left: it is used, and removed
        os.chown(path, 65534, 65534)
        lock = shared_folder / ".registry.ttl.lock"
        lock.write_text("", encoding="utf-8")
        lock.chmod(0o644)
        assert as_nobody(save) == "nothing raised"
        assert path.read_text(encoding="utf-8") == "changed\n" and leftovers(shared_folder) == []


def test_the_cli_refuses_a_folder_and_a_read_only_file(run: Run, tmp_path: Path, saved: Path) -> None:
    code, _, err = run("member", "add", "507", "--start", "2025-02-01", *CLI_DECISION, "--registry", str(tmp_path))
    assert code == 2 and "is a folder" in err and len(err.splitlines()) == 1
    saved.chmod(0o444)
    code, _, err = run("member", "add", "507", "--start", "2025-02-01", *CLI_DECISION, "--registry", str(saved))
    assert code == 2 and "read-only" in err and len(err.splitlines()) == 1


# ---------------------------------------------------------------------- a remote store


@pytest.mark.server
def test_a_remote_store_refuses_a_save_over_a_change_made_since_it_was_read(
    store_spec: Callable[[str], str],
) -> None:
    url = store_spec("remote")
    open_store(url).put_packaged()  # tk.load() never writes to an endpoint: `terve-kunta load` fills it
    first, second = tk.load(store=url), tk.load(store=url)
    a, b = joiners(first, 2)
    assert len(second.members()) == 52  # read before the first writer saves
    first.add_member(a, "2025-02-01", DECISION)
    first.save_registry()
    second.add_member(b, "2025-02-01", DECISION)
    with pytest.raises(tk.RegistryError, match="changed since this graph read it"):
        second.save_registry()
    second.refresh()  # read again: the change is made on what is there now
    assert a in {m.code for m in second.members(as_of="2025-06-01")}
    second.add_member(b, "2025-02-01", DECISION)
    second.save_registry()  # saved, and read back
    assert {a, b} <= {m.code for m in second.members(as_of="2025-06-01")}


# ---------------------------------------------------------------------- the parts, one by one


def test_a_waiter_never_holds_a_lock_file_that_was_removed(tmp_path: Path) -> None:
    lock = tmp_path / ".registry.ttl.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    try:
        assert _file._try_lock(fd) and _file._is_current(fd, lock)
        lock.unlink()  # the holder let go: it removed the file first
        assert not _file._is_current(fd, lock)
        lock.write_text("", encoding="utf-8")  # and the next writer made a new one
        assert not _file._is_current(fd, lock)
    finally:
        os.close(fd)


def test_paths_that_are_no_registry_file(tmp_path: Path) -> None:
    with pytest.raises(tk.RegistryError, match=r"new/: is a folder; name a file \(such as .*new/registry\.ttl\)"):
        registry.registry_path(f"{tmp_path}/new/")
    with pytest.raises(tk.RegistryError, match=r"the folder .*missing does not exist"):
        registry.atomic_write(tmp_path / "missing" / "registry.ttl", "x\n")
    os.mkfifo(tmp_path / "pipe.ttl")
    with pytest.raises(tk.RegistryError, match="is not a regular file"):
        registry.atomic_write(tmp_path / "pipe.ttl", "x\n")
    assert leftovers(tmp_path) == []


def test_signals_wait_while_a_lock_is_held_only_where_they_would_end_the_process(saved: Path) -> None:
    ending = {signal.SIGINT: signal.default_int_handler, signal.SIGTERM: signal.SIG_DFL, signal.SIGHUP: signal.SIG_DFL}
    assert {n: signal.getsignal(n) for n in ending} == ending
    with registry.registry_lock(saved):
        assert all(signal.getsignal(n) is _file._defer for n in ending)
    assert {n: signal.getsignal(n) for n in ending} == ending

    def own(signum: int, frame: object) -> None:
        """A program's own handler is left alone."""

    previous = signal.signal(signal.SIGTERM, own)
    try:
        with registry.registry_lock(saved):
            assert signal.getsignal(signal.SIGTERM) is own and signal.getsignal(signal.SIGHUP) is _file._defer
        assert signal.getsignal(signal.SIGTERM) is own
    finally:
        signal.signal(signal.SIGTERM, previous)


@pytest.mark.parametrize(("signum", "ending"), [(signal.SIGTERM, SystemExit), (signal.SIGINT, KeyboardInterrupt)])
def test_a_signal_while_the_lock_is_held_ends_the_save_before_it_writes(
    saved: Path, signum: int, ending: type[BaseException]
) -> None:
    before = saved.read_bytes()
    with pytest.raises(ending) as excinfo, registry.registry_lock(saved):
        os.kill(os.getpid(), signum)  # it waits: the lock is held ...
        time.sleep(0.05)
        registry.atomic_write(saved, "changed\n")  # ... until the save begins, which it ends
    assert saved.read_bytes() == before and leftovers(saved.parent) == []
    if ending is SystemExit:
        assert isinstance(excinfo.value, SystemExit) and excinfo.value.code == 128 + signum
    assert _file._pending == []


def test_the_registry_digest_ignores_blank_node_labels_only(packaged_text: str) -> None:
    from rdflib import Graph, Literal

    from terve_kunta.namespaces import RDFS

    one, two = Graph().parse(data=packaged_text, format="turtle"), Graph().parse(data=packaged_text, format="turtle")
    assert {b for b in one.all_nodes() if isinstance(b, BNode)}.isdisjoint(two.all_nodes())  # other labels
    assert registry.registry_digest(one) == registry.registry_digest(two)
    node, prop, value = next((s, p, o) for s, p, o in sorted(two) if isinstance(s, BNode) and isinstance(o, Literal))
    two.set((node, prop, Literal(f"{value}-")))  # one value inside a blank node
    assert registry.registry_digest(one) != registry.registry_digest(two)
    two.set((node, prop, value))
    two.add((node, RDFS.comment, Literal("x")))  # one statement more
    assert registry.registry_digest(one) != registry.registry_digest(two)


def test_a_save_removes_what_a_save_killed_outright_left(saved: Path) -> None:
    (saved.parent / ".registry.ttl.tmp").write_text("half a regi", encoding="utf-8")
    (saved.parent / ".registry.ttl.lock").write_text("", encoding="utf-8")
    registry.atomic_write(saved, "whole\n")
    assert saved.read_text(encoding="utf-8") == "whole\n" and leftovers(saved.parent) == []
