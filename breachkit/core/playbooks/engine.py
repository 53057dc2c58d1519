"""Walking a playbook: which one applies, where an incident stands, what a change means.

``choose_playbook`` picks the most specific playbook for an incident's cause and role;
``evaluate`` turns the playbook, the incident's facts, its recorded step progress and
its clock states into a :class:`PlaybookView` (next steps, blocked steps, counts);
``validate_transition`` checks a requested change before it is recorded, and
``describe_transition`` gives the sentence the timeline records. Pure: no I/O.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from breachkit.core.enums import Cause, Role
from breachkit.core.errors import InputError, Problem
from breachkit.core.playbooks.model import (
    GENERAL_ID,
    REGIME_PREFIX,
    Playbook,
    PlaybookView,
    Step,
    StepProgress,
    StepStatus,
    StepView,
)

URGENT = ("overdue", "due_soon")
"""Clock states that move a step to the front of the next steps."""
_URGENCY = {"overdue": "overdue", "due_soon": "due_soon", "running": "running"}
_RESOLVED = (StepStatus.DONE, StepStatus.SKIPPED, StepStatus.NOT_APPLICABLE)


# -- choosing ----------------------------------------------------------------------------


def applies(playbook: Playbook, cause: str | None, role: str) -> bool:
    """True when the playbook is written for this cause (None = not stated) and role."""
    if playbook.applies_to_roles and role not in playbook.applies_to_roles:
        return False
    return not playbook.applies_to_causes or cause in playbook.applies_to_causes


def choose_playbook(playbooks: Mapping[str, Playbook], cause: str | None, role: str) -> Playbook:
    """The most specific playbook that applies.

    A playbook limited to fewer roles beats one limited to fewer causes, which beats
    one for any cause (so the processor playbook wins for a processor whatever the
    cause, and the ransomware playbook wins over ``gdpr-general`` for a controller).
    Ties go to ids other than ``gdpr-general``, then alphabetical order. When nothing
    applies, ``gdpr-general`` is the fallback.
    """
    matches = [p for p in playbooks.values() if applies(p, cause, role)]
    if matches:
        return min(matches, key=_rank)
    if GENERAL_ID in playbooks:
        return playbooks[GENERAL_ID]
    raise InputError(
        Problem(
            "playbooks",
            None,
            f"no playbook applies to cause '{cause or 'not stated'}' and role '{role}', "
            f"and there is no '{GENERAL_ID}' playbook to fall back on",
        )
    )


def _rank(playbook: Playbook) -> tuple[int, int, bool, str]:
    roles = len(playbook.applies_to_roles) or len(Role)
    causes = len(playbook.applies_to_causes) or len(Cause)
    return roles, causes, playbook.id == GENERAL_ID, playbook.id


# -- evaluating --------------------------------------------------------------------------


def evaluate(
    playbook: Playbook,
    facts_document: Mapping[str, Any],
    progress: Iterable[StepProgress],
    clock_states: Mapping[str, str] | None = None,
    regimes: frozenset[str] = frozenset(),
) -> PlaybookView:
    """Where the incident stands in ``playbook``.

    ``facts_document`` is ``IncidentFacts.to_document()``: a step's ``when`` keys
    (``breach.exfiltration``) resolve into its tables; ``regime.X`` is true when X is in
    ``regimes`` (the regimes that apply to the incident: ``nis2``, ``eprivacy``, ``dora``).
    ``progress`` is the recorded changes in order; the latest per step counts, and
    entries for steps the playbook no longer has are ignored. ``clock_states`` maps a
    clock id to its :class:`~breachkit.core.clocks.engine.ClockState` value.

    A step is blocked while a step in its ``after`` is open and applicable. Next steps
    are open, applicable and unblocked, in playbook order, with those whose clock is
    overdue or due soon first (overdue before due soon).
    """
    states = clock_states or {}
    latest, status = _recorded(playbook, progress)
    applicable = {step.id: _applicable(step, facts_document, regimes) for step in playbook.steps}

    def waiting(step_id: str) -> bool:
        return status[step_id] is StepStatus.OPEN and applicable[step_id]

    views: list[StepView] = []
    for step in playbook.steps:
        record = latest.get(step.id)
        is_open = status[step.id] is StepStatus.OPEN
        urgency = _URGENCY.get(states.get(step.clock, "")) if step.clock and is_open else None
        views.append(
            StepView(
                step=step,
                status=status[step.id],
                blocked_by=tuple(d for d in step.after if d in status and waiting(d)),
                applicable=applicable[step.id],
                urgency=urgency,
                note=record.note if record else "",
                at=record.at if record else None,
                actor=record.actor if record else "",
            )
        )
    ready = [v for v in views if waiting(v.step.id) and not v.blocked_by]
    order = {view.step.id: index for index, view in enumerate(views)}
    ready.sort(key=lambda v: (_urgency_rank(v.urgency), order[v.step.id]))
    counted = [v for v in views if _counts(v)]
    return PlaybookView(
        playbook=playbook,
        steps=tuple(views),
        next_steps=tuple(ready),
        blocked=tuple(v for v in views if waiting(v.step.id) and v.blocked_by),
        done=sum(1 for v in counted if v.status in (StepStatus.DONE, StepStatus.SKIPPED)),
        total=len(counted),
    )


def phase_progress(
    playbook: Playbook,
    facts_document: Mapping[str, Any],
    progress: Iterable[StepProgress],
    phase: str,
    regimes: frozenset[str] = frozenset(),
) -> list[tuple[str, datetime | None]]:
    """(status, when it was marked) of each applicable step of ``phase``, in playbook order:
    what :func:`evaluate` says of those steps, without the rest of the view (the register
    asks a thousand incidents when their contain phase closed)."""
    latest, status = _recorded(playbook, progress)
    found = []
    for step in playbook.steps:
        if step.phase == phase and _applicable(step, facts_document, regimes):
            record = latest.get(step.id)
            found.append((status[step.id].value, record.at if record else None))
    return found


def phase_reads_facts(playbook: Playbook, phase: str) -> bool:
    """Whether a step of ``phase`` applies only for some facts: when none does,
    :func:`phase_progress` needs no facts document (an empty one gives the same)."""
    return any(
        not key.startswith(REGIME_PREFIX)
        for step in playbook.steps
        if step.phase == phase
        for key in step.when
    )


def _recorded(
    playbook: Playbook, progress: Iterable[StepProgress]
) -> tuple[dict[str, StepProgress], dict[str, StepStatus]]:
    """The latest recorded change per step (in order, the last one counts), and each
    step's status: open when nothing was recorded for it."""
    latest: dict[str, StepProgress] = {}
    for change in progress:
        latest[change.step_id] = change
    status = {
        step.id: latest[step.id].status if step.id in latest else StepStatus.OPEN
        for step in playbook.steps
    }
    return latest, status


def _urgency_rank(urgency: str | None) -> int:
    return URGENT.index(urgency) if urgency in URGENT else len(URGENT)


def _counts(view: StepView) -> bool:
    if view.status is StepStatus.NOT_APPLICABLE:
        return False
    return view.applicable or view.status is not StepStatus.OPEN


def _applicable(step: Step, document: Mapping[str, Any], regimes: frozenset[str]) -> bool:
    for key, wanted in step.when.items():
        stated = _fact(document, key, regimes)
        if stated and not any(value in wanted for value in stated):
            return False
    return True


def _fact(document: Mapping[str, Any], key: str, regimes: frozenset[str]) -> tuple[str, ...]:
    """The fact's stated value(s) as text; empty when not stated."""
    if key.startswith(REGIME_PREFIX):
        return ("true",) if key[len(REGIME_PREFIX) :] in regimes else ("false",)
    value: Any = document
    for part in key.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    if value is None:
        return ()
    items = value if isinstance(value, list | tuple) else [value]
    return tuple(str(v).lower() if isinstance(v, bool) else str(v) for v in items)


# -- changing ----------------------------------------------------------------------------


def validate_transition(
    playbook: Playbook, step_id: str, new_status: StepStatus | str, reason: str
) -> None:
    """Check a requested status change; raises InputError saying what is wrong.

    The step must exist; the status must be one of ``StepStatus``; skipping a step or
    marking it not applicable needs a reason, which the timeline keeps. Steps may be
    done out of order (``after`` guides, it does not forbid).
    """
    source = f"playbook '{playbook.id}'"
    if playbook.step(step_id) is None:
        ids = [step.id for step in playbook.steps]
        close = difflib.get_close_matches(step_id, ids, n=3, cutoff=0.5)
        hint = f"did you mean {_quoted(close)}?" if close else f"steps include {_quoted(ids[:5])}"
        raise InputError(
            Problem(source, "step", f"'{step_id}' is not a step of this playbook; {hint}")
        )
    try:
        status = StepStatus(new_status)
    except ValueError:
        allowed = " | ".join(member.value for member in StepStatus)
        raise InputError(
            Problem(source, "status", f"'{new_status}' is not a step status (allowed: {allowed})")
        ) from None
    if status in (StepStatus.SKIPPED, StepStatus.NOT_APPLICABLE) and not reason.strip():
        word = "skipping" if status is StepStatus.SKIPPED else "marking not applicable"
        raise InputError(
            Problem(
                source,
                "reason",
                f"{word} step '{step_id}' needs a reason: the Art. 33(5) record must say why",
            )
        )


def describe_transition(
    playbook: Playbook, step_id: str, new_status: StepStatus | str, reason: str = ""
) -> str:
    """The timeline text for a step change (call ``validate_transition`` first)."""
    step = playbook.step(step_id)
    title = step.title if step else step_id
    status = StepStatus(new_status)
    verb = {
        StepStatus.DONE: "done",
        StepStatus.SKIPPED: "skipped",
        StepStatus.NOT_APPLICABLE: "marked not applicable",
        StepStatus.OPEN: "reopened",
    }[status]
    text = f"Playbook {playbook.id}, step {step_id} ({title}): {verb}"
    if reason.strip():
        label = "Note" if status in (StepStatus.DONE, StepStatus.OPEN) else "Reason"
        text += f". {label}: {reason.strip()}"
    return text


def _quoted(items: list[str]) -> str:
    return ", ".join(f"'{item}'" for item in items)
