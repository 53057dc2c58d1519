"""`breachkit draft`, `drafts` and `notified --draft`, as a DPO uses them."""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Callable
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from breachkit.cli.main import cli
from breachkit.core.timesource import FixedClock
from breachkit.services import Services

Run = Callable[..., Result]
"""The ``run`` fixture: invokes the CLI with the given arguments."""


FROZEN = datetime(2026, 11, 19, 12, 0, tzinfo=UTC)

PROFILE = """\
[organisation]
name = "Skovbo IT ApS"
registration = "CVR 12 34 56 78"
address = ["Nørregade 7", "1165 København K"]
country = "DK"
timezone = "Europe/Copenhagen"
languages = ["da", "en"]
[dpo]
name = "Mette Sørensen"
email = "dpo@skovbo.example"
phone = "+45 70 00 00 00"
[representative]
name = "Lars Holm"
title = "Direktør"
[authority]
lead = "datatilsynet"
"""

INCIDENT = """\
title = "Lønsedler sendt til forkert kunde"
summary = "Lønsedler for 40 medarbejdere blev sendt med e-mail til den forkerte kunde."
text_language = "da"
timezone = "Europe/Copenhagen"
occurred_at = "2026-11-18T15:00"
detected_at = "2026-11-19T08:30"
aware_at = "2026-11-19T09:00"
[breach]
types = ["confidentiality"]
cause = "misdelivery"
malicious = false
exfiltration = "not_applicable"
recipients = "identified"
[data]
categories = ["identity", "employment", "national_id"]
data_subjects = 40
records = 40
subject_groups = ["employees"]
countries = ["DK"]
[response]
measures_taken = ["Modtageren er bedt om at slette e-mailen"]
"""


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    original = Services.__init__

    def frozen(self: Services, *args: Any, **kwargs: Any) -> None:
        kwargs["clock"] = FixedClock(FROZEN)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Services, "__init__", frozen)
    (tmp_path / "org.toml").write_text(PROFILE, encoding="utf-8")

    def invoke(*args: str) -> Result:
        base = ["--db", str(tmp_path / "d.db"), "--org", str(tmp_path / "org.toml")]
        return CliRunner().invoke(cli, [*base, *args])

    return invoke


@pytest.fixture
def incident(run: Run, tmp_path: Path) -> str:
    source = tmp_path / "i.toml"
    source.write_text(INCIDENT, encoding="utf-8")
    return str(json.loads(run("new", "--from", str(source), "--json").stdout)["id"])


def timeline(run: Run, incident: str) -> list[dict[str, Any]]:
    answer: dict[str, list[dict[str, Any]]] = json.loads(run("timeline", incident, "--json").stdout)
    return answer["entries"]


def test_incomplete_exits_1_with_the_list_and_writes_nothing(
    run: Run, incident: str, tmp_path: Path
) -> None:
    target = tmp_path / "draft.pdf"
    before = len(timeline(run, incident))
    result = run("draft", incident, "-o", str(target))
    assert result.exit_code == 1
    assert "the draft for Datatilsynet is not complete" in result.stderr
    assert "people_informed" in result.stderr and f"breachkit decide {incident}" in result.stderr
    assert not target.exists() and len(timeline(run, incident)) == before
    as_json = run("draft", incident, "-o", str(target), "--json")
    assert as_json.exit_code == 1
    document = json.loads(as_json.stdout)
    assert document["written"] is False
    assert [m["key"] for m in document["missing"]] == ["people_informed"]


def test_allow_incomplete_marks_the_draft(run: Run, incident: str, tmp_path: Path) -> None:
    target = tmp_path / "draft.pdf"
    result = run("draft", incident, "-o", str(target), "--allow-incomplete")
    assert result.exit_code == 0, result.output
    assert "INCOMPLETE" in result.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(target.read_bytes())).pages)
    assert "UFULDSTÆNDIG" in text and "Anmeldelse af brud på persondatasikkerheden" in text
    entry = timeline(run, incident)[-1]
    assert entry["kind"] == "document" and "INCOMPLETE" in entry["text"]
    assert entry["links"]["complete"] is False
    assert entry["links"]["missing"] == ["people_informed"]


def test_export_says_when_no_risk_decision_is_recorded(
    run: Run, incident: str, tmp_path: Path
) -> None:
    target = tmp_path / "d.md"
    before = run("draft", incident, "-o", str(target), "--allow-incomplete")
    assert "no risk decision is recorded" in before.stdout
    assert f"breachkit decide {incident}" in before.stdout
    undecided = run("draft", incident, "-o", str(target), "--allow-incomplete", "--json")
    assert json.loads(undecided.stdout)["risk_decided"] is False
    assert run("decide", incident).exit_code == 0
    after = run("draft", incident, "-o", str(target))
    assert after.exit_code == 0, after.output
    assert "no risk decision" not in after.stdout
    decided = json.loads(run("draft", incident, "-o", str(target), "--json").stdout)
    assert decided["risk_decided"] is True


def test_exports_are_versioned_hashed_and_on_the_timeline(
    run: Run, incident: str, tmp_path: Path
) -> None:
    assert run("decide", incident).exit_code == 0
    outputs = {}
    for fmt in ("md", "pdf", "json"):
        target = tmp_path / f"d.{fmt}"
        result = run("draft", incident, "-o", str(target), "--json")
        assert result.exit_code == 0, result.output
        outputs[fmt] = json.loads(result.stdout)
        assert outputs[fmt]["file_sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    # the same content in three formats is one version (versions count changes of content)
    assert [outputs[f]["version"] for f in ("md", "pdf", "json")] == [1, 1, 1]
    assert [outputs[f]["content_unchanged"] for f in ("md", "pdf", "json")] == [False, True, True]
    assert {outputs[f]["content_first_version"] for f in outputs} == {1}
    shared = {o["content_sha256"] for o in outputs.values()}
    assert len(shared) == 1  # the same content in three formats
    content_sha = shared.pop()
    document = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    canonical = json.dumps(
        document["content"], sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    assert hashlib.sha256(canonical.encode()).hexdigest() == content_sha
    assert document["draft"]["language"] == "da" and document["draft"]["version"] == 1
    assert content_sha in (tmp_path / "d.md").read_text(encoding="utf-8")
    pdf_text = "".join(
        p.extract_text() for p in PdfReader(BytesIO((tmp_path / "d.pdf").read_bytes())).pages
    )
    assert content_sha in pdf_text and "version 1" in pdf_text
    # every export is still its own entry on the timeline, with its own file
    entries = [e for e in timeline(run, incident) if e["kind"] == "document"]
    assert [e["links"]["version"] for e in entries] == [1, 1, 1]
    assert [e["links"]["format"] for e in entries] == ["md", "pdf", "json"]
    assert all(e["links"]["content_sha256"] == content_sha for e in entries)
    assert entries[1]["links"]["file_sha256"] == outputs["pdf"]["file_sha256"]
    assert "Content unchanged since version 1" in entries[1]["text"]
    assert "unchanged" not in entries[0]["text"]
    listed = json.loads(run("drafts", incident, "--json").stdout)["drafts"]
    assert [(d["version"], d["format"]) for d in listed] == [(1, "md"), (1, "pdf"), (1, "json")]
    assert [d["content_unchanged"] for d in listed] == [False, True, True]
    # a fact changes what the authority reads: the next version
    assert run("set", incident, "data.records", "41").exit_code == 0
    changed = json.loads(run("draft", incident, "-o", str(tmp_path / "e.md"), "--json").stdout)
    assert changed["version"] == 2 and changed["content_unchanged"] is False
    assert changed["content_sha256"] != content_sha
    assert run("verify", incident).exit_code == 0


def test_an_unchanged_export_says_so(run: Run, incident: str, tmp_path: Path) -> None:
    """Exporting the same draft again keeps its version, names the file with it and says
    since when nothing changed; --json says it too."""
    assert run("decide", incident).exit_code == 0
    first = run("draft", incident, "-o", str(tmp_path))
    assert first.exit_code == 0, first.output
    assert "draft version 1" in first.stdout and "first version of this draft" in first.stdout
    again = run("draft", incident, "-o", str(tmp_path), "--format", "md")
    assert again.exit_code == 0, again.output
    assert "draft version 1 " in again.stdout
    assert (
        "content unchanged since version 1, first exported 2026-11-19 13:00 CET (+01:00)"
        in again.stdout
    )
    assert (tmp_path / f"{incident}-datatilsynet-da-v1.pdf").is_file()
    assert (tmp_path / f"{incident}-datatilsynet-da-v1.md").is_file()
    as_json = json.loads(run("draft", incident, "-o", str(tmp_path), "--json").stdout)
    assert as_json["version"] == 1 and as_json["content_unchanged"] is True
    assert as_json["content_first_exported_at"] == as_json["generated_at"]
    listed = run("drafts", incident)
    assert listed.stdout.count("content unchanged since v1") == 2
    assert "· 2026-11-19 13:00 CET (+01:00) ·" in listed.stdout  # in the incident's zone
    run("set", incident, "summary", "Lønsedler for 41 medarbejdere blev sendt forkert.")
    changed = run("draft", incident, "-o", str(tmp_path))
    assert "draft version 2" in changed.stdout
    assert "new content: version 1 said something else" in changed.stdout
    assert (tmp_path / f"{incident}-datatilsynet-da-v2.pdf").is_file()


def test_notified_links_the_draft_sent(run: Run, incident: str, tmp_path: Path) -> None:
    run("decide", incident)
    first = json.loads(run("draft", incident, "-o", str(tmp_path / "a.md"), "--json").stdout)
    run("set", incident, "data.records", "41")  # version 2 says something else
    assert (
        json.loads(run("draft", incident, "-o", str(tmp_path / "b.md"), "--json").stdout)["version"]
        == 2
    )
    filed = run(
        "notified",
        incident,
        "--authority",
        "datatilsynet",
        "--at",
        "2026-11-19T13:00",
        "--reference",
        "2026-31-0001",
        "--draft",
        "1",
        "--json",
    )
    assert filed.exit_code == 0, filed.output
    entry = json.loads(filed.stdout)
    assert f"content SHA-256 {first['content_sha256']}" in entry["text"]
    assert entry["links"]["draft_version"] == 1
    services = Services(tmp_path / "d.db", org_path=tmp_path / "org.toml")
    row = services.db.execute("SELECT draft_id FROM filings WHERE authority = ?", ["datatilsynet"])
    draft_id = row.fetchone()[0]
    assert draft_id == services.drafts(incident, "datatilsynet")[0].id
    services.close()
    missing = run(
        "notified",
        incident,
        "--authority",
        "datatilsynet",
        "--at",
        "2026-11-19T12:40",
        "--draft",
        "9",
    )
    assert missing.exit_code == 2 and "no draft version 9 for datatilsynet" in missing.stderr


def test_complementary_follows_a_filing_and_quotes_its_reference(
    run: Run, incident: str, tmp_path: Path
) -> None:
    run("decide", incident)
    run("draft", incident, "-o", str(tmp_path / "first.md"))
    later = run(
        "notified",
        incident,
        "--authority",
        "datatilsynet",
        "--at",
        "2026-11-19T13:00",
        "--reference",
        "2026-31-0001",
    )
    assert later.exit_code == 0 and "Draft sent: version 1 (the latest exported" in later.stdout
    result = run("draft", incident, "-o", str(tmp_path), "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["phase"] == "complementary"
    path = Path(document["path"])
    assert path.name == f"{incident}-datatilsynet-da-v2.pdf" and path.is_file()
    sheet = run("draft", incident, "-o", "-", "--lang", "en")
    assert sheet.exit_code == 1 and "text.en.summary" in sheet.stderr  # the text is Danish
    sheet = run("draft", incident, "-o", "-", "--lang", "en", "--allow-incomplete")
    assert sheet.exit_code == 0
    assert "Complementary notification" in sheet.stdout and "2026-31-0001" in sheet.stdout
    assert "[not translated, in Danish] Lønsedler for 40 medarbejdere" in sheet.stdout


def test_markup_prints_literally_in_the_sheet(run: Run, incident: str, tmp_path: Path) -> None:
    run("decide", incident)
    run("set", incident, "summary", "<b>Dupont & Fils</b> {{ d.org_name }} {% raw %}")
    result = run(
        "draft", incident, "-o", "-", "--authority", "cnpd", "--lang", "fr", "--allow-incomplete"
    )
    assert result.exit_code == 0, result.output
    assert "[non traduit, en danois] <b>Dupont & Fils</b> {{ d.org_name }} {% raw %}" in (
        result.stdout
    )


def test_user_templates_override_the_bundled_ones(run: Run, incident: str, tmp_path: Path) -> None:
    run("decide", incident)
    mine = tmp_path / "mine" / "datatilsynet" / "da"
    mine.mkdir(parents=True)
    (mine / "draft.md.j2").write_text(
        '{{ title("Vores egen anmeldelse") }}\n\nTekst fra os.\n\n'
        '{{ section("Kontakt") }}\n{{ field("Navn", d.dpo_name) }}\n',
        encoding="utf-8",
    )
    result = run("draft", incident, "-o", "-", "--templates", str(tmp_path / "mine"))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Vores egen anmeldelse\n")
    assert "Tekst fra os." in result.stdout and "**Navn**\nMette Sørensen" in result.stdout
    broken = tmp_path / "mine" / "datatilsynet" / "da" / "draft.md.j2"
    broken.write_text('{{ field("Navn", d.no_such_value) }}\n', encoding="utf-8")
    bad = run("draft", incident, "-o", "-", "--templates", str(tmp_path / "mine"))
    assert bad.exit_code == 2 and "no_such_value" in bad.stderr


def test_bad_choices_are_usage_errors(run: Run, incident: str, tmp_path: Path) -> None:
    wrong_lang = run("draft", incident, "--lang", "fr", "-o", str(tmp_path / "x.pdf"))
    assert wrong_lang.exit_code == 2 and "Datatilsynet takes drafts in da | en" in wrong_lang.stderr
    unknown = run("draft", incident, "--authority", "aepd", "-o", str(tmp_path / "x.pdf"))
    assert unknown.exit_code == 2 and "'aepd' is not in the authority directory" in unknown.stderr
    pdf_out = run("draft", incident, "-o", "-", "--format", "pdf", "--allow-incomplete")
    assert pdf_out.exit_code == 2 and "standard output" in pdf_out.stderr
