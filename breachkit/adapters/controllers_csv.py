"""Read a controllers file (spec controllers-csv.md) from disk: bytes in, checked rows out.

The checking is pure (:mod:`breachkit.core.controllers.model`); here the file is read,
hashed and split into CSV records with their line numbers. A file that is not UTF-8, not
CSV or has no header is refused (exit 2, naming the file and the line); a bad row is not
refused here, it is reported by line and the others are used.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from breachkit.core.controllers.model import Controllers, read_controllers, read_header
from breachkit.core.errors import InputError, Problem

MAX_BYTES = 64 << 20
"""A controllers file larger than this is not one (64 MiB)."""


@dataclass(frozen=True, slots=True)
class ControllersFile:
    path: Path
    sha256: str
    read: Controllers


def load_controllers(path: Path) -> ControllersFile:
    """The file's controllers and bad rows; raises InputError for a file that is no CSV."""
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(Problem(source, None, f"cannot read: {err.strerror}")) from None
    if len(data) > MAX_BYTES:
        raise InputError(Problem(source, None, f"is larger than {MAX_BYTES >> 20} MiB"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(
            Problem(source, None, f"is not UTF-8 text (byte {err.start + 1})", line)
        ) from None
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    try:
        for fields in reader:
            start, line = line, reader.line_num + 1
            if fields and any(f.strip() for f in fields):
                rows.append((start, fields))
    except csv.Error as err:
        raise InputError(Problem(source, None, f"is not valid CSV: {err}", line)) from None
    if not rows:
        raise InputError(Problem(source, None, "is empty: it needs a header row"))
    header = read_header(rows[0][1], source)
    return ControllersFile(
        path, hashlib.sha256(data).hexdigest(), read_controllers(header, rows[1:])
    )
