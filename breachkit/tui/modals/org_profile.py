"""The organisation profile as a form, with what each authority still needs beside it.

Every draft and letter takes the organisation's identity from the profile, so the
cockpit offers this form at its first start when there is none, and F2 opens it any
time. What is typed is read as the file would be (the services' ``org_preview``): a
bad e-mail or country is named beside the form in the form's words, and when the
values are right, ``org check``'s findings take its place. ctrl+s saves through the
services (the file's comments and other keys kept, 0600, atomically); Esc leaves
without saving.
"""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from breachkit.core.errors import BreachkitError, InputError, Problem
from breachkit.core.text import display
from breachkit.services import Services
from breachkit.services.organisation import AuthorityCheck
from breachkit.services.profile_form import FIELDS, ProfileField
from breachkit.services.profile_texts import TextLanguage, split_key, text_key, text_label
from breachkit.tui.widgets.profile_texts import ProfileTexts, field_id

widget_id = field_id
LABELS = {field.key: field.label for field in FIELDS}
TEXTS_AFTER = "dpo.title"
"""The other languages' sector and title come after the DPO's own title."""

FIRST_START = (
    "No organisation profile yet. Every notification draft and letter takes your "
    "organisation's identity from it: fill in what you know now (ctrl+s saves, you can "
    "come back with F2), or Esc to do it later."
)
INTRO = "The organisation profile: ctrl+s saves it, Esc leaves without saving."


def label_of(key: str) -> str:
    """A profile key (``dpo.email``, ``text.fr.sector``) as the form names it."""
    return LABELS.get(key) or (text_label(key) if key.startswith("text.") else key)


class OrgProfileModal(ModalScreen[bool]):
    """Create or edit the organisation profile."""

    DEFAULT_CSS = """
    OrgProfileModal {
        align: center middle;
        & > Vertical {
            width: 96%;
            max-width: 130;
            height: 94%;
            border: round $primary;
            background: $surface;
            padding: 0 1;
        }
        & #org-intro { color: $text-muted; height: auto; }
        & #org-body { height: 1fr; }
        & #org-form { width: 1fr; height: 1fr; padding-right: 1; }
        & #org-form Label { text-style: bold; margin-top: 1; }
        & #org-findings-box { width: 40%; height: 1fr; border-left: vkey $primary-darken-2; }
        & #org-findings { padding: 0 1; height: auto; }
        & #org-buttons { height: 1; align-horizontal: right; }
        & #org-buttons Button { margin-left: 2; min-width: 8; height: 1; border: none; }
    }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Leave", id="org-profile.cancel"),
        Binding("ctrl+s", "save", "Save", tooltip="Save the profile.", id="org-profile.save"),
    ]

    def __init__(self, services: Services, *, first_start: bool = False, focus: str = "") -> None:
        """``focus``: the key of the field to start in (a draft's missing item)."""
        super().__init__()
        self.services = services
        self.first_start = first_start
        self.values, self.unreadable = services.org_form_values()
        self.start = focus
        parts = split_key(focus)
        self.extra: list[str] = [parts[0]] if parts else []
        """Languages the DPO added (their code typed in the form)."""

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Organisation profile"
            yield Static(FIRST_START if self.first_start else INTRO, id="org-intro")
            with Horizontal(id="org-body"):
                with VerticalScroll(id="org-form"):
                    for field in FIELDS:
                        yield from self._field(field)
                        if field.key == TEXTS_AFTER:
                            yield ProfileTexts(
                                self.services.org_text_languages(self.values, self.extra),
                                self.values.get("organisation.text_language", ""),
                                self.values,
                            )
                with VerticalScroll(id="org-findings-box"):
                    yield Static("", id="org-findings")
            with Horizontal(id="org-buttons"):
                yield Button("Save", id="org-save", variant="primary")
                yield Button("Cancel", id="org-cancel")

    def _field(self, field: ProfileField) -> ComposeResult:
        value = self.values.get(field.key, "")
        if field.kind == "bool":
            yield Checkbox(field.label, value == "true", id=widget_id(field.key))
            return
        yield Label(field.label)
        if field.kind == "choice":
            yield Select(
                self._choices(field),
                value=value if value else Select.NULL,
                allow_blank=field.key == "authority.lead",
                prompt="choose one",
                compact=True,
                id=widget_id(field.key),
            )
            return
        shown = value.replace("\n", " / ") if field.kind == "lines" else value
        hint = "lines separated by ' / '" if field.kind == "lines" else field.hint
        hint = f"e.g. {hint}" if hint and field.kind != "lines" else hint
        yield Input(shown, placeholder=hint, id=widget_id(field.key), compact=True)

    def _choices(self, field: ProfileField) -> list[tuple[str, str]]:
        if field.key == "authority.lead":
            return [(f"{a.short} ({a.id})", a.id) for a in self.services.authorities.values()]
        return [(choice.replace("_", " "), choice) for choice in field.choices]

    def on_mount(self) -> None:
        if not (self.start and self._focus_key(self.start)):
            self.query_one(f"#{widget_id(FIELDS[0].key)}", Input).focus()
        self._refresh()

    # -- reading the form ------------------------------------------------------------------

    def typed(self) -> dict[str, str]:
        """The form's values, as the services read them."""
        values = {}
        for field in FIELDS:
            widget = self.query_one(f"#{widget_id(field.key)}")
            values[field.key] = _value_of(field, widget)
        values.update(self.query_one(ProfileTexts).typed())
        return values

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        self._refresh()

    def _refresh(self) -> None:
        typed = self.typed()
        languages = self.services.org_text_languages(typed, self.extra)
        own = typed.get("organisation.text_language", "")
        self.query_one(ProfileTexts).show(languages, own)
        problems, checks = self.services.org_preview(typed)
        findings = _findings(problems, checks, self.unreadable)
        if not problems:
            findings.append(_unstated(typed, languages))
        self.query_one("#org-findings", Static).update(findings)

    @on(ProfileTexts.LanguageAdded)
    def _language_added(self, event: ProfileTexts.LanguageAdded) -> None:
        if event.code not in self.extra:
            self.extra.append(event.code)
        self._refresh()
        key = text_key(event.code, "sector")
        self.call_after_refresh(self._focus_key, key)

    def _focus_key(self, key: str) -> bool:
        """Focus the field of ``key`` (and show it); False when the form has none."""
        if not re.fullmatch(r"[a-z0-9_.]+", key):
            return False
        found = self.query(f"#{widget_id(key)}")
        if not found:
            return False
        found.first().focus()
        found.first().scroll_visible()
        return True

    # -- actions ---------------------------------------------------------------------------

    def action_save(self) -> None:
        try:
            path = self.services.org_save(self.typed())
        except InputError as err:
            self.query_one("#org-findings", Static).update(_findings(err.problems, [], ""))
            self._focus_first(err.problems)
            self.app.notify("Not saved: see what is wrong beside the form.", severity="error")
            return
        except BreachkitError as err:
            self.app.notify(err.message, title="Not saved", severity="error", markup=False)
            return
        self.app.notify(f"Organisation profile saved to {path}", markup=False)
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#org-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#org-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def _focus_first(self, problems: list[Problem]) -> None:
        for problem in problems:
            if problem.key and self._focus_key(problem.key):
                return


def _value_of(field: ProfileField, widget: Widget) -> str:
    if isinstance(widget, Checkbox):
        return "true" if widget.value else "false"
    if isinstance(widget, Select):
        value: Any = widget.value
        return "" if value is Select.NULL else str(value)
    assert isinstance(widget, Input)
    if field.kind == "lines":
        return "\n".join(part.strip() for part in widget.value.split(" / "))
    return widget.value


def _findings(
    problems: tuple[Problem, ...] | list[Problem], checks: list[AuthorityCheck], unreadable: str
) -> Text:
    """What is wrong with the form, else what each authority will still need."""
    out = Text()
    if unreadable and not problems:
        out.append("The profile on disk could not be read:\n", style="bold red")
        out.append(display(unreadable) + "\n\n")
    if problems:
        out.append("To correct before saving:\n", style="bold red")
        for problem in problems:
            where = label_of(problem.key) if problem.key else "the profile"
            out.append(f"• {where}: ", style="bold")
            out.append(display(problem.message) + "\n")
        return out
    if not any(check.lead for check in checks):
        out.append("No lead authority yet: ", style="bold red")
        out.append("choose the supervisory authority of your main establishment (Art. 56).\n\n")
    for check in checks:
        name = check.authority.short + (" — lead" if check.lead else "")
        if not check.missing:
            out.append("✓ ", style="green")
            out.append(f"{name}: everything its notification needs is here\n")
            continue
        out.append("✗ ", style="bold red" if check.lead else "yellow")
        out.append(f"{name} still needs:\n", style="bold" if check.lead else "")
        for need in check.missing:
            out.append(f"    {label_of(need.key)}", style="bold")
            out.append(f" — {display(need.why)}\n")
    return out


def _unstated(values: dict[str, str], languages: list[TextLanguage]) -> Text:
    """The lead authority's languages the sector is not stated in (drafts in them print
    the sector in the profile's own language, marked as not translated)."""
    sector = values.get("organisation.sector", "").strip()
    own = values.get("organisation.text_language", "").strip() or "en"
    out = Text()
    for language in languages:
        key = text_key(language.code, "sector")
        if not language.lead or language.code == own or not sector or values.get(key, "").strip():
            continue
        out.append("\n! ", style="yellow")
        out.append(text_label(key), style="bold")
        out.append(
            f": not stated — drafts in {language.name} print “{display(sector)}”, marked "
            "as not translated"
        )
    return out
