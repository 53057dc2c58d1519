"""What the after-action report shows, as plain values, and the hash of that content.

The services fill a :class:`ReportData` from the store; :mod:`review_redact` may scrub
it; :mod:`breachkit.render.review.report` lays it out. Every string field is free text that
redaction scrubs unless its metadata says ``KEEP`` (codes, hashes, labels) or
``PERSON`` (a name, replaced by a label such as "Person 2").
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any

from breachkit.core.review.items import ReviewItem
from breachkit.core.review.register import DecisionRecord
from breachkit.core.review.summary import KEEP, PERSON, Containment, LetterBatch, Metrics
from breachkit.core.times import utc_iso


@dataclass(frozen=True, slots=True)
class Line:
    label: str = field(metadata=KEEP)
    value: str


@dataclass(frozen=True, slots=True)
class FactChangeLine:
    seq: int
    at: datetime
    actor: str = field(metadata=PERSON)
    key: str = field(metadata=KEEP)
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class TimelineLine:
    seq: int
    kind: str = field(metadata=KEEP)
    occurred_at: datetime
    recorded_at: datetime
    actor: str = field(metadata=PERSON)
    text: str
    corrects: int | None = None


@dataclass(frozen=True, slots=True)
class StepLine:
    phase: str = field(metadata=KEEP)
    step_id: str = field(metadata=KEEP)
    title: str = field(metadata=KEEP)
    status: str = field(metadata=KEEP)
    """``done`` | ``skipped`` | ``open`` | ``not_applicable``."""
    note: str
    actor: str = field(metadata=PERSON)
    at: datetime | None


@dataclass(frozen=True, slots=True)
class DraftLine:
    authority: str = field(metadata=KEEP)
    language: str = field(metadata=KEEP)
    phase: str = field(metadata=KEEP)
    version: int
    format: str = field(metadata=KEEP)
    sha256: str = field(metadata=KEEP)
    filename: str
    complete: bool
    generated_at: datetime
    actor: str = field(metadata=PERSON)
    seq: int
    unchanged_since: int | None = None
    """The version whose content this export repeats (nothing changed), else None."""


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    seq: int
    filename: str
    sha256: str = field(metadata=KEEP)
    size: int
    added_at: datetime
    added_by: str = field(metadata=PERSON)


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything the after-action report shows, as of ``generated_at``."""

    incident_id: str = field(metadata=KEEP)
    title: str
    status: str = field(metadata=KEEP)
    organisation: str
    lead_authority: str = field(metadata=KEEP)
    timezone: str = field(metadata=KEEP)
    generated_at: datetime
    generated_by: str = field(metadata=PERSON)
    redacted: bool
    summary: str
    occurred_at: datetime | None
    detected_at: datetime | None
    aware_at: datetime
    contained: Containment | None
    facts: tuple[Line, ...]
    fact_changes: tuple[FactChangeLine, ...]
    decisions: tuple[DecisionRecord, ...]
    """Oldest first; the last one stands."""
    recommendation: tuple[str, str] = field(metadata=KEEP)
    """The engine's (risk, outcome) for the facts as they stand now."""
    metrics: Metrics
    people_informed: str
    """Whether the people were told, or the ground for not telling them."""
    playbook: str = field(metadata=KEEP)
    steps: tuple[StepLine, ...]
    drafts: tuple[DraftLine, ...]
    letters: tuple[LetterBatch, ...]
    review_items: tuple[ReviewItem, ...]
    evidence: tuple[EvidenceLine, ...]
    timeline: tuple[TimelineLine, ...]
    chain_ok: bool
    chain_problem: str = field(metadata=KEEP)
    head_hash: str = field(metadata=KEEP)
    controllers_told: str = field(default="", metadata=KEEP)
    """A processor's incident: how many of its controllers were told (Art. 33(2))."""
    controllers: tuple[str, ...] = ()
    """One line per controller: told when, acknowledged when."""

    @property
    def decision(self) -> DecisionRecord | None:
        return self.decisions[-1] if self.decisions else None


def jsonable(value: Any) -> Any:
    """Plain JSON data for any report value (dataclasses by field, instants in UTC)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return utc_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, tuple | list):
        return [jsonable(v) for v in value]
    return value


def content_hash(data: ReportData) -> str:
    """SHA-256 of the canonical JSON of everything the report shows (generation time too).

    The canonical JSON is ``json.dumps(jsonable(data), sort_keys=True, ensure_ascii=False,
    separators=(",", ":"))``; it is hashed as it is written, the timeline in chunks, so a
    100,000-entry timeline is never one string in memory.
    """
    digest = hashlib.sha256()
    rest = _canonical(jsonable(replace(data, timeline=())))
    head, found, tail = rest.partition(_TIMELINE_KEY)
    if not found or _TIMELINE_KEY in tail:  # pragma: no cover - the key is unique
        raise ValueError("the report's timeline key is not where it should be")
    digest.update((head + '"timeline":[').encode())
    chunk: list[dict[str, Any]] = []
    first = True
    for line in data.timeline:
        chunk.append(_line_json(line))
        if len(chunk) == 2048:
            digest.update(("" if first else ",").encode() + _canonical(chunk)[1:-1].encode())
            chunk, first = [], False
    if chunk:
        digest.update(("" if first else ",").encode() + _canonical(chunk)[1:-1].encode())
    digest.update(("]" + tail).encode())
    return digest.hexdigest()


_TIMELINE_KEY = '"timeline":[]'


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _line_json(line: TimelineLine) -> dict[str, Any]:
    """``jsonable(line)``, written out: the timeline is most of a big report."""
    return {
        "seq": line.seq,
        "kind": line.kind,
        "occurred_at": utc_iso(line.occurred_at),
        "recorded_at": utc_iso(line.recorded_at),
        "actor": line.actor,
        "text": line.text,
        "corrects": line.corrects,
    }
