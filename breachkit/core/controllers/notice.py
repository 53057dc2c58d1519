"""What a processor's notice tells one controller (GDPR Art. 33(2), with 33(3) and 33(4)).

:func:`compose_notice` is pure: from the incident's facts, the processor's profile, one
controller (with its own figures) and the words of the controller's language, it builds
the notice's blocks (for the PDF and the e-mail) and its machine-readable document (the
JSON a controller's breachkit opens with ``new --from-notice``). Blocks are built as
values, never parsed from text, so nothing a controller file or the facts hold can act
as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from breachkit.core.controllers.model import Controller
from breachkit.core.controllers.words import NoticeWords
from breachkit.core.drafts.prose import derived_consequences, nature, protection_in_place
from breachkit.core.drafts.vocab import Vocabulary
from breachkit.core.enums import DataCategory, Exfiltration
from breachkit.core.incident.model import IncidentFacts
from breachkit.core.letters.markup import Block, Kind
from breachkit.core.organisation.profile import Organisation
from breachkit.core.times import utc_iso

FORMAT = "breachkit-controller-notice"
FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class NoticeRequest:
    """Everything one notice depends on (the same request gives the same notice)."""

    incident_id: str
    facts: IncidentFacts
    organisation: Organisation
    controller: Controller
    words: NoticeWords
    vocab: Vocabulary
    issued_at: datetime
    when: Callable[[datetime], str]
    """A time as the notice's language writes it, in the incident's zone."""
    number: Callable[[float], str]
    first_notice_at: datetime | None = None
    """Set for a complementary notice: when the controller was first told."""
    next_update: datetime | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    title: str
    subject: str
    greeting: str
    address: tuple[str, ...]
    blocks: tuple[Block, ...]
    unknown: tuple[str, ...]
    document: dict[str, Any]


def _own_facts(r: NoticeRequest) -> tuple[IncidentFacts, bool, bool, bool]:
    """The facts as they stand for this controller, and which figures are its own."""
    c, data = r.controller, r.facts.data
    categories = tuple(DataCategory(x) for x in c.categories) or data.categories
    own = replace(
        data,
        categories=categories,
        data_subjects=c.people if c.people is not None else data.data_subjects,
        records=c.records if c.records is not None else data.records,
    )
    facts = replace(r.facts, data=own)
    return facts, c.people is not None, c.records is not None, bool(c.categories)


def compose_notice(r: NoticeRequest) -> Notice:
    w, c = r.words, r.controller
    org = r.organisation
    own, own_people, own_records, own_categories = _own_facts(r)
    blocks: list[Block] = []
    complementary = r.first_notice_at is not None

    def para(text: str) -> None:
        blocks.append(Block(Kind.PARAGRAPH, text))

    def heading(key: str) -> None:
        blocks.append(Block(Kind.HEADING, w.get("heading", key)))

    if complementary:
        assert r.first_notice_at is not None
        para(w.get("notice", "intro_complementary", date=r.when(r.first_notice_at)))
    if c.contract_reference:
        para(w.get("notice", "intro_contract", processor=org.name, contract=c.contract_reference))
    else:
        para(w.get("notice", "intro", processor=org.name))
    heading("awareness")
    para(_times(r))
    heading("deadline")
    para(w.get("sentence", "deadline", when=r.when(r.issued_at)))
    heading("what_happened")
    blocks += _what_happened(r, own)
    heading("your_data")
    blocks += [
        Block(Kind.ITEM, t) for t in _figures(r, own, own_people, own_records, own_categories)
    ]
    heading("consequences")
    blocks += _consequences(r, own)
    protection = protection_in_place(own, r.vocab)
    if protection:
        heading("protection")
        blocks += [Block(Kind.ITEM, t) for t in protection]
    blocks += _measures(r)
    unknown = _unknown(r, own_people, own_records)
    blocks += _still_unknown(r, unknown)
    blocks += _contact(r)
    heading("ask")
    para(w.get("sentence", "ask", email=org.dpo.email))
    para(w.get("sentence", "help"))
    blocks += _signature(r)
    title = w.get("notice", "title_complementary" if complementary else "title")
    subject_key = "email_subject_complementary" if complementary else "email_subject"
    return Notice(
        title=title,
        subject=w.get("notice", subject_key, processor=org.name),
        greeting=_greeting(r),
        address=_address(r),
        blocks=tuple(blocks),
        unknown=unknown,
        document=_document(r, own, unknown, title),
    )


def _times(r: NoticeRequest) -> str:
    w, f = r.words, r.facts
    parts = [w.get("sentence", "aware", when=r.when(f.aware_at))]
    if f.occurred_at is not None:
        parts.append(w.get("sentence", "began", when=r.when(f.occurred_at)))
    if f.detected_at is not None and f.detected_at != f.aware_at:
        parts.append(w.get("sentence", "detected", when=r.when(f.detected_at)))
    return " ".join(parts)


def _free(r: NoticeRequest, key: str) -> tuple[str | tuple[str, ...], str]:
    """The incident's free text for the notice's language, and a note when it is not in it."""
    text = r.facts.text_in(r.words.language)
    value: str | tuple[str, ...] = text.items(key) if key.startswith("measures") else text.text(key)
    note = ""
    if key in text.foreign:
        name = (
            r.words.get("languages", text.base_language)
            if text.base_language in r.words.tables["languages"]
            else text.base_language
        )
        note = " " + r.words.get("sentence", "untranslated", language=name)
    return value, note


def _what_happened(r: NoticeRequest, own: IncidentFacts) -> list[Block]:
    out: list[Block] = []
    summary, note = _free(r, "summary")
    if isinstance(summary, str) and summary.strip():
        out.append(Block(Kind.PARAGRAPH, summary.strip() + note))
    described = nature(own, r.vocab, r.number)
    if described:
        out.append(Block(Kind.PARAGRAPH, described))
    return out


def _figures(
    r: NoticeRequest, own: IncidentFacts, own_people: bool, own_records: bool, own_cats: bool
) -> list[str]:
    w, data = r.words, own.data
    out = []
    if data.data_subjects is not None:
        key = "people_own" if own_people else "people_incident"
        out.append(w.get("sentence", key, n=r.number(data.data_subjects)))
    else:
        out.append(w.get("sentence", "people_unknown"))
    if data.records is not None:
        key = "records_own" if own_records else "records_incident"
        out.append(w.get("sentence", key, n=r.number(data.records)))
    words = [r.vocab.word("category", cat.value) for cat in data.categories]
    if words:
        key = "categories" if own_cats else "categories_incident"
        out.append(w.get("sentence", key, list=r.vocab.join(words)))
    else:
        out.append(w.get("sentence", "categories_unknown"))
    if r.controller.systems:
        out.append(w.get("sentence", "systems", list=r.vocab.join(list(r.controller.systems))))
    return out


def _consequences(r: NoticeRequest, own: IncidentFacts) -> list[Block]:
    own_text, note = _free(r, "consequences")
    out = [Block(Kind.ITEM, t) for t in derived_consequences(own, r.vocab, r.number)]
    if isinstance(own_text, str) and own_text.strip():
        out.append(Block(Kind.ITEM, own_text.strip() + note))
    return out or [Block(Kind.PARAGRAPH, r.words.get("sentence", "consequences_unknown"))]


def _measures(r: NoticeRequest) -> list[Block]:
    w = r.words
    out: list[Block] = []
    for key in ("measures_taken", "measures_proposed"):
        out.append(Block(Kind.HEADING, w.get("heading", key)))
        items, note = _free(r, key)
        if isinstance(items, tuple) and items:
            out += [Block(Kind.ITEM, item + note) for item in items]
        else:
            out.append(Block(Kind.PARAGRAPH, w.get("sentence", f"{key}_none")))
    return out


def _unknown(r: NoticeRequest, own_people: bool, own_records: bool) -> tuple[str, ...]:
    f, out = r.facts, []
    if f.breach.exfiltration in (None, Exfiltration.UNKNOWN):
        out.append("exfiltration")
    if f.occurred_at is None:
        out.append("occurred")
    if f.breach.cause is None:
        out.append("cause")
    if not own_people:
        out.append("people" if f.data.data_subjects is None else "people_own")
    if not own_records:
        out.append("records" if f.data.records is None else "records_own")
    if not r.controller.categories:
        out.append("categories_own" if f.data.categories else "categories")
    own, _, _, _ = _own_facts(r)
    text = f.text_in(r.words.language)
    if not derived_consequences(own, r.vocab, r.number) and not text.text("consequences"):
        out.append("consequences")
    if not text.items("measures_taken"):
        out.append("measures")
    return tuple(out)


def _still_unknown(r: NoticeRequest, unknown: tuple[str, ...]) -> list[Block]:
    """What is not known yet, and when more will follow (Art. 33(4))."""
    w = r.words
    out = [Block(Kind.HEADING, w.get("heading", "unknown"))]
    if unknown:
        out.append(Block(Kind.PARAGRAPH, w.get("sentence", "unknown_intro")))
        out += [Block(Kind.ITEM, w.get("unknown", k)) for k in unknown]
        out.append(Block(Kind.PARAGRAPH, w.get("sentence", "more_follows")))
    else:
        out.append(Block(Kind.PARAGRAPH, w.get("sentence", "unknown_none")))
    if r.next_update is not None:
        when = r.when(r.next_update)
        out.append(Block(Kind.PARAGRAPH, w.get("sentence", "next_update", when=when)))
    return out


def _contact(r: NoticeRequest) -> list[Block]:
    w, dpo = r.words, r.organisation.dpo
    colon = w.get("notice", "colon")
    lines = [
        Block(Kind.HEADING, w.get("heading", "contact")),
        Block(Kind.PARAGRAPH, w.get("sentence", "contact_intro")),
    ]
    for key, value in (("name", dpo.name), ("email", dpo.email), ("phone", dpo.phone)):
        if value:
            lines.append(Block(Kind.LINE, f"{w.get('sentence', key)}{colon}{value}"))
    return lines


def _signature(r: NoticeRequest) -> list[Block]:
    w, org = r.words, r.organisation
    out = [Block(Kind.PARAGRAPH, w.get("notice", "closing"))]
    if org.dpo.name:
        out.append(Block(Kind.LINE, org.dpo.name))
    out.append(Block(Kind.LINE, w.get("sentence", "processor", processor=org.name)))
    return out


def _greeting(r: NoticeRequest) -> str:
    name = r.controller.contact_name
    if name:
        return r.words.get("notice", "greeting_named", name=name)
    return r.words.get("notice", "greeting")


def _address(r: NoticeRequest) -> tuple[str, ...]:
    c = r.controller
    lines = [c.name]
    if c.contact_name:
        lines.append(r.words.get("notice", "attention", name=c.contact_name))
    lines += c.address
    place = " ".join(filter(None, (c.postal_code, c.city)))
    if place and c.address:
        lines.append(place)
    return tuple(lines)


def _document(
    r: NoticeRequest, own: IncidentFacts, unknown: tuple[str, ...], title: str
) -> dict[str, Any]:
    f, org, c = r.facts, r.organisation, r.controller

    def at(value: datetime | None) -> str | None:
        return utc_iso(value) if value is not None else None

    text = f.text_in(r.words.language)
    facts = own.to_document()
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "notice": {
            "title": title,
            "language": r.words.language,
            "issued_at": utc_iso(r.issued_at),
            "complementary": r.first_notice_at is not None,
            "first_notice_at": at(r.first_notice_at),
            "next_update": at(r.next_update),
            "unknown": list(unknown),
        },
        "processor": {
            "name": org.name,
            "registration": org.registration,
            "country": org.country,
            "address": list(org.address),
            "contact": {"name": org.dpo.name, "email": org.dpo.email, "phone": org.dpo.phone},
            "incident_id": r.incident_id,
            "aware_at": utc_iso(f.aware_at),
        },
        "controller": {k: v for k, v in c.document().items() if k != "line"},
        "incident": {
            "title": text.text("title") or f.title,
            "summary": text.text("summary"),
            "text_language": text.language if not text.foreign else text.base_language,
            "timezone": f.timezone,
            "occurred_at": at(f.occurred_at),
            "detected_at": at(f.detected_at),
            "breach": facts.get("breach", {}),
            "data": facts.get("data", {}),
            "protection": facts.get("protection", {}),
            "response": {
                "measures_taken": list(text.items("measures_taken")),
                "measures_proposed": list(text.items("measures_proposed")),
                "consequences": text.text("consequences"),
            },
        },
    }
