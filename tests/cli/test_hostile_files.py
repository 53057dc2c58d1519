"""Files breachkit writes: private, atomic, never through a path someone else planted;
``-o -`` is standard output, ``-o DIR/`` is a folder."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import pytest
from click.testing import CliRunner, Result

from breachkit.adapters import files
from breachkit.adapters.paths import log_path
from breachkit.cli.main import cli
from breachkit.core.errors import InputError

Run = Callable[..., Result]
"""The ``run`` fixture: invokes the CLI with the given arguments."""


GOOD = 'title = "Lost laptop"\ntimezone = "Europe/Luxembourg"\naware_at = "2026-11-19T09:15"\n'


@pytest.fixture
def run(tmp_path: Path) -> Run:
    def invoke(*args: str) -> Result:
        base = ["--db", str(tmp_path / "cli.db"), "--org", str(tmp_path / "org.toml")]
        return CliRunner().invoke(cli, [*base, "--actor", "tester", *args])

    return invoke


@pytest.fixture
def incident(run: Run, tmp_path: Path) -> str:
    (tmp_path / "incident.toml").write_text(GOOD, encoding="utf-8")
    result = run("new", "--from", str(tmp_path / "incident.toml"))
    assert result.exit_code == 0, result.output
    return str(result.stdout.strip())


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(files.TEMP_SUFFIX))


def test_export_never_writes_through_a_planted_symlink(
    run: Run, incident: str, tmp_path: Path
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    victim = tmp_path / "attacker-reads-this"
    victim.write_bytes(b"")
    os.chmod(victim, 0o644)
    (shared / ".case.bkbundle.tmp").symlink_to(victim)  # what today's export opened
    result = run("export", incident, "-o", str(shared / "case.bkbundle"))
    assert result.exit_code == 0, result.output
    assert victim.read_bytes() == b""  # nothing went to the planted path
    assert _mode(shared / "case.bkbundle") == 0o600
    assert (shared / ".case.bkbundle.tmp").is_symlink()  # left alone, not followed


def test_export_never_truncates_a_planted_file(run: Run, incident: str, tmp_path: Path) -> None:
    planted = tmp_path / ".case.bkbundle.tmp"
    planted.write_bytes(b"someone else's")
    assert run("export", incident, "-o", str(tmp_path / "case.bkbundle")).exit_code == 0
    assert planted.read_bytes() == b"someone else's"


def test_export_into_a_folder_names_the_bundle(run: Run, incident: str, tmp_path: Path) -> None:
    result = run("export", incident, "-o", f"{tmp_path / 'handover'}/")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "handover" / f"{incident}.bkbundle").is_file()


def test_register_to_standard_output_writes_no_file_named_dash(
    run: Run, incident: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("register", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.lstrip("\ufeff").startswith("incident_id,title")
    assert incident in result.stdout
    assert not (tmp_path / "-").exists()
    pdf = run("register", "-o", "-", "--format", "pdf")
    assert pdf.exit_code == 2 and "standard output" in pdf.stderr


def test_register_into_a_new_folder(run: Run, incident: str, tmp_path: Path) -> None:
    result = run("register", "-o", f"{tmp_path / 'reg'}/", "--format", "json")
    assert result.exit_code == 0, result.output
    written = list((tmp_path / "reg").iterdir())
    assert len(written) == 1 and written[0].suffix == ".json" and _mode(written[0]) == 0o600


def test_draft_into_a_folder_with_a_trailing_slash(
    run: Run, incident: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("draft", incident, "--authority", "cnpd", "--allow-incomplete", "-o", "newdir/")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "newdir").is_dir()
    [written] = list((tmp_path / "newdir").iterdir())
    assert written.name.startswith(incident) and written.suffix == ".pdf"
    assert _mode(written) == 0o600


def test_report_into_a_folder(run: Run, incident: str, tmp_path: Path) -> None:
    result = run("report", incident, "-o", f"{tmp_path / 'reports'}/")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "reports" / f"{incident}-report.pdf").is_file()


def test_the_error_log_is_private(run: Run, incident: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from breachkit.services import Services

    def explode(*_args: object, **_kwargs: object) -> NoReturn:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Services, "timeline", explode)
    log = log_path()
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("from an older breachkit\n", encoding="utf-8")
    os.chmod(log, 0o644)
    assert run("timeline", incident).exit_code == 3
    assert _mode(log) == 0o600
    assert "disk on fire" in log.read_text(encoding="utf-8")


def test_a_write_that_fails_leaves_nothing_and_exits_2(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with pytest.raises(RuntimeError), files.private_output(target) as handle:
        handle.write(b"half")
        raise RuntimeError("interrupted")
    assert not target.exists() and _leftovers(tmp_path) == []
    not_a_folder = tmp_path / "afile"
    not_a_folder.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="cannot write"):
        files.write_private(not_a_folder / "x.csv", b"data")


def test_a_full_disk_is_exit_2_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)  # the one os module files.py calls
    with pytest.raises(InputError, match="No space left"):
        files.write_private(tmp_path / "register.csv", b"data")
    assert list(tmp_path.iterdir()) == []


def test_write_private_replaces_atomically_and_privately(tmp_path: Path) -> None:
    target = tmp_path / "doc.md"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o644)
    files.write_private(target, b"new")
    assert target.read_bytes() == b"new" and _mode(target) == 0o600
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("name", ["../x", "a/b", "..", ""])
def test_a_chosen_name_is_one_plain_file_name(name: str, tmp_path: Path) -> None:
    with pytest.raises(InputError):
        files.output_path(f"{tmp_path}/", name)
