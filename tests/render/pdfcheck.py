"""Strict checks for the PDFs breachkit writes: qpdf's syntax check and a poppler rendering.

``strict_problems`` runs qpdf's checker (through pikepdf, a test dependency; or the ``qpdf``
command) and returns what it found: structure, cross-reference table, stream encodings and
the tokens of every page's content stream. ``render_warnings`` renders every page with
poppler's ``pdftoppm`` and returns what it printed (unknown fonts, bad operators, broken
embedded fonts). A test skips when neither checker is installed; CI installs both.
"""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest


def strict_problems(pdf: bytes, folder: Path) -> list[str]:
    """What qpdf finds wrong with ``pdf`` (empty: nothing)."""
    try:
        import pikepdf
    except ImportError:
        return _qpdf_command(pdf, folder)
    with pikepdf.open(BytesIO(pdf)) as document:
        problems = [str(p) for p in document.check_pdf_syntax()]
        problems += [str(w) for w in document.get_warnings()]
    return problems


def _qpdf_command(pdf: bytes, folder: Path) -> list[str]:
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        pytest.skip("neither pikepdf nor qpdf is installed")
    path = folder / "checked.pdf"
    path.write_bytes(pdf)
    done = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
    if done.returncode == 0 and "WARNING" not in done.stdout + done.stderr:
        return []
    return [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]


def render_warnings(pdf: bytes, folder: Path) -> str:
    """What poppler says while rendering every page of ``pdf`` (empty: nothing)."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    path = folder / "rendered.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        [pdftoppm, "-r", "24", "-gray", str(path), str(folder / "page")],
        capture_output=True,
        text=True,
    )
    pages = list(folder.glob("page-*.pgm"))
    for page in pages:
        page.unlink()
    if done.returncode != 0 or not pages:
        return f"pdftoppm failed ({done.returncode}): {done.stderr}"
    return done.stderr.strip()


def assert_sound(pdf: bytes, folder: Path) -> None:
    """``pdf`` passes qpdf's check and renders without a word from poppler."""
    folder.mkdir(parents=True, exist_ok=True)
    assert strict_problems(pdf, folder) == []
    assert render_warnings(pdf, folder) == ""
