"""The tamper-evident timeline: entries, their canonical form, the hash chain, its check.

Each entry's hash is SHA-256 over a canonical JSON array of its content and the
previous entry's hash. The first entry of an incident chains to a genesis hash made
from the incident's permanent uid, so entries cannot be moved between incidents.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

CHAIN_VERSION = "breachkit-timeline-v1"
CHANGE = "change"
"""The key of an entry's links that names the change it records (``changes.py``)."""


@dataclass(frozen=True, slots=True)
class EntryContent:
    """What a person or breachkit records; times are ISO 8601 UTC strings."""

    kind: str
    text: str
    occurred_at: str
    recorded_at: str
    actor: str
    links: Mapping[str, Any] = field(default_factory=dict)
    corrects: int | None = None
    """The seq of the entry this one corrects, if it is a correction."""


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    incident_uid: str
    seq: int
    content: EntryContent
    prev_hash: str
    hash: str

    def to_document(self) -> dict[str, Any]:
        """The entry as JSON-ready data (``timeline --json``, bundles)."""
        c = self.content
        return {
            "seq": self.seq,
            "kind": c.kind,
            "text": c.text,
            "occurred_at": c.occurred_at,
            "recorded_at": c.recorded_at,
            "actor": c.actor,
            "links": dict(c.links),
            "corrects": c.corrects,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }

    @property
    def kind(self) -> str:
        return self.content.kind

    @property
    def text(self) -> str:
        return self.content.text


def genesis_hash(incident_uid: str) -> str:
    """The 'previous hash' of an incident's first entry."""
    import hashlib  # here: reading entries needs no hashing (start-up of list, show)

    return hashlib.sha256(f"{CHAIN_VERSION}:genesis:{incident_uid}".encode()).hexdigest()


def links_json(links: Mapping[str, Any]) -> str:
    """The canonical text of an entry's links (also how the store keeps them)."""
    if not links:
        return "{}"
    fast = _plain_json(links)
    if fast is not None:
        return fast
    return json.dumps(links, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _plain_json(value: Any) -> str | None:
    """What the ``json.dumps`` of :func:`links_json` writes, for the objects links mostly
    are (text, whole numbers, None and objects of them); None for anything else. An
    import writes a hundred thousand of them."""
    kind = type(value)
    if kind is str:
        return _quote(value)
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if kind is not dict:
        return None
    parts = []
    for key in sorted(value):
        if type(key) is not str:
            return None
        item = _plain_json(value[key])
        if item is None:
            return None
        parts.append(f"{_quote(key)}:{item}")
    return "{" + ",".join(parts) + "}"


def canonical(incident_uid: str, seq: int, content: EntryContent, prev_hash: str) -> bytes:
    """The exact bytes that are hashed. Changing this changes every hash: version it."""
    return _canonical(
        incident_uid,
        seq,
        content.kind,
        content.text,
        content.occurred_at,
        content.recorded_at,
        content.actor,
        links_json(content.links),
        content.corrects,
        prev_hash,
    )


def _canonical(
    uid: str,
    seq: int,
    kind: str,
    text: str,
    occurred: str,
    recorded: str,
    actor: str,
    links: str,
    corrects: int | None,
    prev_hash: str,
) -> bytes:
    # Byte-for-byte what json.dumps([...], ensure_ascii=False, separators=(",", ":")) gives,
    # composed by hand because verify runs this for every entry (>200,000/s).
    q = _quote
    return (
        f"[{_VERSION_Q},{q(uid)},{int(seq)},{q(kind)},{q(text)},{q(occurred)},{q(recorded)},"
        f"{q(actor)},{q(links)},{'null' if corrects is None else int(corrects)},{q(prev_hash)}]"
    ).encode()


_quote = json.encoder.encode_basestring
_VERSION_Q = _quote(CHAIN_VERSION)

canonical_fields = _canonical
""":func:`canonical` from the fields as stored (the links as their canonical text), for
sealing many entries fast."""

RawEntry = tuple[int, str, str, str, str, str, str, "int | None", str, str]
"""(seq, kind, text, occurred_at, recorded_at, actor, links_json, corrects, prev_hash, hash):
an entry as stored, for checking many entries fast."""


def entry_hash(incident_uid: str, seq: int, content: EntryContent, prev_hash: str) -> str:
    import hashlib

    return hashlib.sha256(canonical(incident_uid, seq, content, prev_hash)).hexdigest()


def chain_entry(
    incident_uid: str, seq: int, content: EntryContent, prev_hash: str
) -> TimelineEntry:
    """Seal ``content`` as entry ``seq`` after the entry whose hash is ``prev_hash``."""
    return TimelineEntry(
        incident_uid, seq, content, prev_hash, entry_hash(incident_uid, seq, content, prev_hash)
    )


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """The first place the chain does not hold, said so a person can act on it."""

    seq: int
    """The entry at which the chain breaks (for a missing tail: the last seq expected)."""
    problem: str


def raw(entry: TimelineEntry) -> RawEntry:
    c = entry.content
    return (
        entry.seq,
        c.kind,
        c.text,
        c.occurred_at,
        c.recorded_at,
        c.actor,
        links_json(c.links),
        c.corrects,
        entry.prev_hash,
        entry.hash,
    )


def verify_chain(
    incident_uid: str,
    entries: Iterable[RawEntry],
    head: tuple[int, str] | None = None,
) -> tuple[int, ChainBreak | None]:
    """Recompute the chain over stored entries. Returns (entries checked, first break or None).

    ``head`` is the (seq, hash) the store recorded as the last entry; it catches a
    deleted tail, which a chain alone cannot see.
    """
    expected_prev = genesis_hash(incident_uid)
    expected_seq = 1
    checked = 0
    import hashlib

    sha = hashlib.sha256
    q = _quote
    # What _canonical writes, with the parts every entry shares written once: the version
    # and the uid; the previous hash, once checked equal to the hex digest expected, needs
    # no quoting.
    start = f"[{_VERSION_Q},{q(incident_uid)},"
    for seq, kind, text, occurred, recorded, actor, links, corrects, prev, digest in entries:
        if seq != expected_seq:
            if seq > expected_seq:
                problem = f"entry {expected_seq} is missing (deleted): the next entry is {seq}"
                return checked, ChainBreak(expected_seq, problem)
            return checked, ChainBreak(seq, f"entry {seq} is out of order")
        if prev != expected_prev:
            return checked, ChainBreak(
                seq,
                f"entry {seq} does not follow entry {seq - 1}: "
                "an earlier entry was deleted, reordered or replaced",
            )
        canonical = (
            f"{start}{expected_seq},{q(kind)},{q(text)},{q(occurred)},{q(recorded)},{q(actor)},"
            f'{q(links)},{"null" if corrects is None else int(corrects)},"{prev}"]'
        )
        if sha(canonical.encode()).hexdigest() != digest:
            return checked, ChainBreak(seq, f"entry {seq} was edited after it was recorded")
        expected_prev = digest
        expected_seq += 1
        checked += 1
    if head is not None:
        head_seq, head_hash = head
        last = expected_seq - 1
        if head_seq > last:
            return checked, ChainBreak(
                last + 1, f"entries {last + 1}..{head_seq} are missing (deleted from the end)"
            )
        if head_seq < last or head_hash != expected_prev:
            return checked, ChainBreak(
                last, f"the chain's recorded head does not match entry {last}"
            )
    return checked, None


ComposedEntry = tuple[int, str, str, bytes]
"""(seq, prev_hash, hash, canonical bytes): an entry whose canonical form the store
composed (SQLite's ``json_array``), for checking a million entries fast."""


def chain_holds(
    incident_uid: str, entries: Iterable[ComposedEntry], head: tuple[int, str] | None = None
) -> int | None:
    """How many entries were checked when the whole chain holds (each composed form
    hashes to its entry's hash, each entry follows the one before, ``head`` is the last);
    None when anything is off, for :func:`verify_chain` to judge the entries as stored.

    The composed bytes are a fast path only: a store that quotes a character otherwise
    than :func:`canonical` costs a second pass, never a false alarm."""
    expected_prev = genesis_hash(incident_uid)
    expected_seq = 1
    import hashlib

    sha = hashlib.sha256
    for seq, prev, digest, composed in entries:
        if seq != expected_seq or prev != expected_prev or sha(composed).hexdigest() != digest:
            return None
        expected_prev = digest
        expected_seq += 1
    last = expected_seq - 1
    if head is not None and (head[0] != last or head[1] != expected_prev):
        return None
    return last
