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

from breachkit.core.review.register import REGISTER_FORMATS, RegisterRow
from breachkit.core.review.summary import FilingRecord
from breachkit.core.times import iso, show

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


def breach_answer(row: RegisterRow) -> str:
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
            record[column] = breach_answer(row)
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


__all__ = ["COLUMNS", "REGISTER_FORMATS", "render_register"]


def render_register(
    rows: Sequence[RegisterRow],
    fmt: str,
    *,
    generated_at: datetime,
    organisation: str = "",
    chain_head: str = "",
) -> bytes:
    """The register in ``fmt`` (``csv`` | ``json`` | ``pdf``) as bytes; ``chain_head`` goes
    in the PDF's footer."""
    if fmt == "csv":
        return register_csv(rows)
    if fmt == "json":
        return register_json(rows, generated_at=generated_at, organisation=organisation)
    if fmt == "pdf":
        from breachkit.render.review.register_pdf import register_pdf

        return register_pdf(
            rows, generated_at=generated_at, organisation=organisation, chain_head=chain_head
        )
    raise ValueError(f"unknown register format {fmt!r}")
