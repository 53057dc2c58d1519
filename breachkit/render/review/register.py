"""The breach register (GDPR Art. 33(5)) as CSV, JSON or PDF.

One row per incident, including those not notified and those decided not to be personal
data breaches. Times are ISO 8601 in each incident's zone, with the offset. In CSV,
lists are joined with ``; `` and a cell that a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from breachkit.core.review.summary import (
    OUTCOME_LABELS,
    REGISTER_FORMATS,
    RISK_LABELS,
    FilingRecord,
    RegisterRow,
    label,
)
from breachkit.core.times import iso, show
from breachkit.render.pdf import MUTED, RULE, Footer, key_value_table, markup, para, render_pdf
from breachkit.render.pdf import stylesheet as base_stylesheet

FORMAT = "breachkit-register"
VERSION = 1

COLUMNS = (
    "incident_id",
    "title",
    "status",
    "personal_data_breach",
    "timezone",
    "occurred_at",
    "detected_at",
    "aware_at",
    "contained_at",
    "nature",
    "summary",
    "data_categories",
    "subject_groups",
    "data_subjects",
    "records",
    "countries",
    "effects",
    "consequences",
    "measures_taken",
    "measures_proposed",
    "risk",
    "outcome",
    "decided_at",
    "decided_by",
    "override",
    "justification",
    "reasons",
    "authority_filings",
    "people_informed",
)
"""The CSV columns, in order (a contract: scripts may rely on them)."""


def _time(at: datetime | None, row: RegisterRow) -> str:
    return iso(at, ZoneInfo(row.timezone)) if at is not None else ""


def _pdb(row: RegisterRow) -> str:
    if row.personal_data_breach is None:
        return "not decided"
    return "yes" if row.personal_data_breach else "no"


def filing_text(filing: FilingRecord, row: RegisterRow, *, human: bool = False) -> str:
    when = show(filing.at, ZoneInfo(row.timezone)) if human else _time(filing.at, row)
    text = f"{filing.recipient_name} ({filing.clock_id}) {when}"
    if filing.reference:
        text += f", reference {filing.reference}"
    if filing.reasons_for_delay:
        text += f", reasons for delay: {filing.reasons_for_delay}"
    return text


def register_document(row: RegisterRow) -> dict[str, Any]:
    """One incident as JSON data (nested: filings are objects)."""
    return {
        "incident_id": row.incident_id,
        "title": row.title,
        "status": row.status,
        "personal_data_breach": row.personal_data_breach,
        "timezone": row.timezone,
        "occurred_at": _time(row.occurred_at, row) or None,
        "detected_at": _time(row.detected_at, row) or None,
        "aware_at": _time(row.aware_at, row),
        "contained_at": _time(row.contained_at, row) or None,
        "nature": row.nature,
        "breach_types": list(row.breach_types),
        "cause": row.cause or None,
        "summary": row.summary,
        "data_categories": list(row.data_categories),
        "subject_groups": list(row.subject_groups),
        "data_subjects": row.data_subjects,
        "records": row.records,
        "countries": list(row.countries),
        "effects": row.effects,
        "consequences": row.consequences,
        "measures_taken": list(row.measures_taken),
        "measures_proposed": list(row.measures_proposed),
        "risk": row.risk,
        "outcome": row.outcome,
        "decided_at": _time(row.decided_at, row) or None,
        "decided_by": row.decided_by or None,
        "override": row.override,
        "justification": row.justification,
        "reasons": list(row.reasons),
        "authority_filings": [
            {
                "recipient": f.recipient,
                "recipient_name": f.recipient_name,
                "clock": f.clock_id,
                "filed_at": _time(f.at, row),
                "reference": f.reference,
                "reasons_for_delay": f.reasons_for_delay,
            }
            for f in row.filings
        ],
        "people_informed": row.people_informed,
    }


def register_record(row: RegisterRow) -> dict[str, str]:
    """One incident as a flat CSV record (the keys are :data:`COLUMNS`)."""
    document = register_document(row)
    record: dict[str, str] = {}
    for column in COLUMNS:
        value = document[column]
        if column == "personal_data_breach":
            record[column] = _pdb(row)
        elif column == "authority_filings":
            record[column] = "; ".join(filing_text(f, row) for f in row.filings)
        elif column == "override":
            record[column] = "yes" if value else "no"
        elif isinstance(value, list):
            record[column] = "; ".join(str(v) for v in value)
        elif value is None:
            record[column] = ""
        else:
            record[column] = str(value)
    return record


def _safe_cell(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def register_csv(rows: Sequence[RegisterRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _safe_cell(v) for k, v in register_record(row).items()})
    # UTF-8 with a byte-order mark, so spreadsheet programs read accented names right.
    return buffer.getvalue().encode("utf-8-sig")


def register_json(
    rows: Sequence[RegisterRow], *, generated_at: datetime, organisation: str
) -> bytes:
    document = {
        "format": FORMAT,
        "version": VERSION,
        "basis": "GDPR Art. 33(5)",
        "organisation": organisation,
        "generated_at": iso(generated_at),
        "incidents": [register_document(row) for row in rows],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()


def register_pdf(
    rows: Sequence[RegisterRow], *, generated_at: datetime, organisation: str
) -> bytes:
    sheet = base_stylesheet()
    cell = sheet["Cell"].clone("RegisterCell", fontSize=7.5, leading=9.5)
    head = sheet["CellBold"].clone("RegisterHead", fontSize=7.5, leading=9.5)
    zone = ZoneInfo(rows[0].timezone) if rows else None
    when = show(generated_at, zone) if zone else iso(generated_at)
    story: list[Flowable] = [
        para("Breach register", sheet["Title"]),
        para(
            f"{organisation or 'Organisation not stated'} · GDPR Art. 33(5): every personal "
            "data breach, notified or not, with its facts, effects and the remedial action "
            f"taken · {len(rows)} incident(s) · generated {when}",
            sheet["Small"],
        ),
        Spacer(1, 4 * mm),
    ]
    if not rows:
        story.append(para("No incidents are recorded.", sheet["Body"]))
    else:
        header = ["Incident", "Aware", "Nature", "People", "Decision", "Filed", "People told"]
        data: list[list[Any]] = [[Paragraph(markup(h), head) for h in header]]
        for row in rows:
            rz = ZoneInfo(row.timezone)
            filed = (
                "\n".join(
                    f"{f.recipient_name} {f.at.astimezone(rz).strftime('%Y-%m-%d')}"
                    for f in row.filings
                )
                or "—"
            )
            people = f"{row.data_subjects:,}" if row.data_subjects is not None else "?"
            values = [
                row.incident_id,
                row.aware_at.astimezone(rz).strftime("%Y-%m-%d %H:%M"),
                row.nature,
                people,
                _decision_short(row),
                filed,
                row.people_informed,
            ]
            data.append([Paragraph(markup(v), cell) for v in values])
        widths = [22, 18, 34, 13, 30, 22, 31]
        table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.6, MUTED),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
                ]
            )
        )
        story.append(table)
    bullet = sheet["Small"].clone("RegisterBullet", leftIndent=10, spaceAfter=1)
    for row in rows:
        # Each card on one page where it fits; the reasons after it may flow on.
        story.append(
            KeepTogether(
                [
                    para(f"{row.incident_id} — {row.title}", sheet["Heading"]),
                    key_value_table(_card(row), sheet, widths=(42 * mm, 128 * mm)),
                ]
            )
        )
        if row.reasons:
            story.append(
                para("The engine's reasons when the decision was made", sheet["Subheading"])
            )
            story.extend(Paragraph(markup(r), bullet, bulletText="•") for r in row.reasons)
    who = f" · {organisation}" if organisation else ""
    footer = Footer(f"Breach register (GDPR Art. 33(5)){who} · generated {when}")
    return render_pdf(story, title="Breach register", footer=footer, subject="GDPR Art. 33(5)")


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
        ("Personal data breach", _pdb(row)),
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
    return lines


__all__ = ["COLUMNS", "REGISTER_FORMATS", "render_register"]


def render_register(
    rows: Sequence[RegisterRow], fmt: str, *, generated_at: datetime, organisation: str = ""
) -> bytes:
    """The register in ``fmt`` (``csv`` | ``json`` | ``pdf``) as bytes."""
    if fmt == "csv":
        return register_csv(rows)
    if fmt == "json":
        return register_json(rows, generated_at=generated_at, organisation=organisation)
    if fmt == "pdf":
        return register_pdf(rows, generated_at=generated_at, organisation=organisation)
    raise ValueError(f"unknown register format {fmt!r}")
