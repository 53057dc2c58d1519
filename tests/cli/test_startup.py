"""Start-up: a command imports only what it uses (issue 19), and the lazy command table
says what the commands themselves say."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import click
import pytest

from breachkit.cli.lazy import COMMANDS, load_all
from breachkit.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("reportlab", "jinja2", "babel", "textual", "PIL")


def _loaded_by(tmp_path: Path, *args: str) -> set[str]:
    """The modules a `breachkit ARGS` run has loaded when it ends."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write('MODULES ' + ' '.join(sorted(sys.modules))))\n"
        "from breachkit.cli.main import main\n"
        "sys.argv = ['breachkit', *sys.argv[1:]]\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "--db", str(tmp_path / "s.db"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return set(done.stderr.rsplit("MODULES ", 1)[1].split())


@pytest.mark.parametrize("args", [("list",), ("--help",)])
def test_light_commands_load_no_renderer_template_engine_or_tui(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    loaded = _loaded_by(tmp_path, *args)
    heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY)
    assert heavy == []
    assert "breachkit.cli.incident_cmds" in loaded or args == ("--help",)


QUICK = [
    ("list",),
    ("show", "BK-2026-0001"),
    ("clocks", "BK-2026-0001"),
    ("log", "BK-2026-0001", "x"),
]
PARTS_NOT_NEEDED = ("letters", "send", "bounces", "review", "drafts", "notices", "demo", "bundles")


@pytest.mark.parametrize("args", QUICK, ids=lambda args: args[0])
def test_quick_commands_load_only_the_parts_they_use(tmp_path: Path, args: tuple[str, ...]) -> None:
    """Issue 18/19: the services façade imports a part when it is first used, and an
    up-to-date database opens without sqlite-utils (it is for the migrations)."""
    from breachkit.services import Services

    services = Services(tmp_path / "s.db", org_path=tmp_path / "none.toml", actor="t")
    services.create_demo()
    services.close()
    loaded = _loaded_by(tmp_path, *args)
    assert "sqlite_utils" not in loaded
    assert sorted(m for m in loaded if m.split(".")[0] in HEAVY) == []
    parts = {m.rsplit(".", 1)[1] for m in loaded if m.startswith("breachkit.services.")}
    assert sorted(p for p in parts if p.split("_")[0] in PARTS_NOT_NEEDED) == []


def test_light_commands_load_no_change_records_and_no_rich(tmp_path: Path) -> None:
    """Issue 19: reading and logging a note load neither the change records (23 dataclasses)
    nor, for ``list``, ``deadline`` and ``log``, the projections' rows; and none of them
    imports rich (their lines and tables are printed by cli/ink.py)."""
    from breachkit.services import Services

    services = Services(tmp_path / "s.db", org_path=tmp_path / "none.toml", actor="t")
    services.create_demo()
    services.close()
    deadline = ("deadline", "--aware", "2026-11-19T10:00", "--tz", "Europe/Luxembourg")
    for args in (*QUICK, deadline):
        loaded = _loaded_by(tmp_path, *args)
        assert "breachkit.core.timeline.changes" not in loaded, args
        if args[0] in ("list", "deadline", "log"):
            assert "breachkit.core.timeline.projection" not in loaded, args
            assert "breachkit.store.records" not in loaded, args
        # the quick commands print through cli/ink.py: rich is for progress bars and tables
        assert sorted(m for m in loaded if m.split(".")[0] == "rich") == [], args
        if args[0] == "deadline":  # no incident: no database, no letters
            assert sorted(m for m in loaded if m.startswith(("breachkit.store", "sqlite3"))) == []
            assert "breachkit.services.told_record" not in loaded


NEVER_AT_START = (
    "platformdirs",  # with --db: the profile is not read
    "tempfile",
    "secrets",
    "traceback",
    "breachkit.core.organisation.smtp",
    "breachkit.services.results",
    "breachkit.core.timeline.projection",
    "breachkit.core.timeline.typed",
    "breachkit.store.records",
)
"""Issue 19: what none of the quick commands imports (each is imported where it is used)."""
WRITES = ("hashlib", "getpass")
"""What only a command that records (``log``) needs: the entry's hash, the login name
(and the entries' code: no quick read reads the timeline)."""
NOT_WITHOUT_CONTROLLERS = (
    "breachkit.services.controllers",
    "breachkit.core.controllers.model",
    "breachkit.core.letters.people",
    "breachkit.store.records_people",
    "breachkit.store.records_decisions",
    "breachkit.core.letters.told",
)
"""``clocks`` of an incident without a controllers file, nobody told: no board, no
letters' rows or code."""
DEADLINE = ("deadline", "--aware", "2026-11-19T10:00", "--tz", "Europe/Luxembourg")


@pytest.mark.parametrize("args", [*QUICK, DEADLINE, ("--help",)], ids=lambda args: args[0])
def test_quick_commands_leave_out_what_they_do_not_use(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    from breachkit.services import Services

    services = Services(tmp_path / "s.db", org_path=tmp_path / "none.toml", actor="t")
    services.create_demo()  # a controller's incident: no controllers file
    services.close()
    loaded = _loaded_by(tmp_path, *args)
    unwanted = [*NEVER_AT_START, *NOT_WITHOUT_CONTROLLERS]
    if args[0] != "log":
        unwanted += [*WRITES, "breachkit.core.timeline.chain", "breachkit.store.timeline"]
    if args[0] in ("list", "show", "log", "--help"):
        unwanted.append("tomllib")  # clocks and deadline read the clock rules (TOML)
    if args[0] in ("list", "clocks", "deadline"):  # time, count, yes/no: store.reads
        unwanted.append("breachkit.store.repo")
    if args[0] == "deadline":  # no incident: nothing of reading or changing one
        unwanted += [
            "breachkit.core.incident.parse",
            "breachkit.core.organisation.profile",
            "breachkit.core.timeline.chain",
            "breachkit.services.incident_changes",
        ]
    if args[0] == "--help":
        unwanted += ["rich", "breachkit.services"]
    assert sorted(m for m in unwanted if m in loaded) == [], args


def test_the_command_starts_with_fewer_collections_and_the_cockpit_as_usual() -> None:
    """``breachkit`` (console script and ``python -m breachkit``) raises the young
    generation's threshold before it imports click; the TUI goes back to Python's."""
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["breachkit"] == "breachkit.__main__:run"
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: sys.stderr.write('GC %d' % gc.get_threshold()[0]))\n"
        "sys.argv = ['breachkit', '--help']\n"
        "from breachkit.__main__ import run\n"
        "run()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    from breachkit import startup

    assert done.stderr.rsplit("GC ", 1)[1] == str(startup.YOUNG)
    before = gc.get_threshold()
    try:
        startup.collect_less()
        assert gc.get_threshold()[0] == startup.YOUNG
        startup.collect_as_usual()
        assert gc.get_threshold() == startup.PYTHON_THRESHOLDS
    finally:
        gc.set_threshold(*before)


def test_importing_the_services_loads_no_part() -> None:
    code = (
        "import sys, breachkit.services\n"
        "print(' '.join(m for m in sys.modules if m.startswith(('breachkit.services.',"
        " 'breachkit.store', 'sqlite_utils', 'reportlab', 'jinja2', 'babel'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    loaded = set(done.stdout.split())
    assert loaded <= {
        "breachkit.services.base",  # what a part is (no part)
        "breachkit.services.context",
        "breachkit.services.facade",
        "breachkit.services.facade_cases",
        "breachkit.services.facade_filing",
        "breachkit.services.parts",
        "breachkit.services.views",
    }, loaded


def test_the_command_table_says_what_the_commands_say() -> None:
    load_all()
    ctx = click.Context(cli)
    real = {
        name: (command.callback.__module__.rsplit(".", 1)[1], command.help or "")
        for name, command in cli.commands.items()
    }
    assert sorted(real) == sorted(COMMANDS), "add the command to breachkit/cli/lazy.py"
    for name, (module, help_text) in COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert command is not None
        assert real[name][0] == module, name
        limit = 10_000
        stub = click.Command(name, help=help_text)
        assert command.get_short_help_str(limit) == stub.get_short_help_str(limit), (
            f"{name}: the short help in breachkit/cli/lazy.py differs from the command's"
        )


def test_help_lists_every_command() -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert f"  {name} " in result.output
