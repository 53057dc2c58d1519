"""Who was told: distinct people, not files (pure).

A batch writes files — one PDF, one page range of a print file, one e-mail, or two of
them for the same person. The Art. 34 duty is to tell *people*. A person is known by the
organisation's own reference for them when the file gives one, else by their e-mail
address, else by their name and postal address, so that the same person in two batches
(a second file, a batch run again into another folder) is counted once.
:func:`person_key` turns that into a 64-bit number; :func:`count_union` counts the
distinct people of several batches from their sorted keys; :func:`everyone_told_at`
says when everyone to be told had been told, the time the Art. 34 clock is met.
"""

from __future__ import annotations

import heapq
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the clocks read when everyone was told, without the letters' rows
    from breachkit.core.letters.people import Person

CHANNEL_OF = {"print": "post", "pdf": "pdf", "eml": "email"}
"""The channel a manifest format reaches a person by (``pdf``: a PDF for you to send)."""
CHANNELS = ("post", "email", "pdf")


def _norm(value: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def person_key(person: Person) -> int:
    """The person's identity as a 64-bit number (reference, else e-mail, else name and
    postal address, compared without case or spacing differences)."""
    if person.reference.strip():
        text = "ref\0" + _norm(person.reference)
    elif person.email.strip():
        text = "mail\0" + _norm(person.email)
    else:
        parts = (person.name, *person.address, person.postal_code, person.city, person.country)
        text = "post\0" + "\0".join(_norm(p) for p in parts)
    return _key(text)


def mail_person_key(reference: str, email: str) -> int:
    """:func:`person_key` of a person known from an e-mail letter: the reference in the
    manifest, else the address the message is sent to."""
    text = "ref\0" + _norm(reference) if reference.strip() else "mail\0" + _norm(email)
    return _key(text)


def _key(text: str) -> int:
    import hashlib  # here: the clocks import this module and hash nobody (start-up)

    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


@dataclass(frozen=True, slots=True)
class BatchPeople:
    """The people one batch told."""

    people: int
    """Distinct people given at least one letter."""
    channels: tuple[tuple[str, int], ...]
    """People per channel (``post``, ``email``, ``pdf``); one person may use two."""

    def channels_text(self) -> str:
        names = {"post": "post", "email": "e-mail", "pdf": "PDF"}
        return ", ".join(f"{names[c]} {n:,}" for c, n in self.channels if n)


def count_union(sorted_keys: Iterable[Sequence[int]]) -> int:
    """How many distinct keys several sorted key lists hold together."""
    count, last = 0, None
    for key in heapq.merge(*sorted_keys):
        if key != last:
            count, last = count + 1, key
    return count


def everyone_told_at(
    told: Sequence[tuple[datetime, int]],
    affected: int | None,
    notices: Sequence[datetime] = (),
) -> datetime | None:
    """When everyone to be told had been told: the first time the distinct people told
    (``told``: batch finished at, people told so far) reached the people affected, or a
    public notice (Art. 34(3)(c)) was recorded — whichever came first. None while
    neither has happened, or when the number of people affected is not stated."""
    candidates = list(notices)
    if affected is not None and affected > 0:
        candidates += [at for at, people in told if people >= affected]
    return min(candidates, default=None)
