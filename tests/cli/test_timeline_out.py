"""`breachkit timeline`: streamed text, --json, --jsonl, --last, --since, --kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from breachkit.cli.main import cli
from breachkit.core.timeline.export import entry_json, links_text
from breachkit.services import Services

INCIDENT = (
    'title = "Mail sent to the wrong customer"\ntimezone = "Europe/Paris"\n'
    'aware_at = "2026-11-19T09:15"\n[breach]\ncause = "misdelivery"\n'
)
LOGGED = [  # (text, kind, when it happened, Paris time)
    ("Recipient called back", "communication", "2026-11-19T10:00"),
    ("Asked the recipient to delete the mail", "action", "2026-11-19T11:00"),
    ("Deletion confirmed\nby e-mail", "note", "2026-11-19T12:00"),
    ("Mail server logs kept", "action", "2026-11-19T13:00"),
]


@pytest.fixture
def case(tmp_path: Path) -> dict[str, str]:
    db = tmp_path / "t.db"
    source = tmp_path / "incident.toml"
    source.write_text(INCIDENT, encoding="utf-8")
    runner = CliRunner()
    base = ["--db", str(db), "--org", str(tmp_path / "org.toml"), "--actor", "tester"]
    incident = runner.invoke(cli, [*base, "new", "--from", str(source)]).stdout.strip()
    for text, kind, at in LOGGED:
        done = runner.invoke(cli, [*base, "log", incident, text, "--kind", kind, "--at", at])
        assert done.exit_code == 0, done.output
    return {"db": str(db), "org": str(tmp_path / "org.toml"), "id": incident}


def run(case: dict[str, str], *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["--db", case["db"], "--org", case["org"], *args])


def seqs_of_jsonl(output: str) -> list[int]:
    return [json.loads(line)["seq"] for line in output.splitlines()]


def test_text_lists_every_entry_in_the_incidents_zone(case: dict[str, str]) -> None:
    result = run(case, "timeline", case["id"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == "5 entries; times are when it happened, in Europe/Paris"
    assert "#3    2026-11-19 11:00+01:00  action  tester" in lines
    assert "       Deletion confirmed" in lines and "       by e-mail" in lines


def test_json_is_the_entries_as_the_services_give_them(
    case: dict[str, str], tmp_path: Path
) -> None:
    result = run(case, "timeline", case["id"], "--json")
    document = json.loads(result.stdout)
    services = Services(Path(case["db"]), org_path=Path(case["org"]))
    expected = [e.to_document() for e in services.timeline(case["id"])]
    services.close()
    assert document == {"id": case["id"], "entries": expected}


def test_jsonl_is_one_entry_a_line(case: dict[str, str]) -> None:
    result = run(case, "timeline", case["id"], "--jsonl")
    assert result.exit_code == 0
    assert seqs_of_jsonl(result.stdout) == [1, 2, 3, 4, 5]
    assert json.loads(result.stdout.splitlines()[1])["text"] == "Recipient called back"


def test_last_keeps_the_last_entries_in_order(case: dict[str, str]) -> None:
    assert seqs_of_jsonl(run(case, "timeline", case["id"], "--jsonl", "--last", "2").stdout) == [
        4,
        5,
    ]
    text = run(case, "timeline", case["id"], "--last", "2").output
    assert "2 entries;" in text and "#4 " in text and "#3 " not in text
    assert run(case, "timeline", case["id"], "--jsonl", "--last", "0").stdout == ""
    assert run(case, "timeline", case["id"], "--last", "-1").exit_code == 2


def test_kind_filters_and_repeats(case: dict[str, str]) -> None:
    actions = run(case, "timeline", case["id"], "--jsonl", "--kind", "action").stdout
    assert seqs_of_jsonl(actions) == [3, 5]
    both = run(case, "timeline", case["id"], "--jsonl", "--kind", "action", "--kind", "note")
    assert seqs_of_jsonl(both.stdout) == [3, 4, 5]
    last = run(case, "timeline", case["id"], "--jsonl", "--kind", "action", "--last", "1")
    assert seqs_of_jsonl(last.stdout) == [5]
    unknown = run(case, "timeline", case["id"], "--kind", "gossip")
    assert unknown.exit_code == 2 and "gossip" in unknown.output


def test_since_is_read_in_the_incidents_zone(case: dict[str, str]) -> None:
    since = run(case, "timeline", case["id"], "--jsonl", "--since", "2026-11-19T11:00")
    assert seqs_of_jsonl(since.stdout) == [1, 3, 4, 5]  # entry 1: the incident was opened now
    typed = run(case, "timeline", case["id"], "--jsonl", "--since", "19 Nov 2026 11:30")
    assert seqs_of_jsonl(typed.stdout) == [1, 4, 5]
    offset = run(case, "timeline", case["id"], "--jsonl", "--since", "2026-11-19T11:00:00+00:00")
    assert seqs_of_jsonl(offset.stdout) == [1, 4, 5]  # 12:00 in Paris
    combined = run(
        case, "timeline", case["id"], "--jsonl", "--since", "2026-11-19T10:30", "--kind", "action"
    )
    assert seqs_of_jsonl(combined.stdout) == [3, 5]


def test_a_bad_since_exits_2_naming_it(case: dict[str, str]) -> None:
    result = run(case, "timeline", case["id"], "--since", "last tuesday")
    assert result.exit_code == 2
    assert "since" in result.output and "Traceback" not in result.output


def test_json_and_jsonl_together_are_refused(case: dict[str, str]) -> None:
    assert run(case, "timeline", case["id"], "--json", "--jsonl").exit_code == 2


def test_hostile_text_is_visible_in_text_and_escaped_in_jsonl(case: dict[str, str]) -> None:
    hostile = "beep\x07 \x1b]0;pwned\x07 \x9b31m \u202eevil"
    assert run(case, "log", case["id"], hostile).exit_code == 0
    for args in ((), ("--jsonl",), ("--json",)):
        out = run(case, "timeline", case["id"], *args).output
        assert not any(c in out for c in "\x07\x1b\x9b\u202e"), args
    line = run(case, "timeline", case["id"], "--jsonl", "--last", "1").stdout
    assert json.loads(line)["text"] == hostile


def test_links_that_are_not_an_object_stay_one_json_value() -> None:
    assert links_text("{}") == "{}"
    assert json.loads(links_text('{"b": 1, "a": [2]}')) == {"b": 1, "a": [2]}
    assert json.loads(links_text("[1, 2]")) == {"value": [1, 2]}
    assert json.loads(links_text('{}], "x": 1')) == {"unreadable": '{}], "x": 1'}
    assert json.loads(links_text("NaN")) == {"unreadable": "NaN"}
    raw = (7, "note", 'say "hi"\n', "t1", "t2", "me", "{}", 3, "p", "h")
    assert json.loads(entry_json(raw)) == {
        "seq": 7,
        "kind": "note",
        "text": 'say "hi"\n',
        "occurred_at": "t1",
        "recorded_at": "t2",
        "actor": "me",
        "links": {},
        "corrects": 3,
        "prev_hash": "p",
        "hash": "h",
    }
