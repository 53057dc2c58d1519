"""The after-action timeline chart: the response against the 72-hour line, in reportlab graphics.

One row per event or clock on a common time axis (the incident's zone):

* occurrence, detection, awareness and containment as dots, with the gaps between them
  as bars (how long the breach went unnoticed, how long until awareness);
* each clock with a due time as a band from its start to its due time, the filing as a
  diamond (green: on time, red: late) or, while nothing is filed, an upright mark at
  the due time (amber: open, red: overdue);
* communications (timeline entries of kind ``communication`` and letter batches) as ticks;
* the GDPR 72-hour due time as a red dashed line across the chart.

The axis covers the response: from the earliest event to the latest filing,
communication or the 72-hour line. A due time far beyond it (a NIS2 final report due
in a month) or an occurrence long before detection is drawn as an arrow at the edge
with its date, so the first days stay readable.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from reportlab.graphics.shapes import Drawing, Group, Line, Rect
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from breachkit.core.clocks import ids
from breachkit.core.review.model import ReportData
from breachkit.core.times import show_duration
from breachkit.render.fonts import BOLD, FAMILY, register_fonts
from breachkit.render.review.chart_marks import (
    AMBER,
    BAR,
    BLUE,
    FONT_SIZE,
    GREEN,
    GRID,
    INK,
    MUTED,
    RED,
    STRIPE,
    arrow,
    fit,
    label_text,
    legend,
    light,
    marker,
    with_note,
)

GDPR_72H = ids.GDPR_ART33
SHORT_TITLES = {
    ids.GDPR_ART33: "GDPR notification (72 h)",
    ids.GDPR_ART33_2: "Processor → controller",
    ids.GDPR_ART34: "Telling the people",
    ids.GDPR_ART33_4: "Further information",
    ids.NIS2_EARLY_WARNING: "NIS2 early warning (24 h)",
    ids.NIS2_NOTIFICATION: "NIS2 notification (72 h)",
    ids.NIS2_FINAL_REPORT: "NIS2 final report",
    ids.EPRIVACY_INITIAL: "ePrivacy initial (24 h)",
    ids.EPRIVACY_SECOND: "ePrivacy second",
    ids.DORA_INITIAL: "DORA initial",
    ids.DORA_INTERMEDIATE: "DORA intermediate",
    ids.DORA_FINAL: "DORA final",
}
ROW = 7 * mm
HEADER = 5 * mm
GUTTER = 42 * mm
AXIS = 10 * mm
STEPS = [
    timedelta(hours=h)
    for h in (1, 2, 3, 6, 12, 24, 48, 72, 24 * 7, 24 * 14, 24 * 30, 24 * 91, 24 * 182, 24 * 365)
]
MAX_TICKS = 9
CLIP_RATIO = 1.0
"""An occurrence further before the first other event than the rest of the chart is long
is drawn at the left edge with an arrow."""


@dataclass(frozen=True, slots=True)
class _Row:
    label: str
    start: datetime | None
    """Bar start (None: a single mark)."""
    end: datetime | None
    """Bar end, or the mark."""
    mark: str
    """``dot`` | ``diamond`` | ``due`` | ``ticks`` | ``none``."""
    colour: colors.Color
    note: str = ""
    ticks: tuple[datetime, ...] = ()


def _rows(data: ReportData) -> list[_Row]:
    rows: list[_Row] = []
    if data.occurred_at:
        rows.append(_Row("Occurred", None, data.occurred_at, "dot", INK, "breach begins"))
    if data.detected_at:
        gap = (
            f"unnoticed for {show_duration(data.detected_at - data.occurred_at)}"
            if data.occurred_at
            else "first sign"
        )
        rows.append(_Row("Detected", data.occurred_at, data.detected_at, "dot", INK, gap))
    note = (
        f"{show_duration(data.aware_at - data.detected_at)} after detection"
        if data.detected_at
        else "the 72-hour clock starts"
    )
    rows.append(_Row("Aware", data.detected_at, data.aware_at, "dot", BLUE, note))
    if data.contained:
        delta = data.contained.at - data.aware_at
        when = (
            f"{show_duration(-delta)} before awareness"
            if delta < timedelta(0)
            else f"{show_duration(delta)} after awareness"
        )
        rows.append(_Row("Contained", None, data.contained.at, "dot", GREEN, when))
    else:
        rows.append(_Row("Contained", None, None, "none", MUTED, "not recorded"))
    for clock in data.metrics.clocks:
        if clock.due is None and clock.filed_at is None:
            continue
        name = SHORT_TITLES.get(clock.clock_id, clock.title)
        if clock.filed_at is not None:
            colour = RED if clock.late else GREEN
            if clock.late and clock.due:
                note = f"filed {show_duration(clock.filed_at - clock.due)} late"
            elif clock.due:
                note = f"filed {show_duration(clock.due - clock.filed_at)} early"
            else:
                note = "filed"
            rows.append(_Row(name, clock.anchor_at, clock.filed_at, "diamond", colour, note))
            continue
        colour = RED if clock.late else AMBER
        note = "overdue, not filed" if clock.late else "not filed yet"
        rows.append(_Row(name, clock.anchor_at, clock.due, "due", colour, note))
    comms = [line.occurred_at for line in data.timeline if line.kind == "communication"]
    # A finished letter batch is on the timeline already (a communication entry).
    comms += [b.finished_at or b.started_at for b in data.letters if b.seq is None]
    if comms:
        count = f"{len(comms)} recorded"
        rows.append(_Row("Communications", None, None, "ticks", BLUE, count, tuple(sorted(comms))))
    return rows


def _window(data: ReportData, rows: Sequence[_Row]) -> tuple[datetime, datetime]:
    """The span the axis covers (see the module docstring)."""
    focus = [data.aware_at]
    if data.detected_at:
        focus.append(data.detected_at)
    if data.contained:
        focus.append(data.contained.at)
    for row in rows:
        if row.mark == "diamond" and row.end is not None:
            focus.append(row.end)
        focus.extend(row.ticks)
    main = next((c for c in data.metrics.clocks if c.clock_id == GDPR_72H), None)
    if main is not None and main.due is not None:
        focus.append(main.due)
    low, high = min(focus), max(focus)
    occurred = data.occurred_at
    if occurred is not None and occurred < low and low - occurred <= (high - low) * CLIP_RATIO:
        low = occurred
    span = max(high - low, timedelta(hours=6))
    pad = span * 0.05
    return low - pad, high + pad


def _step(span: timedelta) -> timedelta:
    for step in STEPS:
        if span / step <= MAX_TICKS:
            return step
    return STEPS[-1] * (int(span / (STEPS[-1] * MAX_TICKS)) + 1)


def _ticks(low: datetime, high: datetime, zone: ZoneInfo) -> tuple[list[datetime], timedelta]:
    """Tick instants (aware, in ``zone``) at round local hours or local midnights."""
    step = _step(high - low)
    local = low.astimezone(zone)
    out = []
    if step >= timedelta(days=1):
        # Whole days in wall-clock time: ticks stay at local midnight across DST changes.
        day = local.date()
        while True:
            tick = datetime(day.year, day.month, day.day, tzinfo=zone)
            if tick > high:
                break
            if tick >= low:
                out.append(tick)
            day += timedelta(days=step.days)
        return out, step
    hours = int(step.total_seconds() // 3600)
    tick = local.replace(hour=local.hour - local.hour % hours, minute=0, second=0, microsecond=0)
    while tick <= high:
        if tick >= low:
            out.append(tick)
        tick = (tick.astimezone(UTC) + step).astimezone(zone)
    return out, step


def _tick_labels(ticks: Sequence[datetime], step: timedelta) -> list[tuple[str, str]]:
    """(first line, second line) per tick: the time and, where the day changes, the date."""
    out = []
    previous: datetime | None = None
    for tick in ticks:
        if step >= timedelta(days=1):
            new_year = previous is None or tick.year != previous.year
            out.append((tick.strftime("%d %b"), tick.strftime("%Y") if new_year else ""))
        else:
            new_day = previous is None or tick.date() != previous.date()
            out.append((tick.strftime("%H:%M"), tick.strftime("%a %d %b") if new_day else ""))
        previous = tick
    return out


def timeline_chart(data: ReportData, width: float) -> Drawing:
    """The chart, ``width`` points wide (the frame's width)."""
    register_fonts()
    zone = ZoneInfo(data.timezone)
    rows = _rows(data)
    low, high = _window(data, rows)
    left, right = GUTTER, width - 3 * mm
    span = (high - low).total_seconds()

    def x(at: datetime) -> float:
        return float(left + (at - low).total_seconds() / span * (right - left))

    key, legend_height = legend(width)
    height = legend_height + AXIS + ROW * len(rows) + HEADER
    drawing = Drawing(width, height)
    bottom = legend_height + AXIS
    top = bottom + ROW * len(rows)

    for index in range(len(rows)):
        if index % 2 == 0:
            y = top - ROW * (index + 1)
            drawing.add(Rect(0, y, width, ROW, fillColor=STRIPE, strokeColor=None))

    ticks, step = _ticks(low, high, zone)
    for tick, (first, second) in zip(ticks, _tick_labels(ticks, step), strict=True):
        tx = x(tick)
        drawing.add(Line(tx, bottom, tx, top, strokeColor=GRID, strokeWidth=0.5))
        drawing.add(label_text(tx, bottom - 3.2 * mm, first, anchor="middle", colour=MUTED))
        if second:
            drawing.add(label_text(tx, bottom - 6.4 * mm, second, anchor="middle", colour=MUTED))
    drawing.add(Line(left, bottom, right, bottom, strokeColor=MUTED, strokeWidth=0.6))
    offset = low.astimezone(zone).strftime("%z")
    drawing.add(
        label_text(2 * mm, bottom - 3.2 * mm, fit(data.timezone, GUTTER - 6 * mm), colour=MUTED)
    )
    drawing.add(
        label_text(2 * mm, bottom - 6.4 * mm, f"UTC{offset[:3]}:{offset[3:]}", colour=MUTED)
    )

    for index, row in enumerate(rows):
        centre = top - ROW * index - ROW / 2
        drawing.add(label_text(2 * mm, centre - 2.3, fit(row.label, GUTTER - 4 * mm), bold=True))
        drawing.add(_row_group(row, centre, x, (low, high), (left, right), zone))

    main = next((c for c in data.metrics.clocks if c.clock_id == GDPR_72H), None)
    if main is not None and main.due is not None and low <= main.due <= high:
        _mark_72_hours(drawing, x(main.due), (bottom, top), right)
    drawing.add(key)
    return drawing


def _mark_72_hours(drawing: Drawing, lx: float, rows: tuple[float, float], right: float) -> None:
    """The dashed red line of the GDPR's 72 hours across the rows, labelled above them."""
    bottom, top = rows
    dash = [3, 2]
    drawing.add(
        Line(lx, bottom, lx, top + 1 * mm, strokeColor=RED, strokeWidth=1.1, strokeDashArray=dash)
    )
    label = "72 hours after awareness"
    anchor = "end" if lx + stringWidth(label, BOLD, FONT_SIZE) > right else "start"
    shift = -1.5 if anchor == "end" else 1.5
    drawing.add(label_text(lx + shift, top + 1.6 * mm, label, anchor=anchor, colour=RED, bold=True))


def _row_group(
    row: _Row,
    centre: float,
    x: Callable[[datetime], float],
    window: tuple[datetime, datetime],
    edges: tuple[float, float],
    zone: ZoneInfo,
) -> Group:
    group = Group()
    low, high = window
    left, right = edges

    def clamp(at: datetime) -> float:
        return min(max(x(at), left), right)

    note_x: float | None = None
    note_left_of = left
    if row.mark == "ticks":
        _ticks_mark(group, row, centre, clamp)
        note_x = clamp(row.ticks[-1])
        note_left_of = clamp(row.ticks[0])
    elif row.end is not None:
        end_x = clamp(row.end)
        if row.start is not None:
            sx, ex = sorted((clamp(row.start), end_x))
            fill = BAR if row.mark == "dot" else light(row.colour)
            group.add(
                Rect(
                    sx,
                    centre - 1.5 * mm,
                    max(ex - sx, 0.8),
                    3 * mm,
                    fillColor=fill,
                    strokeColor=None,
                )
            )
            note_left_of = sx
        else:
            note_left_of = end_x
        if row.end > high:
            group.add(arrow(right, centre, row.colour, pointing=1))
            note = f"due {row.end.astimezone(zone).strftime('%d %b')}, {row.note}"
            return with_note(group, note, right - 3.5 * mm, centre, anchor="end")
        if row.end < low:
            group.add(arrow(left, centre, row.colour, pointing=-1))
            when = row.end.astimezone(zone).strftime("%d %b %Y")
            return with_note(group, f"{row.note} on {when}", left + 3.5 * mm, centre)
        group.add(marker(row.mark, end_x, centre, row.colour))
        note_x = end_x
    if row.note:
        _place_note(group, row.note, (note_x, note_left_of), centre, edges)
    return group


def _place_note(
    group: Group,
    note: str,
    mark: tuple[float | None, float],
    centre: float,
    edges: tuple[float, float],
) -> None:
    """The row's note right of its mark (``mark``: its right end, or None when the row
    has none, and its left end), else left of it when it would run off the chart."""
    note_x, note_left_of = mark
    left, right = edges
    width = stringWidth(note, FAMILY, FONT_SIZE)
    if note_x is None:
        with_note(group, note, left + 1 * mm, centre, colour=MUTED)
    elif note_x + 3 * mm + width <= right:
        with_note(group, note, note_x + 3 * mm, centre)
    else:
        with_note(group, note, max(note_left_of - 3 * mm, left + width), centre, anchor="end")


def _ticks_mark(group: Group, row: _Row, centre: float, clamp: Callable[[datetime], float]) -> None:
    """One tick per communication; thousands in a few days: one per visible position."""
    for tx in dict.fromkeys(round(clamp(tick), 1) for tick in row.ticks):
        group.add(
            Line(
                tx,
                centre - 2.2 * mm,
                tx,
                centre + 2.2 * mm,
                strokeColor=row.colour,
                strokeWidth=1.2,
            )
        )
