"""The marks the timeline chart is drawn with: dots, diamonds, due marks, arrows, the
legend, and its colours and type."""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Group, Line, Polygon, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from breachkit.render.fonts import BOLD, FAMILY
from breachkit.render.text import shorten

INK = colors.HexColor("#1d1d1f")
MUTED = colors.HexColor("#5f6368")
GRID = colors.HexColor("#e3e3e6")
STRIPE = colors.HexColor("#f6f7f9")
BAR = colors.HexColor("#c9d3e0")
BLUE = colors.HexColor("#2b5797")
GREEN = colors.HexColor("#2e7d32")
RED = colors.HexColor("#c62828")
AMBER = colors.HexColor("#d98c00")

FONT_SIZE = 6.8
LEGEND_LINE = 4.5 * mm


def with_note(
    group: Group,
    text: str,
    x: float,
    centre: float,
    *,
    anchor: str = "start",
    colour: colors.Color = INK,
) -> Group:
    group.add(label_text(x, centre - 2.3, text, anchor=anchor, colour=colour))
    return group


def arrow(x: float, centre: float, colour: colors.Color, *, pointing: int) -> Polygon:
    size = 2 * mm
    tip = x
    back = x - pointing * size
    return Polygon(
        [tip, centre, back, centre + size * 0.7, back, centre - size * 0.7],
        fillColor=colour,
        strokeColor=None,
    )


def marker(kind: str, cx: float, cy: float, colour: colors.Color) -> Group:
    group = Group()
    r = 1.6 * mm
    if kind == "diamond":
        group.add(
            Polygon(
                [cx, cy + r * 1.3, cx + r * 1.3, cy, cx, cy - r * 1.3, cx - r * 1.3, cy],
                fillColor=colour,
                strokeColor=colors.white,
                strokeWidth=0.6,
            )
        )
    elif kind == "due":
        group.add(Line(cx, cy - 2.4 * mm, cx, cy + 2.4 * mm, strokeColor=colour, strokeWidth=1.8))
    elif kind == "dot":
        group.add(Circle(cx, cy, r, fillColor=colour, strokeColor=colors.white, strokeWidth=0.6))
    return group


def legend(width: float) -> tuple[Group, float]:
    """The key, wrapped onto as many lines as the width needs."""
    items = [
        ("dot", INK, "event"),
        ("diamond", GREEN, "filed on time"),
        ("diamond", RED, "filed late"),
        ("due", AMBER, "due time, nothing filed"),
        ("ticks", BLUE, "communication"),
        ("line", RED, "GDPR 72-hour deadline (Art. 33(1))"),
    ]
    placed: list[tuple[float, int, str, colors.Color, str]] = []
    cursor, line = 2 * mm, 0
    for kind, colour, text in items:
        needed = 5 * mm + stringWidth(text, FAMILY, FONT_SIZE)
        if cursor + needed > width and cursor > 2 * mm:
            cursor, line = 2 * mm, line + 1
        placed.append((cursor, line, kind, colour, text))
        cursor += needed + 4 * mm
    height = (line + 1) * LEGEND_LINE + 1 * mm
    group = Group()
    for cx, index, kind, colour, text in placed:
        y = height - (index + 0.5) * LEGEND_LINE - 0.5 * mm
        mx = cx + 1.6 * mm
        if kind == "ticks":
            group.add(Line(mx, y - 1.6 * mm, mx, y + 1.6 * mm, strokeColor=colour, strokeWidth=1.2))
        elif kind == "line":
            group.add(
                Line(
                    mx,
                    y - 1.8 * mm,
                    mx,
                    y + 1.8 * mm,
                    strokeColor=colour,
                    strokeWidth=1.1,
                    strokeDashArray=[3, 2],
                )
            )
        else:
            group.add(marker(kind, mx, y, colour))
        group.add(label_text(cx + 4.5 * mm, y - 2.3, text, colour=MUTED))
    return group, height


def light(colour: colors.Color) -> colors.Color:
    return colors.Color(
        colour.red + (1 - colour.red) * 0.7,
        colour.green + (1 - colour.green) * 0.7,
        colour.blue + (1 - colour.blue) * 0.7,
    )


def fit(text: str, width: float) -> str:
    """A label cut with an ellipsis to fit ``width`` (bold, as row labels are)."""
    return shorten(text, width, lambda t: stringWidth(t, BOLD, FONT_SIZE))


def label_text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    colour: colors.Color = INK,
    bold: bool = False,
) -> String:
    return String(
        x,
        y,
        text,
        fontName=BOLD if bold else FAMILY,
        fontSize=FONT_SIZE,
        fillColor=colour,
        textAnchor=anchor,
    )
