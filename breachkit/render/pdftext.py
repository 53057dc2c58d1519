"""Text written straight into a PDF content stream, as reportlab would write it.

A light table (:mod:`breachkit.render.rows`) or paragraph (:mod:`breachkit.render.plain`)
writes a page of lines as one text object: :class:`Codes` turns a line into the codes
of the document's subset of a TrueType font exactly as reportlab assigns them (so the
bytes are reportlab's), :func:`show_line` writes one line, :func:`text_object` a block.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from weakref import WeakKeyDictionary

from reportlab.lib import colors
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas


class Codes:
    """One TrueType font's codes in one document, as reportlab assigns them.

    Characters already seen in subset 0 (nearly all text) are translated in one call;
    anything else goes through the font's own ``splitString``, which assigns the codes.
    """

    __slots__ = ("font", "doc", "table", "known", "names", "shown")

    def __init__(self, font_name: str, doc: Any) -> None:
        self.font = getFont(font_name)
        self.doc = doc
        self.table: dict[int, int] = {}
        self.known: set[str] = set()
        self.names: dict[int, str] = {}
        self.shown: dict[str, str] = {}
        """Lines of subset 0 as written in a string (dates, kinds, names repeat)."""

    def escaped(self, line: str) -> str | None:
        """``line``'s codes as a PDF string's content, if all are in subset 0."""
        found = self.shown.get(line)
        if found is None and self.known.issuperset(line):
            found = escapePDF(line.translate(self.table).encode("latin-1"))
            if len(self.shown) >= 16_384:
                self.shown.clear()
            self.shown[line] = found
        return found

    def name(self, subset: int) -> str:
        found = self.names.get(subset)
        if found is None:
            found = self.names[subset] = self.font.getSubsetInternalName(subset, self.doc)
        return found

    def parts(self, text: str) -> list[tuple[int, bytes]]:
        if not self.known.issuperset(text):
            self._learn(text)
            if not self.known.issuperset(text):
                return list(self.font.splitString(text, self.doc))
        return [(0, text.translate(self.table).encode("latin-1"))]

    def _learn(self, text: str) -> None:
        """Codes for the new characters of ``text``, in order (the bytes stay the same)."""
        for char in dict.fromkeys(text):
            if char in self.known:
                continue
            parts = self.font.splitString(char, self.doc)
            if len(parts) == 1 and parts[0][0] == 0 and len(parts[0][1]) == 1:
                self.table[ord(char)] = parts[0][1][0]
                self.known.add(char)


_CODES: WeakKeyDictionary[Any, dict[str, Codes]] = WeakKeyDictionary()


def codes_of(canvas: Canvas, font_name: str) -> Codes:
    """The codes of ``font_name`` in the document ``canvas`` draws (one per document)."""
    fonts = _CODES.setdefault(canvas._doc, {})
    found = fonts.get(font_name)
    if found is None:
        found = fonts[font_name] = Codes(font_name, canvas._doc)
    return found


def text_object(
    canvas: Canvas,
    font_name: str,
    size: float,
    x: float,
    baseline: float,
    leading: float,
    lines: Sequence[str],
    colour: colors.Color,
) -> str:
    """``lines`` as one text object: the first on ``baseline``, then ``leading`` apart."""
    codes = codes_of(canvas, font_name)
    ops = ["BT", f"{rgb(colour)} rg"]
    origin, size_text, font = f"1 0 0 1 {fp_str(x)}", fp_str(size), ""
    for line in lines:
        if line:
            font = show_line(
                ops.append, codes, f"{origin} {fp_str(baseline)} Tm", line, font, size_text
            )
        baseline -= leading
    ops.append("ET")
    return "\n".join(ops)


def show_line(add: Any, codes: Codes, origin: str, line: str, font: str, size: str) -> str:
    """``line`` in as many subsets as it needs; returns the font selected last."""
    op = origin
    for subset, data in codes.parts(line):
        name = codes.name(subset)
        if name != font:
            op += f" {name} {size} Tf"
            font = name
        op += f" ({escapePDF(data)}) Tj"
    add(op)
    return font


def rgb(colour: colors.Color) -> str:
    return str(fp_str(colour.red, colour.green, colour.blue))
