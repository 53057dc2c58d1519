"""Every kind of PDF breachkit writes passes qpdf's strict check and renders with poppler
without a warning: the hand-written letters writer (one letter, the public notice, a print
run whose page tree has more than one level) with its TrueType subsets, and the reportlab
documents whose long tables are written as raw drawing commands."""

from __future__ import annotations

import struct
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pdfcheck import assert_sound, render_warnings, strict_problems
from test_letters_render import NAMES, person, renderer, setup  # noqa: F401 - fixtures

from breachkit.core.letters.people import Person
from breachkit.render.fonts import BOLD, FAMILY
from breachkit.render.letters.compose import LetterRenderer
from breachkit.render.letters.pdfwriter import letter_pdf
from breachkit.render.letters.truetype import program
from breachkit.services.letters_batch import BatchJob, Task, init_worker, run_task
from breachkit.services.letters_print import PrintAssembler

LANGUAGES = ("en", "fr", "de", "da", "nl")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_letter_in_every_language_is_sound(
    renderer: LetterRenderer,  # noqa: F811 - the fixture
    language: str,
    tmp_path: Path,
) -> None:
    for script, name in NAMES.items():
        pdf, _ = renderer.pdf(person(name, language, "BE" if script == "markup" else "LU"))
        assert_sound(pdf, tmp_path / script)


def test_the_public_notice_is_sound(
    renderer: LetterRenderer,  # noqa: F811 - the fixture
    tmp_path: Path,
) -> None:
    for language in LANGUAGES:
        pdf, _html, _plain = renderer.notice(language)
        assert_sound(pdf, tmp_path / language)


def test_a_print_run_with_a_deep_page_tree_is_sound(
    renderer: LetterRenderer,  # noqa: F811 - the fixture
    tmp_path: Path,
) -> None:
    names = list(NAMES.values())
    people = [
        Person(
            line=i + 2,
            name=f"{names[i % len(names)]} {i}",
            language=LANGUAGES[i % len(LANGUAGES)],
            address=("Rue 1",),
            city="X",
            country="LU",
        )
        for i in range(45)
    ]
    (tmp_path / ".tmp").mkdir()
    init_worker(renderer.setup, BatchJob(str(tmp_path), ("print",), fsync=False))
    written, part = run_task(Task(tuple((p, ("print",)) for p in people)))
    assert part is not None
    assembler = PrintAssembler(tmp_path, renderer.setup)
    assembler.add_part(tmp_path / part)
    assembler.finish(fsync=False)
    pdf = (tmp_path / "letters-print.pdf").read_bytes()
    assert sum(w.pages + w.pages % 2 for w in written) > 64  # two levels of page-tree nodes
    assert_sound(pdf, tmp_path / "check")


def test_a_broken_file_is_caught(tmp_path: Path) -> None:
    """The checkers are strict: a wrong cross-reference offset and an unknown font fail."""
    font = program(FAMILY)
    used: set[int] = set()
    hexa = font.encode("Bonjour", used)

    def letter(font_name: str) -> bytes:
        return letter_pdf(
            [b"<< /Length 0 >>\nstream\n\nendstream"],
            [f"BT /{font_name} 10 Tf 72 700 Td <{hexa}> Tj ET".encode()],
            (frozenset(used), frozenset()),
            title="t",
            author="a",
            created="20261119120000Z",
            language="fr",
        )

    good = letter("F1")
    assert_sound(good, tmp_path / "good")
    offsets = good.rindex(b"\nxref\n")
    broken = good[:offsets] + good[offsets:].replace(b"0000000015 00000 n", b"0000000016 00000 n")
    assert broken != good
    assert strict_problems(broken, tmp_path) != []
    assert render_warnings(letter("F9"), tmp_path) != ""


@pytest.mark.parametrize("name", [FAMILY, BOLD])
def test_a_subset_is_a_well_formed_truetype_font(name: str) -> None:
    """Table checksums, the whole-file checksum, glyph count, and every kept glyph where
    the original has it (composites with their components)."""
    font = program(name)
    used: set[int] = set()
    font.encode("Ștefan Țurcanu Řehoř Søren Γιώργος Анна ﬁ %(a)s", used)
    data = font.subset(sorted(used))
    count = struct.unpack_from(">H", data, 4)[0]
    tables = {}
    for i in range(count):
        tag, checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        body = data[offset : offset + length]
        if tag == b"head":
            body = body[:8] + b"\0\0\0\0" + body[12:]
        padded = body + b"\0" * (-len(body) % 4)
        assert sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF == checksum, tag
        tables[tag] = (offset, length)
    padded = data + b"\0" * (-len(data) % 4)
    assert sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF == 0xB1B0AFBA
    offset, _ = tables[b"maxp"]
    assert struct.unpack_from(">H", data, offset + 4)[0] == font.glyph_count
    head, _ = tables[b"head"]
    assert struct.unpack_from(">h", data, head + 50)[0] == 1  # long loca offsets
    loca_at, loca_length = tables[b"loca"]
    loca = struct.unpack_from(f">{loca_length // 4}I", data, loca_at)
    assert len(loca) == font.glyph_count + 1 and list(loca) == sorted(loca)
    assert loca[-1] == tables[b"glyf"][1]
    for gid in used:
        for part in font.components(gid):
            original = font.loca[part + 1] - font.loca[part]
            assert (loca[part + 1] > loca[part]) == (original > 0), (gid, part)


def test_the_reportlab_documents_are_sound(tmp_path: Path) -> None:
    """The report (its timeline over several pages), the register and a draft."""
    from drafts_case import build
    from test_drafts_pdf import META

    from breachkit.core.review.model import content_hash
    from breachkit.render.drafts.pdf import render_draft_pdf
    from breachkit.render.review.register import render_register
    from breachkit.render.review.report import render_report

    services, incident_id = build(tmp_path)
    for n in range(120):
        services.log(incident_id, f"Entry {n}: Zażółć <b>&</b> (paren \\ back) Ωμέγα", actor="x")
    data = services.report_data(incident_id)
    report = render_report(data, content_hash(data), chain_head="BK-2026-0001:121:" + "ab" * 32)
    assert report.pages > 3
    assert_sound(report.pdf, tmp_path / "report")
    rows = services.register_rows()
    register = render_register(
        rows, "pdf", generated_at=datetime(2026, 11, 20, tzinfo=UTC), organisation="Moselle"
    )
    assert_sound(register, tmp_path / "register")
    prepared = services.prepare_draft(incident_id, authority="datatilsynet", language="da")
    draft = render_draft_pdf(prepared.content, META, prepared.organisation.name)
    assert_sound(draft, tmp_path / "draft")
    services.close()
