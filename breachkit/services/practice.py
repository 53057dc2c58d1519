"""The practice database ``breachkit demo`` opens: its own file, never the register.

The demo's incidents are fictional. Written into the user's own database they would
appear on the board and in the Art. 33(5) register headed with the real organisation's
name (once per demo run). So the demo has a database of its own in the user state
folder (``adapters.paths.practice_db_path``), started afresh on each run, or reopened
as it was left with ``--resume``; its evidence folder lies beside it, inside the same
``practice`` folder, and goes with it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from breachkit.adapters import paths
from breachkit.core.errors import InputError, Problem


def is_practice(db_path: Path) -> bool:
    """Whether ``db_path`` is the practice database (the TUI then says PRACTICE)."""
    return _same(db_path, paths.practice_db_path())


def is_register(db_path: Path) -> bool:
    """Whether ``db_path`` is the user's own database at its default place."""
    return _same(db_path, paths.default_db_path())


def refuse_register(db_path: Path) -> None:
    """The demo never writes its fictional incidents into the real register."""
    if is_register(db_path):
        raise InputError(
            Problem(
                "--db",
                None,
                f"{db_path} is your own register; the demo's fictional incidents never go "
                "there. Run `breachkit demo` without --db to practise in its own database",
            )
        )


def reset_practice() -> Path:
    """Remove the practice database and its evidence (only that folder); its path."""
    db = paths.practice_db_path()
    folder = db.parent
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder)
    elif folder.is_symlink():
        folder.unlink()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return db


def _same(a: Path, b: Path) -> bool:
    return a.expanduser().absolute().resolve() == b.expanduser().absolute().resolve()
