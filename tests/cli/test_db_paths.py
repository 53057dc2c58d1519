"""Where the database is: a mistyped --db is an error, and reading never creates a file."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest
from click.testing import CliRunner

from breachkit.cli.main import cli

READ_ONLY = (
    ["list"],
    ["list", "--json"],
    ["show", "BK-2026-0001"],
    ["clocks", "BK-2026-0001"],
    ["timeline", "BK-2026-0001"],
    ["verify"],
    ["verify", "BK-2026-0001"],
    ["seal", "BK-2026-0001"],
    ["register", "-o", "-"],
    ["playbook", "status", "BK-2026-0001"],
    ["drafts", "BK-2026-0001"],
    ["review", "BK-2026-0001", "list"],
    ["rebuild", "BK-2026-0001"],
    ["log", "BK-2026-0001", "a note"],
)


def test_breachkit_db_naming_a_missing_folder_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no" / "such" / "x.db"
    monkeypatch.setenv("BREACHKIT_DB", str(missing))
    for command in (["list"], ["demo", "--no-tui"], ["import", str(tmp_path / "b.bkbundle")]):
        result = CliRunner().invoke(cli, command)
        if command[0] == "demo":  # the demo never uses BREACHKIT_DB (the real register)
            continue
        assert result.exit_code == 2, (command, result.output)
        assert f"the folder {missing.parent} does not exist" in result.output
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("command", READ_ONLY, ids=" ".join)
def test_no_read_only_command_creates_the_database(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "typo.db"
    result = CliRunner().invoke(cli, ["--db", str(db), *command])
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_the_default_database_is_not_created_by_reading(tmp_path: Path) -> None:
    data = platformdirs.user_data_path("breachkit")
    for command in (["list"], ["verify"], ["register", "-o", "-"]):
        assert CliRunner().invoke(cli, command).exit_code == 0
    assert not data.exists()
    result = CliRunner().invoke(cli, ["list"])
    assert "there is no database at" in result.output


def test_new_creates_the_default_database_private(tmp_path: Path) -> None:
    source = tmp_path / "i.toml"
    source.write_text(
        'title = "Laptop stolen"\ntimezone = "Europe/Luxembourg"\n'
        'aware_at = "2026-11-19T11:30:00+01:00"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["new", "--from", str(source)])
    assert result.exit_code == 0, result.output
    db = platformdirs.user_data_path("breachkit") / "breachkit.db"
    assert db.exists() and db.stat().st_mode & 0o777 == 0o600
