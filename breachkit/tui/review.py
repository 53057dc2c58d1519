"""The TUI's one door to the review use-cases: what the Review tab shows at a glance.

``read_review`` gathers the response times, each clock's verdict, the containment and
the lessons and actions from the services (the same pieces ``report_data`` uses, without
verifying the chain or reading the whole timeline, which the report needs and the tab
does not). Called from a worker: the clocks and the playbook are recomputed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from breachkit.core.review.items import ReviewItem
from breachkit.core.review.summary import Containment, Metrics, compute_metrics

if TYPE_CHECKING:
    from breachkit.services import Services


@dataclass(frozen=True, slots=True)
class ReviewState:
    metrics: Metrics
    containment: Containment | None
    items: list[ReviewItem]


def read_review(services: Services, incident_id: str) -> ReviewState:
    """Metrics, containment and review items of the incident, as of the services' clock."""
    view = services.incident(incident_id)
    contained = services.containment(view.id)
    metrics = compute_metrics(
        view.facts,
        contained,
        services.filing_records(view.id),
        services.clocks(view.id),
        services.clock.now(),
        services.letters_sent(view.id),
    )
    return ReviewState(metrics, contained, services.review_items(view.id))
