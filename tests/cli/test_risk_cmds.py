"""`assess` and `decide` from the command line: the spec's JSON, the human decides."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from breachkit.cli.main import cli

Run = Callable[..., Result]
"""The ``run`` fixture: invokes the CLI with the given arguments."""


LEAK = """\
title = "Customer portal database published"
aware_at = "2026-11-19T08:00:00Z"
[breach]
types = ["confidentiality"]
cause = "hacking"
malicious = true
exfiltration = "confirmed"
recipients = "public"
[data]
categories = ["identity", "contact", "health"]
data_subjects = 4000
identifiability = "direct"
"""
MISDELIVERY = """\
title = "Invoice sent to the wrong customer"
aware_at = "2026-11-19T08:00:00Z"
[breach]
types = ["confidentiality"]
cause = "misdelivery"
malicious = false
exfiltration = "not_applicable"
recipients = "trusted"
recipient_confirmed_deletion = true
misuse_observed = false
[data]
categories = ["identity", "contact"]
data_subjects = 1
identifiability = "direct"
"""


@pytest.fixture
def run(tmp_path: Path) -> Run:
    def invoke(*args: str) -> Result:
        return CliRunner().invoke(cli, ["--db", str(tmp_path / "r.db"), *args])

    return invoke


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_assess_a_file_gives_the_spec_keys(run: Run, tmp_path: Path) -> None:
    result = run("assess", str(write(tmp_path, "leak.toml", LEAK)), "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["outcome"] == "notify_authority_and_subjects" and answer["risk"] == "high"
    assert answer["severity"]["method"] == "ENISA-2013"
    assert answer["severity"]["level"] in {"low", "medium", "high", "very_high"}
    assert answer["reasons"] and all("(" in r and r.endswith(").") for r in answer["reasons"])
    assert isinstance(answer["exemptions"], list)
    assert run("list", "--json").stdout.count("BK-") == 0  # assessing a file stores nothing


def test_a_small_misdelivery_deleted_by_the_recipient_is_record_only(
    run: Run, tmp_path: Path
) -> None:
    answer = json.loads(run("assess", str(write(tmp_path, "m.toml", MISDELIVERY)), "--json").stdout)
    assert answer["outcome"] == "record_only" and answer["risk"] == "unlikely"


def test_decide_confirms_or_overrides_with_justification(run: Run, tmp_path: Path) -> None:
    incident = json.loads(
        run("new", "--from", str(write(tmp_path, "l.toml", LEAK)), "--json").stdout
    )["id"]
    refused = run("decide", incident, "--risk", "risk")
    assert refused.exit_code == 2 and "needs a written justification" in refused.stderr
    assert run("decide", incident).exit_code == 0  # confirm
    answer = json.loads(run("assess", incident, "--json").stdout)
    assert answer["decision"]["risk"] == "high" and not answer["decision"]["override"]
    clocks = {c["id"]: c for c in json.loads(run("clocks", incident, "--json").stdout)["clocks"]}
    assert clocks["gdpr-art34"]["state"] == "running"  # the Art. 34 clock starts at the decision
    override = run(
        "decide",
        incident,
        "--risk",
        "risk",
        "--justification",
        "the published copy was taken down within minutes",
    )
    assert override.exit_code == 0 and "overrides the recommendation" in override.stdout
    entries = json.loads(run("timeline", incident, "--json").stdout)["entries"]
    last = entries[-1]
    assert last["kind"] == "decision" and last["links"]["facts"]["title"].startswith("Customer")
    assert last["links"]["recommended_risk"] == "high" and last["links"]["override"]


def test_not_a_breach_is_a_recorded_decision(run: Run, tmp_path: Path) -> None:
    incident = json.loads(
        run("new", "--from", str(write(tmp_path, "m.toml", MISDELIVERY)), "--json").stdout
    )["id"]
    assert run("decide", incident, "--not-a-breach").exit_code == 2
    result = run(
        "decide",
        incident,
        "--not-a-breach",
        "--justification",
        "the 'customer' was our own test account",
    )
    assert result.exit_code == 0 and "not a personal data breach" in result.stdout
