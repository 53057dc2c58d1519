"""Repositories of the tables the chain projects: one class per table.

Each answers the questions the use-cases ask with an index, never by scanning the
timeline: the latest decision, the first high-risk decision, containment milestones,
filings (per clock), drafts (per authority, by version), steps of a playbook, open
review items, letter batches and the people they told, public notices.

The repositories live in ``records_facts``, ``records_filings``, ``records_decisions``,
``records_people`` and ``records_playbook``, next to the rows they read
(:mod:`breachkit.core.timeline.rows`): :class:`~breachkit.store.unit.Repositories`
imports the one a use-case asks for (issue 19, start-up). The yes/no, time and count
questions ``clocks`` asks need no rows (:mod:`breachkit.store.reads`). This module
gathers them all.
"""

from __future__ import annotations

from breachkit.store.records_decisions import Decisions, Milestones
from breachkit.store.records_facts import EvidenceRows, FactChanges
from breachkit.store.records_filings import Drafts, Filings
from breachkit.store.records_people import (
    ControllerEvents,
    ControllerLists,
    LetterBatches,
    LetterSends,
    PublicNotices,
)
from breachkit.store.records_playbook import ReviewItems, Steps

__all__ = [
    "ControllerEvents",
    "ControllerLists",
    "Decisions",
    "Drafts",
    "EvidenceRows",
    "FactChanges",
    "Filings",
    "LetterBatches",
    "LetterSends",
    "Milestones",
    "PublicNotices",
    "ReviewItems",
    "Steps",
]
