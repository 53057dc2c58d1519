"""How many people a letter batch told, counted when it finishes; when everyone was told.

A finished batch counts the distinct people it told (one per line of the people file
with at least one letter) and by which channel, from its manifest; it keeps their keys
(:func:`breachkit.core.letters.told.person_key`) in ``people.keys`` in its folder, so a
later batch counts the people of every batch once. The counts go on the batch's timeline
entry (``people``, ``people_told``, ``people_affected``); the clocks, the report and the
register read them from there. What could not be compared (an earlier batch's folder
moved away) is left out and said, never guessed: the count can only be too low.
"""

from __future__ import annotations

import json
import sys
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from breachkit.core.letters.manifest import parse_row
from breachkit.core.letters.people import Header, Person, RowRules, check_row, read_header
from breachkit.core.letters.told import (
    CHANNEL_OF,
    CHANNELS,
    BatchPeople,
    count_union,
    person_key,
)
from breachkit.render.letters.compose import LetterSetup
from breachkit.services.letters_io import MANIFEST, records, write_private
from breachkit.services.letters_setup import LetterSetupServices
from breachkit.services.told_record import people_told_at

KEYS = "people.keys"
"""The batch's people as sorted 64-bit keys (big-endian), for counting across batches."""


@dataclass(frozen=True, slots=True)
class PeopleTold:
    """What a finished batch adds to the record."""

    batch: BatchPeople
    total: int
    """Distinct people told by every finished batch of the incident so far."""
    affected: int | None
    not_compared: int = 0
    """Earlier batches whose people could not be compared (their folder is gone)."""

    def links(self) -> dict[str, Any]:
        return {
            "people": self.batch.people,
            "people_by_channel": dict(self.batch.channels),
            "people_told": self.total,
            "people_affected": self.affected,
            "people_not_compared": self.not_compared,
        }

    def sentence(self) -> str:
        text = f"{self.batch.people:,} people told ({self.batch.channels_text() or 'none'})"
        if self.affected:
            text += f"; {self.total:,} of {self.affected:,} people affected told so far"
        else:
            text += f"; {self.total:,} told so far (the number of people affected is not stated)"
        if self.not_compared:
            text += (
                f"; {self.not_compared} earlier batch(es) could not be compared (folder moved)"
                " and are not counted"
            )
        return text + "."


def count_batch(
    out_dir: Path,
    subjects: Path,
    header: Header,
    rules: RowRules,
    earlier: list[Path],
    affected: int | None,
) -> PeopleTold:
    """Count the people a finished batch told (distinct, and by channel), keep their keys,
    and count everyone told by this and the ``earlier`` batches' folders.

    The manifest and the people file are both in line order, so they are read side by
    side: memory holds the keys (8 bytes a person), never the rows.
    """
    by_channel: dict[str, array[int]] = {c: array("Q") for c in CHANNELS}
    everyone = array("Q")
    people = _people(subjects, header, rules)
    person: tuple[int, Person] | None = next(people, None)
    for line, formats in _manifest_lines(out_dir):
        while person is not None and person[0] < line:
            person = next(people, None)
        if person is None or person[0] != line:
            continue  # a row that no longer reads as a person: no key to count
        key = person_key(person[1])
        everyone.append(key)
        for channel in {CHANNEL_OF[f] for f in formats if f in CHANNEL_OF}:
            by_channel[channel].append(key)
    mine = _sorted_unique(everyone)
    _write_keys(out_dir, mine)
    lists, missing = [mine], 0
    for folder in earlier:
        found = _read_keys(folder)
        if found is None:
            missing += 1
        else:
            lists.append(found)
    batch = BatchPeople(len(mine), tuple((c, len(_sorted_unique(by_channel[c]))) for c in CHANNELS))
    return PeopleTold(batch, count_union(lists), affected, missing)


def _manifest_lines(out_dir: Path) -> Iterator[tuple[int, set[str]]]:
    """(line, formats) per person in the manifest, in line order."""
    current: tuple[int, set[str]] | None = None
    with (out_dir / MANIFEST).open(encoding="utf-8", newline="") as handle:
        handle.readline()
        for raw in handle:
            row = parse_row(raw)
            if row is None:
                continue
            if current is not None and current[0] != row.line:
                yield current
                current = None
            if current is None:
                current = (row.line, set())
            current[1].add(row.format)
    if current is not None:
        yield current


def _people(subjects: Path, header: Header, rules: RowRules) -> Iterator[tuple[int, Person]]:
    stream = records(subjects)
    next(stream, None)
    for line, fields in stream:
        row = check_row(header, fields, line, rules)
        if isinstance(row, Person):
            yield line, row


def _sorted_unique(keys: array[int]) -> array[int]:
    out = array("Q")
    last = None
    for key in sorted(keys):
        if key != last:
            out.append(key)
            last = key
    return out


def _write_keys(out_dir: Path, keys: array[int]) -> None:
    data = array("Q", keys)
    if sys.byteorder == "little":
        data.byteswap()
    write_private(out_dir / KEYS, data.tobytes())


def _read_keys(out_dir: Path) -> array[int] | None:
    try:
        raw = (out_dir / KEYS).read_bytes()
    except OSError:
        return None
    if len(raw) % 8:
        return None
    data = array("Q", raw)
    if sys.byteorder == "little":
        data.byteswap()
    return data


class PeopleToldServices(LetterSetupServices):
    """People told by the letters: counted per batch, read by the clocks and the review."""

    def count_people_told(
        self, setup: LetterSetup, batch_id: int | None, subjects: Path, out_dir: Path
    ) -> PeopleTold:
        """The people a finished batch told, and everyone told by the incident's batches."""
        first = next(records(subjects), None)
        header = read_header(first[1] if first else [], str(subjects))
        rules = RowRules(
            default_language=self.default_letter_language(setup),
            languages=frozenset(setup.texts),
            categories=frozenset(setup.facts.categories),
        )
        earlier = [
            Path(r["out_dir"])
            for r in self.db.query(
                "SELECT out_dir FROM letter_batches WHERE incident_id = ? AND id != ?"
                " AND finished_at IS NOT NULL AND entry_seq IS NOT NULL ORDER BY id",
                [setup.incident_id, batch_id],
            )
            if Path(r["out_dir"]).resolve() != out_dir.resolve()
        ]
        affected = self.incident(setup.incident_id).facts.data.data_subjects
        return count_batch(out_dir, subjects, header, rules, earlier, affected)

    def everyone_told_at(self, incident_id: str) -> datetime | None:
        """When everyone to be told had been (letters, or a public notice): the time the
        Art. 34 clock is met; None until then."""
        view = self.incident(incident_id)
        return people_told_at(self.db, view.id, view.facts.data.data_subjects)


PEOPLE_KEYS = ("people", "people_by_channel", "people_told", "people_affected")


def people_of_entry(db: Database, incident_id: str, seq: int | None) -> dict[str, Any]:
    """The people counts a batch's timeline entry records (empty for an older entry)."""
    if seq is None:
        return {}
    row = db.execute(
        "SELECT links FROM timeline WHERE incident_id = ? AND seq = ?", [incident_id, seq]
    ).fetchone()
    links = json.loads(row[0] or "{}") if row else {}
    return {k: links[k] for k in PEOPLE_KEYS if k in links}
