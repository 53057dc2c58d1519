"""The façade, part 1: one incident's record — facts, timeline, clocks, risk, playbooks,
verification, bundles — and the organisation profile."""

from __future__ import annotations

from typing import TYPE_CHECKING

from breachkit.core.clocks.ids import RULE_STRICT
from breachkit.core.enums import EntryKind, Role
from breachkit.services.parts import Parts

if TYPE_CHECKING:
    import contextlib
    from collections.abc import Iterable, Mapping
    from datetime import datetime
    from pathlib import Path
    from typing import Any
    from zoneinfo import ZoneInfo

    from breachkit.core.clocks.engine import ClockInputs, ClockReading, Filing, RuleSet
    from breachkit.core.errors import Problem
    from breachkit.core.incident.parse import LoadedIncident
    from breachkit.core.organisation.profile import Organisation
    from breachkit.core.playbooks import Playbook, PlaybookView, StepStatus
    from breachkit.core.risk.engine import RiskAssessment
    from breachkit.core.timeline.chain import TimelineEntry
    from breachkit.core.timeline.projection import EvidenceRow, FactChange
    from breachkit.core.times import ParsedTime
    from breachkit.services.clocks import Deadlines
    from breachkit.services.organisation import AuthorityCheck
    from breachkit.services.profile_texts import TextLanguage
    from breachkit.services.record import RebuildReport, Seal
    from breachkit.services.results import VerifyReport
    from breachkit.services.risk import Decision
    from breachkit.services.timeline_io import ImportResult, TimelineRows
    from breachkit.services.views import IncidentSummary, IncidentView


class CaseUseCases(Parts):
    """The use-cases on one incident and the organisation, each handed to its part."""

    # -- incidents (incidents.py) ---------------------------------------------------------------

    def load_incident_file(self, path: Path) -> LoadedIncident:
        return self.incident_part.load_incident_file(path)

    def create_from_file(self, path: Path) -> tuple[str, tuple[str, ...]]:
        return self.incident_part.create_from_file(path)

    def create_incident(
        self,
        loaded: LoadedIncident,
        *,
        source: str = "",
        organisation: Organisation | None = None,
        actor: str | None = None,
    ) -> str:
        return self.incident_part.create_incident(
            loaded, source=source, organisation=organisation, actor=actor
        )

    def incident(self, incident_id: str) -> IncidentView:
        return self.incident_part.incident(incident_id)

    def views_read_once(self) -> contextlib.AbstractContextManager[None]:
        return self.incident_part.views_read_once()

    def incidents(self) -> list[IncidentSummary]:
        return self.incident_part.incidents()

    def timeline(
        self,
        incident_id: str,
        *,
        after: int = 0,
        limit: int = -1,
        kinds: tuple[str, ...] = (),
        before: int | None = None,
        newest_first: bool = False,
    ) -> list[TimelineEntry]:
        return self.incident_part.timeline(
            incident_id,
            after=after,
            limit=limit,
            kinds=kinds,
            before=before,
            newest_first=newest_first,
        )

    def fact_history(self, incident_id: str) -> list[FactChange]:
        return self.incident_part.fact_history(incident_id)

    def log(
        self,
        incident_id: str,
        text: str,
        *,
        kind: str = EntryKind.NOTE,
        at: str | datetime | None = None,
        actor: str | None = None,
        corrects: int | None = None,
        links: Mapping[str, Any] | None = None,
    ) -> TimelineEntry:
        return self.incident_change_part.log(
            incident_id, text, kind=kind, at=at, actor=actor, corrects=corrects, links=links
        )

    def read_time(self, text: str, zone: ZoneInfo | str) -> ParsedTime:
        return self.incident_change_part.read_time(text, zone)

    def set_fact(
        self,
        incident_id: str,
        key: str,
        value: Any,
        *,
        actor: str | None = None,
        as_text: bool = False,
    ) -> TimelineEntry | None:
        return self.incident_change_part.set_fact(
            incident_id, key, value, actor=actor, as_text=as_text
        )

    def set_status(self, incident_id: str, status: str, *, reason: str = "") -> TimelineEntry:
        return self.incident_change_part.set_status(incident_id, status, reason=reason)

    def attach(
        self, incident_id: str, path: Path, *, note: str = "", actor: str | None = None
    ) -> TimelineEntry:
        return self.incident_change_part.attach(incident_id, path, note=note, actor=actor)

    def evidence_list(self, incident_id: str) -> list[EvidenceRow]:
        return self.incident_change_part.evidence_list(incident_id)

    def verify(self, incident_id: str | None = None) -> list[VerifyReport]:
        return self.incident_part.verify(incident_id)

    # -- clocks and filings (clocks.py) ---------------------------------------------------------

    @property
    def clock_rules(self) -> RuleSet:
        return self.clock_part.clock_rules

    def clock_inputs(
        self, incident_id: str, *, rule: str = RULE_STRICT, regimes: frozenset[str] = frozenset()
    ) -> ClockInputs:
        return self.clock_part.clock_inputs(incident_id, rule=rule, regimes=regimes)

    def clocks(
        self, incident_id: str, *, rule: str = RULE_STRICT, regimes: frozenset[str] = frozenset()
    ) -> list[ClockReading]:
        return self.clock_part.clocks(incident_id, rule=rule, regimes=regimes)

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
        return self.clock_part.deadline(
            aware,
            timezone,
            rule=rule,
            role=role,
            regimes=regimes,
            incident_aware=incident_aware,
            dora_major=dora_major,
        )

    def recipients(self) -> list[str]:
        return self.clock_part.recipients()

    def default_recipient(self, clock_id: str, lead_authority: str) -> str:
        return self.clock_part.default_recipient(clock_id, lead_authority)

    def filings(self, incident_id: str) -> tuple[Filing, ...]:
        return self.clock_part.filings(incident_id)

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
        return self.clock_part.record_filing(
            incident_id,
            authority=authority,
            at=at,
            clock_id=clock_id,
            reference=reference,
            reasons_for_delay=reasons_for_delay,
            actor=actor,
            draft_version=draft_version,
        )

    # -- risk and decisions (risk.py) -----------------------------------------------------------

    def assess_incident(self, incident_id: str) -> RiskAssessment:
        return self.risk_part.assess_incident(incident_id)

    def assess_file(self, path: Path) -> tuple[RiskAssessment, tuple[str, ...]]:
        return self.risk_part.assess_file(path)

    def decide(
        self,
        incident_id: str,
        *,
        risk: str | None = None,
        outcome: str | None = None,
        justification: str = "",
        not_a_breach: bool = False,
        actor: str | None = None,
    ) -> TimelineEntry:
        return self.risk_part.decide(
            incident_id,
            risk=risk,
            outcome=outcome,
            justification=justification,
            not_a_breach=not_a_breach,
            actor=actor,
        )

    def decisions(self, incident_id: str) -> list[Decision]:
        return self.risk_part.decisions(incident_id)

    def latest_decision(self, incident_id: str) -> Decision | None:
        return self.risk_part.latest_decision(incident_id)

    # -- playbooks (playbooks.py) ---------------------------------------------------------------

    @property
    def playbooks(self) -> dict[str, Playbook]:
        return self.playbook_part.playbooks

    def playbook(self, playbook_id: str) -> Playbook:
        return self.playbook_part.playbook(playbook_id)

    def incident_playbook(self, incident_id: str) -> Playbook:
        return self.playbook_part.incident_playbook(incident_id)

    def use_playbook(self, incident_id: str, playbook_id: str) -> TimelineEntry:
        return self.playbook_part.use_playbook(incident_id, playbook_id)

    def playbook_status(self, incident_id: str) -> PlaybookView:
        return self.playbook_part.playbook_status(incident_id)

    def mark_step(
        self,
        incident_id: str,
        step_id: str,
        status: StepStatus | str,
        *,
        note: str = "",
        actor: str | None = None,
    ) -> TimelineEntry:
        return self.playbook_part.mark_step(incident_id, step_id, status, note=note, actor=actor)

    # -- the record: seal, verify, rebuild (record.py) ------------------------------------------

    def seal(self, incident_id: str) -> Seal:
        return self.record_part.seal(incident_id)

    def chain_footer(self, incident_id: str) -> str:
        return self.record_part.chain_footer(incident_id)

    def verify_seal(self, seal_text: str, incident_id: str | None = None) -> VerifyReport:
        return self.record_part.verify_seal(seal_text, incident_id)

    def rebuild(self, incident_id: str) -> RebuildReport:
        return self.record_part.rebuild(incident_id)

    # -- timeline in and out (timeline_io.py) ---------------------------------------------------

    def timeline_rows(
        self,
        incident_id: str,
        *,
        kinds: tuple[str, ...] = (),
        since: str | None = None,
        last: int | None = None,
    ) -> TimelineRows:
        return self.timeline_io_part.timeline_rows(incident_id, kinds=kinds, since=since, last=last)

    def import_timeline(
        self,
        incident_id: str,
        path: Path,
        *,
        fmt: str | None = None,
        kind: str = EntryKind.NOTE,
        actor: str | None = None,
    ) -> ImportResult:
        return self.timeline_io_part.import_timeline(
            incident_id, path, fmt=fmt, kind=kind, actor=actor
        )

    # -- bundles (bundles.py) -------------------------------------------------------------------

    def export_bundle(self, incident_id: str, output: Path | str) -> Path:
        return self.bundle_part.export_bundle(incident_id, output)

    def import_bundle(self, source: Path) -> str:
        return self.bundle_part.import_bundle(source)

    # -- the demo (demo.py) ---------------------------------------------------------------------

    def open_demo(self) -> tuple[str, bool]:
        return self.demo_part.open_demo()

    def create_demo(self) -> str:
        return self.demo_part.create_demo()

    # -- the organisation profile (organisation.py) ---------------------------------------------

    def org_init(self, *, force: bool = False) -> Path:
        return self.organisation_part.org_init(force=force)

    def require_organisation(self) -> Organisation:
        return self.organisation_part.require_organisation()

    def org_check(self, org: Organisation | None = None) -> list[AuthorityCheck]:
        return self.organisation_part.org_check(org)

    def smtp_check(self, org: Organisation | None = None) -> list[str]:
        return self.organisation_part.smtp_check(org)

    def org_form_values(self) -> tuple[dict[str, str], str]:
        return self.organisation_part.org_form_values()

    def org_text_languages(
        self, values: Mapping[str, str], extra: Iterable[str] = ()
    ) -> list[TextLanguage]:
        return self.organisation_part.org_text_languages(values, extra)

    def org_preview(
        self, values: Mapping[str, str]
    ) -> tuple[tuple[Problem, ...], list[AuthorityCheck]]:
        return self.organisation_part.org_preview(values)

    def org_save(self, values: Mapping[str, str]) -> Path:
        return self.organisation_part.org_save(values)
