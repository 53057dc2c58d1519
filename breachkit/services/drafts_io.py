"""The file side of drafts: language files, formats, output paths, private atomic writes;
the version an export takes and its timeline entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from breachkit.adapters import paths
from breachkit.adapters.files import STDOUT as STDOUT
from breachkit.adapters.files import free_file, is_folder, output_path
from breachkit.adapters.files import write_private as write_private
from breachkit.adapters.userdir import inside, read_inside
from breachkit.core.drafts.content import MISSING_KEYS, Phase
from breachkit.core.drafts.versions import Repeat, content_runs, latest_of, version_for
from breachkit.core.drafts.vocab import Vocabulary, parse_vocabulary
from breachkit.core.enums import EntryKind
from breachkit.core.errors import InputError, Problem
from breachkit.core.timeline.chain import EntryContent
from breachkit.core.timeline.changes import DraftExported
from breachkit.core.timeline.projection import DraftRow
from breachkit.core.times import from_storage, show, utc_iso

if TYPE_CHECKING:
    from breachkit.render.drafts.blocks import DraftContent, DraftMeta

FORMATS = ("pdf", "md", "json")


def vocabulary(language: str, user_dir: str) -> Vocabulary:
    """The language file: the user's copy if there is one, else the bundled one."""
    name = Path("language") / f"{language}.toml"
    bundled = paths.bundled("notification_templates")
    candidates = [(Path(user_dir), Path(user_dir) / name)] if user_dir else []
    candidates.append((bundled, bundled / name))
    for root, path in candidates:
        if path.is_file():
            inside(root, path)  # never a link out of the templates folder
            return _parsed_vocabulary(str(path), str(root), path.stat().st_mtime_ns)
    raise InputError(
        Problem(str(candidates[-1][1]), None, f"no language file for '{language}' drafts")
    )


@lru_cache(maxsize=32)
def _parsed_vocabulary(path: str, root: str, _mtime: int) -> Vocabulary:
    text = read_inside(Path(root), Path(path))
    return parse_vocabulary(text, path, missing_keys=MISSING_KEYS)


def phase_of(value: str) -> Phase:
    try:
        return Phase(value)
    except ValueError:
        raise InputError(
            Problem("draft", "phase", f"'{value}' is not initial | complementary")
        ) from None


def format_for(fmt: str | None, output: Path | str) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise InputError(Problem("draft", "format", f"'{fmt}' is not {' | '.join(FORMATS)}"))
        return fmt
    suffix = "" if is_folder(output) else Path(str(output)).suffix.lower().lstrip(".")
    return {"pdf": "pdf", "md": "md", "markdown": "md", "txt": "md", "json": "json"}.get(
        suffix, "md" if str(output) == STDOUT else "pdf"
    )


def render(
    content: DraftContent, organisation: str, meta: DraftMeta, fmt: str, chain_head: str = ""
) -> bytes:
    """The draft as bytes; a PDF's footer carries ``chain_head`` (the timeline it was made
    from, :meth:`breachkit.services.record.RecordServices.chain_footer`)."""
    # reportlab is imported when a PDF is made, so the CLI and the TUI start without it.
    from breachkit.render.drafts.pdf import render_draft_pdf

    if fmt == "pdf":
        return render_draft_pdf(content, meta, organisation, chain_head=chain_head)
    if fmt == "json":
        from breachkit.render.drafts.blocks import to_json_document

        return to_json_document(content, meta).encode("utf-8")
    from breachkit.render.drafts.blocks import to_markdown

    return to_markdown(content, meta).encode("utf-8")


def target_path(
    output: Path | str, incident_id: str, authority: str, language: str, version: int, fmt: str
) -> Path | None:
    """None for ``-``; a chosen name in a folder (``-o DIR/`` or an existing folder), never
    one already taken (``-v1-2.pdf`` for the same version again: the file first written,
    perhaps sent, stays as it was); else the file itself, whose folder must exist."""
    name = f"{incident_id}-{authority}-{language}-v{version}.{fmt}"
    path = output_path(output, name, make_parents=False)
    if path is None or not is_folder(str(output)):
        return path
    return free_file(path)


def entry_text(
    content: DraftContent,
    version: int,
    fmt: str,
    name: str,
    sha: str,
    *,
    unchanged_since: tuple[int, str] | None = None,
) -> str:
    """The timeline entry of an export: what, which version, where, both hashes; and, when
    the content is that of the latest version, since which version (and when first
    exported) it is unchanged."""
    draft = content.draft
    state = "complete" if draft.complete else "INCOMPLETE"
    text = (
        f"Notification draft for {content.authority.short} exported: version {version}, "
        f"{draft.language}, {draft.phase.value}, {fmt.upper()}, {state}, to {name}\n"
    )
    if unchanged_since is not None:
        first, when = unchanged_since
        text += (
            f"Content unchanged since version {first} (first exported {when}): "
            "the same draft, written again\n"
        )
    text += f"Content SHA-256 {content.sha256}\nFile SHA-256 {sha}"
    if draft.missing:
        text += "\nMissing: " + ", ".join(m.key for m in draft.missing)
    return text


@dataclass(frozen=True, slots=True)
class Exported:
    """What one export wrote: the version, the file, and (content unchanged) where the
    content was first exported."""

    version: int
    format: str
    name: str
    file_sha256: str
    since: Repeat | None


def version_of(rows: list[DraftRow], content_sha256: str) -> tuple[int, Repeat | None]:
    """The version this export takes among the authority's ``rows``; the content's first
    export when it is that of the latest version (nothing changed), else None."""
    latest = latest_of(rows)
    version, unchanged = version_for(latest, content_sha256)
    if not unchanged or latest is None:
        return version, None
    first = content_runs(rows)[latest.entry_seq]
    return version, Repeat(first.version, first.first_at, True)


def export_entry(
    content: DraftContent, exported: Exported, now: datetime, actor: str, zone: tzinfo
) -> EntryContent:
    """The timeline entry of an exported draft, carrying its ``draft.exported`` record."""
    draft = content.draft
    change = DraftExported(
        authority=draft.authority,
        language=draft.language,
        phase=draft.phase.value,
        version=exported.version,
        format=exported.format,
        filename=exported.name,
        content_sha256=content.sha256,
        file_sha256=exported.file_sha256,
        complete=draft.complete,
        missing=tuple(m.key for m in draft.missing),
    )
    since = exported.since
    return EntryContent(
        kind=EntryKind.DOCUMENT,
        text=entry_text(
            content,
            exported.version,
            exported.format,
            exported.name,
            exported.file_sha256,
            unchanged_since=(
                (since.version, show(from_storage(since.first_at), zone)) if since else None
            ),
        ),
        occurred_at=utc_iso(now),
        recorded_at=utc_iso(now),
        actor=actor,
        links=change.links(),
    )
