"""The shipped playbooks, choosing one for an incident, the engine's view, and loading."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from breachkit.adapters.paths import bundled
from breachkit.adapters.playbooks import ENV_VAR, load_playbooks, user_playbooks_dir
from breachkit.core.clocks.engine import CLOCK_IDS
from breachkit.core.enums import Cause, Role
from breachkit.core.errors import InputError
from breachkit.core.playbooks import (
    FACT_VALUES,
    GENERAL_ID,
    STANDARD_PHASES,
    Owner,
    Playbook,
    StepProgress,
    StepStatus,
    StepView,
    choose_playbook,
    describe_transition,
    evaluate,
    parse_playbook,
    validate_transition,
)

FOLDER = bundled("playbooks")
FILES = sorted(FOLDER.glob("*.toml"))
SHIPPED = {
    "gdpr-general",
    "ransomware",
    "hacking-exfiltration",
    "lost-stolen-device",
    "misdelivery",
    "malicious-insider",
    "social-engineering",
    "processor",
}


def shipped(path: Path) -> Playbook:
    return parse_playbook(path.read_text(encoding="utf-8"), str(path))


# -- the shipped playbooks --------------------------------------------------------------------


def test_every_expected_playbook_is_shipped() -> None:
    assert {path.stem for path in FILES} == SHIPPED


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_shipped_playbook_validates(path: Path) -> None:
    playbook = shipped(path)
    assert playbook.id == path.stem
    assert playbook.version >= 1
    assert playbook.title and playbook.summary
    assert tuple(phase.id for phase in playbook.phases) == STANDARD_PHASES
    assert {step.phase for step in playbook.steps} == set(STANDARD_PHASES), "a phase is empty"
    for step in playbook.steps:
        assert step.clock is None or step.clock in CLOCK_IDS
        assert isinstance(step.owner, Owner)
        assert all(key in FACT_VALUES for key in step.when)
        sentences = len(re.findall(r"[.?!](?=\s+[A-Z]|$)", _unabbreviated(step.guidance)))
        assert 2 <= sentences <= 5, (step.id, sentences)
    with_basis = [step for step in playbook.steps if step.basis]
    assert len(with_basis) >= 0.8 * len(playbook.steps)


def _unabbreviated(text: str) -> str:
    return re.sub(r"\b(Art|Reg|No|e\.g|i\.e)\. ", r"\1 ", text)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_dependencies_form_no_cycle_and_respect_order(path: Path) -> None:
    playbook = shipped(path)
    ids = [step.id for step in playbook.steps]
    done: set[str] = set()
    remaining = list(playbook.steps)
    while remaining:  # Kahn: something must always be ready
        ready = [s for s in remaining if set(s.after) <= done]
        assert ready, f"cycle among {[s.id for s in remaining]}"
        done.update(s.id for s in ready)
        remaining = [s for s in remaining if s.id not in done]
    assert all(dep in ids for step in playbook.steps for dep in step.after)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_clocks_are_tied_to_the_right_steps(path: Path) -> None:
    playbook = shipped(path)
    clocks = {(step.phase, step.clock) for step in playbook.steps if step.clock}
    assert ("triage", "gdpr-art33" if playbook.id != "processor" else "gdpr-art33-2") in clocks
    if playbook.id == "processor":
        assert ("notify", "gdpr-art33-2") in clocks
        notify = playbook.step("notify-controllers")
        assert notify is not None and "fact:controller_informed_at" in notify.produces
        assert playbook.step("authority-only-if-instructed") is not None
    else:
        assert ("notify", "gdpr-art33") in clocks
        assert ("notify", "gdpr-art33-4-complement") in clocks
        assert ("communicate", "gdpr-art34") in clocks
        register = playbook.step("register-entry")
        assert register is not None and "33(5)" in register.basis
    awareness = playbook.step("record-awareness")
    assert awareness is not None and "fact:aware_at" in awareness.produces
    for step in playbook.steps:
        if step.clock is not None and step.clock.startswith("nis2-"):
            assert step.when == {"regime.nis2": ("true",)}, step.id


def test_cause_specific_steps_are_there() -> None:
    playbooks = {path.stem: shipped(path) for path in FILES}
    expected = {
        "ransomware": {
            "isolate-hosts",
            "preserve-evidence",
            "check-exfiltration",
            "ransom-legal-advice",
            "report-police-csirt",
            "restore-from-clean-backups",
            "reset-credentials",
            "nis2-early-warning",
        },
        "misdelivery": {"contact-recipient", "recall-message", "stop-repetition"},
        "lost-stolen-device": {"remote-lock-wipe", "check-encryption"},
        "processor": {"identify-controllers", "notify-controllers", "authority-only-if-instructed"},
        "malicious-insider": {
            "involve-hr-legal",
            "revoke-access",
            "preserve-insider-evidence",
            "proportionate-investigation",
        },
        "social-engineering": {"reset-and-revoke", "check-mailbox-rules", "enforce-mfa"},
        "hacking-exfiltration": {
            "close-entry-point",
            "determine-what-was-taken",
            "check-password-storage",
        },
    }
    for playbook_id, steps in expected.items():
        assert steps <= {step.id for step in playbooks[playbook_id].steps}, playbook_id


# -- choosing ---------------------------------------------------------------------------------

EXPECTED_FOR_CONTROLLERS = {
    Cause.RANSOMWARE: "ransomware",
    Cause.HACKING: "hacking-exfiltration",
    Cause.MALWARE: "hacking-exfiltration",
    Cause.CREDENTIAL_STUFFING: "social-engineering",
    Cause.SOCIAL_ENGINEERING: "social-engineering",
    Cause.MALICIOUS_INSIDER: "malicious-insider",
    Cause.LOST_OR_STOLEN: "lost-stolen-device",
    Cause.MISDELIVERY: "misdelivery",
    Cause.HUMAN_ERROR: GENERAL_ID,
    Cause.SYSTEM_FAILURE: GENERAL_ID,
    Cause.OTHER: GENERAL_ID,
}


@pytest.fixture(scope="module")
def bundled_playbooks() -> dict[str, Playbook]:
    return load_playbooks()


def test_every_cause_has_an_expected_playbook() -> None:
    assert set(EXPECTED_FOR_CONTROLLERS) == set(Cause)


@pytest.mark.parametrize("cause", list(Cause))
@pytest.mark.parametrize("role", [Role.CONTROLLER, Role.JOINT_CONTROLLER])
def test_choose_for_controllers(
    bundled_playbooks: dict[str, Playbook], cause: Cause, role: Role
) -> None:
    chosen = choose_playbook(bundled_playbooks, cause.value, role.value)
    assert chosen.id == EXPECTED_FOR_CONTROLLERS[cause]


@pytest.mark.parametrize("cause", [*Cause, None])
def test_processors_always_get_the_processor_playbook(
    bundled_playbooks: dict[str, Playbook], cause: Cause | None
) -> None:
    chosen = choose_playbook(bundled_playbooks, cause.value if cause else None, "processor")
    assert chosen.id == "processor"


def test_unstated_cause_gets_the_general_playbook(bundled_playbooks: dict[str, Playbook]) -> None:
    assert choose_playbook(bundled_playbooks, None, "controller").id == GENERAL_ID


def _playbook(pid: str, causes: str = "[]", roles: str = "[]") -> Playbook:
    text = f"""\
id = "{pid}"
title = "{pid}"
version = 1
applies_to = {{ causes = {causes}, roles = {roles} }}
[[phase]]
id = "triage"
title = "Triage"
[[step]]
id = "only"
phase = "triage"
title = "Only step"
owner = "dpo"
guidance = "Do it."
"""
    return parse_playbook(text, f"{pid}.toml")


def test_role_beats_cause_beats_general() -> None:
    general = _playbook(GENERAL_ID)
    by_cause = _playbook("by-cause", causes='["ransomware"]')
    by_role = _playbook("by-role", roles='["processor"]')
    both = _playbook("both", causes='["ransomware"]', roles='["processor"]')
    books = {p.id: p for p in (general, by_cause, by_role)}
    assert choose_playbook(books, "ransomware", "processor").id == "by-role"
    assert choose_playbook(books, "ransomware", "controller").id == "by-cause"
    assert choose_playbook(books, "hacking", "controller").id == GENERAL_ID
    assert choose_playbook({**books, "both": both}, "ransomware", "processor").id == "both"


def test_general_is_the_fallback_and_its_absence_an_error() -> None:
    narrow = _playbook(GENERAL_ID, roles='["controller"]')
    assert choose_playbook({narrow.id: narrow}, None, "processor").id == GENERAL_ID
    only_ransomware = _playbook("r", causes='["ransomware"]')
    with pytest.raises(InputError, match="no playbook applies to cause 'hacking'"):
        choose_playbook({"r": only_ransomware}, "hacking", "controller")


# -- evaluating -------------------------------------------------------------------------------

ENGINE = """\
id = "engine"
title = "Engine test"
version = 2

[[phase]]
id = "triage"
title = "Triage"

[[phase]]
id = "notify"
title = "Notify"

[[step]]
id = "notify-authority"
phase = "notify"
title = "Notify"
owner = "dpo"
clock = "gdpr-art33"
after = ["decide"]
guidance = "File it."

[[step]]
id = "start"
phase = "triage"
title = "Start"
owner = "responder"
guidance = "Start."

[[step]]
id = "decide"
phase = "triage"
title = "Decide"
owner = "management"
after = ["start", "check-exfiltration"]
guidance = "Decide."

[[step]]
id = "check-exfiltration"
phase = "triage"
title = "Check exfiltration"
owner = "responder"
guidance = "Check."
when = { "breach.exfiltration" = ["confirmed", "likely", "unknown"] }

[[step]]
id = "tell-people"
phase = "notify"
title = "Tell people"
owner = "communications"
clock = "gdpr-art34"
guidance = "Tell them."

[[step]]
id = "nis2-warning"
phase = "notify"
title = "NIS2 early warning"
owner = "responder"
clock = "nis2-early-warning"
guidance = "Warn."
when = { "regime.nis2" = [true] }

[[step]]
id = "health-only"
phase = "notify"
title = "Health data only"
owner = "dpo"
guidance = "Only for health data."
when = { "data.categories" = ["health"], "role" = ["controller", "joint_controller"] }
"""


@pytest.fixture
def engine() -> Playbook:
    return parse_playbook(ENGINE, "engine.toml")


def ids(views: tuple[StepView, ...]) -> list[str]:
    return [view.step.id for view in views]


def test_steps_are_in_phase_order_then_file_order(engine: Playbook) -> None:
    assert [s.id for s in engine.steps] == [
        "start", "decide", "check-exfiltration",
        "notify-authority", "tell-people", "nis2-warning", "health-only",
    ]  # fmt: skip
    assert engine.version == 2


def test_nothing_done_yet(engine: Playbook) -> None:
    view = evaluate(engine, {"role": "controller"}, [])
    assert ids(view.next_steps) == ["start", "check-exfiltration", "tell-people", "health-only"]
    assert ids(view.blocked) == ["decide", "notify-authority"]
    by_id = {v.step.id: v for v in view.steps}
    assert by_id["decide"].blocked_by == ("start", "check-exfiltration")
    assert by_id["nis2-warning"].applicable is False  # no nis2 regime
    assert (view.done, view.total) == (0, 6)


def test_when_rules_steps_out_only_on_stated_facts(engine: Playbook) -> None:
    facts = {
        "role": "processor",
        "breach": {"exfiltration": "ruled_out"},
        "data": {"categories": ["identity", "contact"]},
    }
    view = evaluate(engine, facts, [], regimes=frozenset({"nis2"}))
    applicable = {v.step.id: v.applicable for v in view.steps}
    assert applicable["check-exfiltration"] is False
    assert applicable["health-only"] is False
    assert applicable["nis2-warning"] is True
    # A step ruled out does not block the steps after it.
    assert {v.step.id: v.blocked_by for v in view.steps}["decide"] == ("start",)
    assert (view.done, view.total) == (0, 5)
    facts["data"] = {"categories": ["contact", "health"]}
    facts["role"] = "joint_controller"
    view = evaluate(engine, facts, [])
    assert {v.step.id: v.applicable for v in view.steps}["health-only"] is True


def test_done_skipped_and_not_applicable_unblock(engine: Playbook) -> None:
    at = datetime(2026, 11, 19, 12, 0, tzinfo=UTC)
    progress = [
        StepProgress("start", StepStatus.DONE, note="opened", at=at, actor="ana"),
        StepProgress("check-exfiltration", StepStatus.SKIPPED, note="no logs"),
        StepProgress("health-only", StepStatus.NOT_APPLICABLE, note="no health data"),
    ]
    view = evaluate(engine, {}, progress)
    assert ids(view.next_steps) == ["decide", "tell-people"]
    assert ids(view.blocked) == ["notify-authority"]
    assert (view.done, view.total) == (2, 5)  # N/A and the ruled-out nis2 step do not count
    start = view.steps[0]
    assert (start.status, start.note, start.at) == (StepStatus.DONE, "opened", at)
    assert start.actor == "ana"


def test_latest_progress_wins_and_unknown_steps_are_ignored(engine: Playbook) -> None:
    progress = [
        StepProgress("start", StepStatus.DONE),
        StepProgress("start", StepStatus.OPEN, note="reopened: wrong incident"),
        StepProgress("removed-step", StepStatus.DONE),
    ]
    view = evaluate(engine, {}, progress)
    assert view.steps[0].status is StepStatus.OPEN
    assert view.done == 0


def test_urgent_clocks_come_first(engine: Playbook) -> None:
    progress = [StepProgress(s, StepStatus.DONE) for s in ("start", "check-exfiltration", "decide")]
    states = {"gdpr-art33": "due_soon", "gdpr-art34": "overdue", "nis2-early-warning": "running"}
    view = evaluate(engine, {}, progress, states, frozenset({"nis2"}))
    first = ["tell-people", "notify-authority"]  # overdue, then due soon
    assert ids(view.next_steps) == [*first, "nis2-warning", "health-only"]
    urgency = {v.step.id: v.urgency for v in view.steps}
    assert urgency == {
        "start": None,  # done: no urgency
        "decide": None,
        "check-exfiltration": None,
        "notify-authority": "due_soon",
        "tell-people": "overdue",
        "nis2-warning": "running",
        "health-only": None,
    }
    running = evaluate(engine, {}, progress, {"gdpr-art34": "running", "gdpr-art33": "met"})
    assert ids(running.next_steps) == ["notify-authority", "tell-people", "health-only"]
    assert {v.step.id: v.urgency for v in running.steps}["notify-authority"] is None


def test_a_step_done_although_ruled_out_still_counts(engine: Playbook) -> None:
    view = evaluate(engine, {}, [StepProgress("nis2-warning", StepStatus.DONE)])
    assert (view.done, view.total) == (1, 7)


def test_shipped_playbook_walk(bundled_playbooks: dict[str, Playbook]) -> None:
    ransomware = bundled_playbooks["ransomware"]
    facts = {"role": "controller", "breach": {"cause": "ransomware", "exfiltration": "ruled_out"}}
    view = evaluate(ransomware, facts, [], {"gdpr-art33": "running"})
    assert ids(view.next_steps) == ["log-first-report"]
    first = ("log-first-report", "alert-dpo", "confirm-personal-data-breach")
    done = [StepProgress(s, StepStatus.DONE) for s in first]
    view = evaluate(ransomware, facts, done, {"gdpr-art33": "due_soon"})
    assert view.next_steps[0].step.id == "record-awareness"
    assert view.next_steps[0].urgency == "due_soon"
    ruled_out = {v.step.id for v in view.steps if not v.applicable}
    assert {"monitor-leak-site", "coordinate-joint-controllers", "nis2-significance"} <= ruled_out


# -- changing ---------------------------------------------------------------------------------


def test_unknown_step_suggests_close_ids(engine: Playbook) -> None:
    with pytest.raises(InputError) as caught:
        validate_transition(engine, "decid", StepStatus.DONE, "")
    problem = caught.value.problems[0]
    assert problem.source == "playbook 'engine'"
    assert problem.key == "step"
    assert "'decid' is not a step of this playbook; did you mean 'decide'?" in problem.message


def test_unknown_step_without_a_close_match_lists_some_ids(engine: Playbook) -> None:
    with pytest.raises(InputError, match="steps include 'start', 'decide', 'check-exfiltration'"):
        validate_transition(engine, "zzz", StepStatus.DONE, "")


@pytest.mark.parametrize("status", [StepStatus.SKIPPED, StepStatus.NOT_APPLICABLE])
def test_skip_or_not_applicable_needs_a_reason(engine: Playbook, status: StepStatus) -> None:
    with pytest.raises(InputError, match="needs a reason") as caught:
        validate_transition(engine, "start", status, "  ")
    assert caught.value.problems[0].key == "reason"
    validate_transition(engine, "start", status, "done by the processor")


def test_bad_status(engine: Playbook) -> None:
    with pytest.raises(InputError, match="'finished' is not a step status"):
        validate_transition(engine, "start", "finished", "")


def test_valid_transitions(engine: Playbook) -> None:
    validate_transition(engine, "decide", StepStatus.DONE, "")  # out of order is allowed
    validate_transition(engine, "decide", "open", "")


def test_describe_transition(engine: Playbook) -> None:
    assert describe_transition(engine, "start", StepStatus.DONE) == (
        "Playbook engine, step start (Start): done"
    )
    assert describe_transition(engine, "decide", "skipped", "decided by the controller") == (
        "Playbook engine, step decide (Decide): skipped. Reason: decided by the controller"
    )
    assert describe_transition(engine, "start", StepStatus.DONE, "see ticket 42").endswith(
        "done. Note: see ticket 42"
    )


# -- loading ----------------------------------------------------------------------------------


def test_load_bundled(bundled_playbooks: dict[str, Playbook]) -> None:
    assert set(bundled_playbooks) == SHIPPED
    assert list(bundled_playbooks) == sorted(SHIPPED)


def test_user_playbooks_override_and_add(tmp_path: Path) -> None:
    general = (FOLDER / "gdpr-general.toml").read_text(encoding="utf-8")
    (tmp_path / "ours.toml").write_text(
        general.replace('id = "gdpr-general"', 'id = "gdpr-general"', 1).replace(
            'title = "Personal data breach (general)"', 'title = "Our general playbook"'
        ),
        encoding="utf-8",
    )
    (tmp_path / "supplier-breach.toml").write_text(
        ENGINE.replace('id = "engine"', 'id = "supplier-breach"'), encoding="utf-8"
    )
    (tmp_path / "notes.txt").write_text("not a playbook", encoding="utf-8")
    playbooks = load_playbooks(tmp_path)
    assert set(playbooks) == SHIPPED | {"supplier-breach"}
    assert playbooks["gdpr-general"].title == "Our general playbook"
    assert playbooks["gdpr-general"].source == str(tmp_path / "ours.toml")
    assert playbooks["ransomware"].source == str(FOLDER / "ransomware.toml")


def test_user_folder_errors_name_every_bad_file(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(ENGINE.replace('owner = "dpo"', 'owner = "x"', 1), "utf-8")
    (tmp_path / "b.toml").write_text("id = ", encoding="utf-8")
    (tmp_path / "c.toml").write_bytes(b"\xff\xfe")
    with pytest.raises(InputError) as caught:
        load_playbooks(tmp_path)
    sources = [Path(p.source).name for p in caught.value.problems]
    assert sources == ["a.toml", "b.toml", "c.toml"]
    assert caught.value.problems[0].key == "step[notify-authority].owner"
    assert caught.value.problems[2].message == "not UTF-8 text"


def test_two_user_files_with_one_id(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(ENGINE, encoding="utf-8")
    (tmp_path / "b.toml").write_text(ENGINE, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_playbooks(tmp_path)
    problem = caught.value.problems[0]
    assert (Path(problem.source).name, problem.key) == ("b.toml", "id")
    assert "also declared by" in problem.message and "a.toml" in problem.message


def test_missing_user_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="the playbooks folder does not exist"):
        load_playbooks(tmp_path / "nope")


def test_user_folder_from_option_or_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert user_playbooks_dir(None) is None
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    assert user_playbooks_dir(None) == tmp_path
    assert user_playbooks_dir(tmp_path / "opt") == tmp_path / "opt"
