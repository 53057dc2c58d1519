"""The ``breachkit`` command: global options, then one subcommand per use-case."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.core import ParameterSource

from breachkit import __version__
from breachkit.adapters import paths
from breachkit.cli.lazy import LazyGroup
from breachkit.core.errors import InputError, Problem

if TYPE_CHECKING:
    from breachkit.services import Services


class State:
    """What every command gets: the services, built once from the global options."""

    def __init__(
        self,
        db: Path | None,
        org: Path | None,
        actor: str | None,
        playbooks: Path | None = None,
        *,
        creates_db: bool = True,
        practice: bool = False,
    ) -> None:
        self.playbooks_dir = playbooks
        self.practice = practice
        """``breachkit demo`` without --db: the practice database, never the register."""
        self.db_path = paths.practice_db_path() if practice else paths.db_path(db)
        self.db_named = db is not None
        """--db or BREACHKIT_DB was given: its folder must exist (a typo never starts a DB)."""
        self.creates_db = creates_db
        self.org_option = org
        self.actor = actor
        self._services: Services | None = None

    @property
    def org_path(self) -> Path:
        """``--org``, else ``BREACHKIT_ORG``, else the user config folder (found when first
        asked for: most commands never read the profile)."""
        return paths.org_path(self.org_option)

    @property
    def services(self) -> Services:
        if self._services is None:
            from breachkit.services import Services  # imported when a command needs it

            self._services = Services(self.db_path, org_path=self.org_option, actor=self.actor)
            self._services.playbooks_dir = self.playbooks_dir
            self._services.create_db = self.creates_db
            self._services.make_db_folder = not self.db_named
        return self._services


pass_state = click.make_pass_decorator(State)

CREATING_COMMANDS = frozenset({None, "new", "import", "demo"})
"""Only these make a database file (None: the TUI, where incidents are created)."""


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="BREACHKIT_DB",
    help="SQLite database file (default: in your user data directory).",
)
@click.option(
    "--org",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="BREACHKIT_ORG",
    help="Organisation profile (default: in your user config directory).",
)
@click.option("--actor", help="Who is recording (default: your login name).")
@click.option(
    "--playbooks",
    "playbooks_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="BREACHKIT_PLAYBOOKS",
    help="A folder of your own playbooks, added to (or replacing) the bundled ones.",
)
@click.version_option(__version__, prog_name="breachkit")
@click.pass_context
def cli(
    ctx: click.Context,
    db: Path | None,
    org: Path | None,
    actor: str | None,
    playbooks_dir: Path | None,
) -> None:
    """Respond to a personal-data breach: log, clocks, risk, drafts, letters.

    Run without a command to open the full-screen cockpit.
    """
    practice = (
        ctx.invoked_subcommand == "demo"
        and ctx.get_parameter_source("db") is not ParameterSource.COMMANDLINE
    )
    if practice:
        db = None  # not BREACHKIT_DB either: it names the register the demo stays out of
    if db is not None and not db.parent.is_dir():
        raise InputError(
            Problem("--db", None, f"{db}: the folder {db.parent} does not exist (check --db)")
        )
    creates = ctx.invoked_subcommand in CREATING_COMMANDS
    ctx.obj = State(db, org, actor, playbooks_dir, creates_db=creates, practice=practice)
    if ctx.invoked_subcommand is None:
        from breachkit.services.practice import is_practice
        from breachkit.tui.app import run_tui  # deferred: other commands never load Textual

        run_tui(ctx.obj.services, practice=is_practice(ctx.obj.db_path))


def main() -> None:
    try:
        cli(prog_name="breachkit")
    finally:
        _flush_stdout()


def _flush_stdout() -> None:
    """Write out what is still buffered now, so that a reader that went away (``| head``)
    ends the command quietly, as in :class:`~breachkit.cli.errors.BreachkitGroup`, and not
    with the interpreter's own complaint at exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        from breachkit.cli.errors import BROKEN_PIPE, quiet_stdout

        quiet_stdout()
        sys.exit(BROKEN_PIPE)
