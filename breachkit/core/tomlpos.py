"""Where keys sit in a TOML text, so errors can name the line (tomllib does not say)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from breachkit.core.errors import InputError, Problem

if TYPE_CHECKING:
    import tomllib

_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+|\"[^\"]*\")\s*=")
_TOML_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")
TOO_DEEP = "not valid TOML: lists or tables are nested too deeply"


def key_lines(text: str) -> dict[str, int]:
    """Map dotted key paths (``breach.cause``) and tables (``breach``) to 1-based lines.

    Covers the plain layout the specs use (tables and ``key = value`` lines); keys it
    cannot place simply have no line.
    """
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("[["):
            continue
        header = _TABLE.match(line)
        if header:
            table = header.group(1).replace('"', "").replace(" ", "")
            lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            name = key.group(1).strip('"')
            lines.setdefault(f"{table}.{name}" if table else name, number)
    return lines


def load_toml(text: str, source: str) -> dict[str, Any]:
    """Parse TOML text; a syntax error becomes an InputError naming the file and line."""
    import tomllib  # here: reading a stored incident (its JSON) needs no TOML parser

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line, message = decode_error_line(err)
        raise InputError(Problem(source, None, f"not valid TOML: {message}", line)) from None
    except RecursionError:
        raise InputError(Problem(source, None, TOO_DEEP)) from None


def decode_error_line(error: tomllib.TOMLDecodeError) -> tuple[int | None, str]:
    """The line tomllib reported, and its message without the position suffix."""
    message = str(error)
    found = _TOML_LINE.search(message)
    if not found:
        return None, message
    return int(found.group(1)), _TOML_LINE.sub("", message).strip()
