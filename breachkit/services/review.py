"""Use-cases after the incident: containment, lessons and actions, the report, the register.

The after-action report and the Art. 33(5) breach register are assembled here from the
store (facts, timeline, filings, decisions, playbook progress, drafts, letter batches,
review items), computed by :mod:`breachkit.core.review` and drawn by the renderers.
Every file written holds personal data: mode 0600, written atomically, and each export
lands on the timeline with the file's SHA-256.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import Any

from breachkit.adapters.files import STDOUT, is_folder, output_path, staged
from breachkit.core.enums import EntryKind
from breachkit.core.errors import InputError, NotFoundError, Problem
from breachkit.core.playbooks import PlaybookView, phase_progress
from breachkit.core.review.items import (
    ItemKind,
    ItemStatus,
    ReviewItem,
    check_new_item,
    check_transition,
    parse_due,
)
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
    REGISTER_FORMATS,
    DecisionRecord,
    RegisterRow,
    broken_register_row,
    fact_lines,
    people_informed,
    register_row,
)
from breachkit.core.review.summary import (
    CONTAIN_PHASE,
    CONTAINED,
    Containment,
    FilingRecord,
    LetterBatch,
    compute_metrics,
    containment,
)
from breachkit.core.risk.engine import assess, recommend
from breachkit.core.text import require_line, require_text
from breachkit.core.timeline.chain import EntryContent, TimelineEntry
from breachkit.core.timeline.changes import (
    DocumentExported,
    MilestoneReached,
    ReviewAdded,
    ReviewClosed,
)
from breachkit.core.timeline.projection import DecisionRow, LetterBatchRow, ReviewItemRow
from breachkit.core.times import from_storage, utc_iso
from breachkit.services.broken import BROKEN_RECORD, broken_reason
from breachkit.services.controllers import told_record
from breachkit.services.playbooks import PlaybookServices
from breachkit.services.record import chain_footer, register_chain_head
from breachkit.services.views import IncidentView

RECIPIENT_NAMES = {"controller": "the controller", "csirt": "CSIRT"}
REPORT_DOCUMENT = "after-action-report"
REGISTER_DOCUMENT = "breach-register"


@dataclass(frozen=True, slots=True)
class ExportResult:
    """A file written: where, its SHA-256, and the timeline entry (or entries) recording it."""

    path: Path
    """``-`` when the document went to standard output (``-o -``): see ``data``."""
    sha256: str
    size: int
    content_sha256: str = ""
    pages: int = 0
    entries: tuple[tuple[str, int], ...] = ()
    """(incident id, seq) of the timeline entries that record the export."""
    data: bytes = b""
    """The document, when it goes to standard output."""


class ReviewServices(PlaybookServices):
    # -- containment -----------------------------------------------------------------------

    def mark_contained(
        self,
        incident_id: str,
        *,
        at: str | datetime | None = None,
        note: str = "",
        actor: str | None = None,
    ) -> TimelineEntry:
        """Record that the breach was contained at ``at`` (default: now)."""
        text = "Breach contained" + (f": {note.strip()}" if note.strip() else "")
        return self._log(
            incident_id,
            text,
            kind=EntryKind.ACTION,
            at=at,
            actor=actor,
            links=MilestoneReached(CONTAINED, note.strip()).links(),
        )

    def containment(self, incident_id: str) -> Containment | None:
        """When the breach was contained, and how that is known (core.review rules)."""
        view = self.incident(incident_id)
        return self._containment(view.id, self.playbook_status(view.id))

    def _containment(
        self, incident_id: str, playbook: PlaybookView | None = None
    ) -> Containment | None:
        marks = [
            (m.entry_seq, from_storage(m.at))
            for m in self.store.milestones.of(incident_id, CONTAINED)
        ]
        if playbook is None:  # the contain phase alone, where it can tell (issue 19: registers)
            if marks or not self.store.steps.any_marked(incident_id):
                return containment(marks, ())
            view = self.incident(incident_id)
            chosen = self.incident_playbook(view.id)
            progress = self._progress(view.id, chosen.id)
            document, regimes = view.facts.to_document(), self._regimes(view)
            steps = phase_progress(chosen, document, progress, CONTAIN_PHASE, regimes)
            return containment([], steps)
        steps = [
            (s.status.value, s.at)
            for s in playbook.steps
            if s.step.phase == CONTAIN_PHASE and s.applicable
        ]
        return containment(marks, steps)

    # -- lessons learned and action items --------------------------------------------------

    def review_items(self, incident_id: str) -> list[ReviewItem]:
        """Lessons and actions, numbered 1, 2, ... in the order they were added."""
        view = self.incident(incident_id)
        return [_item(n, r) for n, r in enumerate(self.store.review_items.rows(view.id), start=1)]

    def add_review_item(
        self,
        incident_id: str,
        kind: str,
        text: str,
        *,
        owner: str = "",
        due: str | date | None = None,
        actor: str | None = None,
    ) -> ReviewItem:
        """Record a lesson learned, or an action item (which needs an owner and a due date)."""
        view = self.incident(incident_id)
        due_text = due.isoformat() if isinstance(due, date) else due
        check_new_item(kind, text, owner, due_text)
        require_line(owner, "review", "owner")
        require_text(text, "review", "text")
        text, owner = text.strip(), owner.strip()
        due_date = parse_due(due_text) if due_text else None
        now = self.clock.now()
        actor = actor or self.actor
        if kind == ItemKind.LESSON:
            entry_kind, line = EntryKind.NOTE, f"Lesson learned: {text}"
        else:
            entry_kind = EntryKind.DECISION
            line = f"Action item: {text} (owner {owner}, due {due_date})"
        change = ReviewAdded(kind, text, owner, due_date.isoformat() if due_date else None)
        with self.store.transaction() as tx:
            entry = tx.record(
                view.id,
                EntryContent(entry_kind, line, utc_iso(now), utc_iso(now), actor, change.links()),
            )
        return next(i for i in self.review_items(view.id) if i.entry_seq == entry.seq)

    def close_review_item(
        self,
        incident_id: str,
        number: int,
        status: str,
        *,
        note: str = "",
        actor: str | None = None,
    ) -> ReviewItem:
        """Mark action item ``number`` done, or drop an item (with the reason in ``note``)."""
        with self.store.transaction():  # the item as it stands when it is closed
            view = self.incident(incident_id)
            items = self.review_items(view.id)
            if not 1 <= number <= len(items):
                raise NotFoundError(
                    f"{view.id} has no review item {number}"
                    + (f" (items 1..{len(items)})" if items else " (none yet)")
                )
            item = items[number - 1]
            target = check_transition(item, status, note)
            self._close_item(view.id, number, item, target, note.strip(), actor or self.actor)
        return self.review_items(view.id)[number - 1]

    def _close_item(
        self,
        incident_id: str,
        number: int,
        item: ReviewItem,
        target: ItemStatus,
        note: str,
        actor: str,
    ) -> None:
        now = self.clock.now()
        what = "Action item" if item.kind is ItemKind.ACTION else "Lesson"
        if target is ItemStatus.DONE:
            kind, line = EntryKind.ACTION, f"{what} {number} done: {item.text}"
            if note:
                line += f"\n{note}"
        else:
            kind = EntryKind.DECISION
            line = f"{what} {number} dropped: {item.text}\nReason: {note}"
        change = ReviewClosed(item.entry_seq, target.value, note)
        with self.store.transaction() as tx:
            tx.record(
                incident_id,
                EntryContent(kind, line, utc_iso(now), utc_iso(now), actor, change.links()),
            )

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

    def report_data(
        self, incident_id: str, *, redacted: bool = False, extra_names: Iterable[str] = ()
    ) -> ReportData:
        """Everything the after-action report shows, as of now (redacted when asked)."""
        view = self.incident(incident_id)
        now = self.clock.now()
        facts = view.facts
        playbook = self.playbook_status(view.id)
        contained = self._containment(view.id, playbook)
        decisions = self.decision_records(view.id)
        letters = self.letters_sent(view.id)
        recommended = assess(facts)
        metrics = compute_metrics(
            facts, contained, self.filing_records(view.id), self.clocks(view.id), now, letters
        )
        verify = self.verify(view.id)[0]
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
            fact_changes=tuple(
                FactChangeLine(
                    c.entry_seq,
                    from_storage(c.changed_at),
                    c.actor,
                    c.key,
                    _value(c.old_value),
                    _value(c.new_value),
                )
                for c in self.fact_history(view.id)
            ),
            decisions=tuple(decisions),
            recommendation=(recommended.risk.value, recommended.outcome.value),
            metrics=metrics,
            people_informed=people_informed(facts, decisions[-1] if decisions else None, letters),
            playbook=f"{playbook.playbook.title} ({playbook.playbook.id})",
            steps=tuple(
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
            ),
            drafts=tuple(self.drafts_generated(view.id)),
            letters=tuple(letters),
            review_items=tuple(self.review_items(view.id)),
            evidence=tuple(
                EvidenceLine(
                    e.entry_seq,
                    e.filename,
                    e.sha256,
                    e.size,
                    from_storage(e.added_at),
                    e.added_by,
                )
                for e in self.evidence_list(view.id)
            ),
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

    # -- the breach register (Art. 33(5)) ------------------------------------------------------

    def register_rows(self) -> list[RegisterRow]:
        """One row per incident, notified or not, in the order they were opened; an
        incident whose record cannot be read is a row that says so."""
        return self._register()[0]

    def _register(self) -> tuple[list[RegisterRow], set[str]]:
        """The rows, and the ids of the incidents listed as broken."""
        with self.views_read_once():
            return self._register_read()

    def _register_read(self) -> tuple[list[RegisterRow], set[str]]:
        rows, broken = [], set()
        for summary in self.incidents():
            try:
                if summary.problem:
                    raise InputError(summary.problem)
                rows.append(self._register_row(summary.id))
            except BROKEN_RECORD as err:
                rows.append(
                    broken_register_row(
                        incident_id=summary.id,
                        title=summary.title,
                        status=summary.status,
                        recorded_at=summary.aware_at,
                        problem=summary.problem or broken_reason(err),
                    )
                )
                broken.add(summary.id)
        return rows, broken

    def _register_row(self, incident_id: str) -> RegisterRow:
        view = self.incident(incident_id)
        decisions = self.decision_records(view.id)
        recommended = None
        if not decisions:  # the engine's recommendation shows only where none was decided
            assessed = recommend(view.facts)
            recommended = (assessed.risk.value, assessed.outcome.value)
        row = register_row(
            incident_id=view.id,
            status=view.status,
            facts=view.facts,
            decision=decisions[-1] if decisions else None,
            recommended=recommended,
            filings=self.filing_records(view.id),
            letters=self.letters_sent(view.id),
            contained=self._containment(view.id),
        )
        told, lines = told_record(self.store, view, self.clock.now())
        return replace(row, controllers_told=told, controllers=lines) if told else row

    def _register_organisation(self, rows: list[RegisterRow]) -> str:
        """The profile's name; without a profile, the name the incidents were recorded under."""
        org = self.organisation()
        if org and org.name:
            return org.name
        names = []
        for row in rows:  # the incidents just read (their views kept), not all read again
            try:
                recorded = self.incident(row.incident_id).organisation
            except BROKEN_RECORD:
                continue
            if recorded and recorded.name and recorded.name not in names:
                names.append(recorded.name)
        return " / ".join(names)

    def export_register(self, output: Path | str, fmt: str | None = None) -> ExportResult:
        """Write the register as CSV, JSON or PDF (0600, atomic); each incident records it.

        ``output`` is the file, a folder (``DIR/``: a name is chosen) or ``-``: nothing is
        written and the result carries the document (CSV and JSON only)."""
        suffix = "" if is_folder(output) else Path(str(output)).suffix
        fmt = (fmt or suffix.lstrip(".") or "csv").lower()
        if fmt not in REGISTER_FORMATS:
            raise InputError(
                Problem(
                    "register",
                    "format",
                    f"'{fmt}' is not a register format ({' | '.join(REGISTER_FORMATS)})",
                )
            )
        if str(output) == STDOUT and fmt == "pdf":
            raise InputError(Problem("register", "o", "a PDF cannot go to standard output"))
        with self.store.snapshot() as repos, self.views_read_once():  # one moment
            rows, broken = self._register()
            head = register_chain_head(repos, [row.incident_id for row in rows])
            organisation = self._register_organisation(rows)
        now = self.clock.now()
        target = output_path(output, f"breach-register-{now.date().isoformat()}.{fmt}")
        shown_name = target.name if target else "standard output"
        from breachkit.render.review.register import render_register  # reportlab when needed

        content = render_register(
            rows,
            fmt,
            generated_at=now,
            organisation=organisation,
            chain_head=head,
        )
        file_sha = hashlib.sha256(content).hexdigest()
        recorded: list[tuple[str, int]] = []
        text = (
            f"Included in the breach register exported as {shown_name} ({fmt.upper()}, "
            f"{len(rows)} incident(s)), SHA-256 {file_sha}"
        )
        links = DocumentExported(
            REGISTER_DOCUMENT, shown_name, file_sha, "", {"format": fmt, "incidents": len(rows)}
        ).links()
        with _staged_or_not(target, content) as commit, self.store.transaction() as tx:
            for row in rows:
                if row.incident_id in broken:  # its record cannot be trusted to take more
                    continue
                entry = tx.record(
                    row.incident_id,
                    EntryContent(
                        EntryKind.DOCUMENT, text, utc_iso(now), utc_iso(now), self.actor, links
                    ),
                )
                recorded.append((row.incident_id, entry.seq))
            commit()
        return ExportResult(
            target or Path(STDOUT),
            file_sha,
            len(content),
            entries=tuple(recorded),
            data=content if target is None else b"",
        )


# -- helpers -------------------------------------------------------------------------------


def _item(number: int, r: ReviewItemRow) -> ReviewItem:
    return ReviewItem(
        number=number,
        kind=ItemKind(r.kind),
        text=r.text,
        owner=r.owner,
        due=date.fromisoformat(r.due_date) if r.due_date else None,
        status=ItemStatus(r.status),
        created_at=from_storage(r.created_at),
        actor=r.actor,
        entry_seq=r.entry_seq,
        closed_at=from_storage(r.closed_at) if r.closed_at else None,
        closed_by=r.closed_by,
        closing_note=r.closing_note,
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
def _staged_or_not(target: Path | None, content: bytes) -> Iterator[Callable[[], None]]:
    """:func:`staged` for a file; nothing to put in place for standard output."""
    if target is None:
        yield lambda: None
        return
    with staged(target, content) as commit:
        yield commit
