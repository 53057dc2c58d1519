"""``LettersPane``: letters to the people affected (GDPR Art. 34), from a CSV file.

Type the path of the people file and press Enter: it is read in a worker as the batch
will read it, every row checked; :class:`~breachkit.tui.widgets.letters_people.PeopleList`
lists who gets a letter and who does not, with the highlighted person's letter beside.
``write`` (ctrl+r) runs the batch in a worker: the services call back after every chunk
and the progress bar, the rate and the time left follow; ``stop`` ends it cleanly between
chunks (run again with the same file and folder to continue). A finished batch lands on
the timeline with its manifest hash and in the list of batches below.
"""

from __future__ import annotations

import threading
from pathlib import Path
from zoneinfo import ZoneInfo

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Checkbox, DataTable, Input, ProgressBar, Select, Static
from textual.worker import Worker, WorkerState

from breachkit.core.errors import BreachkitError
from breachkit.core.letters.complete import Gap
from breachkit.services import IncidentView
from breachkit.services.letters import LetterBatchRow, LetterProgress, LetterRun
from breachkit.services.letters_check import SubjectsCheck, folder_taken, fresh_folder
from breachkit.services.letters_setup import LettersIncomplete
from breachkit.tui.context import app_of
from breachkit.tui.display import theme_style
from breachkit.tui.feedback import ReportsWorkerErrors, notify_error
from breachkit.tui.jobs import MARKS, JobState, failure_reason
from breachkit.tui.messages import (
    IncidentChanged,
    LettersProgressed,
    LettersWritten,
)
from breachkit.tui.modals.export import expand, tilde
from breachkit.tui.widgets.fit_table import FitTable
from breachkit.tui.widgets.lazy import LazyPane
from breachkit.tui.widgets.letters_people import PeopleList
from breachkit.tui.widgets.letters_status import (
    BATCH_COLUMNS,
    RUNNING,
    batch_cells,
    decision_note,
    format_choice,
    incomplete_texts,
    rate_line,
    refused_outcome,
    status_text,
    written_texts,
)
from breachkit.tui.widgets.send_strip import SendStrip

FORMATS = (("PDF, one per person", "pdf"), ("E-mail (.eml)", "eml"), ("PDF and e-mail", "both"))
LETTERS_FOLDER = "~/breachkit-letters/"


class LettersPane(ReportsWorkerErrors, LazyPane):
    """The file, the folder and the format; who gets a letter and who does not; the
    highlighted person's letter; the batch's progress; earlier batches."""

    BUILD_WHEN_SHOWN = True
    DEFAULT_CSS = """
    LettersPane {
        & > .letters-row {
            height: 1;
            padding: 0 1;
            & > .letters-label { width: 14; color: $text-muted; }
            & > Input { width: 1fr; }
            & > Button { min-width: 8; height: 1; border: none; margin-left: 1; }
            & > Select { width: 26; }
            & > Checkbox { margin-left: 2; }
            & > .letters-gap { width: 1fr; }
        }
        & > #letters-status { height: auto; max-height: 3; padding: 0 1; }
        & > #letters-progress-row {
            height: 1;
            padding: 0 1;
            display: none;
            & > ProgressBar { width: auto; & Bar { width: 24; } }
            & > #letters-rate { width: 1fr; color: $text-muted; margin-left: 1; }
        }
        &.-ran > #letters-progress-row { display: block; }
        & > #letters-batches-title { height: 1; padding: 0 1; color: $text-muted; }
        & > #letters-batches { height: auto; max-height: 4; }
        &.-no-batches > #letters-batches { display: none; }
        & #letters-stop { display: none; }
        &.-running #letters-stop { display: block; }
        &.-running #letters-write { display: none; }
    }
    """

    def __init__(self, view: IncidentView, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.view = view
        self.check: SubjectsCheck | None = None
        self.running = False
        self._cancel = threading.Event()
        self._batches: dict[str, LetterBatchRow] = {}
        self.decision = ""
        """Whether the recorded risk decision calls for letters, in a sentence."""
        self.outcome = ""
        """How the last batch of this session ended, in a sentence."""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.view.facts.timezone)

    def body(self) -> ComposeResult:
        with Horizontal(classes="letters-row"):
            yield Static("People file", classes="letters-label", markup=False)
            yield Input(
                placeholder="path of the CSV (name, email or address, language…); Enter checks",
                compact=True,
                id="letters-subjects",
            )
            yield Button("Check", id="letters-check", compact=True)
        with Horizontal(classes="letters-row"):
            yield Static("Output folder", classes="letters-label", markup=False)
            yield Input(self._default_folder(), compact=True, id="letters-out")
        with Horizontal(classes="letters-row"):
            yield Static("Format", classes="letters-label", markup=False)
            yield Select(FORMATS, value="pdf", allow_blank=False, compact=True, id="letters-format")
            yield Checkbox("One print file", compact=True, id="letters-combined")
            yield Static("", classes="letters-gap")
            yield Button("Write letters", variant="primary", id="letters-write", compact=True)
            yield Button("Stop", variant="error", id="letters-stop", compact=True)
        yield Static("", id="letters-status")
        yield PeopleList(self.view.id, id="letters-body")
        with Horizontal(id="letters-progress-row"):
            yield ProgressBar(id="letters-bar", show_eta=False)
            yield Static("", id="letters-rate", markup=False)
        yield SendStrip(self.view.id, id="letters-send")  # issue 17: only with [smtp]
        yield Static("", id="letters-batches-title", markup=False)
        yield FitTable(
            id="letters-batches",
            cursor_type="row",
            columns=BATCH_COLUMNS,
        )

    def _default_folder(self) -> str:
        """A new folder per batch: a finished folder is never written again."""
        stamp = app_of(self).now.astimezone(self.zone).strftime("%Y%m%d-%H%M")
        return f"{LETTERS_FOLDER}{self.view.id}-{stamp}/"

    def built(self) -> None:
        self._status()

    def on_unmount(self) -> None:
        """Leaving (or quitting) stops a running batch between chunks; it can go on later."""
        self._cancel.set()

    def show(self, view: IncidentView) -> None:
        self.view = view
        self.invalidate()

    # -- earlier batches and the decision ---------------------------------------------------

    def load(self) -> None:
        services = app_of(self).services
        try:
            batches = services.letter_batches(self.view.id)
            self.decision = self._decision_note()
        except BreachkitError as err:
            notify_error(self, err)
            return
        table = self.query_one("#letters-batches", FitTable)
        table.clear()
        for batch in batches:
            table.add_row(*batch_cells(batch, self.zone), key=str(batch.id))
        self._batches = {str(b.id): b for b in batches}
        count = len(batches)
        self.query_one("#letters-batches-title", Static).update(
            f"Batches: {count} (Enter on one fills its file and folder, to continue it)"
            if count
            else "No letters written for this incident yet."
        )
        self.set_class(not count, "-no-batches")
        self._status()

    def _decision_note(self) -> str:
        """Whether the recorded decision calls for letters (Art. 34)."""
        decisions = app_of(self).services.decisions(self.view.id)
        if not decisions:
            return decision_note(False, False, "")
        last = decisions[-1]
        return decision_note(True, last.personal_data_breach, last.outcome)

    # -- the file ---------------------------------------------------------------------------

    def _choices(self) -> tuple[Path, Path, str, bool]:
        subjects = Path(self.query_one("#letters-subjects", Input).value.strip()).expanduser()
        out, _ = expand(self.query_one("#letters-out", Input).value)
        fmt = str(self.query_one("#letters-format", Select).value)
        return subjects, out, fmt, self.query_one("#letters-combined", Checkbox).value

    @on(Input.Submitted, "#letters-subjects")
    @on(Button.Pressed, "#letters-check")
    def check_file(self) -> None:
        raw = self.query_one("#letters-subjects", Input).value.strip()
        if not raw:
            self.app.notify("Type the path of the people file first.", timeout=4)
            return
        subjects, _, fmt, combined = self._choices()
        self.check = None
        self._status(f"Reading {subjects.name}…")
        self.query_one(PeopleList).read(subjects, fmt, combined)

    @on(Select.Changed, "#letters-format")
    @on(Checkbox.Changed, "#letters-combined")
    def _format_changed(self) -> None:
        """Who gets no letter depends on the format (an e-mail needs an address)."""
        if self.check is not None:
            self.check_file()

    @on(PeopleList.Checked)
    def _checked(self, message: PeopleList.Checked) -> None:
        message.stop()
        self.check = message.check
        self._status(problem=message.problem)
        people = self.query_one(PeopleList)
        if message.check is not None and people.table.row_count and not self.running:
            people.table.focus()  # ↑ ↓ go through the people and their letters

    # -- the batch ----------------------------------------------------------------------------

    def write(self) -> None:
        """Write a letter to every person in the file, in a worker, with progress."""
        if self.running:
            self.app.notify("The batch is running: s stops it.", timeout=4)
            return
        if not self.query_one("#letters-subjects", Input).value.strip():
            self.app.notify("Type the path of the people file first.", timeout=4)
            self.query_one("#letters-subjects", Input).focus()
            return
        subjects, out, fmt, combined = self._choices()
        if (taken := folder_taken(out, subjects, self._batches.values())) is not None:
            self._offer_new_folder(out, taken)
            return
        if self.check is None or self.check.path != subjects:
            self.check_file()  # the list of who gets no letter fills in as the batch runs
        self._cancel = threading.Event()
        self._set_running(True)
        self.outcome = ""
        bar = self.query_one("#letters-bar", ProgressBar)
        bar.update(total=None, progress=0)
        self.query_one("#letters-rate", Static).update("starting…")
        self.add_class("-ran")
        self.query_one("#letters-rows", FitTable).focus()  # s (stop) works from here
        self._status()
        self._write(self.view.id, subjects, out, fmt, combined, self._cancel)
        self.app.notify(f"Writing the letters to {tilde(out)}…", timeout=4, markup=False)

    def _offer_new_folder(self, out: Path, why: str) -> None:
        """Explain before starting, and offer the way out: a new folder, filled in."""
        fresh = fresh_folder(self._default_folder())
        self.query_one("#letters-out", Input).value = fresh
        self.outcome = refused_outcome(tilde(out), why, fresh)
        self._no_progress()
        self._status()

    def _no_progress(self) -> None:
        """No bar and no "starting…" for a batch that did not run."""
        self.remove_class("-ran")
        self.query_one("#letters-rate", Static).update("")

    @on(Worker.StateChanged)
    def _job_changed(self, event: Worker.StateChanged) -> None:
        """A refused or failed batch says so (never "starting…" left behind)."""
        if event.worker.group != "letters-run" or event.state is not WorkerState.ERROR:
            return
        self.outcome = f"{MARKS[JobState.FAILED][0]}{failure_reason(event.worker.error)}"
        self._no_progress()
        self._set_running(False)
        self._status()

    def stop(self) -> None:
        if self.running:
            self._cancel.set()
            self._status("Stopping after the current chunk…")

    @on(Button.Pressed, "#letters-write")
    def _write_pressed(self) -> None:
        self.write()

    @on(Button.Pressed, "#letters-stop")
    def _stop_pressed(self) -> None:
        self.stop()

    @work(
        thread=True,
        exclusive=True,
        group="letters-run",
        exit_on_error=False,
        description="Writing the letters",
    )
    def _write(
        self,
        incident_id: str,
        subjects: Path,
        out: Path,
        fmt: str,
        combined: bool,
        cancel: threading.Event,
    ) -> None:
        services = app_of(self).services

        def report(progress: LetterProgress) -> None:  # called in this thread, per chunk
            self.post_message(LettersProgressed(progress))

        try:
            run = services.write_letters(
                incident_id,
                subjects,
                out,
                fmt=fmt,
                combined=combined,
                progress=report,
                cancel=cancel,
            )
        except LettersIncomplete as incomplete:  # Art. 34(2): nothing was written
            self.app.call_from_thread(self._incomplete, incomplete.gaps)
            return
        finally:
            services.close()
            self.app.call_from_thread(self._set_running, False)
        self.post_message(LettersWritten(incident_id, run))

    def _incomplete(self, gaps: tuple[Gap, ...]) -> None:
        """The letters would lack what Art. 34(2) requires: say what, and where to fill it."""
        notice, self.outcome = incomplete_texts(gaps)
        self.app.notify(
            notice,
            title="Letters not written: what Art. 34(2) requires is missing",
            severity="error",
            markup=False,
            timeout=30,
        )
        self._no_progress()
        self._set_running(False)
        self._status()

    def _set_running(self, running: bool) -> None:
        self.running = running
        self.set_class(running, "-running")
        self.screen.refresh_bindings()

    @on(LettersProgressed)
    def _progressed(self, message: LettersProgressed) -> None:
        message.stop()
        p: LetterProgress = message.progress
        self.query_one("#letters-bar", ProgressBar).update(total=max(p.total, 1), progress=p.rows)
        self.query_one("#letters-rate", Static).update(rate_line(p))

    @on(LettersWritten)
    def _written(self, message: LettersWritten) -> None:
        message.stop()
        run: LetterRun = message.run
        title, text, self.outcome = written_texts(run, tilde(run.out_dir))
        self.app.notify(text, title=title, markup=False, timeout=15 if run.complete else 10)
        for note in run.notes:
            self.app.notify(note, severity="warning", timeout=10, markup=False)
        self.post_message(IncidentChanged(message.incident_id))

    @on(DataTable.RowSelected, "#letters-batches")
    def _continue(self, event: DataTable.RowSelected) -> None:
        """Fill in an earlier batch's file, folder and format (to continue or re-check it)."""
        event.stop()
        batch = self._batches.get(str(event.row_key.value))
        if batch is None:
            return
        self.query_one("#letters-subjects", Input).value = str(batch.subjects_file)
        self.query_one("#letters-out", Input).value = str(batch.out_dir)
        fmt, combined = format_choice(str(batch.format))
        self.query_one("#letters-combined", Checkbox).value = combined
        self.query_one("#letters-format", Select).value = fmt
        self.query_one("#letters-subjects", Input).focus()

    # -- what to do next ----------------------------------------------------------------------

    def _status(self, doing: str = "", problem: str = "") -> None:
        if not doing and not problem and self.running:
            doing = RUNNING
        self.query_one("#letters-status", Static).update(
            status_text(
                self.check,
                doing=doing,
                problem=problem,
                problem_style=theme_style(self.app.get_css_variables(), "error"),
                outcome=self.outcome,
                decision=self.decision,
            )
        )
