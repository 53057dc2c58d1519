"""The letter batch as the TUI calls it: progress, cancel and continue, own templates."""

from __future__ import annotations

import csv
import threading
from pathlib import Path

import pytest

from breachkit.core.errors import InputError
from breachkit.services import Services
from breachkit.services.letters import LetterProgress

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
    assert run.notes  # no decision recorded yet


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
    services.org_path.write_text(PROFILE.replace('email = "dpo@skovbo.example"\n', ""))
    (tmp_path / "i2.toml").write_text(INCIDENT, encoding="utf-8")
    incident, _ = services.create_from_file(tmp_path / "i2.toml")
    with pytest.raises(InputError, match="dpo.email"):
        services.write_letters(incident, people(tmp_path / "p.csv", 1), tmp_path / "o2")


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
