"""`send` against a real SMTP server: exactly once, retries, refusals, proof, secrets."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from breachkit.core.errors import InputError
from breachkit.services import Services
from breachkit.services.send import SendProgress
from tests.send.conftest import PASSWORD, Sink, TlsSink, make_batch, smtp_table


def test_every_message_once_one_recipient_each_and_on_the_record(
    services: Services, tmp_path: Path, sink: Sink
) -> None:
    b = make_batch(services, tmp_path, sink, 12)
    run = services.send_letters(b.incident, b.letters)
    assert (run.tally.sent, run.tally.failed, run.remaining, run.people_emailed) == (12, 0, 0, 12)
    ids = sink.message_ids()
    assert len(ids) == len(set(ids)) == 12
    assert sorted(r for _m, r, _d in sink.accepted) == sorted(f"p{i}@example.dk" for i in range(12))
    again = services.send_letters(b.incident, b.letters)
    assert (again.to_send, again.entry_seq, len(sink.accepted)) == (0, None, 12)
    entry = services.timeline(b.incident)[-1]
    assert entry.content.links["change"] == "letters.send"
    assert (entry.content.links["sent"], entry.content.links["events"]) == (12, 24)
    assert "12 sent" in entry.content.text
    report = services.verify(b.incident)[0]
    assert report.ok, report.problems


def test_a_message_is_sent_as_written_byte_for_byte(
    services: Services, tmp_path: Path, sink: Sink
) -> None:
    b = make_batch(services, tmp_path, sink, 2)
    services.send_letters(b.incident, b.letters)
    files = sorted((b.letters / "eml").rglob("*.eml"))
    sent = {d.replace(b"\r\n", b"\n").rstrip(b"\n") for _m, _r, d in sink.accepted}
    for f in files:
        assert f.read_bytes().replace(b"\r\n", b"\n").rstrip(b"\n") in sent


def test_an_edited_file_stops_everything(services: Services, tmp_path: Path, sink: Sink) -> None:
    b = make_batch(services, tmp_path, sink, 3)
    victim = sorted((b.letters / "eml").rglob("*.eml"))[1]
    victim.write_bytes(victim.read_bytes().replace(b"Skovbo", b"Evil Co"))
    with pytest.raises(InputError) as caught:
        services.send_letters(b.incident, b.letters)
    assert victim.name in str(caught.value.problems[0].source)
    assert sink.accepted == []


def test_try_later_then_accepted_and_refused_is_recorded(
    services: Services, tmp_path: Path, sink: Sink
) -> None:
    b = make_batch(services, tmp_path, sink, 4)
    sink.answers["p1@example.dk"] = ["451 4.7.1 Greylisted, try again"]
    sink.answers["p2@example.dk"] = ["550 5.1.1 No such user"]
    sink.answers["p3@example.dk"] = ["452 4.2.2 Mailbox full"] * 5
    run = services.send_letters(b.incident, b.letters)
    assert (run.tally.sent, run.tally.failed, run.tally.deferred) == (2, 1, 1)
    assert sorted(r for _m, r, _d in sink.accepted) == ["p0@example.dk", "p1@example.dk"]
    log = services.timeline(b.incident)[-1]
    assert (
        log.content.links["failed"],
        log.content.links["deferred"],
        log.content.links["remaining"],
    ) == (1, 1, 1)
    # the deferred one goes next time; the refused one never again
    later = services.send_letters(b.incident, b.letters)
    assert (later.to_send, later.tally.sent, later.remaining) == (1, 1, 0)
    assert sorted(r for _m, r, _d in sink.accepted)[-1] == "p3@example.dk"
    assert len(sink.accepted) == 3
    assert services.verify(b.incident)[0].ok


def test_server_hangs_up_midway_every_message_still_once(
    services: Services, tmp_path: Path, sink: Sink
) -> None:
    b = make_batch(services, tmp_path, sink, 10)
    sink.hang_up_at = {4, 8}
    run = services.send_letters(b.incident, b.letters)
    assert run.tally.sent == 10
    ids = sink.message_ids()
    assert len(ids) == len(set(ids)) == 10


def test_server_gone_stops_and_a_second_send_finishes(
    services: Services, tmp_path: Path, sink: Sink
) -> None:
    b = make_batch(services, tmp_path, sink, 6)
    sink.hang_up_at = {3, 4, 5, 6}  # hangs up for every retry of the third message
    first = services.send_letters(b.incident, b.letters)
    assert first.stopped and first.tally.sent == 2
    sink.hang_up_at = set()
    second = services.send_letters(b.incident, b.letters)
    assert second.tally.sent == 4 and second.remaining == 0
    ids = sink.message_ids()
    assert len(ids) == len(set(ids)) == 6


def test_stop_is_clean_and_the_next_run_goes_on(
    services: Services, tmp_path: Path, sink: Sink
) -> None:
    b = make_batch(services, tmp_path, sink, 8)
    cancel = threading.Event()

    def stop_after_three(p: SendProgress) -> None:
        if p.sent >= 3:
            cancel.set()

    first = services.send_letters(b.incident, b.letters, progress=stop_after_three, cancel=cancel)
    assert first.stopped and first.tally.sent == 3
    rest = services.send_letters(b.incident, b.letters)
    assert rest.tally.sent == 5
    assert len(set(sink.message_ids())) == len(sink.accepted) == 8


def test_dry_run_sends_nothing(services: Services, tmp_path: Path, sink: Sink) -> None:
    b = make_batch(services, tmp_path, sink, 3)
    run = services.send_letters(b.incident, b.letters, dry_run=True)
    assert (run.to_send, run.entry_seq, sink.accepted) == (3, None, [])


def test_tls_and_login_with_the_password_never_kept(
    services: Services, tmp_path: Path, tls_sink: TlsSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    sink = tls_sink.sink
    table = smtp_table(
        sink, username='"dpo"', password_env='"BK_TEST_SMTP_PW"', security='"starttls"'
    )
    b = make_batch(services, tmp_path, sink, 3, smtp=table)
    services.smtp_ssl_context = tls_sink.client_context
    monkeypatch.delenv("BK_TEST_SMTP_PW", raising=False)
    with pytest.raises(InputError) as missing:
        services.send_letters(b.incident, b.letters)
    assert "BK_TEST_SMTP_PW" in str(missing.value.problems[0].message)
    monkeypatch.setenv("BK_TEST_SMTP_PW", "wrong-password-xyz")
    with pytest.raises(InputError) as refused:
        services.send_letters(b.incident, b.letters)
    assert "refused the login" in refused.value.problems[0].message
    assert "wrong-password-xyz" not in str(refused.value.problems)
    monkeypatch.setenv("BK_TEST_SMTP_PW", PASSWORD)
    run = services.send_letters(b.incident, b.letters)
    assert run.tally.sent == 3 and (b"dpo", PASSWORD.encode()) in tls_sink.logins
    services.close()
    for path in tmp_path.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert PASSWORD.encode() not in data, path
            assert b"wrong-password-xyz" not in data, path
    assert PASSWORD not in repr(run)


def test_a_server_without_login_says_so(services: Services, tmp_path: Path, sink: Sink) -> None:
    """A username given to a server that offers no AUTH: not "cannot reach" (it was
    reached), but what to change."""
    b = make_batch(
        services, tmp_path, sink, 2, smtp=smtp_table(sink, username='"dpo"', password_prompt="true")
    )
    with pytest.raises(InputError) as refused:
        services.send_letters(b.incident, b.letters, password="x")
    said = refused.value.problems[0].message
    assert said.startswith("the server refused the login: it offers no login (SMTP AUTH)")
    assert "leave out [smtp] username" in said and sink.accepted == []


def test_the_command_line_sends_and_reports(services: Services, tmp_path: Path, sink: Sink) -> None:
    import json

    from click.testing import CliRunner

    from breachkit.cli.main import cli

    b = make_batch(services, tmp_path, sink, 3)
    services.close()
    base = ["--db", str(services.db_path), "--org", str(services.org_path), "send", b.incident]
    dry = CliRunner().invoke(cli, [*base, "--letters", str(b.letters), "--dry-run"])
    assert dry.exit_code == 0 and "3 of 3" in dry.output and sink.accepted == []
    done = CliRunner().invoke(cli, [*base, "--letters", str(b.letters), "--json", "--rate", "0"])
    assert done.exit_code == 0, done.output
    document = json.loads(done.stdout)
    assert (document["sent"], document["remaining"], document["people_emailed"]) == (3, 0, 3)
    missing = CliRunner().invoke(cli, [*base, "--letters", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "Traceback" not in missing.output


def test_verify_names_a_forged_ledger_row(services: Services, tmp_path: Path, sink: Sink) -> None:
    import sqlite3

    b = make_batch(services, tmp_path, sink, 3)
    sink.answers["p1@example.dk"] = ["550 5.1.1 No such user"]
    services.send_letters(b.incident, b.letters)
    assert services.verify(b.incident)[0].ok
    services.close()
    with sqlite3.connect(services.db_path) as conn:  # "it was sent after all"
        conn.execute("DROP TRIGGER send_ledger_kept_update")  # as anyone holding the file can
        conn.execute("UPDATE send_ledger SET state = 'sent', code = 250 WHERE state = 'failed'")
    report = services.verify(b.incident)[0]
    assert not report.ok
    assert any("send_ledger" in p for p in report.problems), report.problems


FORGERIES = [
    "UPDATE send_ledger SET state = 'sent', code = 250 WHERE state = 'failed'",
    "UPDATE send_ledger SET recipient = 'someone@else.example'",
    "UPDATE send_ledger SET run_seq = run_seq + 1",  # moved to another run
    "DELETE FROM send_ledger WHERE state = 'failed'",
    "UPDATE letter_sends SET sent = sent + 1",
    "UPDATE letter_sends SET people_told = 1840",
    "DELETE FROM letter_sends",
]


def test_the_ledger_and_the_send_runs_are_kept_as_recorded(
    services: Services, tmp_path: Path, sink: Sink
) -> None:
    """Defence in depth (as for the other tables): a slip at an SQL console cannot change a
    sent message's history or a run's counts; the run's own stamp is the one write allowed."""
    import sqlite3

    b = make_batch(services, tmp_path, sink, 3)
    sink.answers["p1@example.dk"] = ["550 5.1.1 No such user"]
    services.send_letters(b.incident, b.letters)
    services.close()
    with sqlite3.connect(services.db_path) as conn:
        assert (
            conn.execute("SELECT count(*) FROM send_ledger WHERE run_seq IS NULL").fetchone()[0]
            == 0
        )
        for statement in FORGERIES:
            with pytest.raises(sqlite3.IntegrityError, match="kept as recorded"):
                conn.execute(statement)
    assert services.verify(b.incident)[0].ok
    assert services.rebuild(b.incident).changes == ()  # rebuild still works with the guards


def test_a_bundle_carries_the_send_logs_and_the_ledger_is_rebuilt(
    services: Services, tmp_path: Path, sink: Sink
) -> None:
    b = make_batch(services, tmp_path, sink, 3)
    services.send_letters(b.incident, b.letters)
    bundle = services.export_bundle(b.incident, tmp_path / "case.bkbundle")
    other = Services(tmp_path / "other" / "bk.db", org_path=services.org_path, actor="counsel")
    try:
        incident = other.import_bundle(bundle)
        report = other.verify(incident)[0]
        assert report.ok, report.problems
        assert other.reached_by_email(incident) == services.reached_by_email(b.incident)
    finally:
        other.close()


def test_rebuild_puts_a_forged_ledger_back_from_the_logs(
    services: Services, tmp_path: Path, sink: Sink
) -> None:
    import sqlite3

    b = make_batch(services, tmp_path, sink, 3)
    sink.answers["p1@example.dk"] = ["550 5.1.1 No such user"]
    services.send_letters(b.incident, b.letters)
    services.close()
    with sqlite3.connect(services.db_path) as conn:
        conn.execute("DROP TRIGGER send_ledger_kept_update")
        conn.execute("UPDATE send_ledger SET state = 'sent', code = 250 WHERE state = 'failed'")
    assert not services.verify(b.incident)[0].ok
    report = services.rebuild(b.incident)
    assert any(c.table == "send_ledger" for c in report.changes)
    assert services.verify(b.incident)[0].ok
    assert services.send_letters(b.incident, b.letters).to_send == 0  # still failed: never again


def test_the_rate_is_kept(services: Services, tmp_path: Path, sink: Sink) -> None:
    import time

    b = make_batch(services, tmp_path, sink, 4)
    started = time.monotonic()
    run = services.send_letters(b.incident, b.letters, rate=600)  # one every 0.1 s
    assert run.tally.sent == 4 and time.monotonic() - started >= 0.3
