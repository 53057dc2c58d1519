"""`breachkit log ID --import FILE`: a whole external timeline, all or nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from breachkit.cli.main import cli
from breachkit.core.timeline.chain import links_json

INCIDENT = (
    'title = "Ransomware on FS01"\ntimezone = "Europe/Luxembourg"\n'
    'aware_at = "2026-11-19T09:15"\n[breach]\ncause = "ransomware"\n'
)
TIMESKETCH = (
    "message,datetime,timestamp_desc,data_type\n"
    "Process powershell.exe started,2026-11-18T10:00:00Z,Event Recorded,windows:evtx\n"
    '"Logon from 10.0.0.7, user svc",2026-11-18T11:30:00+01:00,Logon Time,windows:evtx\n'
    "Share \\\\FS01\\hr mounted,2026-11-18 12:00,Mount Time,\n"
)


@pytest.fixture
def case(tmp_path: Path) -> dict[str, str]:
    source = tmp_path / "incident.toml"
    source.write_text(INCIDENT, encoding="utf-8")
    case = {"db": str(tmp_path / "i.db"), "org": str(tmp_path / "org.toml"), "dir": str(tmp_path)}
    case["id"] = run(case, "new", "--from", str(source)).stdout.strip()
    return case


def run(case: dict[str, str], *args: str):  # type: ignore[no-untyped-def]
    base = ["--db", case["db"], "--org", case["org"], "--actor", "importer"]
    return CliRunner().invoke(cli, [*base, *args])


def entries(case: dict[str, str]) -> list[dict]:  # type: ignore[type-arg]
    out = run(case, "timeline", case["id"], "--jsonl").stdout
    return [json.loads(line) for line in out.splitlines()]


def write(case: dict[str, str], name: str, text: str) -> str:
    path = Path(case["dir"]) / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_timesketch_csv_becomes_entries_attributed_to_file_and_line(
    case: dict[str, str],
) -> None:
    result = run(case, "log", case["id"], "--import", write(case, "edr.csv", TIMESKETCH))
    assert result.exit_code == 0, result.output
    assert "3 entries imported from edr.csv (#2–#4); the import is entry #5" in result.output
    found = entries(case)
    assert [e["text"] for e in found[1:4]] == [
        "Process powershell.exe started",
        "Logon from 10.0.0.7, user svc",
        "Share \\\\FS01\\hr mounted",
    ]
    assert [e["occurred_at"] for e in found[1:4]] == [
        "2026-11-18T10:00:00+00:00",
        "2026-11-18T10:30:00+00:00",
        "2026-11-18T11:00:00+00:00",  # no offset: the incident's zone (CET)
    ]
    assert found[2]["links"] == {
        "source": {"file": "edr.csv", "line": 3, "timestamp_desc": "Logon Time"}
    }
    assert {e["kind"] for e in found[1:4]} == {"note"} and found[1]["actor"] == "importer"
    summary = found[4]
    assert summary["kind"] == "system" and summary["links"]["import"]["entries"] == 3
    assert len(summary["links"]["import"]["sha256"]) == 64
    assert run(case, "verify", case["id"]).exit_code == 0


def test_own_columns_and_json_lines_with_kind_actor_and_timestamp(case: dict[str, str]) -> None:
    own = "text,occurred_at,kind,actor\nIsolated FS01,2026-11-18T13:00:00Z,action,j.muller\n"
    assert run(case, "log", case["id"], "--import", write(case, "own.csv", own)).exit_code == 0
    lines = [
        {"message": "Alert", "timestamp": 1763460000000000, "timestamp_desc": "Alert Time"},
        {"text": "Called the DPO", "occurred_at": "2026-11-18T14:00", "kind": "communication"},
    ]
    path = write(case, "siem.ndjson", "\n".join(json.dumps(x) for x in lines) + "\n\n")
    result = run(case, "log", case["id"], "--import", path, "--kind", "action", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["entries"] == 2
    found = entries(case)
    assert (found[1]["kind"], found[1]["actor"]) == ("action", "j.muller")
    assert (found[3]["kind"], found[3]["occurred_at"]) == ("action", "2025-11-18T10:00:00+00:00")
    assert (found[4]["kind"], found[4]["occurred_at"]) == (
        "communication",
        "2026-11-18T13:00:00+00:00",
    )


def test_a_timeline_exported_as_jsonl_imports_into_another_incident(case: dict[str, str]) -> None:
    run(case, "log", case["id"], "--import", write(case, "edr.csv", TIMESKETCH))
    exported = run(case, "timeline", case["id"], "--jsonl", "--kind", "note").stdout
    source = INCIDENT.replace("FS01", "FS02")
    other = run(case, "new", "--from", write(case, "other.toml", source)).stdout.strip()
    result = run(case, "log", other, "--import", write(case, "from-fs01.jsonl", exported))
    assert result.exit_code == 0, result.output
    copied = [json.loads(x) for x in run(case, "timeline", other, "--jsonl").stdout.splitlines()]
    assert [e["text"] for e in copied[1:4]] == [e["text"] for e in entries(case)[1:4]]


def test_bad_rows_are_named_by_line_and_nothing_is_kept(case: dict[str, str]) -> None:
    before = entries(case)
    bad = (
        "message,datetime,kind\n"
        "fine,2026-11-18T10:00:00Z,\n"
        ",2026-11-18T10:00:00Z,\n"  # line 3: no text
        "when?,last tuesday,\n"  # line 4: no time
        "later,2099-01-01T00:00:00Z,\n"  # line 5: in the future
        "sneaky,2026-11-18T10:00:00Z,system\n"  # line 6: not a kind a person logs
        "beep \x1b[2J,2026-11-18T10:00:00Z,\n"  # line 7: fine (shown harmless later)
    )
    result = run(case, "log", case["id"], "--import", write(case, "bad.csv", bad))
    assert result.exit_code == 2
    for line in (3, 4, 5, 6):
        assert f"bad.csv, line {line}" in result.output, result.output
    assert "line 2" not in result.output and "line 7" not in result.output
    assert entries(case) == before
    assert run(case, "verify", case["id"]).exit_code == 0


def test_many_bad_rows_are_counted_past_the_first(case: dict[str, str]) -> None:
    rows = "".join(f",2026-11-18T10:00:{n % 60:02d}Z\n" for n in range(40))
    result = run(
        case, "log", case["id"], "--import", write(case, "e.csv", "text,datetime\n" + rows)
    )
    assert result.exit_code == 2
    assert "line 26" in result.output and "line 27" not in result.output
    assert "15 more bad rows not listed" in result.output


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("cols.csv", "when,what\n2026-11-18T10:00Z,x\n", "no 'message'"),
        ("empty.csv", "message,datetime\n", "no rows to import"),
        ("broken.jsonl", '{"message": "x", "datetime": "2026-11-18T10:00Z"}\n{oops\n', "line 2"),
        ("list.jsonl", '["message", "datetime"]\n', "not a JSON object"),
    ],
)
def test_unusable_files_exit_2(case: dict[str, str], name: str, text: str, says: str) -> None:
    result = run(case, "log", case["id"], "--import", write(case, name, text))
    assert result.exit_code == 2 and says in result.output, result.output
    assert len(entries(case)) == 1


def test_import_takes_no_text_and_text_needs_no_import(case: dict[str, str]) -> None:
    path = write(case, "edr.csv", TIMESKETCH)
    assert run(case, "log", case["id"], "hello", "--import", path).exit_code == 2
    assert run(case, "log", case["id"], "--import", path, "--at", "10:00").exit_code == 2
    assert run(case, "log", case["id"]).exit_code == 2
    missing = run(case, "log", case["id"], "--import", str(Path(case["dir"]) / "nope.csv"))
    assert missing.exit_code == 2 and "no such file" in missing.output


def test_a_killed_import_leaves_nothing(case: dict[str, str]) -> None:
    """SIGKILL while the rows are being written: the database is as before the import."""
    path = Path(case["dir"]) / "big.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("message,datetime\n")
        for n in range(400_000):
            handle.write(f"Event {n} on host WS-{n % 997:04d},2026-11-18T10:{n % 60:02d}:00Z\n")
    before = entries(case)
    wal = Path(case["db"] + "-wal")
    base = wal.stat().st_size if wal.exists() else 0
    args = ["--db", case["db"], "--org", case["org"], "log", case["id"], "--import", str(path)]
    child = subprocess.Popen([sys.executable, "-m", "breachkit", *args])
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        if wal.exists() and wal.stat().st_size > base + 4_000_000:  # rows are being written
            break
        time.sleep(0.02)
    assert child.poll() is None, "the import ended before it could be killed"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert entries(case) == before
    assert run(case, "verify", case["id"]).exit_code == 0
    done = run(case, "log", case["id"], "--import", write(case, "edr.csv", TIMESKETCH))
    assert done.exit_code == 0, done.output  # the write lock was let go


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@given(st.dictionaries(st.text(), JSONISH, max_size=4))
def test_links_json_is_what_json_dumps_writes(links: dict) -> None:  # type: ignore[type-arg]
    expected = json.dumps(links, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert links_json(links) == expected
