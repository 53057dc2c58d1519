"""User templates as an attacker writes them: no file outside the folder, no unbounded cost,
every failure a clear exit 2 naming the template and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from breachkit.cli.main import cli
from breachkit.core.errors import InputError
from breachkit.render import template_budget
from breachkit.render.templates import environment, render_template

SECRET = "root-password=hunter2"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "templates"
    root.mkdir()
    return root


def _render(folder: Path, source: str, **context: object) -> str:
    (folder / "t.j2").write_text(source, encoding="utf-8")
    return render_template(environment(folder), "t.j2", dict(context))


def _refused(folder: Path, source: str) -> InputError:
    with pytest.raises(InputError) as caught:
        _render(folder, source)
    return caught.value


# -- files -----------------------------------------------------------------------------------


def test_a_link_out_of_the_folder_is_never_read(folder: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    secret.chmod(0o600)
    (folder / "inc.j2").symlink_to(secret)
    error = _refused(folder, "{% include 'inc.j2' %}")
    assert "leads out of the folder" in str(error) and SECRET not in str(error)
    (folder / "linked").symlink_to(tmp_path, target_is_directory=True)
    error = _refused(folder, "{% include 'linked/secret.txt' %}")
    assert SECRET not in str(error)


def test_a_link_inside_the_folder_is_fine(folder: Path) -> None:
    (folder / "real.j2").write_text("hello", encoding="utf-8")
    (folder / "alias.j2").symlink_to(folder / "real.j2")
    assert _render(folder, "{% include 'alias.j2' %}") == "hello"


@pytest.mark.parametrize("name", ["/etc/passwd", "../../../../etc/passwd", "..\\\\secret"])
def test_an_include_outside_the_folder_is_exit_2_naming_the_line(folder: Path, name: str) -> None:
    error = _refused(folder, f"first line\n{{% include '{name}' %}}")
    assert error.exit_code == 2
    assert error.problems[0].line == 2 and "t.j2" in error.problems[0].source


# -- cost --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "{{ 'a' * 3000000000 }}",
        "{{ [0] * 3000000000 }}",
        "{{ 2 ** 100000000 }}",
        "{{ '{:>999999999}'.format(1) }}",
        "{{ '%*d' % (1000000000, 1) }}",
        "{{ 'x'|center(1000000000) }}",
        "{{ 'x'.ljust(1000000000) }}",
        "{{ range(100000)|map('string')|join('x' * 1000000) }}",
        "{{ ('a' * 1000000).replace('', 'bb') }}",
        "{{ ('a' * 1000000)|replace('a', 'bbbbbbbb') }}",
        "{{ [[1]] * 100000|sum(start=[]) }}",
        "{{ range(10)|slice(1000000000)|list }}",
    ],
)
def test_a_template_that_would_ask_for_gigabytes_is_stopped_before(
    folder: Path, source: str
) -> None:
    error = _refused(folder, source)
    assert "template stopped" in str(error) and error.problems[0].line == 1


def test_nested_loops_are_stopped_by_the_step_budget(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(template_budget, "STEPS", 50_000)
    source = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    assert "loop steps" in str(_refused(folder, source))


def test_a_slow_template_is_stopped_by_the_time_limit(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(template_budget, "SECONDS", 0.0)
    assert "seconds" in str(_refused(folder, "{% for a in range(100000) %}{% endfor %}"))


def test_output_is_capped_at_any_depth(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(template_budget, "OUTPUT", 100_000)
    doubling = (
        "{% set ns = namespace(x='ab') %}{% for i in range(40) %}"
        "{% set ns.x = ns.x ~ ns.x %}{% endfor %}"
    )
    assert "writes more than" in str(_refused(folder, doubling))
    in_a_macro = (
        "{% macro m() %}{% for i in range(100000) %}some text {% endfor %}{% endmacro %}"
        "{% set x = m() %}"
    )
    assert "writes more than" in str(_refused(folder, in_a_macro))


@pytest.mark.parametrize("source", ["{% set l = [] %}{{ l.append(1) }}", "{{ {}.update(a=1) }}"])
def test_a_template_cannot_grow_a_list_or_a_dict(folder: Path, source: str) -> None:
    assert "unsafe" in str(_refused(folder, source))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("ok\n{{ 1 / 0 }}", "ZeroDivisionError"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "calls itself"),
        ("{% if %}", "template error"),
        ("{{ missing }}", "undefined"),
        ("{{ ''.__class__.__mro__ }}", "unsafe"),
        ("{{ lipsum(100000) }}", "undefined"),
    ],
)
def test_a_template_that_fails_is_exit_2(folder: Path, source: str, expected: str) -> None:
    error = _refused(folder, source)
    assert error.exit_code == 2 and expected in str(error)


def test_ordinary_templates_still_render(folder: Path) -> None:
    source = (
        "{% for m in measures %}- {{ m|upper }}\n{% endfor %}"
        "{{ '%05d' % n }} {{ '{:,}'.format(big) }} {{ ['a', 'b']|join(', ') }}"
    )
    text = _render(folder, source, measures=["isolate", "reset"], n=42, big=2_500_000)
    assert text == "- ISOLATE\n- RESET\n00042 2,500,000 a, b"


# -- through the command line -------------------------------------------------------------------

PROFILE = (
    '[organisation]\nname = "Acme"\nlanguages = ["fr"]\n'
    '[dpo]\nname = "D. P. O."\nemail = "dpo@acme.lu"\n[authority]\nlead = "cnpd"\n'
)
INCIDENT = 'title = "x"\ntimezone = "Europe/Luxembourg"\naware_at = "2026-11-19T09:15"\n'


@pytest.fixture
def case(tmp_path: Path) -> list[str]:
    (tmp_path / "org.toml").write_text(PROFILE, encoding="utf-8")
    (tmp_path / "i.toml").write_text(INCIDENT, encoding="utf-8")
    base = ["--db", str(tmp_path / "bk.db"), "--org", str(tmp_path / "org.toml")]
    made = CliRunner().invoke(cli, [*base, "new", "--from", str(tmp_path / "i.toml"), "--json"])
    assert made.exit_code == 0, made.output
    return [*base, json.loads(made.stdout)["id"]]


def test_letters_with_an_include_of_etc_passwd_exit_2(case: list[str], tmp_path: Path) -> None:
    templates = tmp_path / "own"
    (templates / "letters").mkdir(parents=True)
    (templates / "letters" / "letter.j2").write_text("{% include '/etc/passwd' %}\n")
    (tmp_path / "people.csv").write_text("name,email\nZoe,zoe@example.org\n", encoding="utf-8")
    *base, incident = case
    result = CliRunner().invoke(
        cli,
        [*base, "letters", incident, "--subjects", str(tmp_path / "people.csv"),
         "--out", str(tmp_path / "out"), "--format", "eml", "--templates", str(templates),
         "--allow-incomplete"],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "letter.j2" in result.stderr and "/etc/passwd" in result.stderr


def test_a_letter_text_file_linked_out_of_the_folder_is_refused(
    case: list[str], tmp_path: Path
) -> None:
    templates = tmp_path / "own"
    (templates / "letters").mkdir(parents=True)
    secret = tmp_path / "secret.toml"
    secret.write_text(f'name = "{SECRET}"\n', encoding="utf-8")
    (templates / "letters" / "fr.toml").symlink_to(secret)
    (tmp_path / "people.csv").write_text("name,email\nZoe,zoe@example.org\n", encoding="utf-8")
    *base, incident = case
    result = CliRunner().invoke(
        cli,
        [*base, "letters", incident, "--subjects", str(tmp_path / "people.csv"),
         "--out", str(tmp_path / "out"), "--templates", str(templates)],
    )  # fmt: skip
    assert result.exit_code == 2 and "leads out of the folder" in result.stderr
    assert SECRET not in result.output
