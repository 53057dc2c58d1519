"""TrueType for the letter renderer: metrics, character map, and glyph-id-keeping subsets.

The letters are written straight to PDF (:mod:`breachkit.render.letters.pdfwriter`) with the
embedded DejaVu fonts as CID fonts (Identity-H): text is drawn as glyph ids, so a page's
drawing commands do not depend on which glyphs end up in the embedded subset. A subset
keeps every glyph id and empties the glyphs nobody used; it is built once per distinct
glyph set and cached.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from breachkit.render.fonts import BOLD, FAMILY

FOLDER = Path(__file__).resolve().parent.parent / "fonts"
_KEEP_TABLES = (b"OS/2", b"head", b"hhea", b"maxp")
_INSTRUCTIONS = 0x100
_COMPOSITE_MORE, _WORDS, _SCALE, _XY_SCALE, _TWO_BY_TWO = 0x20, 0x01, 0x08, 0x40, 0x80


class FontProgram:
    """One TrueType font: what the layout needs (widths) and what the PDF embeds."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        self.data = data
        self.tables: dict[bytes, tuple[int, int]] = {}
        count = struct.unpack_from(">H", data, 4)[0]
        for i in range(count):
            tag, _sum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
            self.tables[tag] = (offset, length)
        head = self.table(b"head")
        self.units_per_em = struct.unpack_from(">H", head, 18)[0]
        self.bbox = tuple(self._scale(v) for v in struct.unpack_from(">hhhh", head, 36))
        long_loca = struct.unpack_from(">h", head, 50)[0] == 1
        maxp = self.table(b"maxp")
        self.glyph_count = struct.unpack_from(">H", maxp, 4)[0]
        hhea = self.table(b"hhea")
        metrics_count = struct.unpack_from(">H", hhea, 34)[0]
        hmtx = self.table(b"hmtx")
        advances = [struct.unpack_from(">H", hmtx, 4 * i)[0] for i in range(metrics_count)]
        advances += [advances[-1]] * (self.glyph_count - metrics_count)
        self.widths = [self._scale(a) for a in advances]
        """Advance width of each glyph in 1/1000 of the font size (PDF glyph space)."""
        loca = self.table(b"loca")
        if long_loca:
            self.loca = list(struct.unpack_from(f">{self.glyph_count + 1}I", loca))
        else:
            self.loca = [2 * v for v in struct.unpack_from(f">{self.glyph_count + 1}H", loca)]
        os2 = self.table(b"OS/2")
        self.ascent = self._scale(struct.unpack_from(">h", os2, 68)[0])
        self.descent = self._scale(struct.unpack_from(">h", os2, 70)[0])
        self.cap_height = (
            self._scale(struct.unpack_from(">h", os2, 88)[0]) if len(os2) > 89 else 700
        )
        weight = struct.unpack_from(">H", os2, 4)[0]
        self.stem_v = 50 + int((weight / 65) ** 2)
        self.italic_angle = struct.unpack_from(">i", self.table(b"post"), 4)[0] / 65536
        self.cmap = self._read_cmap()
        self.glyf_offset = self.tables[b"glyf"][0]
        self._width: dict[str, int] = {}
        self._hex: dict[str, str] = {}
        self._gid: dict[str, int] = {}
        self._outlines: dict[int, bytes] = {}

    def table(self, tag: bytes) -> bytes:
        offset, length = self.tables[tag]
        return self.data[offset : offset + length]

    def _scale(self, value: int) -> int:
        return int(round(value * 1000 / self.units_per_em))

    def _read_cmap(self) -> dict[int, int]:
        cmap = self.table(b"cmap")
        count = struct.unpack_from(">H", cmap, 2)[0]
        found: dict[tuple[int, int], int] = {}
        for i in range(count):
            platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
            found[(platform, encoding)] = offset
        for key in ((3, 10), (0, 4), (3, 1), (0, 3)):
            if key in found:
                offset = found[key]
                fmt = struct.unpack_from(">H", cmap, offset)[0]
                if fmt == 12:
                    return _cmap12(cmap, offset)
                if fmt == 4:
                    return _cmap4(cmap, offset)
        raise ValueError(f"{self.name}: no Unicode character map")

    def char(self, c: str) -> tuple[int, int, str]:
        """(glyph id, width, the 4 hex digits drawn) for one character; 0 when missing."""
        gid = self.cmap.get(ord(c), 0)
        self._width[c] = self.widths[gid]
        self._hex[c] = f"{gid:04X}"
        self._gid[c] = gid
        return gid, self.widths[gid], self._hex[c]

    def _learn(self, text: str) -> None:
        for c in set(text):
            if c not in self._gid:
                self.char(c)

    def width(self, text: str, size: float) -> float:
        try:
            return sum(map(self._width.__getitem__, text)) * size / 1000
        except KeyError:
            self._learn(text)
            return sum(map(self._width.__getitem__, text)) * size / 1000

    def encode(self, text: str, used: set[int]) -> str:
        """Hex glyph ids for ``text``; records the glyphs in ``used``."""
        try:
            hexa = "".join(map(self._hex.__getitem__, text))
        except KeyError:
            self._learn(text)
            hexa = "".join(map(self._hex.__getitem__, text))
        used.update(map(self._gid.__getitem__, set(text)))
        return hexa

    def missing(self, text: str) -> str:
        """Characters of ``text`` this font cannot draw."""
        return "".join(
            dict.fromkeys(c for c in text if ord(c) not in self.cmap and c.isprintable())
        )

    def components(self, gid: int) -> list[int]:
        """The glyphs a composite glyph is built from (itself included), recursively."""
        out = [gid]
        start, end = self.loca[gid], self.loca[gid + 1]
        if end - start < 10:
            return out
        base = self.glyf_offset + start
        if struct.unpack_from(">h", self.data, base)[0] >= 0:
            return out
        for at, _ in _component_records(self.data, base + 10):
            out += self.components(struct.unpack_from(">H", self.data, at + 2)[0])
        return out

    def outline(self, gid: int) -> bytes:
        """A glyph's outline without its hinting instructions, padded to 4 bytes.

        Hints help small text on low-resolution screens; a letter is printed or read at
        zoom, and without them the embedded font is about half the size.
        """
        found = self._outlines.get(gid)
        if found is None:
            start = self.glyf_offset + self.loca[gid]
            found = _unhinted(self.data[start : self.glyf_offset + self.loca[gid + 1]])
            found += b"\0" * (-len(found) % 4)
            self._outlines[gid] = found
        return found

    def subset(self, gids: Iterable[int]) -> bytes:
        """A TrueType font with the same glyph ids, where only ``gids`` keep outlines."""
        keep = {0}
        for gid in gids:
            if 0 <= gid < self.glyph_count:
                keep.update(self.components(gid))
        glyf = bytearray()
        loca = []
        for gid in range(self.glyph_count):
            loca.append(len(glyf))
            if gid in keep:
                glyf += self.outline(gid)
        loca.append(len(glyf))
        hmtx = bytearray(len(self.table(b"hmtx")))
        source = self.table(b"hhea")
        metrics_count = struct.unpack_from(">H", source, 34)[0]
        original = self.table(b"hmtx")
        for gid in keep:
            if gid < metrics_count:
                hmtx[4 * gid : 4 * gid + 4] = original[4 * gid : 4 * gid + 4]
            else:
                at = 4 * metrics_count + 2 * (gid - metrics_count)
                hmtx[at : at + 2] = original[at : at + 2]
        head = bytearray(self.table(b"head"))
        head[8:12] = b"\0\0\0\0"  # checkSumAdjustment: recomputed below
        head[50:52] = struct.pack(">h", 1)  # long loca offsets
        post = bytearray(self.table(b"post")[:32])
        post[0:4] = struct.pack(">I", 0x00030000)  # format 3: no glyph names
        tables = {tag: self.table(tag) for tag in _KEEP_TABLES if tag in self.tables}
        tables.update(
            {
                b"head": bytes(head),
                b"glyf": bytes(glyf),
                b"loca": struct.pack(f">{len(loca)}I", *loca),
                b"hmtx": bytes(hmtx),
                b"post": bytes(post),
            }
        )
        return _sfnt(tables)

    def subset_tag(self, gids: frozenset[int]) -> str:
        """Six capital letters naming the subset (PDF 9.6.4), stable for a glyph set."""
        digest = hashlib.sha256(repr(sorted(gids)).encode()).digest()
        return "".join(chr(65 + b % 26) for b in digest[:6])


def _component_records(data: bytes, pos: int) -> list[tuple[int, int]]:
    """(start, end) of each component record of the composite glyph whose first record
    starts at ``pos``: flags and glyph index, then arguments and any transform."""
    records = []
    while True:
        flags = struct.unpack_from(">H", data, pos)[0]
        end = pos + 4 + (4 if flags & _WORDS else 2)
        if flags & _SCALE:
            end += 2
        elif flags & _XY_SCALE:
            end += 4
        elif flags & _TWO_BY_TWO:
            end += 8
        records.append((pos, end))
        if not flags & _COMPOSITE_MORE:
            return records
        pos = end


def _unhinted(glyph: bytes) -> bytes:
    """``glyph`` without TrueType instructions (simple or composite)."""
    if len(glyph) < 10:
        return glyph
    contours = struct.unpack_from(">h", glyph, 0)[0]
    if contours >= 0:
        at = 10 + 2 * contours
        length = struct.unpack_from(">H", glyph, at)[0]
        return glyph[:at] + b"\0\0" + glyph[at + 2 + length :]
    *_, (last, pos) = _component_records(glyph, 10)
    flags = struct.unpack_from(">H", glyph, last)[0]
    if not flags & _INSTRUCTIONS:
        return glyph
    out = bytearray(glyph[:pos])
    struct.pack_into(">H", out, last, flags & ~_INSTRUCTIONS)
    return bytes(out)


def _cmap4(cmap: bytes, offset: int) -> dict[int, int]:
    segments = struct.unpack_from(">H", cmap, offset + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", cmap, offset + 14)
    starts_at = offset + 16 + 2 * segments
    starts = struct.unpack_from(f">{segments}H", cmap, starts_at)
    deltas = struct.unpack_from(f">{segments}h", cmap, starts_at + 2 * segments)
    range_at = starts_at + 4 * segments
    ranges = struct.unpack_from(f">{segments}H", cmap, range_at)
    out: dict[int, int] = {}
    for i in range(segments):
        for code in range(starts[i], ends[i] + 1):
            if code == 0xFFFF:
                continue
            if ranges[i] == 0:
                gid = (code + deltas[i]) & 0xFFFF
            else:
                at = range_at + 2 * i + ranges[i] + 2 * (code - starts[i])
                gid = struct.unpack_from(">H", cmap, at)[0]
                if gid:
                    gid = (gid + deltas[i]) & 0xFFFF
            if gid:
                out[code] = gid
    return out


def _cmap12(cmap: bytes, offset: int) -> dict[int, int]:
    groups = struct.unpack_from(">I", cmap, offset + 12)[0]
    out: dict[int, int] = {}
    for i in range(groups):
        start, end, gid = struct.unpack_from(">III", cmap, offset + 16 + 12 * i)
        for code in range(start, end + 1):
            out[code] = gid + code - start
    return out


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    words: tuple[int, ...] = struct.unpack(f">{len(padded) // 4}I", padded)
    return sum(words) & 0xFFFFFFFF


def _sfnt(tables: dict[bytes, bytes]) -> bytes:
    tags = sorted(tables)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    header = struct.pack(
        ">IHHHH", 0x00010000, count, power * 16, power.bit_length() - 1, count * 16 - power * 16
    )
    directory = bytearray()
    body = bytearray()
    offset = 12 + 16 * count
    head_at = 0
    for tag in tags:
        data = tables[tag]
        if tag == b"head":
            head_at = offset + len(body)
        directory += struct.pack(">4sIII", tag, _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    font = bytearray(header + directory + body)
    adjustment = (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF
    font[head_at + 8 : head_at + 12] = struct.pack(">I", adjustment)
    return bytes(font)


@lru_cache(maxsize=4)
def program(name: str) -> FontProgram:
    """The bundled font ``name`` (DejaVuSans, DejaVuSans-Bold), read once per process."""
    if name not in (FAMILY, BOLD):
        raise ValueError(f"no bundled font {name}")
    return FontProgram(name, (FOLDER / f"{name}.ttf").read_bytes())


# Glyphs of the scripts names are written in. A person's glyphs that the shared body does
# not already use are rounded up to whole blocks, so that the embedded font (cached by
# glyph set) is the same for many people instead of one per name.
_BLOCKS = (
    (0x20, 0x80),  # Basic Latin
    (0xA0, 0x100),  # Latin-1 Supplement
    (0x100, 0x180),  # Latin Extended-A (Polish, Czech, Baltic, ...)
    (0x180, 0x250),  # Latin Extended-B (Romanian comma below, ...)
    (0x370, 0x400),  # Greek
    (0x400, 0x530),  # Cyrillic
    (0x1E00, 0x1F00),  # Latin Extended Additional
    (0x2000, 0x2070),  # General Punctuation
)
_GLYPH_BLOCKS: list[frozenset[int]] = []


def rounded_glyphs(body: frozenset[int], personal: frozenset[int]) -> frozenset[int]:
    """The regular font's glyphs for one letter: the body's, plus the person's rounded."""
    extra = personal - body
    if not extra:
        return body
    if not _GLYPH_BLOCKS:
        cmap = program(FAMILY).cmap
        _GLYPH_BLOCKS.extend(
            frozenset(gid for code, gid in cmap.items() if start <= code < end)
            for start, end in _BLOCKS
        )
    out = set(body | extra)
    for members in _GLYPH_BLOCKS:
        if members & extra:
            out |= members
    return frozenset(out)
