"""The façade, part 2: telling the authorities and the controllers — drafts, filings,
notices — and the review and its report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from breachkit.services.facade_cases import CaseUseCases
from breachkit.services.views import NOTICE_CHUNK

if TYPE_CHECKING:
    import threading
    from collections.abc import Callable, Iterable
    from datetime import date, datetime
    from pathlib import Path
    from typing import Any

    from breachkit.core.controllers.clocks import ControllerEvent
    from breachkit.core.controllers.model import Controller
    from breachkit.core.drafts.content import CrossBorder, PriorFiling
    from breachkit.core.organisation.authorities import Authority
    from breachkit.core.organisation.profile import Organisation
    from breachkit.core.review.items import ReviewItem
    from breachkit.core.review.model import DraftLine, ReportData
    from breachkit.core.review.register import DecisionRecord, RegisterRow
    from breachkit.core.review.summary import Containment, FilingRecord, LetterBatch
    from breachkit.core.timeline.chain import TimelineEntry
    from breachkit.services.controllers import ControllerBoard, LoadedControllers
    from breachkit.services.drafts import DraftExport, DraftRecord, PreparedDraft
    from breachkit.services.from_notice import FromNotice
    from breachkit.services.notices import NoticeProgress, NoticeRun
    from breachkit.services.results import ExportResult
    from breachkit.services.views import IncidentView


class FilingUseCases(CaseUseCases):
    """The use-cases of notification and review, each handed to its part."""

    # -- drafts (drafts.py) ---------------------------------------------------------------------

    def draft_authority(self, authority: str | None, org: Organisation | None) -> Authority:
        return self.draft_part.draft_authority(authority, org)

    def draft_organisation(self, view: IncidentView) -> tuple[Organisation, str]:
        return self.draft_part.draft_organisation(view)

    def lead_authority(self, incident_id: str) -> CrossBorder:
        return self.draft_part.lead_authority(incident_id)

    def prior_filings(self, incident_id: str) -> tuple[PriorFiling, ...]:
        return self.draft_part.prior_filings(incident_id)

    def prepare_draft(
        self,
        incident_id: str,
        *,
        authority: str | None = None,
        language: str | None = None,
        phase: str | None = None,
        reasons_for_delay: str = "",
        templates_dir: Path | None = None,
    ) -> PreparedDraft:
        return self.draft_part.prepare_draft(
            incident_id,
            authority=authority,
            language=language,
            phase=phase,
            reasons_for_delay=reasons_for_delay,
            templates_dir=templates_dir,
        )

    def preview_draft(self, incident_id: str, **options: Any) -> str:
        return self.draft_part.preview_draft(incident_id, **options)

    def export_draft(
        self,
        incident_id: str,
        output: Path | str,
        *,
        fmt: str | None = None,
        authority: str | None = None,
        language: str | None = None,
        phase: str | None = None,
        reasons_for_delay: str = "",
        allow_incomplete: bool = False,
        templates_dir: Path | None = None,
        actor: str | None = None,
    ) -> DraftExport:
        return self.draft_part.export_draft(
            incident_id,
            output,
            fmt=fmt,
            authority=authority,
            language=language,
            phase=phase,
            reasons_for_delay=reasons_for_delay,
            allow_incomplete=allow_incomplete,
            templates_dir=templates_dir,
            actor=actor,
        )

    def drafts(self, incident_id: str, authority: str | None = None) -> list[DraftRecord]:
        return self.draft_part.drafts(incident_id, authority)

    # -- review and report (review.py) ----------------------------------------------------------

    def mark_contained(
        self,
        incident_id: str,
        *,
        at: str | datetime | None = None,
        note: str = "",
        actor: str | None = None,
    ) -> TimelineEntry:
        return self.review_part.mark_contained(incident_id, at=at, note=note, actor=actor)

    def containment(self, incident_id: str) -> Containment | None:
        return self.review_part.containment(incident_id)

    def review_items(self, incident_id: str) -> list[ReviewItem]:
        return self.review_part.review_items(incident_id)

    def add_review_item(
        self,
        incident_id: str,
        kind: str,
        text: str,
        *,
        owner: str = "",
        due: str | date | None = None,
        actor: str | None = None,
    ) -> ReviewItem:
        return self.review_part.add_review_item(
            incident_id, kind, text, owner=owner, due=due, actor=actor
        )

    def close_review_item(
        self,
        incident_id: str,
        number: int,
        status: str,
        *,
        note: str = "",
        actor: str | None = None,
    ) -> ReviewItem:
        return self.review_part.close_review_item(
            incident_id, number, status, note=note, actor=actor
        )

    def decision_records(self, incident_id: str) -> list[DecisionRecord]:
        return self.report_part.decision_records(incident_id)

    def filing_records(self, incident_id: str) -> list[FilingRecord]:
        return self.report_part.filing_records(incident_id)

    def drafts_generated(self, incident_id: str) -> list[DraftLine]:
        return self.report_part.drafts_generated(incident_id)

    def letters_sent(self, incident_id: str) -> list[LetterBatch]:
        return self.report_part.letters_sent(incident_id)

    def report_data(
        self, incident_id: str, *, redacted: bool = False, extra_names: Iterable[str] = ()
    ) -> ReportData:
        return self.report_part.report_data(incident_id, redacted=redacted, extra_names=extra_names)

    def export_report(
        self,
        incident_id: str,
        output: Path | str,
        *,
        redacted: bool = False,
        extra_names: Iterable[str] = (),
    ) -> ExportResult:
        return self.report_part.export_report(
            incident_id, output, redacted=redacted, extra_names=extra_names
        )

    def register_rows(self) -> list[RegisterRow]:
        return self.register_part.register_rows()

    def export_register(self, output: Path | str, fmt: str | None = None) -> ExportResult:
        return self.register_part.export_register(output, fmt)

    # -- a processor's controllers (controllers.py) ---------------------------------------------

    def load_controllers(self, incident_id: str, path: Path) -> LoadedControllers:
        return self.controller_part.load_controllers(incident_id, path)

    def controllers(self, incident_id: str) -> tuple[Controller, ...]:
        return self.controller_part.controllers(incident_id)

    def controller_events(self, incident_id: str) -> tuple[ControllerEvent, ...]:
        return self.controller_part.controller_events(incident_id)

    def controller_board(self, incident_id: str) -> ControllerBoard:
        return self.controller_part.controller_board(incident_id)

    def has_controllers(self, incident_id: str) -> bool:
        return self.clock_part.has_controllers(incident_id)

    def record_controller_notified(
        self, incident_id: str, controller_id: str, *, at: str | datetime, reference: str = ""
    ) -> TimelineEntry:
        return self.controller_part.record_controller_notified(
            incident_id, controller_id, at=at, reference=reference
        )

    def record_controller_acknowledged(
        self, incident_id: str, controller_id: str, *, at: str | datetime
    ) -> TimelineEntry:
        return self.controller_part.record_controller_acknowledged(
            incident_id, controller_id, at=at
        )

    # -- notices to controllers (notices.py) ----------------------------------------------------

    def write_notices(
        self,
        incident_id: str,
        controllers_file: Path,
        out_dir: Path,
        *,
        fmt: str = "both",
        complementary: bool = False,
        next_update: str | datetime | None = None,
        sender: str = "",
        templates: Path | None = None,
        progress: Callable[[NoticeProgress], None] | None = None,
        cancel: threading.Event | None = None,
        chunk: int = NOTICE_CHUNK,
    ) -> NoticeRun:
        return self.notice_part.write_notices(
            incident_id,
            controllers_file,
            out_dir,
            fmt=fmt,
            complementary=complementary,
            next_update=next_update,
            sender=sender,
            templates=templates,
            progress=progress,
            cancel=cancel,
            chunk=chunk,
        )

    # -- an incident from a processor's notice (from_notice.py) ---------------------------------

    def create_from_notice(self, path: Path, received: str | datetime | None = None) -> FromNotice:
        return self.from_notice_part.create_from_notice(path, received)
