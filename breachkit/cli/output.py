"""Printing for people (rich) and for programs (one JSON document on stdout).

Every piece of user text a command prints goes through :func:`safe` (rich markup) or
:func:`shown` (plain ``click.echo``): both make control characters visible with the
core's :func:`~breachkit.core.text.display`, so a title, an entry or an error message
can never send an escape sequence to the terminal. JSON needs neither: it escapes
control characters itself.
"""

from __future__ import annotations

import json
import re
import sys
from typing import TYPE_CHECKING, Any

from breachkit.cli.ink import Ink
from breachkit.core.text import display

if TYPE_CHECKING:
    from rich.console import Console

    from breachkit.core.timeline.chain import TimelineEntry


def _pipe_closed() -> None:
    raise BrokenPipeError


class _FirstUse:
    """A rich console made when a command first prints through it: a command that only
    echoes plain lines (``log``) never imports rich."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def made(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
            # rich would exit 1 ("a check found a problem"); the command line's handler
            # exits as a shell reports SIGPIPE instead (see cli/errors.py)
            self._console.on_broken_pipe = _pipe_closed  # type: ignore[method-assign]
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.made(), name)


_out = _FirstUse(highlight=False, soft_wrap=True, emoji=False)
_err = _FirstUse(stderr=True, highlight=False, soft_wrap=True, emoji=False)
out = Ink(lambda: sys.stdout, _out.made)
"""Standard output: marked-up lines and tables printed without rich (cli/ink.py),
anything else through rich's console."""
err = Ink(lambda: sys.stderr, _err.made)


def stderr_console() -> Console:
    """The rich console of :data:`err` itself, for a rich object that keeps its console
    (a progress bar)."""
    return _err.made()


def shown(text: object) -> str:
    """User text for plain output (``click.echo``): control characters made visible."""
    return display(str(text))


_ESCAPE = re.compile(r"(\\*)(\[[a-z#/@][^[]*?])")


def _escape_tag(found: re.Match[str]) -> str:
    backslashes, tag = found.groups()
    return f"{backslashes}{backslashes}\\{tag}"


def safe(text: object) -> str:
    """User text for marked-up output: control characters made visible, markup escaped
    as ``rich.markup.escape`` escapes it (a test holds the two equal)."""
    escaped = _ESCAPE.sub(_escape_tag, display(str(text)))
    if escaped.endswith("\\") and not escaped.endswith("\\\\"):
        return escaped + "\\"
    return escaped


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def emit_json(document: Any) -> None:
    """One JSON document on stdout. JSON escapes C0 controls itself; DEL, the C1 controls
    (``\\x9b`` is an escape to some terminals) and the line and direction controls are
    written as ``\\uXXXX`` too, which any JSON reader turns back into the same text."""
    sys.stdout.write(json_safe(json.dumps(document, ensure_ascii=False, indent=2, default=str)))
    sys.stdout.write("\n")


def _escaped(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"


def json_safe(text: str) -> str:
    """JSON text with DEL, the C1 controls and the line and direction controls written as
    ``\\uXXXX`` (see :func:`emit_json`)."""
    return _JSON_UNSAFE.sub(_escaped, text)


def entry_json(entry: TimelineEntry) -> dict[str, Any]:
    return entry.to_document()
