"""One run of the letters batch: render the rows in chunks (in workers for a large file),
append the manifest, and record the finished batch on the timeline.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from breachkit.core.enums import EntryKind
from breachkit.core.letters.complete import Gap
from breachkit.core.letters.manifest import (
    ManifestRow,
    RunIdentity,
)
from breachkit.core.letters.people import (
    BadRow,
    Header,
    RowRules,
)
from breachkit.core.text import counted
from breachkit.core.timeline.chain import EntryContent
from breachkit.core.timeline.changes import LettersStarted
from breachkit.core.times import utc_iso
from breachkit.services.base import Part
from breachkit.services.letters_batch import (
    BatchJob,
    Written,
)
from breachkit.services.letters_chunks import Chunks, sort_row
from breachkit.services.letters_io import (
    COMPLETE,
    MANIFEST,
    PRINT_FILE,
    STATE,
    BadRowsFile,
    manifest_summary,
    read_complete,
    write_private,
)
from breachkit.services.letters_outdir import OutDir
from breachkit.services.letters_print import PrintAssembler
from breachkit.services.letters_rows import (
    LetterProgress,
    LetterRun,
    _Counters,
    _order,
    _progress,
    _rows,
)
from breachkit.services.letters_told import people_of_batch

if TYPE_CHECKING:  # the renderers are imported when letters are written
    from breachkit.render.letters.compose import LetterSetup


class LetterRunServices(Part):
    """Runs a letters batch and records it (for :class:`LetterServices`)."""

    def run(
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
        bad = BadRowsFile(out_dir)
        assembler = PrintAssembler(out_dir, setup) if "print" in formats else None
        if assembler is not None:
            for part in point.parts:
                assembler.add_part(out_dir / part)
        chunks = Chunks(
            setup,
            BatchJob(str(out_dir), formats, fsync),
            total=total,
            workers=workers,
            counters=counters,
            record=lambda written: self._record(out, written, counters, fsync),
            assembler=assembler,
            progress=progress,
        )
        rows = _rows(subjects, header, rules, setup, skip)
        try:
            finished = chunks.render(
                rows, lambda row: sort_row(row, formats, point, counters, bad), cancel
            )
        except BaseException:
            _abandon(bad, assembler)
            raise
        if not finished:
            _abandon(bad, assembler)
            return replace(
                self._result(setup, out, counters, (), resumed, complete=False), missing=gaps
            )
        done = _complete(out, bad, assembler, counters, fsync=fsync)
        examples = tuple(bad.first)
        return self._finish(
            setup, identity, out, subjects, done, counters, examples, resumed=resumed, gaps=gaps
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
        seq, unposted = self.services.record_finished_batch(
            setup, identity, subjects, out.path, manifest_sha, outputs, bad_rows, print_sha, gaps
        )
        result = self._result(setup, out, counters, examples, resumed, complete=True)
        if unposted:
            result = replace(result, notes=(*result.notes, unposted_note(unposted)))
        return replace(
            result,
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


def _abandon(bad: BadRowsFile, assembler: PrintAssembler | None) -> None:
    """A run stopped or failed: its temporary files go (what is recorded stays)."""
    bad.abandon()
    if assembler is not None:
        assembler.abandon()


def _complete(
    out: OutDir,
    bad: BadRowsFile,
    assembler: PrintAssembler | None,
    counters: _Counters,
    *,
    fsync: bool,
) -> dict[str, Any]:
    """Close the bad rows and the print file and write the folder's completion record."""
    bad.finish()
    print_sha = assembler.finish(fsync=fsync) if assembler is not None else ""
    manifest_sha, outputs = manifest_summary(out.path)
    done = {
        "manifest_sha256": manifest_sha,
        "print_sha256": print_sha,
        "outputs": outputs,
        "bad_rows": counters.bad,
    }
    write_private(out.path / COMPLETE, (json.dumps(done, indent=2) + "\n").encode())
    return done


def unposted_note(unposted: int) -> str:
    """What to do about the people given only a PDF, with no postal address."""
    who = counted(unposted, "person", "people")
    return (
        f"{who} got only a PDF and {'has' if unposted == 1 else 'have'} no postal address: "
        "a PDF counts as telling when it "
        "can be posted, so they are not counted as told. Reach them by e-mail (write the "
        "letters with --format eml and breachkit send), or add their postal address."
    )
