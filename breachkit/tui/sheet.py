"""How the Notify and Letters tabs show documents: the portal sheet of a draft, where to
fill in what it lacks, and one person's letter.

The sheet (Markdown from the services) is shown line for line, as it will be copied
into the authority's form: titles bold and underlined, each field's label bold with its
value indented below. Line breaks stay (an address keeps its lines), which a Markdown
renderer would join.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text

from breachkit.core.drafts.content import PROFILE_KEYS, Missing
from breachkit.core.letters.markup import Kind
from breachkit.core.organisation.authorities import Authority
from breachkit.services.drafts import DraftExport, DraftRecord, PreparedDraft
from breachkit.services.letters_check import LetterPreview
from breachkit.services.profile_texts import split_key, text_label
from breachkit.tui.facts import BY_KEY


def banner_text(draft: PreparedDraft, next_version: int, unchanged: bool = False) -> Text:
    """Two lines: complete or not (how many items are missing), the version an export
    takes (the latest one's while nothing changed); how the authority takes it."""
    a = draft.authority
    count = len(draft.missing)
    if draft.complete:
        state, what = "COMPLETE", f": everything {a.short} asks for is in the draft"
    else:
        state = "INCOMPLETE"
        what = (
            f": {count} item{'s' if count != 1 else ''} {a.short} will ask for "
            f"{'is' if count == 1 else 'are'} missing"
        )
    version = (
        f" · unchanged since version {next_version}: an export keeps v{next_version}"
        if unchanged
        else f" · next: version {next_version}"
    )
    head = Text.assemble((state, "bold"), what, version, end="")
    channel = a.channel + (f" ({a.filing})" if a.filing and a.filing not in a.channel else "")
    send = Text.assemble(("Send it: ", "bold"), channel, " · then f records the filing", end="")
    return Text("\n", end="").join([head, send])  # wraps: the channel is never cut


def sheet_text(markdown: str, warning: Style | None = None) -> Text:
    """The portal sheet, for reading on screen (``warning`` styles the INCOMPLETE notice)."""
    out = Text(end="")
    label = False
    for raw in markdown.splitlines():
        line = raw.rstrip()
        if not line:
            label = False
            continue
        if line.startswith("# "):
            out.append(line[2:] + "\n", style="bold underline")
        elif line.startswith("## "):
            out.append("\n" + line[3:] + "\n", style="bold reverse")
        elif line.startswith("**") and line.endswith("**") and len(line) > 4:
            text = line[2:-2]
            is_notice = text.isupper() or text.split(" ", 1)[0].rstrip(":").isupper()
            out.append(text + "\n", style=(warning or Style(bold=True)) if is_notice else "bold")
            label = not is_notice
        elif line.startswith("- "):
            out.append(("    • " if label else "  • ") + line[2:] + "\n")
        else:
            out.append(("    " if label else "") + line + "\n", style="" if label else "dim")
    out.rstrip()
    return out


@dataclass(frozen=True, slots=True)
class Fix:
    """How to fill in a missing item from the cockpit."""

    hint: str
    """What to do, in a few words."""
    fact: str = ""
    """Enter changes this fact (in a dialog, over the Notify tab)."""
    tab: str = ""
    """Enter shows this tab."""
    export: bool = False
    """It is given in the export dialog (x)."""
    profile: bool = False
    """Enter opens the organisation profile form (F2)."""
    profile_key: str = ""
    """The form's field Enter starts in."""


def fix_for(item: Missing) -> Fix:
    """Where in the cockpit ``item`` is filled in (the command line's way if nowhere)."""
    key = item.key
    if key == "response.measures":
        key = "response.measures_taken"
    spec = BY_KEY.get(key)
    if spec is not None:
        return Fix(f"Enter: change “{spec.label}” here (Overview fact)", fact=key)
    if key == "people_informed":
        return Fix(
            "Enter: the Risk tab, where c confirms the decision",
            tab="risk",
        )
    if key == "reasons_for_delay":
        return Fix("x: give the reasons in the export dialog", export=True)
    if key == "earlier_reference":
        return Fix(
            "Enter: the Clocks tab, where f records the initial filing and its reference",
            tab="clocks",
        )
    if key in PROFILE_KEYS:
        return Fix("Enter: the organisation profile (F2)", profile=True, profile_key=key)
    if split_key(key):  # text.fr.sector: the form's field for that language
        return Fix(
            f"Enter: the organisation profile (F2), “{text_label(key)}”",
            profile=True,
            profile_key=key,
        )
    return Fix(item.fix)


def letter_text(preview: LetterPreview) -> Text:
    """The letter for reading on screen: headings bold, list items with bullets."""
    out = Text(end="")
    out.append(f"Line {preview.line} · to {preview.to}\n\n", style="dim")
    out.append(preview.title + "\n\n", style="bold underline")
    out.append("\n".join(preview.head) + "\n\n")
    for block in preview.blocks:
        kind = block.kind
        if kind is Kind.HEADING:
            out.append(f"\n{block.text}\n", style="bold")
        elif kind is Kind.SUBHEADING:
            out.append(f"\n{block.text}\n", style="bold italic")
        elif kind is Kind.ITEM:
            out.append(f"• {block.text}\n")
        elif kind is Kind.SMALL:
            out.append(f"{block.text}\n", style="dim")
        elif kind is Kind.PARAGRAPH:
            out.append(f"{block.text}\n")
        else:  # a kept line, or a gap between kept lines
            out.append(f"{block.text}\n" if kind is Kind.LINE else "\n")
    out.append("\n" + "\n".join(preview.foot), style="dim")
    return out


def authority_options(directory: Mapping[str, Authority], lead: str) -> list[tuple[str, str]]:
    """The "To" choices: the lead authority first (marked), then the directory's order."""
    ordered = sorted(directory.values(), key=lambda a: a.id != lead)
    options = []
    for authority in ordered:
        name = "Generic (EDPB)" if authority.id == "generic" else authority.short
        options.append((f"{name} · lead" if authority.id == lead else name, authority.id))
    return options


def filing_note(latest: DraftRecord | None, authority_short: str) -> str:
    """Which exported draft a filing will be linked to, for the filing dialog."""
    if latest is None:
        return f"No draft exported for {authority_short} yet: none is linked."
    return (
        f"Sends draft version {latest.version} ({latest.format.upper()}, "
        f"{'complete' if latest.complete else 'INCOMPLETE'}, content SHA-256 "
        f"{latest.content_sha256[:16]}…): the filing is linked to it."
    )


def exported_notice(export: DraftExport, where: str) -> tuple[str, str]:
    """A draft was written: the notice's title and text."""
    record = export.record
    state = "" if record.complete else ", marked INCOMPLETE"
    if not record.unchanged:
        return (
            f"Draft version {record.version} written ({record.format.upper()}{state})",
            f"{where}\nContent SHA-256 {record.content_sha256}",
        )
    first = record.first_exported_at.astimezone(export.zone)
    return (
        f"Draft version {record.version} written again ({record.format.upper()}{state})",
        f"{where}\nContent unchanged since version {record.first_version}, first exported "
        f"{first:%d %b %H:%M}\nContent SHA-256 {record.content_sha256}",
    )
