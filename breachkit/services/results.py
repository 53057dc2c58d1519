"""What ``verify`` and the exports hand to the front ends (immutable, no DB handles).

Apart from :mod:`breachkit.services.views` so that a command that only reads an
incident (``list``, ``show``, ``clocks``) does not build these classes at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from breachkit.core.timeline.chain import ChainBreak
    from breachkit.core.timeline.compare import TableProblem
    from breachkit.core.timeline.fold import RecordProblem


@dataclass(frozen=True, slots=True)
class EvidenceProblem:
    seq: int
    filename: str
    sha256: str
    problem: str

    def __str__(self) -> str:
        short = self.sha256[:12]
        return f"entry {self.seq}: evidence file '{self.filename}' ({short}…) {self.problem}"


@dataclass(frozen=True, slots=True)
class VerifyReport:
    incident_id: str
    checked: int
    chain_break: ChainBreak | None
    evidence_checked: int = 0
    evidence_problems: tuple[EvidenceProblem, ...] = field(default=())
    record_problems: tuple[RecordProblem, ...] = field(default=())
    """Places where the chain contradicts itself (it cannot be replayed there)."""
    table_problems: tuple[TableProblem, ...] = field(default=())
    """Where a table differs from what the chain says: table, row, field, entry."""
    seal_problem: str | None = None
    """Set when a seal was given and today's chain no longer holds it."""

    @property
    def ok(self) -> bool:
        return (
            self.chain_break is None
            and not self.evidence_problems
            and not self.record_problems
            and not self.table_problems
            and self.seal_problem is None
        )

    @property
    def problems(self) -> list[str]:
        """Every problem, said for a person, the most fundamental first."""
        out = []
        if self.seal_problem:
            out.append(self.seal_problem)
        if self.chain_break is not None:
            out.append(f"BROKEN at entry {self.chain_break.seq}: {self.chain_break.problem}")
        out.extend(str(p) for p in self.record_problems)
        out.extend(str(p) for p in self.table_problems)
        out.extend(str(p) for p in self.evidence_problems)
        return out


@dataclass(frozen=True, slots=True)
class ExportResult:
    """A file written: where, its SHA-256, and the timeline entry (or entries) recording it."""

    path: Path
    """``-`` when the document went to standard output (``-o -``): see ``data``."""
    sha256: str
    size: int
    content_sha256: str = ""
    pages: int = 0
    entries: tuple[tuple[str, int], ...] = ()
    """(incident id, seq) of the timeline entries that record the export."""
    data: bytes = b""
    """The document, when it goes to standard output."""
