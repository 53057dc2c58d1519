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
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO
from zoneinfo import ZoneInfo

from breachkit.core.letters.people import Person
from breachkit.core.letters.plan import plan_letter
from breachkit.services import letters_io
from breachkit.services.letters_io import PRINT_FILE, private_file, write_files

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
        inherited = letters_io.lock_fd()
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


class PartReader:
    """Reads a part file written by :class:`_PartWriter`."""

    def __init__(self, handle: BinaryIO, name: str) -> None:
        self.handle = handle
        self.name = name
        if handle.read(len(_PART_MAGIC)) != _PART_MAGIC:
            raise ValueError(f"{name} is not a breachkit print part")

    def _u32(self) -> int:
        return int(struct.unpack(">I", self._exact(4))[0])

    def _exact(self, size: int) -> bytes:
        data = self.handle.read(size)
        if len(data) != size:
            raise ValueError(f"{self.name} ends too early")
        return data

    def _bytes(self) -> bytes:
        return self._exact(self._u32())

    def _list(self) -> list[bytes]:
        return [self._bytes() for _ in range(self._u32())]

    def _ints(self) -> set[int]:
        count = self._u32()
        return set(struct.unpack(f">{count}H", self._exact(2 * count)))

    def records(self) -> Iterator[_Body | _Letter | _Glyphs]:
        while True:
            kind = self._exact(1)
            if kind == b"V":
                yield _Body(self._bytes().decode(), self._list())
            elif kind == b"L":
                line = self._u32()
                yield _Letter(line, self._bytes().decode(), self._list())
            elif kind == b"G":
                yield _Glyphs(self._ints(), self._ints())
            elif kind == b"E":
                return
            else:
                raise ValueError(f"{self.name}: unknown record {kind!r}")


@dataclass(frozen=True, slots=True)
class _Body:
    digest: str
    streams: list[bytes]


@dataclass(frozen=True, slots=True)
class _Letter:
    line: int
    digest: str
    personal: list[bytes]


@dataclass(frozen=True, slots=True)
class _Glyphs:
    regular: set[int]
    bold: set[int]


class PrintAssembler:
    """Builds the combined print file from the parts, in order: each letter starts on an
    odd page (a blank page follows a letter with an odd number of pages), so the file
    can be printed double-sided and split into letters by page count."""

    VARIANTS = 4096

    def __init__(self, out: Path, setup: LetterSetup) -> None:
        self.final = out / PRINT_FILE
        self.tmp = out / ".tmp" / f"{PRINT_FILE}.partial"
        self.offsets_path = out / ".tmp" / "print-offsets.bin"
        self.handle = private_file(self.tmp)
        self.offsets = private_file(self.offsets_path, read=True)
        self.hasher = _HashingFile(self.handle)
        from breachkit.render.letters.pdfwriter import CombinedWriter, pdf_date

        org = setup.organisation.name
        self.writer = CombinedWriter(
            self.hasher,
            self.offsets,
            title=f"{org} · {setup.incident_id}",
            author=org,
            created=pdf_date(setup.started_at.isoformat()),
        )
        self.variants: OrderedDict[str, list[int]] = OrderedDict()

    def add_part(self, path: Path) -> None:
        with path.open("rb") as handle:
            for record in PartReader(handle, path.name).records():
                if isinstance(record, _Body):
                    if record.digest not in self.variants:
                        numbers = [self.writer.add_stream(s) for s in record.streams]
                        self.variants[record.digest] = numbers
                        if len(self.variants) > self.VARIANTS:
                            self.variants.popitem(last=False)
                    self.variants.move_to_end(record.digest)
                elif isinstance(record, _Letter):
                    found = self.variants.get(record.digest)
                    if found is None:  # evicted: write the body again
                        found = [self.writer.add_stream(s) for s in _body(path, record.digest)]
                        self.variants[record.digest] = found
                    for static, own in zip(found, record.personal, strict=True):
                        self.writer.add_page((static, self.writer.add_stream(own)))
                    if len(record.personal) % 2:
                        self.writer.add_page(())
                else:
                    self.writer.glyphs[0].update(record.regular)
                    self.writer.glyphs[1].update(record.bold)

    def finish(self, *, fsync: bool) -> str:
        """Close the file, rename it into place; returns its SHA-256."""
        self.writer.close()
        self.handle.flush()
        if fsync:
            os.fsync(self.handle.fileno())
        self.handle.close()
        self.offsets.close()
        os.replace(self.tmp, self.final)
        with contextlib.suppress(FileNotFoundError):
            self.offsets_path.unlink()
        return self.hasher.hexdigest()

    def abandon(self) -> None:
        for handle in (self.handle, self.offsets):
            with contextlib.suppress(OSError):
                handle.close()


def _body(path: Path, digest: str) -> list[bytes]:
    with path.open("rb") as handle:
        for record in PartReader(handle, path.name).records():
            if isinstance(record, _Body) and record.digest == digest:
                return record.streams
    raise ValueError(f"{path.name}: a letter refers to a body the part does not hold")


class _HashingFile:
    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.sha = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        return self.handle.write(data)

    def hexdigest(self) -> str:
        return self.sha.hexdigest()


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
