"""What a template may cost: steps, time, output and the size of what it makes.

Jinja's sandbox stops a template from reaching Python's internals, not from spending
memory and time: ``{{ 'a' * 3000000000 }}`` asks for gigabytes, two nested loops over
``range(100000)`` run for hours. Each render gets a :class:`Budget` and the sandbox's
hooks spend from it:

* every loop step, call and attribute lookup is a **step** (at most ``STEPS``), and the
  render has a **time limit** (``SECONDS``), checked as the steps are counted;
* every string or list an operation makes is at most ``SIZE`` long, checked *before*
  the operations that multiply (``*``, ``**``, ``%`` and ``format`` widths, ``join``,
  ``replace``, ``center``…) so the memory is never asked for;
* everything a template outputs, at any depth (macros, loops, filter blocks) counts
  towards ``OUTPUT`` characters.

Going over is :class:`OverBudget`, which the environment reports as exit 2 naming the
template and line. The limits are far above what a notification or a letter needs (the
bundled templates use well under a thousandth of each).
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import string
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from jinja2 import nodes, pass_context
from jinja2.exceptions import SecurityError

STEPS = 2_000_000
SECONDS = 5.0
SIZE = 1_000_000
OUTPUT = 5_000_000
EXPONENT_BITS = 4096
"""The largest integer ``**`` may make, in bits."""

INTERCEPTED_BINOPS = frozenset({"*", "**", "%", "+"})
SIZED_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
SIZED_FILTERS = frozenset({"center", "indent", "slice", "batch"})
"""What takes a size as a number: a huge number there is a huge string or a long loop."""
_BIG_NUMBER = re.compile(r"\d{7,}")
_current: contextvars.ContextVar[Budget | None] = contextvars.ContextVar(
    "breachkit_template_budget", default=None
)


class OverBudget(SecurityError):
    """A template that would cost more than breachkit allows."""


class Budget:
    """What one render may still spend."""

    def __init__(self) -> None:
        self.deadline = time.monotonic() + SECONDS
        self.steps = 0
        self.output = 0

    @classmethod
    @contextlib.contextmanager
    def active(cls) -> Iterator[Budget]:
        """A fresh budget for the renders in this block (this thread only)."""
        budget = cls()
        token = _current.set(budget)
        try:
            yield budget
        finally:
            _current.reset(token)

    def step(self, count: int = 1) -> None:
        self.steps += count
        if self.steps > STEPS:
            raise OverBudget(f"more than {STEPS:,} loop steps and calls")
        if self.steps & 0xFF == 0 and time.monotonic() > self.deadline:
            raise OverBudget(f"it ran for more than {SECONDS:g} seconds")

    def produce(self, size: int) -> None:
        self.output += size
        if self.output > OUTPUT:
            raise OverBudget(f"it writes more than {OUTPUT:,} characters")


def _budget() -> Budget:
    found = _current.get()
    return found if found is not None else Budget()


def step() -> None:
    _budget().step()


def _size(value: Any) -> int:
    if isinstance(value, str | bytes | list | tuple | dict | set | frozenset):
        return len(value)
    return 0


def _check_size(size: int, what: str) -> None:
    if size > SIZE:
        raise OverBudget(f"{what} would be {size:,} long (the limit is {SIZE:,})")


def produced(value: Any) -> Any:
    """``value``, if it is not larger than a template may make."""
    _check_size(_size(value), "a value")
    return value


# -- operators ------------------------------------------------------------------------------


def check_binop(operator: str, left: Any, right: Any) -> None:
    step()
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if _size(seq) and isinstance(times, int) and not isinstance(times, bool):
                _check_size(_size(seq) * max(times, 0), "a repeated string or list")
    elif operator == "+":
        if _size(left) and _size(right):
            _check_size(_size(left) + _size(right), "a joined string or list")
    elif operator == "**":
        big = _is_int(left) and _is_int(right) and abs(left) > 1 and right > 0
        if big and right * max(abs(left).bit_length(), 1) > EXPONENT_BITS:
            raise OverBudget(f"a power with more than {EXPONENT_BITS} bits")
    elif operator == "%" and isinstance(left, str):
        _check_percent(left, right)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_percent(template: str, args: Any) -> None:
    if "*" in template or _BIG_NUMBER.search(template):
        raise OverBudget("a %-format with a computed or very large width")
    values = args if isinstance(args, tuple) else (args,)
    _check_size(len(template) + sum(len(str(v)) for v in values[:1000]), "a formatted string")


def check_format(template: str, args: Any, kwargs: Any) -> None:
    """``'{:>9}'.format(x)``: no width or precision beyond six digits, none computed."""
    step()
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return  # str.format will say what is wrong
    for _text, _name, spec, _conversion in fields:
        if spec and ("{" in spec or _BIG_NUMBER.search(spec)):
            raise OverBudget("a format with a computed or very large width")


# -- calls and filters ----------------------------------------------------------------------


def check_call(obj: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> tuple[Any, ...]:
    """Before a call: a step, estimates for the methods that multiply what they are given.
    Returns the arguments to call with (an iterable to join is made a list first)."""
    step()
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if isinstance(owner, str):
        if name in SIZED_METHODS:
            _check_numbers(args, kwargs)
        elif name == "join" and args:
            items = _listed(args[0])
            _check_join(owner, items)
            return (items, *args[1:])
        elif name == "replace" and len(args) >= 2:
            _check_replace(owner, args[0], args[1])
        elif name in ("format", "format_map"):
            check_format(owner, args, kwargs)
    return args


def _listed(items: Any) -> Any:
    """A lazy iterable as a list (counted, capped); anything else as it is."""
    if isinstance(items, str | list | tuple | dict) or not hasattr(items, "__iter__"):
        return items
    budget = _budget()
    listed = []
    for item in items:
        budget.step()
        listed.append(item)
        if len(listed) > SIZE:
            raise OverBudget(f"a list longer than {SIZE:,}")
    return listed


def _check_numbers(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if _is_int(value) and abs(value) > SIZE:
            raise OverBudget(f"a call with the number {value:,} (the limit is {SIZE:,})")


def _check_join(separator: Any, items: Any) -> None:
    if isinstance(items, str | list | tuple):
        total = sum(len(x) if isinstance(x, str) else 20 for x in items)
        _check_size(total + len(str(separator)) * max(len(items) - 1, 0), "a joined string")


def _check_replace(text: str, old: Any, new: Any) -> None:
    if not isinstance(old, str) or not isinstance(new, str):
        return
    count = len(text) + 1 if old == "" else text.count(old)
    _check_size(len(text) + count * max(len(new) - len(old), 0), "a replaced string")


def _check_filter(name: str, value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    step()
    if name in SIZED_FILTERS:
        _check_numbers(args, kwargs)
    text = value if isinstance(value, str) else ""
    if name == "join":
        separator = args[0] if args else kwargs.get("d", "")
        _check_join(separator, value)
    elif name == "replace" and len(args) >= 2:
        _check_replace(text, args[0], args[1])
    elif name == "indent":
        width = args[0] if args else kwargs.get("width", 4)
        if isinstance(width, str):
            _check_size(len(text) + (text.count("\n") + 1) * len(width), "an indented string")
    elif name == "wordwrap":
        width = args[0] if args else kwargs.get("width", 79)
        wrap = args[2] if len(args) > 2 else kwargs.get("wrapstring", "\n")
        if isinstance(width, int) and isinstance(wrap, str):
            _check_size(len(text) + len(text) // max(width, 1) * len(wrap), "a wrapped string")
    elif name == "format":
        _check_percent(text, args)
    elif name == "sum":
        start = args[1] if len(args) > 1 else kwargs.get("start", 0)
        if not isinstance(start, int | float):
            raise OverBudget("sum() of lists or strings (use join)")


def guarded_filters(filters: Mapping[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Every filter, wrapped: checked before it runs, its result capped after."""
    guarded = {name: _guard(name, func) for name, func in filters.items()}
    guarded[LOOP] = _loop
    guarded[OUT] = _out
    return guarded


def _guard(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    def guarded(*args: Any, **kwargs: Any) -> Any:
        # Jinja passes the context or environment first to filters that ask for it.
        offset = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0
        value = args[offset] if len(args) > offset else None
        if name == "join" and value is not None:
            value = _listed(value)
            args = (*args[:offset], value, *args[offset + 1 :])
        _check_filter(name, value, args[offset + 1 :], kwargs)
        return produced(func(*args, **kwargs))

    for attribute in ("jinja_pass_arg", "__name__", "__doc__"):
        if hasattr(func, attribute):
            setattr(guarded, attribute, getattr(func, attribute))
    return guarded


# -- loops and output: added to every template as it is compiled ---------------------------

LOOP = "breachkit_loop_step"
OUT = "breachkit_output"


@pass_context
def _loop(_context: Any, iterable: Any) -> Iterator[Any]:
    """Every loop's iterable passes through here: one step per item."""
    budget = _budget()
    for item in iterable:
        budget.step()
        yield item


@pass_context
def _out(_context: Any, value: Any) -> Any:
    """Everything a template outputs passes through here (``pass_context``: never folded
    at compile time, so it is counted when it is rendered)."""
    budget = _budget()
    budget.produce(len(value) if isinstance(value, str) else len(str(value)))
    budget.step()
    return value


def _wrap(node: nodes.Node, name: str) -> nodes.Expr:
    return nodes.Filter(node, name, [], [], None, None, lineno=node.lineno)


def instrument(tree: nodes.Node) -> None:
    """Route every loop's iterable and every output of ``tree`` through the budget."""
    for loop in list(tree.find_all(nodes.For)):
        loop.iter = _wrap(loop.iter, LOOP)
    for output in list(tree.find_all(nodes.Output)):
        output.nodes = [_wrap(child, OUT) for child in output.nodes]
    for concat in list(tree.find_all(nodes.Concat)):
        concat.nodes = [_wrap(child, OUT) for child in concat.nodes]
