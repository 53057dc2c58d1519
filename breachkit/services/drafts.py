"""Use-cases on notification drafts: prepare one, export it, list what was exported.

A draft is assembled in the core from the incident's facts, the organisation profile,
the latest risk decision and the filings so far (:mod:`breachkit.core.drafts.content`), placed
in the authority's form order by its template and rendered as PDF, Markdown or JSON
(:mod:`breachkit.render.drafts.blocks`). Versions count changes of content, per incident
and authority (:mod:`breachkit.core.drafts.versions`): exporting the latest version's
content again, in any format, keeps its number. Every export is written 0600 and
atomically, and is recorded on the timeline as its own entry with the SHA-256 of its
content and of the file.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from breachkit.adapters import paths
from breachkit.core.drafts.content import (
    AUTHORITY_CLOCK,
    CrossBorder,
    DecisionInfo,
    DraftRequest,
    Missing,
    PriorFiling,
    assemble,
    choose_language,
    cross_border,
    default_phase,
)
from breachkit.core.drafts.versions import Repeat, content_runs
from breachkit.core.errors import CheckFailed, InputError, Problem
from breachkit.core.organisation.authorities import Authority
from breachkit.core.organisation.profile import Organisation
from breachkit.core.risk.engine import assess
from breachkit.core.timeline.projection import DraftRow
from breachkit.core.times import from_storage
from breachkit.services.base import Part, reads_once
from breachkit.services.drafts_io import (
    FORMATS,
    STDOUT,
    Exported,
    export_entry,
    format_for,
    phase_of,
    render,
    target_path,
    version_of,
    vocabulary,
    write_private,
)
from breachkit.services.record import chain_footer
from breachkit.services.views import IncidentView

__all__ = ["FORMATS", "DraftExport", "DraftIncomplete", "DraftRecord", "DraftServices"]

if TYPE_CHECKING:
    from breachkit.render.drafts.blocks import DraftContent


class DraftIncomplete(CheckFailed):
    """The authority will ask for things the draft cannot say yet (exit code 1)."""

    def __init__(self, authority: Authority, missing: tuple[Missing, ...]) -> None:
        self.missing = missing
        lines = [f"the draft for {authority.short} is not complete; the authority will ask for:"]
        for item in missing:
            lines.append(f"  - {item.key}: {item.why}")
            lines.append(f"      {item.fix}")
        lines.append(
            "Nothing was written. Fill these in, or export with --allow-incomplete "
            "(the draft is then marked incomplete on every page)."
        )
        super().__init__("\n".join(lines))


@dataclass(frozen=True, slots=True)
class PreparedDraft:
    """A draft ready to render: its content, and what the DPO should know about it."""

    content: DraftContent
    authority: Authority
    lead: CrossBorder
    organisation: Organisation
    organisation_source: str
    """``profile`` (the current organisation profile) or ``incident`` (its snapshot)."""

    @property
    def missing(self) -> tuple[Missing, ...]:
        return self.content.draft.missing

    @property
    def complete(self) -> bool:
        return self.content.draft.complete

    @property
    def sha256(self) -> str:
        return self.content.sha256


@dataclass(frozen=True, slots=True)
class DraftRecord:
    """One export of a draft, as recorded (``drafts`` table and its timeline entry)."""

    id: int
    incident_id: str
    authority: str
    language: str
    phase: str
    version: int
    format: str
    file_sha256: str
    content_sha256: str
    filename: str
    complete: bool
    generated_at: datetime
    actor: str
    entry_seq: int
    unchanged: bool
    """The content is that of the export before it (for this authority): nothing changed."""
    first_version: int
    """The version that first carried this content (``version``, except in databases
    made when every export took a version of its own)."""
    first_exported_at: datetime
    """When this content was first exported."""


@dataclass(frozen=True, slots=True)
class DraftExport:
    prepared: PreparedDraft
    record: DraftRecord
    path: Path | None
    """Where the file was written; None for ``-`` (the caller prints ``data``)."""
    data: bytes
    zone: tzinfo
    """The incident's time zone (times are shown in it)."""


class DraftServices(Part):
    """Notification drafts to the supervisory authorities, in their language and order."""

    # -- what a draft is made of ----------------------------------------------------

    def draft_authority(self, authority: str | None, org: Organisation | None) -> Authority:
        """The authority named, else the profile's lead authority."""
        key = (authority or (org.lead_authority if org else "") or "").strip().lower()
        if not key:
            raise InputError(
                Problem(
                    "draft",
                    "authority",
                    "no lead authority in the organisation profile: name one with --authority "
                    f"({' | '.join(self.authorities)})",
                )
            )
        if key not in self.authorities:
            raise InputError(
                Problem(
                    "draft",
                    "authority",
                    f"'{key}' is not in the authority directory "
                    f"(allowed: {' | '.join(self.authorities)})",
                )
            )
        return self.authorities[key]

    def draft_organisation(self, view: IncidentView) -> tuple[Organisation, str]:
        """The current profile when it is the incident's organisation, else the snapshot.

        A DPO who fills in a missing registration number after a first attempt expects
        the next draft to carry it; a profile for another organisation never leaks in.
        """
        return self.incident_organisation(view.organisation)

    @reads_once
    def lead_authority(self, incident_id: str) -> CrossBorder:
        """Main establishment, lead authority (Art. 56) and where the people live."""
        view = self.services.incident(incident_id)
        org, _ = self.draft_organisation(view)
        return cross_border(org, view.facts)

    @reads_once
    def prior_filings(self, incident_id: str) -> tuple[PriorFiling, ...]:
        return tuple(
            PriorFiling(
                f.authority, f.clock_id, from_storage(f.filed_at), f.reference, f.reasons_for_delay
            )
            for f in self.store.filings.by_time(incident_id)
        )

    @reads_once
    def prepare_draft(
        self,
        incident_id: str,
        *,
        authority: str | None = None,
        language: str | None = None,
        phase: str | None = None,
        reasons_for_delay: str = "",
        templates_dir: Path | None = None,
    ) -> PreparedDraft:
        """Assemble and lay out a draft without writing anything (previews, the TUI)."""
        view = self.services.incident(incident_id)
        org, source = self.draft_organisation(view)
        target = self.draft_authority(authority, org)
        lang = choose_language(target, org.languages, language)
        filings = self.prior_filings(view.id)
        chosen_phase = phase_of(phase) if phase else default_phase(target.id, filings)
        latest = self.services.latest_decision(view.id)
        deadline = next(
            (c.due for c in self.services.clocks(view.id) if c.id == AUTHORITY_CLOCK), None
        )
        request = DraftRequest(
            incident_id=view.id,
            facts=view.facts,
            organisation=org,
            authority=target,
            language=lang,
            phase=chosen_phase,
            now=self.clock.now(),
            directory=self.authorities,
            decision=DecisionInfo(latest.risk, latest.outcome, latest.at) if latest else None,
            exemptions=assess(view.facts).exemptions,
            filings=filings,
            deadline=deadline,
            reasons_for_delay=reasons_for_delay,
        )
        user_dir = self._templates_dir(templates_dir)
        vocab = vocabulary(lang, str(user_dir) if user_dir else "")
        locale = target.locale_for(lang)
        from breachkit.render.drafts.blocks import (  # Jinja2 and Babel only when drafting
            DraftContent,
            DraftFormatter,
            draft_environment,
            render_blocks,
        )

        draft = assemble(request, vocab, DraftFormatter(locale, view.facts.timezone, vocab))
        blocks = render_blocks(draft_environment(user_dir), draft, target, vocab)
        content = DraftContent(draft, target, locale, blocks, vocab)
        return PreparedDraft(content, target, cross_border(org, view.facts), org, source)

    def preview_draft(self, incident_id: str, **options: Any) -> str:
        """The portal sheet (Markdown) as the next export would number it, recording nothing."""
        prepared = self.prepare_draft(incident_id, **options)
        from breachkit.render.drafts.blocks import DraftMeta, to_markdown

        view = self.services.incident(incident_id)
        rows = self.store.drafts.for_authority(view.id, prepared.authority.id)
        version, _ = version_of(rows, prepared.sha256)  # as export_draft numbers it
        meta = DraftMeta(version, self.clock.now(), view.facts.timezone)
        return to_markdown(prepared.content, meta)

    # -- export ---------------------------------------------------------------------

    def export_draft(
        self,
        incident_id: str,
        output: Path | str,
        *,
        fmt: str | None = None,
        authority: str | None = None,
        language: str | None = None,
        phase: str | None = None,
        reasons_for_delay: str = "",
        allow_incomplete: bool = False,
        templates_dir: Path | None = None,
        actor: str | None = None,
    ) -> DraftExport:
        """Write the draft (0600, atomically) and record it; incomplete: DraftIncomplete.

        ``output`` is a file, an existing folder (a name is chosen) or ``-``: nothing is
        written and the caller prints ``data`` (Markdown or JSON only).
        """
        fmt = format_for(fmt, output)
        if str(output) == STDOUT and fmt == "pdf":
            raise InputError(Problem("draft", "o", "a PDF cannot go to standard output"))
        now = self.clock.now()
        actor = actor or self.actor
        with self.store.transaction() as tx:  # the draft says what the record says, as written
            prepared = self.prepare_draft(
                incident_id,
                authority=authority,
                language=language,
                phase=phase,
                reasons_for_delay=reasons_for_delay,
                templates_dir=templates_dir,
            )
            if not prepared.complete and not allow_incomplete:
                raise DraftIncomplete(prepared.authority, prepared.missing)
            draft = prepared.content.draft
            view = self.services.incident_part.view_of(tx.incidents.get(incident_id))
            version, since = version_of(
                tx.drafts.for_authority(view.id, draft.authority), prepared.sha256
            )
            from breachkit.render.drafts.blocks import DraftMeta

            meta = DraftMeta(version, now, view.facts.timezone)
            head = chain_footer(tx, view.id)  # under the lock: the head it is made from
            data = render(prepared.content, prepared.organisation.name, meta, fmt, head)
            path = target_path(output, view.id, draft.authority, draft.language, version, fmt)
            file_sha = hashlib.sha256(data).hexdigest()
            name = str(path) if path else STDOUT
            exported = Exported(version, fmt, name, file_sha, since)
            entry = tx.record(
                view.id, export_entry(prepared.content, exported, now, actor, view.zone)
            )
            stored = tx.drafts.latest(view.id, draft.authority, version)
            if path is not None:
                write_private(path, data)
        assert stored is not None and stored.entry_seq == entry.seq
        repeat = since or Repeat(version, stored.generated_at, False)
        return DraftExport(prepared, _record(view.id, stored, repeat), path, data, view.zone)

    def drafts(self, incident_id: str, authority: str | None = None) -> list[DraftRecord]:
        """Every exported draft of the incident (or for one authority), oldest first."""
        view = self.services.incident(incident_id)
        if authority:
            rows = self.store.drafts.for_authority(view.id, authority.strip().lower())
        else:
            rows = self.store.drafts.rows(view.id)
        runs = content_runs(rows)
        return [_record(view.id, r, runs[r.entry_seq]) for r in rows]

    # -- helpers --------------------------------------------------------------------

    @staticmethod
    def _templates_dir(explicit: Path | None) -> Path | None:
        """``--templates`` (or BREACHKIT_TEMPLATES), else ``templates`` in the config folder."""
        if explicit is not None:
            return explicit
        env = os.environ.get("BREACHKIT_TEMPLATES")
        if env:
            return Path(env)
        default = platformdirs.user_config_path(paths.APP) / "templates"
        return default if default.is_dir() else None


def _record(incident_id: str, row: DraftRow, repeat: Repeat) -> DraftRecord:
    return DraftRecord(
        row.id or 0,
        incident_id,
        row.authority,
        row.language,
        row.phase,
        row.version,
        row.format,
        row.sha256,
        row.content_sha256,
        row.filename,
        row.complete,
        from_storage(row.generated_at),
        row.actor,
        row.entry_seq,
        repeat.unchanged,
        repeat.version,
        from_storage(repeat.first_at),
    )
