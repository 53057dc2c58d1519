"""F1 help: every key of every screen, the current screen's first, read from the bindings."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from breachkit.tui.modals.decide import ConfirmDecisionModal, OverrideDecisionModal
from breachkit.tui.modals.edit_fact import EditFactModal
from breachkit.tui.modals.export import ExportModal
from breachkit.tui.modals.filing import FilingModal
from breachkit.tui.modals.review import ContainedModal, ReviewItemModal
from breachkit.tui.modals.step import ChoosePlaybookModal, StepModal
from breachkit.tui.screens.board import BoardScreen, IncidentTable
from breachkit.tui.screens.register import RegisterScreen, RegisterTable
from breachkit.tui.screens.wizard import WizardScreen
from breachkit.tui.screens.workspace import WorkspaceScreen
from breachkit.tui.widgets.clocks_pane import ClockTable
from breachkit.tui.widgets.overview import FactTable
from breachkit.tui.widgets.quick_log import QuickLog
from breachkit.tui.widgets.step_table import StepTable
from breachkit.tui.widgets.timeline_table import TimelineTable

# Keys Textual gives every app, and movement the widgets share.
COMMON: list[BindingType] = [
    Binding(
        "ctrl+p",
        "command_palette",
        "Command palette",
        tooltip="Jump to an incident, start a new one, change the theme (light/dark).",
    ),
    Binding("tab", "focus_next", "Next field, table or tab bar"),
    Binding("shift+tab", "focus_previous", "Previous field, table or tab bar"),
    Binding("up,down,pageup,pagedown", "move", "Move in a table or list"),
    Binding("home,end", "ends", "First / last row of a table (ctrl+home, ctrl+end too)"),
    Binding("left,right", "tabs", "Previous / next tab, when the tab bar has the focus"),
]


def tab_bindings(tab: str | None) -> list[BindingType]:
    """The workspace's keys for one tab (``None``: the keys that work on every tab)."""
    out: list[BindingType] = []
    for item in WorkspaceScreen.BINDINGS:
        if isinstance(item, Binding):
            action = item.action.partition("(")[0]
            if WorkspaceScreen.TAB_ACTIONS.get(action) == tab:
                out.append(item)
    return out


Section = tuple[str, type[Screen[Any]] | None, list[list[BindingType]]]
SECTIONS: list[Section] = [
    ("Incident board", BoardScreen, [BoardScreen.BINDINGS, IncidentTable.BINDINGS]),
    ("Incident workspace, any tab", WorkspaceScreen, [tab_bindings(None)]),
    ("Overview tab", None, [tab_bindings("overview"), FactTable.BINDINGS]),
    ("Playbook tab", None, [tab_bindings("playbook"), StepTable.BINDINGS]),
    ("Timeline tab", None, [tab_bindings("timeline"), TimelineTable.BINDINGS]),
    (
        "Timeline: the log bar (l)",
        None,
        [
            QuickLog.BINDINGS,
            [
                Binding(
                    "enter",
                    "submit",
                    "Record the entry",
                    tooltip="Kind on the left (Tab/Shift+Tab to reach it), time on the right "
                    "(blank: now).",
                ),
            ],
        ],
    ),
    ("Clocks tab", None, [tab_bindings("clocks"), ClockTable.BINDINGS]),
    ("Risk tab", None, [tab_bindings("risk")]),
    (
        "Notify tab",
        None,
        [
            tab_bindings("notify"),
            [
                Binding(
                    "enter",
                    "fix",
                    "Fill in",
                    tooltip="On a missing item: change the fact, or go where it is decided.",
                ),
            ],
        ],
    ),
    (
        "Letters tab",
        None,
        [
            tab_bindings("letters"),
            [
                Binding(
                    "enter",
                    "check",
                    "Check the file",
                    tooltip="In the file's field: read every row as the batch will; ↑ ↓ in "
                    "the list show each person's letter.",
                ),
            ],
        ],
    ),
    ("Review tab", None, [tab_bindings("review")]),
    (
        "Breach register (g on the board)",
        RegisterScreen,
        [RegisterScreen.BINDINGS, RegisterTable.BINDINGS],
    ),
    ("New-incident wizard", WizardScreen, [WizardScreen.BINDINGS]),
    ("Change a fact", EditFactModal, [EditFactModal.BINDINGS]),
    ("Record a filing", FilingModal, [FilingModal.BINDINGS]),
    ("Export a draft, the report or the register", ExportModal, [ExportModal.BINDINGS]),
    ("Add a lesson or an action", ReviewItemModal, [ReviewItemModal.BINDINGS]),
    ("Record containment", ContainedModal, [ContainedModal.BINDINGS]),
    ("Mark a playbook step", StepModal, [StepModal.BINDINGS]),
    ("Choose the playbook", ChoosePlaybookModal, [ChoosePlaybookModal.BINDINGS]),
    ("Confirm the recommendation", ConfirmDecisionModal, [ConfirmDecisionModal.BINDINGS]),
    ("Decide otherwise (override)", OverrideDecisionModal, [OverrideDecisionModal.BINDINGS]),
]
TAB_SECTIONS = {
    "overview": "Overview tab",
    "playbook": "Playbook tab",
    "timeline": "Timeline tab",
    "clocks": "Clocks tab",
    "risk": "Risk tab",
    "notify": "Notify tab",
    "letters": "Letters tab",
    "review": "Review tab",
}
"""The section of the workspace tab the help was opened from, listed right after."""


class HelpScreen(ModalScreen[None]):
    """Every binding, grouped by screen; the one you came from first."""

    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close help", id="help.close")]

    def __init__(self, under: Screen[Any] | None = None) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "breachkit keys"
            box.border_subtitle = "Esc closes"
            yield Static(self._body(), id="help-body")

    def _body(self) -> RenderableType:
        app = self.app
        here = [s for s in SECTIONS if s[1] is not None and isinstance(self.under, s[1])]
        if isinstance(self.under, WorkspaceScreen):
            tab = TAB_SECTIONS.get(self.under.active_tab)
            here += [s for s in SECTIONS if s[0] == tab]
        sections: list[tuple[str, list[list[BindingType]]]] = [
            (f"{title} (you are here)", groups) for title, _screen, groups in here
        ]
        everywhere: list[BindingType] = list(type(app).BINDINGS)
        sections.append(("Everywhere", [everywhere, COMMON]))
        sections += [
            (title, groups)
            for title, screen, groups in SECTIONS
            if (title, screen, groups) not in here
        ]
        parts: list[RenderableType] = []
        for title, groups in sections:
            table = Table.grid(padding=(0, 2))
            table.add_column(style="bold", no_wrap=True, width=16)
            table.add_column()
            seen: set[str] = set()
            for group in groups:
                for item in group:
                    if not isinstance(item, Binding) or item.system:
                        continue
                    keys = ", ".join(
                        app.get_key_display(Binding(key.strip(), item.action))
                        for key in item.key.split(",")
                    )
                    text = item.description + (f": {item.tooltip}" if item.tooltip else "")
                    if keys + text not in seen:
                        seen.add(keys + text)
                        table.add_row(keys, text)
            parts += [Text(""), Text(title, style="bold underline"), table]
        intro = Text(
            "Keys work where the footer shows them. The mouse works too: click tabs, "
            "rows and buttons, scroll with the wheel.",
            style="dim",
        )
        return Group(intro, *parts)
