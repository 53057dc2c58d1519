# ruff: noqa: E501
"""`controllers --load`, `notified --controller`, `acknowledged` and `clocks` from the shell."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from breachkit.cli.main import cli
from breachkit.core.timesource import FixedClock
from breachkit.services import Services
from tests.controllers.conftest import CONTROLLERS, INCIDENT, PROFILE

Run = Callable[..., Result]
"""The ``run`` fixture: invokes the CLI with the given arguments."""


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    original = Services.__init__

    def frozen(self: Services, *args: Any, **kwargs: Any) -> None:
        kwargs["clock"] = FixedClock(datetime(2026, 10, 25, 7, 0, tzinfo=UTC))
        original(self, *args, **kwargs)

    monkeypatch.setattr(Services, "__init__", frozen)
    org = tmp_path / "org.toml"
    org.write_text(PROFILE, encoding="utf-8")

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(cli, ["--db", str(tmp_path / "c.db"), "--org", str(org), *args])

    return invoke


def test_a_processor_tells_its_controllers_from_the_command_line(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "i.toml"
    source.write_text(INCIDENT, encoding="utf-8")
    incident = json.loads(run("new", "--from", str(source), "--json").stdout)["id"]
    path = tmp_path / "controllers.csv"
    path.write_text(CONTROLLERS, encoding="utf-8")
    loaded = run("controllers", incident, "--load", str(path))
    assert loaded.exit_code == 0, loaded.output
    assert "5 controllers read" in loaded.stdout and "line 7: no name" in loaded.stdout
    told = run(
        "notified",
        incident,
        "--controller",
        "C-001",
        "--at",
        "2026-10-24T15:00",
        "--reference",
        "T-1",
    )
    assert told.exit_code == 0, told.output
    assert "Notice sent to controller Boulangerie Muller" in told.stdout
    ack = run("acknowledged", incident, "--controller", "C-001", "--at", "2026-10-24T16:00")
    assert ack.exit_code == 0, ack.output
    clocks = json.loads(run("clocks", incident, "--json").stdout)
    counts = clocks["controllers"]
    assert (counts["controllers"], counts["told"], counts["acknowledged"]) == (5, 1, 1)
    assert counts["overdue"] == 0  # 07:00 UTC on 25 October: the 24 h windows end at 08:00
    text = run("clocks", incident).stdout
    assert "1/5 controllers told, 1 acknowledged" in text
    bad = run("notified", incident, "--controller", "C-404", "--at", "2026-10-24T15:00")
    assert bad.exit_code == 2 and "not a controller" in bad.output
    neither = run("notified", incident, "--at", "2026-10-24T15:00")
    assert neither.exit_code == 2 and "--authority or --controller" in neither.output


def test_notices_from_the_command_line(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "i.toml"
    source.write_text(INCIDENT, encoding="utf-8")
    incident = json.loads(run("new", "--from", str(source), "--json").stdout)["id"]
    path = tmp_path / "controllers.csv"
    path.write_text(CONTROLLERS, encoding="utf-8")
    result = run(
        "notices",
        incident,
        "--controllers",
        str(path),
        "--out",
        str(tmp_path / "n"),
        "--format",
        "eml",
        "--json",
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["outputs"] == {"eml": 5, "json": 5}
    assert document["bad_rows"] == [{"line": 7, "reason": "no name"}]
    text = run(
        "notices",
        incident,
        "--controllers",
        str(path),
        "--out",
        str(tmp_path / "n"),
        "--format",
        "eml",
    )
    assert text.exit_code == 0 and "5 controllers given a notice each" in text.stdout
    assert "(continued)" in text.stdout
    other = run("notices", incident, "--controllers", str(path), "--out", str(tmp_path / "n"))
    assert other.exit_code == 2 and "holds another batch" in other.output
