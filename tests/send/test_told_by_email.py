"""An e-mail tells a person once it is sent (issue 17): the Art. 34 clock and the register."""

from __future__ import annotations

from pathlib import Path

from breachkit.core.clocks.engine import ClockState
from breachkit.services import Services
from tests.send.conftest import Sink, make_batch


def art34(services: Services, incident: str):  # type: ignore[no-untyped-def]
    return next(c for c in services.clocks(incident) if c.id == "gdpr-art34")


def test_written_is_not_told_sent_is(services: Services, tmp_path: Path, sink: Sink) -> None:
    b = make_batch(services, tmp_path, sink, 4)
    written = services.letter_batches(b.incident)[0]
    assert written.people_told == 0  # four e-mails written, nobody told yet
    assert art34(services, b.incident).state is ClockState.RUNNING
    sink.answers["p3@example.dk"] = ["550 5.1.1 No such user"]
    services.send_letters(b.incident, b.letters)
    entry = services.timeline(b.incident)[-1].content
    assert (entry.links["people_told"], entry.links["people_affected"]) == (3, 4)
    assert art34(services, b.incident).state is ClockState.RUNNING
    [row] = [r for r in services.register_rows() if r.incident_id == b.incident]
    assert row.people_informed.startswith(
        "partly: 3 of 4 people affected told (e-mail 4, e-mail sent 3)"
    )
    # the one refused gets a postal letter: now everyone is told, and the clock is met
    post = tmp_path / "post.csv"
    post.write_text(
        "name,email,reference,address,postal_code,city,country\n"
        "Person 3,p3@example.dk,C00003,Gade 3,1165,København K,DK\n",
        encoding="utf-8",
    )
    last = services.write_letters(
        b.incident, post, tmp_path / "post", fmt="pdf", workers=1, undelivered=True
    )
    assert last.people["people_told"] == 4
    assert art34(services, b.incident).state is ClockState.MET
    assert services.verify(b.incident)[0].ok
