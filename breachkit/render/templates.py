"""Jinja for notification drafts and letters: sandboxed, strict, costed, user templates first.

A missing field in a legal notice is an error, not a blank (StrictUndefined). An
organisation's own template folder is searched before the bundled one, so any shipped
template can be overridden by a file of the same name; it is read without following a
link out of it (:mod:`breachkit.adapters.userdir`).

A user template is code from outside breachkit, so besides Jinja's sandbox (no access to
Python internals) it runs on a budget (:mod:`breachkit.render.template_budget`): every
loop step and call counts, the output, the strings and lists it makes are capped, and it
has a time limit. A template over budget, with a syntax error, or failing as it renders
(``{{ 1 / 0 }}``, a missing include) is an :class:`~breachkit.core.errors.InputError`
(exit 2) naming the template and its line, never a crash.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.numbers import format_decimal
from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment

from breachkit.adapters.paths import bundled
from breachkit.adapters.userdir import read_inside, walk_inside
from breachkit.core.errors import BreachkitError, InputError, Problem
from breachkit.render import template_budget as budget


class UserFolderLoader(BaseLoader):
    """Templates in the user's folder; a link that leads out of it is refused (exit 2)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = self.root.joinpath(*split_template_path(template))
        try:
            source = read_inside(self.root, path)
        except FileNotFoundError:
            raise TemplateNotFound(template) from None
        if not path.is_file():
            raise TemplateNotFound(template)
        mtime = path.stat().st_mtime
        return source, str(path), lambda: path.is_file() and path.stat().st_mtime == mtime

    def list_templates(self) -> list[str]:
        return list(walk_inside(self.root))


class GuardedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, with every operation that could cost without bound counted or capped.

    Immutable: a template cannot grow a list or a dict (``append``, ``update``), so what
    it holds at once is the handful of values it names, each capped in size."""

    intercepted_binops = budget.INTERCEPTED_BINOPS

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.pop("lipsum", None)  # a text generator with no use in a legal notice
        self.filters = budget.guarded_filters(self.filters)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        budget.check_binop(operator, left, right)
        return budget.produced(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        args = budget.check_call(__obj, args, kwargs)
        return budget.produced(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        budget.step()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        budget.step()
        return super().getitem(obj, argument)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``'{:>9}'.format(x)``: the width is checked before the string is made."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        template = value.__self__

        def checked(*args: Any, **kwargs: Any) -> str:
            budget.check_format(template, args, kwargs)
            return str(budget.produced(wrapped(*args, **kwargs)))

        return checked

    def _generate(
        self, source: Any, name: str | None, filename: str | None, defer_init: bool = False
    ) -> str:
        budget.instrument(source)
        return str(super()._generate(source, name, filename, defer_init))

    def handle_exception(self, source: str | None = None) -> Any:
        """Every error while compiling or rendering a template becomes exit 2 naming it."""
        error = sys.exc_info()[1]
        if isinstance(error, BreachkitError):
            raise error
        raise template_problem(error, source) from None


def template_problem(error: BaseException | None, source: str | None = None) -> InputError:
    """An InputError naming the template file and line where ``error`` happened."""
    where, line = _location(error)
    if isinstance(error, budget.OverBudget):
        message = f"template stopped: {error.message}"
    elif isinstance(error, TemplateNotFound):
        message = f"template error: no template '{error.name}' (or it is outside the folder)"
    elif isinstance(error, TemplateError):
        message = f"template error: {error.message or type(error).__name__}"
    elif isinstance(error, RecursionError):
        message = "template error: it calls itself (a macro or include) without end"
    elif isinstance(error, MemoryError):
        message = "template stopped: it needs more memory than breachkit allows"
    elif isinstance(error, InputError):
        message = "; ".join(p.message for p in error.problems)
    else:
        message = f"template error: {type(error).__name__}: {error}"
    return InputError(Problem(where or "template", None, message, line))


def _location(error: BaseException | None) -> tuple[str | None, int | None]:
    if isinstance(error, TemplateSyntaxError):
        return error.filename or error.name, error.lineno
    where = getattr(error, "name", None) if isinstance(error, TemplateError) else None
    line = None
    traceback = error.__traceback__ if error is not None else None
    with contextlib.suppress(Exception):
        from jinja2.debug import rewrite_traceback_stack

        if error is not None:
            traceback = rewrite_traceback_stack().__traceback__
    while traceback is not None:
        frame = traceback.tb_frame
        if "__jinja_exception__" in frame.f_globals:
            where, line = frame.f_code.co_filename, traceback.tb_lineno
        traceback = traceback.tb_next
    return where, line


def environment(user_dir: Path | None = None, *, autoescape: bool = False) -> SandboxedEnvironment:
    """The template environment: ``user_dir`` (if any) before the bundled templates."""
    loaders: list[BaseLoader] = []
    if user_dir is not None:
        if not user_dir.is_dir():
            raise InputError(Problem(str(user_dir), None, "the templates folder does not exist"))
        loaders.append(UserFolderLoader(user_dir))
    loaders.append(FileSystemLoader(str(bundled("notification_templates"))))
    env = GuardedEnvironment(
        loader=ChoiceLoader(loaders),
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
    """Render ``name`` (or the first of ``search`` that exists) on a fresh budget; every
    error names the template (and line) and is exit 2."""
    try:
        template = env.get_or_select_template([name, *search])
        with budget.Budget.active():
            return template.render(context)
    except BreachkitError:
        raise
    except TemplateError as err:
        raise template_problem(err) from None
    except (RecursionError, MemoryError) as err:
        raise template_problem(err) from None
