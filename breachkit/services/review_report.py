"""The after-action report: assembled from the store (facts, timeline, filings,
decisions, playbook progress, drafts, letter batches, review items), computed by
:mod:`breachkit.core.review` and drawn by the renderers. The file holds personal data:
mode 0600, written atomically, its export on the timeline with its SHA-256.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from breachkit.adapters.files import STDOUT, output_path, staged
from breachkit.core.drafts.versions import content_runs
from breachkit.core.enums import EntryKind
from breachkit.core.errors import InputError, Problem
from breachkit.core.review.model import (
    DraftLine,
    EvidenceLine,
    FactChangeLine,
    Line,
    ReportData,
    StepLine,
    TimelineLine,
    content_hash,
)
from breachkit.core.review.redact import redact
from breachkit.core.review.register import (
    DecisionRecord,
    fact_lines,
    people_informed,
)
from breachkit.core.review.summary import (
    FilingRecord,
    LetterBatch,
    compute_metrics,
)
from breachkit.core.risk.engine import assess
from breachkit.core.timeline.chain import EntryContent, TimelineEntry
from breachkit.core.timeline.changes import (
    DocumentExported,
)
from breachkit.core.timeline.projection import DecisionRow, LetterBatchRow
from breachkit.core.times import from_storage, utc_iso
from breachkit.services.base import Part, reads_once
from breachkit.services.controllers import told_record
from breachkit.services.record import chain_footer
from breachkit.services.results import ExportResult
from breachkit.services.views import IncidentView

if TYPE_CHECKING:
    from breachkit.core.playbooks import PlaybookView
    from breachkit.core.timeline.projection import EvidenceRow, FactChange

RECIPIENT_NAMES = {"controller": "the controller", "csirt": "CSIRT"}
REPORT_DOCUMENT = "after-action-report"


class ReportServices(Part):
    """What was decided and sent, and the after-action report."""

    # -- what was decided and sent -----------------------------------------------------------

    def decision_records(self, incident_id: str) -> list[DecisionRecord]:
        """Every recorded risk decision with the engine's reasons at the time, oldest first."""
        return [_decision_record(r) for r in self.store.decisions.rows(incident_id)]

    def filing_records(self, incident_id: str) -> list[FilingRecord]:
        out = []
        for f in self.store.filings.by_time(incident_id):
            known = self.authorities.get(f.authority)
            out.append(
                FilingRecord(
                    clock_id=f.clock_id,
                    recipient=f.authority,
                    recipient_name=_recipient(f.authority, known.short if known else None),
                    at=from_storage(f.filed_at),
                    reference=f.reference,
                    reasons_for_delay=f.reasons_for_delay,
                    actor=f.actor,
                    seq=f.entry_seq,
                )
            )
        return out

    def drafts_generated(self, incident_id: str) -> list[DraftLine]:
        """Notification drafts generated (issue 7's ``drafts`` table)."""
        rows = sorted(
            self.store.drafts.rows(incident_id), key=lambda d: (d.generated_at, d.entry_seq)
        )
        runs = content_runs(rows)
        return [
            DraftLine(
                authority=d.authority,
                language=d.language,
                phase=d.phase,
                version=d.version,
                format=d.format,
                sha256=d.sha256,
                filename=PurePath(d.filename).name,
                complete=d.complete,
                generated_at=from_storage(d.generated_at),
                actor=d.actor,
                seq=d.entry_seq,
                unchanged_since=(
                    runs[d.entry_seq].version if runs[d.entry_seq].unchanged else None
                ),
            )
            for d in rows
        ]

    def letters_sent(self, incident_id: str) -> list[LetterBatch]:
        """Letter batches sent (the ``letter_batches`` table, oldest first), with the
        people each told as its finishing entry recorded them (issue 14)."""
        rows = self.store.letter_batches.rows(incident_id)
        emailed = self.store.letter_sends.emailed(incident_id)
        batches = [
            _batch(b, emailed.get(b.start_seq))
            for b in sorted(rows, key=lambda b: (b.started_at, b.start_seq))
        ]
        return _with_sends(batches, self.store.letter_sends.people_told(incident_id))

    # -- the after-action report --------------------------------------------------------------

    @reads_once
    def report_data(
        self, incident_id: str, *, redacted: bool = False, extra_names: Iterable[str] = ()
    ) -> ReportData:
        """Everything the after-action report shows, as of now (redacted when asked)."""
        view = self.services.incident(incident_id)
        now = self.clock.now()
        facts = view.facts
        playbook = self.services.playbook_status(view.id)
        contained = self.services.review_part.containment_with(view.id, playbook)
        decisions = self.decision_records(view.id)
        letters = self.letters_sent(view.id)
        recommended = assess(facts)
        metrics = compute_metrics(
            facts,
            contained,
            self.filing_records(view.id),
            self.services.clocks(view.id),
            now,
            letters,
        )
        verify = self.services.verify(view.id)[0]
        org = view.organisation
        lead = org.lead_authority if org else ""
        told, told_lines = told_record(self.store, view, now)
        data = ReportData(
            incident_id=view.id,
            title=facts.title,
            status=view.status,
            organisation=org.name if org else "",
            lead_authority=self.authorities[lead].short if lead in self.authorities else lead,
            timezone=facts.timezone,
            generated_at=now,
            generated_by=self.actor,
            redacted=redacted,
            summary=facts.summary,
            occurred_at=facts.occurred_at,
            detected_at=facts.detected_at,
            aware_at=facts.aware_at,
            contained=contained,
            facts=tuple(Line(k, v) for k, v in fact_lines(facts)),
            fact_changes=_fact_changes(self.services.fact_history(view.id)),
            decisions=tuple(decisions),
            recommendation=(recommended.risk.value, recommended.outcome.value),
            metrics=metrics,
            people_informed=people_informed(facts, decisions[-1] if decisions else None, letters),
            playbook=f"{playbook.playbook.title} ({playbook.playbook.id})",
            steps=_steps(playbook),
            drafts=tuple(self.drafts_generated(view.id)),
            letters=tuple(letters),
            review_items=tuple(self.services.review_items(view.id)),
            evidence=_evidence(self.services.evidence_list(view.id)),
            timeline=tuple(_line(e) for e in self.store.timeline.entries(view.id, view.uid)),
            chain_ok=verify.ok,
            chain_problem=_chain_problem(verify),
            head_hash=self._head_hash(view.id),
            controllers_told=told,
            controllers=told_lines,
        )
        if not redacted:
            return data
        return redact(data, contacts=_contacts(view), extra_names=tuple(extra_names))

    def _head_hash(self, incident_id: str) -> str:
        return self.store.incidents.head(incident_id)[1] or ""

    def export_report(
        self,
        incident_id: str,
        output: Path | str,
        *,
        redacted: bool = False,
        extra_names: Iterable[str] = (),
    ) -> ExportResult:
        """Write the after-action report PDF (0600, atomic) and record it on the timeline.

        ``output`` is the file, or a folder (``DIR/``) where a name is chosen."""
        if str(output) == STDOUT:
            raise InputError(Problem("report", "o", "a PDF cannot go to standard output"))
        with self.store.snapshot() as repos:  # the report and its chain head: one moment
            data = self.report_data(incident_id, redacted=redacted, extra_names=extra_names)
            head = chain_footer(repos, data.incident_id)
        name = f"{data.incident_id}-report{'-redacted' if redacted else ''}.pdf"
        target = output_path(output, name)
        assert target is not None
        digest = content_hash(data)
        from breachkit.render.review.report import render_report  # reportlab only when needed

        rendered = render_report(data, digest, chain_head=head)
        file_sha = hashlib.sha256(rendered.pdf).hexdigest()
        edition = "redacted" if redacted else "full, with personal data"
        text = (
            f"After-action report exported ({edition}): {target.name}, {rendered.pages} pages, "
            f"SHA-256 {file_sha}, content SHA-256 {digest}"
        )
        links = DocumentExported(
            REPORT_DOCUMENT,
            target.name,
            file_sha,
            digest,
            {"pages": rendered.pages, "redacted": redacted},
        ).links()
        now = self.clock.now()
        with staged(target, rendered.pdf) as commit, self.store.transaction() as tx:
            entry = tx.record(
                data.incident_id,
                EntryContent(
                    EntryKind.DOCUMENT, text, utc_iso(now), utc_iso(now), self.actor, links
                ),
            )
            commit()
        return ExportResult(
            target,
            file_sha,
            len(rendered.pdf),
            digest,
            rendered.pages,
            ((data.incident_id, entry.seq),),
        )


def _decision_record(r: DecisionRow) -> DecisionRecord:
    return DecisionRecord(
        seq=r.entry_seq,
        at=from_storage(r.at),
        actor=r.actor,
        personal_data_breach=r.personal_data_breach,
        risk=r.risk,
        outcome=r.outcome,
        recommended_risk=r.recommended_risk,
        recommended_outcome=r.recommended_outcome,
        override=r.override,
        justification=r.justification,
        reasons=r.reasons,
        exemptions=r.exemptions,
    )


def _with_sends(batches: list[LetterBatch], sends: list[tuple[str, int]]) -> list[LetterBatch]:
    """E-mails sent after the last batch finished tell more people (issue 17): the last
    counted batch carries the count of the last send run recorded after it."""
    counted = [i for i, b in enumerate(batches) if b.people_told is not None and b.finished_at]
    if not counted or not sends:
        return batches
    last = counted[-1]
    finished = batches[last].finished_at
    later = [told for at, told in sends if finished is None or from_storage(at) >= finished]
    if later:
        batches[last] = replace(batches[last], people_told=later[-1])
    return batches


def _batch(b: LetterBatchRow, emailed: int | None = None) -> LetterBatch:
    """``emailed``: people its e-mails reached (sent, not bounced), once it was sent."""
    channels = channels_text(b.people_by_channel)
    if b.people_by_channel.get("email"):
        sent = f"e-mail sent {emailed:,}" if emailed is not None else "e-mail not sent yet"
        channels = f"{channels}, {sent}" if channels else sent
    return LetterBatch(
        started_at=from_storage(b.started_at),
        finished_at=from_storage(b.finished_at) if b.finished_at else None,
        letters=b.letters,
        bad_rows=b.bad_rows,
        format=b.format,
        manifest_sha256=b.manifest_sha256 or "",
        subjects_file=PurePath(b.subjects_file).name,
        actor=b.actor,
        seq=b.entry_seq,
        people=b.people,
        people_told=b.people_told,
        channels=channels,
    )


_CHANNEL_NAMES = {"post": "post", "email": "e-mail", "pdf": "PDF"}


def channels_text(by_channel: dict[str, int]) -> str:
    """``post 1,240, e-mail 12`` (channels that told nobody are left out)."""
    return ", ".join(f"{_CHANNEL_NAMES.get(c, c)} {n:,}" for c, n in by_channel.items() if n)


def _recipient(authority: str, short: str | None) -> str:
    return short or RECIPIENT_NAMES.get(authority, authority)


def _line(entry: TimelineEntry) -> TimelineLine:
    c = entry.content
    return TimelineLine(
        entry.seq,
        c.kind,
        from_storage(c.occurred_at),
        from_storage(c.recorded_at),
        c.actor,
        c.text,
        c.corrects,
    )


def _value(value: Any) -> str:
    if value is None:
        return "not stated"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    return str(value)


def _chain_problem(report: Any) -> str:
    parts = []
    if report.chain_break is not None:
        parts.append(report.chain_break.problem)
    parts.extend(str(p) for p in report.evidence_problems)
    return "; ".join(parts)


def _contacts(view: IncidentView) -> list[tuple[str, str]]:
    """The organisation's named people: the DPO and the legal representative."""
    org = view.organisation
    if org is None:
        return []
    return [("DPO", org.dpo.name), ("Representative", org.representative.name)]


@contextlib.contextmanager
def staged_or_not(target: Path | None, content: bytes) -> Iterator[Callable[[], None]]:
    """:func:`staged` for a file; nothing to put in place for standard output."""
    if target is None:
        yield lambda: None
        return
    with staged(target, content) as commit:
        yield commit


def _fact_changes(history: Iterable[FactChange]) -> tuple[FactChangeLine, ...]:
    return tuple(
        FactChangeLine(
            c.entry_seq,
            from_storage(c.changed_at),
            c.actor,
            c.key,
            _value(c.old_value),
            _value(c.new_value),
        )
        for c in history
    )


def _steps(playbook: PlaybookView) -> tuple[StepLine, ...]:
    return tuple(
        StepLine(
            s.step.phase,
            s.step.id,
            s.step.title,
            s.status.value if s.applicable else "not_applicable",
            s.note,
            s.actor,
            s.at,
        )
        for s in playbook.steps
    )


def _evidence(files: Iterable[EvidenceRow]) -> tuple[EvidenceLine, ...]:
    return tuple(
        EvidenceLine(
            e.entry_seq, e.filename, e.sha256, e.size, from_storage(e.added_at), e.added_by
        )
        for e in files
    )
