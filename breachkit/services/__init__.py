"""The use-cases: the one layer the command line and the TUI call.

Neither front end talks to the store or the renderers directly, and neither grows
its own copy of a use-case. :class:`Services` is a thin façade over small parts that
share one :class:`~breachkit.services.context.Context`; each part is imported and made
when first used. Each thread gets its own database connection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from breachkit.services.facade import Services
from breachkit.services.views import IncidentSummary, IncidentView

if TYPE_CHECKING:
    from breachkit.core.timeline.rows_facts import FactChange
    from breachkit.services.results import VerifyReport


def __getattr__(name: str) -> object:
    """``FactChange`` and ``VerifyReport`` are imported when asked for: only ``show``
    reads a fact's history, and only ``verify`` reports (issue 19: start-up)."""
    if name == "FactChange":
        from breachkit.core.timeline.rows_facts import FactChange

        return FactChange
    if name == "VerifyReport":
        from breachkit.services.results import VerifyReport

        return VerifyReport
    raise AttributeError(name)


__all__ = [
    "FactChange",
    "IncidentSummary",
    "IncidentView",
    "Services",
    "VerifyReport",
]
