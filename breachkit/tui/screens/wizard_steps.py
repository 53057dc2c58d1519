"""The new-incident wizard's steps: which facts each one asks for, in reading order."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    title: str
    intro: str
    keys: tuple[str, ...]


STEPS = (
    Step(
        "step-incident",
        "Incident",
        "What happened, and whose data it is.",
        ("title", "summary", "role", "timezone"),
    ),
    Step(
        "step-when",
        "When",
        "Times are in the incident's zone unless you write an offset.",
        ("aware_at", "detected_at", "occurred_at", "controller_informed_at"),
    ),
    Step(
        "step-breach",
        "Breach",
        "What kind of breach, and what became of the data.",
        (
            "breach.types",
            "breach.cause",
            "breach.malicious",
            "breach.exfiltration",
            "breach.recipients",
        ),
    ),
    Step(
        "step-data",
        "Data",
        "Whose data, how many, where they live. Estimates are fine.",
        (
            "data.categories",
            "data.data_subjects",
            "data.records",
            "data.subject_groups",
            "data.countries",
        ),
    ),
    Step("step-review", "Create", "", ()),
)
STEP_OF = {key: index for index, step in enumerate(STEPS) for key in step.keys}
