"""No traceback reaches a user: errors become messages and exit codes (spec: 0/1/2)."""

from __future__ import annotations

import sys
from typing import Any

import click

from breachkit.adapters import paths
from breachkit.adapters.files import append_private
from breachkit.core.errors import BreachkitError
from breachkit.core.text import display

INTERNAL_ERROR = 3
BROKEN_PIPE = 141
"""What a shell reports for a program stopped by SIGPIPE (128 + 13): the reader of its
output (``head``, ``less``) closed the pipe; nothing is wrong with the command."""


def quiet_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's last flush at exit
    does not fail on the closed pipe too."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no file descriptor (tests' captured output)
        pass


def log_internal_error(error: BaseException) -> str:
    """Write the traceback to the user state log; returns where it went."""
    import traceback  # here: only a failure writes one (start-up)

    path = paths.log_path()
    try:
        append_private(path, "".join(traceback.format_exception(error)) + "\n")
        return str(path)
    except OSError:
        import logging  # only here: most runs never need it

        logging.getLogger("breachkit").exception("internal error")
        return "(the log could not be written)"


class BreachkitGroup(click.Group):
    """A click group that turns breachkit errors into exit codes and hides tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BreachkitError as err:
            click.echo(f"error: {display(err.message)}", err=True)
            sys.exit(err.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted; nothing half-written was kept", err=True)
            sys.exit(130)
        except BrokenPipeError:  # `breachkit clocks ID | head`: the reader has gone
            quiet_stdout()
            sys.exit(BROKEN_PIPE)
        except Exception as err:  # noqa: BLE001 - the last line of defence
            where = log_internal_error(err)
            click.echo(
                f"breachkit failed unexpectedly ({type(err).__name__}: {display(str(err))}).\n"
                f"The details are in {where}; please include them in a bug report.",
                err=True,
            )
            sys.exit(INTERNAL_ERROR)
