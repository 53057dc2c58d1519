"""Notices to every controller of a processor's breach (GDPR Art. 33(2)): the batch.

The letters' machinery does the proving: every file is written to ``.tmp/``, made
durable and renamed to a name that depends only on the controller's line and id; a
manifest row (file, SHA-256, size, time) is appended only afterwards. A run killed at any
moment and started again with the same command continues where it stopped, and at the
end each notice exists exactly once. The finished batch is one ``document.export`` entry
on the timeline (the manifest's SHA-256, the files per format, the controllers told).
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from breachkit.core.controllers.model import Controller
from breachkit.core.enums import EntryKind
from breachkit.core.errors import InputError, Problem
from breachkit.core.letters.manifest import FORMATS, RunIdentity, parse_identity
from breachkit.core.letters.people import BadRow
from breachkit.core.timeline.chain import EntryContent
from breachkit.core.timeline.changes import DocumentExported
from breachkit.core.times import from_storage, utc_iso
from breachkit.services.base import Part
from breachkit.services.letters_io import (
    BAD_ROWS,
    COMPLETE,
    MANIFEST,
    STATE,
    manifest_summary,
    read_complete,
    write_files,
    write_private,
)
from breachkit.services.letters_outdir import OutDir
from breachkit.services.notices_io import (
    Made,
    NoticeMaker,
    NoticeSetup,
    Task,
    chunk_files,
    make_chunk,
    worker_pool,
)
from breachkit.services.views import NOTICE_CHUNK

NOTICES_DOCUMENT = "controller-notices"
WORKERS = 8


@dataclass(frozen=True, slots=True)
class NoticeProgress:
    done: int
    total: int
    files: int
    elapsed: float


@dataclass(frozen=True, slots=True)
class NoticeRun:
    incident_id: str
    out_dir: Path
    controllers: int
    """Controllers given notices by this batch."""
    outputs: dict[str, int]
    bad_rows: tuple[BadRow, ...]
    manifest_sha256: str
    entry_seq: int | None
    finished: bool
    resumed: bool
    complementary: bool
    elapsed: float

    @property
    def manifest(self) -> Path:
        return self.out_dir / MANIFEST


FORMAT_CHOICES = {"pdf": ("pdf", "json"), "eml": ("eml", "json"), "both": ("pdf", "eml", "json")}


class NoticeServices(Part):
    def write_notices(
        self,
        incident_id: str,
        controllers_file: Path,
        out_dir: Path,
        *,
        fmt: str = "both",
        complementary: bool = False,
        next_update: str | datetime | None = None,
        sender: str = "",
        templates: Path | None = None,
        progress: Callable[[NoticeProgress], None] | None = None,
        cancel: threading.Event | None = None,
        chunk: int = NOTICE_CHUNK,
    ) -> NoticeRun:
        """Write one notice per controller of the file (complementary: per controller
        already told), in its language; see the module docstring for the guarantees."""
        started = time.monotonic()
        loaded = self.services.load_controllers(incident_id, controllers_file)
        view = self.services.incident(incident_id)
        setup, targets, bad = self._notice_setup(
            view.id, loaded.controllers, fmt, complementary, next_update, sender, templates
        )
        bad = (*loaded.bad_rows, *bad)
        out = OutDir(out_dir)
        identity, resumed = _claim(out, _identity(setup, loaded.sha256, targets))
        setup = replace(setup, issued_at=from_storage(identity.started_at))
        out.prepare()
        out.lock()
        try:
            if not resumed:
                write_private(out.path / STATE, identity.to_json().encode())
            done = read_complete(out.path)
            if done is None:
                self._render_notices(out, setup, targets, progress, cancel, chunk, started)
                if cancel is not None and cancel.is_set():
                    return self._notice_result(
                        view.id, out, targets, bad, None, False, resumed, started
                    )
            _write_bad_rows(out.path, bad)
            entry = (
                done.get("entry")
                if done
                else self._record_notices(view.id, out, setup, targets, bad)
            )
            if done is None:
                sha, _ = manifest_summary(out.path)
                document = {"manifest_sha256": sha, "entry": entry}
                write_private(out.path / COMPLETE, json.dumps(document).encode())
            out.finish()
        finally:
            out.unlock()
        return self._notice_result(view.id, out, targets, bad, entry, True, resumed, started)

    def _notice_setup(
        self,
        incident_id: str,
        controllers: tuple[Controller, ...],
        fmt: str,
        complementary: bool,
        next_update: str | datetime | None,
        sender: str,
        templates: Path | None,
    ) -> tuple[NoticeSetup, tuple[Controller, ...], tuple[BadRow, ...]]:
        view = self.services.incident(incident_id)
        org = self.incident_organisation(view.organisation)[0]
        if org is None or not org.name or not org.dpo.email:
            raise InputError(
                Problem(
                    str(self.org_path),
                    "dpo.email",
                    "a notice names the processor and its contact point (Art. 33(3)(b)): "
                    "fill in [organisation] name and [dpo] email in the profile",
                )
            )
        formats = FORMAT_CHOICES[fmt]
        board = self.services.controller_board(view.id)
        told = {c.controller.id: c.notified_at for c in board.clocks if c.notified_at}
        first_told = {k: v for k, v in told.items() if v is not None} if complementary else {}
        targets, bad = [], []
        for controller in controllers:
            if complementary and controller.id not in first_told:
                continue  # a complementary notice goes to those already told
            if formats[0] == "eml" and not controller.email:
                bad.append(BadRow(controller.line, "no e-mail address (for --format eml)"))
                continue
            targets.append(controller)
        if complementary and not targets:
            raise InputError(
                Problem("--complementary", None, "no controller of the file has been told yet")
            )
        update = (
            self.services.incident_change_part.instant(next_update, view.zone, "next-update")
            if next_update
            else None
        )
        setup = NoticeSetup(
            incident_id=view.id,
            facts=view.facts,
            organisation=org,
            issued_at=self.clock.now().replace(microsecond=0),
            formats=formats,
            first_told=first_told,
            complementary=complementary,
            next_update=update,
            sender=sender,
            user_dir=str(templates) if templates else "",
        )
        return setup, tuple(targets), tuple(bad)

    def _render_notices(
        self,
        out: OutDir,
        setup: NoticeSetup,
        targets: tuple[Controller, ...],
        progress: Callable[[NoticeProgress], None] | None,
        cancel: threading.Event | None,
        chunk: int,
        started: float,
    ) -> None:
        position = out.resume().position
        pending = [c for c in targets if (c.line, len(FORMATS)) > position]
        tasks = [
            [(c, position[1] if c.line == position[0] else -1) for c in pending[i : i + chunk]]
            for i in range(0, len(pending), chunk)
        ]
        done, files_written = len(targets) - len(pending), 0
        workers = min(os.cpu_count() or 1, len(tasks), WORKERS)
        pool = worker_pool(workers, setup) if workers > 1 else None
        try:
            made = pool.imap(make_chunk, tasks) if pool else _in_process(setup, tasks)
            for task, (files, rows) in zip(tasks, made, strict=True):
                write_files(out.path, files, fsync=True)
                now = utc_iso(self.clock.now())
                out.append_rows([replace(r, written_at=now) for r in rows], fsync=True)
                done += len(task)
                files_written += len(files)
                if progress is not None:
                    elapsed = time.monotonic() - started
                    progress(NoticeProgress(done, len(targets), files_written, elapsed))
                if cancel is not None and cancel.is_set():
                    return
        finally:
            if pool is not None:
                pool.terminate()
                pool.join()

    def _record_notices(
        self,
        incident_id: str,
        out: OutDir,
        setup: NoticeSetup,
        targets: tuple[Controller, ...],
        bad: tuple[BadRow, ...],
    ) -> int:
        """The batch on the timeline, once (a run killed after recording finds its entry)."""
        sha, outputs = manifest_summary(out.path)
        for entry in self.store.timeline.raw(incident_id):
            if sha in entry[6] and NOTICES_DOCUMENT in entry[6]:
                return int(entry[0])
        what = "Complementary notices" if setup.complementary else "Notices"
        counts = ", ".join(f"{k} {v}" for k, v in sorted(outputs.items()))
        text = (
            f"{what} to {len(targets)} controller(s) written in {out.path} ({counts}); "
            f"manifest SHA-256 {sha}"
        )
        if bad:
            text += f"; {len(bad)} row(s) got none"
        details = {
            "out_dir": str(out.path),
            "controllers": [c.id for c in targets],
            "outputs": outputs,
            "bad_rows": len(bad),
            "complementary": setup.complementary,
            "issued_at": utc_iso(setup.issued_at),
        }
        change = DocumentExported(NOTICES_DOCUMENT, MANIFEST, sha, "", details)
        now = utc_iso(self.clock.now())
        with self.store.transaction() as tx:
            content = EntryContent(EntryKind.DOCUMENT, text, now, now, self.actor, change.links())
            return tx.record(incident_id, content).seq

    def _notice_result(
        self,
        incident_id: str,
        out: OutDir,
        targets: tuple[Controller, ...],
        bad: tuple[BadRow, ...],
        entry: int | None,
        finished: bool,
        resumed: bool,
        started: float,
    ) -> NoticeRun:
        sha, outputs = manifest_summary(out.path)
        setup_complementary = json.loads((out.path / STATE).read_text()).get("combined", False)
        return NoticeRun(
            incident_id,
            out.path,
            len(targets),
            outputs,
            bad,
            sha,
            entry,
            finished,
            resumed,
            bool(setup_complementary),
            time.monotonic() - started,
        )


def _identity(
    setup: NoticeSetup, controllers_sha256: str, targets: tuple[Controller, ...]
) -> RunIdentity:
    """What makes two runs one batch: same incident, file, options and words."""
    return RunIdentity(
        incident_id=setup.incident_id,
        subjects_sha256=controllers_sha256,
        formats=setup.formats,
        combined=setup.complementary,
        content_sha256=setup.fingerprint({c.language for c in targets}),
        started_at=utc_iso(setup.issued_at),
    )


def _claim(out: OutDir, identity: RunIdentity) -> tuple[RunIdentity, bool]:
    """The folder's batch if it is this one (resume), else a new one; refuse another's."""
    state = out.path / STATE
    if state.exists():
        previous = parse_identity(state.read_text(encoding="utf-8"))
        if previous is None:
            raise InputError(Problem(str(state), None, "is not a batch file breachkit wrote"))
        why = previous.differences(identity)
        if previous.combined != identity.combined:
            why.append("it was started with another --complementary option")
        if why:
            raise InputError(
                Problem(
                    str(out.path), None, f"holds another batch ({'; '.join(why)}): use a new --out"
                )
            )
        return previous, True
    if not out.is_empty():
        raise InputError(
            Problem(str(out.path), None, "is not empty and holds no notices batch: use a new --out")
        )
    return identity, False


def _write_bad_rows(folder: Path, bad: tuple[BadRow, ...]) -> None:
    lines = ["line,reason"] + [f'{b.line},"{b.reason.replace(chr(34), chr(34) * 2)}"' for b in bad]
    write_private(folder / BAD_ROWS, ("\n".join(lines) + "\n").encode())


def _in_process(setup: NoticeSetup, tasks: list[Task]) -> Iterator[Made]:
    maker = NoticeMaker(setup)
    for task in tasks:
        yield chunk_files(maker, task)
