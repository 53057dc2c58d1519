"""Hostile input of six kinds through the command line: accepted, or exit 2 with a message.

Never exit 3, never a traceback, never a hang, never a file left behind. CI runs a
bounded number of examples per kind (``FUZZ_EXAMPLES``, default 40: about 15 s for all
six); ``bench/fuzz.py --minutes N`` runs the same cases for longer and prints
the figures.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzz_harness import Outcome, Workspace
from fuzz_strategies import (
    bundle_mutations,
    incident_files,
    playbook_files,
    profiles,
    subjects_files,
    templates,
)
from hypothesis import HealthCheck, given, settings

from breachkit.render import template_budget

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
GOOD = {Outcome.ACCEPTED, Outcome.CLEAN_ERROR}


@pytest.fixture(scope="module")
def workspace() -> Iterator[Workspace]:
    with tempfile.TemporaryDirectory(prefix="breachkit-fuzz-") as folder:
        names = ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME")
        saved = {k: os.environ.get(k) for k in names}
        for name in names:
            os.environ[name] = str(Path(folder) / name.lower())
        seconds = template_budget.SECONDS
        template_budget.SECONDS = 2.0  # an over-long template is stopped sooner
        try:
            yield Workspace(Path(folder))
        finally:
            template_budget.SECONDS = seconds
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def check(workspace: Workspace, kind: str, case: object) -> None:
    outcome, said = workspace.run(kind, case)
    assert outcome in GOOD, f"{kind}: {outcome}: {said}\ncase: {case!r}"[:3000]


@FUZZ
@given(case=incident_files)
def test_incident_file(workspace: Workspace, case: bytes) -> None:
    check(workspace, "incident", case)


@FUZZ
@given(case=profiles)
def test_organisation_profile(workspace: Workspace, case: bytes) -> None:
    check(workspace, "profile", case)


@FUZZ
@given(case=subjects_files())
def test_subjects_csv(workspace: Workspace, case: bytes) -> None:
    check(workspace, "subjects", case)


@FUZZ
@given(case=playbook_files())
def test_playbook(workspace: Workspace, case: bytes) -> None:
    check(workspace, "playbook", case)


@FUZZ
@given(case=bundle_mutations())
def test_bundle(workspace: Workspace, case: list[tuple[str, object]]) -> None:
    check(workspace, "bundle", case)


@FUZZ
@given(case=templates())
def test_user_template(workspace: Workspace, case: tuple[str, bool]) -> None:
    check(workspace, "template", case)
