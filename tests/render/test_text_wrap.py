"""The one line-breaking routine: lines fit, words are kept in order, hard breaks stay, and
where it replaces a reportlab Paragraph it breaks exactly where the Paragraph did."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from breachkit.render.fonts import FAMILY, register_fonts
from breachkit.render.text import Wrapper, shorten, wrap

register_fonts()
SIZE = 8.0
WORDS = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzÆØÅéèçßŁłŽžΩω0123456789.,;:-()@/"),
    min_size=1,
    max_size=14,
)


def measure(text: str) -> float:
    return float(stringWidth(text, FAMILY, SIZE))


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=40), st.floats(min_value=60, max_value=300))
def test_lines_fit_and_keep_the_words_in_order(words: list[str], limit: float) -> None:
    text = " ".join(words)
    lines = wrap(text, limit, measure)
    assert "".join("".join(lines).split()) == "".join(words)  # nothing lost or added
    for line in lines:
        assert measure(line) <= limit or len(line) == 1


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=40), st.floats(min_value=80, max_value=300))
def test_where_it_replaces_a_paragraph_it_breaks_where_the_paragraph_did(
    words: list[str], limit: float
) -> None:
    text = " ".join(words)
    if any(measure(word) > limit for word in words):
        return  # long words: reportlab may fill the line with a piece; not used here
    style = ParagraphStyle("t", fontName=FAMILY, fontSize=SIZE, leading=10)
    paragraph = Paragraph(text, style)
    paragraph.wrap(limit, 1e6)
    expected = [" ".join(line[1]) for line in paragraph.blPara.lines]
    assert Wrapper(measure, shrink=0.05).lines(text, limit) == expected


def test_hard_breaks_and_a_hash_broken_where_it_must() -> None:
    digest = "9f" * 32
    lines = wrap(f"first line\nSHA-256 {digest}", 120, measure)
    assert lines[0] == "first line" and lines[1] == "SHA-256"
    assert "".join(lines[2:]) == digest and all(measure(line) <= 120 for line in lines)
    assert wrap("", 50, measure) == [""]


def test_monospace_text_for_e_mail_keeps_hyphenated_words_whole() -> None:
    text = "Schalten Sie, wo es geht, die Zwei-Faktor-Anmeldung ein: https://alzette-it.example"
    lines = wrap(text, 40, len)
    assert all(len(line) <= 40 for line in lines)
    assert "Zwei-Faktor-Anmeldung" in " ".join(lines).split(" ")


def test_shorten_cuts_with_an_ellipsis_only_when_needed() -> None:
    assert shorten("Datatilsynet", 200, measure) == "Datatilsynet"
    cut = shorten("Commission nationale pour la protection des données", 80, measure)
    assert cut.endswith("…") and measure(cut) <= 80 and not cut[:-1].endswith(" ")
