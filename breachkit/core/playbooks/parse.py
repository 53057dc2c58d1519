"""Reading a playbook file: ``parse_playbook(text, source) -> Playbook``.

The format is documented in ``docs/playbooks.md``. Every problem is collected (unknown
key, wrong type, unknown phase, owner, clock, fact or cause, a dependency on a missing
step, a dependency cycle, a duplicate id, a badly formed id, empty guidance) and raised
together as one :class:`~breachkit.core.errors.InputError`, each naming the file, the line,
and the key as ``step[STEP-ID].KEY`` (``step[#N]`` when the step has no usable id).
"""

from __future__ import annotations

import difflib
import re
import tomllib
import types
from collections.abc import Mapping
from typing import Any

from breachkit.core import schema as s
from breachkit.core.clocks.rules import CLOCK_IDS
from breachkit.core.enums import Cause, Role
from breachkit.core.errors import InputError, Problem
from breachkit.core.playbooks.model import (
    ARTEFACT_KINDS,
    FACT_VALUES,
    ID_PATTERN,
    Owner,
    Phase,
    Playbook,
    Step,
)
from breachkit.core.tomlpos import TOO_DEEP, decode_error_line

# -- checkers ----------------------------------------------------------------------------


def _identifier(value: Any) -> str:
    name = s.nonempty_text(value)
    if not ID_PATTERN.match(name):
        raise ValueError(f"'{name}' is not a valid id")
    return name


def _identifiers(value: Any) -> tuple[str, ...]:
    items = s.text_list(value)
    bad = [item for item in items if not ID_PATTERN.match(item)]
    if bad:
        raise ValueError(f"'{bad[0]}' is not a valid step id")
    return tuple(dict.fromkeys(items))


def _version(value: Any) -> int:
    number = s.count(value)
    if number < 1:
        raise ValueError("must be 1 or more")
    return number


def _prose(value: Any) -> str:
    """Guidance text: lines joined into paragraphs; a blank line starts a new paragraph."""
    paragraphs = re.split(r"\n\s*\n", s.nonempty_text(value))
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def _clock(value: Any) -> str:
    name = s.nonempty_text(value)
    if name not in CLOCK_IDS:
        raise ValueError(f"'{name}' is not a clock{_did_you_mean(name, CLOCK_IDS)}")
    return name


def _artefacts(value: Any) -> tuple[str, ...]:
    items = s.text_list(value)
    for item in items:
        kind, sep, name = item.partition(":")
        if not sep or kind not in ARTEFACT_KINDS or not name:
            raise ValueError(f"'{item}' should be written fact:KEY, decision:NAME or document:NAME")
        if kind == "fact" and name not in FACT_VALUES:
            raise ValueError(f"'{name}' is not a fact key{_did_you_mean(name, FACT_VALUES)}")
        if kind != "fact" and not ID_PATTERN.match(name):
            raise ValueError(f"'{name}' in '{item}' is not a valid name (lowercase-kebab)")
    return tuple(dict.fromkeys(items))


def _table(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"expected a table, got {s._type_name(value)}")
    return value


def _tables(kind: str) -> s.Checker:
    def check(value: Any) -> list[Any]:
        if not isinstance(value, list) or not value:
            raise ValueError(f"expected one or more [[{kind}]] tables")
        return value

    return check


def _did_you_mean(name: str, options: Any) -> str:
    close = difflib.get_close_matches(name, list(options), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


_IDS = "lowercase letters and digits joined by hyphens, e.g. isolate-hosts"
TOP_FIELDS = [
    s.Field("id", _identifier, required=True, allowed=_IDS),
    s.Field("title", s.nonempty_line, required=True),
    s.Field("version", _version, required=True, allowed="a whole number, 1 or more"),
    s.Field("summary", s.text, default=""),
    s.Field("applies_to", _table, default=None),
    s.Field("phase", _tables("phase"), required=True),
    s.Field("step", _tables("step"), required=True),
]
APPLIES_FIELDS = [
    s.Field("causes", s.choices(Cause), default=(), allowed=s.allowed_values(Cause)),
    s.Field("roles", s.choices(Role), default=(), allowed=s.allowed_values(Role)),
]
PHASE_FIELDS = [
    s.Field("id", _identifier, required=True, allowed=_IDS),
    s.Field("title", s.nonempty_line, required=True),
]
STEP_FIELDS = [
    s.Field("id", _identifier, required=True, allowed=_IDS),
    s.Field("title", s.nonempty_line, required=True),
    s.Field("phase", _identifier, required=True),
    s.Field("owner", s.choice(Owner), required=True, allowed=s.allowed_values(Owner)),
    s.Field("guidance", _prose, required=True),
    s.Field("basis", s.text, default=""),
    s.Field("needs", _artefacts, default=()),
    s.Field("produces", _artefacts, default=()),
    s.Field("clock", _clock, default=None, allowed=" | ".join(CLOCK_IDS)),
    s.Field("after", _identifiers, default=()),
    s.Field("when", _table, default=None),
]


# -- parsing -----------------------------------------------------------------------------


def parse_playbook(text: str, source: str) -> Playbook:
    """Validate a playbook file; raises InputError naming ``source``, line, step and key."""
    lines = _key_lines(text)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line, message = decode_error_line(err)
        key = _key_at(line, lines)
        raise InputError(Problem(source, key, f"not valid TOML: {message}", line)) from None
    except RecursionError:
        raise InputError(Problem(source, None, TOO_DEEP)) from None
    problems = s.Problems(source, lines)
    top = s.validate_table(raw, TOP_FIELDS, "", problems)
    causes, roles = _applies_to(top["applies_to"], problems)
    phases = _phases(top["phase"] or [], source, lines, problems)
    steps = _steps(top["step"] or [], source, lines, phases, problems)
    if problems.items:
        raise InputError(sorted(problems.items, key=lambda p: p.line or 0))
    order = {phase.id: index for index, phase in enumerate(phases)}
    return Playbook(
        id=top["id"],
        title=top["title"],
        summary=_prose(top["summary"]) if top["summary"].strip() else "",
        applies_to_causes=causes,
        applies_to_roles=roles,
        phases=tuple(phases),
        steps=tuple(sorted(steps, key=lambda step: order[step.phase])),
        source=source,
        version=top["version"],
    )


def _applies_to(raw: Any, problems: s.Problems) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if raw is None:
        return (), ()
    values = s.validate_table(raw, APPLIES_FIELDS, "applies_to", problems)
    return (
        tuple(c.value for c in values["causes"] or ()),
        tuple(r.value for r in values["roles"] or ()),
    )


class _Entry:
    """One ``[[phase]]`` or ``[[step]]``: its label in messages and its own key lines."""

    def __init__(
        self, kind: str, index: int, raw: Any, source: str, lines: Mapping[str, int]
    ) -> None:
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        usable = isinstance(raw_id, str) and ID_PATTERN.match(raw_id) is not None
        self.label = f"{kind}[{raw_id}]" if usable else f"{kind}[#{index + 1}]"
        self.id: str | None = raw_id if usable else None
        positional = f"{kind}[{index}]"
        own = {
            self.label + key[len(positional) :]: line
            for key, line in lines.items()
            if key == positional or key.startswith(positional + ".")
        }
        self.line = own.get(self.label)
        self.problems = s.Problems(source, own)


def _phases(
    raw: list[Any], source: str, lines: Mapping[str, int], problems: s.Problems
) -> list[Phase]:
    phases: list[Phase] = []
    seen: dict[str, int | None] = {}
    for index, item in enumerate(raw):
        entry = _Entry("phase", index, item, source, lines)
        values = s.validate_table(item, PHASE_FIELDS, entry.label, entry.problems)
        if entry.id is not None and entry.id in seen:
            entry.problems.add(
                f"{entry.label}.id", f"duplicate phase id '{entry.id}'{_first(seen[entry.id])}"
            )
        elif not entry.problems.items:
            seen[values["id"]] = entry.line
            phases.append(Phase(values["id"], values["title"]))
        problems.items.extend(entry.problems.items)
    return phases


def _steps(
    raw: list[Any],
    source: str,
    lines: Mapping[str, int],
    phases: list[Phase],
    problems: s.Problems,
) -> list[Step]:
    phase_ids = [phase.id for phase in phases]
    entries: list[tuple[_Entry, dict[str, Any]]] = []
    seen: dict[str, int | None] = {}
    for index, item in enumerate(raw):
        entry = _Entry("step", index, item, source, lines)
        values = s.validate_table(item, STEP_FIELDS, entry.label, entry.problems)
        if entry.id is not None:
            if entry.id in seen:
                entry.problems.add(
                    f"{entry.label}.id",
                    f"duplicate step id '{entry.id}'{_first(seen[entry.id])}",
                )
            else:
                seen[entry.id] = entry.line
        if values["phase"] is not None and phase_ids and values["phase"] not in phase_ids:
            entry.problems.add(
                f"{entry.label}.phase",
                f"'{values['phase']}' is not a phase of this playbook "
                f"(declared: {', '.join(phase_ids)})",
            )
        values["when"] = _when(values["when"], entry)
        entries.append((entry, values))
    known = set(seen)
    for entry, values in entries:
        for dependency in values["after"] or ():
            if dependency == entry.id:
                entry.problems.add(f"{entry.label}.after", "a step cannot come after itself")
            elif dependency not in known:
                entry.problems.add(
                    f"{entry.label}.after",
                    f"'{dependency}' is not a step of this playbook"
                    f"{_did_you_mean(dependency, known)}",
                )
    _cycles(entries)
    steps: list[Step] = []
    for entry, values in entries:
        problems.items.extend(entry.problems.items)
        if not entry.problems.items and entry.id is not None:
            steps.append(Step(**values))
    return steps


def _when(raw: Any, entry: _Entry) -> Mapping[str, tuple[str, ...]]:
    if raw is None:
        return types.MappingProxyType({})
    out: dict[str, tuple[str, ...]] = {}
    for key, value in raw.items():
        path = f"{entry.label}.when.{key}"
        if key not in FACT_VALUES:
            entry.problems.add(path, f"'{key}' is not a fact key{_did_you_mean(key, FACT_VALUES)}")
            continue
        allowed = FACT_VALUES[key]
        if allowed is None:
            entry.problems.add(path, f"'{key}' has no fixed list of values to test against")
            continue
        items = value if isinstance(value, list) else None
        if not items:
            entry.problems.add(path, f"expected a non-empty list of values of '{key}'")
            continue
        wanted: list[str] = []
        for item in items:
            text = str(item).lower() if isinstance(item, bool) else item
            if not isinstance(text, str) or text not in allowed:
                entry.problems.add(
                    path, f"{item!r} is not a value of '{key}' (allowed: {' | '.join(allowed)})"
                )
                break
            wanted.append(text)
        else:
            out[key] = tuple(dict.fromkeys(wanted))
    return types.MappingProxyType(out)


def _cycles(entries: list[tuple[_Entry, dict[str, Any]]]) -> None:
    """Report each dependency cycle once, on the first step of the cycle in file order."""
    graph = {
        e.id: tuple(d for d in v["after"] or () if d != e.id)
        for e, v in entries
        if e.id is not None
    }
    by_id = {e.id: e for e, _ in entries if e.id is not None}
    reported: set[frozenset[str]] = set()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt) :]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    first = min(cycle, key=list(graph).index)
                    start = cycle.index(first)
                    ring = cycle[start:] + cycle[:start] + [first]
                    where = by_id[first]
                    where.problems.add(
                        f"{where.label}.after", f"dependency cycle: {' -> '.join(ring)}"
                    )
            elif state.get(nxt) is None:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node)


def _first(line: int | None) -> str:
    return f" (first at line {line})" if line is not None else ""


# -- where keys are ----------------------------------------------------------------------

_ARRAY = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_\-]+)\s*\]\]\s*(#.*)?$")
_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+(?:\s*\.\s*[A-Za-z0-9_\-]+)*|\"[^\"]*\"|'[^']*')\s*=")


def _key_lines(text: str) -> dict[str, int]:
    """Map key paths to 1-based lines: ``id``, ``applies_to.causes``, ``step[3].after``,
    ``step[3].when.breach.exfiltration`` (positional; parsing renames them by step id)."""
    lines: dict[str, int] = {}
    counts: dict[str, int] = {}
    prefix = ""
    current: dict[str, str] = {}  # array name -> positional prefix of its last entry
    quote: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if quote is not None:
            if line.count(quote) % 2 == 1:
                quote = None
            continue
        if array := _ARRAY.match(line):
            name = array.group(1)
            counts[name] = counts.get(name, -1) + 1
            prefix = current[name] = f"{name}[{counts[name]}]"
            lines.setdefault(prefix, number)
        elif table := _TABLE.match(line):
            name = table.group(1).replace('"', "").replace(" ", "")
            head, _, rest = name.partition(".")
            prefix = f"{current[head]}.{rest}" if head in current and rest else name
            lines.setdefault(prefix, number)
        elif key := _KEY.match(line):
            name = re.sub(r"\s*\.\s*", ".", key.group(1)).strip("\"'")
            lines.setdefault(f"{prefix}.{name}" if prefix else name, number)
        for mark in ('"""', "'''"):
            if line.count(mark) % 2 == 1:
                quote = mark
                break
    return lines


def _key_at(line: int | None, lines: Mapping[str, int]) -> str | None:
    """The key written on ``line`` (for TOML syntax errors)."""
    if line is None:
        return None
    key = next((key for key, number in lines.items() if number == line), None)
    if key is None:
        return None
    return re.sub(r"^(\w+)\[(\d+)\]", lambda m: f"{m[1]}[#{int(m[2]) + 1}]", key)
