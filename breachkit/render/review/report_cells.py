"""What the report's sections are made of: times, hashes, tables, coloured verdicts, bullets."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import StyleSheet1
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from breachkit.core.times import show
from breachkit.render.fonts import BOLD, FAMILY
from breachkit.render.pdf import HEAD_FILL, MARGIN, MUTED, RULE, markup, para
from breachkit.render.rows import RowTable, key_value_table

WIDTH = A4[0] - 2 * MARGIN


def when(at: datetime | None, zone: ZoneInfo) -> str:
    return show(at, zone) if at is not None else "not stated"


def stamp(at: datetime, zone: ZoneInfo) -> str:
    """Compact: ``2026-11-18 10:00 +01:00`` (the zone is named in the table's heading)."""
    local = at.astimezone(zone)
    offset = local.strftime("%z")
    return f"{local.strftime('%Y-%m-%d %H:%M')} {offset[:3]}:{offset[3:]}"


def hash_cell(text: str, sheet: StyleSheet1) -> Paragraph:
    """A SHA-256 in two lines of 32 hex digits."""
    split = f"{text[:32]}\n{text[32:]}" if len(text) > 32 else text
    return Paragraph(markup(split), sheet["Hash"])


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    sheet: StyleSheet1,
    *,
    style: str = "CellSmall",
) -> Table:
    """A table with a shaded header that repeats on every page; str cells are escaped."""
    cell = sheet[style]
    head = [Paragraph(markup(h), sheet["CellHead"]) for h in header]
    body = [[para(c, cell) if isinstance(c, str) else c for c in row] for row in rows]
    result = Table([head, *body], colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    result.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, MUTED),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return result


def facts_table(rows: Sequence[tuple[str, str]], key_width: float = 48 * mm) -> RowTable:
    """Labels and values in the report's small type."""
    return key_value_table(rows, (key_width, WIDTH - key_width), size=8, leading=10, left_padding=3)


def coloured(text: str, colour: colors.Color, sheet: StyleSheet1, bold: bool = True) -> Paragraph:
    face = BOLD if bold else FAMILY
    return Paragraph(
        f'<font name="{face}" color="{colour.hexval()}">{markup(text)}</font>', sheet["CellSmall"]
    )


def bullets(items: Sequence[str], sheet: StyleSheet1) -> list[Flowable]:
    return [para(item, sheet["Bullet"], bullet="•") for item in items]
