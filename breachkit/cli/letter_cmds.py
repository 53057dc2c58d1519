"""`breachkit letters ID` and `breachkit public-notice ID`: telling the people (Art. 34)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from breachkit.cli.main import State, cli, pass_state
from breachkit.cli.output import emit_json, err, out, safe, stderr_console
from breachkit.core.text import counted
from breachkit.services.letters import LetterProgress, LetterRun
from breachkit.services.letters_io import subjects_format
from breachkit.services.letters_setup import LettersIncomplete

_TEMPLATES = click.option(
    "--templates",
    type=click.Path(file_okay=False, path_type=Path),
    help="Your own templates folder (letters/<lang>.toml, letters/letter.j2), searched first.",
)
_TEXT = click.option(
    "--text",
    "text_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Your own words per language (what_happened, measures, consequences): a TOML file.",
)


_ALLOW_INCOMPLETE = click.option(
    "--allow-incomplete",
    is_flag=True,
    help="Write even if Art. 34(2) content is missing (measures, consequences, text in a "
    "letter's language); recorded as incomplete on the timeline.",
)


class _Rate(ProgressColumn):
    """Rows per second, as the run goes."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rows/s" if speed else "– rows/s", style="progress.data.speed")


def _progress_bar(*, transient: bool) -> Progress:
    """The letters' progress bar on standard error (none when it is not a terminal)."""
    return Progress(
        TextColumn("[bold]letters[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        _Rate(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
        console=stderr_console(),
        transient=transient,
        disable=not err.is_terminal,
        auto_refresh=False,  # no drawing thread: the run may then fork its workers
    )


@cli.command()
@click.argument("incident_id", metavar="ID")
@click.option(
    "--subjects",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The affected-people CSV (name, email or address, language, ...).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Output folder (created 0700). Run again with the same folder to continue.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "eml", "both"]),
    default="pdf",
    show_default=True,
    help="One PDF per person, one e-mail (.eml) per person, or both.",
)
@click.option(
    "--combined",
    is_flag=True,
    help="Instead of one PDF per person: one print file for a mailing house.",
)
@_TEMPLATES
@_TEXT
@click.option("--from", "sender", help="E-mail sender address (default: the DPO's).")
@click.option(
    "--window",
    type=click.Choice(["left", "right"]),
    default="left",
    show_default=True,
    help="Side of the envelope window the address is placed for.",
)
@click.option("--workers", type=click.IntRange(1, 64), help="Processes (default: all cores).")
@_ALLOW_INCOMPLETE
@click.option(
    "--undelivered",
    is_flag=True,
    help="Only the people not reached by e-mail (never sent, failed, bounced): e.g. postal "
    "letters after `breachkit send` and `breachkit bounces`.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document at the end.")
@pass_state
def letters(
    state: State,
    incident_id: str,
    subjects: Path,
    out_dir: Path,
    fmt: str,
    combined: bool,
    templates: Path | None,
    text_file: Path | None,
    sender: str | None,
    window: str,
    workers: int | None,
    allow_incomplete: bool,
    undelivered: bool,
    as_json: bool,
) -> None:
    """Write a letter to every affected person, in their language (Art. 34).

    Each person gets one PDF or one e-mail with exactly one recipient; a manifest
    records what was written (file, SHA-256, time). A run that is stopped can be started
    again with the same command: it continues, and every letter exists exactly once.
    Exits 1 listing what Art. 34(2) content is missing, unless --allow-incomplete.
    """
    services = state.services
    read_as = subjects_format(subjects).describe()
    if not as_json:
        out.print(f"{safe(str(subjects))}: {read_as}.")
    with _progress_bar(transient=as_json) as bar:
        task = bar.add_task("letters", total=None)

        def report(p: LetterProgress) -> None:
            bar.update(task, total=p.total, completed=p.rows)
            bar.refresh()

        try:
            run = services.write_letters(
                incident_id,
                subjects,
                out_dir,
                fmt=fmt,
                combined=combined,
                templates=templates,
                text=text_file,
                sender=sender,
                window=window,
                workers=workers,
                progress=report,
                allow_incomplete=allow_incomplete,
                undelivered=undelivered,
            )
        except LettersIncomplete as incomplete:
            if not as_json:
                raise
            bar.stop()
            emit_json({"written": False, "complete": False, "missing": _gaps(incomplete)})
            sys.exit(incomplete.exit_code)
        except KeyboardInterrupt:
            bar.stop()
            click.echo(
                "interrupted: the letters written so far are kept and listed in the manifest;"
                " run the same command again to continue",
                err=True,
            )
            sys.exit(130)
        bar.update(task, total=max(run.rows, 1), completed=max(run.rows, 1))
    if as_json:
        emit_json({**_document(run), "subjects_read_as": read_as})
        return
    _print_run(run)


def _gaps(incomplete: LettersIncomplete) -> list[dict[str, str]]:
    return [{"key": g.key, "why": g.why, "fix": g.fix} for g in incomplete.gaps]


def _document(run: LetterRun) -> dict[str, object]:
    return {
        "incident": run.incident_id,
        "written": True,
        "complete": run.complete,
        "missing": [{"key": g.key, "why": g.why, "fix": g.fix} for g in run.missing],
        **run.people,
        "resumed": run.resumed,
        "letters": run.letters,
        "outputs": run.outputs,
        "rows": run.rows,
        "already_done": run.already,
        "bad_rows": run.bad_rows,
        "bad_examples": [{"line": b.line, "reason": b.reason} for b in run.bad_examples],
        "out_dir": str(run.out_dir),
        "manifest": str(run.manifest),
        "manifest_sha256": run.manifest_sha256,
        "print_file": str(run.print_file) if run.print_file else None,
        "print_sha256": run.print_sha256 or None,
        "entry": run.entry_seq,
        "elapsed_seconds": round(run.elapsed, 3),
        "notes": list(run.notes),
    }


def _print_run(run: LetterRun) -> None:
    outputs = ", ".join(f"{fmt} {n:,}" for fmt, n in sorted(run.outputs.items()))
    resumed = f" (continued; {run.already:,} rows were already done)" if run.resumed else ""
    rate = run.letters / run.elapsed if run.elapsed > 0 else 0
    out.print(
        f"[bold green]✓[/] {counted(run.letters, 'file')} written in {run.elapsed:.1f} s "
        f"({rate:,.0f}/s){resumed}. In the folder: {outputs or 'nothing'}."
    )
    if run.bad_rows:
        out.print(
            f"[bold yellow]{counted(run.bad_rows, 'row')} got no letter[/] "
            f"(all in {safe(str(run.out_dir / 'bad-rows.csv'))}):"
        )
        for bad in run.bad_examples[:10]:
            out.print(f"  line {bad.line}: {safe(bad.reason)}")
    if run.print_file:
        out.print(
            f"Print file: {safe(str(run.print_file))}  SHA-256 {run.print_sha256}\n"
            "  [dim]each letter starts on an odd page; the address sits in the envelope "
            "window[/]"
        )
    out.print(f"Manifest: {safe(str(run.manifest))}  SHA-256 {run.manifest_sha256}")
    if run.people:
        _print_people(run.people)
    if run.entry_seq:
        out.print(f"Recorded on the timeline as entry #{run.entry_seq}.")
    for note in run.notes:
        out.print(f"[yellow]note:[/] {safe(note)}")
    if run.missing:
        out.print(
            "[bold yellow]written although incomplete (Art. 34(2)), recorded as such:[/] "
            + safe(", ".join(g.key for g in run.missing))
        )


def _print_people(people: dict[str, Any]) -> None:
    channels: dict[str, int] = people.get("people_by_channel") or {}
    names = {"post": "post", "email": "e-mail", "pdf": "PDF"}
    how = ", ".join(f"{names.get(c, c)} {n:,}" for c, n in channels.items() if n)
    told, affected = people.get("people_told"), people.get("people_affected")
    line = f"People given a letter by this batch: {people.get('people', 0):,}" + (
        f" ({how})" if how else ""
    )
    if isinstance(told, int) and isinstance(affected, int) and affected:
        state = "[green]everyone[/]" if told >= affected else "[bold yellow]not yet everyone[/]"
        line += f"; {told:,} of {affected:,} people affected told so far: {state}"
    elif isinstance(told, int):
        line += f"; {told:,} told so far (the number of people affected is not stated)"
    out.print(line)


@cli.command("public-notice")
@click.argument("incident_id", metavar="ID")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for public-notice.<lang>.pdf/.html/.txt.",
)
@click.option(
    "--lang",
    "languages",
    multiple=True,
    help="Language (repeat for more; default: the organisation's languages).",
)
@_TEMPLATES
@_TEXT
@_ALLOW_INCOMPLETE
@pass_state
def public_notice(
    state: State,
    incident_id: str,
    out_dir: Path,
    languages: tuple[str, ...],
    templates: Path | None,
    text_file: Path | None,
    allow_incomplete: bool,
) -> None:
    """Prepare the public communication used instead of letters (Art. 34(3)(c)).

    For when telling each person would take disproportionate effort: publish the HTML on
    your website (or the PDF/text elsewhere) and log where and when you did.
    """
    made = state.services.public_notice(
        incident_id,
        out_dir,
        languages=languages,
        templates=templates,
        text=text_file,
        allow_incomplete=allow_incomplete,
    )
    for notice in made:
        for path, digest in zip(notice.files, notice.sha256, strict=True):
            out.print(f"{safe(str(path))}  SHA-256 {digest}")
    out.print(
        "[dim]Publish it where the people concerned will see it, then record where and when "
        "with breachkit log ID --kind communication.[/]"
    )
