"""The parts of the services, each made (and its module imported) when first used.

:class:`Parts` holds the shared :class:`~breachkit.services.context.Context` and one
cached property per part; :class:`~breachkit.services.facade.Services` adds the typed
use-cases on top. ``breachkit list`` therefore loads the incidents part and nothing of
letters, drafts, sending or the review.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, cast

from breachkit.core.timesource import Clock
from breachkit.services.base import OnContext
from breachkit.services.context import Context

if TYPE_CHECKING:
    import ssl

    from breachkit.adapters.smtp import Retry
    from breachkit.services.bounces import BounceServices
    from breachkit.services.bundles import BundleServices
    from breachkit.services.clocks import ClockServices
    from breachkit.services.controllers import ControllerServices
    from breachkit.services.demo import DemoServices
    from breachkit.services.drafts import DraftServices
    from breachkit.services.facade import Services
    from breachkit.services.from_notice import FromNoticeServices
    from breachkit.services.incident_changes import IncidentChangeServices
    from breachkit.services.incidents import IncidentServices
    from breachkit.services.letters import LetterServices
    from breachkit.services.letters_run import LetterRunServices
    from breachkit.services.letters_setup import LetterSetupServices
    from breachkit.services.letters_told import PeopleToldServices
    from breachkit.services.notices import NoticeServices
    from breachkit.services.organisation import OrganisationServices
    from breachkit.services.playbooks import PlaybookServices
    from breachkit.services.record import RecordServices
    from breachkit.services.review import ReviewServices
    from breachkit.services.review_register import RegisterServices
    from breachkit.services.review_report import ReportServices
    from breachkit.services.risk import RiskServices
    from breachkit.services.send import SendServices
    from breachkit.services.send_record import SendRecordServices
    from breachkit.services.timeline_io import TimelineIOServices


class Parts(OnContext):
    """The shared context and the parts; the session's settings read and set through it."""

    def __init__(
        self,
        db_path: Path,
        *,
        org_path: Path | None = None,
        clock: Clock | None = None,
        actor: str | None = None,
    ) -> None:
        self.context = Context(db_path, org_path=org_path, clock=clock, actor=actor)

    # -- the session ------------------------------------------------------------------

    @property
    def clock(self) -> Clock:
        return self.context.clock

    @clock.setter
    def clock(self, value: Clock) -> None:
        self.context.clock = value

    @property
    def create_db(self) -> bool:
        return self.context.create_db

    @create_db.setter
    def create_db(self, value: bool) -> None:
        self.context.create_db = value

    @property
    def make_db_folder(self) -> bool:
        return self.context.make_db_folder

    @make_db_folder.setter
    def make_db_folder(self, value: bool) -> None:
        self.context.make_db_folder = value

    @property
    def playbooks_dir(self) -> Path | None:
        return self.context.playbooks_dir

    @playbooks_dir.setter
    def playbooks_dir(self, value: Path | None) -> None:
        self.context.playbooks_dir = value

    @property
    def send_retry(self) -> Retry | None:
        return self.context.send_retry

    @send_retry.setter
    def send_retry(self, value: Retry | None) -> None:
        self.context.send_retry = value

    @property
    def smtp_ssl_context(self) -> ssl.SSLContext | None:
        return self.context.smtp_ssl_context

    @smtp_ssl_context.setter
    def smtp_ssl_context(self, value: ssl.SSLContext | None) -> None:
        self.context.smtp_ssl_context = value

    def close(self) -> None:
        """Close this thread's database connection (the next use opens it again)."""
        self.context.close()

    @property
    def _facade(self) -> Services:
        """This object as the façade the parts call each other through."""
        return cast("Services", self)

    # -- the parts -----------------------------------------------------------------------

    @cached_property
    def incident_part(self) -> IncidentServices:
        from breachkit.services.incidents import IncidentServices

        return IncidentServices(self.context, self._facade)

    @cached_property
    def incident_change_part(self) -> IncidentChangeServices:
        from breachkit.services.incident_changes import IncidentChangeServices

        return IncidentChangeServices(self.context, self._facade)

    @cached_property
    def clock_part(self) -> ClockServices:
        from breachkit.services.clocks import ClockServices

        return ClockServices(self.context, self._facade)

    @cached_property
    def risk_part(self) -> RiskServices:
        from breachkit.services.risk import RiskServices

        return RiskServices(self.context, self._facade)

    @cached_property
    def draft_part(self) -> DraftServices:
        from breachkit.services.drafts import DraftServices

        return DraftServices(self.context, self._facade)

    @cached_property
    def playbook_part(self) -> PlaybookServices:
        from breachkit.services.playbooks import PlaybookServices

        return PlaybookServices(self.context, self._facade)

    @cached_property
    def review_part(self) -> ReviewServices:
        from breachkit.services.review import ReviewServices

        return ReviewServices(self.context, self._facade)

    @cached_property
    def report_part(self) -> ReportServices:
        from breachkit.services.review_report import ReportServices

        return ReportServices(self.context, self._facade)

    @cached_property
    def register_part(self) -> RegisterServices:
        from breachkit.services.review_register import RegisterServices

        return RegisterServices(self.context, self._facade)

    @cached_property
    def record_part(self) -> RecordServices:
        from breachkit.services.record import RecordServices

        return RecordServices(self.context, self._facade)

    @cached_property
    def timeline_io_part(self) -> TimelineIOServices:
        from breachkit.services.timeline_io import TimelineIOServices

        return TimelineIOServices(self.context, self._facade)

    @cached_property
    def bundle_part(self) -> BundleServices:
        from breachkit.services.bundles import BundleServices

        return BundleServices(self.context, self._facade)

    @cached_property
    def controller_part(self) -> ControllerServices:
        from breachkit.services.controllers import ControllerServices

        return ControllerServices(self.context, self._facade)

    @cached_property
    def notice_part(self) -> NoticeServices:
        from breachkit.services.notices import NoticeServices

        return NoticeServices(self.context, self._facade)

    @cached_property
    def from_notice_part(self) -> FromNoticeServices:
        from breachkit.services.from_notice import FromNoticeServices

        return FromNoticeServices(self.context, self._facade)

    @cached_property
    def letter_setup_part(self) -> LetterSetupServices:
        from breachkit.services.letters_setup import LetterSetupServices

        return LetterSetupServices(self.context, self._facade)

    @cached_property
    def people_told_part(self) -> PeopleToldServices:
        from breachkit.services.letters_told import PeopleToldServices

        return PeopleToldServices(self.context, self._facade)

    @cached_property
    def letter_part(self) -> LetterServices:
        from breachkit.services.letters import LetterServices

        return LetterServices(self.context, self._facade)

    @cached_property
    def letter_run_part(self) -> LetterRunServices:
        from breachkit.services.letters_run import LetterRunServices

        return LetterRunServices(self.context, self._facade)

    @cached_property
    def send_record_part(self) -> SendRecordServices:
        from breachkit.services.send_record import SendRecordServices

        return SendRecordServices(self.context, self._facade)

    @cached_property
    def send_part(self) -> SendServices:
        from breachkit.services.send import SendServices

        return SendServices(self.context, self._facade)

    @cached_property
    def bounce_part(self) -> BounceServices:
        from breachkit.services.bounces import BounceServices

        return BounceServices(self.context, self._facade)

    @cached_property
    def demo_part(self) -> DemoServices:
        from breachkit.services.demo import DemoServices

        return DemoServices(self.context, self._facade)

    @cached_property
    def organisation_part(self) -> OrganisationServices:
        from breachkit.services.organisation import OrganisationServices

        return OrganisationServices(self.context, self._facade)
