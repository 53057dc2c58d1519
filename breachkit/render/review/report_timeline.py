"""The report's full timeline: every entry, as a light table that fills page after page.

The timeline is a list, not a layout problem: a :class:`~breachkit.render.rows.RowTable`
takes the entries one by one as pages fill, so a 100,000-entry incident is laid out
without a table of 100,000 rows in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from reportlab.lib.styles import StyleSheet1
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph

from breachkit.core.review.model import ReportData, TimelineLine
from breachkit.render.pdf import HEAD_FILL, MUTED, markup, para
from breachkit.render.review.chart_marks import RED
from breachkit.render.review.report_cells import stamp
from breachkit.render.rows import Column, RowStyle, RowTable

HEADER = ("#", "Occurred", "Recorded", "Kind", "Who", "What")
WIDTHS = (10 * mm, 18.5 * mm, 18.5 * mm, 20.5 * mm, 24 * mm, 78.5 * mm)
FONT_SIZE = 7
LEADING = 8.6
CELL_PAD = 2.5


def timeline_section(data: ReportData, sheet: StyleSheet1) -> list[Flowable]:
    story: list[Flowable] = [
        PageBreak(),
        para(f"The full timeline ({len(data.timeline):,} entries)", sheet["Heading"]),
    ]
    if data.chain_ok:
        chain = (
            f"The hash chain was verified when this report was generated: every entry is as "
            f"it was recorded. Last entry's hash: {data.head_hash}."
        )
        story.append(para(chain, sheet["Small"]))
    else:
        story.append(
            Paragraph(
                f'<font color="{RED.hexval()}"><b>The hash chain does not verify:</b> '
                f"{markup(data.chain_problem)}</font>",
                sheet["Body"],
            )
        )
    story.append(
        para(
            f"Times in {data.timezone}. “Recorded” is shown when an entry was written down "
            "more than a minute after the time it gives.",
            sheet["Small"],
        )
    )
    story.append(timeline_table(data.timeline, ZoneInfo(data.timezone), sheet))
    return story


def timeline_table(lines: Iterable[TimelineLine], zone: ZoneInfo, sheet: StyleSheet1) -> RowTable:
    """The entries, one row each, the header repeated on every page."""
    columns = [Column(width, wrap=index >= 4) for index, width in enumerate(WIDTHS)]
    columns[2] = Column(WIDTHS[2], color=MUTED, wrap=False)
    style = RowStyle(
        FONT_SIZE,
        LEADING,
        padding=(2, CELL_PAD, 2, CELL_PAD),
        head=sheet["CellHead"],
        head_fill=HEAD_FILL,
        paragraph_breaks=False,
    )
    return RowTable(columns, _rows(lines, zone), style, HEADER)


def _rows(lines: Iterable[TimelineLine], zone: ZoneInfo) -> Iterator[tuple[str, ...]]:
    a_minute = timedelta(minutes=1)
    shown: dict[int, str] = {}  # entries come in bursts: many share a minute

    def at(when: datetime) -> str:
        minute = int(when.timestamp()) // 60
        found = shown.get(minute)
        if found is None:
            if len(shown) > 4096:
                shown.clear()
            found = shown[minute] = stamp(when, zone).replace(" ", "\n", 1)
        return found

    for line in lines:
        recorded = ""
        if abs(line.recorded_at - line.occurred_at) > a_minute:
            recorded = at(line.recorded_at)
        text = line.text
        if line.corrects is not None:
            text = f"(corrects entry {line.corrects}) {text}"
        yield (str(line.seq), at(line.occurred_at), recorded, line.kind, line.actor, text)
