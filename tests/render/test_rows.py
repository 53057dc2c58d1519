"""The light table: rows taken as pages fill, none lost or repeated, the header on every
page, a row taller than a page continued on the next, and only a page of rows at a time."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from io import BytesIO

from pypdf import PdfReader
from reportlab.lib.styles import StyleSheet1
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from breachkit.render.pdf import Footer, Metadata, PdfDocument, para
from breachkit.render.rows import Column, RowStyle, RowTable, key_value_table


class Document(PdfDocument):
    def __init__(self, story: Sequence[Flowable], chain_head: str = "") -> None:
        self._story, self.chain_head = list(story), chain_head
        super().__init__()

    def story(self) -> list[Flowable]:
        return list(self._story)

    def footer(self) -> Footer:
        return Footer("BK-TEST · rows", "generated now", "version 2", "ab" * 32, self.chain_head)

    def metadata(self) -> Metadata:
        return Metadata("rows")


def table(rows: Iterable[Sequence[str]], sheet: StyleSheet1) -> RowTable:
    style = RowStyle(7, 8.6, padding=(2, 2.5, 2, 2.5), head=sheet["CellHead"])
    columns = [Column(20 * mm, wrap=False), Column(150 * mm)]
    return RowTable(columns, rows, style, ("#", "What"))


def texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def test_every_row_once_in_order_with_the_header_on_every_page() -> None:
    pulled: list[int] = []

    def rows() -> Iterator[Sequence[str]]:
        for n in range(1, 1201):
            pulled.append(n)
            yield (f"R{n:04d}", f"entry {n} " + "words to wrap " * (n % 9))

    probe = Document([])
    document = Document([para("Timeline", probe.sheet["Heading"]), table(rows(), probe.sheet)])
    pages = texts(document.render())
    assert document.pages == len(pages) > 10
    found = [int(m) for page in pages for m in re.findall(r"R(\d{4})", page)]
    assert found == list(range(1, 1201))
    for page in pages:
        assert "# What" in page or "#What" in page.replace(" ", "")
    assert pulled == list(range(1, 1201))


def test_a_row_taller_than_a_page_goes_on_over_the_next() -> None:
    sheet = Document([]).sheet
    long = " ".join(f"line{n:04d}" for n in range(3000))
    pdf = Document([table([("R0001", long), ("R0002", "after")], sheet)]).render()
    pages = texts(pdf)
    assert len(pages) >= 2
    words = [w for page in pages for w in re.findall(r"line\d{4}", page)]
    assert words == [f"line{n:04d}" for n in range(3000)]
    assert "R0002" in pages[-1]


def test_rows_are_taken_as_pages_fill() -> None:
    """Laying out the first page takes about a page of rows, not the whole iterable."""
    taken = 0

    def rows() -> Iterator[Sequence[str]]:
        nonlocal taken
        for n in range(100_000):
            taken += 1
            yield (str(n), "text")

    flowable = table(rows(), Document([]).sheet)
    _, height = flowable.wrap(170 * mm, 250 * mm)
    assert height > 250 * mm and taken < 100
    first, rest = flowable.split(170 * mm, 250 * mm)
    assert first.wrap(170 * mm, 250 * mm)[1] <= 250 * mm and taken < 100
    assert isinstance(rest, RowTable)


def test_an_empty_table_is_its_header_and_markup_prints_literally() -> None:
    sheet = Document([]).sheet
    pdf = Document(
        [table([], sheet), key_value_table([("Name", "<b>Dupont & Fils</b> {{ x }}")])]
    ).render()
    text = texts(pdf)[0]
    assert "What" in text and "<b>Dupont & Fils</b> {{ x }}" in text


def test_the_footer_carries_the_hash_and_the_chain_head_on_every_page() -> None:
    sheet = Document([]).sheet
    rows = [(str(n), "x") for n in range(400)]
    pages = texts(Document([table(rows, sheet)], chain_head="BK-1#400:" + "cd" * 32).render())
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert "BK-TEST · rows · version 2 · generated now" in page
        assert f"Page {number} of {len(pages)}" in page
        assert "Content SHA-256 " + "ab" * 32 in page
        assert "Timeline chain head BK-1#400:" + "cd" * 32 in page


def test_a_plain_paragraph_is_laid_out_as_the_paragraph_it_replaces() -> None:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph

    from breachkit.render.plain import PlainParagraph, plain

    sheet = Document([]).sheet
    text = "Zażółć gęślą jaźń, Řehoř Šťastný " * 20
    for style in (sheet["Body"], sheet["Heading"], sheet["Small"]):
        light = plain(text, style)
        assert isinstance(light, PlainParagraph)
        reference = Paragraph(text, style)
        assert light.wrap(300, 1000) == reference.wrap(300, 1000)
        assert light.lines == [" ".join(line[1]) for line in reference.blPara.lines]
    boxed = sheet["Body"].clone("Boxed", backColor=colors.yellow)
    assert isinstance(plain(text, boxed), Paragraph)
    light = plain(text, sheet["Body"])
    light.wrap(300, 1000)
    leading = sheet["Body"].leading
    assert light.split(300, leading * 1.5) == []  # one line at the foot: it moves on whole
    first, rest = light.split(300, leading * 3.2)
    assert len(first.lines) == 3 and first.lines + rest.lines == light.lines
