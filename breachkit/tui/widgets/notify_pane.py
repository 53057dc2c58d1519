"""``NotifyPane``: the notification draft to a supervisory authority, before it is filed.

Choose the authority (the lead first), the language (the authority's) and the phase; the
pane shows whether the draft is complete — each missing item red, with where it is filled
in (Enter goes there) — the portal sheet as it will be copied into the authority's form,
and the exports so far with their hashes. ``export`` writes the draft in a worker (an
incomplete one only after a tick in the dialog); ``record_filing`` records that it was
sent, linked to the latest export for that authority.

The draft is prepared in a worker: it reads the decisions, the filings and the clocks.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rich.style import Style
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Select, Static

from breachkit.core.clocks.engine import ClockReading
from breachkit.core.clocks.ids import PHASE_CLOCKS
from breachkit.core.drafts.versions import latest_of, version_for
from breachkit.core.errors import BreachkitError
from breachkit.services import IncidentView
from breachkit.services.drafts import DraftRecord, PreparedDraft
from breachkit.tui.clocks import recipients, record_filing
from breachkit.tui.context import app_of
from breachkit.tui.display import theme_style
from breachkit.tui.feedback import ReportsWorkerErrors
from breachkit.tui.messages import DraftExported, DraftRead, FixRequested, IncidentChanged
from breachkit.tui.modals.export import DraftExportModal, ExportChoice, tilde
from breachkit.tui.modals.filing import FilingModal
from breachkit.tui.sheet import (
    authority_options,
    banner_text,
    exported_notice,
    filing_note,
    fix_for,
    sheet_text,
)
from breachkit.tui.widgets.draft_lists import DraftChecks, DraftExports
from breachkit.tui.widgets.lazy import LazyPane
from breachkit.tui.words import missing_label

PHASES = (("initial", "initial"), ("complementary", "complementary"))
FILING_CLOCKS = PHASE_CLOCKS
"""The clock a filing of each phase stops (core data)."""
BOLD = Style(bold=True)


class NotifyPane(ReportsWorkerErrors, LazyPane):
    """Authority, language and phase; completeness; the sheet; the exports."""

    BUILD_WHEN_SHOWN = True
    DEFAULT_CSS = """
    NotifyPane {
        & > #notify-choices {
            height: 1;
            padding: 0 1;
            & > Static { width: auto; padding: 0 1 0 0; }
            & > Select { margin-right: 2; }
            & > #notify-authority { width: 26; }
            & > #notify-language { width: 8; }
            & > #notify-phase { width: 17; }
        }
        & > #notify-banner {
            height: auto;
            max-height: 5;
            padding: 0 1;
            background: $panel;
            &.-incomplete { background: $error 30%; }
            &.-complete { background: $success 30%; }
        }
        & > #notify-sheet {
            height: 1fr;
            min-height: 4;
            border-top: solid $panel;
            border-title-color: $text-muted;
            padding: 0 1;
        }
        & > #notify-unavailable { color: $text-muted; padding: 1 2; display: none; }
        &.-unavailable > #notify-unavailable { display: block; }
        &.-unavailable > #notify-banner, &.-unavailable > #notify-checks,
        &.-unavailable > #notify-sheet, &.-unavailable > DraftExports { display: none; }
    }
    """

    def __init__(self, view: IncidentView, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.view = view
        self.readings: list[ClockReading] = []
        self.authority: str | None = None
        """The authority chosen; None: the lead authority (the services decide)."""
        self.language: str | None = None
        self.phase: str | None = None
        self.draft: PreparedDraft | None = None
        self.exports: list[DraftRecord] = []
        self._sheet = ""
        self._generation = 0
        self.busy = False

    @property
    def lead(self) -> str:
        org = self.view.organisation
        return org.lead_authority if org and org.lead_authority else ""

    def body(self) -> ComposeResult:
        directory = app_of(self).services.authorities
        with Horizontal(id="notify-choices"):
            yield Static("To", markup=False)
            yield Select(
                authority_options(directory, self.lead),
                value=self.lead if self.lead in directory else Select.NULL,
                allow_blank=self.lead not in directory,
                prompt="Choose the authority",
                compact=True,
                id="notify-authority",
            )
            yield Static("Language", markup=False)
            yield Select([], compact=True, prompt="–", id="notify-language")
            yield Static("Phase", markup=False)
            yield Select(PHASES, compact=True, prompt="–", id="notify-phase")
        yield Static("", id="notify-banner")
        yield DraftChecks(id="notify-checks", cursor_type="row", show_header=False)
        with VerticalScroll(id="notify-sheet") as sheet:
            sheet.border_title = "Portal sheet (preview)"
            yield Static("", id="notify-sheet-text")
        yield DraftExports(self.view.id, ZoneInfo(self.view.facts.timezone))
        yield Static("", id="notify-unavailable", markup=False)

    def on_mount(self) -> None:
        self.watch(self.app, "theme", lambda: self._fill(), init=False)

    def show(self, view: IncidentView, readings: list[ClockReading] | None) -> None:
        """A fresh reading of the incident: the draft may say more, or be due sooner."""
        self.view = view
        self.readings = readings or []
        self.invalidate()

    # -- reading ---------------------------------------------------------------------------

    def load(self) -> None:
        self._generation += 1
        if self.draft is None:
            self.query_one("#notify-banner", Static).update("Preparing the draft…")
        self._read(self.view.id, self.authority, self.language, self.phase, self._generation)

    @work(
        thread=True,
        exclusive=True,
        group="notify",
        exit_on_error=False,
        description="Preparing the draft",
    )
    def _read(
        self,
        incident_id: str,
        authority: str | None,
        language: str | None,
        phase: str | None,
        generation: int,
    ) -> None:
        services = app_of(self).services
        try:
            draft = services.prepare_draft(
                incident_id, authority=authority, language=language, phase=phase
            )
            sheet = services.preview_draft(
                incident_id, authority=authority, language=language, phase=phase
            )
            exports = services.drafts(incident_id, draft.authority.id)
        except BreachkitError as err:
            self.post_message(DraftRead(incident_id, None, "", [], generation, err.message))
            return
        finally:
            services.close()  # this thread's own connection
        self.post_message(DraftRead(incident_id, draft, sheet, exports, generation))

    @on(DraftRead)
    def _read_done(self, message: DraftRead) -> None:
        message.stop()
        if message.generation != self._generation:
            return  # a newer reading is on its way
        self.draft, self._sheet, self.exports = message.draft, message.sheet, message.exports
        if message.draft is None:
            self.query_one("#notify-unavailable", Static).update(
                f"The draft cannot be prepared:\n{message.problem}"
            )
        self.set_class(message.draft is None, "-unavailable")
        self._fill()

    def _fill(self) -> None:
        draft = self.draft
        if draft is None or not self.is_mounted:
            return
        self._show_choices(draft)
        self._show_banner(draft)
        self.query_one(DraftChecks).show(draft)
        warning = theme_style(self.app.get_css_variables(), "error") + BOLD
        self.query_one("#notify-sheet-text", Static).update(sheet_text(self._sheet, warning))
        self.query_one(DraftExports).show(self.exports, draft.authority.short)
        self.set_class(not self.exports, "-no-exports")

    def _show_choices(self, draft: PreparedDraft) -> None:
        """The selectors follow the draft (the services chose the defaults)."""
        content = draft.content.draft
        with self.prevent(Select.Changed):
            authority = self.query_one("#notify-authority", Select)
            if authority.value != draft.authority.id:
                authority.value = draft.authority.id
            language = self.query_one("#notify-language", Select)
            language.set_options([(lang, lang) for lang in draft.authority.languages])
            language.value = content.language
            self.query_one("#notify-phase", Select).value = content.phase.value

    @property
    def next_version(self) -> tuple[int, bool]:
        """The version an export would take, and whether the draft is unchanged since the
        latest version (versions count changes of content, not exports)."""
        if self.draft is None:
            return max((r.version for r in self.exports), default=0) + 1, False
        return version_for(latest_of(self.exports), self.draft.sha256)

    def _show_banner(self, draft: PreparedDraft) -> None:
        banner = self.query_one("#notify-banner", Static)
        banner.update(banner_text(draft, *self.next_version))
        banner.set_class(draft.complete, "-complete")
        banner.set_class(not draft.complete, "-incomplete")

    # -- choosing --------------------------------------------------------------------------

    @on(Select.Changed, "#notify-authority")
    def _authority_chosen(self, event: Select.Changed) -> None:
        event.stop()
        value = event.value if isinstance(event.value, str) else None
        current = self.draft.authority.id if self.draft else self.authority
        if value is None or value == current:
            return
        self.authority, self.language, self.phase = value, None, None
        self.reload()

    @on(Select.Changed, "#notify-language")
    def _language_chosen(self, event: Select.Changed) -> None:
        event.stop()
        value = event.value if isinstance(event.value, str) else None
        if value is None or (self.draft and value == self.draft.content.draft.language):
            return
        self.authority = self.draft.authority.id if self.draft else self.authority
        self.language = value
        self.reload()

    @on(Select.Changed, "#notify-phase")
    def _phase_chosen(self, event: Select.Changed) -> None:
        event.stop()
        value = event.value if isinstance(event.value, str) else None
        if value is None or (self.draft and value == self.draft.content.draft.phase.value):
            return
        self.authority = self.draft.authority.id if self.draft else self.authority
        self.phase = value
        self.reload()

    # -- filling gaps ----------------------------------------------------------------------

    @on(DataTable.RowSelected, "#notify-checks")
    def _fix(self, event: DataTable.RowSelected) -> None:
        event.stop()
        missing = self.draft.missing if self.draft else ()
        item = next((m for m in missing if m.key == event.row_key.value), None)
        if item is None:
            return
        fix = fix_for(item)
        if fix.export:
            self.export()
        elif fix.fact or fix.tab:
            self.post_message(FixRequested(tab=fix.tab, fact=fix.fact))
        elif fix.profile:
            app_of(self).action_org_profile(fix.profile_key)
        else:
            self.app.notify(fix.hint, title=missing_label(item.key), markup=False, timeout=8)

    # -- export ----------------------------------------------------------------------------

    def export(self) -> None:
        draft = self.draft
        if draft is None:
            self.app.notify("The draft is not ready; see the Notify tab.", timeout=5)
            return
        if self.busy:
            self.app.notify("Still writing the previous export.", severity="warning", timeout=4)
            return
        content = draft.content.draft
        name = f"{self.view.id}-{content.authority}-{content.language}-v{self.next_version[0]}"
        options = (content.authority, content.language, content.phase.value)

        def chosen(choice: ExportChoice | None) -> None:
            if choice is not None:
                self.busy = True
                where = tilde(choice.path)
                self.app.notify(f"Writing the draft to {where}…", timeout=3, markup=False)
                self._export(self.view.id, choice, *options)

        self.app.push_screen(
            DraftExportModal(
                draft.authority.short,
                name + ".{fmt}",
                "pdf",
                draft.missing,
                late=any(m.key == "reasons_for_delay" for m in draft.missing),
            ),
            chosen,
        )

    @work(
        thread=True,
        exclusive=True,
        group="notify-export",
        exit_on_error=False,
        description="Exporting the draft",
    )
    def _export(
        self, incident_id: str, choice: ExportChoice, authority: str, language: str, phase: str
    ) -> None:
        services = app_of(self).services
        try:
            folder = choice.path if choice.folder else choice.path.parent
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            export = services.export_draft(
                incident_id,
                choice.path,
                fmt=choice.fmt,
                authority=authority,
                language=language,
                phase=phase,
                reasons_for_delay=choice.reasons,
                allow_incomplete=choice.allow_incomplete,
            )
        finally:
            services.close()
            self.app.call_from_thread(self._done)
        self.post_message(DraftExported(incident_id, export))

    def _done(self) -> None:
        self.busy = False

    @on(DraftExported)
    def _exported(self, message: DraftExported) -> None:
        message.stop()
        path = message.export.path
        title, text = exported_notice(message.export, tilde(path) if path else "-")
        self.app.notify(text, title=title, markup=False, timeout=8)
        self.post_message(IncidentChanged(message.incident_id))

    # -- the filing ------------------------------------------------------------------------

    def record_filing(self) -> None:
        """Record that the draft was sent to the chosen authority (linked to its latest
        export)."""
        draft = self.draft
        if draft is None:
            self.app.notify("The draft is not ready; see the Notify tab.", timeout=5)
            return
        authority = draft.authority.id
        latest = self.exports[-1] if self.exports else None
        phase = latest.phase if latest else draft.content.draft.phase.value
        clock_id = FILING_CLOCKS.get(phase, FILING_CLOCKS["initial"])
        reading = next((r for r in self.readings if r.id == clock_id), None)
        if reading is None:
            self.app.notify(f"The {clock_id} clock cannot be read; see the Clocks tab.", timeout=6)
            return
        note = filing_note(latest, draft.authority.short)
        app = app_of(self)
        view = self.view

        def apply(to: str, at: datetime, reference: str, reasons: str) -> None:
            linked = latest.version if latest is not None and to == authority else None
            entry = record_filing(
                app.services,
                view.id,
                clock_id,
                authority=to,
                at=at,
                reference=reference,
                reasons_for_delay=reasons,
                draft_version=linked,
            )
            self.app.notify(entry.content.text, title="Filing recorded", markup=False, timeout=8)
            self.post_message(IncidentChanged(view.id, entry))

        self.app.push_screen(
            FilingModal(
                reading,
                ZoneInfo(view.facts.timezone),
                authority,
                app.now,
                apply,
                recipients(app.services),
                note=note,
            )
        )
