"""Use-cases on letters to affected people (GDPR Art. 34): the batch, the public notice.

``write_letters`` streams the affected-people file (never the whole file in memory),
writes one letter per person in their language, as PDF, e-mail or pages of one print
file, and keeps a manifest as proof of what was sent. It can be killed at any moment
and started again: see :mod:`breachkit.services.letters_batch`. A finished batch is
recorded in ``letter_batches`` and on the timeline with the manifest's SHA-256.
``progress`` is called after every chunk (from the calling thread), so a TUI worker
can post it; ``cancel`` stops the run cleanly between chunks.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from breachkit.core.enums import EntryKind
from breachkit.core.errors import InputError, Problem
from breachkit.core.letters.complete import Gap
from breachkit.core.letters.manifest import (
    ManifestRow,
    RunIdentity,
    parse_identity,
)
from breachkit.core.letters.people import (
    BadRow,
    Header,
    Person,
    RowRules,
    check_row,
    email_problem,
)
from breachkit.core.letters.told import person_key
from breachkit.core.timeline.chain import EntryContent
from breachkit.core.timeline.changes import LettersStarted
from breachkit.core.timeline.projection import LetterBatchRow
from breachkit.core.times import from_storage, utc_iso
from breachkit.services.base import Part
from breachkit.services.letters_batch import (
    BatchJob,
    PrintAssembler,
    Task,
    Written,
    init_worker,
    no_output_reason,
    outputs_for,
    prime,
    run_task,
    worker_pool,
)
from breachkit.services.letters_io import (
    COMPLETE,
    MANIFEST,
    PRINT_FILE,
    STATE,
    BadRowsFile,
    OutDir,
    manifest_summary,
    read_complete,
    records,
    survey,
    write_private,
)
from breachkit.services.letters_setup import fingerprint
from breachkit.services.letters_told import people_of_batch

if TYPE_CHECKING:  # the renderers are imported when letters are written
    from multiprocessing.pool import AsyncResult

    from breachkit.render.letters.compose import LetterSetup

__all__ = ["LetterBatchRow", "LetterProgress", "LetterRun", "LetterServices"]

FORMAT_CHOICES = {"pdf": ("pdf",), "eml": ("eml",), "both": ("pdf", "eml")}
CHUNK = 256
IN_PROCESS_BELOW = 300
"""Smaller files are rendered in the calling process (starting workers costs more)."""


@dataclass(frozen=True, slots=True)
class LetterProgress:
    """How far a run is; sent after every chunk."""

    rows: int
    """Rows of the file dealt with so far (written, skipped as done, or bad)."""
    total: int
    letters: int
    """Files written by this run."""
    bad: int
    already: int
    """Rows an earlier run had already done."""
    elapsed: float


@dataclass(frozen=True, slots=True)
class LetterRun:
    """What a run did. ``complete`` is False when it was cancelled."""

    incident_id: str
    out_dir: Path
    manifest: Path
    manifest_sha256: str
    letters: int
    """Files written by this run."""
    outputs: dict[str, int]
    """Rows in the manifest per format (pdf, print, eml), all runs together."""
    bad_rows: int
    bad_examples: tuple[BadRow, ...]
    rows: int
    already: int
    complete: bool
    resumed: bool
    elapsed: float
    print_file: Path | None = None
    print_sha256: str = ""
    entry_seq: int | None = None
    notes: tuple[str, ...] = ()
    missing: tuple[Gap, ...] = ()
    """What the letters lack under Art. 34(2), written anyway (``allow_incomplete``)."""
    people: dict[str, Any] = field(default_factory=dict)
    """People told: ``people`` (this batch), ``people_by_channel``, ``people_told`` (every
    batch so far), ``people_affected`` — as the batch's timeline entry records them."""


_Done = tuple[tuple[Written, ...], str | None]


@dataclass
class _Counters:
    rows: int = 0
    letters: int = 0
    bad: int = 0
    already: int = 0
    next_page: int = 1
    started: float = field(default_factory=time.monotonic)


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
        formats = _formats(fmt, combined)
        if sender and (reason := email_problem(sender)):
            raise InputError(Problem("--from", None, reason))
        asked: set[str] = set()
        header, total, subjects_sha = survey(subjects, languages=asked)
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
        out = OutDir(out_dir)
        fresh = out.is_empty()
        out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            out.lock()
        except BlockingIOError as err:
            raise InputError(Problem(str(out_dir), None, str(err))) from None
        try:
            previous = self._previous_batch(out, fresh)
            started = from_storage(previous.started_at) if previous else self.clock.now()
            setup = self.services.letter_setup(
                incident_id,
                templates=templates,
                text=text,
                sender=sender,
                window=window,
                started_at=started,
            )
            prime(setup)
            identity = RunIdentity(
                incident_id=setup.incident_id,
                subjects_sha256=subjects_sha,
                formats=formats,
                combined=combined,
                content_sha256=_with_skip(fingerprint(setup, formats), skip),
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
            return self._run(
                setup,
                identity,
                subjects,
                header,
                total,
                out,
                formats,
                resumed=previous is not None,
                workers=workers,
                fsync=fsync,
                progress=progress,
                cancel=cancel,
                gaps=gaps,
                skip=skip,
            )
        finally:
            out.unlock()

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

    def _run(
        self,
        setup: LetterSetup,
        identity: RunIdentity,
        subjects: Path,
        header: Header,
        total: int,
        out: OutDir,
        formats: tuple[str, ...],
        *,
        resumed: bool,
        workers: int | None,
        fsync: bool,
        progress: Callable[[LetterProgress], None] | None,
        cancel: threading.Event | None,
        gaps: tuple[Gap, ...] = (),
        skip: frozenset[int] | None = None,
    ) -> LetterRun:
        out_dir = out.path
        batch_id = self._batch_row(setup.incident_id, identity, subjects, out_dir, formats)
        identity = RunIdentity(**{**asdict(identity), "batch_id": batch_id})
        write_private(out_dir / STATE, identity.to_json().encode())
        done = read_complete(out_dir)
        if done is not None:
            return self._finish(
                setup, identity, out, subjects, done, _Counters(), (), resumed=True, gaps=gaps
            )
        out.prepare()
        point = out.resume()
        counters = _Counters(next_page=point.next_page)
        if progress is not None:
            progress(_progress(counters, total))
        rules = RowRules(
            default_language=self.services.default_letter_language(setup),
            languages=frozenset(setup.texts),
            categories=frozenset(setup.facts.categories),
        )
        job = BatchJob(str(out_dir), formats, fsync)
        bad = BadRowsFile(out_dir)
        assembler = PrintAssembler(out_dir, setup) if "print" in formats else None
        if assembler is not None:
            for part in point.parts:
                assembler.add_part(out_dir / part)
        count = workers or os.cpu_count() or 1
        pool = None if count <= 1 or total < IN_PROCESS_BELOW else worker_pool(count, setup, job)
        if pool is None:
            init_worker(setup, job)
        chunk = max(16, min(CHUNK, total // (count * 4) or 16))
        pending: deque[tuple[AsyncResult[Any] | None, _Done]] = deque()
        cancelled = False

        def collect(*, wait: bool) -> None:
            """Record finished chunks, oldest first (the manifest stays in file order)."""
            while pending:
                handle, local = pending[0]
                if handle is not None and not handle.ready():
                    if not wait:
                        return
                    handle.wait()
                pending.popleft()
                written, part = handle.get() if handle is not None else local
                self._record(out, written, counters, fsync)
                if assembler is not None and part:
                    assembler.add_part(out_dir / part)
                if progress is not None:
                    progress(_progress(counters, total))

        def submit(task: Task) -> None:
            if pool is None:
                pending.append((None, run_task(task)))
            else:
                pending.append((pool.apply_async(run_task, (task,)), ((), None)))
            while len(pending) > 2 * count:
                handle = pending[0][0]
                if handle is not None:
                    handle.wait()
                collect(wait=False)
            collect(wait=False)

        try:
            batch: list[tuple[Person, tuple[str, ...]]] = []
            for row in _rows(subjects, header, rules, setup, skip):
                if cancel is not None and cancel.is_set():
                    cancelled = True
                    break
                if row is None:  # reached by e-mail (--undelivered): no letter
                    counters.already += 1
                    counters.rows += 1
                    continue
                if isinstance(row, BadRow):
                    bad.add(row)
                    counters.bad += 1
                    counters.rows += 1
                    continue
                possible = outputs_for(row, formats)
                if not possible:
                    bad.add(BadRow(row.line, no_output_reason(formats)))
                    counters.bad += 1
                    counters.rows += 1
                    continue
                todo = tuple(f for f in possible if (row.line, _order(f)) > point.position)
                if not todo:
                    counters.already += 1
                    counters.rows += 1
                    continue
                batch.append((row, todo))
                if len(batch) >= chunk:
                    submit(Task(tuple(batch)))
                    batch = []
            if batch and not cancelled:
                submit(Task(tuple(batch)))
            collect(wait=True)
        except BaseException:
            bad.abandon()
            if assembler is not None:
                assembler.abandon()
            raise
        finally:
            if pool is not None:
                pool.terminate()
                pool.join()
        if cancelled:
            bad.abandon()
            if assembler is not None:
                assembler.abandon()
            return replace(
                self._result(setup, out, counters, (), resumed, complete=False), missing=gaps
            )
        bad.finish()
        print_sha = assembler.finish(fsync=fsync) if assembler is not None else ""
        manifest_sha, outputs = manifest_summary(out_dir)
        done = {
            "manifest_sha256": manifest_sha,
            "print_sha256": print_sha,
            "outputs": outputs,
            "bad_rows": counters.bad,
        }
        write_private(out_dir / COMPLETE, (json.dumps(done, indent=2) + "\n").encode())
        return self._finish(
            setup,
            identity,
            out,
            subjects,
            done,
            counters,
            tuple(bad.first),
            resumed=resumed,
            gaps=gaps,
        )

    def _record(
        self, out: OutDir, written: tuple[Written, ...], counters: _Counters, fsync: bool
    ) -> None:
        now = utc_iso(self.clock.now())
        rows = []
        lines = set()
        for w in sorted(written, key=lambda w: (w.line, _order(w.format))):
            first = 1
            if w.format == "print":
                first = counters.next_page
                counters.next_page += w.pages + (w.pages % 2)
            rows.append(
                ManifestRow(
                    w.line,
                    w.reference,
                    w.language,
                    w.format,
                    w.file,
                    first,
                    w.pages,
                    w.sha256,
                    w.size,
                    now,
                )
            )
            lines.add(w.line)
        out.append_rows(rows, fsync=fsync)
        counters.letters += len(rows)
        counters.rows += len(lines)

    def _finish(
        self,
        setup: LetterSetup,
        identity: RunIdentity,
        out: OutDir,
        subjects: Path,
        done: dict[str, Any],
        counters: _Counters,
        examples: tuple[BadRow, ...],
        *,
        resumed: bool,
        gaps: tuple[Gap, ...] = (),
    ) -> LetterRun:
        out.finish()
        manifest_sha = str(done["manifest_sha256"])
        outputs = {str(k): int(v) for k, v in done["outputs"].items()}
        bad_rows = int(done.get("bad_rows", 0))
        print_sha = str(done.get("print_sha256", ""))
        seq = self.services.record_finished_batch(
            setup, identity, subjects, out.path, manifest_sha, outputs, bad_rows, print_sha, gaps
        )
        return replace(
            self._result(setup, out, counters, examples, resumed, complete=True),
            manifest_sha256=manifest_sha,
            outputs=outputs,
            bad_rows=bad_rows,
            print_file=out.path / PRINT_FILE if "print" in identity.formats else None,
            print_sha256=print_sha,
            entry_seq=seq,
            missing=gaps,
            people=people_of_batch(
                self.store.letter_batches.get(setup.incident_id, identity.batch_id)
                if identity.batch_id is not None
                else None
            ),
        )

    def _result(
        self,
        setup: LetterSetup,
        out: OutDir,
        counters: _Counters,
        examples: tuple[BadRow, ...],
        resumed: bool,
        *,
        complete: bool,
    ) -> LetterRun:
        return LetterRun(
            incident_id=setup.incident_id,
            out_dir=out.path,
            manifest=out.path / MANIFEST,
            manifest_sha256="",
            letters=counters.letters,
            outputs={},
            bad_rows=counters.bad,
            bad_examples=examples,
            rows=counters.rows,
            already=counters.already,
            complete=complete,
            resumed=resumed,
            elapsed=time.monotonic() - counters.started,
            notes=self._letter_notes(setup.incident_id),
        )

    def _letter_notes(self, incident_id: str) -> tuple[str, ...]:
        notes = []
        if self.services.incident(incident_id).facts.role.value == "processor":
            notes.append(
                "The incident is recorded with you as processor: telling people is "
                "the controller's duty; send these letters only on its instruction."
            )
        decisions = self.services.decisions(incident_id)
        if not decisions:
            notes.append(
                "No risk decision is recorded yet: people must be told when the risk "
                "is high (Art. 34). Record it with breachkit decide."
            )
        elif decisions[-1].outcome == "notify_authority_and_public":
            notes.append(
                "The decision is a public communication (Art. 34(3)(c)): see "
                "breachkit public-notice."
            )
        elif decisions[-1].outcome != "notify_authority_and_subjects":
            notes.append(
                f"The recorded decision ({decisions[-1].outcome}) does not require "
                "telling people; these letters go beyond it."
            )
        return tuple(notes)

    # -- database and timeline ------------------------------------------------------------

    def _batch_row(
        self,
        incident_id: str,
        identity: RunIdentity,
        subjects: Path,
        out_dir: Path,
        formats: tuple[str, ...],
    ) -> int:
        with self.store.transaction() as tx:
            row = tx.incidents.get(incident_id)
            if identity.batch_id is not None:
                found = tx.letter_batches.get(row.id, identity.batch_id)
                if found is not None and found.id is not None:
                    return found.id
            now = utc_iso(self.clock.now())
            fmt = "+".join(formats)
            change = LettersStarted(
                str(subjects), identity.subjects_sha256, str(out_dir), fmt, identity.started_at
            )
            text = (
                f"Letters to affected people (Art. 34): batch started from {subjects.name} "
                f"({fmt}) into {out_dir}"
            )
            entry = tx.record(
                row.id,
                EntryContent(EntryKind.SYSTEM, text, now, now, self.actor, change.links()),
            )
            started = next(b for b in tx.letter_batches.rows(row.id) if b.start_seq == entry.seq)
            assert started.id is not None
            return started.id

    def letter_batches(self, incident_id: str) -> list[LetterBatchRow]:
        """The batches of an incident, newest first (for the TUI and reports)."""
        view = self.services.incident(incident_id)
        rows = self.store.letter_batches.rows(view.id)
        return sorted(rows, key=lambda b: b.start_seq, reverse=True)


# -- helpers --------------------------------------------------------------------------------


def _formats(fmt: str, combined: bool) -> tuple[str, ...]:
    if fmt not in FORMAT_CHOICES:
        raise InputError(Problem("--format", None, f"'{fmt}' is not allowed (pdf | eml | both)"))
    formats = FORMAT_CHOICES[fmt]
    if combined:
        if "pdf" not in formats:
            raise InputError(
                Problem("--combined", None, "makes a print file: use it with --format pdf or both")
            )
        formats = tuple("print" if f == "pdf" else f for f in formats)
    return formats


def _order(fmt: str) -> int:
    return ("pdf", "print", "eml").index(fmt)


def _with_skip(content_sha256: str, skip: frozenset[int] | None) -> str:
    """The batch's fingerprint, with who is left out (``--undelivered``)."""
    if skip is None:
        return content_sha256
    digest = hashlib.sha256(content_sha256.encode())
    for key in sorted(skip):
        digest.update(key.to_bytes(8, "big"))
    return digest.hexdigest()


def _rows(
    path: Path,
    header: Header,
    rules: RowRules,
    setup: LetterSetup,
    skip: frozenset[int] | None = None,
) -> Iterator[Person | BadRow | None]:
    """The file's rows checked; None for a person ``skip`` leaves out."""
    from breachkit.render.fonts import FAMILY
    from breachkit.render.letters.truetype import program

    font = program(FAMILY)
    stream = records(path)
    next(stream, None)
    for line, fields in stream:
        row = check_row(header, fields, line, rules)
        if isinstance(row, Person):
            missing = font.missing(
                " ".join((row.name, row.salutation, *row.address, row.city, row.reference))
            )
            if missing:
                row = BadRow(line, f"the letter font cannot print these characters: {missing}")
            elif skip and person_key(row) in skip:
                yield None
                continue
        yield row


def _progress(counters: _Counters, total: int) -> LetterProgress:
    return LetterProgress(
        counters.rows,
        total,
        counters.letters,
        counters.bad,
        counters.already,
        time.monotonic() - counters.started,
    )
