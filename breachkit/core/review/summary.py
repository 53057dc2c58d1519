"""After-action review: containment, the response metrics, review items, register rows.

Pure: stdlib only, no I/O, the current time is passed in. The services gather the
values (facts, filings, clock readings, decisions, playbook progress) and these
functions turn them into what the after-action report and the Art. 33(5) register say.

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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from breachkit.core.clocks.engine import ClockReading, ClockState
from breachkit.core.clocks.ids import GDPR_ART34
from breachkit.core.errors import InputError, Problem
from breachkit.core.incident.model import IncidentFacts
from breachkit.core.risk.model import Outcome, RiskLevel
from breachkit.core.times import show_duration

MILESTONE = "milestone"
"""The links key of a milestone entry."""
CONTAINED = "contained"
"""``{"milestone": "contained"}``: the breach was contained at the entry's time."""
CONTAIN_PHASE = "contain"
ART_34 = GDPR_ART34
REGISTER_FORMATS = ("csv", "json", "pdf")

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


# -- review items ---------------------------------------------------------------------


class ItemKind(StrEnum):
    LESSON = "lesson"
    ACTION = "action"


class ItemStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A lesson learned or an action item; ``number`` counts 1, 2, ... within the incident."""

    number: int
    kind: ItemKind
    text: str
    owner: str = field(metadata=PERSON)
    due: date | None
    status: ItemStatus
    created_at: datetime
    actor: str = field(metadata=PERSON)
    entry_seq: int
    closed_at: datetime | None = None
    closed_by: str = field(default="", metadata=PERSON)
    closing_note: str = ""

    def overdue(self, today: date) -> bool:
        return (
            self.kind is ItemKind.ACTION
            and self.status is ItemStatus.OPEN
            and self.due is not None
            and self.due < today
        )


def parse_due(text: str) -> date:
    """A due date written ``YYYY-MM-DD``, in the years breachkit accepts (1970 to 2100)."""
    try:
        due = date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            Problem("review", "due", f"'{text}' is not a date (write YYYY-MM-DD, e.g. 2027-01-31)")
        ) from None
    if not 1970 <= due.year <= 2100:
        raise InputError(Problem("review", "due", f"'{text}' is outside the years 1970 to 2100"))
    return due


def check_new_item(kind: str, text: str, owner: str, due: str | None) -> None:
    if kind not in (ItemKind.LESSON, ItemKind.ACTION):
        raise InputError(Problem("review", "kind", f"'{kind}' is not lesson | action"))
    if not text.strip():
        raise InputError(Problem("review", "text", f"the {kind} has no text"))
    if kind == ItemKind.ACTION:
        if not owner.strip():
            raise InputError(Problem("review", "owner", "an action item needs an owner (--owner)"))
        if not due:
            raise InputError(
                Problem("review", "due", "an action item needs a due date (--due YYYY-MM-DD)")
            )
        parse_due(due)


def check_transition(item: ReviewItem, status: str, note: str) -> ItemStatus:
    """Whether ``item`` may become ``status``: actions are done or dropped, lessons dropped."""
    try:
        target = ItemStatus(status)
    except ValueError:
        raise InputError(Problem("review", "status", f"'{status}' is not done | dropped")) from None
    where = f"item {item.number}"
    if item.status is not ItemStatus.OPEN:
        raise InputError(Problem("review", where, f"is already {item.status.value}"))
    if target is ItemStatus.OPEN:
        raise InputError(Problem("review", "status", "an item can be marked done or dropped"))
    if target is ItemStatus.DONE and item.kind is ItemKind.LESSON:
        raise InputError(
            Problem("review", where, "is a lesson: lessons are kept or dropped, not done")
        )
    if target is ItemStatus.DROPPED and not note.strip():
        raise InputError(Problem("review", "reason", "dropping an item needs a reason (--reason)"))
    return target


# -- decisions and what the people were told -----------------------------------------------


RISK_LABELS: Mapping[str, str] = {
    RiskLevel.UNLIKELY: "unlikely to result in a risk",
    RiskLevel.RISK: "a risk to people's rights and freedoms",
    RiskLevel.HIGH: "a high risk to people's rights and freedoms",
}
OUTCOME_LABELS: Mapping[str, str] = {
    Outcome.RECORD_ONLY: "record only; no notification (Art. 33(5))",
    Outcome.NOTIFY_AUTHORITY: "notify the supervisory authority (Art. 33)",
    Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS: "notify the authority and tell the people (Art. 33, 34)",
    Outcome.NOTIFY_AUTHORITY_AND_PUBLIC: (
        "notify the authority and inform the public (Art. 33, 34(3)(c))"
    ),
}


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """A recorded risk decision with the reasons the engine gave at the time."""

    seq: int
    at: datetime
    actor: str = field(metadata=PERSON)
    personal_data_breach: bool
    risk: str = field(metadata=KEEP)
    outcome: str = field(metadata=KEEP)
    recommended_risk: str = field(metadata=KEEP)
    recommended_outcome: str = field(metadata=KEEP)
    override: bool
    justification: str
    reasons: tuple[str, ...]
    """The engine's reasons as it gave them when the decision was recorded."""
    exemptions: tuple[str, ...] = field(metadata=KEEP)


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


def people_informed(
    facts: IncidentFacts,
    decision: DecisionRecord | None,
    letters: Sequence[LetterBatch],
) -> str:
    """Whether the people were told, or the ground for not telling them (Art. 34(1), 34(3))."""
    told = people_told(facts, letters)
    if told:
        return told
    stated = facts.response.people_informed.value if facts.response.people_informed else ""
    if decision is None:
        if stated == "done":
            return "yes (stated in the facts); no risk decision recorded"
        return "not decided: no risk decision recorded"
    if not decision.personal_data_breach:
        return "not required: decided not to be a personal data breach"
    if decision.outcome == Outcome.NOTIFY_AUTHORITY_AND_PUBLIC:
        return "public communication instead of individual letters (Art. 34(3)(c))"
    if decision.outcome == Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS:
        if stated == "done":
            return "yes (stated in the facts)"
        return f"required (Art. 34(1)); {stated.replace('_', ' ') or 'not yet'} done"
    grounds = ", ".join(f"Art. {g}" for g in decision.exemptions)
    if decision.risk == RiskLevel.HIGH:
        why = decision.justification or "no ground written down"
        return f"not informed although the risk was rated high: {why}"
    text = "not required: the risk is not high (Art. 34(1))"
    if grounds:
        text += f"; {grounds} would also apply"
    return text


def people_told(facts: IncidentFacts, letters: Sequence[LetterBatch]) -> str:
    """How many of the people affected the letters told (distinct people, not files);
    "" when no batch has finished."""
    sent = [b for b in letters if b.finished_at is not None and b.letters]
    if not sent:
        return ""
    last = max(b.finished_at for b in sent if b.finished_at)
    when = f"{len(sent)} batch(es), the last on {last.date()}"
    counted = [b for b in sent if b.people_told is not None]
    if not counted:
        files = sum(b.letters for b in sent)
        return f"{files:,} letter files in {when}; people not counted (batches before 2026-12)"
    latest = max(counted, key=lambda b: (b.finished_at or last, b.seq or 0))
    told = latest.people_told or 0
    how = "; ".join(b.channels for b in counted if b.channels)
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


# -- the register ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RegisterRow:
    """One incident in the breach register (Art. 33(5)): facts, effects, remedy, decision."""

    incident_id: str
    title: str
    status: str
    timezone: str
    occurred_at: datetime | None
    detected_at: datetime | None
    aware_at: datetime
    contained_at: datetime | None
    personal_data_breach: bool | None
    """None: no decision recorded yet."""
    nature: str
    breach_types: tuple[str, ...]
    cause: str
    summary: str
    data_categories: tuple[str, ...]
    subject_groups: tuple[str, ...]
    data_subjects: int | None
    records: int | None
    countries: tuple[str, ...]
    effects: str
    consequences: str
    measures_taken: tuple[str, ...]
    measures_proposed: tuple[str, ...]
    risk: str
    outcome: str
    decided_at: datetime | None
    decided_by: str
    override: bool
    justification: str
    reasons: tuple[str, ...]
    filings: tuple[FilingRecord, ...]
    people_informed: str
    controllers_told: str = ""
    """A processor's incident: how many of its controllers were told (Art. 33(2))."""
    controllers: tuple[str, ...] = ()
    """One line per controller: told when, acknowledged when."""


def _yes_no(value: bool | None) -> str:
    return "not stated" if value is None else ("yes" if value else "no")


def nature(facts: IncidentFacts) -> str:
    b = facts.breach
    parts = []
    if b.types:
        parts.append(" and ".join(t.value for t in b.types) + " breach")
    if b.cause:
        parts.append(f"cause: {b.cause.value.replace('_', ' ')}")
    if b.malicious is not None:
        parts.append("malicious" if b.malicious else "not malicious")
    return "; ".join(parts) or "not stated"


def effects(facts: IncidentFacts) -> str:
    """The effects the facts state, in one line (the free-text consequences come apart)."""
    b = facts.breach
    parts = []
    if b.exfiltration:
        parts.append(f"exfiltration {b.exfiltration.value.replace('_', ' ')}")
    if b.recipients:
        parts.append(f"recipients {b.recipients.value}")
    if b.availability_loss and b.availability_loss.value != "none":
        hours = f" ({b.unavailable_hours:g} h)" if b.unavailable_hours is not None else ""
        parts.append(f"{b.availability_loss.value} loss of availability{hours}")
    if b.service_impact:
        parts.append(f"service impact {b.service_impact.value}")
    if b.misuse_observed is not None:
        parts.append(f"misuse observed: {_yes_no(b.misuse_observed)}")
    return "; ".join(parts) or "not stated"


def register_row(
    *,
    incident_id: str,
    status: str,
    facts: IncidentFacts,
    decision: DecisionRecord | None,
    recommended: tuple[str, str] | None,
    filings: Sequence[FilingRecord],
    letters: Sequence[LetterBatch],
    contained: Containment | None,
) -> RegisterRow:
    """The register row for one incident, notified or not.

    Without a recorded decision the row says so and gives the engine's recommendation
    (``recommended``: risk, outcome) for what it is: a recommendation.
    """
    if decision is not None:
        risk, outcome = decision.risk, decision.outcome
        reasons = decision.reasons
    elif recommended is not None:
        risk = f"not decided (recommended: {recommended[0]})"
        outcome = f"not decided (recommended: {recommended[1]})"
        reasons = ()
    else:
        risk = outcome = "not decided"
        reasons = ()
    d = facts.data
    r = facts.response
    return RegisterRow(
        incident_id=incident_id,
        title=facts.title,
        status=status,
        timezone=facts.timezone,
        occurred_at=facts.occurred_at,
        detected_at=facts.detected_at,
        aware_at=facts.aware_at,
        contained_at=contained.at if contained else None,
        personal_data_breach=decision.personal_data_breach if decision else None,
        nature=nature(facts),
        breach_types=tuple(t.value for t in facts.breach.types),
        cause=facts.breach.cause.value if facts.breach.cause else "",
        summary=facts.summary,
        data_categories=tuple(c.value for c in d.categories),
        subject_groups=tuple(g.value for g in d.subject_groups),
        data_subjects=d.data_subjects,
        records=d.records,
        countries=d.countries,
        effects=effects(facts),
        consequences=r.consequences,
        measures_taken=r.measures_taken,
        measures_proposed=r.measures_proposed,
        risk=risk,
        outcome=outcome,
        decided_at=decision.at if decision else None,
        decided_by=decision.actor if decision else "",
        override=decision.override if decision else False,
        justification=decision.justification if decision else "",
        reasons=reasons,
        filings=tuple(sorted(filings, key=lambda f: (f.at, f.seq))),
        people_informed=people_informed(facts, decision, letters),
    )


def broken_register_row(
    *, incident_id: str, title: str, status: str, recorded_at: datetime, problem: str
) -> RegisterRow:
    """The register row of an incident whose stored record cannot be read.

    The register lists every breach (Art. 33(5)); one that cannot be read is listed as
    broken, with the reason, rather than left out or allowed to stop the register.
    Its "aware" time is when it was recorded in breachkit, and the row says so.
    """
    return RegisterRow(
        incident_id=incident_id,
        title=title,
        status=status,
        timezone="UTC",
        occurred_at=None,
        detected_at=None,
        aware_at=recorded_at,
        contained_at=None,
        personal_data_breach=None,
        nature=f"BROKEN RECORD: {problem}",
        breach_types=(),
        cause="",
        summary=(
            "breachkit cannot read this incident's stored record, so its facts are not shown. "
            "The time given as 'aware' is when the incident was recorded in breachkit. "
            "Correct the record (breachkit show / set) and export the register again."
        ),
        data_categories=(),
        subject_groups=(),
        data_subjects=None,
        records=None,
        countries=(),
        effects="",
        consequences="",
        measures_taken=(),
        measures_proposed=(),
        risk="unknown (broken record)",
        outcome="unknown (broken record)",
        decided_at=None,
        decided_by="",
        override=False,
        justification="",
        reasons=(),
        filings=(),
        people_informed="unknown (broken record)",
    )


def fact_lines(facts: IncidentFacts) -> tuple[tuple[str, str], ...]:
    """The facts as (label, value) lines for a reader; times are left to the caller."""
    d, p, r = facts.data, facts.protection, facts.response

    def words(values: Sequence[object]) -> str:
        return ", ".join(str(v).replace("_", " ") for v in values) or "not stated"

    def one(value: object) -> str:
        if value is None:
            return "not stated"
        if isinstance(value, bool):
            return _yes_no(value)
        return str(value).replace("_", " ")

    def count(value: int | None) -> str:
        return "not stated" if value is None else f"{value:,}"

    return (
        ("Role", one(facts.role.value)),
        ("Nature", nature(facts)),
        ("Effects", effects(facts)),
        ("Data categories", words([c.value for c in d.categories])),
        (
            "People affected",
            f"{count(d.data_subjects)} ({words([g.value for g in d.subject_groups])})",
        ),
        ("Records", count(d.records)),
        ("Countries", words(d.countries)),
        ("Identifiability", one(d.identifiability.value if d.identifiability else None)),
        ("Encryption", one(p.encryption.value if p.encryption else None)),
        ("Backup", one(p.backup.value if p.backup else None)),
        ("Restored", one(p.restored)),
        ("Consequences", r.consequences or "not stated"),
        ("Measures taken", "\n".join(f"• {m}" for m in r.measures_taken) or "none stated"),
        ("Measures proposed", "\n".join(f"• {m}" for m in r.measures_proposed) or "none stated"),
        ("People informed (facts)", one(r.people_informed.value if r.people_informed else None)),
        ("Other parties told", words([o.value for o in r.other_parties])),
    )


def label(mapping: Mapping[str, str], value: str) -> str:
    return mapping.get(value, value.replace("_", " "))
