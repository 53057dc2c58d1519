"""The shared PDF frame: A4, named styles, escaped paragraphs, a footer with page x of y.

Documents (drafts, letters, reports) build a story of flowables and call
:func:`render_pdf`, which returns bytes. User text always goes through :func:`para`
(reportlab Paragraph text is markup: a name like ``<b>Dupont & Fils</b>`` must print
literally).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from breachkit.render.fonts import BOLD, FAMILY, register_fonts

MARGIN = 20 * mm
INK = colors.HexColor("#1d1d1f")
MUTED = colors.HexColor("#5f6368")
RULE = colors.HexColor("#c8c8cc")


def stylesheet() -> StyleSheet1:
    """The named styles every breachkit document uses."""
    register_fonts()
    sheet = StyleSheet1()
    base = ParagraphStyle(
        "Body",
        fontName=FAMILY,
        fontSize=10,
        leading=14,
        textColor=INK,
        alignment=TA_LEFT,
        spaceAfter=4,
    )
    sheet.add(base)
    sheet.add(ParagraphStyle("Small", parent=base, fontSize=8, leading=10, textColor=MUTED))
    sheet.add(
        ParagraphStyle("Title", parent=base, fontName=BOLD, fontSize=16, leading=20, spaceAfter=8)
    )
    sheet.add(
        ParagraphStyle(
            "Heading",
            parent=base,
            fontName=BOLD,
            fontSize=12,
            leading=16,
            spaceBefore=10,
            spaceAfter=4,
        )
    )
    sheet.add(
        ParagraphStyle(
            "Subheading",
            parent=base,
            fontName=BOLD,
            fontSize=10,
            leading=14,
            spaceBefore=6,
            spaceAfter=2,
        )
    )
    sheet.add(ParagraphStyle("Cell", parent=base, fontSize=9, leading=12, spaceAfter=0))
    sheet.add(
        ParagraphStyle("CellBold", parent=base, fontName=BOLD, fontSize=9, leading=12, spaceAfter=0)
    )
    return sheet


def markup(text: str) -> str:
    """User text as Paragraph markup: escaped, line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of user text (escaped)."""
    return Paragraph(markup(text), style)


def key_value_table(
    rows: Sequence[tuple[str, str]],
    sheet: StyleSheet1,
    widths: tuple[float, float] = (55 * mm, 115 * mm),
) -> Table:
    """A two-column table of labels and values (both escaped)."""
    data = [[para(k, sheet["CellBold"]), para(v, sheet["Cell"])] for k, v in rows]
    table = Table(data, colWidths=list(widths), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


@dataclass(frozen=True, slots=True)
class Footer:
    """What every page says at the bottom: left text, and ``page x of y`` on the right."""

    left: str
    page_label: str = "Page {page} of {pages}"
    second: str = ""
    """An optional second line under ``left`` (e.g. a content hash)."""


def _numbered_canvas(footer: Footer) -> type[Canvas]:
    class NumberedCanvas(Canvas):  # type: ignore[misc]
        """Draws the footer once the page count is known (two-pass page states)."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._draw_footer(total)
                super().showPage()
            super().save()

        def _draw_footer(self, total: int) -> None:
            width, _ = self._pagesize
            self.saveState()
            self.setFont(FAMILY, 7)
            self.setFillColor(MUTED)
            self.setStrokeColor(RULE)
            self.line(MARGIN, 14 * mm, width - MARGIN, 14 * mm)
            self.drawString(MARGIN, 10 * mm, footer.left)
            if footer.second:
                self.drawString(MARGIN, 6.5 * mm, footer.second)
            self.drawRightString(
                width - MARGIN,
                10 * mm,
                footer.page_label.format(page=self._pageNumber, pages=total),
            )
            self.restoreState()

    return NumberedCanvas


def render_pdf(
    story: list[Flowable],
    *,
    title: str,
    footer: Footer,
    author: str = "breachkit",
    subject: str = "",
    on_first_page: Callable[[Canvas, BaseDocTemplate], None] | None = None,
    invariant: bool = True,
    on_later_pages: Callable[[Canvas, BaseDocTemplate], None] | None = None,
    top_margin: float = MARGIN,
) -> bytes:
    """Lay out ``story`` on A4 and return the PDF bytes.

    ``invariant`` (default) makes the bytes depend only on the content: no creation
    date or random id inside, so the same input gives the same file and hash.
    ``on_later_pages`` draws on pages 2 onwards (e.g. a running header); ``top_margin``
    leaves room for it.
    """
    register_fonts()
    buffer = BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=top_margin,
        bottomMargin=22 * mm,
        title=title,
        author=author,
        subject=subject,
        invariant=int(invariant),
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    first = PageTemplate(
        id="first", frames=[frame], onPage=on_first_page or _nothing, autoNextPageTemplate="later"
    )
    later = PageTemplate(id="later", frames=[frame], onPage=on_later_pages or _nothing)
    doc.addPageTemplates([first, later])
    doc.build(story, canvasmaker=_numbered_canvas(footer))
    return buffer.getvalue()


def _nothing(_canvas: Canvas, _doc: BaseDocTemplate) -> None:
    return None
