"""The PDF of a notification draft, built from the same blocks as the portal sheet.

A4, embedded DejaVu Sans. Every page has a header (the organisation on the left, the
authority on the right) and a footer (incident, draft version, generation time, page x
of y, and the SHA-256 of the content on a second line). An incomplete draft carries a
red notice under the title listing what is missing. Every user string goes through
:func:`breachkit.render.pdf.para`, so markup characters print literally.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Paragraph, Spacer, Table, TableStyle

from breachkit.core.drafts.content import Value
from breachkit.render.drafts.blocks import (
    Block,
    DraftContent,
    DraftMeta,
    generated_text,
    meta_lines,
)
from breachkit.render.fonts import BOLD, FAMILY, ITALIC
from breachkit.render.pdf import (
    MARGIN,
    MUTED,
    RULE,
    Footer,
    Metadata,
    PdfDocument,
    markup,
    para,
)
from breachkit.render.text import shorten

ALERT = colors.HexColor("#b00020")
ALERT_BACKGROUND = colors.HexColor("#fdecee")
HEADER_Y = 287 * mm  # baseline of the running header on A4 (297 mm high)


class DraftDocument(PdfDocument):
    """A notification draft: header with the organisation and the authority on every page."""

    top_margin = MARGIN + 8 * mm

    def __init__(
        self, content: DraftContent, meta: DraftMeta, organisation: str, *, chain_head: str = ""
    ) -> None:
        self.content, self.meta, self.organisation = content, meta, organisation
        self.chain_head = chain_head
        name = content.authority.name_in(content.draft.language)
        short = content.authority.short
        self.authority = name if name == short else f"{name} ({short})"
        blocks = list(content.blocks)
        self.title = blocks.pop(0).text if blocks and blocks[0].kind == "title" else content.title
        self.blocks = blocks
        super().__init__()

    def stylesheet(self) -> StyleSheet1:
        sheet = super().stylesheet()
        body = sheet["Body"]
        sheet.add(
            ParagraphStyle("Label", parent=sheet["Subheading"], keepWithNext=1, spaceBefore=7)
        )
        sheet.add(ParagraphStyle("Section", parent=sheet["Heading"], keepWithNext=1))
        sheet.add(ParagraphStyle("Item", parent=body, leftIndent=12, bulletIndent=2, spaceAfter=2))
        sheet.add(ParagraphStyle("NotStated", parent=body, fontName=ITALIC, textColor=MUTED))
        sheet.add(
            ParagraphStyle("NotStatedCell", parent=sheet["Cell"], fontName=ITALIC, textColor=MUTED)
        )
        sheet.add(
            ParagraphStyle(
                "ItemCell", parent=sheet["Cell"], leftIndent=10, bulletIndent=0, spaceAfter=1
            )
        )
        sheet.add(
            ParagraphStyle("Alert", parent=body, fontName=BOLD, textColor=ALERT, spaceAfter=2)
        )
        sheet.add(ParagraphStyle("AlertItem", parent=sheet["Item"], textColor=ALERT))
        return sheet

    def story(self) -> list[Flowable]:
        content, sheet = self.content, self.sheet
        first, _ = meta_lines(content, self.meta)
        story: list[Flowable] = [
            para(self.title, sheet["Title"]),
            para(first, sheet["Small"]),
            Spacer(1, 3 * mm),
        ]
        if content.draft.missing:
            story.append(_incomplete_notice(content, sheet))
        story.extend(_body(self.blocks, sheet, content.vocab.word("terms", "not_stated")))
        return story

    def footer(self) -> Footer:
        content, vocab = self.content, self.content.vocab
        return Footer(
            document=content.draft.incident_id,
            version=vocab.say("document", "version", version=str(self.meta.version)),
            generated=generated_text(content, self.meta),
            content_sha256=content.sha256,
            chain_head=self.chain_head,
            page_label=vocab.word("document", "page"),
            content_label=vocab.word("document", "content_hash"),
        )

    def metadata(self) -> Metadata:
        content = self.content
        return Metadata(
            self.title,
            author=self.organisation or "breachkit",
            subject=f"{content.authority.short} · content SHA-256 {content.sha256}",
        )

    def on_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """The running header: organisation left, authority right, INCOMPLETE if so."""
        width = canvas._pagesize[0]
        canvas.saveState()
        canvas.setFont(BOLD, 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, HEADER_Y, _fit(self.organisation, BOLD, 8, width * 0.42))
        canvas.setFont(FAMILY, 8)
        canvas.drawRightString(
            width - MARGIN, HEADER_Y, _fit(self.authority, FAMILY, 8, width * 0.42)
        )
        if self.content.draft.missing:
            canvas.setFont(BOLD, 8)
            canvas.setFillColor(ALERT)
            incomplete = self.content.vocab.word("terms", "incomplete")
            canvas.drawCentredString(width / 2, HEADER_Y - 4 * mm, incomplete)
        canvas.setStrokeColor(RULE)
        canvas.line(MARGIN, HEADER_Y - 6 * mm, width - MARGIN, HEADER_Y - 6 * mm)
        canvas.restoreState()


def render_draft_pdf(
    content: DraftContent, meta: DraftMeta, organisation: str, *, chain_head: str = ""
) -> bytes:
    """The draft as PDF bytes (deterministic for the same content and meta)."""
    return DraftDocument(content, meta, organisation, chain_head=chain_head).render()


def _incomplete_notice(content: DraftContent, sheet: StyleSheet1) -> Table:
    rows: list[list[Flowable]] = [
        [para(content.vocab.word("document", "incomplete_banner"), sheet["Alert"])]
    ]
    for missing in content.draft.missing:
        rows.append([Paragraph(markup(missing.label), sheet["AlertItem"], bulletText="•")])
    table = Table(rows, colWidths=[170 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1, ALERT),
                ("BACKGROUND", (0, 0), (-1, -1), ALERT_BACKGROUND),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


LABEL_WIDTH = 62 * mm
VALUE_WIDTH = 108 * mm


def _body(blocks: list[Block], sheet: StyleSheet1, not_stated: str) -> list[Flowable]:
    """Headings and paragraphs as they come; runs of short fields as a two-column table,
    long values (a narrative, a long list) under their label across the full width."""
    out: list[Flowable] = []
    rows: list[list[Any]] = []

    def flush() -> None:
        if rows:
            out.append(_field_table(list(rows)))
            rows.clear()

    for block in blocks:
        if block.kind in ("title", "section"):
            flush()
            out.append(para(block.text, sheet["Section"]))
        elif block.kind == "text":
            flush()
            out.append(para(block.text, sheet["Body"]))
        elif _short(block.value):
            rows.append(
                [para(block.text, sheet["CellBold"]), _value(block.value, sheet, not_stated, True)]
            )
        else:
            flush()
            out.append(para(block.text, sheet["Label"]))
            out.extend(_value(block.value, sheet, not_stated, False))
    flush()
    return out


def _short(value: Value) -> bool:
    if value is None:
        return True
    if isinstance(value, tuple):
        return len(value) <= 6 and sum(len(v) for v in value) <= 400
    return len(value) <= 240 and value.count("\n") < 5


def _value(value: Value, sheet: StyleSheet1, not_stated: str, cell: bool) -> list[Flowable]:
    body = sheet["Cell"] if cell else sheet["Body"]
    if value is None:
        style = sheet["NotStatedCell"] if cell else sheet["NotStated"]
        return [para(not_stated, style)]
    if isinstance(value, tuple):
        style = sheet["ItemCell"] if cell else sheet["Item"]
        return [Paragraph(markup(item), style, bulletText="•") for item in value]
    return [para(value, body)]


def _field_table(rows: list[list[Any]]) -> Table:
    table = Table(rows, colWidths=[LABEL_WIDTH, VALUE_WIDTH], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 8),
            ]
        )
    )
    return table


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten ``text`` with an ellipsis so it fits ``width`` points."""
    return shorten(text, width, lambda t: stringWidth(t, font, size))
