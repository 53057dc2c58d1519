"""The profile form's part for the other languages: the sector and the DPO's own title
in each language a draft may be written in (``[text.LL]`` of the profile).

One group of two fields per language, headed by the drafts that read it (the lead
authority first); the form says which languages (the services' ``org_text_languages``)
and this part adds a group when one more is needed, never dropping one (what is typed
stays). The last field adds a language: type its code, Enter.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from breachkit.core.text import display
from breachkit.services.profile_texts import (
    TEXT_NAMES,
    TextLanguage,
    language_problem,
    text_key,
    text_label,
    uses,
)

INTRO = (
    "A draft prints the sector in its own language. Empty: not stated — the draft then "
    "prints the sector above, marked as not translated, and lists it as missing. The DPO's "
    "own title, when empty, is the language's standard one (in the title form above)."
)
HINTS = {"sector": "empty: not stated", "dpo_title": "empty: the standard one"}


def field_id(key: str) -> str:
    """The widget id of a form key (``text.fr.sector`` -> ``org-text-fr-sector``)."""
    return "org-" + key.replace(".", "-").replace("_", "-")


class LanguageTexts(Vertical):
    """The sector and the DPO's own title in one language."""

    DEFAULT_CSS = """
    LanguageTexts { height: auto; }
    LanguageTexts > .texts-head { margin-top: 1; height: auto; }
    """

    def __init__(self, language: TextLanguage, own: str, values: Mapping[str, str]) -> None:
        super().__init__(id=f"org-texts-{language.code}")
        self.language = language
        self.own = own
        self.values = values

    def compose(self) -> ComposeResult:
        yield Static(self._head(), classes="texts-head")
        for name in TEXT_NAMES:
            key = text_key(self.language.code, name)
            yield Label(text_label(key))
            yield Input(
                self.values.get(key, ""),
                placeholder=HINTS[name],
                id=field_id(key),
                name=key,
                classes="org-text",
                compact=True,
            )

    def describe(self, language: TextLanguage, own: str) -> None:
        """Say again who reads this language (the lead or the languages changed)."""
        self.language, self.own = language, own
        if self.is_mounted:
            self.query_one(".texts-head", Static).update(self._head())

    def _head(self) -> Text:
        code = self.language.code
        return Text.assemble(
            (f"{self.language.name} ({code})", "bold underline"),
            " — ",
            (uses(self.language, self.own), "italic"),
        )


class ProfileTexts(Vertical):
    """Every language's group, and the field that adds a language."""

    DEFAULT_CSS = """
    ProfileTexts { height: auto; }
    ProfileTexts > #org-texts-title { text-style: bold reverse; margin-top: 1; width: 1fr; }
    ProfileTexts > #org-texts-intro { color: $text-muted; height: auto; }
    ProfileTexts > #org-add-problem { color: $error; height: auto; }
    """

    class LanguageAdded(Message):
        """The DPO typed a language code and Enter."""

        def __init__(self, code: str) -> None:
            super().__init__()
            self.code = code

    def __init__(self, languages: list[TextLanguage], own: str, values: Mapping[str, str]) -> None:
        super().__init__(id="org-texts")
        self.languages = languages
        self.own = own
        self.values = values
        self.codes = {language.code for language in languages}

    def compose(self) -> ComposeResult:
        yield Static(" Sector and DPO title in other languages ", id="org-texts-title")
        yield Static(INTRO, id="org-texts-intro")
        for language in self.languages:
            yield LanguageTexts(language, self.own, self.values)
        yield Label("Add a language (its ISO 639-1 code, then Enter)", id="org-add-label")
        yield Input(placeholder="e.g. de", id="org-add-language", compact=True)
        yield Static("", id="org-add-problem")

    def show(self, languages: list[TextLanguage], own: str) -> None:
        """Add a group for each language not shown yet; say again who reads each."""
        by_code = {language.code: language for language in languages}
        for group in self.query(LanguageTexts):
            group.describe(by_code.get(group.language.code, group.language), own)
        for language in languages:
            if language.code not in self.codes:
                self.codes.add(language.code)
                self.mount(LanguageTexts(language, own, self.values), before="#org-add-label")

    def typed(self) -> dict[str, str]:
        """``text.LL.sector`` and ``text.LL.dpo_title`` as typed."""
        return {
            field.name: field.value
            for field in self.query("Input.org-text").results(Input)
            if field.name
        }

    @on(Input.Submitted, "#org-add-language")
    def _add(self, event: Input.Submitted) -> None:
        event.stop()
        code = event.value.strip().lower()
        problem = language_problem(code) if code else "type a code such as de"
        note = self.query_one("#org-add-problem", Static)
        if problem:
            note.update(Text(display(f"Not added: {problem}")))
            return
        note.update("")
        event.input.value = ""
        self.post_message(self.LanguageAdded(code))
