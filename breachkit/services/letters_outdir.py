"""The output folder of a letters batch: its lock, the manifest appended as letters are
written, and where a killed run resumes (the manifest's tail is checked against the
files).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from breachkit.adapters.files import remove_temporaries
from breachkit.core.letters.manifest import ManifestRow, header_line, parse_row
from breachkit.services.letters_io import (
    MANIFEST,
    write_new,
)

_lock_fd: int | None = None
"""The folder lock of this process, which forked workers must let go of."""


def lock_fd() -> int | None:
    return _lock_fd


@dataclass(frozen=True, slots=True)
class ResumePoint:
    """Where a run continues: after ``position``; the next print letter's first page."""

    position: tuple[int, int]
    next_page: int
    rows: int
    parts: tuple[str, ...]


class OutDir:
    """The output folder of one batch: created private (0700, files 0600)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def prepare(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.path, 0o700)
        tmp = self.path / ".tmp"
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir(mode=0o700)
        for name in ("parts",):
            (self.path / name).mkdir(exist_ok=True, mode=0o700)

    def is_empty(self) -> bool:
        return not self.path.exists() or all(p.name == ".lock" for p in self.path.iterdir())

    def lock(self) -> None:
        """One run at a time per folder (the lock goes when the process does)."""
        import fcntl

        fd = os.open(self.path / ".lock", os.O_WRONLY | os.O_CREAT, 0o600)
        global _lock_fd
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise BlockingIOError(f"{self.path}: another run is writing letters here") from None
        self._lock_fd: int | None = fd
        _lock_fd = fd
        remove_temporaries(self.path)  # a killed run's half-renamed state files

    def unlock(self) -> None:
        global _lock_fd
        fd = getattr(self, "_lock_fd", None)
        if fd is not None:
            os.close(fd)
            self._lock_fd = None
            _lock_fd = None

    def resume(self, *, verify_tail: int = 1024) -> ResumePoint:
        """Read the manifest; drop a half-written last row, rows whose file is not right,
        and rows of a print part the manifest does not wholly cover; delete print parts
        beyond the manifest."""
        manifest = self.path / MANIFEST
        if not manifest.exists():
            write_new(manifest, header_line().encode())
        end, position, _page, _rows, tail = _scan(manifest, verify_tail)
        cut = end if end != manifest.stat().st_size else None
        for start, row in tail:  # the rows most likely hit by a crash: check their files
            if row.format != "print" and not self._file_matches(row):
                cut = start if cut is None else min(cut, start)
                break
        for first, last, _name in self._parts():
            if first <= position[0] < last:  # killed while a part's rows were appended
                offset = _offset_of_line(manifest, first)
                cut = offset if cut is None else min(cut, offset)
        if cut is not None:
            self._truncate(manifest, cut)
        _end, position, next_page, rows, _tail = _scan(manifest, 0)
        keep = []
        for _first, last, name in self._parts():
            if last <= position[0]:
                keep.append(f"parts/{name}")
            else:
                (self.path / "parts" / name).unlink()
        return ResumePoint(position, next_page, rows, tuple(keep))

    def _parts(self) -> list[tuple[int, int, str]]:
        folder = self.path / "parts"
        found = []
        if folder.is_dir():
            for part in sorted(folder.iterdir()):
                bits = part.stem.split("-")
                if part.suffix == ".bin" and len(bits) == 3 and bits[0] == "part":
                    found.append((int(bits[1]), int(bits[2]), part.name))
                else:
                    part.unlink()
        return found

    def _file_matches(self, row: ManifestRow) -> bool:
        path = self.path / row.file
        try:
            if path.stat().st_size != row.bytes:
                return False
            return hashlib.sha256(path.read_bytes()).hexdigest() == row.sha256
        except OSError:
            return False

    @staticmethod
    def _truncate(path: Path, size: int) -> None:
        with path.open("r+b") as handle:
            handle.truncate(size)
            handle.flush()
            os.fsync(handle.fileno())

    def append_rows(self, rows: Iterable[ManifestRow], *, fsync: bool) -> None:
        data = "".join(r.to_csv() for r in rows).encode()
        if not data:
            return
        fd = os.open(self.path / MANIFEST, os.O_WRONLY | os.O_APPEND)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if fsync:
                os.fsync(fd)
        finally:
            os.close(fd)

    def sha256(self, name: str) -> str:
        digest = hashlib.sha256()
        with (self.path / name).open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        return digest.hexdigest()

    def finish(self) -> None:
        """Remove the working folders once the run is complete."""
        for name in (".tmp", "parts"):
            folder = self.path / name
            if folder.exists():
                shutil.rmtree(folder)


def _scan(
    manifest: Path, keep_tail: int
) -> tuple[int, tuple[int, int], int, int, list[tuple[int, ManifestRow]]]:
    """(end of the last good row, its position, next print page, row count, the last
    ``keep_tail`` rows with their offsets). Stops at the first row that is cut short or
    out of order."""
    position, next_page, rows = (0, -1), 1, 0
    tail: list[tuple[int, ManifestRow]] = []
    with manifest.open("rb") as handle:
        end = len(handle.readline())
        for raw in handle:
            row = parse_row(raw.decode("utf-8", "replace"))
            if row is None or row.position <= position:
                break
            if keep_tail:
                tail.append((end, row))
                if len(tail) > keep_tail:
                    del tail[0]
            position = row.position
            if row.format == "print":
                next_page = row.next_first_page
            rows += 1
            end += len(raw)
    return end, position, next_page, rows, tail


def _offset_of_line(manifest: Path, line: int) -> int:
    """Where the first row for ``line`` or later starts."""
    with manifest.open("rb") as handle:
        offset = len(handle.readline())
        for raw in handle:
            row = parse_row(raw.decode("utf-8", "replace"))
            if row is None or row.line >= line:
                break
            offset += len(raw)
    return offset
