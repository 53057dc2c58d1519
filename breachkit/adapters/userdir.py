"""Reading a folder the user points breachkit at (``--templates``): never out of it.

A templates folder may come from elsewhere (a colleague, a shared drive, a ticket
attachment). A symbolic link inside it that leads out of it (to ``~/.ssh/id_rsa``, to
another user's files) would put that file's content into every letter and draft. So a
file is read only if its real path, all links resolved, lies inside the folder's real
path, and the last step is opened without following a link (``O_NOFOLLOW``) so it cannot
be swapped for one between the check and the read. Files are capped in size: a
template or a language file is text a person wrote, not a disk image.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from breachkit.core.errors import InputError, Problem

MAX_FILE = 1 << 20
"""The largest file read from a user folder (1 MiB)."""


class OutsideFolder(InputError):
    """A file in a user folder that is a link leading out of it (exit 2)."""


def inside(root: Path, path: Path) -> Path:
    """``path``'s real path, if it lies inside ``root``'s; OutsideFolder otherwise."""
    real_root = root.resolve()
    real = path.resolve()
    if real != real_root and real_root not in real.parents:
        raise OutsideFolder(
            Problem(str(path), None, f"is a link that leads out of the folder {root}; not read")
        )
    return real


def read_inside(root: Path, path: Path) -> str:
    """The UTF-8 text of ``path``, which must lie inside ``root`` (links resolved).

    Raises FileNotFoundError when there is no such file (callers fall back to the
    bundled one), OutsideFolder for a link out of ``root``, InputError for a file that
    is not UTF-8 text, not a regular file or too large."""
    real = inside(root, path)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(real, flags)
    except FileNotFoundError:
        raise
    except OSError as err:  # ELOOP: the last step became a link after the check
        raise InputError(Problem(str(path), None, f"cannot read: {err.strerror}")) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise InputError(Problem(str(path), None, "is not a regular file"))
        data = handle.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        raise InputError(Problem(str(path), None, f"is larger than {MAX_FILE:,} bytes"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(Problem(str(path), None, f"not UTF-8 text (byte {err.start})")) from None


def files_inside(folder: Path, pattern: str = "*", *, root: Path | None = None) -> Iterator[Path]:
    """Regular files directly in ``folder`` matching ``pattern``, sorted by name; a link
    that leads out of ``root`` (default: ``folder``) is refused (OutsideFolder, exit 2)."""
    if not folder.is_dir():
        return
    for path in sorted(folder.glob(pattern)):
        inside(root or folder, path)
        if path.is_file():
            yield path


def walk_inside(root: Path) -> Iterator[str]:
    """Every regular file under ``root`` (as a ``/``-separated relative name), without
    entering a linked folder and without a link that leads out of ``root``."""
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            try:
                inside(root, path)
            except OutsideFolder:
                continue
            if path.is_file():
                yield path.relative_to(root).as_posix()
