"""The letter batch as the TUI calls it: progress, cancel and continue, own templates."""

from __future__ import annotations

import csv
import threading
from pathlib import Path

import pytest

from breachkit.core.errors import InputError
from breachkit.services import Services
from breachkit.services.letters import LetterProgress
from breachkit.services.letters_setup import LettersIncomplete

PROFILE = """\
[organisation]
name = "Skovbo IT ApS"
address = ["Nørregade 7", "1165 København K"]
country = "DK"
timezone = "Europe/Copenhagen"
languages = ["da", "en"]
[dpo]
name = "Mette Sørensen"
email = "dpo@skovbo.example"
[authority]
lead = "datatilsynet"
"""
INCIDENT = """\
title = "Lønsedler sendt til forkert kunde"
text_language = "da"
timezone = "Europe/Copenhagen"
aware_at = "2026-11-19T09:00"
[breach]
types = ["confidentiality"]
cause = "misdelivery"
recipients = "trusted"
recipient_confirmed_deletion = true
[data]
categories = ["identity", "national_id", "financial"]
countries = ["DK"]
[response]
measures_taken = ["Kunden har slettet lønsedlerne og bekræftet det skriftligt."]
measures_proposed = ["Vi indfører en ekstra kontrol af modtageren før hver forsendelse."]
"""


@pytest.fixture
def services(tmp_path: Path, services: Services) -> Services:
    services.org_path.write_text(PROFILE, encoding="utf-8")
    (tmp_path / "incident.toml").write_text(INCIDENT, encoding="utf-8")
    services.create_from_file(tmp_path / "incident.toml")
    return services


def people(path: Path, count: int, *, extra: bool = False) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "email", "segment"] if extra else ["name", "email"])
        for i in range(count):
            row = [f"Person {i}", f"p{i}@example.dk"]
            writer.writerow([*row, f"segment-{i % 3}"] if extra else row)
    return path


def test_progress_is_reported_and_a_cancelled_run_continues(
    services: Services, tmp_path: Path
) -> None:
    subjects = people(tmp_path / "p.csv", 120)
    seen: list[LetterProgress] = []
    cancel = threading.Event()

    def report(progress: LetterProgress) -> None:
        seen.append(progress)
        if progress.letters >= 32:
            cancel.set()

    incident = services.incidents()[0].id
    first = services.write_letters(
        incident, subjects, tmp_path / "out", workers=1, progress=report, cancel=cancel
    )
    assert not first.complete and 32 <= first.letters < 120
    assert seen[0].rows == 0 and seen[0].total == 120  # the total is known at once
    assert all(a.rows <= b.rows for a, b in zip(seen, seen[1:], strict=False))
    second = services.write_letters(incident, subjects, tmp_path / "out", workers=1)
    assert second.complete and second.resumed
    assert second.letters == 120 - first.letters and second.outputs == {"pdf": 120}
    assert second.already == first.letters  # whole rows done before


def test_danish_defaults_and_a_danish_letter(services: Services, tmp_path: Path) -> None:
    subjects = people(tmp_path / "p.csv", 3)
    incident = services.incidents()[0].id
    run = services.write_letters(incident, subjects, tmp_path / "out", fmt="eml", workers=1)
    text = (tmp_path / "out" / "eml" / "0000" / "0000002.eml").read_bytes()
    assert b"Content-Language: da" in text
    body = text.decode("ascii")
    assert "Kreditadvarsel" in body.replace("=\r\n", "") or "kreditadvarsel" in body
    (note,) = run.notes  # no decision recorded yet, and only that
    assert note.startswith("No risk decision is recorded yet")


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        ("record_only", "The recorded decision (record_only) does not require telling people"),
        ("notify_authority", "The recorded decision (notify_authority) does not require"),
        ("notify_authority_and_public", "The decision is a public communication"),
        ("notify_authority_and_subjects", None),
    ],
)
def test_the_batch_notes_say_what_the_recorded_decision_asks(
    services: Services, tmp_path: Path, outcome: str, expected: str | None
) -> None:
    """A decision that asks for letters gives no note; any other decision says why not."""
    incident = services.incidents()[0].id
    services.decide(incident, risk="high", outcome=outcome, justification="The DPO's reading")
    subjects = people(tmp_path / "p.csv", 2)
    run = services.write_letters(incident, subjects, tmp_path / "out", fmt="eml", workers=1)
    assert run.complete
    if expected is None:
        assert run.notes == ()
    else:
        (note,) = run.notes
        assert note.startswith(expected)


def test_your_own_template_can_use_the_extra_columns(services: Services, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "letters").mkdir(parents=True)
    shipped = Path(__file__).resolve().parents[2] / "notification_templates" / "letters"
    own = (
        (shipped / "letter.j2")
        .read_text(encoding="utf-8")
        .replace("{{ t.letter.intro", "Segment: {{ subject.extra.segment }}.\n\n{{ t.letter.intro")
    )
    (templates / "letters" / "letter.da.j2").write_text(own, encoding="utf-8")
    subjects = people(tmp_path / "p.csv", 3, extra=True)
    incident = services.incidents()[0].id
    services.write_letters(
        incident, subjects, tmp_path / "out", fmt="eml", workers=1, templates=templates
    )
    body = (tmp_path / "out" / "eml" / "0000" / "0000004.eml").read_bytes().decode()
    assert "Segment: segment-2." in body


def test_a_broken_template_stops_before_anything_is_written(
    services: Services, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    (templates / "letters").mkdir(parents=True)
    (templates / "letters" / "letter.j2").write_text("# {{ t.letter.nothing }}\n")
    incident = services.incidents()[0].id
    with pytest.raises(InputError, match="template error"):
        services.write_letters(
            incident, people(tmp_path / "p.csv", 2), tmp_path / "out", templates=templates
        )
    assert not (tmp_path / "out" / "manifest.csv").exists()


def test_letters_need_a_contact_point(services: Services, tmp_path: Path) -> None:
    """Art. 34(2) with 33(3)(b): no way to reach the contact point is a gap (exit 1)."""
    services.org_path.write_text(PROFILE.replace('email = "dpo@skovbo.example"\n', ""))
    (tmp_path / "i2.toml").write_text(INCIDENT, encoding="utf-8")
    incident, _ = services.create_from_file(tmp_path / "i2.toml")
    with pytest.raises(LettersIncomplete, match="dpo.email") as caught:
        services.write_letters(incident, people(tmp_path / "p.csv", 1), tmp_path / "o2")
    assert caught.value.exit_code == 1 and not (tmp_path / "o2").exists()
    with pytest.raises(InputError, match="e-mails need a sender"):
        services.write_letters(
            incident,
            people(tmp_path / "p.csv", 1),
            tmp_path / "o2",
            fmt="eml",
            allow_incomplete=True,
        )


def _incident(services: Services, tmp_path: Path, text: str) -> str:
    (tmp_path / "i3.toml").write_text(text, encoding="utf-8")
    incident, _ = services.create_from_file(tmp_path / "i3.toml")
    return incident


def test_a_batch_without_the_measures_is_refused_and_nothing_is_written(
    services: Services, tmp_path: Path
) -> None:
    """Art. 34(2): measures taken and proposed, in the organisation's own words."""
    bare = INCIDENT.split("[response]")[0]
    incident = _incident(services, tmp_path, bare)
    entries = len(services.timeline(incident))
    with pytest.raises(LettersIncomplete) as caught:
        services.write_letters(incident, people(tmp_path / "p.csv", 2), tmp_path / "out")
    keys = [g.key for g in caught.value.gaps]
    assert keys == ["response.measures_taken", "response.measures_proposed"]
    assert caught.value.exit_code == 1 and not (tmp_path / "out").exists()
    # nothing recorded either: no batch started, no entry
    assert services.letter_batches(incident) == []
    assert len(services.timeline(incident)) == entries
    run = services.write_letters(
        incident, people(tmp_path / "p.csv", 2), tmp_path / "out", allow_incomplete=True
    )
    assert run.complete and [g.key for g in run.missing] == keys
    entry = services.timeline(incident)[-1]
    assert "Written although incomplete (Art. 34(2))" in entry.content.text
    assert entry.content.links["incomplete"] == keys
    # a field of the record, kept in the batch's row and checked by verify
    (batch,) = services.letter_batches(incident)
    assert list(batch.incomplete) == keys and batch.people == 2
    (report,) = services.verify(incident)
    assert report.ok, report.problems


def test_only_the_languages_of_the_file_are_checked_and_named(
    services: Services, tmp_path: Path
) -> None:
    """A French row needs the measures in French: the Danish ones are not enough."""
    incident = services.incidents()[0].id
    subjects = tmp_path / "mixed.csv"
    subjects.write_text("name,email,language\nA,a@example.dk,da\nB,b@example.fr,fr-BE\n")
    with pytest.raises(LettersIncomplete) as caught:
        services.write_letters(incident, subjects, tmp_path / "out")
    keys = [g.key for g in caught.value.gaps]
    assert keys == ["text.fr.measures_taken", "text.fr.measures_proposed"]
    assert "Danish only" in caught.value.gaps[0].why
    services.set_fact(incident, "text.fr.measures_taken", ["Le client a effacé les fiches."])
    services.set_fact(incident, "text.fr.measures_proposed", ["Un contrôle du destinataire."])
    run = services.write_letters(incident, subjects, tmp_path / "out", fmt="eml")
    assert run.complete and not run.missing
    french = (tmp_path / "out" / "eml" / "0000" / "0000003.eml").read_bytes()
    assert b"Le client a effac=C3=A9 les fiches." in french.replace(b"=\r\n", b"")


def test_from_a_thread_the_workers_are_fresh_processes(services: Services, tmp_path: Path) -> None:
    """The TUI runs the batch in a worker thread: no fork of a threaded process."""
    subjects = people(tmp_path / "p.csv", 320)
    incident = services.incidents()[0].id
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["run"] = services.write_letters(
                incident, subjects, tmp_path / "out", fmt="eml", workers=2
            )
        except BaseException as err:  # noqa: BLE001 - reported below
            outcome["error"] = err
        finally:
            services.close()  # this thread's own database connection

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(60)
    assert "error" not in outcome, outcome.get("error")
    run = outcome["run"]
    assert run.complete and run.outputs == {"eml": 320}  # type: ignore[attr-defined]
