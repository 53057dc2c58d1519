"""What one letters run counts and reports: the formats, the progress, the result, and
the rows of the affected-people file as the run reads them."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from breachkit.core.errors import InputError, Problem
from breachkit.core.letters.complete import Gap
from breachkit.core.letters.people import (
    BadRow,
    Header,
    Person,
    RowRules,
    check_row,
)
from breachkit.core.letters.told import person_key
from breachkit.services.letters_batch import (
    Written,
)
from breachkit.services.letters_io import (
    records,
)

if TYPE_CHECKING:  # the renderers are imported when letters are written
    from breachkit.render.letters.compose import LetterSetup

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
