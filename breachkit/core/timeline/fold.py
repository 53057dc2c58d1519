"""Replay the chain into the tables it implies: a pure fold, one entry at a time.

:mod:`breachkit.core.timeline.effects` says what one change does; :class:`Fold` applies
it in chain order. It keeps only what a later entry may still change (the incident's
columns and facts, letter batches, review items) and hands every append-only row to
``emit`` as it comes, so checking a million entries needs no more memory than ten.
The store applies the very same effects to its tables when an entry is recorded, so the
tables and the chain agree by construction; ``verify`` proves they still do.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from breachkit.core.timeline.chain import RawEntry
from breachkit.core.timeline.changes import MARKER, Change, read_change
from breachkit.core.timeline.effects import (
    Add,
    Amend,
    Effect,
    EntryMeta,
    Open,
    Reset,
    SetFact,
    SetField,
    effects,
)
from breachkit.core.timeline.facts import copy_facts, get_fact, set_fact_in_place
from breachkit.core.timeline.projection import (
    AMENDED,
    IncidentState,
    Row,
    Snapshot,
    key_of,
)
from breachkit.core.timeline.typed import ChangeError


@dataclass(frozen=True, slots=True)
class RecordProblem:
    """A place where the chain contradicts itself (it verifies, but cannot be replayed)."""

    seq: int
    problem: str

    def __str__(self) -> str:
        return f"entry {self.seq} {self.problem}"


@dataclass
class Fold:
    """The tables an incident's chain implies, built entry by entry (module docstring)."""

    emit: Callable[[Row], None] | None = None
    _state: IncidentState | None = None
    _facts: dict[str, Any] = field(default_factory=dict)
    """The facts as they stand, changed in place (the fold owns this copy)."""
    sources: dict[str, int] = field(default_factory=dict)
    """Where each fact and incident column was last set: ``facts.breach.cause`` → seq."""
    amended: dict[str, dict[int, Row]] = field(
        default_factory=lambda: {t.TABLE: {} for t in AMENDED}
    )
    problems: list[RecordProblem] = field(default_factory=list)
    applied: int = 0
    """Entries whose change was applied."""
    checkpoint: int | None = None

    @property
    def incident(self) -> IncidentState | None:
        """The incident's columns as the chain so far says."""
        state = self._state
        if state is None:
            return None
        return replace(state, facts=copy_facts(self._facts))

    def _start(self, state: IncidentState) -> None:
        self._state = state
        self._facts = copy_facts(state.facts)

    def feed(self, entry: RawEntry) -> None:
        """One stored entry (``RawEntry``); entries without a change are passed over."""
        seq, kind, _text, occurred, recorded, actor, links_text = entry[:7]
        if MARKER not in links_text:
            return
        try:
            links = json.loads(links_text)
            change = read_change(links) if isinstance(links, dict) else None
        except (ValueError, ChangeError) as err:
            self.problems.append(RecordProblem(seq, f"cannot be replayed: {err}"))
            return
        if change is not None:
            self.apply(EntryMeta(seq, kind, occurred, recorded, actor), change)

    def apply(self, meta: EntryMeta, change: Change) -> None:
        try:
            found = effects(meta, change)
        except ChangeError as err:
            self.problems.append(RecordProblem(meta.seq, f"cannot be replayed: {err}"))
            return
        for effect in found:
            self._apply(meta.seq, effect)
        self.applied += 1

    def _problem(self, seq: int, text: str) -> None:
        self.problems.append(RecordProblem(seq, text))

    def _apply(self, seq: int, effect: Effect) -> None:
        if isinstance(effect, Reset):
            self._reset(seq, effect.snapshot)
            return
        if isinstance(effect, Open):
            if self._state is not None:
                self._problem(seq, "opens the incident a second time")
                return
            self._start(effect.state)
            self.sources.update({name: seq for name in _columns(effect.state)})
            return
        if self._state is None:
            self._problem(seq, "records a change before the incident was opened")
            return
        if isinstance(effect, SetField):
            self._state = replace(self._state, **{effect.name: effect.value})
            self.sources[effect.name] = seq
        elif isinstance(effect, SetFact):
            self._set_fact(seq, effect)
        elif isinstance(effect, Add):
            self._add(seq, effect.row)
        else:
            self._amend(seq, effect)

    def _reset(self, seq: int, snapshot: Snapshot) -> None:
        if self.applied or self._state is not None:
            self._problem(seq, "is a checkpoint after changes already on the record")
            return
        self.checkpoint = seq
        self._start(snapshot.incident)
        self.sources.update({name: seq for name in _columns(snapshot.incident)})
        for rows in snapshot.rows.values():
            for row in rows:
                self._add(seq, row)

    def _set_fact(self, seq: int, effect: SetFact) -> None:
        facts = self._facts
        current = get_fact(facts, effect.key)
        if current != effect.old:
            self._problem(
                seq,
                f"changes the fact {effect.key} from {_short(effect.old)}, but the record "
                f"said {_short(current)} (since entry {self.sources.get('facts.' + effect.key)})",
            )
        try:
            set_fact_in_place(facts, effect.key, effect.new)
        except ChangeError as err:
            self._problem(seq, f"cannot be replayed: {err}")
            return
        self.sources["facts." + effect.key] = seq
        if effect.key == "title" and self._state is not None:
            self._state = replace(self._state, title=str(effect.new))
            self.sources["title"] = seq

    def _add(self, seq: int, row: Row) -> None:
        table = self.amended.get(row.TABLE)
        if table is None:
            if self.emit is not None:
                self.emit(row)
            return
        key = key_of(row)
        if key in table:
            self._problem(seq, f"adds {row.TABLE} row {key} a second time")
            return
        table[key] = row

    def _amend(self, seq: int, effect: Amend) -> None:
        row = self.amended[effect.table].get(effect.key)
        if row is None:
            self._problem(
                seq, f"completes {effect.table} row {effect.key}, which the record does not hold"
            )
            return
        self.amended[effect.table][effect.key] = replace(row, **effect.values)


def _columns(state: IncidentState) -> list[str]:
    names = ["title", "status", "created_at", "created_by", "organisation", "playbook_id"]
    return names + list(_fact_keys(state.facts, "facts."))


def _fact_keys(facts: dict[str, Any], prefix: str) -> Iterator[str]:
    for key, value in facts.items():
        if isinstance(value, dict):
            yield from _fact_keys(value, f"{prefix}{key}.")
        else:
            yield prefix + key


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


@dataclass(frozen=True, slots=True)
class FoldResult:
    """The whole projection of one chain (for an import, a rebuild, a checkpoint)."""

    snapshot: Snapshot | None
    """None when the chain never opens the incident."""
    sources: dict[str, int]
    problems: tuple[RecordProblem, ...]
    checkpoint: int | None


def fold_all(entries: Iterable[RawEntry]) -> FoldResult:
    """Fold every entry, keeping every row (memory grows with the rows: not for verify)."""
    collected: dict[str, list[Row]] = {}
    fold = Fold(emit=lambda row: collected.setdefault(row.TABLE, []).append(row))
    for entry in entries:
        fold.feed(entry)
    if fold.incident is None:
        return FoldResult(None, fold.sources, tuple(fold.problems), fold.checkpoint)
    rows: dict[str, tuple[Row, ...]] = {t: tuple(r) for t, r in collected.items()}
    for table, amended in fold.amended.items():
        rows[table] = tuple(amended[k] for k in sorted(amended))
    return FoldResult(
        Snapshot(fold.incident, rows), fold.sources, tuple(fold.problems), fold.checkpoint
    )
