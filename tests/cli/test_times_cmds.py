"""Times at every door of the command line: typed as people type them, and refused (exit
2, naming both times, nothing written) when they cannot be true."""

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


FROZEN = datetime(2026, 11, 19, 12, 0, tzinfo=UTC)  # 13:00 in Luxembourg

INCIDENT = """\
title = "Ransomware on the file server"
timezone = "Europe/Luxembourg"
detected_at = "2026-11-18T08:10"
aware_at = "2026-11-18T11:30"
"""


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    original = Services.__init__

    def frozen(self: Services, *args: Any, **kwargs: Any) -> None:
        kwargs["clock"] = FixedClock(FROZEN)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Services, "__init__", frozen)

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), *args])

    return invoke


def create(run: Run, tmp_path: Path, text: str = INCIDENT) -> Result:
    source = tmp_path / "i.toml"
    source.write_text(text, encoding="utf-8")
    return run("new", "--from", str(source), "--json")


@pytest.fixture
def incident(run: Run, tmp_path: Path) -> str:
    return str(json.loads(create(run, tmp_path).stdout)["id"])


def facts(run: Run, incident: str) -> dict[str, Any]:
    answer: dict[str, dict[str, Any]] = json.loads(run("show", incident, "--json").stdout)
    return answer["facts"]


def test_an_incident_file_aware_in_the_future_is_refused(run: Run, tmp_path: Path) -> None:
    result = create(run, tmp_path, INCIDENT.replace("2026-11-18T11:30", "2026-11-20T09:00"))
    assert result.exit_code == 2
    assert "2026-11-20 09:00 CET (+01:00) is in the future" in result.stderr
    assert "now is 2026-11-19 13:00 CET (+01:00)" in result.stderr
    assert "No incidents yet" in run("list").stdout


def test_set_refuses_detection_after_awareness_naming_both(run: Run, incident: str) -> None:
    result = run("set", incident, "detected_at", "2026-11-18T12:00")
    assert result.exit_code == 2
    assert "2026-11-18 12:00 CET (+01:00) is after aware_at 2026-11-18 11:30 CET" in result.stderr
    assert facts(run, incident)["detected_at"] == "2026-11-18T07:10:00+00:00"  # unchanged


def test_set_refuses_occurrence_after_detection(run: Run, incident: str) -> None:
    result = run("set", incident, "occurred_at", "18 Nov 2026 09:00")
    assert result.exit_code == 2
    assert "is before occurred_at 2026-11-18 09:00 CET (+01:00)" in result.stderr


def test_set_takes_a_time_as_typed_in_the_incidents_zone(run: Run, incident: str) -> None:
    assert run("set", incident, "ict_incident.aware_at", "18/11/2026 07:55").exit_code == 0
    assert facts(run, incident)["ict_incident"] == {"aware_at": "2026-11-18T06:55:00+00:00"}
    assert run("set", incident, "aware_at", "12:30").exit_code == 0  # today, local
    assert facts(run, incident)["aware_at"] == "2026-11-19T11:30:00+00:00"
    result = run("set", incident, "aware_at", "Tue 14:05")
    assert result.exit_code == 2 and "weekday" in result.stderr


def test_set_refuses_a_classification_before_the_incident_was_known(
    run: Run, incident: str
) -> None:
    assert run("set", incident, "ict_incident.aware_at", "2026-11-18T07:55").exit_code == 0
    result = run("set", incident, "ict_incident.dora_major_at", "2026-11-18T07:00")
    assert result.exit_code == 2
    assert "is before ict_incident.aware_at 2026-11-18 07:55 CET (+01:00)" in result.stderr


def test_log_takes_typed_times_and_refuses_the_future(run: Run, incident: str) -> None:
    assert run("log", incident, "Backups checked", "--at", "12:40").exit_code == 0
    entry = json.loads(run("timeline", incident, "--json").stdout)["entries"][-1]
    assert entry["occurred_at"] == "2026-11-19T11:40:00+00:00"
    result = run("log", incident, "Too soon", "--at", "20 Nov 2026 09:00")
    assert result.exit_code == 2
    assert (
        "2026-11-20 09:00 CET (+01:00) is in the future (now is 2026-11-19 13:00" in result.stderr
    )


@pytest.mark.parametrize(
    ("at", "words"),
    [
        ("2026-11-20T09:00", "the filing time 2026-11-20 09:00 CET (+01:00) is in the future"),
        (
            "18 Nov 2026 11:00",
            "is before the incident's aware_at 2026-11-18 11:30 CET (+01:00)",
        ),
    ],
)
def test_notified_refuses_impossible_times(run: Run, incident: str, at: str, words: str) -> None:
    result = run("notified", incident, "--authority", "cnpd", "--at", at)
    assert result.exit_code == 2 and words in result.stderr
    assert json.loads(run("clocks", incident, "--json").stdout)["clocks"][0]["filed_at"] is None


def test_a_nis2_early_warning_may_precede_awareness_of_the_breach(run: Run, incident: str) -> None:
    args = ("--authority", "csirt", "--at", "18 Nov 2026 10:00")
    refused = run("notified", incident, *args)
    assert refused.exit_code == 2 and "record ict_incident.aware_at first" in refused.stderr
    assert run("set", incident, "ict_incident.aware_at", "2026-11-18T08:10").exit_code == 0
    filed = run("notified", incident, *args, "--json")
    assert filed.exit_code == 0, filed.output
    assert json.loads(filed.stdout)["links"]["clock_id"] == "nis2-early-warning"


def test_a_late_nis2_filing_needs_no_gdpr_reasons(run: Run, tmp_path: Path) -> None:
    profile = tmp_path / "org.toml"
    profile.write_text(
        '[organisation]\nname = "Alzette IT"\ncountry = "LU"\ntimezone = "Europe/Luxembourg"\n'
        '[authority]\nlead = "cnpd"\n[regimes]\nnis2 = "important"\n',
        encoding="utf-8",
    )
    source = tmp_path / "i.toml"
    source.write_text(INCIDENT, encoding="utf-8")
    incident = json.loads(
        run("--org", str(profile), "new", "--from", str(source), "--json").stdout
    )["id"]
    filed = run("notified", incident, "--authority", "csirt", "--at", "2026-11-19T12:00", "--json")
    assert filed.exit_code == 0, filed.output  # 30 min after the 24 h; NIS2 asks no reasons
    entry = json.loads(filed.stdout)
    assert entry["links"]["late"] is True and entry["links"]["clock_id"] == "nis2-early-warning"
    assert entry["text"].endswith("Late by 30 min.")
    clocks = json.loads(run("clocks", incident, "--json").stdout)["clocks"]
    warning = next(c for c in clocks if c["id"] == "nis2-early-warning")
    assert warning["state"] == "met_late" and "reasons" not in warning["note"]


def test_deadline_takes_the_incident_and_its_classification(run: Run) -> None:
    result = run(
        "deadline",
        "--aware",
        "18 Nov 2026 11:30",
        "--incident-aware",
        "18/11/2026 08:10",
        "--dora-major",
        "18 Nov 2026 09:00",
        "--tz",
        "Europe/Luxembourg",
        "--regime",
        "dora",
        "--regime",
        "nis2",
        "--json",
    )
    assert result.exit_code == 0, result.output
    clocks = {c["id"]: c for c in json.loads(result.stdout)["clocks"]}
    assert clocks["nis2-early-warning"]["due"] == "2026-11-19T08:10:00+01:00"
    assert clocks["dora-initial"]["due"] == "2026-11-18T13:00:00+01:00"
    assert clocks["dora-initial"]["recipient"] == "financial_supervisor"
    assert clocks["gdpr-art33"]["due"] == "2026-11-21T11:30:00+01:00"


def test_the_complement_to_the_cnil_is_shown_as_recommended(run: Run, tmp_path: Path) -> None:
    profile = tmp_path / "org.toml"
    profile.write_text(
        '[organisation]\nname = "Exemple SAS"\ncountry = "FR"\n'
        'timezone = "Europe/Paris"\n[authority]\nlead = "cnil"\n',
        encoding="utf-8",
    )
    source = tmp_path / "i.toml"
    source.write_text(INCIDENT, encoding="utf-8")
    new = run("--org", str(profile), "new", "--from", str(source), "--json")
    assert new.exit_code == 0, new.output
    incident = json.loads(new.stdout)["id"]
    assert (
        run("notified", incident, "--authority", "cnil", "--at", "2026-11-18T12:00").exit_code == 0
    )
    text = run("--org", str(profile), "clocks", incident).stdout
    assert "RECOMMENDED" in text and "guidance, not a legal deadline" in text
    data = json.loads(run("--org", str(profile), "clocks", incident, "--json").stdout)
    complement = next(c for c in data["clocks"] if c["id"] == "gdpr-art33-4-complement")
    assert complement["state"] == "recommended" and complement["due"] is None
    assert complement["recommended_at"] == "2026-11-21T12:00:00+01:00"


def test_deadline_says_how_an_ambiguous_time_was_read(run: Run) -> None:
    """The fall-back hour happens twice: the earlier instant is taken, and said (spec)."""
    args = ("deadline", "--aware", "2026-10-25T02:30", "--tz", "Europe/Paris")
    shown = run(*args)
    assert shown.exit_code == 0, shown.output
    assert "happens twice in Europe/Paris" in shown.stderr
    assert "taken as the earlier instant 2026-10-25T02:30+02:00" in shown.stderr
    answer = json.loads(run(*args, "--json").stdout)
    assert any("happens twice" in note for note in answer["notes"])
    assert answer["clocks"][0]["anchor_at"] == "2026-10-25T02:30:00+02:00"
    exact = json.loads(run(*args[:2], "2026-10-25T02:30+01:00", *args[3:], "--json").stdout)
    assert exact["notes"] == [] and exact["clocks"][0]["anchor_at"] == "2026-10-25T02:30:00+01:00"


def test_a_reader_that_goes_away_is_not_an_error(tmp_path: Path) -> None:
    """`breachkit deadline ... | head -1`: no 'failed unexpectedly', no traceback; the exit
    status is the one a shell gives a program stopped by SIGPIPE."""
    import subprocess
    import sys

    command = [
        sys.executable, "-m", "breachkit", "--db", str(tmp_path / "d.db"),
        "deadline", "--aware", "2026-10-23T10:00+02:00", "--tz", "Europe/Paris",
        "--regime", "nis2", "--regime", "dora", "--incident-aware", "2026-10-23T09:00+02:00",
        "--dora-major", "2026-10-23T09:30+02:00",
    ]  # fmt: skip
    for tail in ([], ["--json"]):  # printed through rich, and written at once at the end
        process = subprocess.Popen(
            [*command, *tail], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # the reader is gone before the command (still starting) writes
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=60) == 141, stderr
        assert stderr == ""
