"""The new-incident wizard: the incident file's facts, step by step, checked as you type.

Every check is the core's (``parse_incident_document``, with "now" for times that
cannot be true yet), so a bad time or an unknown country reads exactly as it would from
``breachkit new --from FILE``; the message shows beside the field. Times may be typed as
the command line takes them (``2 Dec 2026 14:05``, ``14:05``), read by the services. The
incident is created through the services; the screen dismisses with its id.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, ContentSwitcher, Footer, Header, Input, Static

from breachkit.core.errors import BreachkitError, InputError
from breachkit.core.incident.parse import parse_incident_document
from breachkit.core.times import TimeValueError, load_zone, show
from breachkit.tui import facts as f
from breachkit.tui.context import app_of
from breachkit.tui.feedback import notify_error
from breachkit.tui.focus import ENTER_FIELD, enter_in_field, key_allowed
from breachkit.tui.modals.discard import LeaveWizardModal
from breachkit.tui.screens.wizard_steps import STEP_OF, STEPS
from breachkit.tui.widgets.fact_field import FactField


class WizardScreen(Screen[str | None]):
    """Record a new incident; dismisses with its id (None when cancelled)."""

    CSS_PATH = "wizard.tcss"
    BINDINGS = [
        ENTER_FIELD,
        Binding(
            "escape",
            "cancel",
            "Cancel",
            tooltip="Leave without creating anything.",
            id="wizard.cancel",
        ),
        Binding("pageup", "previous_step", "Back", priority=True, id="wizard.back"),
        Binding("pagedown", "next_step", "Next", priority=True, id="wizard.next"),
        Binding(
            "ctrl+s",
            "create",
            "Create",
            tooltip="Create the incident now.",
            priority=True,
            id="wizard.create",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.step = 0
        self.default_zone = "UTC"
        self.zone_note = ""

    def compose(self) -> ComposeResult:
        app = app_of(self)
        try:
            org = app.services.organisation()
        except BreachkitError:
            org = None
        if org and org.timezone:
            self.default_zone = org.timezone
        else:
            self.zone_note = " No organisation profile gives a zone: UTC until you change it."
        initial = {
            "timezone": self.default_zone,
            "role": "controller",
            "aware_at": f.local_now_text(app.now, ZoneInfo(self.default_zone)),
        }
        draft = app.wizard_draft or {}
        yield Header(show_clock=False, icon="▲")
        yield Static("", id="wizard-steps")
        with ContentSwitcher(initial=STEPS[0].id, id="wizard-body"):
            for step in STEPS:
                with VerticalScroll(id=step.id, classes="wizard-step"):
                    if step.keys:
                        intro = step.intro + (self.zone_note if step.id == "step-incident" else "")
                        yield Static(intro, classes="wizard-intro", markup=False)
                    for key in step.keys:
                        spec = f.BY_KEY[key]
                        value = initial.get(key)
                        text = value if isinstance(value, str) else ""
                        if key in draft:
                            value, text = draft[key]
                        yield FactField(spec, value, text)
                    if not step.keys:
                        yield Static("", id="wizard-review")
        with Horizontal(id="wizard-buttons"):
            yield Button("Back", id="wizard-back", compact=True)
            yield Button("Next", id="wizard-next", variant="primary", compact=True)
            yield Button("Create incident", id="wizard-create", variant="success", compact=True)
            yield Button("Cancel", id="wizard-cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "New incident"
        self._show_step()
        self._note_times()
        self.resumed = app_of(self).wizard_draft is not None
        self.pristine = self.snapshot()
        if self.resumed:
            self.app.notify(
                "The incident you left unfinished is back; Esc leaves it again.",
                title="Draft resumed",
                timeout=6,
            )

    def snapshot(self) -> dict[str, tuple[Any, str]]:
        """Every field as typed (the draft kept when leaving)."""
        return {key: field.state() for key, field in self.fields().items()}

    # -- the document --------------------------------------------------------------------

    def fields(self) -> dict[str, FactField]:
        return {field.spec.key: field for field in self.query(FactField)}

    def document(self) -> dict[str, Any]:
        document: dict[str, Any] = {}
        for key, field in self.fields().items():
            f.put(document, key, field.raw())
        return document

    def _zone(self) -> ZoneInfo | None:
        try:
            return load_zone(str(self.document().get("timezone") or self.default_zone))
        except TimeValueError:
            return None

    def action_enter_field(self) -> None:
        enter_in_field(self)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.enter_field(event.input)

    def enter_field(self, field: Input) -> bool:
        """Enter in a field moves on, as Tab does; on the last field of a step, to the
        next step (in the app's own turn: tui/focus.py)."""
        step = self.query_one(f"#{STEPS[self.step].id}")
        last = list(step.query(FactField))[-1]
        if last.control is field:
            self.action_next_step()
        else:
            self.focus_next()
        return True

    @on(FactField.Changed)
    def _changed(self, event: FactField.Changed) -> None:
        key = event.field.spec.key
        if key == "timezone":
            self._zone_changed()
        found = self._problems()
        fields = self.fields()
        event.field.show_problems(found.get(key))
        for other_key, field in fields.items():  # cross-field problems come and go
            if other_key != key and field.has_class("-invalid"):
                field.show_problems(found.get(other_key))
        self._note_times()

    def _zone_changed(self) -> None:
        """Aware-at defaults to now: keep it "now" in the newly chosen zone."""
        aware = self.fields()["aware_at"]
        zone = self._zone()
        if zone is not None and not aware.touched:
            aware.set_text(f.local_now_text(app_of(self).now, zone))

    def _problems(self) -> dict[str | None, list[str]]:
        """The core's problems with the document, times read as typed and judged against
        now (a time in the future or out of order shows beside its field)."""
        services = app_of(self).services
        return f.problems(self.document(), now=app_of(self).now, read_time=services.read_time)

    def _note_times(self) -> None:
        zone = self._zone()
        for key, field in self.fields().items():
            if f.BY_KEY[key].kind is not f.FactKind.TIME:
                continue
            raw = field.raw()
            note = ""
            if isinstance(raw, str) and zone is not None:
                try:
                    note = "= " + show(app_of(self).services.read_time(raw, zone).instant, zone)
                except TimeValueError:
                    note = ""
            field.show_note(note)

    # -- steps ---------------------------------------------------------------------------

    def _show_step(self) -> None:
        step = STEPS[self.step]
        self.query_one(ContentSwitcher).current = step.id
        parts = []
        for index, each in enumerate(STEPS):
            style = "reverse bold" if index == self.step else ("" if index < self.step else "dim")
            parts.append(Text(f" {index + 1} {each.title} ", style=style))
        self.query_one("#wizard-steps", Static).update(Text(" › ").join(parts))
        last = self.step == len(STEPS) - 1
        self.query_one("#wizard-back").disabled = self.step == 0
        self.query_one("#wizard-next").display = not last
        if last:
            self._review()
            self.query_one("#wizard-create").focus()
        else:
            first = self.query_one(f"#{step.id}").query(FactField).first()
            first.focus_control()
        self.refresh_bindings()

    def _step_problems(self, index: int) -> bool:
        """Show the core's problems for one step's facts; True when there are some."""
        found = self._problems()
        fields = self.fields()
        bad = False
        for key in STEPS[index].keys:
            fields[key].show_problems(found.get(key))
            bad = bad or key in found
        return bad

    def _show_first_problem(self) -> None:
        """Focus the step's first field with a problem, scrolled into view with its
        reason (shown beside it), and say the reason at the bottom right too."""
        fields = self.fields()
        for key in STEPS[self.step].keys:
            field = fields[key]
            if field.has_class("-invalid"):
                field.focus_control()
                self.call_after_refresh(field.scroll_visible, animate=False)
                reason = str(field.query_one(".fact-problem", Static).render())
                self.app.notify(
                    f"{field.spec.label}: {reason}",
                    title="Not yet",
                    severity="warning",
                    timeout=8,
                    markup=False,
                )
                return

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not key_allowed(self, action):
            return False
        if action == "previous_step":
            return self.step > 0
        if action == "next_step":
            return self.step < len(STEPS) - 1
        return True

    @on(Button.Pressed, "#wizard-next")
    def action_next_step(self) -> None:
        if self._step_problems(self.step):
            self.app.bell()
            self._show_first_problem()
            return
        self.step = min(self.step + 1, len(STEPS) - 1)
        self._show_step()

    @on(Button.Pressed, "#wizard-back")
    def action_previous_step(self) -> None:
        self.step = max(self.step - 1, 0)
        self._show_step()

    @on(Button.Pressed, "#wizard-cancel")
    def action_cancel(self) -> None:
        """Esc: leave at once when nothing was typed; else ask (keep a draft, discard)."""
        if not self.resumed and self.snapshot() == self.pristine:
            self.dismiss(None)
            return

        def chosen(answer: str | None) -> None:
            if answer == "stay" or answer is None:
                return
            app_of(self).wizard_draft = self.snapshot() if answer == "keep" else None
            self.dismiss(None)

        self.app.push_screen(LeaveWizardModal(), chosen)

    def _review(self) -> None:
        document = self.document()
        found = self._problems()
        zone = self._zone() or ZoneInfo("UTC")
        lines: list[Text] = []
        if found:
            lines.append(Text("Not yet: fix these first (Back, or click the step).", style="bold"))
            for key, messages in found.items():
                label = f.BY_KEY[key].label if key in f.BY_KEY else (key or "incident")
                for message in messages:
                    lines.append(Text(f"  {label}: {message}"))
            lines.append(Text(""))
        lines.append(Text("Ready to create:" if not found else "So far:", style="bold"))
        for spec in f.FACTS:
            raw = f.get(document, spec.key)
            if raw is None or spec.key not in STEP_OF:
                continue
            shown = self._show_raw(spec, raw, zone, app_of(self).services.read_time)
            lines.append(Text.assemble(Text(f"  {spec.label}: ", style="bold"), shown))
        lines.append(Text(""))
        lines.append(
            Text(
                "Protection and response facts can be added from the incident's "
                "Overview once it exists. Every later change is kept on the "
                "timeline.",
                style="dim",
            )
        )
        self.query_one("#wizard-review", Static).update(Text("\n").join(lines))

    @staticmethod
    def _show_raw(
        spec: f.FactSpec, raw: Any, zone: ZoneInfo, read_time: Callable[[str, ZoneInfo], Any]
    ) -> str:
        if spec.kind is f.FactKind.TIME and isinstance(raw, str):
            try:
                return show(read_time(raw, zone).instant, zone)
            except TimeValueError:
                return raw
        if isinstance(raw, list):
            return ", ".join(f.humanise(str(v)) for v in raw)
        if isinstance(raw, bool):
            return "yes" if raw else "no"
        return f.humanise(str(raw)) if spec.enum else str(raw)

    @on(Button.Pressed, "#wizard-create")
    def action_create(self) -> None:
        document = self.document()
        found = self._problems()
        if found:
            first = min((STEP_OF.get(key or "", 0) for key in found), default=0)
            for index in range(len(STEPS) - 1):
                self._step_problems(index)
            self.step = first
            self._show_step()
            self._show_first_problem()
            return
        app = app_of(self)
        typed, _ = f.typed_times(document, app.services.read_time, self.default_zone)
        try:
            loaded = parse_incident_document(typed, "wizard", self.default_zone, now=app.now)
            incident_id = app.services.create_incident(loaded, source="the TUI wizard")
        except InputError as err:
            notify_error(self, err, title="Not created")
            return
        except BreachkitError as err:
            notify_error(self, err, title="Not created")
            return
        for note in loaded.notes:
            self.app.notify(note, title="Note", timeout=10, markup=False)
        self.app.notify(
            f"{incident_id}: {loaded.facts.title}",
            title="Incident created",
            timeout=5,
            markup=False,
        )
        app.wizard_draft = None
        self.dismiss(incident_id)
