"""Use-cases on deadlines: the clocks of an incident, a quick deadline, recording a filing."""

from __future__ import annotations

import json
from datetime import datetime
from functools import cached_property

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
from breachkit.core.enums import EntryKind, Role
from breachkit.core.errors import InputError, Problem
from breachkit.core.incident.model import IncidentFacts
from breachkit.core.timeline.chain import EntryContent, TimelineEntry
from breachkit.core.times import (
    TimeValueError,
    from_storage,
    load_zone,
    parse_instant,
    show,
    show_duration,
    utc_iso,
)
from breachkit.services.incidents import FUTURE_SLACK, IncidentServices
from breachkit.store import timeline as tl
from breachkit.store.db import write

# Who a filing goes to, when it is not a supervisory authority from the directory.
RECIPIENTS = {
    "controller": ("gdpr-art33-2",),
    "csirt": ("nis2-early-warning", "nis2-notification", "nis2-final-report"),
}


RECIPIENT_NAMES = {"controller": "the controller", "csirt": "the CSIRT"}


class ClockServices(IncidentServices):
    @cached_property
    def clock_rules(self) -> RuleSet:
        return load_clock_rules()

    # -- reading -----------------------------------------------------------------------

    def clock_inputs(
        self, incident_id: str, *, rule: str = RULE_STRICT, regimes: frozenset[str] = frozenset()
    ) -> ClockInputs:
        view = self.incident(incident_id)
        return ClockInputs(
            facts=view.facts,
            organisation=view.organisation,
            rule=rule,
            regimes=regimes,
            filings=self.filings(view.id),
            high_risk_at=self._decided_at(view.id, '"risk":"high"'),
            dora_major_at=self._decided_at(view.id, '"dora_major":true'),
        )

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
    ) -> list[ClockReading]:
        """The clocks for a breach known at ``aware`` — no incident needed."""
        try:
            zone = load_zone(timezone)
        except TimeValueError as err:
            raise InputError(Problem("--tz", "tz", str(err))) from None
        try:
            parsed = parse_instant(aware, zone)
        except TimeValueError as err:
            raise InputError(Problem("--aware", "aware", str(err))) from None
        try:
            role_value = Role(role)
        except ValueError:
            raise InputError(Problem("--role", "role", f"'{role}' is not allowed")) from None
        facts = IncidentFacts(
            title="deadline", aware_at=parsed.instant, timezone=timezone, role=role_value
        )
        inputs = ClockInputs(facts=facts, rule=rule, regimes=regimes)
        return compute_clocks(inputs, self.clock_rules, self.clock.now())

    def filings(self, incident_id: str) -> tuple[Filing, ...]:
        return tuple(
            Filing(
                r["clock_id"], from_storage(r["filed_at"]), r["reference"], r["reasons_for_delay"]
            )
            for r in self.db.query(
                "SELECT clock_id, filed_at, reference, reasons_for_delay FROM filings"
                " WHERE incident_id = ? ORDER BY filed_at, id",
                [incident_id],
            )
        )

    def _decided_at(self, incident_id: str, marker: str) -> datetime | None:
        """When a decision entry first carried ``marker`` in its links (e.g. high risk)."""
        rows_ = list(
            self.db.query(
                "SELECT occurred_at FROM timeline WHERE incident_id = ? AND kind IN (?, ?)"
                " AND instr(links, ?) > 0 ORDER BY seq LIMIT 1",
                [incident_id, EntryKind.DECISION.value, EntryKind.ASSESSMENT.value, marker],
            )
        )
        return from_storage(rows_[0]["occurred_at"]) if rows_ else None

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

        A filing after its due time must give the reasons for the delay (GDPR Art. 33(1));
        without them it is refused and nothing is written. A filing with a supervisory
        authority is linked to the draft sent: ``draft_version``, else the latest draft
        exported for that authority (if any).
        """
        view = self.incident(incident_id)
        when = self._instant(at, view.zone, "at")
        now = self.clock.now()
        if when > now + FUTURE_SLACK:
            raise InputError(Problem("notified", "at", f"{when.isoformat()} is in the future"))
        if when < view.facts.aware_at:
            raise InputError(Problem("notified", "at", "is before the incident's aware_at"))
        authority = authority.strip().lower()
        if authority not in self.authorities and authority not in RECIPIENTS:
            allowed = " | ".join([*self.authorities, *RECIPIENTS])
            raise InputError(
                Problem("notified", "authority", f"'{authority}' is not known (allowed: {allowed})")
            )
        inputs = self.clock_inputs(view.id)
        clock_id = clock_id or self._default_clock(authority, inputs.filings)
        if clock_id not in CLOCK_IDS:
            raise InputError(
                Problem(
                    "notified",
                    "clock",
                    f"'{clock_id}' is not a clock (allowed: {' | '.join(CLOCK_IDS)})",
                )
            )
        late = filing_is_late(inputs, self.clock_rules, clock_id, when)
        reasons = reasons_for_delay.strip()
        reading = next(
            (c for c in compute_clocks(inputs, self.clock_rules, now) if c.id == clock_id), None
        )
        if late and not reasons:
            due = reading.due if reading and reading.due else when
            raise InputError(
                Problem(
                    "notified",
                    "reasons-for-delay",
                    f"this filing is {show_duration(when - due)} after the deadline "
                    f"({show(due, view.zone)}); GDPR Art. 33(1) requires the reasons for the "
                    "delay: give them with --reasons-for-delay",
                )
            )
        draft = self._filing_draft(view.id, authority, draft_version)
        actor = actor or self.actor
        name = (
            self.authorities[authority].short
            if authority in self.authorities
            else RECIPIENT_NAMES[authority]
        )
        text = f"Filed with {name} ({clock_id}) at {show(when, view.zone)}"
        if reference.strip():
            text += f", reference {reference.strip()}"
        if late and reading and reading.due:
            text += f"\nLate by {show_duration(when - reading.due)}. Reasons: {reasons}"
        elif reasons:
            text += f"\nReasons for delay: {reasons}"
        if draft is not None:
            which = "" if draft_version is not None else "the latest exported, "
            text += f"\nDraft sent: version {draft[1]} ({which}content SHA-256 {draft[2]})"
        links = {
            "clock_id": clock_id,
            "authority": authority,
            "reference": reference.strip(),
            "late": late,
            "reasons_for_delay": reasons,
        }
        if draft is not None:
            links.update(draft_version=draft[1], draft_sha256=draft[2])
        with write(self.db) as db:
            entry = tl.append(
                db,
                view.id,
                EntryContent(
                    EntryKind.NOTIFICATION, text, utc_iso(when), utc_iso(now), actor, links
                ),
            )
            db.execute(
                "INSERT INTO filings (incident_id, clock_id, authority, filed_at, reference,"
                " reasons_for_delay, recorded_at, actor, entry_seq, draft_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    view.id,
                    clock_id,
                    authority,
                    utc_iso(when),
                    reference.strip(),
                    reasons,
                    utc_iso(now),
                    actor,
                    entry.seq,
                    draft[0] if draft is not None else None,
                ],
            )
        return entry

    def _filing_draft(
        self, incident_id: str, authority: str, version: int | None
    ) -> tuple[int, int, str] | None:
        """(drafts.id, version, content SHA-256) of the draft a filing sends, if any."""
        if authority not in self.authorities:
            if version is not None:
                raise InputError(
                    Problem("notified", "draft", "only a filing with an authority sends a draft")
                )
            return None
        sql = (
            "SELECT d.id, d.version, t.links FROM drafts d LEFT JOIN timeline t"
            " ON t.incident_id = d.incident_id AND t.seq = d.entry_seq"
            " WHERE d.incident_id = ? AND d.authority = ?"
        )
        params: list[object] = [incident_id, authority]
        if version is not None:
            sql += " AND d.version = ?"
            params.append(version)
        row = self.db.execute(sql + " ORDER BY d.version DESC LIMIT 1", params).fetchone()
        if row is None:
            if version is None:
                return None
            raise InputError(
                Problem(
                    "notified",
                    "draft",
                    f"no draft version {version} for {authority} (see: breachkit drafts ID)",
                )
            )
        sha = str(json.loads(row[2] or "{}").get("content_sha256", ""))
        return int(row[0]), int(row[1]), sha

    @staticmethod
    def _default_clock(authority: str, filings: tuple[Filing, ...]) -> str:
        """The next clock a filing to this recipient stops, in the order of the stages."""
        stages = RECIPIENTS.get(authority, ("gdpr-art33", "gdpr-art33-4-complement"))
        filed = {f.clock_id for f in filings}
        return next((stage for stage in stages if stage not in filed), stages[-1])


def nearest_due(readings: list[ClockReading], now: datetime) -> ClockReading | None:
    """The open clock that falls due first (overdue ones first of all)."""
    open_ = [
        r for r in readings if r.due is not None and r.state in ("running", "due_soon", "overdue")
    ]
    return min(open_, key=lambda r: r.due or now, default=None)
