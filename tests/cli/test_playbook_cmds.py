"""Playbooks from the command line: status, marking steps, switching, hand-over."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from breachkit.cli.main import cli

Run = Callable[..., Result]
"""The ``run`` fixture: invokes the CLI with the given arguments."""


LOST = (
    'title = "Laptop lost on the train"\naware_at = "2026-11-19T08:00:00Z"\n'
    '[breach]\ncause = "lost_or_stolen"\n'
)


@pytest.fixture
def run(tmp_path: Path) -> Run:
    def invoke(*args: str, db: str = "p.db") -> Result:
        return CliRunner().invoke(cli, ["--db", str(tmp_path / db), *args])

    return invoke


@pytest.fixture
def incident(run: Run, tmp_path: Path) -> str:
    source = tmp_path / "lost.toml"
    source.write_text(LOST, encoding="utf-8")
    return str(json.loads(run("new", "--from", str(source), "--json").stdout)["id"])


def status(run: Run, incident: str) -> dict[str, Any]:
    result = run("playbook", "status", incident, "--json")
    assert result.exit_code == 0, result.output
    answer: dict[str, Any] = json.loads(result.stdout)
    return answer


def test_the_playbook_follows_the_cause(run: Run, incident: str) -> None:
    view = status(run, incident)
    assert view["playbook"] == "lost-stolen-device" and view["done"] == 0
    first = view["next"][0]
    assert run("playbook", "done", incident, first, "--note", "reported by j.doe").exit_code == 0
    after = status(run, incident)
    assert after["done"] == 1 and first not in after["next"]
    entries = json.loads(run("timeline", incident, "--json").stdout)["entries"]
    assert entries[-1]["kind"] == "playbook" and "reported by j.doe" in entries[-1]["text"]


def test_skip_needs_a_reason_and_bad_steps_are_named(run: Run, incident: str) -> None:
    first = status(run, incident)["next"][0]
    assert run("playbook", "skip", incident, first).exit_code == 2  # --reason is required
    result = run("playbook", "done", incident, "fly-to-the-moon")
    assert result.exit_code == 2 and "is not a step of this playbook" in result.stderr


def test_switching_playbooks_and_the_list(run: Run, incident: str) -> None:
    ids = [p["id"] for p in json.loads(run("playbook", "list", "--json").stdout)["playbooks"]]
    assert {"gdpr-general", "ransomware", "processor", "misdelivery"} <= set(ids)
    assert run("playbook", "use", incident, "gdpr-general").exit_code == 0
    assert status(run, incident)["playbook"] == "gdpr-general"
    assert run("playbook", "use", incident, "nope").exit_code == 2


def test_progress_travels_in_the_bundle(run: Run, incident: str, tmp_path: Path) -> None:
    first = status(run, incident)["next"][0]
    run("playbook", "done", incident, first)
    run("playbook", "use", incident, "lost-stolen-device")
    bundle = tmp_path / "x.bkbundle"
    assert run("export", incident, "-o", str(bundle)).exit_code == 0
    imported = run("import", str(bundle), db="q.db").stdout.strip()
    copied = json.loads(run("playbook", "status", imported, "--json", db="q.db").stdout)
    assert copied["done"] == 1 and copied["playbook"] == "lost-stolen-device"


def test_a_broken_user_playbook_exits_2(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "bad.toml").write_text('id = "Bad Id"\n', encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "p.db"), "--playbooks", str(folder), "playbook", "list"]
    )
    assert result.exit_code == 2 and "bad.toml" in result.stderr
