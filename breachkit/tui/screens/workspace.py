"""The incident workspace: a header with the nearest deadline, and nine tabs.

Overview (facts, editable), Playbook (the checklist: what to do next), Timeline (paged,
filterable, quick log), Clocks (due times, filings), Risk (the recommendation, the
decision), Notify (the draft to the authority: what is missing, export, the filing),
Letters (to the people affected, in a batch), Evidence (attach, list) and Review
(response times, lessons and actions, the report). Keys 1-9 follow the tabs' order
(``TABS`` in ``workspace_keys`` is the one list); keys act on the tab they belong to,
and ``check_action`` hides the others from the footer.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane

from breachkit.core.clocks.engine import ClockReading
from breachkit.core.enums import Role
from breachkit.core.errors import BreachkitError
from breachkit.core.playbooks import StepStatus
from breachkit.core.text import counted, display
from breachkit.core.times import show
from breachkit.services import IncidentView
from breachkit.tui.clocks import nearest_due, read_clocks
from breachkit.tui.commands import StepCommands
from breachkit.tui.context import app_of
from breachkit.tui.display import clock_label
from breachkit.tui.feedback import ReportsWorkerErrors, notify_error
from breachkit.tui.focus import FocusRules, key_allowed
from breachkit.tui.messages import (
    ChainVerified,
    EvidenceAttached,
    FixRequested,
    IncidentChanged,
)
from breachkit.tui.screens import workspace_keys as keys
from breachkit.tui.screens.workspace_keys import FOCUS, TAB_TITLES, TABS
from breachkit.tui.widgets.clocks_pane import ClocksPane
from breachkit.tui.widgets.controllers_pane import ControllersPane
from breachkit.tui.widgets.countdown import Countdown
from breachkit.tui.widgets.evidence import EvidencePane
from breachkit.tui.widgets.lazy import LazyPane
from breachkit.tui.widgets.letters_pane import LettersPane
from breachkit.tui.widgets.notify_pane import NotifyPane
from breachkit.tui.widgets.overview import OverviewPane
from breachkit.tui.widgets.playbook_pane import PlaybookPane
from breachkit.tui.widgets.review_pane import ReviewPane
from breachkit.tui.widgets.risk_pane import RiskPane
from breachkit.tui.widgets.timeline import TimelinePane

REFRESH_SECONDS = 30
"""How often the workspace re-reads the incident (a colleague may log from the CLI)."""


class WorkspaceScreen(FocusRules, ReportsWorkerErrors, Screen[None]):
    """Everything about one incident."""

    CSS_PATH = "workspace.tcss"
    COMMANDS = {StepCommands}
    BINDINGS = keys.BINDINGS
    TAB_ACTIONS = keys.TAB_ACTIONS

    def __init__(self, view: IncidentView) -> None:
        super().__init__()
        self.view = view
        self.readings: list[ClockReading] | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="▲")
        with Vertical(id="incident-header"):
            yield Static("", id="incident-title", markup=False)
            with Horizontal(id="incident-meta-row"):
                yield Static("", id="incident-meta", markup=False)
                yield Countdown(id="incident-countdown")
        panes: dict[str, Callable[[], Widget]] = {
            "overview": lambda: OverviewPane(self.view, id="overview-pane"),
            "playbook": lambda: PlaybookPane(self.view, id="playbook-pane"),
            "timeline": lambda: TimelinePane(self.view, id="timeline-pane"),
            "clocks": lambda: ClocksPane(self.view, None, id="clocks-pane"),
            "risk": lambda: RiskPane(self.view, id="risk-pane"),
            "notify": lambda: NotifyPane(self.view, id="notify-pane"),
            "letters": lambda: LettersPane(self.view, id="letters-pane"),
            "evidence": lambda: EvidencePane(self.view, id="evidence-pane"),
            "review": lambda: ReviewPane(self.view, id="review-pane"),
        }
        with TabbedContent(id="tabs"):
            for tab in TABS:
                with TabPane(TAB_TITLES[tab], id=tab):
                    yield panes[tab]()
                    if tab == "clocks" and self.view.facts.role is Role.PROCESSOR:
                        yield ControllersPane(self.view, id="controllers-pane")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.view.id
        self.query_one(Countdown).now = app_of(self).now
        self.watch(self.app, "now", self._tick, init=False)
        if app_of(self).tick:
            self.set_interval(REFRESH_SECONDS, self._refresh, name="refresh")
        self._reload_clocks()
        self._show_header()
        self.query_one("#facts-table").focus()

    # -- reading -------------------------------------------------------------------------

    def _reload_clocks(self) -> None:
        problem = ""
        try:
            self.readings = read_clocks(app_of(self).services, self.view.id)
        except BreachkitError as err:
            self.readings = None
            problem = err.message
        self.query_one(ClocksPane).show(self.view, self.readings, problem)
        self.query_one(PlaybookPane).show(self.view, self.readings)  # urgency follows clocks
        self.query_one(NotifyPane).show(self.view, self.readings)  # a filing moves the phase
        self._show_header()

    def _show_header(self) -> None:
        view = self.view
        org = view.organisation
        lead = org.lead_authority.upper() if org and org.lead_authority else "no lead authority"
        self.query_one("#incident-title", Static).update(
            display(f"{view.id} · {view.status} · {view.title}", one_line=True)
        )
        self.query_one("#incident-meta", Static).update(
            f"aware {show(view.facts.aware_at, view.zone)} · {lead}"
        )
        countdown = self.query_one(Countdown)
        nearest = nearest_due(self.readings or [], app_of(self).now)
        countdown.due = nearest.due if nearest else None
        countdown.label = clock_label(nearest.id) if nearest else ""
        countdown.empty = "clocks unavailable" if self.readings is None else "no running deadline"

    def _tick(self) -> None:
        self.query_one(Countdown).now = app_of(self).now
        self.query_one(ClocksPane).tick()

    @on(IncidentChanged)
    @on(EvidenceAttached)
    def _changed(self, message: IncidentChanged | EvidenceAttached) -> None:
        message.stop()
        try:
            view = app_of(self).services.incident(self.view.id)
        except BreachkitError as err:
            notify_error(self, err)
            return
        self._show_view(view)

    def _refresh(self) -> None:
        """Re-read the incident: entries someone else recorded meanwhile, and the clocks."""
        try:
            view = app_of(self).services.incident(self.view.id)
        except BreachkitError:
            return
        if view != self.view:
            self._show_view(view)
        else:
            self._reload_clocks()

    def _show_view(self, view: IncidentView) -> None:
        self.view = view
        self.query_one(OverviewPane).show(view)
        self.query_one(RiskPane).show(view)
        self.query_one(LettersPane).show(view)
        self.query_one(ReviewPane).show(view)
        self.query_one(TimelinePane).append_new()
        self.query_one(EvidencePane).reload()
        self._reload_clocks()

    # -- actions -------------------------------------------------------------------------

    @property
    def active_tab(self) -> str:
        return self.query_one(TabbedContent).active

    def home_focus(self) -> str:
        return FOCUS.get(self.active_tab, "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not key_allowed(self, action):
            return False
        tab = self.TAB_ACTIONS.get(action)
        if tab is not None and self.is_mounted:
            try:
                if self.active_tab != tab:
                    return False
            except Exception:  # noqa: BLE001 - before the tabs exist
                return False
            if action in ("write_letters", "stop_letters"):  # one or the other, as it runs
                running = self.query_one(LettersPane).running
                return running if action == "stop_letters" else not running
        return True

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    def action_back(self) -> None:
        """Esc: out of a text field first; from anywhere else, back to the board."""
        if not self.leave_field():
            self.dismiss()

    def action_tab(self, tab: str) -> None:
        if tab in TABS:
            self.query_one(TabbedContent).active = tab
            self._focus_in(tab, FOCUS[tab])

    def _focus_in(self, tab: str, selector: str) -> None:
        """Focus ``selector`` on ``tab`` (once its pane is built, if it builds when shown)."""
        pane = self.query_one(f"#{tab}").query(LazyPane)
        if pane:
            pane.first().when_ready(lambda: self.query_one(selector).focus())
        else:
            self.query_one(selector).focus()

    def action_quick_log(self) -> None:
        self.query_one(TabbedContent).active = "timeline"
        self.query_one(TimelinePane).open_quick_log()

    def action_edit_fact(self) -> None:
        self.query_one(OverviewPane).edit_selected()

    def action_filter_kind(self) -> None:
        self.query_one(TimelinePane).focus_filter()

    def show_step(self, step_id: str) -> None:
        """The Playbook tab, with ``step_id`` highlighted (from the command palette)."""
        self.action_tab("playbook")
        self.query_one(PlaybookPane).select_step(step_id)

    def action_mark_step(self, status: str) -> None:
        self.query_one(PlaybookPane).mark(StepStatus(status))

    def action_choose_playbook(self) -> None:
        self.query_one(PlaybookPane).choose_playbook()

    def action_confirm_risk(self) -> None:
        self.query_one(RiskPane).confirm()

    def action_override_risk(self) -> None:
        self.query_one(RiskPane).override()

    @on(FixRequested)
    def _fix(self, message: FixRequested) -> None:
        """Another tab fills in what a pane lacks: a fact (in a dialog, here) or a tab."""
        message.stop()
        if message.fact:
            self.query_one(OverviewPane).edit_key(message.fact)
        elif message.tab in TABS:
            self.action_tab(message.tab)

    def action_export_draft(self) -> None:
        self.query_one(NotifyPane).export()

    def action_draft_filing(self) -> None:
        self.query_one(NotifyPane).record_filing()

    def action_letters_file(self) -> None:
        self._focus_in("letters", "#letters-subjects")

    def action_write_letters(self) -> None:
        self.query_one(LettersPane).write()

    def action_stop_letters(self) -> None:
        self.query_one(LettersPane).stop()

    def action_add_review_item(self, kind: str) -> None:
        self.query_one(ReviewPane).add_item(kind)

    def action_close_review_item(self, status: str) -> None:
        self.query_one(ReviewPane).close_item(status)

    def action_mark_contained(self) -> None:
        self.query_one(ReviewPane).mark_contained()

    def action_export_report(self) -> None:
        self.query_one(ReviewPane).export_report()

    def action_record_filing(self) -> None:
        if self.readings is None:
            self.app.notify("The clocks cannot be read; see the Clocks tab.", timeout=5)
            return
        self.query_one(ClocksPane).record_filing()

    def action_attach_file(self) -> None:
        self.action_attach()

    def action_attach(self) -> None:
        self.action_tab("evidence")
        self.query_one(EvidencePane).focus_path()

    def action_verify(self) -> None:
        self.app.notify("Re-checking the hash chain and the evidence files…", timeout=3)
        self.verify_chain(self.view.id)

    @work(
        thread=True,
        exclusive=True,
        group="verify",
        exit_on_error=False,
        description="Verifying the timeline",
    )
    def verify_chain(self, incident_id: str) -> None:
        services = app_of(self).services
        try:
            reports = services.verify(incident_id)
        finally:
            services.close()
        self.post_message(ChainVerified(reports))

    @on(ChainVerified)
    def _verified(self, message: ChainVerified) -> None:
        for report in message.reports:
            if report.ok:
                self.app.notify(
                    f"{report.incident_id}: chain intact, {report.checked:,} entries checked; "
                    f"{counted(report.evidence_checked, 'evidence file')} re-hashed.",
                    title="Verified",
                    timeout=8,
                    markup=False,
                )
                continue
            lines = report.problems[:8]  # the chain, the evidence, every table
            if len(report.problems) > 8:
                lines.append(f"… and {len(report.problems) - 8} more (breachkit verify lists all)")
            self.app.notify(
                "\n".join(lines),
                title=f"{report.incident_id}: check failed",
                severity="error",
                timeout=30,
                markup=False,
            )
