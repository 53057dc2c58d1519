"""Rendering a letter batch in worker processes, and the combined print file.

Workers render chunks of people and write their files (see
:mod:`breachkit.services.letters_io` for how each file is written exactly once). For
the print file, each chunk becomes a *part* (the bodies of its letters once, each
person's own page layer, the glyphs used); the parts are assembled in order into one
PDF at the end of the run, so a run killed while assembling simply assembles again.
See docs/letters.md.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import struct
import sys
import threading
import time
import types
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from breachkit.core.letters.people import Person
from breachkit.core.letters.plan import plan_letter
from breachkit.services import letters_outdir
from breachkit.services.letters_io import PRINT_FILE, write_files

if TYPE_CHECKING:  # the renderers are imported when letters are written
    from multiprocessing.pool import Pool

    from breachkit.render.letters.compose import LetterRenderer, LetterSetup

SHARD = 10_000
_PART_MAGIC = b"BKPART1\n"


@dataclass(frozen=True, slots=True)
class BatchJob:
    """Where and what a worker writes."""

    out_dir: str
    formats: tuple[str, ...]
    """Manifest formats: ``pdf`` and/or ``eml``, or ``print`` and/or ``eml``."""
    fsync: bool = True


@dataclass(frozen=True, slots=True)
class Written:
    """One output of one person, safely on disk (not yet in the manifest)."""

    line: int
    reference: str
    language: str
    format: str
    file: str
    pages: int
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class Task:
    people: tuple[tuple[Person, tuple[str, ...]], ...]


def outputs_for(person: Person, formats: tuple[str, ...]) -> tuple[str, ...]:
    """The formats this person can be sent in (a print letter needs a postal address,
    an e-mail an e-mail address)."""
    out = []
    for fmt in formats:
        if fmt == "pdf" or (fmt == "print" and person.address) or (fmt == "eml" and person.email):
            out.append(fmt)
    return tuple(out)


def no_output_reason(formats: tuple[str, ...]) -> str:
    if formats == ("eml",):
        return "no e-mail address (this run writes e-mails only)"
    if formats == ("print",):
        return "no postal address (this run writes the print file only)"
    return "neither a postal address for the print file nor an e-mail address"


def relative_path(fmt: str, person: Person) -> str:
    shard = f"{person.line // SHARD:04d}"
    return f"{fmt}/{shard}/{person.stem}.{fmt}"


# -- the worker side ------------------------------------------------------------------------

_renderer: LetterRenderer | None = None
_job: BatchJob | None = None


def init_worker(setup: LetterSetup, job: BatchJob, *, worker: bool = False) -> None:
    """Process start: one renderer (and its caches) per worker.

    A worker process lets go of the folder lock it inherited, and ends itself if the run
    that started it is killed, so that the run can be started again at once.
    """
    from breachkit.render.letters.compose import LetterRenderer

    global _renderer, _job
    if _renderer is None or _renderer.setup is not setup:  # a forked worker keeps the
        _renderer = LetterRenderer(setup)  # renderer primed before the fork, caches and all
    _job = job
    if worker:
        inherited = letters_outdir.lock_fd()
        if inherited is not None:
            with contextlib.suppress(OSError):
                os.close(inherited)
        threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()


def prime(setup: LetterSetup) -> LetterRenderer:
    """The renderer of this process, with one body per language rendered: a template
    error stops the run here, before anything is written, and forked workers start
    with these bodies ready."""
    from breachkit.render.letters.compose import LetterRenderer

    global _renderer
    _renderer = LetterRenderer(setup)
    for language in setup.texts:
        if not _renderer.personal(language):  # else each person's letter is its own check
            _renderer.variant(plan_letter(setup.facts, language=language))
    return _renderer


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(0.2)
        if os.getppid() != parent:
            os._exit(1)


def run_task(task: Task) -> tuple[tuple[Written, ...], str | None]:
    """Render and write one chunk; returns what is on disk and the print part, if any."""
    assert _renderer is not None and _job is not None
    renderer, job = _renderer, _job
    out = Path(job.out_dir)
    files: list[tuple[str, bytes]] = []
    written: list[Written] = []
    part = _PartWriter() if "print" in job.formats else None
    for person, formats in task.people:
        for fmt in formats:
            if fmt == "print":
                assert part is not None
                written.append(part.add(renderer, person))
                continue
            if fmt == "pdf":
                data, pages = renderer.pdf(person)
            else:
                data, pages = _eml(renderer, person), 1
            rel = relative_path(fmt, person)
            files.append((rel, data))
            written.append(
                Written(
                    person.line,
                    person.reference,
                    person.language,
                    fmt,
                    rel,
                    pages,
                    hashlib.sha256(data).hexdigest(),
                    len(data),
                )
            )
    part_name = None
    if part is not None and part.count:
        part_name = f"parts/part-{part.first:09d}-{part.last:09d}.bin"
        files.append((part_name, part.finish()))
    write_files(out, files, fsync=job.fsync)
    return tuple(written), part_name


def _eml(renderer: LetterRenderer, person: Person) -> bytes:
    from breachkit.render.letters.eml import message

    setup = renderer.setup
    subject, body = renderer.email_text(person)
    org = setup.organisation
    return message(
        sender_name=org.name,
        sender=setup.sender or org.dpo.email,
        reply_to=org.dpo.email,
        recipient_name=person.name,
        recipient=person.email,
        subject=subject,
        body=body,
        language=person.language,
        date=setup.started_at.astimezone(ZoneInfo(setup.timezone)),
        identity=f"{setup.incident_id}:{setup.started_at.isoformat()}:{person.line}",
    )


class _PartWriter:
    """A chunk of print letters: each body's page streams once, each person's pages."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = [_PART_MAGIC]
        self.seen: set[str] = set()
        self.regular: set[int] = set()
        self.bold: set[int] = set()
        self.count = 0
        self.first = self.last = 0

    def add(self, renderer: LetterRenderer, person: Person) -> Written:
        letter = renderer.print_letter(person)
        self.first = self.first or person.line
        self.last = person.line
        if letter.digest not in self.seen:
            self.seen.add(letter.digest)
            self.chunks.append(b"V" + _bytes(letter.digest.encode()) + _list(letter.streams))
        from breachkit.render.letters.pdfwriter import stream

        personal = tuple(stream(p) for p in letter.personal)
        self.chunks.append(
            b"L" + struct.pack(">I", person.line) + _bytes(letter.digest.encode()) + _list(personal)
        )
        self.regular |= letter.regular
        self.bold |= letter.bold
        self.count += 1
        digest = hashlib.sha256()
        for static, own in zip(letter.streams, personal, strict=True):
            digest.update(static)
            digest.update(own)
        return Written(
            person.line,
            person.reference,
            person.language,
            "print",
            PRINT_FILE,
            len(letter.streams),
            digest.hexdigest(),
            sum(len(s) for s in letter.streams) + sum(len(p) for p in personal),
        )

    def finish(self) -> bytes:
        glyphs = b"G" + _ints(sorted(self.regular)) + _ints(sorted(self.bold))
        return b"".join([*self.chunks, glyphs, b"E"])


def _bytes(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def _list(items: Iterable[bytes]) -> bytes:
    items = tuple(items)
    return struct.pack(">I", len(items)) + b"".join(_bytes(i) for i in items)


def _ints(values: list[int]) -> bytes:
    return struct.pack(f">I{len(values)}H", len(values), *values)


# -- the combined print file ------------------------------------------------------------


def worker_pool(count: int, setup: LetterSetup, job: BatchJob) -> Pool:
    """Worker processes for a run.

    fork is quick and safe from a single-threaded command. A TUI calls from a thread,
    and forking a threaded process is not safe, so it gets fresh (spawned) processes;
    those must not run the program's main module again (``python -m breachkit`` would
    start a second front end), so they are started with a bare ``__main__``.
    """
    import multiprocessing

    if threading.active_count() == 1 and os.name == "posix":
        return multiprocessing.get_context("fork").Pool(
            count, initializer=_start_worker, initargs=(setup, job)
        )
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        return multiprocessing.get_context("spawn").Pool(
            count, initializer=_start_worker, initargs=(setup, job)
        )
    finally:
        sys.modules["__main__"] = main


def _start_worker(setup: LetterSetup, job: BatchJob) -> None:
    init_worker(setup, job, worker=True)
