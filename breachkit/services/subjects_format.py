"""How an affected-people file is written: its encoding and its delimiter, detected.

The spec's file is UTF-8, comma-separated. Spreadsheets save otherwise: French, Danish
or German Excel writes "CSV" with ``;`` (the comma is their decimal mark), often in
Windows-1252; "Unicode text" is UTF-16 with a byte order mark, tab-separated. So:

* a byte order mark decides: UTF-8 (EF BB BF), UTF-16 LE or BE (FF FE, FE FF); UTF-32
  is refused, naming what to save as instead;
* without one, the first 64 KiB decide: UTF-8 if they read as UTF-8; Windows-1252 if
  they hold none of UTF-8's multi-byte sequences and each byte above 127 that is a
  letter there (é, ü, Š) sits in a word (a UTF-8 file with one damaged byte stays
  UTF-8, and the damage is reported on its own line); a byte Windows-1252 does not
  define (81, 8D, 8F, 90, 9D) is refused;
* the delimiter is the one of ``,`` ``;`` and tab that splits the header row into the
  most known column names (``name``, ``email``, ...), a comma on a tie.

``SubjectsFormat.describe()`` says what was detected, for the letters pane and
``breachkit letters``: "read as UTF-8, ';'-separated".
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from breachkit.core.errors import InputError, Problem
from breachkit.core.letters.people import COLUMNS

SAMPLE = 1 << 16
DELIMITERS = (",", ";", "\t")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_CP1252_LETTER = re.compile(rb"[\x8a\x8c\x8e\x9a\x9c\x9e\x9f\xc0-\xd6\xd8-\xf6\xf8-\xff]+")
_NAMES = {"utf-8": "UTF-8", "cp1252": "Windows-1252", "utf-16": "UTF-16"}


@dataclass(frozen=True, slots=True)
class SubjectsFormat:
    """The encoding (a Python codec) and delimiter a people file is read with."""

    codec: str
    delimiter: str = ","
    bom: bool = False

    @property
    def plain(self) -> bool:
        """The spec's own form: UTF-8 (a byte order mark or not), comma-separated."""
        return self.codec == "utf-8" and self.delimiter == ","

    def describe(self) -> str:
        name = _NAMES.get(self.codec, self.codec)
        if self.codec == "utf-16":
            name += " (Excel's Unicode text)"
        elif self.bom:
            name += " with a byte order mark"
        sep = "tab" if self.delimiter == "\t" else f"'{self.delimiter}'"
        return f"read as {name}, {sep}-separated"


def detect(path: Path) -> SubjectsFormat:
    """The file's encoding and delimiter (reads its first 64 KiB); InputError if it is in
    an encoding breachkit does not read."""
    try:
        with path.open("rb") as handle:
            sample = handle.read(SAMPLE)
    except OSError as err:
        raise InputError(Problem(str(path), None, f"cannot read: {err.strerror}")) from None
    codec, bom = _encoding(sample, path)
    return SubjectsFormat(codec, _delimiter(_first_line(sample, codec)), bom)


def _encoding(sample: bytes, path: Path) -> tuple[str, bool]:
    if sample.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise InputError(
            Problem(str(path), None, "is UTF-32 text; save it as UTF-8 (or as CSV) instead", 1)
        )
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", True
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8", True
    try:
        sample.decode("utf-8")
        return "utf-8", False
    except UnicodeDecodeError as err:
        if err.start >= len(sample) - 3 and err.reason == "unexpected end of data":
            return "utf-8", False  # a character cut by the sample's end
    if _UTF8_MULTIBYTE.search(sample) or not _words_in_cp1252(sample):
        return "utf-8", False  # UTF-8 with damage: reported on its line when read
    for index, byte in enumerate(sample):
        if byte in _CP1252_UNDEFINED:
            line = sample.count(b"\n", 0, index) + 1
            raise InputError(
                Problem(
                    str(path),
                    None,
                    f"is neither UTF-8 nor Windows-1252 text (byte {byte:#04x}); save it "
                    "as UTF-8 CSV",
                    line,
                )
            )
    return "cp1252", False


def _words_in_cp1252(sample: bytes) -> bool:
    """Whether every byte above 127 that is a letter in Windows-1252 (é, ü, Š, œ…) sits
    in a word, beside a letter: "M\xfcller" is Windows-1252, a lone "\xff" between
    spaces is a damaged UTF-8 file."""
    for match in _CP1252_LETTER.finditer(sample):
        start, end = match.span()
        before = sample[start - 1 : start]
        after = sample[end : end + 1]
        if not (before.isalpha() or after.isalpha() or _high(before) or _high(after)):
            return False
    return True


def _high(byte: bytes) -> bool:
    return bool(byte) and byte[0] > 127


def _first_line(sample: bytes, codec: str) -> str:
    text = sample.decode(codec, errors="replace").lstrip("\ufeff")
    return text.splitlines()[0] if text else ""


def _delimiter(header: str) -> str:
    def score(delimiter: str) -> tuple[int, int]:
        fields = next(csv.reader([header], delimiter=delimiter), [])
        known = sum(1 for f in fields if f.strip().lower() in COLUMNS)
        return known, len(fields)

    best = max(DELIMITERS, key=score)  # max keeps the first (the comma) on a tie
    return best if score(best) > score(",") else ","


def text_lines(handle: BinaryIO, path: Path, fmt: SubjectsFormat, max_line: int) -> Iterator[str]:
    """The file's lines, decoded as ``fmt`` says: UTF-8 and Windows-1252 line by line, so
    a bad byte is reported on its own line."""
    if fmt.codec == "utf-16":
        yield from _utf16_lines(handle, path, max_line)
        return
    number = 0
    while raw := handle.readline(max_line + 1):
        number += 1
        if len(raw) > max_line:
            raise InputError(
                Problem(str(path), None, f"has a line longer than {max_line:,} bytes", number)
            )
        codec = "utf-8-sig" if number == 1 and fmt.codec == "utf-8" else fmt.codec
        try:
            yield raw.decode(codec)
        except UnicodeDecodeError as err:
            name = _NAMES.get(fmt.codec, fmt.codec)
            raise InputError(
                Problem(str(path), None, f"is not {name} text (byte {err.start + 1})", number)
            ) from None


def _utf16_lines(handle: BinaryIO, path: Path, max_line: int) -> Iterator[str]:
    text = io.TextIOWrapper(handle, encoding="utf-16", newline="")
    number = 0
    try:
        while line := text.readline(max_line + 1):
            number += 1
            if len(line) > max_line:
                raise InputError(
                    Problem(str(path), None, f"has a line longer than {max_line:,} characters")
                )
            yield line.lstrip("\ufeff") if number == 1 else line
    except UnicodeDecodeError:
        raise InputError(
            Problem(str(path), None, "is not UTF-16 text past this line", number)
        ) from None
    finally:
        with contextlib.suppress(ValueError):  # the file was closed first
            text.detach()  # the caller closes the file, not this wrapper
