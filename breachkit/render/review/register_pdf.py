"""The breach register (GDPR Art. 33(5)) as a PDF: an overview table, then one card per incident.

The overview and the cards are light tables (:mod:`breachkit.render.rows`): a thousand
incidents lay out in about a second. Text is printed as it is, never read as markup.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from breachkit.core.review.register import OUTCOME_LABELS, RISK_LABELS, RegisterRow, label
from breachkit.core.text import counted
from breachkit.core.times import iso, show
from breachkit.render.pdf import Footer, Metadata, PdfDocument
from breachkit.render.plain import plain
from breachkit.render.review.register import breach_answer, filing_text
from breachkit.render.rows import Column, RowStyle, RowTable, key_value_table

OVERVIEW = ("Incident", "Aware", "Nature", "People", "Decision", "Filed", "People told")
OVERVIEW_WIDTHS = (22, 18, 34, 13, 30, 22, 31)
"""Millimetres."""


class RegisterDocument(PdfDocument):
    """Every incident, notified or not: the overview, then each incident's card."""

    def __init__(
        self,
        rows: Sequence[RegisterRow],
        *,
        generated_at: datetime,
        organisation: str,
        chain_head: str = "",
    ) -> None:
        self.rows, self.organisation, self.chain_head = rows, organisation, chain_head
        zone = ZoneInfo(rows[0].timezone) if rows else None
        self.when = show(generated_at, zone) if zone else iso(generated_at)
        super().__init__()

    def stylesheet(self) -> StyleSheet1:
        sheet = super().stylesheet()
        sheet.add(
            ParagraphStyle("RegisterHead", parent=sheet["CellBold"], fontSize=7.5, leading=9.5)
        )
        sheet.add(
            ParagraphStyle("RegisterBullet", parent=sheet["Small"], leftIndent=10, spaceAfter=1)
        )
        return sheet

    def story(self) -> Iterator[Flowable]:
        sheet, rows = self.sheet, self.rows
        yield plain("Breach register", sheet["Title"])
        yield plain(
            f"{self.organisation or 'Organisation not stated'} · GDPR Art. 33(5): every personal "
            "data breach, notified or not, with its facts, effects and the remedial action "
            f"taken · {counted(len(rows), 'incident')} · generated {self.when}",
            sheet["Small"],
        )
        yield Spacer(1, 4 * mm)
        if not rows:
            yield plain("No incidents are recorded.", sheet["Body"])
        else:
            yield self._overview()
        for row in rows:
            # Each card on one page where it fits; the reasons after it may flow on.
            yield KeepTogether(
                [
                    plain(f"{row.incident_id} — {row.title}", sheet["Heading"]),
                    key_value_table(_card(row), (42 * mm, 128 * mm)),
                ]
            )
            if row.reasons:
                yield plain("The engine's reasons when the decision was made", sheet["Subheading"])
                for reason in row.reasons:
                    yield plain(reason, sheet["RegisterBullet"], bullet="•")

    def _overview(self) -> RowTable:
        columns = [Column(width * mm) for width in OVERVIEW_WIDTHS]
        style = RowStyle(7.5, 9.5, padding=(2.5, 2.5, 2.5, 2.5), head=self.sheet["RegisterHead"])
        return RowTable(columns, map(_overview_row, self.rows), style, OVERVIEW)

    def footer(self) -> Footer:
        who = f" · {self.organisation}" if self.organisation else ""
        return Footer(
            document=f"Breach register (GDPR Art. 33(5)){who}",
            generated=f"generated {self.when}",
            chain_head=self.chain_head,
        )

    def metadata(self) -> Metadata:
        return Metadata("Breach register", subject="GDPR Art. 33(5)")


def register_pdf(
    rows: Sequence[RegisterRow],
    *,
    generated_at: datetime,
    organisation: str,
    chain_head: str = "",
) -> bytes:
    return RegisterDocument(
        rows, generated_at=generated_at, organisation=organisation, chain_head=chain_head
    ).render()


def _overview_row(row: RegisterRow) -> tuple[str, ...]:
    zone = ZoneInfo(row.timezone)
    filed = "\n".join(
        f"{f.recipient_name} {f.at.astimezone(zone).strftime('%Y-%m-%d')}" for f in row.filings
    )
    people = f"{row.data_subjects:,}" if row.data_subjects is not None else "?"
    return (
        row.incident_id,
        row.aware_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
        row.nature,
        people,
        _decision_short(row),
        filed or "—",
        row.people_informed,
    )


def _decision_short(row: RegisterRow) -> str:
    if row.personal_data_breach is False:
        return "not a personal data breach"
    if row.decided_at is None:
        return "not decided"
    text = f"{row.risk} → {label(OUTCOME_LABELS, row.outcome)}"
    return text + (" (override)" if row.override else "")


def _count(value: int | None, one: str, many: str, groups: Sequence[str]) -> str:
    text = "not stated" if value is None else f"{value:,} {one if value == 1 else many}"
    if groups:
        text += f" ({', '.join(g.replace('_', ' ') for g in groups)})"
    return text


def _card(row: RegisterRow) -> list[tuple[str, str]]:
    zone = ZoneInfo(row.timezone)

    def when(at: datetime | None) -> str:
        return show(at, zone) if at is not None else "not stated"

    def joined(values: Sequence[str]) -> str:
        return ", ".join(v.replace("_", " ") for v in values) or "not stated"

    decided = (
        f"{when(row.decided_at)} by {row.decided_by}" if row.decided_at else "no decision recorded"
    )
    risk = label(RISK_LABELS, row.risk) if row.decided_at else row.risk
    outcome = label(OUTCOME_LABELS, row.outcome) if row.decided_at else row.outcome
    filings = [filing_text(f, row, human=True) for f in row.filings]
    lines = [
        ("Status", row.status),
        ("Personal data breach", breach_answer(row)),
        ("Occurred", when(row.occurred_at)),
        ("Detected", when(row.detected_at)),
        ("Became aware", when(row.aware_at)),
        ("Contained", when(row.contained_at) if row.contained_at else "not recorded"),
        ("Nature", row.nature),
        ("What happened", row.summary or "not stated"),
        ("Data categories", joined(row.data_categories)),
        ("People affected", _count(row.data_subjects, "person", "people", row.subject_groups)),
        ("Records", _count(row.records, "record", "records", ())),
        ("Countries", joined(row.countries)),
        ("Effects", row.effects),
        ("Consequences", row.consequences or "not stated"),
        ("Remedial action taken", "\n".join(f"• {m}" for m in row.measures_taken) or "none stated"),
        ("Proposed", "\n".join(f"• {m}" for m in row.measures_proposed) or "none stated"),
        ("Risk", risk),
        ("Outcome", outcome + (" (overrides the recommendation)" if row.override else "")),
        ("Decided", decided),
    ]
    if row.justification:
        lines.append(("Justification", row.justification))
    lines.append(("Authority filings", "\n".join(filings) or "none"))
    lines.append(("People informed", row.people_informed))
    if row.controllers_told:
        told = "\n".join((row.controllers_told, *row.controllers))
        lines.append(("Controllers told (Art. 33(2))", told))
    return lines
