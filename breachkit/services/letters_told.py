"""How many people a letter batch told, counted when it finishes; when everyone was told.

A finished batch counts the distinct people it told (one per line of the people file
with at least one letter) and by which channel, from its manifest; it keeps their keys
(:func:`breachkit.core.letters.told.person_key`) in ``people.keys`` in its folder, so a
later batch counts the people of every batch once. The counts are fields of the batch's
finishing record (:class:`breachkit.core.timeline.changes.LettersFinished`) and so of
its ``letter_batches`` row; the clocks, the report and the register read them there.
What could not be compared (an earlier batch's folder moved away) is left out and said,
never guessed: the count can only be too low. :meth:`PeopleToldServices.record_finished_batch`
writes that record.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from breachkit.core.enums import EntryKind
from breachkit.core.errors import InputError, Problem
from breachkit.core.letters.complete import Gap
from breachkit.core.letters.manifest import RunIdentity, parse_row
from breachkit.core.letters.people import Header, Person, RowRules, check_row, read_header
from breachkit.core.letters.told import (
    CHANNEL_OF,
    CHANNELS,
    BatchPeople,
    count_union,
    person_key,
)
from breachkit.core.text import counted
from breachkit.core.timeline.chain import EntryContent
from breachkit.core.timeline.changes import LettersFinished
from breachkit.core.timeline.projection import LetterBatchRow
from breachkit.core.times import utc_iso
from breachkit.services.base import Part
from breachkit.services.letters_io import BAD_ROWS, MANIFEST, records, write_private
from breachkit.services.told_record import people_told_at
from breachkit.store.unit import Repositories

KEYS = "people.keys"
"""The batch's people as sorted 64-bit keys (big-endian), for counting across batches."""
POST_KEYS = "people-post.keys"
"""The people the batch told on paper (print file or PDF): told when written. Its e-mail
people are told only once the e-mail is sent (the send ledger, issue 17)."""

if TYPE_CHECKING:  # Jinja2 is imported when letters are written
    from breachkit.render.letters.compose import LetterSetup


@dataclass(frozen=True, slots=True)
class PeopleTold:
    """What a finished batch adds to the record."""

    batch: BatchPeople
    total: int
    """Distinct people told by every finished batch of the incident so far."""
    affected: int | None
    not_compared: int = 0
    """Earlier batches whose people could not be compared (their folder is gone)."""
    earlier: tuple[Path, ...] = ()
    """The folders of the earlier batches counted with this one."""
    unposted: int = 0
    """People given only a PDF and no postal address: nothing says the PDF reached them
    (it can go as an attachment, by a mail system breachkit does not see), so they are
    not counted as told."""

    def fields(self) -> dict[str, Any]:
        """The counts as fields of the batch's finishing record (``LettersFinished``)."""
        return {
            "people": self.batch.people,
            "people_by_channel": dict(self.batch.channels),
            "people_told": self.total,
            "people_affected": self.affected,
            "people_not_compared": self.not_compared,
        }

    def sentence(self) -> str:
        text = (
            f"{self.batch.people:,} people given a letter ({self.batch.channels_text() or 'none'})"
        )
        if self.affected:
            text += f"; {self.total:,} of {self.affected:,} people affected told so far"
        else:
            text += f"; {self.total:,} told so far (the number of people affected is not stated)"
        if self.not_compared:
            text += (
                f"; {self.not_compared} earlier batch(es) could not be compared (folder moved)"
                " and are not counted"
            )
        if self.unposted:
            text += (
                f"; {counted(self.unposted, 'person', 'people')} given only a PDF, with no postal "
                "address, not counted as told until reached another way"
            )
        if dict(self.batch.channels).get("email"):
            text += "; an e-mail counts as telling once it is sent (breachkit send)"
        return text + "."


def count_batch(
    out_dir: Path,
    subjects: Path,
    header: Header,
    rules: RowRules,
    earlier: list[Path],
    affected: int | None,
    emailed: Sequence[int] = (),
) -> PeopleTold:
    """Count the people a finished batch told (distinct, and by channel), keep their keys,
    and count everyone told by this and the ``earlier`` batches' folders.

    The manifest and the people file are both in line order, so they are read side by
    side: memory holds the keys (8 bytes a person), never the rows.
    """
    by_channel: dict[str, array[int]] = {c: array("Q") for c in CHANNELS}
    everyone, posted = array("Q"), array("Q")
    people = _people(subjects, header, rules)
    person: tuple[int, Person] | None = next(people, None)
    for line, formats in _manifest_lines(out_dir):
        while person is not None and person[0] < line:
            person = next(people, None)
        if person is None or person[0] != line:
            continue  # a row that no longer reads as a person: no key to count
        key = person_key(person[1])
        everyone.append(key)
        channels = {CHANNEL_OF[f] for f in formats if f in CHANNEL_OF}
        for channel in channels:
            by_channel[channel].append(key)
        if "post" in channels or ("pdf" in channels and person[1].has_postal_address):
            posted.append(key)  # a PDF without an address cannot have gone by post
    mine = _sorted_unique(everyone)
    _write_keys(out_dir, mine)
    paper = _sorted_unique(posted)
    unposted = len(set(by_channel["pdf"]).difference(paper))
    _write_keys(out_dir, paper, POST_KEYS)
    lists, missing = [paper, emailed], 0
    for folder in earlier:
        found = _read_keys(folder, POST_KEYS)
        if found is None:
            missing += 1
        else:
            lists.append(found)
    batch = BatchPeople(len(mine), tuple((c, len(_sorted_unique(by_channel[c]))) for c in CHANNELS))
    return PeopleTold(batch, count_union(lists), affected, missing, tuple(earlier), unposted)


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


def _write_keys(out_dir: Path, keys: array[int], name: str = KEYS) -> None:
    data = array("Q", keys)
    if sys.byteorder == "little":
        data.byteswap()
    write_private(out_dir / name, data.tobytes())


def _read_keys(out_dir: Path, name: str = KEYS) -> array[int] | None:
    try:
        raw = (out_dir / name).read_bytes()
    except OSError:
        return None
    if len(raw) % 8:
        return None
    data = array("Q", raw)
    if sys.byteorder == "little":
        data.byteswap()
    return data


class PeopleToldServices(Part):
    """People told by the letters: counted per batch, read by the clocks and the review."""

    def count_people_told(
        self, setup: LetterSetup, batch_id: int | None, subjects: Path, out_dir: Path
    ) -> PeopleTold:
        """The people a finished batch told, and everyone told by the incident's batches."""
        first = next(records(subjects), None)
        header = read_header(first[1] if first else [], str(subjects))
        rules = RowRules(
            default_language=self.services.default_letter_language(setup),
            languages=frozenset(setup.texts),
            categories=frozenset(setup.facts.categories),
        )
        earlier = self.earlier_batches(setup.incident_id, batch_id, out_dir)
        affected = self.services.incident(setup.incident_id).facts.data.data_subjects
        emailed = sorted(self.reached_by_email(setup.incident_id))
        return count_batch(out_dir, subjects, header, rules, earlier, affected, emailed)

    def people_told_now(self, incident_id: str) -> tuple[int, int]:
        """(distinct people told by every finished batch on paper or by a sent e-mail,
        batches whose folder could not be compared)."""
        lists: list[Sequence[int]] = [sorted(self.reached_by_email(incident_id))]
        missing = 0
        for batch in self.store.letter_batches.finished(incident_id):
            found = _read_keys(Path(batch.out_dir), POST_KEYS)
            if found is None:
                missing += 1
            else:
                lists.append(found)
        return count_union(lists), missing

    def reached_by_email(self, incident_id: str) -> frozenset[int]:
        """The people (keys) with an e-mail of the incident ``sent``, per the send ledger."""
        view = self.services.incident(incident_id)
        return frozenset(int(k, 16) for k, _at in self.store.send_ledger.sent_people(view.id))

    def earlier_batches(self, incident_id: str, batch_id: int | None, out_dir: Path) -> list[Path]:
        """The folders of the incident's other finished batches, oldest first."""
        return [
            Path(b.out_dir)
            for b in self.store.letter_batches.finished(incident_id)
            if b.id != batch_id and Path(b.out_dir).resolve() != out_dir.resolve()
        ]

    def everyone_told_at(self, incident_id: str) -> datetime | None:
        """When everyone to be told had been (letters, or a public notice): the time the
        Art. 34 clock is met; None until then."""
        view = self.services.incident(incident_id)
        return people_told_at(self.store, view.id, view.facts.data.data_subjects)

    def record_finished_batch(
        self,
        setup: LetterSetup,
        identity: RunIdentity,
        subjects: Path,
        out_dir: Path,
        manifest_sha: str,
        outputs: dict[str, int],
        bad_rows: int,
        print_sha: str,
        gaps: tuple[Gap, ...] = (),
    ) -> tuple[int | None, int]:
        """Record the finished batch with the people it told: its entry's seq, and the
        people given only a PDF with no postal address (not counted as told)."""
        assert identity.batch_id is not None
        incident_id, batch_id = setup.incident_id, identity.batch_id
        recorded = _stored_batch(self.store, incident_id, batch_id, out_dir).entry_seq
        if recorded is not None:
            return recorded, 0  # already recorded: a finished batch run again
        # Counted before the write lock is taken (it reads the manifest and the people
        # file, and writes people.keys); under the lock, counted again only if another
        # batch finished in the meantime.
        told = self.count_people_told(setup, batch_id, subjects, out_dir)
        now = utc_iso(self.clock.now())
        with self.store.transaction() as tx:  # the batch as it stands when it is finished
            batch = _stored_batch(tx, incident_id, batch_id, out_dir)
            if batch.entry_seq is not None:
                return batch.entry_seq, 0
            if self.earlier_batches(incident_id, batch_id, out_dir) != list(told.earlier):
                told = self.count_people_told(setup, batch_id, subjects, out_dir)
            change = LettersFinished(
                batch=batch.start_seq,
                letters=sum(outputs.values()),
                outputs=outputs,
                bad_rows=bad_rows,
                manifest_sha256=manifest_sha,
                print_sha256=print_sha,
                content_sha256=identity.content_sha256,
                **told.fields(),
                incomplete=tuple(g.key for g in gaps),
            )
            text = _finish_text(change, subjects, told)
            entry = tx.record(
                incident_id,
                EntryContent(EntryKind.COMMUNICATION, text, now, now, self.actor, change.links()),
            )
        return entry.seq, told.unposted


def people_of_batch(batch: LetterBatchRow | None) -> dict[str, Any]:
    """The people counts a finished batch records (empty for a batch never counted)."""
    if batch is None or batch.people is None:
        return {}
    return {
        "people": batch.people,
        "people_by_channel": dict(batch.people_by_channel),
        "people_told": batch.people_told,
        "people_affected": batch.people_affected,
    }


def _stored_batch(
    repos: Repositories, incident_id: str, batch_id: int, out_dir: Path
) -> LetterBatchRow:
    batch = repos.letter_batches.get(incident_id, batch_id)
    if batch is None:
        raise InputError(
            Problem(str(out_dir), None, "this folder's letter batch is not in the database")
        )
    return batch


def _finish_text(change: LettersFinished, subjects: Path, told: PeopleTold) -> str:
    """The finishing entry's text, for people: files, people told, what was missing."""
    kinds = ", ".join(f"{n} {fmt}" for fmt, n in sorted(change.outputs.items()))
    text = (
        f"Letters to affected people (Art. 34): {change.letters} written ({kinds}) from "
        f"{subjects.name}; {change.bad_rows} row(s) without a letter (see {BAD_ROWS}). "
        f"Manifest SHA-256 {change.manifest_sha256}. {told.sentence()}"
    )
    if change.incomplete:
        text += (
            " Written although incomplete (Art. 34(2)): missing "
            + ", ".join(change.incomplete)
            + "."
        )
    return text
