"""Build a frozen dataclass from JSON values, every field checked against its type.

Change records and checkpoint rows come from stored JSON; a value of the wrong type must
be named, not half-applied. The checks are compiled once per class (``verify`` reads
every change on the chain).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from dataclasses import MISSING, fields
from typing import Any


class ChangeError(ValueError):
    """Stored values that claim to be a change (or a row) but are not a valid one."""


T = typing.TypeVar("T")


def build(cls: type[T], values: Mapping[str, Any], what: str) -> T:
    """``cls`` (a dataclass) from ``values``, every field present and of its type."""
    kwargs = {}
    plan = _PLANS.get(cls) or _plan(cls)
    for name, check, required in plan:
        if name in values:
            kwargs[name] = check(values[name], what, name)
        elif required:
            raise ChangeError(f"{what} has no '{name}'")
    return cls(**kwargs)


Checker = typing.Callable[[Any, str, str], Any]
"""(value, what, field) -> the value as the field holds it; raises ChangeError."""


_PLANS: dict[type, tuple[tuple[str, Checker, bool], ...]] = {}


def _plan(cls: type) -> tuple[tuple[str, Checker, bool], ...]:
    """Per field: its name, its type check, whether the record must have it (compiled once:
    ``verify`` reads every change on the chain)."""
    hints = typing.get_type_hints(cls)
    plan = tuple(
        (f.name, _checker(hints[f.name]), f.default is MISSING and f.default_factory is MISSING)
        for f in fields(cls)
    )
    _PLANS[cls] = plan
    return plan


def _fail(value: Any, hint: Any, what: str, name: str) -> typing.NoReturn:
    raise ChangeError(f"{what}: '{name}' is {type(value).__name__}, not {_name(hint)}")


def _any(value: Any, what: str, name: str) -> Any:
    return value


def _checker(hint: Any) -> Checker:  # noqa: C901 - one branch per kind of type
    if hint is Any:
        return _any
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        inner = _checker(next(h for h in typing.get_args(hint) if h is not type(None)))

        def optional(value: Any, what: str, name: str) -> Any:
            return None if value is None else inner(value, what, name)

        return optional
    if origin is tuple:
        item = _checker(typing.get_args(hint)[0])

        def sequence(value: Any, what: str, name: str) -> Any:
            if type(value) is list or type(value) is tuple:
                return tuple(item(v, what, name) for v in value)
            _fail(value, hint, what, name)

        return sequence
    if origin is dict:
        item = _checker(typing.get_args(hint)[1])

        def mapping(value: Any, what: str, name: str) -> Any:
            if type(value) is dict:
                return value if item is _any else {k: item(v, what, name) for k, v in value.items()}
            _fail(value, hint, what, name)

        return mapping
    allowed = (int, float) if hint is float else (hint,)

    def simple(value: Any, what: str, name: str) -> Any:
        if type(value) in allowed:
            return value
        _fail(value, hint, what, name)

    return simple


def _name(hint: Any) -> str:
    return getattr(hint, "__name__", str(hint))
