"""The letter batch's files: the affected-people CSV read as a stream, the output folder.

Exactly once, whatever moment a run is killed at:

* every output is written to ``.tmp/``, flushed to disk, then renamed to its final name,
  which depends only on the person's line (and reference) in the affected-people file;
* a manifest row is appended (and flushed to disk) only after the renames, in the
  order of the file, so the last complete row says where to continue;
* a run started again drops a half-written last row (and any row whose file is not
  right), deletes ``.tmp/`` and any print part beyond the manifest, and carries on after
  the last row. A letter whose file was renamed but not yet in the manifest is rendered
  again; the bytes are the same, because nothing in a letter depends on when it was
  rendered.

Files are 0600 and folders 0700: they hold personal data.
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import hashlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from breachkit.adapters import files
from breachkit.core.errors import InputError, Problem
from breachkit.core.letters.manifest import parse_row
from breachkit.core.letters.people import BadRow, Header, read_header
from breachkit.services.subjects_format import SubjectsFormat, detect, text_lines

PRINT_FILE = "letters-print.pdf"
MANIFEST = "manifest.csv"
BAD_ROWS = "bad-rows.csv"
STATE = "batch.json"
COMPLETE = "batch-complete.json"

# -- the affected-people file ----------------------------------------------------------------


MAX_LINE = 1 << 24
"""The longest line (and field) of the affected-people file: 16 MiB. A field longer than
a name or an address can be (see ``core.letters.people``) is one bad row; a line longer
than this is not a people file."""
csv.field_size_limit(MAX_LINE)


def _open_subjects(path: Path) -> Any:
    try:
        return path.open("rb")
    except OSError as err:
        raise InputError(Problem(str(path), None, f"cannot read: {err.strerror}")) from None


def _lines(handle: BinaryIO, path: Path, fmt: SubjectsFormat) -> Iterator[str]:
    """The file's lines as text (see ``subjects_format``); CR, LF and CRLF all end a line."""
    for text in text_lines(handle, path, fmt, MAX_LINE):
        yield from _CR.split(text) if "\r" in text[:-2] else (text,)


_CR = re.compile(r"(?<=\r)(?!\n)(?=.)", re.DOTALL)


def subjects_format(path: Path) -> SubjectsFormat:
    """How the file is read (encoding, delimiter): ``describe()`` says it in words."""
    return detect(path)


def records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(first line, fields) per record, streamed; blank lines skipped. The encoding and
    the delimiter are detected (``subjects_format``)."""
    fmt = detect(path)
    with _open_subjects(path) as handle:
        reader = csv.reader(_lines(handle, path, fmt), delimiter=fmt.delimiter)
        line = 1
        try:
            for fields in reader:
                start, line = line, reader.line_num + 1
                if fields and any(f.strip() for f in fields):
                    yield start, fields
        except csv.Error as err:
            raise InputError(Problem(str(path), None, f"is not valid CSV: {err}", line)) from None


def survey(path: Path, *, languages: set[str] | None = None) -> tuple[Header, int, str]:
    """Check the header, count the rows and hash the file (streamed, never all in memory).

    ``languages``, if given, receives the language codes the rows ask for (``fr`` for
    ``fr-BE``; ``""`` for a row that names none), so the letters' completeness can be
    checked in exactly those languages before anything is written.
    """
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError as err:
        raise InputError(Problem(str(path), None, f"cannot read: {err.strerror}")) from None
    stream = records(path)
    first = next(stream, None)
    if first is None:
        raise InputError(Problem(str(path), None, "is empty: it needs a header row"))
    header = read_header(first[1], str(path))
    column = header.position("language")
    if languages is None or column is None:
        total = sum(1 for _ in stream)
        if languages is not None:
            languages.add("")
        return header, total, digest.hexdigest()
    total = 0
    for _line, fields in stream:
        total += 1
        value = fields[column] if column < len(fields) else ""
        languages.add(value.strip().replace("_", "-").split("-")[0].lower())
    return header, total, digest.hexdigest()


# -- writing files -------------------------------------------------------------------------


def write_files(out: Path, files: Iterable[tuple[str, bytes]], *, fsync: bool) -> None:
    """Write each file under a temporary name, flush them all, then rename them all."""
    tmp_dir = out / ".tmp"
    pending: list[tuple[int, Path, Path]] = []
    try:
        for rel, data in files:
            final = out / rel
            tmp = tmp_dir / f"{final.name}.{os.getpid()}.tmp"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            pending.append((fd, tmp, final))
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        if fsync and pending:
            flush_to_disk([fd for fd, _tmp, _final in pending])
    finally:
        for fd, _tmp, _final in pending:
            os.close(fd)
    folders = set()
    for _fd, tmp, final in pending:
        if not final.parent.is_dir():
            private_dirs(out, final.parent)
        os.replace(tmp, final)
        folders.add(final.parent)
    if fsync and folders:
        fds = [os.open(folder, os.O_RDONLY) for folder in folders]
        try:
            flush_to_disk(fds)
        finally:
            for fd in fds:
                os.close(fd)


def _find_syncfs() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int]
    function.restype = ctypes.c_int
    return function


_SYNCFS = _find_syncfs()


def flush_to_disk(fds: list[int]) -> None:
    """Make the data of open files (or folders) durable. On Linux one syncfs(2) call
    does it for the whole file system, far cheaper than one fsync per letter; all the
    files are on the output folder's file system."""
    if len(fds) > 4 and _SYNCFS is not None and _SYNCFS(fds[0]) == 0:
        return
    for fd in fds:
        os.fsync(fd)


def private_dirs(root: Path, folder: Path) -> None:
    """Create ``folder`` and the folders between it and ``root``, each 0700."""
    for level in reversed([folder, *folder.parents]):
        if level == root or root not in level.parents:
            continue
        with contextlib.suppress(FileExistsError):
            level.mkdir(mode=0o700)


def private_file(path: Path, *, read: bool = False) -> BinaryIO:
    fd = os.open(path, os.O_CREAT | os.O_TRUNC | (os.O_RDWR if read else os.O_WRONLY), 0o600)
    return os.fdopen(fd, "w+b" if read else "wb", buffering=1 << 20)


# -- the output folder ----------------------------------------------------------------------


def write_new(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def write_private(path: Path, data: bytes) -> None:
    """Replace ``path`` atomically with ``data`` (0600): the shared private writer."""
    files.write_private(path, data)


class BadRowsFile:
    """The rows that got no letter, with their line and reason, streamed to disk."""

    def __init__(self, out: Path) -> None:
        self.final = out / BAD_ROWS
        self.tmp = out / ".tmp" / BAD_ROWS
        self.handle = private_file(self.tmp)
        self.handle.write(b"line,reason\n")
        self.count = 0
        self.first: list[BadRow] = []

    def add(self, bad: BadRow) -> None:
        reason = bad.reason.replace('"', '""')
        self.handle.write(f'{bad.line},"{reason}"\n'.encode())
        self.count += 1
        if len(self.first) < 20:
            self.first.append(bad)

    def finish(self) -> None:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.replace(self.tmp, self.final)

    def abandon(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()


def manifest_summary(out_dir: Path) -> tuple[str, dict[str, int]]:
    digest = hashlib.sha256()
    outputs: dict[str, int] = {}
    with (out_dir / MANIFEST).open("rb") as handle:
        digest.update(handle.readline())
        for raw in handle:
            digest.update(raw)
            row = parse_row(raw.decode())
            if row is not None:
                outputs[row.format] = outputs.get(row.format, 0) + 1
    return digest.hexdigest(), outputs


def read_complete(out_dir: Path) -> dict[str, Any] | None:
    path = out_dir / COMPLETE
    if not path.exists():
        return None
    try:
        done = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return None
    manifest_sha, _outputs = manifest_summary(out_dir)
    return done if isinstance(done, dict) and done.get("manifest_sha256") == manifest_sha else None
