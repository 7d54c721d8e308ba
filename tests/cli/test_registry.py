"""The member command: add, end and history, saved to a registry file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import Run


def test_member_commands_save_to_the_registry_file(run: Run, tmp_path: Path) -> None:
    registry = tmp_path / "registry.ttl"
    decision = ["--decision-body", "Mäntyharjun kunnanvaltuusto", "--decision-date", "2025-01-20"]
    code, _, err = run("member", "add", "Mäntyharju", "--start", "2025-02-01", *decision, "--registry", str(registry))
    assert code == 0 and "new registry" in err and registry.exists()
    code, _, err = run("member", "add", "507", "--start", "2025-03-01", *decision, "--registry", str(registry))
    assert code == 2 and "already a member" in err
    code, _, err = run("member", "end", "507", "--end", "2025-01-01", *decision, "--registry", str(registry))
    assert code == 2 and "before the start" in err
    code, out, _ = run("members", "--registry", str(registry), "--as-of", "2025-02-01", "--format", "csv")
    assert code == 0 and len(out.splitlines()) == 54
    code, _, err = run("member", "add", "Mäntyharju", "--start", "2025-02-01", *decision)
    assert code == 2 and "--registry FILE" in err


def test_member_add_warns_of_a_decision_dated_after_the_start(run: Run, tmp_path: Path) -> None:
    registry = tmp_path / "registry.ttl"
    decision = ["--decision-body", "Mäntyharjun kunnanvaltuusto", "--decision-date", "2025-03-20"]
    code, out, err = run("member", "add", "507", "--start", "2025-02-01", *decision, "--registry", str(registry))
    assert code == 0 and out.startswith("https://w3id.org/terve-kunta/id/membership/")
    assert (
        "terve-kunta: warning: the decision (2025-03-20) is dated after the start of the membership (2025-02-01)" in err
    )
    assert "Mäntyharju (507) is a member from 2025-02-01; saved to" in err
    code, _, err = run("member", "end", "507", "--end", "2025-12-31", *decision, "--registry", str(registry))
    assert code == 0 and "warning" not in err  # a decision before the end is as it should be


@pytest.mark.parametrize(
    ("option", "value", "reason"),
    [
        ("--decision-body", "", "--decision-body: name the body that decided"),
        ("--url", "ftp://x", "--url: expected an http(s) URL with a host"),
    ],
)
def test_member_add_errors_keep_the_reason_and_create_nothing(
    run: Run, tmp_path: Path, option: str, value: str, reason: str
) -> None:
    registry = tmp_path / "registry.ttl"
    argv = ["--decision-body", "Valtuusto", "--decision-date", "2025-01-20", option, value]
    code, _, err = run("member", "add", "507", "--start", "2025-02-01", *argv, "--registry", str(registry))
    assert code == 2 and reason in err and "pydantic" not in err
    assert not registry.exists() and "new registry" not in err


def test_member_history_shows_names_dates_decisions_and_sources(run: Run, tmp_path: Path) -> None:
    registry = tmp_path / "registry.ttl"
    decision = ["--decision-body", "Mäntyharjun kunnanvaltuusto", "--decision-date", "2025-01-20"]
    run("member", "add", "507", "--start", "2025-02-01", *decision, "--reference", "§ 12", "--registry", str(registry))
    code, out, _ = run("member", "history", "507", "--registry", str(registry), "--lang", "fi")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "Mäntyharju (507): jäsenyydet Terve Kunta -verkostossa"
    assert lines[1].split() == ["Alkaen", "Asti", "Päätös", "Lähde"]
    assert lines[3].split()[:2] == ["2025-02-01", "(jatkuu)"] and "Mäntyharjun kunnanvaltuusto 2025-01-20 § 12" in out
    code, out, _ = run("member", "history", "140")  # Iisalmi: known only from the 6/2024 list
    assert "attested 2024-06" in out and "Terve Kunta -verkosto, esittely (6/2024), slide 3" in out
    assert "https://" not in out


def test_help_says_what_commands_do(capsys: pytest.CaptureFixture[str]) -> None:
    from terve_kunta.cli import main

    for argv, words in [
        (["member", "history", "--help"], "the decision behind each (body, date, reference) and the source"),
        (["load", "--help"], "required: the memory store keeps nothing"),
    ]:
        with pytest.raises(SystemExit):
            main(argv)
        assert words in " ".join(capsys.readouterr().out.split()), argv
    with pytest.raises(SystemExit):
        main(["load", "--help"])
    assert "memory (default)" not in capsys.readouterr().out  # load refuses the memory store
