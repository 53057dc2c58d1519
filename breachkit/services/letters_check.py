"""Before a letter batch: check the people file and preview one person's letter.

``write_letters`` (the batch, with progress and cancel) and ``letter_batches`` are in
:mod:`.letters`. These two use-cases are built from the very pieces the batch uses — the
row checks of :mod:`breachkit.core.letters.people`, the letter font, the formats a person
can receive, the renderer — so that what the TUI's Letters tab says before a run is what
the run will do. (They lived in the TUI until the front ends were held to the services.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from breachkit.core.errors import InputError, Problem
from breachkit.core.letters.markup import Block
from breachkit.core.letters.people import BadRow, Person, RowRules, check_row
from breachkit.core.timeline.projection import LetterBatchRow
from breachkit.render.fonts import FAMILY
from breachkit.render.letters.compose import LetterRenderer
from breachkit.render.letters.truetype import program
from breachkit.services.letters_batch import no_output_reason, outputs_for
from breachkit.services.letters_io import records, subjects_format, survey
from breachkit.services.letters_rows import FORMAT_CHOICES

if TYPE_CHECKING:
    from breachkit.services import Services

KEEP_PEOPLE = 200
"""People kept for the list (and the preview); every row is still checked and counted."""
KEEP_BAD = 1_000
"""Rows without a letter kept for the list; ``bad-rows.csv`` of the run has them all."""


def formats_for(fmt: str, combined: bool) -> tuple[str, ...]:
    """What a run writes: ``pdf``, ``eml``, and ``print`` instead of ``pdf`` if combined."""
    if fmt not in FORMAT_CHOICES:
        raise InputError(Problem("format", None, f"'{fmt}' is not pdf | eml | both"))
    formats = FORMAT_CHOICES[fmt]
    if combined:
        if "pdf" not in formats:
            raise InputError(
                Problem("combined", None, "a print file needs the PDF format (pdf or both)")
            )
        formats = tuple("print" if f == "pdf" else f for f in formats)
    return formats


@dataclass(frozen=True, slots=True)
class SubjectsCheck:
    """What a run of this file would do: who gets a letter, which rows do not, and why."""

    path: Path
    rows: int
    letters: int
    """Rows that get a letter (in at least one format)."""
    bad: int
    people: tuple[Person, ...]
    """The first ``KEEP_PEOPLE`` people who get a letter."""
    bad_rows: tuple[BadRow, ...]
    """The first ``KEEP_BAD`` rows that do not, with the reason."""
    languages: dict[str, int] = field(default_factory=dict)
    """Letters per language, over the whole file."""
    read_as: str = ""
    """How the file was read when it is not plain UTF-8 CSV: "read as Windows-1252,
    ';'-separated"."""


def check_subjects(
    services: Services,
    incident_id: str,
    subjects: Path,
    fmt: str,
    combined: bool,
    cancelled: Callable[[], bool] = lambda: False,
) -> SubjectsCheck | None:
    """Read the whole file (streamed) as the batch will; None if ``cancelled`` said so."""
    formats = formats_for(fmt, combined)
    detected = subjects_format(subjects)
    read_as = "" if detected.plain else detected.describe()  # said when not the spec's form
    header, total, _ = survey(subjects)
    setup = services.letter_setup(incident_id)
    rules = RowRules(
        default_language=services.default_letter_language(setup),
        languages=frozenset(setup.texts),
        categories=frozenset(setup.facts.categories),
    )
    font = program(FAMILY)
    people: list[Person] = []
    bad_rows: list[BadRow] = []
    languages: dict[str, int] = {}
    rows = bad = 0
    stream = records(subjects)
    next(stream, None)  # the header
    for line, fields in stream:
        rows += 1
        if rows % 1000 == 0 and cancelled():
            return None
        row = check_row(header, fields, line, rules)
        if isinstance(row, Person):
            text = " ".join((row.name, row.salutation, *row.address, row.city, row.reference))
            if missing := font.missing(text):
                row = BadRow(line, f"the letter font cannot print these characters: {missing}")
            elif not outputs_for(row, formats):
                row = BadRow(line, no_output_reason(formats))
        if isinstance(row, BadRow):
            bad += 1
            if len(bad_rows) < KEEP_BAD:
                bad_rows.append(row)
            continue
        languages[row.language] = languages.get(row.language, 0) + 1
        if len(people) < KEEP_PEOPLE:
            people.append(row)
    return SubjectsCheck(
        subjects, total, rows - bad, bad, tuple(people), tuple(bad_rows), languages, read_as
    )


@dataclass(frozen=True, slots=True)
class LetterPreview:
    """One person's letter, as the PDF and the e-mail say it."""

    line: int
    to: str
    """The e-mail address, else the postal address on one line."""
    title: str
    head: tuple[str, ...]
    """The address for the envelope window (a letter by post), the greeting, references."""
    blocks: tuple[Block, ...]
    """The body: headings, paragraphs, list items, kept lines."""
    foot: tuple[str, ...]


def preview_letter(services: Services, incident_id: str, person: Person) -> LetterPreview:
    """One person's letter: its title, greeting, body and closing, in their language."""
    renderer = LetterRenderer(services.letter_setup(incident_id))
    variant = renderer.variant(renderer.plan(person), person)
    _, (opening, _, closing) = renderer.email_text(person)
    head = [*renderer.address_lines(person), ""] if person.address else []
    head += opening.strip("\n").split("\n")
    if person.email:
        foot = closing.strip("\n").split("\n")
    else:  # by post only: no "sent to" line
        words = renderer.setup.texts[person.language].sections["letter"]
        foot = [f"{words['our_reference']}: {incident_id}"]
    to = person.email or ", ".join(renderer.address_lines(person)[1:])
    return LetterPreview(person.line, to, variant.title, tuple(head), variant.blocks, tuple(foot))


def folder_taken(out: Path, subjects: Path, batches: Iterable[LetterBatchRow]) -> str | None:
    """Why the folder ``out`` cannot take a batch of ``subjects`` (None: it is new, empty,
    or holds this very batch stopped midway, which the next run continues)."""
    try:
        if not out.is_dir() or not any(out.iterdir()):
            return None
    except OSError:
        return None
    batch = next((b for b in batches if Path(b.out_dir).expanduser() == out), None)
    if batch is None:
        return "it already holds other files"
    if batch.finished_at:
        return "it holds a finished batch (a finished folder is never written again)"
    if Path(batch.subjects_file).expanduser() != subjects:
        return f"it holds the stopped batch of another file ({Path(batch.subjects_file).name})"
    return None


def fresh_folder(default: str) -> str:
    """``default`` (a folder ending in ``/``), with -2, -3… when it is already taken."""
    base = default.rstrip("/")
    candidate, n = base, 1
    while Path(candidate).expanduser().exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate + "/"
