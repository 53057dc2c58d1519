"""The incident workspace: a header with the nearest deadline, and six tabs.

Overview (facts, editable), Playbook (the checklist: what to do next), Timeline (paged,
filterable, quick log), Clocks (due times, filings), Risk (the recommendation, the
decision) and Evidence (attach, list). Keys 1-6 follow the tabs' order; keys act on the
tab they belong to, and ``check_action`` hides the others from the footer.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane

from breachkit.core.clocks import ClockReading
from breachkit.core.errors import BreachkitError
from breachkit.core.playbook import StepStatus
from breachkit.core.times import show
from breachkit.services import IncidentView
from breachkit.tui.clocks import nearest_due, read_clocks
from breachkit.tui.commands import StepCommands
from breachkit.tui.context import app_of
from breachkit.tui.display import clock_label
from breachkit.tui.feedback import ReportsWorkerErrors, notify_error
from breachkit.tui.messages import ChainVerified, EvidenceAttached, IncidentChanged
from breachkit.tui.widgets.clocks_pane import ClocksPane
from breachkit.tui.widgets.countdown import Countdown
from breachkit.tui.widgets.evidence import EvidencePane
from breachkit.tui.widgets.overview import OverviewPane
from breachkit.tui.widgets.playbook_pane import PlaybookPane
from breachkit.tui.widgets.risk_pane import RiskPane
from breachkit.tui.widgets.timeline import TimelinePane

TABS = ("overview", "playbook", "timeline", "clocks", "risk", "evidence")
"""In the order shown; key 1 is the first."""
FOCUS = {
    "overview": "#facts-table",
    "playbook": "#steps-table",
    "timeline": "#timeline-table",
    "clocks": "#clocks-table",
    "risk": "#risk-body",
    "evidence": "#evidence-path",
}
"""What takes the keyboard when a tab is chosen."""
REFRESH_SECONDS = 30
"""How often the workspace re-reads the incident (a colleague may log from the CLI)."""


class WorkspaceScreen(ReportsWorkerErrors, Screen[None]):
    """Everything about one incident."""

    CSS_PATH = "workspace.tcss"
    COMMANDS = {StepCommands}
    BINDINGS = [
        Binding(
            "escape", "back", "Board", tooltip="Back to the incident board.", id="workspace.back"
        ),
        Binding(
            "l",
            "quick_log",
            "Log",
            tooltip="Record what happened (kind, text, time).",
            id="workspace.log",
        ),
        Binding(
            "e",
            "edit_fact",
            "Change fact",
            tooltip="Change the highlighted fact.",
            id="workspace.edit-fact",
        ),
        Binding(
            "k",
            "filter_kind",
            "Filter",
            tooltip="Show only one kind of entry.",
            id="workspace.filter",
        ),
        Binding(
            "f",
            "record_filing",
            "Record filing",
            tooltip="Record that a notification or report was sent.",
            id="workspace.record-filing",
        ),
        Binding(
            "a",
            "attach",
            "Attach",
            tooltip="Attach a file as evidence (the Evidence tab).",
            show=False,
            id="workspace.attach",
        ),
        Binding(
            "v",
            "verify",
            "Verify",
            tooltip="Re-check the hash chain and evidence files.",
            show=False,
            id="workspace.verify",
        ),
        Binding(
            "d",
            "mark_step('done')",
            "Done",
            tooltip="Mark the highlighted step done (optional note; Enter records).",
            id="workspace.step-done",
        ),
        Binding(
            "s",
            "mark_step('skipped')",
            "Skip",
            tooltip="Skip the highlighted step (a reason is required).",
            id="workspace.step-skip",
        ),
        Binding(
            "x",
            "mark_step('not_applicable')",
            "N/A",
            tooltip="Mark the highlighted step not applicable (a reason is required).",
            id="workspace.step-not-applicable",
        ),
        Binding(
            "u",
            "mark_step('open')",
            "Reopen",
            tooltip="Open the highlighted step again.",
            show=False,
            id="workspace.step-reopen",
        ),
        Binding(
            "p",
            "choose_playbook",
            "Playbook",
            tooltip="Follow another playbook (progress on each is kept).",
            show=False,
            id="workspace.choose-playbook",
        ),
        Binding(
            "c",
            "confirm_risk",
            "Confirm",
            tooltip="Confirm the recommended risk and outcome as the decision.",
            id="workspace.risk-confirm",
        ),
        Binding(
            "o",
            "override_risk",
            "Override",
            tooltip="Decide another risk or outcome, or not a breach, with a justification.",
            id="workspace.risk-override",
        ),
        Binding("1", "tab('overview')", "Overview", show=False, id="workspace.tab-overview"),
        Binding("2", "tab('playbook')", "Playbook", show=False, id="workspace.tab-playbook"),
        Binding("3", "tab('timeline')", "Timeline", show=False, id="workspace.tab-timeline"),
        Binding("4", "tab('clocks')", "Clocks", show=False, id="workspace.tab-clocks"),
        Binding("5", "tab('risk')", "Risk", show=False, id="workspace.tab-risk"),
        Binding("6", "tab('evidence')", "Evidence", show=False, id="workspace.tab-evidence"),
    ]
    TAB_ACTIONS = {
        "edit_fact": "overview",
        "mark_step": "playbook",
        "choose_playbook": "playbook",
        "filter_kind": "timeline",
        "record_filing": "clocks",
        "confirm_risk": "risk",
        "override_risk": "risk",
    }

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
        with TabbedContent(id="tabs"):
            with TabPane("Overview", id="overview"):
                yield OverviewPane(self.view, id="overview-pane")
            with TabPane("Playbook", id="playbook"):
                yield PlaybookPane(self.view, id="playbook-pane")
            with TabPane("Timeline", id="timeline"):
                yield TimelinePane(self.view, id="timeline-pane")
            with TabPane("Clocks", id="clocks"):
                yield ClocksPane(self.view, None, id="clocks-pane")
            with TabPane("Risk", id="risk"):
                yield RiskPane(self.view, id="risk-pane")
            with TabPane("Evidence", id="evidence"):
                yield EvidencePane(self.view, id="evidence-pane")
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
        self._show_header()

    def _show_header(self) -> None:
        view = self.view
        org = view.organisation
        lead = org.lead_authority.upper() if org and org.lead_authority else "no lead authority"
        self.query_one("#incident-title", Static).update(
            f"{view.id} · {view.status} · {view.title}"
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
        self.query_one(TimelinePane).append_new()
        self.query_one(EvidencePane).reload()
        self._reload_clocks()

    # -- actions -------------------------------------------------------------------------

    @property
    def active_tab(self) -> str:
        return self.query_one(TabbedContent).active

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tab = self.TAB_ACTIONS.get(action)
        if tab is not None and self.is_mounted:
            try:
                return self.active_tab == tab
            except Exception:  # noqa: BLE001 - before the tabs exist
                return False
        return True

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    def action_back(self) -> None:
        self.dismiss()

    def action_tab(self, tab: str) -> None:
        if tab in TABS:
            self.query_one(TabbedContent).active = tab
            self.query_one(FOCUS[tab]).focus()

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

    def action_record_filing(self) -> None:
        if self.readings is None:
            self.app.notify("The clocks cannot be read; see the Clocks tab.", timeout=5)
            return
        self.query_one(ClocksPane).record_filing()

    def action_attach(self) -> None:
        self.action_tab("evidence")

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
                    f"{report.evidence_checked} evidence file(s) re-hashed.",
                    title="Verified",
                    timeout=8,
                    markup=False,
                )
                continue
            lines = []
            if report.chain_break:
                lines.append(
                    f"BROKEN at entry {report.chain_break.seq}: {report.chain_break.problem}"
                )
            lines.extend(str(p) for p in report.evidence_problems)
            self.app.notify(
                "\n".join(lines),
                title=f"{report.incident_id}: check failed",
                severity="error",
                timeout=30,
                markup=False,
            )
