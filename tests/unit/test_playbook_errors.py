"""Malformed playbooks: each kind of mistake is refused naming the file, step, key and line."""

from __future__ import annotations

import pytest

from breachkit.core.errors import InputError, Problem
from breachkit.core.playbooks import parse_playbook

SOURCE = "my-playbook.toml"

VALID = """\
id = "test"
title = "Test playbook"
version = 1
applies_to = { causes = ["ransomware"], roles = ["controller"] }

[[phase]]
id = "triage"
title = "Detect and triage"

[[phase]]
id = "notify"
title = "Notify the authority"

[[step]]
id = "log-first-report"
phase = "triage"
title = "Log the first report"
owner = "responder"
guidance = \"\"\"
Write down what was seen.
Keep the originals.
\"\"\"

[[step]]
id = "notify-authority"
phase = "notify"
title = "Notify the authority"
owner = "dpo"
clock = "gdpr-art33"
after = ["log-first-report"]
guidance = "File the notification."
"""


def problems(text: str) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        parse_playbook(text, SOURCE)
    for problem in caught.value.problems:
        assert problem.source == SOURCE
    return caught.value.problems


def only(text: str) -> Problem:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


def line_of(text: str, fragment: str, start: int = 0) -> int:
    """1-based line of the first line at or after ``start`` that contains ``fragment``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if number > start and fragment in line:
            return number
    raise AssertionError(fragment)


def test_the_valid_fixture_parses() -> None:
    playbook = parse_playbook(VALID, SOURCE)
    assert [s.id for s in playbook.steps] == ["log-first-report", "notify-authority"]
    assert playbook.steps[0].guidance == "Write down what was seen. Keep the originals."


def test_toml_syntax_error_names_the_line_and_key() -> None:
    text = VALID.replace('owner = "dpo"', "owner = dpo")
    problem = only(text)
    assert problem.line == line_of(text, "owner = dpo")
    assert problem.key == "step[#2].owner"  # ids are unknown: positions
    assert "not valid TOML" in problem.message


def test_unknown_top_level_key() -> None:
    text = VALID.replace("version = 1", 'version = 1\nauthor = "me"')
    problem = only(text)
    assert (problem.key, problem.line) == ("author", 4)
    assert "unknown key" in problem.message


def test_unknown_step_key_names_the_step() -> None:
    text = VALID.replace('clock = "gdpr-art33"', 'clock = "gdpr-art33"\ndeadline = "72h"')
    problem = only(text)
    assert problem.key == "step[notify-authority].deadline"
    assert problem.line == line_of(text, "deadline")
    assert "unknown key" in problem.message and "guidance" in problem.message


def test_wrong_type() -> None:
    text = VALID.replace('after = ["log-first-report"]', 'after = "log-first-report"')
    problem = only(text)
    assert problem.key == "step[notify-authority].after"
    assert problem.line == line_of(text, 'after = "log-first-report"')
    assert "expected a list" in problem.message


def test_missing_required_key() -> None:
    text = VALID.replace('owner = "responder"\n', "")
    problem = only(text)
    assert problem.key == "step[log-first-report].owner"
    assert problem.line == line_of(text, 'id = "log-first-report"') - 1  # the [[step]] line
    assert "required key is missing" in problem.message
    assert "responder | dpo | legal | management | communications" in problem.message


def test_unknown_phase_lists_the_declared_ones() -> None:
    text = VALID.replace('phase = "notify"', 'phase = "notification"')
    problem = only(text)
    assert problem.key == "step[notify-authority].phase"
    assert problem.line == line_of(text, 'phase = "notification"')
    assert "'notification' is not a phase" in problem.message
    assert "triage, notify" in problem.message


def test_unknown_owner() -> None:
    text = VALID.replace('owner = "dpo"', 'owner = "ciso"')
    problem = only(text)
    assert problem.key == "step[notify-authority].owner"
    assert problem.line == line_of(text, 'owner = "ciso"')
    assert "'ciso' is not allowed" in problem.message
    assert "responder | dpo | legal" in problem.message


def test_unknown_clock_suggests_the_nearest() -> None:
    text = VALID.replace('clock = "gdpr-art33"', 'clock = "gdpr-art-33"')
    problem = only(text)
    assert problem.key == "step[notify-authority].clock"
    assert problem.line == line_of(text, "clock =")
    assert "'gdpr-art-33' is not a clock; did you mean 'gdpr-art33'?" in problem.message


def test_dependency_on_a_missing_step() -> None:
    text = VALID.replace('after = ["log-first-report"]', 'after = ["log-first-reprot"]')
    problem = only(text)
    assert problem.key == "step[notify-authority].after"
    assert problem.line == line_of(text, "after =")
    assert "'log-first-reprot' is not a step of this playbook" in problem.message
    assert "did you mean 'log-first-report'?" in problem.message


def test_dependency_on_itself() -> None:
    text = VALID.replace('after = ["log-first-report"]', 'after = ["notify-authority"]')
    problem = only(text)
    assert problem.key == "step[notify-authority].after"
    assert "cannot come after itself" in problem.message


def test_dependency_cycle_is_reported_once_with_its_path() -> None:
    text = VALID.replace('owner = "responder"', 'owner = "responder"\nafter = ["notify-authority"]')
    problem = only(text)
    assert problem.key == "step[log-first-report].after"
    assert problem.line == line_of(text, 'after = ["notify-authority"]')
    assert problem.message == (
        "dependency cycle: log-first-report -> notify-authority -> log-first-report"
    )


def test_longer_cycle() -> None:
    text = VALID + (
        '\n[[step]]\nid = "a"\nphase = "triage"\ntitle = "A"\nowner = "dpo"\n'
        'after = ["b"]\nguidance = "x"\n'
        '\n[[step]]\nid = "b"\nphase = "triage"\ntitle = "B"\nowner = "dpo"\n'
        'after = ["c"]\nguidance = "x"\n'
        '\n[[step]]\nid = "c"\nphase = "triage"\ntitle = "C"\nowner = "dpo"\n'
        'after = ["a", "log-first-report"]\nguidance = "x"\n'
    )
    problem = only(text)
    assert problem.key == "step[a].after"
    assert problem.message == "dependency cycle: a -> b -> c -> a"


def test_duplicate_step_id_points_at_the_second_and_names_the_first() -> None:
    second = VALID.split("[[step]]")[1]
    text = VALID + "\n[[step]]" + second
    problem = only(text)
    first_line = line_of(text, "[[step]]")
    assert problem.key == "step[log-first-report].id"
    assert problem.line == line_of(text, 'id = "log-first-report"', start=first_line + 1)
    assert problem.message == f"duplicate step id 'log-first-report' (first at line {first_line})"


def test_duplicate_phase_id() -> None:
    text = VALID.replace(
        'id = "notify"\ntitle = "Notify the authority"', 'id = "triage"\ntitle = "Again"'
    )
    found = problems(text)
    assert any(p.key == "phase[triage].id" and "duplicate phase id" in p.message for p in found)


@pytest.mark.parametrize("bad", ["Log-First-Report", "log_first_report", "log--first", "-log", ""])
def test_step_id_format(bad: str) -> None:
    text = VALID.replace('id = "log-first-report"', f'id = "{bad}"')
    found = problems(text)
    first = found[0]
    assert first.key == "step[#1].id"
    assert first.line == line_of(text, f'id = "{bad}"')
    # The step that depends on it now names a missing step.
    assert any(p.key == "step[notify-authority].after" for p in found)


def test_empty_guidance() -> None:
    text = VALID.replace('guidance = "File the notification."', 'guidance = """\n   \n"""')
    problem = only(text)
    assert problem.key == "step[notify-authority].guidance"
    assert problem.line == line_of(text, 'guidance = """', start=line_of(text, "notify-authority"))
    assert problem.message == "must not be empty"


def test_unknown_cause_and_role_in_applies_to() -> None:
    text = VALID.replace(
        'applies_to = { causes = ["ransomware"], roles = ["controller"] }',
        '[applies_to]\ncauses = ["ransom"]\nroles = ["owner"]\n',
    )
    found = problems(text)
    by_key = {p.key: p for p in found}
    assert "'ransom' is not allowed" in by_key["applies_to.causes"].message
    assert "ransomware | hacking" in by_key["applies_to.causes"].message
    assert by_key["applies_to.causes"].line == line_of(text, "causes =")
    assert "'owner' is not allowed" in by_key["applies_to.roles"].message
    assert by_key["applies_to.roles"].line == line_of(text, "roles =")


def test_unknown_fact_key_in_when() -> None:
    text = VALID.replace(
        'clock = "gdpr-art33"',
        'clock = "gdpr-art33"\nwhen = { "breach.exfiltraton" = ["confirmed"] }',
    )
    problem = only(text)
    assert problem.key == "step[notify-authority].when.breach.exfiltraton"
    assert problem.line == line_of(text, "when =")
    assert "'breach.exfiltraton' is not a fact key; did you mean 'breach.exfiltration'?" in (
        problem.message
    )


def test_when_as_a_table_gives_the_exact_line() -> None:
    text = VALID + '\n[step.when]\n"breach.exfiltration" = ["confirmed", "leaked"]\n'
    problem = only(text)
    assert problem.key == "step[notify-authority].when.breach.exfiltration"
    assert problem.line == line_of(text, '"breach.exfiltration" =')
    assert "'leaked' is not a value of 'breach.exfiltration'" in problem.message
    assert "confirmed | likely | unknown | ruled_out | not_applicable" in problem.message


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ('{ "data.records" = ["10"] }', "'data.records' has no fixed list of values"),
        ('{ "role" = [] }', "expected a non-empty list of values of 'role'"),
        ('{ "role" = "processor" }', "expected a non-empty list of values of 'role'"),
        ('{ "regime.nis2" = ["yes"] }', "'yes' is not a value of 'regime.nis2'"),
        ('"role"', "expected a table"),
    ],
)
def test_bad_when_values(when: str, message: str) -> None:
    text = VALID.replace('clock = "gdpr-art33"', f'clock = "gdpr-art33"\nwhen = {when}')
    problem = only(text)
    assert problem.key is not None and problem.key.startswith("step[notify-authority].when")
    assert problem.line == line_of(text, "when =")
    assert message in problem.message


@pytest.mark.parametrize(
    ("produces", "message"),
    [
        ('["aware_at"]', "should be written fact:KEY, decision:NAME or document:NAME"),
        ('["report:x"]', "should be written fact:KEY"),
        ('["fact:awareness"]', "'awareness' is not a fact key"),
        ('["document:Risk Assessment"]', "is not a valid name"),
    ],
)
def test_bad_needs_and_produces(produces: str, message: str) -> None:
    text = VALID.replace('owner = "dpo"', f'owner = "dpo"\nproduces = {produces}')
    problem = only(text)
    assert problem.key == "step[notify-authority].produces"
    assert problem.line == line_of(text, "produces =")
    assert message in problem.message


def test_no_steps_and_no_phases() -> None:
    text = 'id = "x"\ntitle = "X"\nversion = 1\n'
    found = problems(text)
    assert {p.key for p in found} == {"phase", "step"}


def test_version_must_be_positive_whole_number() -> None:
    problem = only(VALID.replace("version = 1", "version = 0"))
    assert (problem.key, problem.line) == ("version", 3)
    problem = only(VALID.replace("version = 1", 'version = "1"'))
    assert "expected a whole number" in problem.message


def test_playbook_id_format() -> None:
    problem = only(VALID.replace('id = "test"', 'id = "My Playbook"'))
    assert (problem.key, problem.line) == ("id", 1)
    assert "'My Playbook' is not a valid id" in problem.message


def test_a_step_that_is_not_a_table() -> None:
    text = VALID.replace("version = 1", 'version = 1\nstep = ["x"]').split("[[phase]]")[0]
    text += '[[phase]]\nid = "triage"\ntitle = "T"\n'
    found = problems(text)
    assert any(p.key == "step[#1]" and "expected a table" in p.message for p in found)


def test_every_problem_is_reported_in_one_pass_in_line_order() -> None:
    text = (
        VALID.replace('owner = "responder"', 'owner = "nobody"')
        .replace('clock = "gdpr-art33"', 'clock = "gdpr-72"')
        .replace('title = "Test playbook"', 'title = ""')
    )
    found = problems(text)
    assert [p.key for p in found] == [
        "title",
        "step[log-first-report].owner",
        "step[notify-authority].clock",
    ]
    assert [p.line for p in found] == sorted(p.line or 0 for p in found)


def test_message_names_file_line_and_key() -> None:
    text = VALID.replace('owner = "dpo"', 'owner = "ciso"')
    with pytest.raises(InputError) as caught:
        parse_playbook(text, SOURCE)
    line = line_of(text, 'owner = "ciso"')
    assert str(caught.value).startswith(
        f"{SOURCE}, line {line}, key 'step[notify-authority].owner': 'ciso' is not allowed"
    )
