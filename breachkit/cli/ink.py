"""Printing marked-up lines and simple tables without importing rich (issue 19).

The commands people run dozens of times an hour (``list``, ``show``, ``clocks``) print
lines of text with a few styles (``[bold]``, ``[dim]``, ``[bold white on red]``) and
small tables. Importing and running rich's console for that cost about a third of their
start-up. This module reads the same markup as rich, with rich's rules for tags and
escapes (so :func:`breachkit.cli.output.safe` escapes text for both), and writes it:

- on a terminal: with ANSI SGR codes, the styles kept and the colours dropped when
  ``NO_COLOR`` is set; nothing at all on ``TERM=dumb``;
- anywhere else (a pipe, a file, a test's runner): as plain text, or styled when
  ``FORCE_COLOR`` is set, as rich does.

Anything it does not know (a rich object, an unknown style word, an option such as
``justify``) goes to rich unchanged, and so does everything on Windows, where rich knows
the console. Neither it nor that console (made with ``emoji=False``) turns ``:name:``
into an emoji: user text such as ``see :lock: below`` is printed as typed.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, TextIO

_TAGS = re.compile(r"((\\*)\[([a-z#/@][^[]*?)])")
"""rich's own expression for a tag (rich.markup.RE_TAGS)."""

_ATTRIBUTES = {
    "bold": "1",
    "b": "1",
    "dim": "2",
    "d": "2",
    "italic": "3",
    "i": "3",
    "underline": "4",
    "u": "4",
    "blink": "5",
    "reverse": "7",
    "r": "7",
    "strike": "9",
    "s": "9",
}
_COLOURS = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
_FOREGROUND = {name: str(30 + n) for n, name in enumerate(_COLOURS)}
_FOREGROUND.update({f"bright_{name}": str(90 + n) for n, name in enumerate(_COLOURS)})
_FOREGROUND["default"] = "39"

Segment = tuple[str, tuple[str, ...]]
"""A run of plain text and the style words that apply to it."""


class Unsupported(Exception):
    """Markup this module does not print itself (rich does, or rich raises the error)."""


def parse(markup: str) -> list[Segment]:
    """``markup`` as runs of plain text and their styles, read as rich reads it:
    ``\\[`` is a bracket, a tag preceded by an odd number of backslashes is text, and
    ``[/]`` closes the last open tag, ``[/bold]`` the last ``[bold]``."""
    segments: list[Segment] = []
    stack: list[str] = []
    position = 0

    def text(plain: str) -> None:
        add(plain.replace("\\[", "["))

    def add(plain: str) -> None:
        if not plain:
            return
        styles = tuple(stack)
        if segments and segments[-1][1] == styles:  # one run per style, as rich writes it
            segments[-1] = (segments[-1][0] + plain, styles)
        else:
            segments.append((plain, styles))

    for found in _TAGS.finditer(markup):
        full, escapes, tag = found.groups()
        start, end = found.span()
        text(markup[position:start])
        position = end
        if escapes:
            backslashes, escaped = divmod(len(escapes), 2)
            add("\\" * backslashes)
            if escaped:
                add(full[len(escapes) :])
                continue
        if "=" in tag or tag.startswith("@"):
            raise Unsupported(tag)  # links and handlers: rich's
        if tag.startswith("/"):
            name = tag[1:].strip().lower()
            if not name and stack:
                stack.pop()
            elif name in stack:
                del stack[len(stack) - 1 - stack[::-1].index(name)]
            else:
                raise Unsupported(tag)  # rich raises its MarkupError for it
        else:
            stack.append(tag.strip().lower())
    text(markup[position:])
    return segments


def expand_tabs(segments: list[Segment]) -> list[Segment]:
    """Tabs as spaces to the next stop of 8 cells, counted across the runs of a line as
    rich counts them."""
    if not any("\t" in part for part, _styles in segments):
        return segments
    column = 0
    expanded: list[Segment] = []
    for part, styles in segments:
        pieces: list[str] = []
        for char in part:
            if char == "\t":
                spaces = 8 - column % 8
                pieces.append(" " * spaces)
                column += spaces
            else:
                pieces.append(char)
                column = 0 if char == "\n" else column + width(char)
        expanded.append(("".join(pieces), styles))
    return expanded


def plain(markup: str) -> str:
    """The text of ``markup`` without its styles."""
    return "".join(part for part, _styles in parse(markup))


def sgr(styles: Sequence[str], *, colour: bool = True) -> str:
    """The SGR parameters (``1;37;41``) of style words such as ``bold white on red``;
    colours left out when not ``colour``. Raises :class:`Unsupported` for a word it
    does not know."""
    codes: list[str] = []
    for style in styles:
        words = style.split()
        while words:
            word = words.pop(0)
            if word == "on" and words:
                background = _FOREGROUND.get(words.pop(0))
                if background is None:
                    raise Unsupported(style)
                if colour:
                    codes.append(str(int(background) + 10))
            elif word in _ATTRIBUTES:
                codes.append(_ATTRIBUTES[word])
            elif word in _FOREGROUND:
                if colour:
                    codes.append(_FOREGROUND[word])
            else:
                raise Unsupported(style)
    return ";".join(codes)


def styled(segments: Sequence[Segment], *, colour: bool) -> str:
    """Segments with ANSI codes: each styled run opened with its codes and reset after."""
    parts: list[str] = []
    for part, styles in segments:
        codes = sgr(styles, colour=colour) if styles else ""
        parts.append(f"\x1b[{codes}m{part}\x1b[0m" if codes else part)
    return "".join(parts)


def width(text: str) -> int:
    """Terminal cells ``text`` takes: wide East Asian characters two, combining marks
    none."""
    if text.isascii():
        return len(text)
    cells = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        cells += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return cells


def _styles_for(stream: TextIO) -> tuple[bool, bool]:
    """(styles, colours) for ``stream``, decided as rich decides them."""
    environ = os.environ
    if environ.get("FORCE_COLOR", ""):
        return True, not environ.get("NO_COLOR", "")
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if not terminal or environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return False, False
    return True, not environ.get("NO_COLOR", "")


def columns_of(stream: TextIO) -> int:
    """The width lines are folded to: the terminal's, else ``COLUMNS``, else 80."""
    try:
        if stream.isatty():
            return max(20, os.get_terminal_size(stream.fileno()).columns)
    except (AttributeError, ValueError, OSError):
        pass
    try:
        return max(20, int(os.environ.get("COLUMNS", "")))
    except ValueError:
        return 80


def fold(markup: str, cells: int) -> list[list[Segment]]:
    """``markup`` folded into lines of at most ``cells`` cells, at spaces where it can
    be (a word longer than a line is cut); line breaks in the text are kept."""
    lines: list[list[Segment]] = [[]]
    used = 0
    for paragraph_index, paragraph in enumerate(_split_lines(expand_tabs(parse(markup)))):
        if paragraph_index:
            lines.append([])
            used = 0
        for word, styles, space in _words(paragraph):
            size = width(word)
            if used and used + 1 + size > cells:
                lines.append([])
                used = 0
            elif used:
                lines[-1].append((" ", space))
                used += 1
            while size > cells:  # a word longer than the line: cut it
                head, word = _cut(word, cells)
                lines[-1].append((head, styles))
                lines.append([])
                size = width(word)
            lines[-1].append((word, styles))
            used += size
    return lines


def _split_lines(segments: list[Segment]) -> list[list[Segment]]:
    paragraphs: list[list[Segment]] = [[]]
    for part, styles in segments:
        pieces = part.split("\n")
        for index, piece in enumerate(pieces):
            if index:
                paragraphs.append([])
            if piece:
                paragraphs[-1].append((piece, styles))
    return paragraphs


def _words(paragraph: list[Segment]) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(word, its styles, the styles of the space before it) across segments; a word
    split between two styles is kept whole in the first one's style."""
    words: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []
    joined = True
    space: tuple[str, ...] = ()
    for part, styles in paragraph:
        for index, piece in enumerate(part.split(" ")):
            if index:
                joined = False
                space = styles
            if not piece:
                continue
            if joined and words:
                word, first, before = words[-1]
                words[-1] = (word + piece, first, before)
            else:
                words.append((piece, styles, space))
            joined = True
        if part.endswith(" "):
            joined = False
    return words


def _cut(word: str, cells: int) -> tuple[str, str]:
    used = 0
    for index, char in enumerate(word):
        used += width(char)
        if used > cells:
            return word[:index] or word[:1], word[index:] or ""
    return word, ""


class Ink:
    """A console for marked-up lines: ``print`` writes strings itself and hands
    anything else to ``rich`` (the console made on first use by ``fallback``)."""

    def __init__(self, stream: Callable[[], TextIO], fallback: Callable[[], Any]) -> None:
        self._stream = stream
        self._fallback = fallback

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", **options: Any) -> None:
        if options or os.name == "nt" or not all(isinstance(o, str) for o in objects):
            self._fallback().print(*objects, sep=sep, end=end, **options)
            return
        stream = self._stream()
        try:
            line = self.render(sep.join(objects), stream)
        except Unsupported:
            self._fallback().print(*objects, sep=sep, end=end)
            return
        stream.write(line + end)

    @property
    def is_terminal(self) -> bool:
        """Whether the stream is a terminal (or ``FORCE_COLOR`` says to treat it as one)."""
        return _styles_for(self._stream())[0]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fallback(), name)

    @staticmethod
    def render(markup: str, stream: TextIO) -> str:
        segments = expand_tabs(parse(markup))
        use_styles, colour = _styles_for(stream)
        if not use_styles:
            sgr([s for _part, styles in segments for s in styles])  # unknown words: rich's
            return "".join(part for part, _styles in segments)
        return styled(segments, colour=colour)

    def table(
        self,
        rows: Sequence[Sequence[str]],
        *,
        header: Sequence[str] = (),
        indent: int = 0,
        gap: int = 2,
    ) -> None:
        """Print ``rows`` (cells of markup) in columns, each as wide as its widest cell,
        ``header`` in bold; the last column folded to the width of the terminal. When
        that leaves it fewer than 24 cells, the last column goes on its own line under
        the second (or the first), so that nothing is cut."""
        stream = self._stream()
        table = [list(header), *map(list, rows)] if header else [list(r) for r in rows]
        if not table:
            return
        if header:
            table[0] = [f"[bold]{cell}[/]" if cell else "" for cell in table[0]]
        sizes = [max(width(plain(row[n])) for row in table) for n in range(len(table[0]) - 1)]
        start = indent + sum(sizes) + gap * len(sizes)
        room = columns_of(stream) - start
        for row in table:
            lead = " " * indent + "".join(
                cell + " " * (size - width(plain(cell)) + gap)
                for cell, size in zip(row[:-1], sizes, strict=False)
            )
            if room >= 24:
                self._folded(lead, row[-1], room, " " * start, stream)
                continue
            self.print(lead.rstrip())
            under = indent + (sizes[0] + gap if len(sizes) > 1 else 2)
            self._folded(" " * under, row[-1], columns_of(stream) - under, " " * under, stream)

    def _folded(self, lead: str, cell: str, room: int, hang: str, stream: TextIO) -> None:
        use_styles, colour = _styles_for(stream)
        for index, segments in enumerate(fold(cell, room)):
            text = (
                styled(segments, colour=colour)
                if use_styles
                else "".join(part for part, _styles in segments)
            )
            prefix = self.render(lead, stream) if index == 0 else hang
            stream.write((prefix + text).rstrip() + "\n")
