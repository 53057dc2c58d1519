"""`contained`, `review`, `report` and `register` from the command line."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from breachkit.cli.main import cli

Run = Callable[..., Result]
"""The ``run`` fixture: invokes the CLI with the given arguments."""


@pytest.fixture
def run(tmp_path: Path) -> Run:
    def invoke(*args: str) -> Result:
        return CliRunner().invoke(
            cli, ["--db", str(tmp_path / "r.db"), "--actor", "c.weber (DPO)", *args]
        )

    return invoke


@pytest.fixture
def demo(run: Run) -> str:
    result = run("demo", "--no-tui", "--json")
    assert result.exit_code == 0, result.output
    return str(json.loads(result.output)["id"])


def test_contained_in_the_future_is_refused(run: Run, demo: str) -> None:
    result = run("contained", demo, "--at", "2099-01-01T00:00")
    assert result.exit_code == 2 and "in the future" in result.output


def test_contained_then_report_measures_it(run: Run, demo: str, tmp_path: Path) -> None:
    show = json.loads(run("show", demo, "--json").output)
    detected = show["facts"]["detected_at"]
    result = run("contained", demo, "--at", detected, "--note", "FS01 unplugged", "--json")
    assert result.exit_code == 0, result.output
    entry = json.loads(result.output)
    assert entry["kind"] == "action" and entry["links"]["milestone"] == "contained"
    assert entry["links"]["change"] == "milestone" and entry["links"]["note"] == "FS01 unplugged"
    report = run("report", demo, "-o", str(tmp_path / "r.pdf"), "--json")
    assert report.exit_code == 0, report.output
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "r.pdf").pages)
    assert "Detection → containment" in text and "0 min" in text


def test_review_items_round_trip(run: Run, demo: str) -> None:
    assert run("review", demo, "lesson", "Backups saved us").exit_code == 0
    added = run(
        "review", demo, "action", "Encrypt the HR share", "--owner", "a.schmit",
        "--due", "2027-01-31", "--json",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    item = json.loads(added.output)
    assert item["label"] == "A2" and item["owner"] == "a.schmit" and item["due"] == "2027-01-31"
    assert run("review", demo, "done", "A2", "--note", "done in December").exit_code == 0
    dropped = run("review", demo, "drop", "L1", "--reason", "said better elsewhere", "--json")
    assert dropped.exit_code == 0, dropped.output
    assert json.loads(dropped.output)["status"] == "dropped"
    listed = json.loads(run("review", demo, "list", "--json").output)
    assert [(i["label"], i["status"]) for i in listed["items"]] == [
        ("L1", "dropped"),
        ("A2", "done"),
    ]
    assert listed["items"][1]["note"] == "done in December"
    human = run("review", demo, "list")
    assert "Encrypt the HR share" in human.output and "done" in human.output
    timeline = json.loads(run("timeline", demo, "--json").output)["entries"]
    assert any(e["text"].startswith("Action item: Encrypt the HR share") for e in timeline)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["action", "No owner", "--due", "2027-01-31"], "--owner"),
        (["action", "Bad date", "--owner", "x", "--due", "31.01.2027"], "YYYY-MM-DD"),
        (["done", "7"], "no review item 7"),
        (["drop", "1"], "--reason"),
        (["done", "X1"], "not an item number"),
    ],
)
def test_review_errors_exit_2_or_1_with_a_message(
    run: Run, demo: str, args: list[str], message: str
) -> None:
    result = run("review", demo, *args)
    assert result.exit_code in (1, 2), result.output
    assert message in result.output


def test_a_lesson_cannot_be_done(run: Run, demo: str) -> None:
    run("review", demo, "lesson", "x")
    result = run("review", demo, "done", "1")
    assert result.exit_code == 2 and "lessons are kept or dropped" in result.output
    result = run("review", demo, "done", "A1")
    assert result.exit_code == 2 and "item 1 is L1" in result.output


def test_report_full_and_redacted(run: Run, demo: str, tmp_path: Path) -> None:
    result = run("report", demo, "-o", str(tmp_path / "full.pdf"), "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["pages"] >= 4 and len(document["sha256"]) == 64
    assert document["redacted"] is False and document["entry_seq"] > 20
    assert stat.S_IMODE((tmp_path / "full.pdf").stat().st_mode) == 0o600
    result = run(
        "report", demo, "-o", str(tmp_path / "red.pdf"), "--redact", "--redact-name", "CIRCL"
    )
    assert result.exit_code == 0, result.output
    assert "redacted" in result.output and "content SHA-256" in result.output
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "red.pdf").pages)
    for name in ("Weber", "muller", "schmit", "Hoffmann", "CIRCL"):
        assert name.lower() not in text.lower(), name


def test_redact_name_needs_redact(run: Run, demo: str, tmp_path: Path) -> None:
    result = run("report", demo, "-o", str(tmp_path / "x.pdf"), "--redact-name", "Jan")
    assert result.exit_code == 2 and "--redact" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_register_formats(run: Run, demo: str, tmp_path: Path) -> None:
    result = run("register", "-o", str(tmp_path / "reg.csv"))
    assert result.exit_code == 0 and "1 incident" in result.output
    assert (tmp_path / "reg.csv").read_text(encoding="utf-8-sig").startswith("incident_id,")
    result = run("register", "--format", "json", "-o", str(tmp_path / "reg.out"), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["format"] == "json"
    assert json.loads((tmp_path / "reg.out").read_text(encoding="utf-8"))["incidents"]
    result = run("register", "--format", "xls", "-o", str(tmp_path / "reg.xls"))
    assert result.exit_code == 2


def test_unknown_incident(run: Run, tmp_path: Path) -> None:
    result = run("report", "BK-1999-0001", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code != 0 and "no incident" in result.output
