"""Use-cases on deadlines: the clocks of an incident, a quick deadline, recording a filing."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from breachkit.adapters.human_time import read_human_time
from breachkit.adapters.rules import load_clock_rules
from breachkit.core.clocks.engine import (
    CLOCK_IDS,
    RULE_STRICT,
    ClockInputs,
    ClockReading,
    Filing,
    RuleSet,
    compute_clocks,
    filing_is_late,
)
from breachkit.core.clocks.ids import GDPR_ART33_2 as PROCESSOR_CLOCK
from breachkit.core.clocks.ids import RECIPIENT_NAMES, Recipient
from breachkit.core.enums import EntryKind, Role
from breachkit.core.errors import InputError, Problem
from breachkit.core.incident.model import IctIncidentFacts, IncidentFacts
from breachkit.core.text import require_line
from breachkit.core.times import (
    TimeValueError,
    from_storage,
    load_zone,
    show,
    show_duration,
    utc_iso,
)
from breachkit.services.base import Part, reads_once
from breachkit.services.views import IncidentView


class Deadlines(NamedTuple):
    """What ``deadline`` answers: the clocks, and how a time given was read."""

    readings: list[ClockReading]
    notes: tuple[str, ...]


if TYPE_CHECKING:  # a filing's records: loaded by the command that records one
    from breachkit.core.timeline.chain import EntryContent, TimelineEntry
    from breachkit.core.timeline.projection import DraftRow


class ClockServices(Part):
    @cached_property
    def clock_rules(self) -> RuleSet:
        return load_clock_rules()

    # -- reading -----------------------------------------------------------------------

    @reads_once
    def clock_inputs(
        self, incident_id: str, *, rule: str = RULE_STRICT, regimes: frozenset[str] = frozenset()
    ) -> ClockInputs:
        from breachkit.services.told_record import people_told_at  # an incident's letters

        view = self.services.incident(incident_id)
        return ClockInputs(
            facts=view.facts,
            organisation=view.organisation,
            rule=rule,
            regimes=regimes,
            filings=self.filings(view.id),
            high_risk_at=_instant(self.store.reads.first_decision_at(view.id, risk="high")),
            people_told_at=people_told_at(self.store, view.id, view.facts.data.data_subjects),
        )

    @reads_once
    def clocks(
        self, incident_id: str, *, rule: str = RULE_STRICT, regimes: frozenset[str] = frozenset()
    ) -> list[ClockReading]:
        """Every clock that applies to the incident, as it stands now."""
        inputs = self.clock_inputs(incident_id, rule=rule, regimes=regimes)
        return compute_clocks(inputs, self.clock_rules, self.clock.now())

    def deadline(
        self,
        aware: str,
        timezone: str,
        *,
        rule: str = RULE_STRICT,
        role: str = Role.CONTROLLER,
        regimes: frozenset[str] = frozenset(),
        incident_aware: str | None = None,
        dora_major: str | None = None,
    ) -> Deadlines:
        """The clocks for a breach known at ``aware`` — no incident needed. NIS2 and DORA
        count from ``incident_aware`` when given; DORA needs ``dora_major``. The notes say
        how a time was read where that took a choice ("yesterday 14:00"; a wall time the
        clocks went back over is taken as the earlier instant)."""
        try:
            zone = load_zone(timezone)
        except TimeValueError as err:
            raise InputError(Problem("--tz", "tz", str(err))) from None
        times = {}
        notes = []
        given = (("aware", aware), ("incident-aware", incident_aware), ("dora-major", dora_major))
        for flag, text in given:
            if text is not None:
                try:
                    parsed = read_human_time(text, zone, self.clock.now())
                except TimeValueError as err:
                    raise InputError(Problem(f"--{flag}", flag, str(err))) from None
                times[flag] = parsed.instant
                if parsed.note:
                    notes.append(f"--{flag}: {parsed.note}")
        try:
            role_value = Role(role)
        except ValueError:
            raise InputError(Problem("--role", "role", f"'{role}' is not allowed")) from None
        facts = IncidentFacts(
            title="deadline",
            aware_at=times["aware"],
            timezone=timezone,
            role=role_value,
            ict_incident=IctIncidentFacts(times.get("incident-aware"), times.get("dora-major")),
        )
        inputs = ClockInputs(facts=facts, rule=rule, regimes=regimes)
        return Deadlines(compute_clocks(inputs, self.clock_rules, self.clock.now()), tuple(notes))

    def recipients(self) -> list[str]:
        """Every recipient a filing may name: the directory's authority ids and the
        recipients the rules name (``controller``, ``csirt``, …)."""
        return sorted([*self.authorities, *self._recipient_words()])

    def default_recipient(self, clock_id: str, lead_authority: str) -> str:
        """Whom a filing for ``clock_id`` usually goes to (the rules' ``recipient``); the
        lead supervisory authority for an authority clock."""
        recipient = self.clock_rules.recipient_of(clock_id)
        if recipient is None or recipient is Recipient.AUTHORITY:
            return lead_authority
        return recipient.value

    def _stages_of(self, authority: str) -> tuple[str, ...]:
        """The clocks a filing with ``authority`` may be for; an unknown one is refused."""
        words = self._recipient_words()
        if authority not in self.authorities and authority not in words:
            allowed = " | ".join([*self.authorities, *words])
            raise InputError(
                Problem("notified", "authority", f"'{authority}' is not known (allowed: {allowed})")
            )
        return words.get(authority) or self.clock_rules.by_recipient()[Recipient.AUTHORITY]

    def _recipient_words(self) -> dict[str, tuple[str, ...]]:
        """The recipients other than a directory authority, with the clocks they receive."""
        by = self.clock_rules.by_recipient()
        return {word: clocks for word, clocks in by.items() if word != Recipient.AUTHORITY}

    def has_controllers(self, incident_id: str) -> bool:
        """Whether a controllers file was read for the incident: without one, a processor's
        controller board has no rows (and its profile need not be read to show none)."""
        return self.store.reads.has_controller_lists(incident_id)

    def filings(self, incident_id: str) -> tuple[Filing, ...]:
        found = tuple(
            Filing(clock, from_storage(at), reference, reasons)
            for clock, at, reference, reasons in self.store.reads.filings_by_time(incident_id)
        )
        return found + self._all_controllers_told(incident_id, found)

    def _all_controllers_told(
        self, incident_id: str, filed: tuple[Filing, ...]
    ) -> tuple[Filing, ...]:
        """A processor that told every controller of its controllers files has met its
        Art. 33(2) clock, when the last of them was told (docs/controllers.md)."""
        if any(f.clock_id == PROCESSOR_CLOCK for f in filed):
            return ()
        if not self.has_controllers(incident_id):
            return ()
        from breachkit.services.controllers import board_of  # a processor's incident only

        view = self.services.incident(incident_id)
        board = board_of(self.store, view, None, self.clock.now())
        told = [c.notified_at for c in board.clocks]
        if not told or any(t is None for t in told):
            return ()
        last = max(t for t in told if t is not None)
        return (Filing(PROCESSOR_CLOCK, last, f"all {len(told)} controllers told"),)

    # -- recording a filing ----------------------------------------------------------------

    def record_filing(
        self,
        incident_id: str,
        *,
        authority: str,
        at: str | datetime,
        clock_id: str | None = None,
        reference: str = "",
        reasons_for_delay: str = "",
        actor: str | None = None,
        draft_version: int | None = None,
    ) -> TimelineEntry:
        """Record that a notification or report was sent.

        A late first filing must give the reasons for the delay when its rule asks for
        them (GDPR Art. 33(1); DORA: Del. Reg. (EU) 2025/301 Art. 5(3)); without them it
        is refused and nothing is written. A time that cannot be true (in the future,
        before the awareness its clock counts from, before the draft it sent) is refused
        (:mod:`breachkit.core.incident.chronology`). A filing with a supervisory authority
        is linked to the draft sent: ``draft_version``, else the latest draft exported
        for that authority by the time of the filing (if any).
        """
        with self.store.transaction() as tx:  # the filings and drafts read are those written
            view = self.services.incident_part.view_of(tx.incidents.get(incident_id))
            content = self._filing_entry(
                view,
                authority=authority,
                at=at,
                clock_id=clock_id,
                reference=reference,
                reasons_for_delay=reasons_for_delay,
                actor=actor,
                draft_version=draft_version,
            )
            return tx.record(view.id, content)

    def _filing_entry(
        self,
        view: IncidentView,
        *,
        authority: str,
        at: str | datetime,
        clock_id: str | None,
        reference: str,
        reasons_for_delay: str,
        actor: str | None,
        draft_version: int | None,
    ) -> EntryContent:
        when = self.services.incident_change_part.instant(at, view.zone, "at")
        now = self.clock.now()
        authority = authority.strip().lower()
        stages = self._stages_of(authority)
        inputs = self.clock_inputs(view.id)
        clock_id = clock_id or self._default_clock(stages, inputs.filings)
        _known_clock(clock_id)
        draft = self._filing_draft(view.id, authority, draft_version, when)
        self._check_filing(view, clock_id, draft, when, now)
        late = filing_is_late(inputs, self.clock_rules, clock_id, when)
        reasons = reasons_for_delay.strip()
        reading = next(
            (c for c in compute_clocks(inputs, self.clock_rules, now) if c.id == clock_id), None
        )
        if late and not reasons and reading is not None and reading.late_reasons:
            _refuse_late_without_reasons(view, when, reading)
        reference = require_line(reference, "notified", "reference")
        text = _filing_text(
            f"Filed with {self._recipient_name(authority)} ({clock_id}) at {show(when, view.zone)}",
            reference,
            reasons,
            (when - reading.due) if late and reading and reading.due else None,
            draft,
            latest=draft_version is None,
        )
        links = _filing_links(clock_id, authority, when, reference, reasons, late, draft)
        from breachkit.core.timeline.chain import EntryContent  # recording a filing only

        return EntryContent(
            EntryKind.NOTIFICATION, text, utc_iso(when), utc_iso(now), actor or self.actor, links
        )

    def _recipient_name(self, authority: str) -> str:
        """An authority's short name (a recipient's name for a CSIRT, or the id itself)."""
        if authority in self.authorities:
            return self.authorities[authority].short
        return RECIPIENT_NAMES.get(authority, authority)

    def _check_filing(
        self,
        view: IncidentView,
        clock_id: str,
        draft: DraftRow | None,
        when: datetime,
        now: datetime,
    ) -> None:
        """A time the filing can have happened at: after awareness and the draft it sent,
        not in the future."""
        from breachkit.core.incident.chronology import awareness_for, filing_problems

        regime = next((r.regime for r in self.clock_rules.rules if r.id == clock_id), "gdpr")
        impossible = filing_problems(
            when,
            now,
            view.zone,
            awareness_for(regime, view.facts.aware_at, view.facts.ict_incident.aware_at),
            (draft.version, from_storage(draft.generated_at)) if draft is not None else None,
        )
        if impossible:
            raise InputError([Problem("notified", "at", message) for message in impossible])

    def _filing_draft(
        self, incident_id: str, authority: str, version: int | None, sent: datetime
    ) -> DraftRow | None:
        """The draft a filing sends, if any: the latest export (of ``version``, if given; a
        version is exported again while its content does not change) by the time it was
        ``sent``; a version first exported after that is found, and the filing refused."""
        if authority not in self.authorities:
            if version is not None:
                raise InputError(
                    Problem("notified", "draft", "only a filing with an authority sends a draft")
                )
            return None
        drafts = self.store.drafts
        draft = drafts.latest(incident_id, authority, version, by=utc_iso(sent))
        if draft is None and version is not None:  # only exported after it was sent: refused
            draft = drafts.first_of(incident_id, authority, version)
        if draft is None and version is not None:
            raise InputError(
                Problem(
                    "notified",
                    "draft",
                    f"no draft version {version} for {authority} (see: breachkit drafts ID)",
                )
            )
        return draft

    @staticmethod
    def _default_clock(stages: tuple[str, ...], filings: tuple[Filing, ...]) -> str:
        """The next clock a filing to this recipient stops, in the order of the stages."""
        filed = {f.clock_id for f in filings}
        return next((stage for stage in stages if stage not in filed), stages[-1])


def nearest_due(readings: list[ClockReading], now: datetime) -> ClockReading | None:
    """The open clock that falls due first (overdue ones first of all)."""
    open_ = [
        r for r in readings if r.due is not None and r.state in ("running", "due_soon", "overdue")
    ]
    return min(open_, key=lambda r: r.due or now, default=None)


def _instant(stored: str | None) -> datetime | None:
    return from_storage(stored) if stored else None


def _filing_links(
    clock_id: str,
    authority: str,
    when: datetime,
    reference: str,
    reasons: str,
    late: bool,
    draft: DraftRow | None,
) -> dict[str, Any]:
    """The filing's change record, with the draft it sent (if any)."""
    from breachkit.core.timeline.changes import FilingRecorded  # writing only

    return FilingRecorded(
        clock_id=clock_id,
        authority=authority,
        filed_at=utc_iso(when),
        reference=reference.strip(),
        reasons_for_delay=reasons,
        late=late,
        draft_seq=draft.entry_seq if draft else None,
        draft_version=draft.version if draft else None,
        draft_sha256=draft.content_sha256 if draft else "",
    ).links()


def _filing_text(
    head: str,
    reference: str,
    reasons: str,
    late_by: timedelta | None,
    draft: DraftRow | None,
    *,
    latest: bool,
) -> str:
    """The filing's timeline text: what, its reference, lateness and the draft sent."""
    text = head
    if reference.strip():
        text += f", reference {reference.strip()}"
    if late_by is not None:
        text += f"\nLate by {show_duration(late_by)}."
        text += f" Reasons: {reasons}" if reasons else ""
    elif reasons:
        text += f"\nReasons for delay: {reasons}"
    if draft is not None:
        which = "the latest exported by then, " if latest else ""
        text += (
            f"\nDraft sent: version {draft.version} ({which}content SHA-256 {draft.content_sha256})"
        )
    return text


def _refuse_late_without_reasons(view: IncidentView, when: datetime, reading: ClockReading) -> None:
    due = reading.due or when
    raise InputError(
        Problem(
            "notified",
            "reasons-for-delay",
            f"this filing is {show_duration(when - due)} after the deadline "
            f"({show(due, view.zone)}); {reading.late_reasons}: give them with "
            "--reasons-for-delay",
        )
    )


def _known_clock(clock_id: str) -> None:
    if clock_id not in CLOCK_IDS:
        raise InputError(
            Problem(
                "notified",
                "clock",
                f"'{clock_id}' is not a clock (allowed: {' | '.join(CLOCK_IDS)})",
            )
        )
