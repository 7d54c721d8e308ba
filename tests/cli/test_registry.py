"""The member command: add, end and history, saved to a registry file."""

from __future__ import annotations

from pathlib import Path

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
