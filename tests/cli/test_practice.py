"""``breachkit demo`` practises in a database of its own, never in the register."""

from __future__ import annotations

import json
from pathlib import Path

import platformdirs
import pytest
from click.testing import CliRunner, Result

from breachkit.cli.main import cli


def practice() -> Path:
    """Where the practice database is (under this test's own state folder)."""
    return platformdirs.user_state_path("breachkit") / "practice" / "breachkit-practice.db"


def demo(*args: str) -> Result:
    return CliRunner().invoke(cli, ["demo", "--no-tui", "--json", *args])


def ids(*global_options: str) -> list[str]:
    listed = CliRunner().invoke(cli, [*global_options, "list", "--json"])
    assert listed.exit_code == 0, listed.output
    return [i["id"] for i in json.loads(listed.stdout)["incidents"]]


def test_the_demo_never_writes_the_register(tmp_path: Path) -> None:
    first = demo()
    assert first.exit_code == 0, first.output
    shown = json.loads(first.stdout)
    assert shown["practice"] is True and Path(shown["db"]) == practice().absolute()
    assert practice().exists()
    register = platformdirs.user_data_path("breachkit") / "breachkit.db"
    assert not register.exists()
    assert ids() == []
    csv = CliRunner().invoke(cli, ["register", "-o", "-"])
    assert "Ransomware" not in csv.output


def test_the_demo_ignores_breachkit_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "real.db"
    monkeypatch.setenv("BREACHKIT_DB", str(real))
    assert demo().exit_code == 0
    assert not real.exists()
    assert ids("--db", str(practice())) == ["BK-2026-0001"]


def test_running_it_again_starts_afresh_never_twice(tmp_path: Path) -> None:
    assert demo().exit_code == 0
    CliRunner().invoke(cli, ["--db", str(practice()), "log", "BK-2026-0001", "my practice note"])
    again = demo()
    assert again.exit_code == 0 and json.loads(again.stdout)["created"] is True
    assert ids("--db", str(practice())) == ["BK-2026-0001"]
    timeline = CliRunner().invoke(cli, ["--db", str(practice()), "timeline", "BK-2026-0001"])
    assert "my practice note" not in timeline.output


def test_resume_reopens_the_practice_as_it_was_left(tmp_path: Path) -> None:
    assert demo().exit_code == 0
    CliRunner().invoke(cli, ["--db", str(practice()), "log", "BK-2026-0001", "my practice note"])
    resumed = demo("--resume")
    assert resumed.exit_code == 0 and json.loads(resumed.stdout)["created"] is False
    assert ids("--db", str(practice())) == ["BK-2026-0001"]
    timeline = CliRunner().invoke(cli, ["--db", str(practice()), "timeline", "BK-2026-0001"])
    assert "my practice note" in timeline.output


def test_a_named_database_gets_the_demo_once(tmp_path: Path) -> None:
    db = tmp_path / "training.db"
    for created in (True, False):
        result = CliRunner().invoke(cli, ["--db", str(db), "demo", "--no-tui", "--json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == {
            "id": "BK-2026-0001",
            "created": created,
            "practice": False,
            "db": str(db),
        }
    assert ids("--db", str(db)) == ["BK-2026-0001"]
    assert not practice().exists()


def test_the_demo_refuses_the_register_named_with_db(tmp_path: Path) -> None:
    register = platformdirs.user_data_path("breachkit") / "breachkit.db"
    register.parent.mkdir(parents=True)
    result = CliRunner().invoke(cli, ["--db", str(register), "demo", "--no-tui"])
    assert result.exit_code == 2
    assert "is your own register" in result.output
    assert not register.exists()
