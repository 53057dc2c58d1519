"""Whether the letters of a batch say what Art. 34(2) requires, in each of their languages.

A letter describes in clear and plain language the nature of the breach and gives at
least the contact point, the likely consequences and the measures taken or proposed
(Art. 34(2), with Art. 33(3)(b)-(d)). breachkit writes the nature and the consequences
from the facts; the measures are the organisation's own words, which only it can give,
in each letter's language. :func:`letter_gaps` lists what is missing, with why and how
to fill it in; the batch is refused unless the person accepts the gaps (pure).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from breachkit.core.incident.text import TextIn, language_name
from breachkit.core.letters.plan import LetterFacts, plan_letter
from breachkit.core.letters.texts import CustomText
from breachkit.core.organisation.profile import Organisation


@dataclass(frozen=True, slots=True)
class Gap:
    """Something Art. 34(2) asks of a letter that the letters cannot say yet."""

    key: str
    """The incident-file or profile key (``response.measures_proposed``, ``text.fr.summary``)."""
    why: str
    fix: str


_MEASURES = {
    "measures_taken": "the measures taken to address the breach and limit its effects",
    "measures_proposed": "the measures proposed (what you will still do)",
}


def letter_gaps(
    incident_id: str,
    lf: LetterFacts,
    organisation: Organisation,
    texts: Mapping[str, TextIn],
    languages: Iterable[str],
    custom: Mapping[str, CustomText] | None = None,
) -> tuple[Gap, ...]:
    """What the letters in ``languages`` would lack (empty: they say all of it).

    ``texts`` holds the incident's free text for each language; ``custom`` the words of
    ``--text`` (its ``measures`` count as measures taken, ``consequences`` as
    consequences, ``what_happened`` as the nature of the breach).
    """
    custom = custom or {}
    wanted = sorted(set(languages))
    gaps: list[Gap] = []
    dpo = organisation.dpo
    if not dpo.name.strip():
        gaps.append(
            Gap(
                "dpo.name",
                "the contact point (Art. 34(2), 33(3)(b)): who answers the people's questions",
                'organisation profile: [dpo] name = "..." (breachkit org check)',
            )
        )
    if not (dpo.email.strip() or dpo.phone.strip()):
        gaps.append(
            Gap(
                "dpo.email",
                "the contact point's details (Art. 34(2), 33(3)(b)): an e-mail or a telephone",
                'organisation profile: [dpo] email = "..." or phone = "..."',
            )
        )
    if not lf.cause_stated and not all(
        custom.get(lang, CustomText()).what_happened for lang in wanted
    ):
        gaps.append(
            Gap(
                "breach.cause",
                "the nature of the breach (Art. 34(2)): without the cause the letter can only "
                "say that there was a security incident",
                f"breachkit set {incident_id} breach.cause hacking (or ransomware, "
                "misdelivery, ...)",
            )
        )
    gaps += _consequences(incident_id, lf, texts, wanted, custom)
    for key, what in _MEASURES.items():
        gaps += _measures(incident_id, key, what, texts, wanted, custom)
    return tuple(gaps)


def _consequences(
    incident_id: str,
    lf: LetterFacts,
    texts: Mapping[str, TextIn],
    languages: list[str],
    custom: Mapping[str, CustomText],
) -> list[Gap]:
    out: list[Gap] = []
    for language in languages:
        text = texts[language]
        own = custom.get(language, CustomText()).consequences
        derived = plan_letter(lf, language=language).consequences
        if "consequences" in text.foreign and not own:
            out.append(_foreign(incident_id, "consequences", "the likely consequences", text))
        elif not (derived or text.has("consequences") or own):
            out.append(
                Gap(
                    "response.consequences",
                    "the likely consequences (Art. 34(2), 33(3)(c)): none follow from the "
                    "facts given",
                    f"breachkit set {incident_id} data.categories '[\"contact\"]' (or "
                    f'response.consequences "...")',
                )
            )
            break
    return out


def _measures(
    incident_id: str,
    key: str,
    what: str,
    texts: Mapping[str, TextIn],
    languages: list[str],
    custom: Mapping[str, CustomText],
) -> list[Gap]:
    def given(language: str) -> bool:
        text = texts[language]
        extra = key == "measures_taken" and bool(custom.get(language, CustomText()).measures)
        return extra or (text.has(key) and key not in text.foreign)

    if not any(given(lang) or texts[lang].has(key) for lang in languages):
        return [
            Gap(
                f"response.{key}",
                f"{what} (Art. 34(2), 33(3)(d)), in the organisation's own words",
                f"breachkit set {incident_id} response.{key} '[\"...\"]'",
            )
        ]
    return [_foreign(incident_id, key, what, texts[lang]) for lang in languages if not given(lang)]


def _foreign(incident_id: str, key: str, what: str, text: TextIn) -> Gap:
    """``key`` has no text in this letter language (only in the file's, or none)."""
    lang, base = text.language, language_name(text.base_language)
    value = "'[\"...\"]'" if key.startswith("measures") else '"..."'
    if key in text.foreign:
        why = (
            f"{what} is written in {base} only; the letters in {language_name(lang)} would "
            f"print it in {base}"
        )
    else:
        why = f"{what} has no text in {language_name(lang)}, the language of some letters"
    return Gap(f"text.{lang}.{key}", why, f"breachkit set {incident_id} text.{lang}.{key} {value}")
