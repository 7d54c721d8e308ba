"""``terve-kunta export`` and ``publish``: output, atomic files, bad input (one line, exit code 2, nothing written)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import terve_kunta as tk
from tests.support import Run


def test_export_to_stdout_and_to_a_file_alike(run: Run, tmp_path: Path) -> None:
    code, out, _ = run("export", "--format", "nt", "--profile", "who")
    assert code == 0 and "<https://w3id.org/terve-kunta/id/network>" in out
    target = tmp_path / "who.nt"
    code, _, err = run("export", "--format", "nt", "--profile", "who", "-o", str(target))
    assert code == 0 and "wrote" in err
    assert sorted(target.read_text(encoding="utf-8").splitlines()) == sorted(out.splitlines())
    assert [p.name for p in tmp_path.iterdir()] == ["who.nt"]  # no temporary file left


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--format", "yaml"], "invalid choice"),
        (["--profile", "private"], "invalid choice"),
        (["--as-of", "2024-13-01"], "expected a date"),
    ],
)
def test_bad_options_exit_2(run: Run, capsys: pytest.CaptureFixture[str], argv: list[str], says: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run("export", *argv)
    assert exit_info.value.code == 2
    assert says in capsys.readouterr().err


def test_the_api_refuses_bad_options_first(kg: tk.KnowledgeGraph) -> None:
    with pytest.raises(tk.OptionError, match="profile: expected one of public, who, full"):
        kg.export(profile="private")
    with pytest.raises(tk.OptionError, match="as_of"):
        kg.export(as_of="30.6.2024")


def test_an_unwritable_output_exits_2_and_writes_nothing(run: Run, tmp_path: Path) -> None:
    code, out, err = run("export", "-o", str(tmp_path / "missing" / "x.ttl"))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "does not exist" in err
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):  # root writes anywhere: then only the missing folder can be tested
            return
        code, _, err = run("export", "-o", str(locked / "x.ttl"))
        assert code == 2 and "not writable" in err and not list(locked.iterdir())
    finally:
        locked.chmod(0o700)


def test_publish_refuses_a_folder_with_other_files(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = run("publish", str(folder))
    assert code == 2 and "--force" in err and err.count("\n") == 1
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    code, _, err = run("publish", str(tmp_path / "no" / "site"))
    assert code == 2 and "does not exist" in err
    (tmp_path / "file").write_text("", encoding="utf-8")
    code, _, err = run("publish", str(tmp_path / "file"))
    assert code == 2 and "not a folder" in err
