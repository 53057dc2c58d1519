"""The manifest of a letter run and the run's identity, as data (pure).

The manifest is the organisation's proof of what it sent (Datatilsynet criticised an
organisation that could not prove it had told people, regulators.md §4.1): one CSV row
per letter written, appended in the order of the affected-people file once the letter
is safely on disk. Because rows are in file order, "where to resume" is simply the
last row, and a run started again needs no memory of the rows before it.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from typing import Any

MANIFEST_COLUMNS = (
    "line",
    "reference",
    "language",
    "format",
    "file",
    "first_page",
    "pages",
    "sha256",
    "bytes",
    "written_at",
)
FORMATS = ("pdf", "print", "eml", "json")
"""``pdf``: one file per person; ``print``: pages of the combined file; ``eml``: a message;
``json``: a notice to a controller as data (docs/controllers.md)."""
STATE_VERSION = 1


@dataclass(frozen=True, slots=True)
class ManifestRow:
    line: int
    reference: str
    language: str
    format: str
    file: str
    first_page: int
    """First page in the combined file (``print``); 1 otherwise."""
    pages: int
    sha256: str
    bytes: int
    written_at: str

    @property
    def position(self) -> tuple[int, int]:
        """Where the row sits in the run's order: file line, then format."""
        return self.line, FORMATS.index(self.format)

    def to_csv(self) -> str:
        out = io.StringIO()
        values = (
            self.line,
            self.reference,
            self.language,
            self.format,
            self.file,
            self.first_page,
            self.pages,
            self.sha256,
            self.bytes,
            self.written_at,
        )
        csv.writer(out, lineterminator="\n").writerow([_safe_cell(str(v)) for v in values])
        return out.getvalue()

    @property
    def next_first_page(self) -> int:
        """Where the next letter starts in the combined file: the next odd page."""
        return self.first_page + self.pages + (self.pages % 2)


def header_line() -> str:
    return ",".join(MANIFEST_COLUMNS) + "\n"


def parse_row(text: str) -> ManifestRow | None:
    """One manifest line, or None when it is not a complete, well-formed row."""
    if not text.endswith("\n"):
        return None
    try:
        cells = next(csv.reader([text.rstrip("\n")]))
        if len(cells) != len(MANIFEST_COLUMNS) or cells[3] not in FORMATS:
            return None
        return ManifestRow(
            line=int(cells[0]),
            reference=_unsafe_cell(cells[1]),
            language=cells[2],
            format=cells[3],
            file=cells[4],
            first_page=int(cells[5]),
            pages=int(cells[6]),
            sha256=cells[7],
            bytes=int(cells[8]),
            written_at=cells[9],
        )
    except (ValueError, StopIteration):
        return None


def _safe_cell(value: str) -> str:
    # A reference such as "=HYPERLINK(...)" must not become a formula in a spreadsheet.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def _unsafe_cell(value: str) -> str:
    return value[1:] if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@") else value


@dataclass(frozen=True, slots=True)
class RunIdentity:
    """What makes two runs into one batch: same people, same letters, same outputs.

    A run may only resume into an output folder whose identity it shares; otherwise
    the folder would hold letters that say different things.
    """

    incident_id: str
    subjects_sha256: str
    formats: tuple[str, ...]
    combined: bool
    content_sha256: str
    """Fingerprint of everything the letters say: facts, profile, texts, templates."""
    started_at: str
    """When the batch began (ISO UTC); the date printed on every letter."""
    batch_id: int | None = None

    def to_json(self) -> str:
        document: dict[str, Any] = {"version": STATE_VERSION, **asdict(self)}
        document["formats"] = list(self.formats)
        return json.dumps(document, indent=2, sort_keys=True) + "\n"

    def differences(self, other: RunIdentity) -> list[str]:
        """Why ``other`` cannot continue this batch (empty when it can)."""
        out = []
        if self.incident_id != other.incident_id:
            out.append(f"it holds letters for incident {self.incident_id}")
        if self.subjects_sha256 != other.subjects_sha256:
            out.append("the affected-people file has changed since the batch began")
        if (self.formats, self.combined) != (other.formats, other.combined):
            out.append("the batch was started with other --format/--combined options")
        if self.content_sha256 != other.content_sha256:
            out.append(
                "what the letters say has changed since the batch began (incident facts, "
                "organisation profile, texts or templates)"
            )
        return out


def parse_identity(text: str) -> RunIdentity | None:
    try:
        document = json.loads(text)
        if document.get("version") != STATE_VERSION:
            return None
        return RunIdentity(
            incident_id=str(document["incident_id"]),
            subjects_sha256=str(document["subjects_sha256"]),
            formats=tuple(str(f) for f in document["formats"]),
            combined=bool(document["combined"]),
            content_sha256=str(document["content_sha256"]),
            started_at=str(document["started_at"]),
            batch_id=document.get("batch_id"),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
