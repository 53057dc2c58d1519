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
        except Exception as err:  # noqa: BLE001 - the last line of defence
            where = log_internal_error(err)
            click.echo(
                f"breachkit failed unexpectedly ({type(err).__name__}: {display(str(err))}).\n"
                f"The details are in {where}; please include them in a bug report.",
                err=True,
            )
            sys.exit(INTERNAL_ERROR)
