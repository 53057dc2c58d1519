"""Fitting text into a width: the one line-breaking routine every renderer uses.

:func:`wrap` breaks text into lines no wider than a limit, given a function that measures
a string (a font's advance widths at a size): the report's timeline, the register's
cells, the letters' paragraphs and the plain-text e-mail body all break lines with it.
:func:`shorten` cuts a single line with an ellipsis (running headers, chart labels).

It is greedy, as reportlab's ``Paragraph`` is for left-aligned text: words are separated
by single spaces, ``\\n`` is a hard break, a word longer than the limit is broken where it
must be (a hash, a path). ``shrink`` lets a line run over by that fraction of a space per
word, which is reportlab's ``spaceShrinkage`` (0.05): pass it where the text replaces a
``Paragraph`` so lines break where they always did.
"""

from __future__ import annotations

from collections.abc import Callable

Measure = Callable[[str], float]
"""The width of a string, in the unit of the limit (points for PDF, columns for text)."""


class Wrapper:
    """Line breaking with one measure, word widths cached (a timeline repeats its words)."""

    __slots__ = ("measure", "shrink", "space", "_widths")

    def __init__(self, measure: Measure, *, shrink: float = 0.0) -> None:
        self.measure = measure
        self.space = measure(" ")
        self.shrink = shrink * self.space
        self._widths: dict[str, float] = {}

    def width(self, word: str) -> float:
        known = self._widths.get(word)
        if known is None:
            known = self.measure(word)
            if len(self._widths) >= 65_536:  # full: start again, the words in use come back
                self._widths.clear()
            self._widths[word] = known
        return known

    def lines(self, text: str, limit: float) -> list[str]:
        """``text`` as lines at most ``limit`` wide (one line at least, maybe empty)."""
        out: list[str] = []
        for paragraph in text.split("\n"):
            self._paragraph(paragraph, limit, out)
        return out

    def _paragraph(self, text: str, limit: float, out: list[str]) -> None:
        if self.width(text) <= limit:  # most cells fit: one measure, no splitting
            out.append(text)
            return
        line: list[str] = []
        used = 0.0
        space, shrink, width, known = self.space, self.shrink, self.width, self._widths.get
        for word in text.split(" "):
            size = known(word)
            if size is None:
                size = width(word)
            if line and used + space + size > limit + shrink * len(line):
                out.append(" ".join(line))
                line, used = [], 0.0
            if not line and size > limit:  # a hash or a path: break it where it must
                pieces = self._pieces(word, limit)
                out.extend(pieces[:-1])
                word, size = pieces[-1], width(pieces[-1])
            used += size + (space if line else 0.0)
            line.append(word)
        out.append(" ".join(line))

    def _pieces(self, word: str, limit: float) -> list[str]:
        pieces: list[str] = []
        current = ""
        for char in word:
            if current and self.measure(current + char) > limit:
                pieces.append(current)
                current = ""
            current += char
        return [*pieces, current]


def wrap(text: str, limit: float, measure: Measure, *, shrink: float = 0.0) -> list[str]:
    """``text`` broken into lines at most ``limit`` wide (see the module's docstring)."""
    return Wrapper(measure, shrink=shrink).lines(text, limit)


def shorten(text: str, limit: float, measure: Measure, *, ellipsis: str = "…") -> str:
    """``text`` as it is when it fits ``limit``, else cut and ended with ``ellipsis``."""
    if measure(text) <= limit:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if measure(text[:middle].rstrip() + ellipsis) <= limit:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ellipsis
