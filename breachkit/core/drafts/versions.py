"""Draft versions count changes of content, not exports.

A draft's *content* is what it says: the SHA-256 of the canonical JSON of its content
(:attr:`breachkit.render.drafts.blocks.DraftContent.sha256`), which covers the facts,
the organisation profile, the risk decision, the authority, the language, the phase,
the template's wording and what is missing, and leaves out what changes between
exports of the same content (the version, the generation time, the chain head, the
format). Exporting the content of the latest version again, in any format, keeps that
version's number; content that differs from the latest version takes the next one.

Databases made before this rule gave every export its own version; :func:`content_runs`
reads both alike: an export is *unchanged* when it says what the export before it (for
that authority) said, whatever numbers they carry.

Pure: standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

__all__ = ["Export", "Repeat", "Versioned", "content_runs", "latest_of", "version_for"]


class Versioned(Protocol):
    """What the rule needs of an export (a ``drafts`` row, or a record read from one)."""

    @property
    def version(self) -> int: ...
    @property
    def content_sha256(self) -> str: ...
    @property
    def entry_seq(self) -> int: ...


class Export(Versioned, Protocol):
    """A recorded export as stored (a ``drafts`` row)."""

    @property
    def authority(self) -> str: ...
    @property
    def generated_at(self) -> str: ...


V = TypeVar("V", bound=Versioned)


@dataclass(frozen=True, slots=True)
class Repeat:
    """Where an export's content was first exported: ``version`` at ``first_at`` (ISO UTC,
    as stored); ``unchanged`` when the export repeats the content of the one before it."""

    version: int
    first_at: str
    unchanged: bool


def version_for(latest: Versioned | None, content_sha256: str) -> tuple[int, bool]:
    """The version an export of ``content_sha256`` takes after ``latest`` (the highest
    version exported for the authority), and whether the content is unchanged."""
    if latest is None:
        return 1, False
    if latest.content_sha256 == content_sha256:
        return latest.version, True
    return latest.version + 1, False


def content_runs(rows: Iterable[Export]) -> dict[int, Repeat]:
    """For each export (by its entry): the version and time its content was first
    exported, per authority, in the order of the timeline."""
    out: dict[int, Repeat] = {}
    last: dict[str, tuple[str, Repeat]] = {}
    for row in sorted(rows, key=lambda r: r.entry_seq):
        before = last.get(row.authority)
        if before is not None and before[0] == row.content_sha256:
            first = before[1]
            out[row.entry_seq] = Repeat(first.version, first.first_at, True)
        else:
            first = Repeat(row.version, row.generated_at, False)
            out[row.entry_seq] = first
            last[row.authority] = (row.content_sha256, first)
    return out


def latest_of(rows: Sequence[V]) -> V | None:
    """The export of the highest version (the last of them on the timeline)."""
    return max(rows, key=lambda r: (r.version, r.entry_seq), default=None)
