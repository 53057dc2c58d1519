"""The one PDF document skeleton: A4, named styles, escaped paragraphs, one footer.

Every breachkit PDF built with reportlab (notification drafts, the after-action report,
the breach register) is a :class:`PdfDocument`: a class with a named stylesheet, the
fonts registered once, a :meth:`~PdfDocument.story` built from the immutable input it
was given, and :meth:`~PdfDocument.render` returning bytes. Every page carries the same
:class:`Footer`: what the document is, its version, when it was generated, page x of y,
and on the lines below the SHA-256 of the content and the timeline's chain head where
the document has them.

User text always goes through :func:`para` (reportlab Paragraph text is markup: a name
like ``<b>Dupont & Fils</b>`` must print literally).
"""

from __future__ import annotations

import zlib
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFBase85Encode,
    PDFName,
    PDFPage,
    PDFStream,
    PDFZCompress,
)
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from breachkit.render.fonts import BOLD, FAMILY, register_fonts

MARGIN = 20 * mm
BOTTOM_MARGIN = 22 * mm
INK = colors.HexColor("#1d1d1f")
MUTED = colors.HexColor("#5f6368")
RULE = colors.HexColor("#c8c8cc")
HEAD_FILL = colors.HexColor("#eef1f5")


def stylesheet() -> StyleSheet1:
    """The named styles every breachkit document starts from."""
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
            "Heading", parent=base, fontName=BOLD, fontSize=12, leading=16, spaceBefore=10
        )
    )
    sheet.add(
        ParagraphStyle(
            "Subheading", parent=base, fontName=BOLD, fontSize=10, spaceBefore=6, spaceAfter=2
        )
    )
    sheet.add(ParagraphStyle("Cell", parent=base, fontSize=9, leading=12, spaceAfter=0))
    sheet.add(
        ParagraphStyle("CellBold", parent=base, fontName=BOLD, fontSize=9, leading=12, spaceAfter=0)
    )
    sheet.add(ParagraphStyle("CellSmall", parent=base, fontSize=8, leading=10, spaceAfter=0))
    sheet.add(
        ParagraphStyle("CellHead", parent=base, fontName=BOLD, fontSize=8, leading=10, spaceAfter=0)
    )
    return sheet


def markup(text: str) -> str:
    """User text as Paragraph markup: escaped, line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def para(text: str, style: ParagraphStyle, *, bullet: str | None = None) -> Paragraph:
    """A paragraph of user text (escaped), with an optional bullet (``•``, ``L1``)."""
    return Paragraph(markup(text), style, bulletText=bullet)


@dataclass(frozen=True, slots=True)
class Footer:
    """What every page says at the bottom.

    The first line joins ``document``, ``version`` and ``generated``, with ``page x of
    y`` on the right; under it, smaller, the content's SHA-256 and the timeline's chain
    head when they are given. The labels carry the document's language.
    """

    document: str
    """What the document is: ``BK-2026-0001 · after-action report (redacted)``."""
    generated: str = ""
    """When it was made, as the reader reads it: ``generated 2026-12-04 17:30 CET``."""
    version: str = ""
    content_sha256: str = ""
    chain_head: str = ""
    """The incident timeline's seal (its chain head) when the document was made."""
    page_label: str = "Page {page} of {pages}"
    content_label: str = "Content SHA-256 {hash}"
    chain_label: str = "Timeline chain head {head}"

    def first_line(self) -> str:
        return " · ".join(part for part in (self.document, self.version, self.generated) if part)

    def small_lines(self) -> list[str]:
        lines = []
        if self.content_sha256:
            lines.append(self.content_label.format(hash=self.content_sha256))
        if self.chain_head:
            lines.append(self.chain_label.format(head=self.chain_head))
        return lines


HELD_AS_TEXT = 16_000_000
"""Characters of finished pages a :class:`FooterCanvas` holds as they are; pages after
those are held deflated (fast, level 1) until their footers are drawn."""


class FooterCanvas(Canvas):  # type: ignore[misc]
    """A canvas that draws the :class:`Footer` once the page count is known.

    Pages are kept until :meth:`save` (two-pass page states), the drawing commands past
    the first :data:`HELD_AS_TEXT` characters deflated; once its footer is drawn a page
    is deflated for good, as reportlab would when writing the file (the same bytes). A
    report of thousands of pages never holds them all uncompressed.
    """

    footer: Footer = Footer("")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: deque[dict[str, Any]] = deque()
        self._held = 0
        self._footer_code: list[str] = []
        """What the footer writes before and after the page label (the same on every
        page); one list, kept through the page states :meth:`save` restores."""

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        state = dict(self.__dict__)
        code = "\n".join(self._code)
        if self._held + len(code) <= HELD_AS_TEXT:  # a few hundred pages: no need to squeeze
            self._held += len(code)
            state["_code"] = code
        else:
            state["_code"] = zlib.compress(code.encode(), 1)
        self._pages.append(state)
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        pages, self._pages = self._pages, deque()
        while pages:
            state = pages.popleft()
            code = state["_code"]
            state["_code"] = [code if isinstance(code, str) else zlib.decompress(code).decode()]
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
            _deflate(self._doc.Pages.pages[-1])
        super().save()

    def _draw_footer(self, total: int) -> None:
        """The footer; drawn in full on the first page, whose code before and after the
        page label is then written as it is on every other page (the same bytes)."""
        footer = self.footer
        width, _ = self._pagesize
        small = footer.small_lines()
        lift = 3.5 * mm * max(0, len(small) - 1)  # a third line lifts the others
        label = footer.page_label.format(page=self._pageNumber, pages=total)
        self.saveState()
        code, drawn = self._code, self._footer_code
        if drawn:
            code.append(drawn[0])
            self.setFont(FAMILY, 7)
            self.drawRightString(width - MARGIN, 11 * mm + lift, label)
            if drawn[1]:
                code.append(drawn[1])
        else:
            start = len(code)
            self.setStrokeColor(RULE)
            self.line(MARGIN, 15 * mm + lift, width - MARGIN, 15 * mm + lift)
            self.setFillColor(MUTED)
            self.setFont(FAMILY, 7)
            self.drawString(MARGIN, 11 * mm + lift, footer.first_line())
            middle = len(code)
            self.drawRightString(width - MARGIN, 11 * mm + lift, label)
            end = len(code)
            self.setFont(FAMILY, 6.3)
            for index, line in enumerate(small):
                self.drawString(MARGIN, 7.5 * mm + lift - 3.5 * mm * index, line)
            drawn[:] = ["\n".join(code[start:middle]), "\n".join(code[end:])]
        self.restoreState()


def _deflate(page: PDFPage) -> None:
    """Encode a finished page's stream now, exactly as reportlab would when writing the
    file (``PDFPage.check_format`` and ``PDFStream.format``): the same bytes, held small."""
    if not page.compression or not page.stream or page.Contents:
        return
    filters = [PDFBase85Encode, PDFZCompress] if rl_config.useA85 else [PDFZCompress]
    content, names = page.stream, list[PDFName]()
    for encoding in reversed(filters):
        content = encoding.encode(content)
        names.insert(0, PDFName(encoding.pdfname))
    stream = PDFStream(content=content)
    stream.dictionary["Filter"] = PDFArray(names)
    stream.__Comment__ = "page stream"
    page.Contents, page.stream = stream, None


@dataclass(frozen=True, slots=True)
class Metadata:
    """The PDF's document information: title, author, subject."""

    title: str
    author: str = "breachkit"
    subject: str = ""


class PdfDocument:
    """The skeleton of every breachkit PDF (in the spirit of pretix's invoice renderer).

    A subclass takes its immutable input in ``__init__`` (calling ``super().__init__()``),
    extends :meth:`stylesheet`, and says what the document is: :meth:`story`,
    :meth:`footer`, :meth:`metadata`, and optionally a running header
    (:meth:`on_page`, with :attr:`top_margin` leaving room for it). :meth:`render`
    returns the PDF bytes, which depend only on the input (no creation date, no random
    id), and sets :attr:`pages`.
    """

    top_margin: float = MARGIN
    bottom_margin: float = BOTTOM_MARGIN

    def __init__(self) -> None:
        register_fonts()
        self.sheet = self.stylesheet()
        self.pages = 0

    def stylesheet(self) -> StyleSheet1:
        return stylesheet()

    def story(self) -> Iterable[Flowable]:
        raise NotImplementedError

    def footer(self) -> Footer:
        raise NotImplementedError

    def metadata(self) -> Metadata:
        raise NotImplementedError

    def on_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Draw what every page has besides the footer (a running header); nothing here."""

    def render(self) -> bytes:
        buffer = BytesIO()
        meta = self.metadata()
        doc = BaseDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=self.top_margin,
            bottomMargin=self.bottom_margin,
            title=meta.title,
            author=meta.author,
            subject=meta.subject,
            invariant=1,
        )
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self.on_page)])
        canvas_class = type("DocumentCanvas", (FooterCanvas,), {"footer": self.footer()})
        doc.build(list(self.story()), canvasmaker=canvas_class)
        self.pages = doc.page
        return buffer.getvalue()
