"""The print file of a letters batch: the workers' part files read back and assembled
into one PDF (pages numbered across the batch, fonts subset once).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import struct
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from breachkit.services.letters_batch import _PART_MAGIC
from breachkit.services.letters_io import PRINT_FILE, private_file

if TYPE_CHECKING:
    from breachkit.render.letters.compose import LetterSetup


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
