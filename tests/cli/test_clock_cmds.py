"""`deadline`, `clocks` and `notified` from the command line, as a DPO would use them."""

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

Run = Callable[..., Result]
"""The ``run`` fixture: invokes the CLI with the given arguments."""


FROZEN = datetime(2026, 11, 19, 12, 0, tzinfo=UTC)

INCIDENT = """\
title = "Customer file e-mailed to the wrong client"
timezone = "Europe/Copenhagen"
aware_at = "2026-11-16T09:00"
[breach]
cause = "misdelivery"
"""


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    original = Services.__init__

    def frozen(self: Services, *args: Any, **kwargs: Any) -> None:
        kwargs["clock"] = FixedClock(FROZEN)  # 2026-11-19 12:00 UTC
        original(self, *args, **kwargs)

    monkeypatch.setattr(Services, "__init__", frozen)

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(cli, ["--db", str(tmp_path / "c.db"), *args])

    return invoke


@pytest.fixture
def incident(run: Run, tmp_path: Path) -> str:
    source = tmp_path / "i.toml"
    source.write_text(INCIDENT, encoding="utf-8")
    return str(json.loads(run("new", "--from", str(source), "--json").stdout)["id"])


def test_deadline_json_uses_the_offset_of_the_zone_at_the_due_instant(run: Run) -> None:
    result = run("deadline", "--aware", "2026-10-23T10:00", "--tz", "Europe/Luxembourg", "--json")
    assert result.exit_code == 0
    clock = json.loads(result.stdout)["clocks"][0]
    assert clock["id"] == "gdpr-art33" and clock["basis"] == "GDPR Art. 33(1)"
    # aware at 10:00 CEST; 72 elapsed hours later the zone is on CET: 09:00+01:00
    assert clock["due"] == "2026-10-26T09:00:00+01:00"


def test_deadline_with_nis2_and_a_bad_zone(run: Run) -> None:
    result = run(
        "deadline", "--aware", "2026-11-19T08:00Z", "--tz", "UTC", "--regime", "nis2", "--json"
    )
    ids = [c["id"] for c in json.loads(result.stdout)["clocks"]]
    assert {"nis2-early-warning", "nis2-notification", "nis2-final-report"} <= set(ids)
    bad = run("deadline", "--aware", "2026-11-19T08:00", "--tz", "Mars/Olympus")
    assert bad.exit_code == 2 and "'Mars/Olympus' is not an IANA time zone" in bad.stderr


def test_a_late_filing_needs_reasons(run: Run, incident: str) -> None:
    late = run("notified", incident, "--authority", "datatilsynet", "--at", "2026-11-19T10:30")
    assert late.exit_code == 2
    assert "1 h 30 min after the deadline" in late.stderr
    assert "--reasons-for-delay" in late.stderr
    assert json.loads(run("clocks", incident, "--json").stdout)["clocks"][0]["state"] == "overdue"
    ok = run(
        "notified",
        incident,
        "--authority",
        "datatilsynet",
        "--at",
        "2026-11-19T10:30",
        "--reference",
        "DT-2026-1234",
        "--reasons-for-delay",
        "the recipient only reported the e-mail on day 3",
    )
    assert ok.exit_code == 0, ok.output
    clock = json.loads(run("clocks", incident, "--json").stdout)["clocks"][0]
    assert clock["state"] == "met_late"
    assert clock["late_by_seconds"] == 90 * 60
    assert clock["reference"] == "DT-2026-1234"
    assert clock["reasons_for_delay"].startswith("the recipient")
    entries = json.loads(run("timeline", incident, "--json").stdout)["entries"]
    assert entries[-1]["kind"] == "notification" and "Late by 1 h 30 min" in entries[-1]["text"]


def test_an_early_filing_is_met_and_the_next_one_is_the_complement(run: Run, incident: str) -> None:
    assert (
        run(
            "notified", incident, "--authority", "datatilsynet", "--at", "2026-11-17T15:00"
        ).exit_code
        == 0
    )
    assert (
        run(
            "notified", incident, "--authority", "datatilsynet", "--at", "2026-11-18T15:00"
        ).exit_code
        == 0
    )
    clocks = {c["id"]: c for c in json.loads(run("clocks", incident, "--json").stdout)["clocks"]}
    assert clocks["gdpr-art33"]["state"] == "met"
    assert clocks["gdpr-art33-4-complement"]["filed_at"] == "2026-11-18T15:00:00+01:00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--authority", "nsa", "--at", "2026-11-17T15:00"), "'nsa' is not known"),
        (("--authority", "cnil", "--at", "2026-11-30T15:00"), "is in the future"),
        (("--authority", "cnil", "--at", "2026-11-01T15:00"), "is before the incident's aware_at"),
        (("--authority", "cnil", "--at", "2026-11-17T15:00", "--clock", "x"), "'x' is not a clock"),
    ],
)
def test_bad_filings_are_refused(
    run: Run, incident: str, args: tuple[str, ...], message: str
) -> None:
    result = run("notified", incident, *args)
    assert result.exit_code == 2 and message in result.stderr
    assert json.loads(run("clocks", incident, "--json").stdout)["clocks"][0]["filed_at"] is None


def test_the_human_output_says_what_is_due(run: Run, incident: str) -> None:
    text = run("clocks", incident).stdout
    assert "OVERDUE" in text and "GDPR Art. 33(1)" in text
    assert "due 2026-11-19 09:00 CET (+01:00)" in text
