"""Tables of plain text drawn lightly: long lists (a timeline, a register) at speed.

A :class:`RowTable` looks like the reportlab ``Table`` breachkit used before (header row
repeated on every page, a rule under each row, cell padding), but it is a list, not a
layout problem: rows are taken from an iterable as pages fill, each cell's text is
broken into lines once (:mod:`breachkit.render.text`) and a page of rows is written as
one text object (:mod:`breachkit.render.pdftext`). Rows are never all in memory, so a
timeline of 100,000 entries costs a page of rows at a time. A row too tall for a page
continues on the next.

:func:`key_value_table` is the two-column table of labels and values every document uses.
Cell text is plain text (never markup): it prints as it is.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from reportlab.lib import colors
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.rl_accel import instanceStringWidthTTF as string_width
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from breachkit.render.fonts import BOLD, FAMILY
from breachkit.render.pdf import INK, MUTED, RULE
from breachkit.render.pdftext import codes_of, rgb, show_line
from breachkit.render.text import Wrapper

FUZZ = 1e-6


@dataclass(frozen=True, slots=True)
class Column:
    width: float
    font: str = FAMILY
    color: colors.Color = INK
    wrap: bool = True
    """False: the cell's text is drawn as given (dates, codes that always fit)."""


@dataclass(frozen=True, slots=True)
class RowStyle:
    """How a :class:`RowTable` looks."""

    size: float
    leading: float
    padding: tuple[float, float, float, float] = (3, 6, 3, 6)
    """Top, right, bottom, left (reportlab's Table defaults)."""
    rule: tuple[float, colors.Color] | None = (0.25, RULE)
    """The rule under each row: width and colour."""
    head: ParagraphStyle | None = None
    head_rule: tuple[float, colors.Color] = (0.6, MUTED)
    head_fill: colors.Color | None = None
    paragraph_breaks: bool = True
    """Break lines as a reportlab Paragraph does: runs of spaces print as one, a line may
    run over by 5 % of a space per word. False: spaces as given, no overrun."""
    split_after: int = 6
    """A row of more lines than this may be broken across pages."""


@dataclass(slots=True)
class _Row:
    cells: list[list[str]]
    height: float

    @property
    def lines(self) -> int:
        return max(len(cell) for cell in self.cells)


@dataclass(slots=True)
class _Layout:
    """What every piece of a table shares: columns, style, line breakers, the header."""

    columns: tuple[Column, ...]
    style: RowStyle
    header: tuple[_Row, RowStyle, tuple[Column, ...]] | None
    """The header row, with the columns and style it is drawn in."""
    wrappers: dict[str, Wrapper] = field(default_factory=dict)
    plan: list[tuple[Wrapper | None, float]] | None = None

    @property
    def head_height(self) -> float:
        return self.header[0].height if self.header else 0.0

    def row(self, values: Sequence[str]) -> _Row:
        style = self.style
        top, _, bottom, _ = style.padding
        plan = self.plan or self._plan()
        cells: list[list[str]] = []
        add = cells.append
        for (wrapper, limit), value in zip(plan, values, strict=True):
            if style.paragraph_breaks:
                value = _as_paragraphs(value)
            if wrapper is None:
                add(value.split("\n"))
            elif "\n" not in value and wrapper.width(value) <= limit:  # most cells: one line
                add([value])
            else:
                add(wrapper.lines(value, limit))
        height = style.leading * max(map(len, cells)) + top + bottom
        return _Row(cells, height)

    def _plan(self) -> list[tuple[Wrapper | None, float]]:
        """Per column: its line breaker (None: not wrapped) and the width inside the padding."""
        _, right, _, left = self.style.padding
        self.plan = [
            (self.wrapper(c.font) if c.wrap else None, c.width - left - right) for c in self.columns
        ]
        return self.plan

    def wrapper(self, font: str) -> Wrapper:
        found = self.wrappers.get(font)
        if found is None:
            found = self.wrappers[font] = _wrapper(font, self.style)
        return found


def _as_paragraphs(value: str) -> str:
    """Each line trimmed and its runs of spaces printed as one, as a Paragraph does."""
    if "\n" not in value:  # most cells: one line
        return " ".join(value.split())
    return "\n".join(" ".join(part.split()) for part in value.strip().split("\n"))


_WRAPPERS: dict[tuple[str, float, bool], Wrapper] = {}
"""One line breaker per font, size and rule, shared by every table: a register's thousand
cards measure their labels and common values once, not once a card."""


def _wrapper(font: str, style: RowStyle) -> Wrapper:
    key = (font, float(style.size), style.paragraph_breaks)
    found = _WRAPPERS.get(key)
    if found is None:
        size, face = style.size, getFont(font)

        def measure(text: str) -> float:
            return float(string_width(face, text, size))

        found = _WRAPPERS[key] = Wrapper(measure, shrink=0.05 if key[2] else 0.0)
    return found


class RowTable(Flowable):  # type: ignore[misc]
    """A table of plain-text rows taken from ``rows`` as pages fill (see the module)."""

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Iterable[Sequence[str]],
        style: RowStyle,
        header: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self._layout = _Layout(tuple(columns), style, _header(columns, style, header))
        self._source: Iterator[Sequence[str]] | None = iter(rows)
        self._ready: deque[_Row] = deque()
        self.width = sum(c.width for c in columns)
        self.height = 0.0
        self.hAlign = "LEFT"

    @classmethod
    def _piece(
        cls, layout: _Layout, ready: deque[_Row], source: Iterator[Sequence[str]] | None
    ) -> RowTable:
        piece: RowTable = cls.__new__(cls)
        Flowable.__init__(piece)
        piece._layout, piece._ready, piece._source = layout, ready, source
        piece.width = sum(c.width for c in layout.columns)
        piece.height = 0.0
        piece.hAlign = "LEFT"
        return piece

    def _pull(self) -> bool:
        if self._source is None:
            return False
        for values in self._source:
            self._ready.append(self._layout.row(values))
            return True
        self._source = None
        return False

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        need = self._layout.head_height
        index = 0
        while need <= avail_height + FUZZ:
            if index == len(self._ready) and not self._pull():
                break
            need += self._ready[index].height
            index += 1
        self.height = need
        return self.width, need

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        layout, ready = self._layout, self._ready
        used, take = layout.head_height, 0
        while take < len(ready) and used + ready[take].height <= avail_height + FUZZ:
            used += ready[take].height
            take += 1
        if take == len(ready) and self._source is None:
            return [self]
        first = deque(ready.popleft() for _ in range(take))
        if not first:
            broken = self._break_row(avail_height - used)
            if broken is None:
                return []
            first.append(broken)
        return [self._piece(layout, first, None), self._piece(layout, ready, self._source)]

    def _break_row(self, room: float) -> _Row | None:
        """The part of the first row that fits ``room`` (the rest stays), if it is long."""
        style = self._layout.style
        top, _, bottom, _ = style.padding
        row = self._ready[0]
        fit = int((room - top - bottom + FUZZ) // style.leading)
        if row.lines <= style.split_after or fit < 3:
            return None
        head = _Row([cell[:fit] for cell in row.cells], style.leading * fit + top + bottom)
        rest = [cell[fit:] or [""] for cell in row.cells]
        self._ready[0] = _Row(rest, style.leading * max(map(len, rest)) + top + bottom)
        return head

    def draw(self) -> None:
        canvas: Canvas = self.canv
        layout = self._layout
        top = self.height
        if layout.header:
            top = self._draw_header(canvas, top)
        bottoms = _draw_text(canvas, layout.columns, layout.style, self._ready, top)
        _draw_rules(canvas, layout, self.width, [top, *bottoms] if layout.header else bottoms)

    def _draw_header(self, canvas: Canvas, top: float) -> float:
        assert self._layout.header is not None
        row, style, columns = self._layout.header
        if style.head_fill is not None:
            canvas.setFillColor(style.head_fill)
            canvas.rect(0, top - row.height, self.width, row.height, stroke=0, fill=1)
        _draw_text(canvas, columns, style, [row], top)
        width, colour = style.head_rule
        y, right = fp_str(top - row.height), fp_str(self.width)
        canvas.addLiteral(
            f"q 1 J 1 j {rgb(colour)} RG {fp_str(width)} w n 0 {y} m {right} {y} l S Q"
        )
        return top - row.height


def _header(
    columns: Sequence[Column], style: RowStyle, header: Sequence[str]
) -> tuple[_Row, RowStyle, tuple[Column, ...]] | None:
    """The header row in the head style (bold labels, broken to fit their columns)."""
    if not header:
        return None
    head = style.head
    if head is None:
        raise ValueError("a header needs a head style")
    head_style = replace(style, size=head.fontSize, leading=head.leading)
    head_columns = tuple(replace(c, font=head.fontName, color=head.textColor) for c in columns)
    layout = _Layout(head_columns, head_style, None)
    return layout.row(header), head_style, head_columns


def _draw_text(
    canvas: Canvas,
    columns: Sequence[Column],
    style: RowStyle,
    rows: Iterable[_Row],
    top: float,
) -> list[float]:
    """Every row's text as one text object; returns the rows' bottom edges."""
    pad_top, _, _, left = style.padding
    size = fp_str(style.size)
    cells = []  # per column: its codes, lines written before, "1 0 0 1 x", its colour
    x = 0.0
    for column in columns:
        codes = codes_of(canvas, column.font)
        cells.append((codes, codes.shown, f"1 0 0 1 {fp_str(x + left)}", rgb(column.color)))
        x += column.width
    ops = ["BT"]
    add = ops.append
    colour = font = ""
    bottoms = []
    ys: dict[float, str] = {}  # rows sit at the same heights page after page
    leading = style.leading
    for row in rows:
        first = top - pad_top - style.size
        for (codes, shown, origin, wanted), lines in zip(cells, row.cells, strict=True):
            if wanted != colour:
                add(f"{wanted} rg")
                colour = wanted
            y = first
            for line in lines:
                if line:
                    at = ys.get(y)
                    if at is None:
                        at = ys[y] = fp_str(y)
                    data = shown.get(line) or codes.escaped(line)
                    if data is None:  # a character of another subset: reportlab's way
                        font = show_line(add, codes, f"{origin} {at} Tm", line, font, size)
                    elif (name := codes.names.get(0) or codes.name(0)) != font:
                        add(f"{origin} {at} Tm {name} {size} Tf ({data}) Tj")
                        font = name
                    else:
                        add(f"{origin} {at} Tm ({data}) Tj")
                y -= leading
        top -= row.height
        bottoms.append(top)
    add("ET")
    canvas.addLiteral("\n".join(ops))
    return bottoms


def _draw_rules(canvas: Canvas, layout: _Layout, width: float, ys: Sequence[float]) -> None:
    if layout.style.rule is None or not ys:
        return
    weight, colour = layout.style.rule
    right = fp_str(width)
    lines = "\n".join(f"n 0 {y} m {right} {y} l S" for y in map(fp_str, ys))
    canvas.addLiteral(f"q 1 J 1 j {rgb(colour)} RG {fp_str(weight)} w\n{lines}\nQ")


def key_value_table(
    rows: Iterable[tuple[str, str]],
    widths: tuple[float, float] = (55 * mm, 115 * mm),
    *,
    size: float = 9,
    leading: float = 12,
    left_padding: float = 6,
) -> RowTable:
    """Labels (bold) and their values, a rule under each pair; both printed as they are."""
    style = RowStyle(size, leading, padding=(3, 6, 3, left_padding))
    columns = (Column(widths[0], BOLD), Column(widths[1]))
    return RowTable(columns, rows, style)
