"""After-action review: containment, the response metrics and what the letters told.

Pure: stdlib only, no I/O, the current time is passed in. The services gather the
values (facts, filings, clock readings, decisions, playbook progress) and these
functions turn them into what the after-action report says. Review items are in
:mod:`.items`, the Art. 33(5) register's rows in :mod:`.register`.

**Containment** (:func:`containment`): the time the breach was contained is

1. the milestone recorded with ``breachkit contained ID --at TIME`` (a timeline entry
   of kind ``action`` with links ``{"milestone": "contained"}``); if it was recorded
   more than once, the latest recorded one counts (it restates the earlier ones);
2. otherwise, when every applicable step of the playbook's ``contain`` phase is done or
   skipped (at least one done), the time the last of them was marked;
3. otherwise it is not known, and the metrics that need it say so.

**Metrics** (:func:`compute_metrics`): the intervals between occurrence, detection,
awareness and containment; for each filing, the time from awareness; for each clock,
whether it was met and how early, or how late (see ``docs/review.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from types import MappingProxyType

from breachkit.core.clocks.engine import ClockReading, ClockState
from breachkit.core.clocks.ids import GDPR_ART34
from breachkit.core.incident.model import IncidentFacts
from breachkit.core.text import counted
from breachkit.core.times import show_duration

MILESTONE = "milestone"
"""The links key of a milestone entry."""
CONTAINED = "contained"
"""``{"milestone": "contained"}``: the breach was contained at the entry's time."""
CONTAIN_PHASE = "contain"
ART_34 = GDPR_ART34

# How redaction treats a string field (see review_redact): the default is to scrub it as
# free text; KEEP leaves codes, hashes and labels alone; PERSON replaces a name by a label.
KEEP = MappingProxyType({"redact": "keep"})
PERSON = MappingProxyType({"redact": "person"})


# -- containment ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Containment:
    at: datetime
    source: str = field(metadata=KEEP)
    """How the time was established, said for a reader (which entry, which rule)."""
    seq: int | None = None
    """The milestone entry, when one was recorded."""


def containment(
    milestones: Sequence[tuple[int, datetime]],
    contain_steps: Sequence[tuple[str, datetime | None]],
) -> Containment | None:
    """When the breach was contained (module docstring, rules 1-3).

    ``milestones``: (seq, occurred_at) of the ``contained`` milestone entries;
    ``contain_steps``: (status, marked_at) of the applicable contain-phase steps.
    """
    if milestones:
        seq, at = max(milestones, key=lambda m: m[0])
        return Containment(at, f"recorded as a milestone, timeline entry {seq}", seq)
    counted = [(status, at) for status, at in contain_steps if status != "not_applicable"]
    closed = all(status in ("done", "skipped") for status, _ in counted)
    if counted and closed and any(status == "done" for status, _ in counted):
        times = [at for _, at in counted if at is not None]
        if times:
            return Containment(
                max(times), "the last contain-phase playbook step was marked closed", None
            )
    return None


# -- metrics --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Interval:
    """The time between two events of the response; either end may be unknown."""

    key: str = field(metadata=KEEP)
    label: str = field(metadata=KEEP)
    definition: str = field(metadata=KEEP)
    start: datetime | None
    end: datetime | None
    missing: str = field(default="", metadata=KEEP)
    """Why it cannot be computed (empty when it can)."""

    @property
    def duration(self) -> timedelta | None:
        if self.start is None or self.end is None:
            return None
        return self.end - self.start

    def text(self) -> str:
        """``1 h 09 min``; a negative interval says which came first; unknown says why."""
        value = self.duration
        if value is None:
            return f"not known: {self.missing}"
        if value < timedelta(0):
            first, _, second = self.label.lower().partition(" → ")
            return f"−{show_duration(-value)} ({second} came before {first})"
        return show_duration(value)


@dataclass(frozen=True, slots=True)
class FilingRecord:
    """A notification or report sent (one row of the ``filings`` table)."""

    clock_id: str = field(metadata=KEEP)
    recipient: str = field(metadata=KEEP)
    """An authority id (``cnpd``), ``controller`` or ``csirt``."""
    recipient_name: str = field(metadata=KEEP)
    at: datetime
    reference: str
    reasons_for_delay: str
    actor: str = field(metadata=PERSON)
    seq: int


@dataclass(frozen=True, slots=True)
class FilingTime:
    filing: FilingRecord
    clock_title: str = field(metadata=KEEP)
    since_awareness: timedelta
    due: datetime | None
    late_by: timedelta | None
    """How far after the clock's due time it was sent (None: on time or no due time)."""


@dataclass(frozen=True, slots=True)
class ClockVerdict:
    """One clock at the time of the report: met (how early), late (by how much), or open."""

    clock_id: str = field(metadata=KEEP)
    title: str = field(metadata=KEEP)
    basis: str = field(metadata=KEEP)
    anchor: str = field(metadata=KEEP)
    anchor_at: datetime | None
    due: datetime | None
    filed_at: datetime | None
    state: str = field(metadata=KEEP)
    reference: str
    reasons_for_delay: str
    verdict: str
    late: bool
    """Met late or overdue."""


@dataclass(frozen=True, slots=True)
class Metrics:
    intervals: tuple[Interval, ...]
    filings: tuple[FilingTime, ...]
    clocks: tuple[ClockVerdict, ...]


INTERVALS = (
    (
        "occurrence_to_detection",
        "Occurrence → detection",
        "How long the breach went unnoticed: detected_at − occurred_at (incident facts).",
    ),
    (
        "detection_to_awareness",
        "Detection → awareness",
        "From the first sign to reasonable certainty that personal data were affected: "
        "aware_at − detected_at. Awareness starts the 72-hour clock (Art. 33(1)).",
    ),
    (
        "awareness_to_containment",
        "Awareness → containment",
        "contained_at − aware_at; negative when the breach was contained before awareness.",
    ),
    (
        "detection_to_containment",
        "Detection → containment",
        "How long the breach could still spread once detected: contained_at − detected_at.",
    ),
)


def intervals(
    occurred: datetime | None,
    detected: datetime | None,
    aware: datetime,
    contained: Containment | None,
) -> tuple[Interval, ...]:
    points: dict[str, tuple[datetime | None, str]] = {
        "occurrence": (occurred, "the occurrence time (occurred_at) is not stated"),
        "detection": (detected, "the detection time (detected_at) is not stated"),
        "awareness": (aware, ""),
        "containment": (
            contained.at if contained else None,
            "containment is not recorded (breachkit contained ID --at TIME)",
        ),
    }
    out = []
    for key, label, definition in INTERVALS:
        start_name, _, end_name = key.partition("_to_")
        start, why_start = points[start_name]
        end, why_end = points[end_name]
        missing = why_start if start is None else (why_end if end is None else "")
        out.append(Interval(key, label, definition, start, end, missing))
    return tuple(out)


def clock_verdict(reading: ClockReading, now: datetime) -> ClockVerdict:
    state = reading.state
    late = False
    if state is ClockState.MET:
        early = reading.early_by
        verdict = f"met, {show_duration(early)} before the deadline" if early else "met"
    elif state is ClockState.MET_LATE:
        late = True
        verdict = f"late by {show_duration(reading.lateness or timedelta(0))}"
    elif state is ClockState.OVERDUE:
        late = True
        verdict = f"overdue by {show_duration(now - (reading.due or now))}, not yet filed"
    elif state is ClockState.RECOMMENDED:
        verdict = "open: no legal deadline" + (
            f"; {reading.recommended_by} recommends it within "
            f"{show_duration((reading.recommended_at or now) - reading.anchor_at)} of "
            f"{reading.anchor}"
            if reading.recommended_at and reading.anchor_at
            else ""
        )
    elif state in (ClockState.RUNNING, ClockState.DUE_SOON) and reading.due is None:
        verdict = "open: no fixed due time (without undue delay)"
    elif state in (ClockState.RUNNING, ClockState.DUE_SOON):
        verdict = f"open: {show_duration((reading.due or now) - now)} left"
    else:
        verdict = f"not started: it runs from {reading.anchor}"
    return ClockVerdict(
        reading.id,
        reading.title,
        reading.basis,
        reading.anchor,
        reading.anchor_at,
        reading.due,
        reading.filed_at,
        state.value,
        reading.reference,
        reading.reasons_for_delay,
        verdict,
        late,
    )


def compute_metrics(
    facts: IncidentFacts,
    contained: Containment | None,
    filings: Sequence[FilingRecord],
    readings: Sequence[ClockReading],
    now: datetime,
    letters: Sequence[LetterBatch] = (),
) -> Metrics:
    """Every interval, every filing's time from awareness, every clock's verdict at ``now``.

    Letters sent to the people count for the Art. 34 clock when no filing was recorded
    for it: its verdict then says when they went out.
    """
    by_clock = {r.id: r for r in readings}
    times = []
    for filing in sorted(filings, key=lambda f: (f.at, f.seq)):
        reading = by_clock.get(filing.clock_id)
        due = reading.due if reading else None
        late_by = filing.at - due if due is not None and filing.at > due else None
        times.append(
            FilingTime(
                filing,
                reading.title if reading else filing.clock_id,
                filing.at - facts.aware_at,
                due,
                late_by,
            )
        )
    verdicts = [clock_verdict(r, now) for r in readings]
    told = people_told(facts, letters)
    for index, verdict in enumerate(verdicts):
        # The Art. 34 clock is met when everyone to be told has been (the clock engine is
        # given that time); until then the report says how far the letters got.
        if verdict.clock_id == ART_34 and verdict.filed_at is None and told:
            verdicts[index] = replace(verdict, verdict=f"{verdict.verdict}; letters: {told}")
    return Metrics(
        intervals(facts.occurred_at, facts.detected_at, facts.aware_at, contained),
        tuple(times),
        tuple(verdicts),
    )


# -- what the letters told -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LetterBatch:
    """Letters to the people affected (one row of ``letter_batches``)."""

    started_at: datetime
    finished_at: datetime | None
    letters: int
    bad_rows: int
    format: str = field(metadata=KEEP)
    manifest_sha256: str = field(metadata=KEEP)
    subjects_file: str
    """The file's name only (its folder may name a person)."""
    actor: str = field(metadata=PERSON)
    seq: int | None
    people: int | None = None
    """Distinct people this batch told (None: recorded before breachkit counted people)."""
    people_told: int | None = None
    """Distinct people told by every batch finished so far, when this one finished."""
    channels: str = field(default="", metadata=KEEP)
    """People per channel, e.g. "post 800, e-mail 440"."""


def people_told(facts: IncidentFacts, letters: Sequence[LetterBatch]) -> str:
    """How many of the people affected the letters told (distinct people, not files);
    "" when no batch has finished."""
    sent = [b for b in letters if b.finished_at is not None and b.letters]
    if not sent:
        return ""
    last = max(b.finished_at for b in sent if b.finished_at)
    when = f"{counted(len(sent), 'batch', 'batches')}, the last on {last.date()}"
    with_people = [b for b in sent if b.people_told is not None]
    if not with_people:
        files = sum(b.letters for b in sent)
        return f"{files:,} letter files in {when}; people not counted (batches before 2026-12)"
    latest = max(with_people, key=lambda b: (b.finished_at or last, b.seq or 0))
    told = latest.people_told or 0
    how = "; ".join(b.channels for b in with_people if b.channels)
    how = f" ({how})" if how else ""
    affected = facts.data.data_subjects
    if not affected:
        return f"{told:,} people told{how} in {when}; the number of people affected is not stated"
    if told >= affected:
        return f"yes: {told:,} of {affected:,} people affected told{how} in {when}"
    return (
        f"partly: {told:,} of {affected:,} people affected told{how} in {when}; "
        f"{affected - told:,} not yet"
    )
