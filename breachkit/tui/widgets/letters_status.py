"""The Letters tab's sentences: the status under the choices, the rate line, a batch's row,
and the batches table's columns.

Pure functions of what the pane holds, so the pane keeps the widgets and the jobs.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from rich.style import Style
from rich.text import Text

from breachkit.core.letters.complete import Gap
from breachkit.core.text import counted
from breachkit.core.times import from_storage
from breachkit.services.letters import LetterBatchRow, LetterProgress, LetterRun
from breachkit.services.letters_check import SubjectsCheck
from breachkit.tui import risk_words as w
from breachkit.tui.display import countdown, plain
from breachkit.tui.jobs import MARKS, JobState
from breachkit.tui.widgets.fit_table import Col
from breachkit.tui.words import missing_label

BATCH_COLUMNS = (
    Col("Started", "started", 12),
    Col("State", "state", 8),
    Col("Letters", "letters", 7),
    Col("Bad", "bad", 5),
    Col("Format", "format", 9),
    Col("Manifest SHA-256", "sha"),
)
RUNNING = "Writing the letters… s (or Stop) stops between chunks; ctrl+r continues."
FIRST = (
    "o, then the path of the affected-people CSV and Enter: every row is checked "
    "as the batch will read it (docs/letters.md lists the columns)."
)


def decision_note(decided: bool, personal_data_breach: bool, outcome: str) -> str:
    """Whether the recorded decision calls for letters (Art. 34)."""
    if not decided:
        return "No risk decision yet: letters are for a high risk (Art. 34); see the Risk tab."
    if not personal_data_breach:
        return "Decided: not a personal data breach. Letters go beyond the decision."
    if outcome == "notify_authority_and_subjects":
        return "Decided: tell the people (Art. 34), each in their language."
    return f"Decided: {w.outcome_label(outcome)}. Letters go beyond the decision."


def check_line(check: SubjectsCheck, outcome: str) -> Text:
    """``1,240 rows: each gets a letter (de 3, fr 1,237)…``: what the check found."""
    langs = ", ".join(f"{lang} {n:,}" for lang, n in sorted(check.languages.items()))
    gets = f"{check.letters:,} get a letter" if check.bad else "each gets a letter"
    return Text.assemble(
        (f"{check.rows:,} rows: {gets}", "bold"),
        f" ({langs})" if langs else "",
        f", {check.bad:,} get{'s' if check.bad == 1 else ''} none (red)" if check.bad else "",
        f"; {check.read_as}" if check.read_as else "",
        "" if outcome else ". ctrl+r writes them.",
    )


def status_text(
    check: SubjectsCheck | None,
    *,
    doing: str,
    problem: str,
    problem_style: Style,
    outcome: str,
    decision: str,
) -> Text:
    """Two lines: what is happening (or the problem, or the check), then how it ended."""
    if problem:
        line = Text(problem, style=problem_style)
    elif doing:
        line = Text(doing)
    elif check is None:
        line = Text(FIRST)
    else:
        line = check_line(check, outcome)
    last = Text(outcome or decision, style="bold" if outcome else "dim")
    return Text("\n").join([line, last])


def rate_line(p: LetterProgress) -> str:
    """``300/1,240 rows · 300 files · 0 bad · 85 rows/s · 00:00:11 left``."""
    done = p.rows - p.already
    rate = done / p.elapsed if p.elapsed > 0 and done else 0.0
    left = (p.total - p.rows) / rate if rate else None
    eta = f" · {countdown(timedelta(seconds=round(left)))} left" if left is not None else ""
    return (
        f"{p.rows:,}/{p.total:,} rows · {p.letters:,} files · {p.bad:,} bad · "
        f"{rate:,.0f} rows/s{eta}"
    )


def batch_cells(batch: LetterBatchRow, zone: ZoneInfo) -> tuple[Text, ...]:
    """Started, state, letters, bad rows, format, manifest hash."""
    started = from_storage(batch.started_at).astimezone(zone)
    state = "done" if batch.finished_at else "stopped"
    return (
        plain(f"{started:%d %b %H:%M}"),
        plain(state, "" if batch.finished_at else "bold"),
        Text(f"{batch.letters:,}", justify="right", end=""),
        Text(f"{batch.bad_rows:,}", justify="right", end=""),
        plain(str(batch.format)),
        plain(str(batch.manifest_sha256 or "—"), "dim"),
    )


def format_choice(recorded: str) -> tuple[str, bool]:
    """A batch's recorded format (``pdf+print``, ``eml``…) as the Format select's value
    and the "One print file" box."""
    formats = recorded.split("+")
    fmt = "both" if len(formats) > 1 else ("pdf" if formats[0] in ("pdf", "print") else "eml")
    return fmt, "print" in formats


def refused_outcome(out: str, why: str, fresh: str) -> str:
    """A second batch in a folder that cannot take it: why, and the new folder offered."""
    return (
        f"{MARKS[JobState.STOPPED][0]}not started: {out} cannot take this batch, "
        f"{why}. The output folder is now a new one, {fresh}: ctrl+r writes there "
        "(or Enter on a batch below to continue that one)."
    )


def incomplete_texts(gaps: tuple[Gap, ...]) -> tuple[str, str]:
    """What Art. 34(2) requires is missing: the notice's text and the outcome line."""
    items = "\n".join(f"• {missing_label(gap.key)}: {gap.why}" for gap in gaps)
    notice = (
        f"{items}\nFill these in (Overview tab, or the organisation profile), then ctrl+r again."
    )
    outcome = (
        f"{MARKS[JobState.FAILED][0]}not written; missing: "
        + ", ".join(missing_label(gap.key) for gap in gaps)
        + "."
    )
    return notice, outcome


def written_texts(run: LetterRun, where: str) -> tuple[str, str, str]:
    """A batch ended: the notice's title and text, and the outcome line."""
    if run.complete:
        kinds = ", ".join(f"{n:,} {fmt}" for fmt, n in sorted(run.outputs.items())) or "none"
        return (
            "Letters written and recorded",
            f"{where}\n{kinds}; {counted(run.bad_rows, 'row')} without a letter (bad-rows.csv)\n"
            f"Manifest SHA-256 {run.manifest_sha256}",
            f"{MARKS[JobState.DONE][0]}{sum(run.outputs.values()):,} files in {where} "
            "(manifest.csv lists each with its SHA-256), recorded on the timeline.",
        )
    return (
        "Batch stopped",
        f"{run.letters:,} files written so far. ctrl+r with the same file and folder "
        "continues where it stopped.",
        f"{MARKS[JobState.STOPPED][0]}after {run.rows:,} rows: ctrl+r continues in {where}.",
    )
