"""The values of the playbook engine: playbooks, phases, steps, progress and views.

Re-exported by :mod:`breachkit.core.playbooks`; import them from there. Also the closed
vocabularies a playbook file is checked against: the nine standard phases, the owners,
the kinds of thing a step needs or produces, and the fact keys a step may depend on.
"""

from __future__ import annotations

import re
import types
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, get_args, get_type_hints

from breachkit.core.clocks.engine import EXTRA_REGIMES
from breachkit.core.incident.model import IncidentFacts

GENERAL_ID = "gdpr-general"
"""The playbook chosen when no more specific one applies."""

STANDARD_PHASES: tuple[str, ...] = (
    "triage",
    "contain",
    "assess",
    "decide",
    "notify",
    "communicate",
    "document",
    "recover",
    "review",
)
"""The phases every shipped playbook has, in order. User playbooks may define others."""

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
"""Playbook, phase and step ids: lowercase letters and digits joined by single hyphens."""

ARTEFACT_KINDS = ("fact", "decision", "document")
"""What a step needs or produces: ``fact:KEY``, ``decision:NAME``, ``document:NAME``."""

REGIME_PREFIX = "regime."


class StepStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    SKIPPED = "skipped"
    NOT_APPLICABLE = "not_applicable"


class Owner(StrEnum):
    """Who carries a step out."""

    RESPONDER = "responder"
    DPO = "dpo"
    LEGAL = "legal"
    MANAGEMENT = "management"
    COMMUNICATIONS = "communications"


@dataclass(frozen=True, slots=True)
class Phase:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    title: str
    phase: str
    guidance: str
    basis: str
    """The article or guideline the step rests on; may be empty."""
    owner: Owner
    needs: tuple[str, ...]
    """``fact:KEY`` / ``decision:NAME`` / ``document:NAME`` the step works from."""
    produces: tuple[str, ...]
    clock: str | None
    """The deadline clock (``CLOCK_IDS``) the step serves; its state gives the urgency."""
    after: tuple[str, ...]
    """Steps that must be done, skipped or not applicable before this one."""
    when: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    """Applicability: fact key -> values; not applicable when the fact is stated and not listed."""


@dataclass(frozen=True, slots=True)
class Playbook:
    id: str
    title: str
    summary: str
    applies_to_causes: tuple[str, ...]
    """Incident causes it is for; empty = any cause."""
    applies_to_roles: tuple[str, ...]
    """Incident roles it is for; empty = any role."""
    phases: tuple[Phase, ...]
    steps: tuple[Step, ...]
    """In playbook order: by phase, then as written in the file."""
    source: str
    version: int

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def phase(self, phase_id: str) -> Phase | None:
        return next((p for p in self.phases if p.id == phase_id), None)


@dataclass(frozen=True, slots=True)
class StepProgress:
    """One recorded change of a step's status (the latest per step counts)."""

    step_id: str
    status: StepStatus
    note: str = ""
    at: datetime | None = None
    actor: str = ""


@dataclass(frozen=True, slots=True)
class StepView:
    step: Step
    status: StepStatus
    blocked_by: tuple[str, ...]
    """Open, applicable steps named in ``after``."""
    applicable: bool
    """False when a ``when`` condition rules the step out on the incident's facts."""
    urgency: str | None
    """For open steps tied to a clock: ``overdue`` | ``due_soon`` | ``running``; else None."""
    note: str = ""
    at: datetime | None = None
    actor: str = ""


@dataclass(frozen=True, slots=True)
class PlaybookView:
    playbook: Playbook
    steps: tuple[StepView, ...]
    next_steps: tuple[StepView, ...]
    """Open, applicable, unblocked steps: overdue and due-soon first, then playbook order."""
    blocked: tuple[StepView, ...]
    """Open, applicable steps waiting for another step."""
    done: int
    """Steps done or skipped (among those that count, see ``total``)."""
    total: int
    """Steps that count: all but those not applicable (by ``when`` or as recorded)."""


# -- fact keys ---------------------------------------------------------------------------

_BOOLEAN = ("true", "false")


def _values_of(annotation: Any) -> tuple[str, ...] | None:
    """The closed list of values a fact can take; None when it is open (text, numbers)."""
    if annotation is bool:
        return _BOOLEAN
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return tuple(member.value for member in annotation)
    for arg in get_args(annotation):
        if arg is not type(None) and arg is not Ellipsis:
            return _values_of(arg)
    return None


def _fact_vocabulary() -> dict[str, tuple[str, ...] | None]:
    vocabulary: dict[str, tuple[str, ...] | None] = {}
    for name, annotation in get_type_hints(IncidentFacts).items():
        if isinstance(annotation, type) and is_dataclass(annotation):
            hints = get_type_hints(annotation)
            for inner in fields(annotation):
                vocabulary[f"{name}.{inner.name}"] = _values_of(hints[inner.name])
        else:
            vocabulary[name] = _values_of(annotation)
    for regime in EXTRA_REGIMES:
        vocabulary[f"{REGIME_PREFIX}{regime}"] = _BOOLEAN
    return vocabulary


FACT_VALUES: Mapping[str, tuple[str, ...] | None] = types.MappingProxyType(_fact_vocabulary())
"""Every fact key a playbook may name (incident-file keys, dotted, plus ``regime.*``),
with its closed list of values, or None where the values are open (text, numbers, times).
``regime.nis2`` / ``regime.eprivacy`` / ``regime.dora`` are true when that regime applies
to the incident (``evaluate(..., regimes=...)``)."""
