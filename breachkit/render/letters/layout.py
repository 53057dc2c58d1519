"""Where everything goes on a letter's pages: the shared body and the person's own lines.

A letter is two layers. The *body* (letterhead, subject, every section, signature,
page numbers) is the same for everyone who gets the same plan, so it is laid out once
and reused. The *personal* layer is a handful of lines at fixed places: the address in
the envelope window, the person's reference, the greeting. Because the greeting has a
fixed slot, the body never moves when a name is long.

Page geometry follows DIN 5008 form B (address field 45 mm from the top, 20 mm from the
left edge; fold marks at 105 and 210 mm), which fits the usual DL and C5/6 window
envelopes. ``window="right"`` moves the field to the right-hand side for envelopes
with the window on the right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from breachkit.core.letters.markup import Block, Kind
from breachkit.render.fonts import BOLD, FAMILY
from breachkit.render.letters.pdfwriter import PAGE_HEIGHT, PAGE_WIDTH
from breachkit.render.letters.truetype import FontProgram, program
from breachkit.render.text import Wrapper

MM = 72 / 25.4
LEFT = 25 * MM
RIGHT = PAGE_WIDTH - 20 * MM
BOTTOM = 20 * MM
TOP_LATER = PAGE_HEIGHT - 20 * MM
FOOTER_Y = 10 * MM
WINDOW_TEXT_WIDTH = 75 * MM
GRAY = "0.37 g"


@dataclass(frozen=True, slots=True)
class Style:
    font: str  # F1 regular, F2 bold
    size: float
    leading: float
    before: float = 0
    after: float = 0
    indent: float = 0
    gray: bool = False


STYLES = {
    Kind.TITLE: Style("F2", 12.5, 16, after=4),
    Kind.HEADING: Style("F2", 11, 15, before=7, after=1),
    Kind.SUBHEADING: Style("F2", 10, 13, before=3.5),
    Kind.PARAGRAPH: Style("F1", 10, 13, after=4.5),
    Kind.ITEM: Style("F1", 10, 13, after=1.5, indent=5 * MM),
    Kind.LINE: Style("F1", 10, 13),
    Kind.SMALL: Style("F1", 8, 10.5, after=4, gray=True),
    Kind.GAP: Style("F1", 10, 0),
}


@dataclass(frozen=True, slots=True)
class Frame:
    """What a letter's fixed parts say (same for every letter of a batch and language)."""

    sender: str
    sender_lines: tuple[str, ...]
    return_line: str
    info: tuple[tuple[str, str], ...]
    """Label and value pairs beside the address (date, our reference)."""
    your_reference_label: str
    footer: str
    page_label: str
    """With ``{page}`` and ``{pages}``."""
    window: str = "left"
    colon: str = ": "
    letter: bool = True
    """False for the public notice: no envelope window, fold marks or reference block."""


@dataclass(slots=True)
class Page:
    ops: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Body:
    """A laid-out body: one drawing-command text per page and the glyphs it uses."""

    pages: tuple[bytes, ...]
    regular: frozenset[int]
    bold: frozenset[int]
    greeting_y: float


class _Pen:
    """Draws text as glyph ids and remembers which glyphs were used."""

    def __init__(self) -> None:
        self.fonts: dict[str, FontProgram] = {"F1": program(FAMILY), "F2": program(BOLD)}
        self.used: dict[str, set[int]] = {"F1": set(), "F2": set()}
        self._wrappers: dict[tuple[str, float], Wrapper] = {}

    def width(self, font: str, text: str, size: float) -> float:
        return self.fonts[font].width(text, size)

    def text(
        self, font: str, size: float, x: float, y: float, text: str, gray: bool = False
    ) -> str:
        hexa = self.fonts[font].encode(text, self.used[font])
        op = f"BT /{font} {size:g} Tf {x:.2f} {y:.2f} Td <{hexa}> Tj ET\n"
        return f"q {GRAY} {op}Q\n" if gray else op

    def fit(self, font: str, text: str, size: float, width: float, smallest: float) -> float:
        """The largest size from ``size`` down to ``smallest`` at which ``text`` fits."""
        while size > smallest and self.width(font, text, size) > width:
            size -= 0.5
        return size

    def wrap(self, font: str, text: str, size: float, width: float) -> list[str]:
        key = (font, size)
        wrapper = self._wrappers.get(key)
        if wrapper is None:
            measure = self.fonts[font].width
            wrapper = self._wrappers[key] = Wrapper(lambda t: measure(t, size))
        return wrapper.lines(text, width)


def _envelope_parts(pen: _Pen, frame: Frame, first: list[str]) -> None:
    """The return line above the window, fold and punch marks, date and reference."""
    address_x, info_x = _window_x(frame)
    size = pen.fit("F1", frame.return_line, 7, WINDOW_TEXT_WIDTH, 5)
    first.append(pen.text("F1", size, address_x, PAGE_HEIGHT - 48.5 * MM, frame.return_line, True))
    marks = [(PAGE_HEIGHT - v * MM, length) for v, length in ((105, 10), (210, 10), (148.5, 13))]
    first.append(
        "q 0.3 w 0.5 G " + " ".join(f"4 {y:.2f} m {x} {y:.2f} l S" for y, x in marks) + " Q\n"
    )  # fold marks (DIN 5008 form B) and the punch mark
    y = PAGE_HEIGHT - 50 * MM
    for label, value in frame.info:
        first.append(pen.text("F1", 8.5, info_x, y, f"{label}{frame.colon}{value}"))
        y -= 12


def _window_x(frame: Frame) -> tuple[float, float]:
    """(address text x, information block x) for the window side."""
    if frame.window == "right":
        return 110 * MM, LEFT
    return LEFT, 125 * MM


def _letterhead(pen: _Pen, frame: Frame, title: str, first: list[str]) -> float:
    """The sender, the envelope parts of a letter by post and the title on the first
    page; returns the height below the title."""
    first.append(pen.text("F2", 13, LEFT, PAGE_HEIGHT - 18 * MM, frame.sender))
    y = PAGE_HEIGHT - 23 * MM
    for line in frame.sender_lines:
        first.append(pen.text("F1", 8, LEFT, y, line, gray=True))
        y -= 10
    if frame.letter:
        _envelope_parts(pen, frame, first)
        y = PAGE_HEIGHT - 100 * MM
    else:
        y = PAGE_HEIGHT - 45 * MM
    style = STYLES[Kind.TITLE]
    for line in pen.wrap(style.font, title, style.size, RIGHT - LEFT):
        first.append(pen.text(style.font, style.size, LEFT, y, line))
        y -= style.leading
    return y


def layout_body(frame: Frame, title: str, blocks: Sequence[Block]) -> Body:
    """Lay out the shared layer: letterhead, subject, sections, page numbers."""
    pen = _Pen()
    pages = [Page()]
    y = _letterhead(pen, frame, title, pages[0].ops)
    greeting_y = y - 8
    y = greeting_y - 18 if frame.letter else y - 4
    page = pages[0]
    for index, block in enumerate(blocks):
        style = STYLES[block.kind]
        width = RIGHT - LEFT - style.indent
        lines = pen.wrap(style.font, block.text, style.size, width) if block.text else [""]
        need = style.before + style.leading * len(lines)
        following = blocks[index + 1].kind if index + 1 < len(blocks) else None
        if block.kind in (Kind.HEADING, Kind.SUBHEADING) and following is not None:
            need += _section_need(pen, blocks, index + 1)  # keep with what follows
        elif block.kind is Kind.LINE and (index == 0 or blocks[index - 1].kind is not Kind.LINE):
            need = _run(blocks, index) * style.leading  # kept lines stay together
        elif len(lines) > 1:
            need = style.before + style.leading * 2  # at least two lines before a break
        if y - need < BOTTOM:
            page = Page()
            pages.append(page)
            y = TOP_LATER
        elif page.ops or y < TOP_LATER:
            y -= style.before
        if block.kind is Kind.GAP:
            y -= STYLES[Kind.PARAGRAPH].after
            continue
        if block.kind is Kind.ITEM:
            page.ops.append(pen.text("F1", style.size, LEFT + 1.5 * MM, y, "•"))
        for line in lines:
            if y < BOTTOM:
                page = Page()
                pages.append(page)
                y = TOP_LATER
            if line:
                page.ops.append(
                    pen.text(style.font, style.size, LEFT + style.indent, y, line, style.gray)
                )
            y -= style.leading
        y -= style.after
        if block.kind is Kind.LINE and following is not Kind.LINE:
            y -= STYLES[Kind.PARAGRAPH].after  # a gap after an address or signature
    _page_footers(pen, frame, pages)
    return Body(
        tuple("".join(p.ops).encode("ascii") for p in pages),
        frozenset(pen.used["F1"]),
        frozenset(pen.used["F2"]),
        greeting_y,
    )


def _page_footers(pen: _Pen, frame: Frame, pages: list[Page]) -> None:
    """The footer line and ``page x of y`` on every page."""
    total = len(pages)
    for number, each in enumerate(pages, start=1):
        each.ops.append(pen.text("F1", 7.5, LEFT, FOOTER_Y, frame.footer, gray=True))
        label = frame.page_label.replace("{page}", str(number)).replace("{pages}", str(total))
        x = RIGHT - pen.width("F1", label, 7.5)
        each.ops.append(pen.text("F1", 7.5, x, FOOTER_Y, label, gray=True))


def _section_need(pen: _Pen, blocks: Sequence[Block], start: int) -> float:
    """Room for what a heading must not be parted from: two lines of the next block, or
    the whole of a short paragraph and the kept lines after it (an address)."""
    block = blocks[start]
    style = STYLES[block.kind]
    lines = len(pen.wrap(style.font, block.text, style.size, RIGHT - LEFT - style.indent))
    if block.kind is Kind.LINE:
        return _run(blocks, start) * style.leading
    if block.kind in (Kind.HEADING, Kind.SUBHEADING) and start + 1 < len(blocks):
        return style.before + style.leading * lines + _section_need(pen, blocks, start + 1)
    need = style.leading * min(lines, 2)
    if lines <= 3 and start + 1 < len(blocks) and blocks[start + 1].kind is Kind.LINE:
        need = style.leading * lines + style.after + _run(blocks, start + 1) * style.leading
    return need


def _run(blocks: Sequence[Block], start: int) -> int:
    """How many kept lines follow one another from ``start`` (at most a page's worth)."""
    count = 0
    while start + count < len(blocks) and blocks[start + count].kind is Kind.LINE:
        count += 1
    return min(count, 30)


@dataclass(frozen=True, slots=True)
class Personal:
    pages: tuple[bytes, ...]
    regular: frozenset[int]


def layout_personal(
    frame: Frame,
    body: Body,
    *,
    address: Sequence[str],
    greeting: str,
    reference: str,
) -> Personal:
    """The person's layer: window address, their reference, the greeting."""
    pen = _Pen()
    ops: list[str] = []
    address_x, info_x = _window_x(frame)
    if address:
        size, leading = (10.0, 12.0) if len(address) <= 6 else (8.5, 9.5)
        y = PAGE_HEIGHT - 66 * MM
        for line in address:
            fitted = pen.fit("F1", line, size, WINDOW_TEXT_WIDTH, 6.5)
            ops.append(pen.text("F1", fitted, address_x, y, line))
            y -= leading
    if reference:
        y = PAGE_HEIGHT - 50 * MM - 12 * len(frame.info)
        text = f"{frame.your_reference_label}{frame.colon}{reference}"
        fitted = pen.fit("F1", text, 8.5, RIGHT - info_x if info_x > LEFT else 80 * MM, 6)
        ops.append(pen.text("F1", fitted, info_x, y, text))
    size = pen.fit("F1", greeting, 10, RIGHT - LEFT, 6)
    ops.append(pen.text("F1", size, LEFT, body.greeting_y, greeting))
    footer = ""
    if reference:
        mark = f"{frame.your_reference_label}{frame.colon}{reference}"
        size = pen.fit("F1", mark, 7.5, 60 * MM, 5)
        x = (PAGE_WIDTH - pen.width("F1", mark, size)) / 2
        footer = pen.text("F1", size, x, FOOTER_Y, mark, gray=True)
    first = ("".join(ops) + footer).encode("ascii")
    later = footer.encode("ascii")
    pages = (first,) + (later,) * (len(body.pages) - 1)
    return Personal(pages, frozenset(pen.used["F1"]))
