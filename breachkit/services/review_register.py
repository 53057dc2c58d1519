"""The Art. 33(5) breach register: one row per incident, notified or not, as CSV,
JSON or PDF; its export lands on the timeline of every incident it lists.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from breachkit.adapters.files import STDOUT, is_folder, output_path
from breachkit.core.enums import EntryKind
from breachkit.core.errors import InputError, Problem
from breachkit.core.review.register import (
    REGISTER_FORMATS,
    RegisterRow,
    broken_register_row,
    register_row,
)
from breachkit.core.review.summary import CONTAINED, Containment
from breachkit.core.risk.engine import recommend
from breachkit.core.timeline.chain import EntryContent
from breachkit.core.timeline.changes import (
    DocumentExported,
)
from breachkit.core.timeline.projection import MilestoneRow, StepRow
from breachkit.core.times import utc_iso
from breachkit.services.base import Part
from breachkit.services.broken import BROKEN_RECORD, broken_reason
from breachkit.services.bulk import bulk_work
from breachkit.services.controllers import told_record
from breachkit.services.record import register_chain_head
from breachkit.services.results import ExportResult
from breachkit.services.review_report import staged_or_not

REGISTER_DOCUMENT = "breach-register"


class RegisterServices(Part):
    """The breach register."""

    # -- the breach register (Art. 33(5)) ------------------------------------------------------

    def register_rows(self) -> list[RegisterRow]:
        """One row per incident, notified or not, in the order they were opened; an
        incident whose record cannot be read is a row that says so."""
        return self._register()[0]

    def _register(self) -> tuple[list[RegisterRow], set[str]]:
        """The rows, and the ids of the incidents listed as broken."""
        with self.services.views_read_once():
            return self._register_read()

    def _register_read(self) -> tuple[list[RegisterRow], set[str]]:
        from breachkit.store.repo import read_ahead

        store = self.store
        # Each table a row is made from, read once for every incident, not once each.
        with read_ahead(
            store.decisions,
            store.filings,
            store.letter_batches,
            store.controller_lists,
            store.controller_events,
        ):
            milestones = store.milestones.by_incident()  # every incident's, of every kind
            return self._register_rows(milestones, store.steps.by_incident())

    def _register_rows(
        self, milestones: dict[str, list[MilestoneRow]], marked: dict[str, list[StepRow]]
    ) -> tuple[list[RegisterRow], set[str]]:
        rows, broken = [], set()
        for summary in self.services.incidents():
            try:
                if summary.problem:
                    raise InputError(summary.problem)
                contained = self.services.review_part.containment_of(
                    summary.id,
                    [m for m in milestones.get(summary.id, ()) if m.milestone == CONTAINED],
                    marked.get(summary.id, ()),
                )
                rows.append(self._register_row(summary.id, contained))
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

    def _register_row(self, incident_id: str, contained: Containment | None) -> RegisterRow:
        view = self.services.incident(incident_id)
        decisions = self.services.decision_records(view.id)
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
            filings=self.services.filing_records(view.id),
            letters=self.services.letters_sent(view.id),
            contained=contained,
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
                recorded = self.services.incident(row.incident_id).organisation
            except BROKEN_RECORD:
                continue
            if recorded and recorded.name and recorded.name not in names:
                names.append(recorded.name)
        return " / ".join(names)

    def export_register(self, output: Path | str, fmt: str | None = None) -> ExportResult:
        """Write the register as CSV, JSON or PDF (0600, atomic); each incident records it.

        ``output`` is the file, a folder (``DIR/``: a name is chosen) or ``-``: nothing is
        written and the result carries the document (CSV and JSON only)."""
        fmt = _register_format(output, fmt)
        with bulk_work():
            return self._export_register(output, fmt)

    def _export_register(self, output: Path | str, fmt: str) -> ExportResult:
        with self.store.snapshot() as repos, self.services.views_read_once():  # one moment
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
        with staged_or_not(target, content) as commit, self.store.transaction() as tx:
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


def _register_format(output: Path | str, fmt: str | None) -> str:
    """The register's format: ``fmt``, else the output's extension, else CSV; one that
    can go where ``output`` says (a PDF never to standard output)."""
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
    return fmt
