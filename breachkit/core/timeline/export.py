"""Timeline entries written out as JSON text, fast enough for a million of them.

:func:`entry_json` turns an entry as stored (:data:`~breachkit.core.timeline.chain.RawEntry`)
into the JSON object :meth:`TimelineEntry.to_document` gives, without building the entry
first: the links are kept as the canonical JSON text the store holds (checked, not
re-encoded), the other fields are quoted by the json module's C quoting. That makes
``timeline --json`` and ``--jsonl`` write an entry in a few microseconds, streaming.
"""

from __future__ import annotations

import json

from breachkit.core.timeline.chain import RawEntry

_quote = json.encoder.encode_basestring


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def links_text(stored: str) -> str:
    """The stored links as a JSON object's text: as stored when it is one; a stored
    value of another type as ``{"value": …}``; text that is no JSON at all (a forged
    row) as ``{"unreadable": "<the text>"}``, so the output stays one JSON document."""
    if stored == "{}":
        return stored
    try:
        value = json.loads(stored, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        return '{"unreadable": ' + _quote(stored) + "}"
    if isinstance(value, dict):
        return stored
    return '{"value": ' + stored + "}"


def entry_json(entry: RawEntry) -> str:
    """One entry as a JSON object on one line (the keys of ``TimelineEntry.to_document``)."""
    seq, kind, text, occurred, recorded, actor, links, corrects, prev, digest = entry
    q = _quote
    return (
        f'{{"seq": {int(seq)}, "kind": {q(kind)}, "text": {q(text)}, '
        f'"occurred_at": {q(occurred)}, "recorded_at": {q(recorded)}, "actor": {q(actor)}, '
        f'"links": {links_text(links)}, '
        f'"corrects": {"null" if corrects is None else int(corrects)}, '
        f'"prev_hash": {q(prev)}, "hash": {q(digest)}}}'
    )
