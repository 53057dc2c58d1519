"""The embedded Unicode font (DejaVu Sans, Bitstream Vera licence in fonts/LICENSE).

Registered once per process; every European name (Polish, Czech, Romanian, Nordic,
Greek, Cyrillic) renders with it.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILY = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"
_FOLDER = Path(__file__).resolve().parent / "fonts"
_lock = threading.Lock()
_registered = False


def register_fonts() -> str:
    """Register the family (idempotent, thread-safe); returns the regular font's name."""
    global _registered
    if _registered:
        return FAMILY
    with _lock:
        if not _registered:
            for name in (FAMILY, BOLD, ITALIC, BOLD_ITALIC):
                pdfmetrics.registerFont(TTFont(name, str(_FOLDER / f"{name}.ttf")))
            addMapping(FAMILY, 0, 0, FAMILY)
            addMapping(FAMILY, 1, 0, BOLD)
            addMapping(FAMILY, 0, 1, ITALIC)
            addMapping(FAMILY, 1, 1, BOLD_ITALIC)
            _registered = True
    return FAMILY
