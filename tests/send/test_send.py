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
