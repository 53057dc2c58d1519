"""Completeness: what the authority will ask for that the facts or the profile do not give.

Each item says why it is asked (English, for the command line), how to fill it in,
and what it is called in the draft's language. Pure.
"""

from __future__ import annotations

from breachkit.core.drafts.model import (
    AUTHORITY_CLOCK,
    DraftRequest,
    Missing,
    Phase,
    PriorFiling,
    Value,
)
from breachkit.core.drafts.vocab import Vocabulary
from breachkit.core.incident.text import language_name

# Why each fact is asked for, and how to give it. Profile keys come from the authority.
FACT_NEEDS: dict[str, tuple[str, str]] = {
    "summary": (
        "the nature of the breach: what happened (Art. 33(3)(a))",
        'breachkit set {id} summary "What happened, in a few sentences"',
    ),
    "occurred_at": (
        "when the breach began (every authority's form asks)",
        "breachkit set {id} occurred_at 2026-11-18T02:00",
    ),
    "detected_at": (
        "when and how the breach was found (the authority's form asks)",
        "breachkit set {id} detected_at 2026-11-19T08:10",
    ),
    "breach.types": (
        "whether confidentiality, integrity or availability was lost",
        "breachkit set {id} breach.types '[\"confidentiality\"]'",
    ),
    "breach.cause": (
        "the cause, and whether it was a cyber incident (the authority's form asks)",
        "breachkit set {id} breach.cause ransomware",
    ),
    "data.categories": (
        "the categories of personal data concerned (Art. 33(3)(a))",
        'breachkit set {id} data.categories \'["identity", "contact"]\'',
    ),
    "data.data_subjects": (
        "the approximate number of people concerned (Art. 33(3)(a))",
        "breachkit set {id} data.data_subjects 1200",
    ),
    "data.records": (
        "the approximate number of personal data records concerned (Art. 33(3)(a))",
        "breachkit set {id} data.records 5000",
    ),
    "data.subject_groups": (
        "the categories of people concerned (Art. 33(3)(a))",
        "breachkit set {id} data.subject_groups '[\"customers\"]'",
    ),
    "response.consequences": (
        "the likely consequences (Art. 33(3)(c)); none follow from the facts given",
        'breachkit set {id} response.consequences "..." (or state the breach facts)',
    ),
    "response.measures": (
        "the measures taken or proposed, including mitigation (Art. 33(3)(d))",
        "breachkit set {id} response.measures_taken '[\"Server isolated\"]'",
    ),
    "protection.encryption": (
        "the security measures in place before the breach (the authority's form asks)",
        "breachkit set {id} protection.encryption none",
    ),
    "people_informed": (
        "whether and how the people are informed, or the Art. 34(3) ground for not",
        "breachkit decide {id} (or breachkit set {id} response.people_informed planned)",
    ),
    "reasons_for_delay": (
        "the notification is later than 72 hours after awareness: Art. 33(1) requires "
        "the reasons for the delay",
        "breachkit draft {id} ... --reasons-for-delay TEXT",
    ),
    "earlier_reference": (
        "a complementary notification quotes the reference of the initial one (Art. 33(4))",
        "breachkit notified {id} --authority AUTH --at TIME --reference REF",
    ),
}
PROFILE_KEYS = (
    "organisation.name",
    "organisation.address",
    "organisation.country",
    "organisation.registration",
    "organisation.sector",
    "organisation.website",
    "dpo.name",
    "dpo.email",
    "dpo.phone",
    "dpo.address",
    "representative.name",
    "representative.title",
)
TEXT_KEYS = {
    "title": "the title",
    "summary": "the summary (what happened, Art. 33(3)(a))",
    "measures_taken": "the measures taken (Art. 33(3)(d))",
    "measures_proposed": "the measures proposed (Art. 33(3)(d))",
    "consequences": "the likely consequences (Art. 33(3)(c))",
    "sector": "the organisation's sector",
}
"""Free text that must be in the draft's language; labelled ``text.KEY`` in [missing]."""
MISSING_KEYS = (
    frozenset(FACT_NEEDS) | frozenset(PROFILE_KEYS) | frozenset(f"text.{key}" for key in TEXT_KEYS)
)
"""Every key a language file's ``[missing]`` table must name."""


def untranslated_items(
    r: DraftRequest, keys: tuple[str, ...], base_language: str, vocab: Vocabulary
) -> list[Missing]:
    """Free text that has no text in the draft's language (``keys`` of TEXT_KEYS)."""
    labels = vocab.tables["missing"]
    lang, base = r.language, language_name(base_language)
    out = []
    for key in keys:
        where = f"text.{lang}.{key}"
        why = (
            f"{TEXT_KEYS[key]} is written in {base} only; the draft is in "
            f"{language_name(lang)} (it is printed as it is, marked as not translated)"
        )
        if key == "sector":
            fix = f'organisation profile: [text.{lang}] sector = "..." (breachkit org check)'
        else:
            value = "'[\"...\"]'" if key.startswith("measures") else '"..."'
            fix = (
                f"breachkit set {r.incident_id} {where} {value} (or, if that text is "
                f"already in {language_name(lang)}: breachkit set {r.incident_id} "
                f"text_language {lang})"
            )
        out.append(Missing(where, why, fix, labels.get(f"text.{key}", where)))
    return out


def earlier_filing(r: DraftRequest) -> PriorFiling | None:
    """The first notification to this authority on record (Art. 33(1)), if any."""
    own = [f for f in r.filings if f.authority == r.authority.id and f.clock_id == AUTHORITY_CLOCK]
    return min(own, key=lambda f: f.at) if own else None


def is_late(r: DraftRequest) -> bool:
    """Whether the Art. 33(1) notification is (or was) sent after its deadline."""
    if r.deadline is None:
        return False
    earlier = earlier_filing(r)
    sent = earlier.at if earlier is not None else r.now
    return sent > r.deadline


def reasons_for_delay(r: DraftRequest) -> str:
    """The reasons given now, else those recorded with the initial filing."""
    if r.reasons_for_delay.strip():
        return r.reasons_for_delay.strip()
    earlier = earlier_filing(r)
    return earlier.reasons_for_delay.strip() if earlier else ""


def missing_items(
    r: DraftRequest, values: dict[str, Value], vocab: Vocabulary, late: bool
) -> tuple[Missing, ...]:
    """Profile gaps first (the authority's needs), then facts, in FACT_NEEDS order."""
    labels = vocab.tables["missing"]
    out: list[Missing] = []
    for need in r.authority.missing(r.organisation):
        fix = "fill it in the organisation profile (breachkit org check)"
        out.append(Missing(need.key, need.why, fix, labels.get(need.key, need.key)))
    facts = r.facts
    absent = {
        "summary": values["summary"] is None,
        "occurred_at": facts.occurred_at is None,
        "breach.types": not facts.breach.types,
        "data.categories": not facts.data.categories,
        "data.data_subjects": facts.data.data_subjects is None,
        "data.records": facts.data.records is None,
        "data.subject_groups": not facts.data.subject_groups,
        "response.consequences": values["consequences"] is None,
        "response.measures": values["measures_taken"] is None
        and values["measures_proposed"] is None,
        "people_informed": values["people_informed"] is None,
        "reasons_for_delay": late and values["delay_reasons"] is None,
        "earlier_reference": r.phase == Phase.COMPLEMENTARY and values["earlier_reference"] is None,
        "detected_at": "detected_at" in r.authority.asks and facts.detected_at is None,
        "breach.cause": "breach.cause" in r.authority.asks and facts.breach.cause is None,
        "protection.encryption": "protection.encryption" in r.authority.asks
        and facts.protection.encryption is None,
    }
    for key, (why, fix) in FACT_NEEDS.items():
        if absent[key]:
            out.append(Missing(key, why, fix.format(id=r.incident_id), labels.get(key, key)))
    return tuple(out)
