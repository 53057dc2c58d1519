"""The core is stdlib-only and headless code never loads Textual (proved at run time)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

HEADLESS = [
    "breachkit.core.incident.parse",
    "breachkit.core.organisation.profile",
    "breachkit.core.timeline.chain",
    "breachkit.core.organisation.authorities",
    "breachkit.store.db",
    "breachkit.services",
    "breachkit.cli",
]


def _loaded(module: str) -> set[str]:
    code = f"import sys, {module}; print(' '.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return set(result.stdout.split())


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_import_does_not_load_textual(module: str) -> None:
    assert not {m for m in _loaded(module) if m == "textual" or m.startswith("textual.")}


def test_core_imports_only_the_standard_library() -> None:
    loaded = _loaded(
        "breachkit.core.incident.parse, breachkit.core.organisation.profile, "
        "breachkit.core.timeline.chain, breachkit.core.organisation.authorities, "
        "breachkit.core.times"
    )
    roots = {m.split(".")[0] for m in loaded if not m.startswith("_")}
    third_party = roots - set(sys.stdlib_module_names) - {"breachkit"}
    assert third_party == set()


def test_core_modules_never_read_the_system_clock() -> None:
    offenders = [
        path.name
        for path in (ROOT / "breachkit" / "core").glob("*.py")
        if "datetime.now(" in path.read_text(encoding="utf-8")
        or "time.time(" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_import_linter_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
