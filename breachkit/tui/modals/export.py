"""Export dialogs: where to write a draft, the after-action report or the register.

Each dialog asks for the format (when there is a choice) and the path, says what file
will be written, and returns an :class:`ExportChoice`; the pane then writes it in a
worker. ``~`` is the home folder; a path ending in ``/`` (or an existing folder) is a
folder, created if needed. Every file is written 0600 by the services and recorded on
the timeline with its SHA-256.

``DraftExportModal`` also asks for the reasons for a late notification and, when the
draft is incomplete, for a tick before it writes it (marked INCOMPLETE on every page,
as Art. 33(4) allows). ``ReportExportModal`` offers the redacted edition.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from breachkit.adapters.files import free_file
from breachkit.core.drafts.content import Missing
from breachkit.tui.focus import Dialog
from breachkit.tui.words import missing_label

DRAFTS_FOLDER = "~/breachkit-drafts/"
REPORTS_FOLDER = "~/breachkit-reports/"
FORMAT_NAMES = {
    "pdf": "PDF (to send or attach)",
    "md": "Markdown (the portal sheet, to copy field by field)",
    "json": "JSON (for other tools)",
    "csv": "CSV (a spreadsheet)",
}


@dataclass(frozen=True, slots=True)
class ExportChoice:
    """What the responder chose: the pane writes it (in a worker)."""

    fmt: str
    path: Path
    """Expanded (no ``~``); a folder when ``folder``."""
    folder: bool
    reasons: str = ""
    allow_incomplete: bool = False
    redact: bool = False
    extra_names: tuple[str, ...] = ()


def expand(text: str) -> tuple[Path, bool]:
    """The path typed, expanded, and whether it names a folder (``/`` at the end, or an
    existing folder)."""
    raw = text.strip()
    path = Path(raw).expanduser()
    return path, raw.endswith(("/", "\\")) or path.is_dir()


def tilde(path: Path) -> str:
    """``path`` with the home folder written ``~`` (shorter, and the same for everyone)."""
    home = Path.home()
    try:
        return "~/" + str(path.relative_to(home))
    except ValueError:
        return str(path)


def with_suffix(text: str, fmt: str, formats: Sequence[str]) -> str:
    """``text`` with its known suffix replaced by ``fmt`` (a folder is left alone)."""
    stem, dot, suffix = text.rpartition(".")
    if dot and suffix.lower() in formats and "/" not in suffix:
        return f"{stem}.{fmt}"
    return text


class ExportModal(Dialog[ExportChoice | None]):
    """Format, path and what the file will be; subclasses add their own fields."""

    DEFAULT_CSS = """
    ExportModal {
        align: center middle;
        & > VerticalScroll {
            width: 90%;
            max-width: 84;
            height: auto;
            max-height: 95%;
            border: round $primary;
            background: $surface;
            padding: 0 1;
        }
        & .export-intro { color: $text-muted; }
        & .export-warning { color: $text-warning; }
        & .export-missing { color: $text-error; }
        & Label { text-style: bold; margin-top: 1; }
        & Checkbox { margin-top: 1; }
        & .export-note { color: $text-muted; padding-left: 4; }
        & #export-target { color: $text-muted; }
        & #export-problem { color: $text-error; }
        & TextArea { height: 3; background: $boost; }
        & #export-buttons { height: 1; align-horizontal: right; margin-top: 1; }
        & #export-buttons Button { margin-left: 2; }
    }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        Binding("ctrl+s", "save", "Export", tooltip="Write the file (0600).", id="export.save"),
    ]

    TITLE = "Export"
    VERB = "Export"

    def __init__(self, formats: Sequence[str], fmt: str, path: str, intro: str = "") -> None:
        super().__init__()
        self.formats = tuple(formats)
        self.fmt = fmt
        self.path = path
        self.intro = intro

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="export-box") as box:
            box.border_title = self.TITLE
            box.border_subtitle = "ctrl+s exports · Esc cancels"
            if self.intro:
                yield Static(self.intro, classes="export-intro", markup=False)
            if len(self.formats) > 1:
                yield Label("Format")
                yield Select(
                    [(FORMAT_NAMES.get(f, f.upper()), f) for f in self.formats],
                    value=self.fmt,
                    allow_blank=False,
                    compact=True,
                    id="export-format",
                )
            yield Label("Save to (~ is your home folder; a folder ends with /)")
            yield Input(self.path, compact=True, id="export-path")
            yield Static("", id="export-target", markup=False)
            yield from self.extra()
            yield Static("", id="export-problem", markup=False)
            with Horizontal(id="export-buttons"):
                yield Button(self.VERB, variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def extra(self) -> ComposeResult:
        """The subclass's own fields, between the path and the buttons."""
        yield from ()

    def on_mount(self) -> None:
        self.query_one("#export-problem").display = False
        self._target()
        self.query_one("#export-path", Input).focus()

    @property
    def chosen_format(self) -> str:
        if len(self.formats) > 1:
            return str(self.query_one("#export-format", Select).value)
        return self.fmt

    @on(Select.Changed, "#export-format")
    def _format_changed(self) -> None:
        path = self.query_one("#export-path", Input)
        path.value = with_suffix(path.value, self.chosen_format, self.formats)
        self._target()

    @on(Input.Changed, "#export-path")
    def _target(self) -> None:
        """Say which file will be written, and whether it replaces one."""
        raw = self.query_one("#export-path", Input).value
        target = self.query_one("#export-target", Static)
        if not raw.strip():
            target.update("Type where to save the file.")
            return
        path, folder = expand(raw)
        name = self.file_name(path, folder)
        where = f"{tilde(Path(name))} (mode 0600)"
        if Path(name).exists():  # a file chosen by its path (a folder's name is free)
            where += " — it exists and will be replaced"
        elif not (path if folder else path.parent).is_dir():
            where += " — the folder will be created"
        target.update(f"Writes {where}")

    def file_name(self, path: Path, folder: bool) -> str:
        """The file the export will write (a subclass names it in a folder)."""
        return str(path / f"export.{self.chosen_format}" if folder else path)

    def problem(self, text: str) -> None:
        problem = self.query_one("#export-problem", Static)
        problem.display = bool(text)
        problem.update(text)

    def choice(self, fmt: str, path: Path, folder: bool) -> ExportChoice | None:
        """The subclass's request (None, after ``problem``, when it cannot be made)."""
        return ExportChoice(fmt, path, folder)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        raw = self.query_one("#export-path", Input).value
        if not raw.strip():
            self.problem("Type where to save the file.")
            return
        path, folder = expand(raw)
        chosen = self.choice(self.chosen_format, path, folder)
        if chosen is not None:
            self.dismiss(chosen)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class DraftExportModal(ExportModal):
    """A notification draft: format, path, reasons for a late notification, and a tick
    to write an incomplete draft."""

    TITLE = "Export the notification draft"

    def __init__(
        self,
        authority: str,
        name: str,
        fmt: str,
        missing: Sequence[Missing],
        *,
        late: bool,
        path: str = DRAFTS_FOLDER,
    ) -> None:
        intro = (
            f"Writes the draft for {authority} and records it on the timeline with its "
            "version and hashes. Nothing is sent: file it through the authority's channel, "
            "then f records the filing."
        )
        super().__init__(("pdf", "md", "json"), fmt, path, intro)
        self.authority = authority
        self.name_pattern = name
        """``BK-2026-0001-cnpd-fr-v2.{fmt}``: the name the services give in a folder."""
        self.missing = tuple(missing)
        self.late = late

    def extra(self) -> ComposeResult:
        if self.late:
            yield Label("Reasons for the delay (Art. 33(1): later than 72 hours)")
            yield TextArea(
                id="export-reasons",
                show_line_numbers=False,
                compact=True,
                highlight_cursor_line=False,
            )
        others = [m for m in self.missing if m.key != "reasons_for_delay"]
        if others or (self.missing and not self.late):
            lines = "\n".join(f"  ✗ {missing_label(m.key)}: {m.why}" for m in others)
            yield Static(
                f"The draft is not complete; {self.authority} will ask for:\n{lines}",
                classes="export-missing",
                markup=False,
            )
        if self.missing:
            yield Checkbox("Export it anyway, marked INCOMPLETE", compact=True, id="export-anyway")
            yield Static(
                "on every page; Art. 33(4) lets you notify what you know now and complete it "
                "later.",
                classes="export-note",
                markup=False,
            )

    def file_name(self, path: Path, folder: bool) -> str:
        if folder:  # the same version again: a name of its own (-v1-2.pdf), as the export
            return str(free_file(path / self.name_pattern.format(fmt=self.chosen_format)))
        return str(path)

    def choice(self, fmt: str, path: Path, folder: bool) -> ExportChoice | None:
        reasons = self.query_one("#export-reasons", TextArea).text.strip() if self.late else ""
        still = [m for m in self.missing if not (m.key == "reasons_for_delay" and reasons)]
        anyway = bool(self.missing) and self.query_one("#export-anyway", Checkbox).value
        if still and not anyway:
            keys = ", ".join(missing_label(m.key) for m in still)
            self.problem(
                f"Still missing: {keys}. Tick “Export it anyway” to write it marked "
                "INCOMPLETE, or fill these in first (Esc, then Enter on an item)."
            )
            return None
        return ExportChoice(fmt, path, folder, reasons=reasons, allow_incomplete=bool(still))


class ReportExportModal(ExportModal):
    """The after-action report (PDF): full, or redacted for readers outside the team."""

    TITLE = "Export the after-action report"

    def __init__(self, incident_id: str, folder: str = REPORTS_FOLDER) -> None:
        self.incident_id = incident_id
        self.folder = folder
        intro = (
            "An A4 PDF: summary, timeline against the deadlines, response times, facts, "
            "the risk decision, notifications, lessons and actions, playbook, evidence and "
            "the full timeline. Recorded on the timeline with its SHA-256."
        )
        super().__init__(("pdf",), "pdf", self._default(redact=False), intro)

    def _default(self, *, redact: bool) -> str:
        suffix = "-redacted" if redact else ""
        return f"{self.folder}{self.incident_id}-after-action-report{suffix}.pdf"

    def extra(self) -> ComposeResult:
        yield Checkbox("Redacted edition", compact=True, id="export-redact")
        yield Static(
            "for readers outside the team: people become labels (DPO, Person 1…); e-mails, "
            "phones, IBANs and IP addresses are removed.",
            classes="export-note",
            markup=False,
        )
        yield Label("Other names to redact (comma-separated, optional)")
        yield Input(placeholder="e.g. Zofia Nowak, Jan Peeters", compact=True, id="export-names")

    def file_name(self, path: Path, folder: bool) -> str:
        if folder:
            return str(path / Path(self._default(redact=self._redact())).name)
        return str(path)

    def _redact(self) -> bool:
        return self.query_one("#export-redact", Checkbox).value

    @on(Checkbox.Changed, "#export-redact")
    def _redact_changed(self) -> None:
        """The file name follows the edition, unless the responder typed another."""
        path = self.query_one("#export-path", Input)
        if path.value == self._default(redact=not self._redact()):
            path.value = self._default(redact=self._redact())
        self._target()

    def choice(self, fmt: str, path: Path, folder: bool) -> ExportChoice | None:
        if folder:
            path = path / Path(self._default(redact=self._redact())).name
        names = self.query_one("#export-names", Input).value
        extra = tuple(n.strip() for n in names.split(",") if n.strip())
        return ExportChoice(fmt, path, False, redact=self._redact(), extra_names=extra)


class RegisterExportModal(ExportModal):
    """The breach register (Art. 33(5)) as CSV, JSON or PDF."""

    TITLE = "Export the breach register"

    def __init__(self, day: str, folder: str = REPORTS_FOLDER) -> None:
        self.stem = f"breach-register-{day}"
        self.folder = folder
        intro = (
            "One row per incident, notified or not (GDPR Art. 33(5)). Every incident in it "
            "records the export on its timeline."
        )
        super().__init__(("csv", "json", "pdf"), "csv", f"{folder}{self.stem}.csv", intro)

    def file_name(self, path: Path, folder: bool) -> str:
        if folder:
            return str(path / f"{self.stem}.{self.chosen_format}")
        return str(path)

    def choice(self, fmt: str, path: Path, folder: bool) -> ExportChoice | None:
        if folder:
            path = path / f"{self.stem}.{fmt}"
        return ExportChoice(fmt, path, False)
