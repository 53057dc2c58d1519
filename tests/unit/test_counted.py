"""Messages count in plain English: '1 file', '2 files', never 'file(s)'."""

from __future__ import annotations

import re
from pathlib import Path

from breachkit.core.text import counted


def test_one_and_many() -> None:
    assert counted(1, "file") == "1 file"
    assert counted(0, "file") == "0 files"
    assert counted(2_500, "batch", "batches") == "2,500 batches"


def test_no_message_says_s_in_brackets() -> None:
    """What breachkit prints (CLI, TUI, PDFs) counts with ``counted``; timeline entry texts
    already on the chain keep their words, so the services' entry texts are left out."""
    root = Path(__file__).resolve().parents[2] / "breachkit"
    pattern = re.compile(r"\}[ a-z-]*[a-z]\((s|es)\)")
    shown = [
        *root.glob("cli/*.py"),
        *root.glob("tui/**/*.py"),
        *root.glob("render/**/*.py"),
        *root.glob("core/**/*.py"),
    ]
    found = [
        f"{path.relative_to(root)}:{n}"
        for path in shown
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == []
