"""A sender killed (SIGKILL) halfway: the next `send` delivers every message once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from breachkit.services import Services
from tests.send.conftest import Sink, make_batch

pytestmark = pytest.mark.slow


def _send_process(services: Services, incident: str, letters: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "breachkit", "--db", str(services.db_path),
        "--org", str(services.org_path), "send", incident, "--letters", str(letters), "--json",
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _killed_at(sink: Sink, n: int, *, accepted: bool) -> list[subprocess.Popen[bytes]]:
    child: list[subprocess.Popen[bytes]] = []

    def kill(count: int) -> None:
        if count == n and child:
            os.kill(child[0].pid, signal.SIGKILL)
            child[0].wait()

    if accepted:
        sink.on_accepted = kill
    else:
        sink.on_data = kill
        sink.hang_up_at = {n}
    return child


@pytest.mark.parametrize("accepted", [False, True], ids=["before-accept", "accepted-unrecorded"])
def test_killed_sender_resumes_exactly_once(
    services: Services, tmp_path: Path, sink: Sink, accepted: bool
) -> None:
    b = make_batch(services, tmp_path, sink, 10)
    services.close()
    child = _killed_at(sink, 5, accepted=accepted)
    child.append(_send_process(services, b.incident, b.letters))
    deadline = time.monotonic() + 60
    while child[0].poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert child[0].returncode == -signal.SIGKILL
    sink.on_data = sink.on_accepted = None
    sink.hang_up_at = set()
    run = services.send_letters(b.incident, b.letters)
    ids = sink.message_ids()
    assert len(set(ids)) == 10, "every person got the letter"
    assert run.recovered > 0 and run.tally.resent_uncertain == 1
    assert run.people_emailed == 10 and run.remaining == 0
    if accepted:
        # the one window: accepted by the server, killed before the ledger heard of it.
        # Sent again with the same Message-ID (one person, one message to their reader).
        assert len(ids) == 11
    else:
        assert len(ids) == 10
    assert services.verify(b.incident)[0].ok
    kinds = [e.content.links.get("source") for e in services.timeline(b.incident)[-2:]]
    assert kinds == ["interrupted", "smtp"]
