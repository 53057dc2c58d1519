"""The shared PDF frame: every script renders, markup is literal, page x of y, stable bytes."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from pypdf import PdfReader
from pytest import MonkeyPatch
from reportlab.platypus import Flowable

from breachkit.render import pdf
from breachkit.render.pdf import Footer, Metadata, PdfDocument, para, stylesheet
from breachkit.render.rows import key_value_table

NAMES = [
    "Zażółć Gęślą-Jaźń",  # Polish
    "Řehoř Šťastný",  # Czech
    "Ștefan Țurcanu",  # Romanian
    "Søren Ærø Åberg",  # Nordic
    "Γιώργος Παπαδόπουλος",  # Greek
    "Анна Кузнецова",  # Cyrillic
    "<b>Dupont & Fils</b> {{ x }}",  # markup that must print literally
]


class Document(PdfDocument):
    """The skeleton with a given story and footer."""

    def __init__(self, story: Sequence[Flowable], footer: Footer) -> None:
        self._story, self._footer = list(story), footer
        super().__init__()

    def story(self) -> list[Flowable]:
        return list(self._story)

    def footer(self) -> Footer:
        return self._footer

    def metadata(self) -> Metadata:
        return Metadata("test")


def render_pdf(story: Sequence[Flowable], *, title: str, footer: Footer) -> bytes:
    del title
    return Document(story, footer).render()


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_every_name_renders_and_markup_is_literal() -> None:
    sheet = stylesheet()
    story = [para(name, sheet["Body"]) for name in NAMES]
    story.append(key_value_table([("Name", NAMES[-1])]))
    text = text_of(render_pdf(story, title="names", footer=Footer("BK-TEST")))
    for name in NAMES:
        assert name in text


def test_footer_says_page_x_of_y_on_every_page() -> None:
    sheet = stylesheet()
    story = [para(f"line {n}", sheet["Body"]) for n in range(150)]
    reader = PdfReader(BytesIO(render_pdf(story, title="t", footer=Footer("BK-2026-0001"))))
    pages = len(reader.pages)
    assert pages >= 3
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Page {number} of {pages}" in text and "BK-2026-0001" in text


def test_the_same_input_gives_the_same_bytes() -> None:
    sheet = stylesheet()

    def build() -> bytes:
        return render_pdf([para("same", sheet["Body"])], title="t", footer=Footer("f"))

    assert build() == build()


def test_pages_held_as_text_or_deflated_give_the_same_bytes(monkeypatch: MonkeyPatch) -> None:
    """The footer canvas holds the first pages as text and deflates the rest until their
    footers are drawn (issue 19): where the line falls changes nothing in the file."""
    sheet = stylesheet()

    def build(held: int) -> bytes:
        monkeypatch.setattr(pdf, "HELD_AS_TEXT", held)
        story = [para(f"line {n} · Łódź", sheet["Body"]) for n in range(150)]
        return render_pdf(story, title="t", footer=Footer("BK-2026-0001"))

    assert build(0) == build(10**9) == build(3_000)
