"""The organisation's own words in a letter: who signs, and the incident's own text (pure).

The signatory is the profile's contact point (Art. 33(3)(b)) with the title the profile
gives, or the language's title for a DPO in the form the profile says, or for another
contact point. The incident's own measures and consequences are printed as written, in
the letter's language (:mod:`breachkit.core.incident.text`).
"""

from __future__ import annotations

from typing import Any

from breachkit.core.enums import ContactRole, TitleForm
from breachkit.core.incident.text import TextIn
from breachkit.core.letters.texts import LetterTexts
from breachkit.core.organisation.profile import Organisation


def signatory(org: Organisation, texts: LetterTexts) -> str:
    """The contact point's title in the letter's language: the profile's own words for
    it, else the language's, for a DPO (in the form the profile says) or a contact point."""
    own = org.dpo_title_in(texts.language)
    if own:
        return own
    words = texts.sections["signatory"]
    if org.dpo.role is ContactRole.CONTACT_POINT:
        return str(words["contact_point"])
    form = org.dpo.title_form
    return str(words["dpo" if form is TitleForm.NEUTRAL else f"dpo_{form.value}"])


def own_words(text: TextIn | None) -> dict[str, Any]:
    """The incident's own words for a letter (printed as they are, on one line each)."""
    if text is None:
        return {"measures_taken": [], "measures_proposed": [], "consequences": ""}
    return {
        "measures_taken": [m for m in text.items("measures_taken") if m.strip()],
        "measures_proposed": [m for m in text.items("measures_proposed") if m.strip()],
        "consequences": text.text("consequences").strip(),
    }
