"""Jinja for notification drafts and letters: sandboxed, strict, user templates first.

A missing field in a legal notice is an error, not a blank (StrictUndefined). An
organisation's own template folder is searched before the bundled one, so any shipped
template can be overridden by a file of the same name.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.numbers import format_decimal
from jinja2 import FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from breachkit.adapters.paths import bundled
from breachkit.core.errors import InputError, Problem


def environment(user_dir: Path | None = None, *, autoescape: bool = False) -> SandboxedEnvironment:
    """The template environment: ``user_dir`` (if any) before the bundled templates."""
    folders: list[str] = []
    if user_dir is not None:
        if not user_dir.is_dir():
            raise InputError(Problem(str(user_dir), None, "the templates folder does not exist"))
        folders.append(str(user_dir))
    folders.append(str(bundled("notification_templates")))
    env = SandboxedEnvironment(
        loader=FileSystemLoader(folders),
        undefined=StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["local_datetime"] = local_datetime
    env.filters["number"] = number
    return env


def local_datetime(value: datetime | None, zone: str, locale: str, fmt: str = "long") -> str:
    """A date-time in the incident's zone, written the locale's way, with the UTC offset."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(zone))
    text = format_datetime(local, format=_FORMATS.get(fmt, fmt), locale=locale)
    offset = local.strftime("%z")
    return f"{text} (UTC{offset[:3]}:{offset[3:]})"


_FORMATS = {"long": "d MMMM y, HH:mm", "short": "dd.MM.y HH:mm"}


def number(value: float | int | None, locale: str) -> str:
    """A number written the locale's way (``1 240`` in fr, ``1.240`` in da and de)."""
    if value is None:
        return ""
    return str(format_decimal(value, locale=locale))


def render_template(
    env: SandboxedEnvironment, name: str, context: dict[str, object], *, search: Sequence[str] = ()
) -> str:
    """Render ``name`` (or the first of ``search`` that exists); errors name the template."""
    try:
        template = env.get_or_select_template([name, *search])
        return template.render(context)
    except TemplateError as err:
        where = getattr(err, "name", None) or name
        line = getattr(err, "lineno", None)
        raise InputError(Problem(str(where), None, f"template error: {err}", line)) from None
