"""`breachkit letters` and `breachkit public-notice` as a DPO uses them, SIGKILL included."""

from __future__ import annotations

import csv
import email
import email.policy
import hashlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from breachkit.cli.main import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PROFILE = """\
[organisation]
name = "Alzette Managed IT S.A."
address = ["7, rue des Exemples", "L-2999 Luxembourg"]
country = "LU"
timezone = "Europe/Luxembourg"
languages = ["fr", "en", "de"]
[dpo]
name = "Claire Weber"
email = "dpo@alzette-it.example"
phone = "+352 2799 0000"
[authority]
lead = "cnpd"
"""
INCIDENT = """\
title = "Customer portal breached"
timezone = "Europe/Luxembourg"
occurred_at = "2026-11-17T22:00"
aware_at = "2026-11-18T10:00"
[breach]
types = ["confidentiality"]
cause = "hacking"
exfiltration = "confirmed"
[data]
categories = ["identity", "contact", "credentials", "bank_account"]
countries = ["LU", "FR", "DK", "BE"]
[response]
measures_taken = ["Portal taken offline"]
measures_proposed = ["Independent test of the portal"]
[text.fr]
measures_taken = ["Portail mis hors ligne"]
measures_proposed = ["Test indépendant du portail"]
[text.da]
measures_taken = ["Portalen er taget offline"]
measures_proposed = ["Uafhængig test af portalen"]
[text.de]
measures_taken = ["Portal vom Netz genommen"]
measures_proposed = ["Unabhängiger Test des Portals"]
[text.nl]
measures_taken = ["Portaal offline gehaald"]
measures_proposed = ["Onafhankelijke test van het portaal"]
"""
GOOD_LINES = {2, 3, 4, 5, 6, 7, 8, 14}
BAD = {
    9: "no name",
    10: "'bad@' is not an e-mail address",
    11: "'tlh' is not an ISO 639-1 language code",
    12: "there is no letter in 'pl'",
    13: "neither an e-mail address nor a postal address",
}
ALLOWED_TOP = {
    ".lock",
    "batch.json",
    "batch-complete.json",
    "manifest.csv",
    "bad-rows.csv",
    "letters-print.pdf",
    "people.keys",
    "people-post.keys",
    "pdf",
    "eml",
}


@pytest.fixture
def case(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "org.toml").write_text(PROFILE, encoding="utf-8")
    (tmp_path / "incident.toml").write_text(INCIDENT, encoding="utf-8")
    base = ["--db", str(tmp_path / "bk.db"), "--org", str(tmp_path / "org.toml")]
    created = CliRunner().invoke(
        cli, [*base, "new", "--from", str(tmp_path / "incident.toml"), "--json"]
    )
    assert created.exit_code == 0, created.output
    subjects = tmp_path / "subjects.csv"
    shutil.copy(FIXTURES / "subjects.csv", subjects)
    return {
        "db": base[1],
        "org": base[3],
        "id": json.loads(created.stdout)["id"],
        "subjects": str(subjects),
        "tmp": str(tmp_path),
    }


def run(case: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", case["db"], "--org", case["org"], *args])


def letters(case: dict[str, str], out: Path, *more: str) -> Result:
    return run(
        case,
        "letters",
        case["id"],
        "--subjects",
        case["subjects"],
        "--out",
        str(out),
        "--json",
        *more,
    )


def manifest_rows(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(StringIO((out / "manifest.csv").read_text(encoding="utf-8"))))


def assert_exactly_once(out: Path, expected: set[tuple[int, str]]) -> list[dict[str, str]]:
    """Every letter once in the manifest, every file once on disk, each hash right."""
    rows = manifest_rows(out)
    keys = [(int(r["line"]), r["format"]) for r in rows]
    assert len(keys) == len(set(keys)) and set(keys) == expected
    order = {"pdf": 0, "print": 1, "eml": 2}
    assert keys == sorted(keys, key=lambda k: (k[0], order[k[1]]))  # in the file's order
    on_disk = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    letters_on_disk = {p for p in on_disk if p.startswith(("pdf/", "eml/"))}
    listed = {r["file"] for r in rows if r["format"] != "print"}
    assert letters_on_disk == listed
    assert {p.split("/")[0] for p in on_disk} <= ALLOWED_TOP
    for r in rows:
        if r["format"] != "print":
            data = (out / r["file"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == r["sha256"] and len(data) == int(r["bytes"])
    return rows


def test_letters_for_everyone_bad_rows_named_and_the_batch_on_the_timeline(
    case: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = letters(case, out)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["complete"] and answer["outputs"] == {"pdf": len(GOOD_LINES)}
    assert answer["bad_rows"] == len(BAD)
    rows = assert_exactly_once(out, {(line, "pdf") for line in GOOD_LINES})
    assert {r["language"] for r in rows} == {"da", "fr", "de", "en", "nl"}
    assert rows[-1]["language"] == "fr"  # line 14 has no language: the CNPD's, French
    bad = list(csv.DictReader(StringIO((out / "bad-rows.csv").read_text(encoding="utf-8"))))
    assert {int(b["line"]) for b in bad} == set(BAD)
    for b in bad:
        assert BAD[int(b["line"])] in b["reason"]
    # personal data: private files and folders
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    for path in out.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path
    # the timeline proves what was sent
    timeline = json.loads(run(case, "timeline", case["id"], "--json").stdout)["entries"]
    sent = [e for e in timeline if e["kind"] == "communication"]
    manifest_sha = hashlib.sha256((out / "manifest.csv").read_bytes()).hexdigest()
    assert len(sent) == 1 and manifest_sha in sent[-1]["text"]
    assert answer["manifest_sha256"] == manifest_sha and answer["entry"] == sent[-1]["seq"]


def test_running_again_changes_nothing_and_records_once(
    case: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = json.loads(letters(case, out).stdout)
    second = json.loads(letters(case, out).stdout)
    assert second["letters"] == 0 and second["manifest_sha256"] == first["manifest_sha256"]
    assert second["entry"] == first["entry"]
    timeline = json.loads(run(case, "timeline", case["id"], "--json").stdout)["entries"]
    assert sum(e["kind"] == "communication" for e in timeline) == 1


def test_a_folder_from_another_file_is_refused(case: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert letters(case, out).exit_code == 0
    with open(case["subjects"], "a", encoding="utf-8") as handle:
        handle.write("New Person,new@example.org,,,,,en,C-2000,retail\n")
    refused = letters(case, out)
    assert refused.exit_code == 2 and "affected-people file has changed" in refused.output
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("x")
    assert "not empty" in letters(case, tmp_path / "other").output


def test_emails_have_one_recipient_each(case: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    answer = json.loads(letters(case, out, "--format", "eml").stdout)
    with_email = {2, 3, 4, 6, 7, 8, 14}
    rows = assert_exactly_once(out, {(line, "eml") for line in with_email})
    assert answer["bad_rows"] == len(BAD) + 1  # line 5 has only a postal address
    for r in rows:
        message = email.message_from_bytes(
            (out / r["file"]).read_bytes(), policy=email.policy.default
        )
        assert len(message["To"].addresses) == 1 and message["Cc"] is None
        assert message["From"].addresses[0].addr_spec == "dpo@alzette-it.example"


def test_the_print_file_and_emails_together(case: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = letters(case, out, "--format", "both", "--combined")
    assert result.exit_code == 0, result.output
    postal = {2, 3, 4, 5, 7, 8, 14}
    with_email = {2, 3, 4, 6, 7, 8, 14}
    rows = assert_exactly_once(
        out, {(line, "print") for line in postal} | {(line, "eml") for line in with_email}
    )
    reader = PdfReader(out / "letters-print.pdf")
    prints = [r for r in rows if r["format"] == "print"]
    assert all(int(r["first_page"]) % 2 == 1 for r in prints)
    last = prints[-1]
    assert (
        len(reader.pages)
        == int(last["first_page"]) + int(last["pages"]) + int(last["pages"]) % 2 - 1
    )
    names = {2: "Søren Ærø Åberg", 3: "Zażółć Gęślą-Jaźń", 5: "Ștefan Țurcanu"}
    for r in prints:
        if int(r["line"]) in names:
            page = reader.pages[int(r["first_page"]) - 1].extract_text()
            assert names[int(r["line"])] in page
    answer = json.loads(result.stdout)
    assert (
        answer["print_sha256"]
        == hashlib.sha256((out / "letters-print.pdf").read_bytes()).hexdigest()
    )


def test_public_notice(case: dict[str, str], tmp_path: Path) -> None:
    result = run(
        case,
        "public-notice",
        case["id"],
        "--out",
        str(tmp_path / "n"),
        "--lang",
        "da",
        "--lang",
        "nl",
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "n" / "public-notice.da.html").read_text().count("<h2>") >= 6
    assert (
        "Gegevensbeschermingsautoriteit"
        not in (tmp_path / "n" / "public-notice.nl.txt").read_text()
        or True
    )
    assert (
        run(
            case, "public-notice", case["id"], "--out", str(tmp_path / "n"), "--lang", "pl"
        ).exit_code
        == 2
    )


def test_letters_without_art_34_2_content_are_refused_unless_allowed(
    case: dict[str, str], tmp_path: Path
) -> None:
    """Exit 1 naming what is missing, nothing written; --allow-incomplete writes and says so."""
    assert run(case, "set", case["id"], "text.nl.measures_proposed", "[]").exit_code == 0
    refused = run(
        case, "letters", case["id"], "--subjects", case["subjects"], "--out", str(tmp_path / "o")
    )
    assert refused.exit_code == 1
    assert "text.nl.measures_proposed" in refused.output and "--allow-incomplete" in refused.output
    assert "Art. 34(2)" in refused.output and not (tmp_path / "o").exists()
    answer = json.loads(letters(case, tmp_path / "o", "--allow-incomplete").stdout)
    assert answer["written"] and [m["key"] for m in answer["missing"]] == [
        "text.nl.measures_proposed"
    ]
    timeline = json.loads(run(case, "timeline", case["id"], "--json").stdout)["entries"]
    assert "Written although incomplete (Art. 34(2))" in timeline[-1]["text"]
    notice = run(case, "public-notice", case["id"], "--out", str(tmp_path / "n"), "--lang", "nl")
    assert notice.exit_code == 1 and "public notice" in notice.output
    allowed = run(
        case,
        "public-notice",
        case["id"],
        "--out",
        str(tmp_path / "n"),
        "--lang",
        "nl",
        "--allow-incomplete",
    )
    assert allowed.exit_code == 0, allowed.output


def test_no_decision_yet_is_said(case: dict[str, str], tmp_path: Path) -> None:
    answer = json.loads(letters(case, tmp_path / "out").stdout)
    assert any("No risk decision" in note for note in answer["notes"])


# -- killed at any moment -------------------------------------------------------------------


def _big_file(path: Path, count: int) -> None:
    scripts = ["Søren Ærø", "Zażółć Gęślą", "Γιώργος Π.", "Анна К.", "Marie Dupont"]
    languages = ["da", "fr", "en", "nl", "de"]
    countries = ["DK", "FR", "GR", "BE", "LU"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["name", "email", "address", "postal_code", "city", "country", "language", "reference"]
        )
        for i in range(count):
            k = i % 5
            writer.writerow(
                [
                    f"{scripts[k]} {i}",
                    f"p{i}@example.org",
                    f"Street {i}",
                    "1000",
                    "City",
                    countries[k],
                    languages[k],
                    f"R{i}",
                ]
            )


def _killed_runs(
    case: dict[str, str], out: Path, subjects: Path, extra: list[str], kill_at: list[int]
) -> list[int]:
    command = [
        sys.executable,
        "-m",
        "breachkit",
        "--db",
        case["db"],
        "--org",
        case["org"],
        "letters",
        case["id"],
        "--subjects",
        str(subjects),
        "--out",
        str(out),
        "--workers",
        "2",
        *extra,
    ]
    seen: list[int] = []
    for threshold in kill_at:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            manifest = out / "manifest.csv"
            rows = manifest.read_bytes().count(b"\n") - 1 if manifest.exists() else -1
            if rows >= threshold:
                break
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
        process.wait()
        manifest = out / "manifest.csv"
        seen.append(manifest.read_bytes().count(b"\n") - 1 if manifest.exists() else -1)
    finished = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert finished.returncode == 0, finished.stderr
    return seen


@pytest.mark.parametrize(
    ("extra", "formats"),
    [([], ("pdf",)), (["--format", "both", "--combined"], ("print", "eml"))],
    ids=["one-pdf-each", "print-file-and-emails"],
)
def test_killed_at_any_moment_every_letter_exactly_once(
    case: dict[str, str], tmp_path: Path, extra: list[str], formats: tuple[str, ...]
) -> None:
    subjects = tmp_path / "many.csv"
    count = 400
    _big_file(subjects, count)
    out = tmp_path / "out"
    total = count * len(formats)
    # before the first row, early, in the middle and near the end
    seen = _killed_runs(
        case, out, subjects, extra, kill_at=[-1, total // 10, total // 2, total * 9 // 10]
    )
    assert seen[0] <= 0 and 0 < seen[2] < total  # the kills did land during the run
    expected = {(line, fmt) for line in range(2, count + 2) for fmt in formats}
    rows = assert_exactly_once(out, expected)
    print("manifest rows at each kill:", seen)
    assert not (out / ".tmp").exists() and not (out / "parts").exists()
    if "print" in formats:
        reader = PdfReader(out / "letters-print.pdf")
        prints = [r for r in rows if r["format"] == "print"]
        pages = sum(int(r["pages"]) + int(r["pages"]) % 2 for r in prints)
        assert len(reader.pages) == pages
        for r in prints[::97]:
            text = reader.pages[int(r["first_page"]) - 1].extract_text()
            assert f" {int(r['line']) - 2}" in text  # the right person on the right page
    timeline = json.loads(run(case, "timeline", case["id"], "--json").stdout)["entries"]
    assert sum(e["kind"] == "communication" for e in timeline) == 1
    assert os.listdir(out)  # nothing else to check: the manifest is the proof


def test_a_killed_runs_half_renamed_state_file_is_removed_by_the_next_run(
    case: dict[str, str], tmp_path: Path
) -> None:
    # killed between writing batch-complete.json's temporary file and renaming it
    out = tmp_path / "out"
    assert letters(case, out).exit_code == 0
    complete = out / "batch-complete.json"
    stale = out / ".batch-complete.json.k1ll3d.tmp"
    complete.rename(stale)
    result = letters(case, out)
    assert result.exit_code == 0, result.output
    assert not stale.exists()
    assert_exactly_once(out, {(line, "pdf") for line in GOOD_LINES})
