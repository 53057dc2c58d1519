"""Free text in more than one language: the incident file's ``[text.LL]`` tables (pure).

The free text of an incident file (``title``, ``summary`` and ``[response]``
``measures_taken``, ``measures_proposed``, ``consequences``) is written in one language,
``text_language`` (English when the file does not say). A notification draft or a letter
in another language takes its words from ``[text.LL]``. :func:`text_in` gives the text
for one language and names what has no text in it, so a completeness check can say so
and an incomplete draft can mark it. Nothing is translated here, and nothing is guessed:
text in another language stays marked as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FREE_TEXT = ("title", "summary", "measures_taken", "measures_proposed", "consequences")
"""The incident file's free-text keys, in the order the drafts and letters use them."""
LIST_TEXT = frozenset({"measures_taken", "measures_proposed"})
DEFAULT_TEXT_LANGUAGE = "en"
"""The language of the incident file's free text when ``text_language`` is not stated."""

TextValue = str | tuple[str, ...]
LANGUAGE_NAMES = {"en": "English", "fr": "French", "da": "Danish", "de": "German", "nl": "Dutch"}


def language_name(code: str) -> str:
    """A language's English name, for the command line (the code for other languages)."""
    return LANGUAGE_NAMES.get(code, f"'{code}'")


@dataclass(frozen=True, slots=True)
class LocalText:
    """One ``[text.LL]`` table: the free text in language ``language``."""

    language: str
    title: str = ""
    summary: str = ""
    measures_taken: tuple[str, ...] = ()
    measures_proposed: tuple[str, ...] = ()
    consequences: str = ""

    def get(self, key: str) -> TextValue:
        value: TextValue = getattr(self, key)
        return value

    def to_document(self) -> dict[str, object]:
        """The table as the incident file writes it (keys with no text left out)."""
        out: dict[str, object] = {}
        for key in FREE_TEXT:
            value = self.get(key)
            if value:
                out[key] = list(value) if isinstance(value, tuple) else value
        return out


@dataclass(frozen=True, slots=True)
class TextIn:
    """The free text for one language, and which keys only have text in another."""

    language: str
    base_language: str
    values: dict[str, TextValue] = field(default_factory=dict)
    foreign: tuple[str, ...] = ()
    """Keys whose text is the file's own (in ``base_language``), not in ``language``."""

    def text(self, key: str) -> str:
        value = self.values.get(key, "")
        return value if isinstance(value, str) else ""

    def items(self, key: str) -> tuple[str, ...]:
        value = self.values.get(key, ())
        return value if isinstance(value, tuple) else ()

    def has(self, key: str) -> bool:
        """Whether ``key`` has text at all (in this language or another)."""
        return bool(self.values.get(key))


def text_in(
    base: LocalText, translations: tuple[LocalText, ...], language: str, base_language: str
) -> TextIn:
    """The text for ``language``: its ``[text.LL]`` entry, else the file's own text.

    ``base`` holds the file's own free text, written in ``base_language``. A key whose
    only text is the file's own, in another language, is listed in ``foreign``.
    """
    own = next((t for t in translations if t.language == language), None)
    values: dict[str, TextValue] = {}
    foreign: list[str] = []
    for key in FREE_TEXT:
        local = own.get(key) if own is not None else ""
        if _present(local):
            values[key] = local
            continue
        fallback = base.get(key)
        values[key] = fallback
        if _present(fallback) and base_language != language:
            foreign.append(key)
    return TextIn(language, base_language, values, tuple(foreign))


def _present(value: TextValue) -> bool:
    if isinstance(value, tuple):
        return any(v.strip() for v in value)
    return bool(value.strip())
