"""Use-cases on letters to affected people (GDPR Art. 34): the batch, the public notice.

``write_letters`` streams the affected-people file (never the whole file in memory),
writes one letter per person in their language, as PDF, e-mail or pages of one print
file, and keeps a manifest as proof of what was sent. It can be killed at any moment
and started again: see :mod:`breachkit.services.letters_batch`. A finished batch is
recorded in ``letter_batches`` and on the timeline with the manifest's SHA-256
(:mod:`breachkit.services.letters_run`). ``progress`` is called after every chunk (from
the calling thread), so a TUI worker can post it; ``cancel`` stops the run cleanly
between chunks.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from breachkit.core.errors import InputError, Problem
from breachkit.core.letters.complete import Gap
from breachkit.core.letters.manifest import (
    RunIdentity,
    parse_identity,
)
from breachkit.core.letters.people import Header, email_problem
from breachkit.core.timeline.projection import LetterBatchRow
from breachkit.core.times import from_storage, utc_iso
from breachkit.services.base import Part
from breachkit.services.letters_batch import (
    prime,
)
from breachkit.services.letters_io import (
    STATE,
    survey,
)
from breachkit.services.letters_outdir import OutDir
from breachkit.services.letters_rows import LetterProgress as LetterProgress
from breachkit.services.letters_rows import LetterRun as LetterRun
from breachkit.services.letters_rows import (
    _formats,
    _with_skip,
)
from breachkit.services.letters_setup import fingerprint

if TYPE_CHECKING:
    from breachkit.render.letters.compose import LetterSetup

__all__ = ["LetterBatchRow", "LetterProgress", "LetterRun", "LetterServices"]


class LetterServices(Part):
    """The batch of letters to affected people (see the module docstring)."""

    # -- the batch --------------------------------------------------------------------------

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
        """Write (or go on writing) the letters of one incident to ``out_dir``.

        ``undelivered``: only to the people of the file not reached by e-mail (no e-mail
        of any batch of the incident ``sent``: never sent, deferred, failed, bounced).

        Refused (LettersIncomplete, nothing written) when the letters would lack what
        Art. 34(2) requires in a language the file asks for, unless ``allow_incomplete``.
        """
        plan = self._plan(
            _Inputs(incident_id, subjects, _formats(fmt, combined), combined),
            templates=templates,
            text=text,
            sender=sender,
            window=window,
            allow_incomplete=allow_incomplete,
            undelivered=undelivered,
        )
        with _locked(out := OutDir(out_dir)) as fresh:
            setup, identity, previous = self._batch(plan, out, fresh)
            return self.services.letter_run_part.run(
                setup,
                identity,
                subjects,
                plan.header,
                plan.total,
                out,
                plan.formats,
                resumed=previous is not None,
                workers=workers,
                fsync=fsync,
                progress=progress,
                cancel=cancel,
                gaps=plan.gaps,
                skip=plan.skip,
            )

    def _batch(
        self, plan: _Plan, out: OutDir, fresh: bool
    ) -> tuple[LetterSetup, RunIdentity, RunIdentity | None]:
        """The batch to write: the one the folder holds (its start time kept, its inputs
        unchanged), or a new one; with its setup and the batch it continues, if any."""
        previous = self._previous_batch(out, fresh)
        started = from_storage(previous.started_at) if previous else self.clock.now()
        setup = self.services.letter_setup(
            plan.incident_id,
            templates=plan.templates,
            text=plan.text,
            sender=plan.sender,
            window=plan.window,
            started_at=started,
        )
        prime(setup)
        return setup, _identity(setup, plan, started, previous, out.path), previous

    def _plan(
        self,
        inputs: _Inputs,
        *,
        templates: Path | None,
        text: Path | None,
        sender: str | None,
        window: str,
        allow_incomplete: bool,
        undelivered: bool,
    ) -> _Plan:
        """What is checked before anything is written: the sender, the people file, that
        the letters in the languages it asks for are complete, and whom to leave out."""
        incident_id, formats = inputs.incident_id, inputs.formats
        if sender and (reason := email_problem(sender)):
            raise InputError(Problem("--from", None, reason))
        asked: set[str] = set()
        header, total, subjects_sha = survey(inputs.subjects, languages=asked)
        check = self.services.letter_setup(
            incident_id, templates=templates, text=text, sender=sender
        )
        default = self.services.default_letter_language(check)
        gaps = self.services.require_complete(
            check, {lang or default for lang in asked}, allow_incomplete=allow_incomplete
        )
        if "eml" in formats and not check.sender:
            raise InputError(
                Problem(
                    "--from",
                    None,
                    "e-mails need a sender: give --from, or [dpo] email in the organisation "
                    "profile",
                )
            )
        skip = self.services.reached_by_email(incident_id) if undelivered else None
        return _Plan(
            incident_id,
            formats,
            inputs.combined,
            templates,
            text,
            sender,
            window,
            header,
            total,
            subjects_sha,
            gaps,
            skip,
        )

    @staticmethod
    def _previous_batch(out: OutDir, fresh: bool) -> RunIdentity | None:
        """The batch this folder holds, if any; a folder with other files is refused."""
        state_path = out.path / STATE
        if state_path.exists():
            previous = parse_identity(state_path.read_text(encoding="utf-8"))
            if previous is None:
                raise InputError(Problem(str(state_path), None, "not a breachkit batch file"))
            return previous
        if not fresh:
            raise InputError(
                Problem(
                    str(out.path),
                    None,
                    "the folder is not empty and holds no letter batch; choose a new or empty "
                    "folder",
                )
            )
        return None

    def letter_batches(self, incident_id: str) -> list[LetterBatchRow]:
        """The batches of an incident, newest first (for the TUI and reports)."""
        view = self.services.incident(incident_id)
        rows = self.store.letter_batches.rows(view.id)
        return sorted(rows, key=lambda b: b.start_seq, reverse=True)


# -- helpers --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Inputs:
    """The batch asked for: whose letters, to whom, in which formats."""

    incident_id: str
    subjects: Path
    formats: tuple[str, ...]
    combined: bool


@dataclass(frozen=True, slots=True)
class _Plan:
    """A batch's inputs, checked before its folder is touched."""

    incident_id: str
    formats: tuple[str, ...]
    combined: bool
    templates: Path | None
    text: Path | None
    sender: str | None
    window: str
    header: Header
    total: int
    subjects_sha256: str
    gaps: tuple[Gap, ...]
    skip: frozenset[int] | None


@contextlib.contextmanager
def _locked(out: OutDir) -> Iterator[bool]:
    """The batch's folder, made if missing and locked for this run; whether it was empty."""
    fresh = out.is_empty()
    out.path.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        out.lock()
    except BlockingIOError as err:
        raise InputError(Problem(str(out.path), None, str(err))) from None
    try:
        yield fresh
    finally:
        out.unlock()


def _identity(
    setup: LetterSetup,
    plan: _Plan,
    started: datetime,
    previous: RunIdentity | None,
    out_dir: Path,
) -> RunIdentity:
    """The batch's identity; a folder holding another batch is refused."""
    identity = RunIdentity(
        incident_id=setup.incident_id,
        subjects_sha256=plan.subjects_sha256,
        formats=plan.formats,
        combined=plan.combined,
        content_sha256=_with_skip(fingerprint(setup, plan.formats), plan.skip),
        started_at=utc_iso(started),
        batch_id=previous.batch_id if previous else None,
    )
    if previous is not None and (why := previous.differences(identity)):
        raise InputError(
            Problem(
                str(out_dir),
                None,
                "cannot continue the batch in this folder: "
                + "; ".join(why)
                + ". Use a new --out folder.",
            )
        )
    return identity
