"""An incident whose stored record cannot be read: how the services name it.

A record written by an older breachkit with looser checks (a year 9999, an escape in a
title) or edited by hand fails the checks every record is read through. Such an incident
is listed as broken, with the reason, so that it never hides the others (``list``, the
register, the TUI board).
"""

from __future__ import annotations

from datetime import datetime

from breachkit.core.errors import BreachkitError
from breachkit.core.times import EARLIEST, from_storage

BROKEN_RECORD = (BreachkitError, ValueError, TypeError, KeyError, OverflowError, RecursionError)
"""What reading a damaged stored record can raise: the incident is shown as broken."""


def broken_reason(error: BaseException) -> str:
    """Why the record cannot be read, for a person."""
    if isinstance(error, BreachkitError):
        return error.message
    return f"the stored record cannot be read ({type(error).__name__}: {error})"


def recorded_at(created_at: str) -> datetime:
    """When the broken incident was recorded (1970 if even that cannot be read)."""
    try:
        return from_storage(created_at)
    except (ValueError, TypeError):
        return EARLIEST
