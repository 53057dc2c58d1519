"""``breachkit timeline``: an incident's entries, streamed as text, JSON or JSON Lines.

A timeline can hold a million entries, so nothing here builds them all in memory or
goes through a console library per entry: the rows come from the database as stored,
each is formatted into a line and written in blocks. Text meant for a terminal goes
through :func:`~breachkit.core.text.display` (control characters made visible); JSON
escapes them itself, and :func:`~breachkit.cli.output.json_safe` the few it leaves.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import chain
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from breachkit.cli.main import State, cli, pass_state
from breachkit.cli.output import emit_json, json_safe
from breachkit.core.enums import EntryKind
from breachkit.core.text import display
from breachkit.core.timeline.chain import RawEntry
from breachkit.core.timeline.export import entry_json

BLOCK = 2000
"""Lines joined into one write."""


def text_lines(rows: Iterable[RawEntry], zone: ZoneInfo) -> Iterator[str]:
    """Each entry as text: a line with its number, when it happened (in ``zone``), kind,
    actor and what it corrects; then its text, indented."""
    parse = datetime.fromisoformat
    for seq, kind, text, occurred, _rec, actor, _links, corrects, _prev, _hash in rows:
        stamp = parse(occurred).astimezone(zone).isoformat(" ", "minutes")
        fixes = f" corrects #{corrects}" if corrects else ""
        body = "".join(f"       {display(line)}\n" for line in text.splitlines())
        yield f"#{seq:<4} {stamp}  {display(kind)}  {display(actor)}{fixes}\n{body}"


def json_lines(rows: Iterable[RawEntry]) -> Iterator[str]:
    for row in rows:
        yield json_safe(entry_json(row)) + "\n"


def json_document(incident_id: str, rows: Iterable[RawEntry]) -> Iterator[str]:
    """``{"id": …, "entries": [ … ]}`` with one entry a line, streaming."""
    yield f'{{"id": {json_safe(json.dumps(incident_id, ensure_ascii=False))}, "entries": ['
    separator = "\n"
    for row in rows:
        yield separator + json_safe(entry_json(row))
        separator = ",\n"
    yield "\n]}\n"


def write_blocks(lines: Iterable[str]) -> None:
    """Write ``lines`` to standard output in blocks; a reader that stops early (``| head``)
    ends the output quietly."""
    out = sys.stdout
    block: list[str] = []
    try:
        for line in lines:
            block.append(line)
            if len(block) >= BLOCK:
                out.write("".join(block))
                block.clear()
        out.write("".join(block))
        out.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)


@cli.command()
@click.argument("incident_id", metavar="ID")
@click.option("--last", type=click.IntRange(min=0), metavar="N", help="Only the last N entries.")
@click.option(
    "--since",
    metavar="TIME",
    help="Only entries that happened at TIME or later (as for `log --at`; without offset: "
    "the incident's zone).",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice([k.value for k in EntryKind]),
    help="Only entries of this kind (repeatable).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON document, an entry a line.")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="JSON Lines: one entry a line, no wrapper.")
@pass_state
def timeline(
    state: State,
    incident_id: str,
    last: int | None,
    since: str | None,
    kinds: tuple[str, ...],
    as_json: bool,
    as_jsonl: bool,
) -> None:
    """Every entry, in recorded order, with when it happened in the incident's zone.

    Streams: a timeline of any length is written as it is read. --jsonl gives what
    `log ID --import FILE` reads back.
    """
    if as_json and as_jsonl:
        raise click.UsageError("--json and --jsonl are two formats; choose one")
    found = state.services.timeline_rows(incident_id, kinds=kinds, since=since, last=last)
    view = found.view
    if as_jsonl:
        write_blocks(json_lines(found.rows))
    elif as_json:
        write_blocks(json_document(view.id, found.rows))
    else:
        head = (
            f"{display(view.id)} {display(view.title, one_line=True)}\n"
            f"{found.count} entries; times are when it happened, in {view.facts.timezone}\n"
        )
        write_blocks(chain([head], text_lines(found.rows, view.zone)))


def import_file(
    state: State,
    incident_id: str,
    source: Path,
    text: str | None,
    fmt: str | None,
    kind: str,
    at: str | None,
    actor: str | None,
    corrects: int | None,
    as_json: bool,
) -> None:
    """``log ID --import FILE``: every row of FILE, or nothing."""
    if text is not None or at is not None or corrects is not None:
        raise click.UsageError("--import takes no TEXT, --at or --corrects: the rows say them")
    result = state.services.import_timeline(incident_id, source, fmt=fmt, kind=kind, actor=actor)
    if as_json:
        emit_json(
            {
                "id": result.incident_id,
                "entries": result.entries,
                "first_seq": result.first_seq,
                "last_seq": result.last_seq,
                "entry_seq": result.entry_seq,
                "sha256": result.sha256,
            }
        )
        return
    click.echo(
        f"{result.entries:,} entries imported from {display(source.name)} "
        f"(#{result.first_seq}–#{result.last_seq}); the import is entry #{result.entry_seq}"
    )
