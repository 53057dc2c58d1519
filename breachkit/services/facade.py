"""The façade, part 3 and the whole: telling the people affected — letters, sending,
bounces. :class:`Services` is what the front ends hold."""

from __future__ import annotations

from typing import TYPE_CHECKING

from breachkit.services.facade_filing import FilingUseCases

if TYPE_CHECKING:
    import threading
    from collections.abc import Callable, Iterable
    from datetime import datetime
    from pathlib import Path

    from breachkit.core.letters.complete import Gap
    from breachkit.core.letters.manifest import RunIdentity
    from breachkit.core.letters.sending import Tally
    from breachkit.core.letters.texts import LetterTexts
    from breachkit.core.organisation.smtp import SmtpSettings
    from breachkit.core.timeline.projection import LetterBatchRow
    from breachkit.render.letters.compose import LetterSetup
    from breachkit.services.bounces import BounceRun
    from breachkit.services.letters import LetterProgress, LetterRun
    from breachkit.services.letters_setup import NoticeFiles
    from breachkit.services.letters_told import PeopleTold
    from breachkit.services.send import SendProgress, SendRun
    from breachkit.services.send_batch import SendBatch


class Services(FilingUseCases):
    """Everything a front end can ask breachkit to do; each use-case is handed to its part."""

    # -- letters: setup (letters_setup.py) ------------------------------------------------------

    def letter_texts(self, templates: Path | None = None) -> dict[str, LetterTexts]:
        return self.letter_setup_part.letter_texts(templates)

    def letter_setup(
        self,
        incident_id: str,
        *,
        templates: Path | None = None,
        text: Path | None = None,
        sender: str | None = None,
        window: str = "left",
        started_at: datetime | None = None,
    ) -> LetterSetup:
        return self.letter_setup_part.letter_setup(
            incident_id,
            templates=templates,
            text=text,
            sender=sender,
            window=window,
            started_at=started_at,
        )

    def letter_gaps(self, setup: LetterSetup, languages: Iterable[str]) -> tuple[Gap, ...]:
        return self.letter_setup_part.letter_gaps(setup, languages)

    def require_complete(
        self,
        setup: LetterSetup,
        languages: Iterable[str],
        *,
        allow_incomplete: bool,
        what: str = "letters",
    ) -> tuple[Gap, ...]:
        return self.letter_setup_part.require_complete(
            setup, languages, allow_incomplete=allow_incomplete, what=what
        )

    def default_letter_language(self, setup: LetterSetup) -> str:
        return self.letter_setup_part.default_letter_language(setup)

    def public_notice(
        self,
        incident_id: str,
        out_dir: Path,
        *,
        languages: tuple[str, ...] = (),
        templates: Path | None = None,
        text: Path | None = None,
        allow_incomplete: bool = False,
    ) -> list[NoticeFiles]:
        return self.letter_setup_part.public_notice(
            incident_id,
            out_dir,
            languages=languages,
            templates=templates,
            text=text,
            allow_incomplete=allow_incomplete,
        )

    # -- letters: who was told (letters_told.py) ------------------------------------------------

    def count_people_told(
        self, setup: LetterSetup, batch_id: int | None, subjects: Path, out_dir: Path
    ) -> PeopleTold:
        return self.people_told_part.count_people_told(setup, batch_id, subjects, out_dir)

    def people_told_now(self, incident_id: str) -> tuple[int, int]:
        return self.people_told_part.people_told_now(incident_id)

    def reached_by_email(self, incident_id: str) -> frozenset[int]:
        return self.people_told_part.reached_by_email(incident_id)

    def earlier_batches(self, incident_id: str, batch_id: int | None, out_dir: Path) -> list[Path]:
        return self.people_told_part.earlier_batches(incident_id, batch_id, out_dir)

    def everyone_told_at(self, incident_id: str) -> datetime | None:
        return self.people_told_part.everyone_told_at(incident_id)

    def record_finished_batch(
        self,
        setup: LetterSetup,
        identity: RunIdentity,
        subjects: Path,
        out_dir: Path,
        manifest_sha: str,
        outputs: dict[str, int],
        bad_rows: int,
        print_sha: str,
        gaps: tuple[Gap, ...] = (),
    ) -> tuple[int | None, int]:
        return self.people_told_part.record_finished_batch(
            setup, identity, subjects, out_dir, manifest_sha, outputs, bad_rows, print_sha, gaps
        )

    # -- letters (letters.py) -------------------------------------------------------------------

    def write_letters(
        self,
        incident_id: str,
        subjects: Path,
        out_dir: Path,
        *,
        fmt: str = "pdf",
        combined: bool = False,
        templates: Path | None = None,
        text: Path | None = None,
        sender: str | None = None,
        window: str = "left",
        workers: int | None = None,
        fsync: bool = True,
        progress: Callable[[LetterProgress], None] | None = None,
        cancel: threading.Event | None = None,
        allow_incomplete: bool = False,
        undelivered: bool = False,
    ) -> LetterRun:
        return self.letter_part.write_letters(
            incident_id,
            subjects,
            out_dir,
            fmt=fmt,
            combined=combined,
            templates=templates,
            text=text,
            sender=sender,
            window=window,
            workers=workers,
            fsync=fsync,
            progress=progress,
            cancel=cancel,
            allow_incomplete=allow_incomplete,
            undelivered=undelivered,
        )

    def letter_batches(self, incident_id: str) -> list[LetterBatchRow]:
        return self.letter_part.letter_batches(incident_id)

    # -- sending: the record (send_record.py) ---------------------------------------------------

    def smtp_settings(self) -> SmtpSettings:
        return self.send_record_part.smtp_settings()

    def batch_start(self, incident_id: str, batch: SendBatch) -> int:
        return self.send_record_part.batch_start(incident_id, batch)

    def record_unrecorded(
        self,
        incident_id: str,
        batch: SendBatch,
        start_seq: int,
        settings: SmtpSettings,
        source: str,
    ) -> int:
        return self.send_record_part.record_unrecorded(
            incident_id, batch, start_seq, settings, source
        )

    def record_run(
        self,
        incident_id: str,
        batch: SendBatch,
        start_seq: int,
        settings: SmtpSettings | None,
        source: str,
        tally: Tally,
        *,
        started: str = "",
        stopped: bool = False,
    ) -> tuple[int, str, int] | None:
        return self.send_record_part.record_run(
            incident_id, batch, start_seq, settings, source, tally, started=started, stopped=stopped
        )

    def batch_counts(self, incident_id: str, batch: SendBatch, start_seq: int) -> tuple[int, int]:
        return self.send_record_part.batch_counts(incident_id, batch, start_seq)

    # -- sending (send.py) ----------------------------------------------------------------------

    def send_letters(
        self,
        incident_id: str,
        letters_dir: Path,
        *,
        rate: int | None = None,
        dry_run: bool = False,
        password: str | None = None,
        progress: Callable[[SendProgress], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> SendRun:
        return self.send_part.send_letters(
            incident_id,
            letters_dir,
            rate=rate,
            dry_run=dry_run,
            password=password,
            progress=progress,
            cancel=cancel,
        )

    # -- bounces (bounces.py) -------------------------------------------------------------------

    def read_bounces(self, incident_id: str, source: Path) -> BounceRun:
        return self.bounce_part.read_bounces(incident_id, source)
