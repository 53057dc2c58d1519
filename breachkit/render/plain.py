"""Paragraphs of plain text drawn lightly: a register's thousand headings and bullets.

:func:`plain` gives a :class:`PlainParagraph` where the style asks for nothing but
left-aligned text (and a simple bullet), else a reportlab ``Paragraph`` of the escaped
text. A ``PlainParagraph`` breaks its lines where the ``Paragraph`` would
(:mod:`breachkit.render.text`, tested against reportlab), puts them at the same places,
splits across pages by the same rules (no single first line left at the foot of a
page), and writes them as one text object. Text prints as it is, never read as markup.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from breachkit.render.pdf import markup
from breachkit.render.pdftext import text_object
from breachkit.render.text import Wrapper

_WRAPPERS: dict[tuple[str, float], Wrapper] = {}


def plain(text: str, style: ParagraphStyle, *, bullet: str | None = None) -> Flowable:
    """``text`` as a light paragraph where ``style`` allows, else as a ``Paragraph``."""
    if _simple(style, bullet):
        return PlainParagraph(text, style, bullet)
    return Paragraph(markup(text), style, bulletText=bullet)


def _simple(style: ParagraphStyle, bullet: str | None) -> bool:
    plain_text = (
        style.alignment == TA_LEFT
        and style.backColor is None
        and not style.borderWidth
        and not style.firstLineIndent
        and not getattr(style, "wordWrap", None)
        and getattr(style, "autoLeading", "") in ("", "off", None)
        and not getattr(style, "allowOrphans", 0)
        and getattr(style, "allowWidows", 1)
        and not getattr(style, "textTransform", None)
        and not getattr(style, "underlineWidth", "")
        and not getattr(style, "endDots", None)
    )
    if not plain_text:
        return False
    if bullet is None:
        return True
    width = stringWidth(bullet, style.bulletFontName, style.bulletFontSize)
    ends = style.bulletIndent + width + 0.6 * style.bulletFontSize
    return bool(style.bulletAnchor == "start" and ends <= style.leftIndent)


class PlainParagraph(Flowable):  # type: ignore[misc]
    """Left-aligned plain text in a paragraph style (see the module)."""

    def __init__(self, text: str, style: ParagraphStyle, bullet: str | None = None) -> None:
        super().__init__()
        self.text, self.style, self.bullet = text, style, bullet
        self.lines: list[str] | None = None
        self._width = -1.0

    def _wrapper(self) -> Wrapper:
        key = (self.style.fontName, self.style.fontSize)
        found = _WRAPPERS.get(key)
        if found is None:
            width, size = getFont(key[0]).stringWidth, key[1]
            found = _WRAPPERS[key] = Wrapper(lambda t: float(width(t, size)), shrink=0.05)
        return found

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self.lines is None or avail_width != self._width:
            style = self.style
            text = "\n".join(" ".join(part.split()) for part in self.text.strip().split("\n"))
            limit = avail_width - style.leftIndent - style.rightIndent
            self.lines = self._wrapper().lines(text, limit) if text else []
            self._width = avail_width
        self.width, self.height = avail_width, self.style.leading * len(self.lines)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        assert self.lines is not None
        fit = int(avail_height / float(self.style.leading))
        if fit <= 1:  # a single first line at the foot of a page: move on whole
            return []
        if len(self.lines) <= fit:
            return [self]
        first = PlainParagraph(self.text, self.style, self.bullet)
        rest = PlainParagraph(self.text, self.style)
        first.lines, rest.lines = self.lines[:fit], self.lines[fit:]
        first._width = rest._width = avail_width
        first.spaceAfter, rest.spaceBefore = 0, 0
        return [first, rest]

    def draw(self) -> None:
        canvas: Canvas = self.canv
        style = self.style
        if not self.lines:
            return
        baseline = self.height - style.fontSize
        if self.bullet:
            _bullet(canvas, style, self.bullet, baseline)
        ops = text_object(
            canvas, style.fontName, style.fontSize, style.leftIndent, baseline, style.leading,
            self.lines, style.textColor,
        )  # fmt: skip
        canvas.addLiteral(ops)


_BULLETS: WeakKeyDictionary[Any, dict[tuple[Any, ...], str]] = WeakKeyDictionary()
_AT_ORIGIN = "BT 1 0 0 1 0 0 Tm"


def _bullet(canvas: Canvas, style: Any, bullet: str, baseline: float) -> None:
    """The bullet as reportlab's text object writes it; the object is made once per
    document, font, size, colour and bullet, and only moved after (a register's
    thousands of bullets)."""
    colour = getattr(style, "bulletColor", style.textColor)
    x, y = style.bulletIndent, baseline + getattr(style, "bulletOffsetY", 0)
    key = (style.bulletFontName, style.bulletFontSize, colour, bullet)
    made = _BULLETS.setdefault(canvas._doc, {})
    rest = made.get(key)
    if rest is None:
        code = _bullet_code(canvas, style, colour, bullet, 0, 0)
        if not code.startswith(_AT_ORIGIN):  # not drawn bottom-up: no shortcut
            canvas.addLiteral(_bullet_code(canvas, style, colour, bullet, x, y))
            return
        rest = made[key] = code[len(_AT_ORIGIN) :]
    canvas.addLiteral(f"BT 1 0 0 1 {fp_str(x, y)} Tm{rest}")


def _bullet_code(canvas: Canvas, style: Any, colour: Any, bullet: str, x: float, y: float) -> str:
    text = canvas.beginText(x, y)
    text.setFont(style.bulletFontName, style.bulletFontSize)
    text.setFillColor(colour)
    text.textOut(bullet)
    return str(text.getCode())
