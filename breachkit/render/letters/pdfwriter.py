"""A lean PDF writer for letters: one letter per file, or a stream of letters in one file.

Only what letters need: A4 pages whose contents are a list of streams (the body shared
by every letter of a variant, plus a small stream with the person's own text), and the
two embedded DejaVu fonts as CID fonts with a ToUnicode map (so text can be copied,
searched and read aloud). No dates or random ids: the same input gives the same bytes.

:func:`letter_pdf` assembles one letter from cached parts. :class:`CombinedWriter`
appends letters to one file with flat memory: object offsets go to a side file and the
page tree is written as it fills.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import BinaryIO, Protocol

from breachkit.render.fonts import BOLD, FAMILY
from breachkit.render.letters.truetype import FontProgram, program

PAGE_WIDTH = 595.2756
PAGE_HEIGHT = 841.8898
HEADER = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
FONT_NAMES = {"F1": FAMILY, "F2": BOLD}
_FANOUT = 64


def stream(data: bytes, *, compress: bool = True, extra: str = "") -> bytes:
    """A stream object's body (without number); Flate-compressed unless told otherwise."""
    if compress:
        data = zlib.compress(data, 6)
        extra += " /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra.encode()) + data + b"\nendstream"


def text_string(value: str) -> bytes:
    """A PDF text string: literal when ASCII, else UTF-16BE with its mark."""
    if value.isascii():
        escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return b"(" + escaped.encode("ascii") + b")"
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode() + b">"


@lru_cache(maxsize=2)
def _to_unicode_map(name: str) -> dict[int, int]:
    reverse: dict[int, int] = {}
    for code, gid in sorted(program(name).cmap.items(), reverse=True):
        reverse[gid] = code
    return reverse


def _widths(font: FontProgram, gids: list[int]) -> bytes:
    parts: list[str] = []
    run: list[int] = []
    start = -2
    for gid in gids:
        if gid != start + len(run):
            if run:
                parts.append(f"{start} [{' '.join(str(font.widths[g]) for g in run)}]")
            start, run = gid, []
        run.append(gid)
    if run:
        parts.append(f"{start} [{' '.join(str(font.widths[g]) for g in run)}]")
    return ("[" + " ".join(parts) + "]").encode()


def _cmap(name: str, gids: list[int]) -> bytes:
    reverse = _to_unicode_map(name)
    lines = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    mapped = [g for g in gids if g in reverse]
    for i in range(0, len(mapped), 100):
        chunk = mapped[i : i + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{g:04X}> <{chr(reverse[g]).encode('utf-16-be').hex().upper()}>" for g in chunk]
        lines.append("endbfchar")
    lines.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    return "\n".join(lines).encode()


@lru_cache(maxsize=512)
def font_objects(name: str, gids: frozenset[int], first: int) -> tuple[bytes, ...]:
    """The five objects of one embedded font, numbered from ``first`` (cached)."""
    font = program(name)
    ordered = sorted(gids | {0})
    base = f"{font.subset_tag(gids)}+{name}".encode()
    cid, descriptor, file_, unicode_ = first + 1, first + 2, first + 3, first + 4
    x0, y0, x1, y1 = font.bbox
    flags = 32 + (262144 if name == BOLD else 0)
    program_bytes = font.subset(ordered)
    return (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H "
        b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (base, cid, unicode_),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo << /Registry "
        b"(Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 1000 "
        b"/W %s /CIDToGIDMap /Identity >>" % (base, descriptor, _widths(font, ordered)),
        b"<< /Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%d %d %d %d] "
        b"/ItalicAngle %d /Ascent %d /Descent %d /CapHeight %d /StemV %d /FontFile2 %d 0 R >>"
        % (
            base,
            flags,
            x0,
            y0,
            x1,
            y1,
            int(font.italic_angle),
            font.ascent,
            font.descent,
            font.cap_height,
            font.stem_v,
            file_,
        ),
        stream(program_bytes, extra=f" /Length1 {len(program_bytes)}"),
        stream(_cmap(name, ordered)),
    )


def _info(title: str, author: str, created: str) -> bytes:
    return (
        b"<< /Title "
        + text_string(title)
        + b" /Author "
        + text_string(author)
        + b" /Producer (breachkit) /CreationDate (D:"
        + created.encode()
        + b") >>"
    )


def _resources(regular: int, bold: int) -> bytes:
    return b"<< /Font << /F1 %d 0 R /F2 %d 0 R >> /ProcSet [/PDF /Text] >>" % (regular, bold)


def _page(parent: int, resources: int, contents: Iterable[int]) -> bytes:
    refs = " ".join(f"{n} 0 R" for n in contents)
    return (
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595.2756 841.8898] /Resources %d 0 R "
        b"/Contents [%s] >>" % (parent, resources, refs.encode())
    )


def pdf_date(iso_utc: str) -> str:
    """``2026-11-19T12:00:00Z`` as a PDF date."""
    digits = "".join(c for c in iso_utc if c.isdigit())[:14]
    return digits.ljust(14, "0") + "Z"


def letter_pdf(
    static_pages: Sequence[bytes],
    personal_pages: Sequence[bytes],
    glyphs: tuple[frozenset[int], frozenset[int]],
    *,
    title: str,
    author: str,
    created: str,
    language: str,
) -> bytes:
    """One letter as a PDF file. ``static_pages``: stream object bodies (cached);
    ``personal_pages``: each page's own drawing commands."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R /Lang " + text_string(language) + b" >>",
        b"",  # the page tree, once the pages are numbered
        _resources(5, 10),
        _info(title, author, created),
    ]
    objects += font_objects(FAMILY, glyphs[0], 5)
    objects += font_objects(BOLD, glyphs[1], 10)
    kids = []
    for static, personal in zip(static_pages, personal_pages, strict=True):
        number = len(objects) + 1
        kids.append(number)
        objects.append(_page(2, 3, (number + 1, number + 2)))
        objects.append(static)
        objects.append(stream(personal))
    refs = " ".join(f"{k} 0 R" for k in kids).encode()
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids))
    out = [HEADER]
    offsets = []
    size = len(HEADER)
    for number, body in enumerate(objects, start=1):
        chunk = b"%d 0 obj\n" % number + body + b"\nendobj\n"
        offsets.append(size)
        out.append(chunk)
        size += len(chunk)
    out.append(_xref_and_trailer(offsets, size, 4))
    return b"".join(out)


def _xref_and_trailer(offsets: list[int], start: int, info: int) -> bytes:
    entries = b"".join(b"%010d 00000 n\r\n" % o for o in offsets)
    return (
        b"xref\n0 %d\n0000000000 65535 f\r\n" % (len(offsets) + 1)
        + entries
        + _trailer(len(offsets) + 1, info, start)
    )


def _trailer(size: int, info: int, xref_at: int) -> bytes:
    ident = hashlib.md5(b"%d:%d" % (size, xref_at), usedforsecurity=False).hexdigest().upper()
    return (
        b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R /ID [<%s> <%s>] >>\n"
        % (
            size,
            info,
            ident.encode(),
            ident.encode(),
        )
        + b"startxref\n%d\n%%%%EOF\n" % xref_at
    )


class _Node:
    """A node of the page tree being filled: its object number, kids and page count."""

    __slots__ = ("number", "kids", "count")

    def __init__(self) -> None:
        self.number = 0
        self.kids: list[int] = []
        self.count = 0


class Sink(Protocol):
    """Where the combined PDF's bytes go: a file, or a wrapper that also hashes them."""

    def write(self, data: bytes, /) -> int: ...


class CombinedWriter:
    """Many letters in one PDF, written as they come, with flat memory.

    Objects 1-13 (catalog, resources, info, fonts) are written last, when the glyphs
    used by all letters are known; their numbers are fixed so pages can refer to them.
    """

    _RESERVED = 13

    def __init__(
        self, out: Sink, offsets: BinaryIO, *, title: str, author: str, created: str
    ) -> None:
        self.out = out
        self.offsets = offsets
        self.next_number = self._RESERVED + 1
        self.size = 0
        self.pages = 0
        self.glyphs: tuple[set[int], set[int]] = (set(), set())
        self._levels: list[_Node] = []
        self._meta = (title, author, created)
        self._write_raw(HEADER)

    def _write_raw(self, data: bytes) -> None:
        self.out.write(data)
        self.size += len(data)

    def reserve(self) -> int:
        number = self.next_number
        self.next_number += 1
        return number

    def write_object(self, number: int, body: bytes) -> None:
        os.pwrite(self.offsets.fileno(), b"%010d 00000 n\r\n" % self.size, 20 * number)
        self._write_raw(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    def add_stream(self, body: bytes) -> int:
        """A stream object (a variant's page body, shared by many pages); its number."""
        number = self.reserve()
        self.write_object(number, body)
        return number

    def add_page(self, contents: Sequence[int]) -> int:
        """A page drawing ``contents`` (stream numbers, in order); returns its number."""
        number = self.reserve()
        self.write_object(number, _page(self._parent(0), 2, contents))
        self._add_kid(0, number, 1)
        self.pages += 1
        return number

    def _parent(self, level: int) -> int:
        while len(self._levels) <= level:
            self._levels.append(_Node())
        node = self._levels[level]
        if not node.number:
            node.number = self.reserve()
        return node.number

    def _add_kid(self, level: int, kid: int, count: int) -> None:
        node = self._levels[level]
        node.kids.append(kid)
        node.count += count
        if len(node.kids) >= _FANOUT:
            self._flush(level, root=False)

    def _flush(self, level: int, *, root: bool) -> None:
        node = self._levels[level]
        self._levels[level] = _Node()
        parent = b"" if root else b" /Parent %d 0 R" % self._parent(level + 1)
        refs = " ".join(f"{k} 0 R" for k in node.kids).encode()
        self.write_object(
            node.number, b"<< /Type /Pages%s /Kids [%s] /Count %d >>" % (parent, refs, node.count)
        )
        if not root:
            self._add_kid(level + 1, node.number, node.count)

    def close(self) -> None:
        """Write the page tree's last nodes, the fonts, the catalog and the cross-reference."""
        if not self._levels:
            self._parent(0)
        root = 0
        level = 0
        while level < len(self._levels):
            top = level == len(self._levels) - 1
            if self._levels[level].kids or top:
                self._parent(level)
                if top:
                    root = self._levels[level].number
                self._flush(level, root=top)
            level += 1
        title, author, created = self._meta
        self.write_object(1, b"<< /Type /Catalog /Pages %d 0 R >>" % root)
        self.write_object(2, _resources(4, 9))
        self.write_object(3, _info(title, author, created))
        for first, name, used in ((4, FAMILY, self.glyphs[0]), (9, BOLD, self.glyphs[1])):
            for i, body in enumerate(font_objects(name, frozenset(used), first)):
                self.write_object(first + i, body)
        xref_at = self.size
        total = self.next_number
        os.pwrite(self.offsets.fileno(), b"0000000000 65535 f\r\n", 0)
        self._write_raw(b"xref\n0 %d\n" % total)
        self.offsets.seek(0)
        remaining = 20 * total
        while remaining:
            chunk = self.offsets.read(min(remaining, 1 << 20))
            if not chunk:
                raise OSError("the cross-reference side file is shorter than expected")
            self._write_raw(chunk)
            remaining -= len(chunk)
        self._write_raw(_trailer(total, 3, xref_at))
