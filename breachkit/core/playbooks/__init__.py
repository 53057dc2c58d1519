"""Playbooks as data: the format's values, the parser and the engine, in one namespace.

A playbook is a TOML file (documented in ``docs/playbooks.md``) that walks a responder
through a breach response in phases and steps. This module is the public face:

* :func:`parse_playbook` validates one file (``playbook_parse``);
* :func:`choose_playbook`, :func:`evaluate`, :func:`validate_transition` and
  :func:`describe_transition` walk it for one incident (``playbook_engine``);
* the values (``Playbook``, ``Step``, ``StepProgress``, ``PlaybookView``, ...) and the
  vocabularies (``STANDARD_PHASES``, ``FACT_VALUES``) come from ``playbook_model``.

Pure: stdlib only, no I/O. Reading the bundled and user folders is
:mod:`breachkit.adapters.playbooks`'s job.
"""

from __future__ import annotations

from breachkit.core.playbooks.engine import (
    applies,
    choose_playbook,
    describe_transition,
    evaluate,
    phase_progress,
    phase_reads_facts,
    validate_transition,
)
from breachkit.core.playbooks.model import (
    ARTEFACT_KINDS,
    FACT_VALUES,
    GENERAL_ID,
    ID_PATTERN,
    STANDARD_PHASES,
    Owner,
    Phase,
    Playbook,
    PlaybookView,
    Step,
    StepProgress,
    StepStatus,
    StepView,
)
from breachkit.core.playbooks.parse import parse_playbook

__all__ = [
    "ARTEFACT_KINDS",
    "FACT_VALUES",
    "GENERAL_ID",
    "ID_PATTERN",
    "STANDARD_PHASES",
    "Owner",
    "Phase",
    "Playbook",
    "PlaybookView",
    "Step",
    "StepProgress",
    "StepStatus",
    "StepView",
    "applies",
    "choose_playbook",
    "describe_transition",
    "evaluate",
    "parse_playbook",
    "phase_progress",
    "phase_reads_facts",
    "validate_transition",
]
