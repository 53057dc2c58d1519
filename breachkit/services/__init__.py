"""The use-cases: the one layer the command line and the TUI call.

Neither front end talks to the store or the renderers directly, and neither grows
its own copy of a use-case. Each thread gets its own database connection.
"""

from __future__ import annotations

from breachkit.core.timeline.projection import FactChange
from breachkit.services.base import ServiceBase
from breachkit.services.bounces import BounceServices
from breachkit.services.bundles import BundleServices
from breachkit.services.clocks import ClockServices
from breachkit.services.demo import DemoServices
from breachkit.services.drafts import DraftServices
from breachkit.services.from_notice import FromNoticeServices
from breachkit.services.incidents import IncidentServices
from breachkit.services.letters import LetterServices
from breachkit.services.notices import NoticeServices
from breachkit.services.organisation import OrganisationServices
from breachkit.services.playbooks import PlaybookServices
from breachkit.services.record import RecordServices
from breachkit.services.review import ReviewServices
from breachkit.services.risk import RiskServices
from breachkit.services.send import SendServices
from breachkit.services.views import IncidentSummary, IncidentView, VerifyReport


class Services(
    NoticeServices,
    FromNoticeServices,
    SendServices,
    BounceServices,
    LetterServices,
    DraftServices,
    ReviewServices,
    DemoServices,
    PlaybookServices,
    RiskServices,
    RecordServices,
    ClockServices,
    IncidentServices,
    BundleServices,
    OrganisationServices,
    ServiceBase,
):
    """Everything a front end can ask breachkit to do."""


__all__ = ["FactChange", "IncidentSummary", "IncidentView", "Services", "VerifyReport"]
