"""The breachkit cockpit: wiring only. Screens own their behaviour.

``make_app`` builds the app from its dependencies (services, clock); the CLI
(``run_tui``) and the tests call the same factory.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.reactive import reactive

from breachkit.core.errors import BreachkitError
from breachkit.core.text import display
from breachkit.core.timesource import Clock
from breachkit.services import Services
from breachkit.tui.commands import IncidentCommands
from breachkit.tui.feedback import notify_error
from breachkit.tui.screens.board import BoardScreen

PRACTICE_TITLE = "PRACTICE · breachkit"
"""The header of a session on the demo's practice database (not the register)."""


class BreachkitApp(App[None]):
    """Breach incident response console."""

    TITLE = "breachkit"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {IncidentCommands}
    MODES = {"board": BoardScreen}
    DEFAULT_MODE = "board"
    BINDINGS = [
        Binding("f1", "help", "Help", tooltip="Every key, on every screen.", id="help"),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            tooltip="Quit breachkit (everything is saved).",
            priority=True,
            id="quit",
        ),
        # Tab in a field moves the focus at once, in the app's own turn: keys a terminal
        # delivers in the same burst then reach the field they were typed for (as a
        # non-priority binding it ran only after the field had handled the key, and the
        # keys behind it went to the field being left). Enter: tui/focus.py.
        Binding("tab", "focus_next", "Next field", show=False, priority=True, system=True),
        Binding(
            "shift+tab", "focus_previous", "Previous field", show=False, priority=True, system=True
        ),
        Binding(
            "f2",
            "org_profile",
            "Profile",
            tooltip="Create or edit the organisation profile.",
            show=False,
            id="org-profile",
        ),
    ]

    now: reactive[datetime] = reactive(datetime.min.replace(tzinfo=UTC), init=False)
    """The current time from the app's clock, ticked once a second; screens watch it."""

    def __init__(
        self,
        services: Services,
        clock: Clock,
        *,
        incident_id: str | None = None,
        tick: bool = True,
        practice: bool = False,
        offer_profile: bool = False,
    ) -> None:
        self.wizard_draft: dict[str, tuple[Any, str]] | None = None
        """What an unfinished wizard held (Esc, "Keep as draft"); the next one resumes it."""
        self.services = services
        self.offer_profile = offer_profile
        """Open the profile form at start when there is no profile yet (not in tests)."""
        self.clock = clock
        self.tick = tick
        self._open_first = incident_id
        self.practice = practice
        """The demo's practice database: every header says PRACTICE."""
        super().__init__()
        self.set_reactive(BreachkitApp.now, clock.now())
        if practice:
            self.title = PRACTICE_TITLE

    def on_mount(self) -> None:
        if self.tick:
            self.set_interval(1, self._tick, name="tick")
        if self._open_first:
            self.open_incident(self._open_first)
        if self.offer_profile and not self.services.org_path.exists():
            from breachkit.tui.modals.org_profile import OrgProfileModal

            self.push_screen(OrgProfileModal(self.services, first_start=True))

    def _tick(self) -> None:
        self.now = self.clock.now()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification shows its text with control characters made visible: a
        message often repeats what someone typed or pasted (an entry, an error)."""
        super().notify(
            display(message),
            title=display(title, one_line=True),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def open_incident(self, incident_id: str) -> None:
        """Show an incident's workspace on top of the board (from anywhere)."""
        from breachkit.tui.screens.workspace import WorkspaceScreen  # the board starts sooner

        try:
            view = self.services.incident(incident_id)
        except BreachkitError as err:
            notify_error(self, err, title="Cannot open the incident")
            return
        while len(self.screen_stack) > 1 and not isinstance(self.screen, BoardScreen):
            self.pop_screen()
        self.push_screen(WorkspaceScreen(view))

    def action_new_incident(self) -> None:
        """The new-incident wizard; the new incident's workspace opens when it is created."""
        from breachkit.tui.screens.wizard import WizardScreen

        if isinstance(self.screen, WizardScreen):
            return

        def created(incident_id: str | None) -> None:
            if incident_id:
                self.open_incident(incident_id)

        self.push_screen(WizardScreen(), created)

    def action_org_profile(self, focus: str = "") -> None:
        """The organisation profile form (F2); ``focus``: the key of the field to start in."""
        from breachkit.tui.modals.org_profile import OrgProfileModal

        if not isinstance(self.screen, OrgProfileModal):
            self.push_screen(OrgProfileModal(self.services, focus=focus))

    def action_help(self) -> None:
        from breachkit.tui.screens.help import HelpScreen  # imports every screen's keys

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))


def make_app(
    services: Services,
    clock: Clock,
    *,
    incident_id: str | None = None,
    tick: bool = True,
    practice: bool = False,
    offer_profile: bool = False,
) -> BreachkitApp:
    """The app with its dependencies; ``tick=False`` freezes the time (snapshot tests);
    ``practice``: the demo's practice database, said in every header; ``offer_profile``:
    the profile form at start when there is none (``run_tui``)."""
    return BreachkitApp(
        services,
        clock,
        incident_id=incident_id,
        tick=tick,
        practice=practice,
        offer_profile=offer_profile,
    )


def run_tui(services: Services, incident_id: str | None = None, *, practice: bool = False) -> None:
    """Open the cockpit with the real clock (``breachkit``, ``breachkit demo``)."""
    from breachkit.services.base import SystemClock
    from breachkit.startup import collect_as_usual

    collect_as_usual()  # a long-lived program: Python's own collection thresholds

    app = make_app(
        services,
        SystemClock(),
        incident_id=incident_id,
        practice=practice,
        offer_profile=not practice,  # the demo brings its own fictional organisation
    )
    try:
        app.run()
    finally:
        services.close()
