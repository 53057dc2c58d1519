"""Who was told: letter batches, public notices, send runs and a processor's
controllers (the clocks of telling people and controllers read them).

Rows of :mod:`breachkit.core.timeline.projection`, kept in small modules so that a
command imports the rows it reads only (issue 19, start-up).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class LetterBatchRow:
    """A batch of letters: started at entry ``start_seq``, finished at ``entry_seq``."""

    TABLE: ClassVar[str] = "letter_batches"
    KEY: ClassVar[str] = "start_seq"
    start_seq: int
    started_at: str
    subjects_file: str
    subjects_sha256: str
    out_dir: str
    format: str
    actor: str
    finished_at: str | None = None
    letters: int = 0
    bad_rows: int = 0
    manifest_sha256: str | None = None
    entry_seq: int | None = None
    people: int | None = None
    """Distinct people told by this batch (None: not counted, a batch of 0.1.0)."""
    people_by_channel: dict[str, int] = field(default_factory=dict)
    people_told: int | None = None
    """Distinct people told by every batch finished so far, this one included."""
    people_affected: int | None = None
    people_not_compared: int = 0
    incomplete: tuple[str, ...] = ()
    """What the letters lacked under Art. 34(2) (written with ``--allow-incomplete``)."""
    id: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class NoticeRow:
    """A public communication (Art. 34(3)(c)) written at ``at``: files and their SHA-256."""

    TABLE: ClassVar[str] = "public_notices"
    KEY: ClassVar[str] = "entry_seq"
    entry_seq: int
    at: str
    actor: str
    out_dir: str
    files: dict[str, str]
    languages: tuple[str, ...]
    incomplete: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SendRunRow:
    """A send run of a letters batch, or bounces read (``letter_sends``, issue 17)."""

    TABLE: ClassVar[str] = "letter_sends"
    KEY: ClassVar[str] = "entry_seq"
    entry_seq: int
    batch: int
    source: str
    at: str
    actor: str
    sent: int
    failed: int
    deferred: int
    bounced: int
    people_emailed: int
    remaining: int
    log_sha256: str
    people_told: int | None
    """Distinct people of the incident told by then: a postal (or PDF) letter, or an
    e-mail sent and not bounced."""
    people_affected: int | None


@dataclass(frozen=True, slots=True)
class ControllerListRow:
    """A controllers file read at ``at``: the controllers (as documents) it named."""

    TABLE: ClassVar[str] = "controller_lists"
    KEY: ClassVar[str] = "entry_seq"
    entry_seq: int
    at: str
    actor: str
    file: str
    sha256: str
    controllers: tuple[dict[str, Any], ...]
    bad_rows: int


@dataclass(frozen=True, slots=True)
class ControllerEventRow:
    """A controller told (``notified``) or acknowledging (``acknowledged``) at ``at``."""

    TABLE: ClassVar[str] = "controller_events"
    KEY: ClassVar[str] = "entry_seq"
    entry_seq: int
    controller: str
    event: str
    at: str
    reference: str
    complementary: bool
    actor: str
