"""Writing the files breachkit hands out: private, atomic, never through a planted path.

Every file a service writes (a draft, the register, a report, a bundle, a public notice,
the organisation profile) goes through :func:`write_private` or :func:`private_output`:

* the bytes go to a new temporary file created by ``mkstemp`` **in the target folder**
  (``O_CREAT | O_EXCL``, mode 0600 from the start, a random name), so a file or a
  symbolic link another user planted there is never opened, truncated or followed;
* the file is flushed to disk and only then renamed over the target, so a reader sees
  the old file or the whole new one, never half of it; a failure removes the temporary
  file and is an :class:`~breachkit.core.errors.InputError` (exit 2) naming the path.

:func:`output_path` reads ``-o``: ``-`` is standard output (where the format allows it),
a path ending in ``/`` (or an existing folder) is a folder that gets a chosen name.
:func:`append_private` is the one append-only file (the error log), 0600 as well.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from breachkit.core.errors import InputError, Problem

STDOUT = "-"
TEMP_SUFFIX = ".tmp"


def _refuse(path: Path, what: str, err: OSError) -> InputError:
    return InputError(Problem(str(path), None, f"{what}: {err.strerror or err}"))


def make_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if missing; new folders are 0700."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as err:
        raise _refuse(folder, "cannot create the folder", err) from None
    if not folder.is_dir():
        raise InputError(Problem(str(folder), None, "is not a folder"))


def is_folder(output: str | Path) -> bool:
    """``-o DIR/`` (a trailing slash) or an existing folder: a folder, not a file name."""
    text = str(output)
    return text.endswith(("/", os.sep)) or (text != STDOUT and Path(text).is_dir())


def output_path(output: str | Path, default_name: str, *, make_parents: bool = True) -> Path | None:
    """Where ``-o output`` writes: None for standard output (``-``); ``folder/default_name``
    for a folder (created if missing); else the path itself.

    ``make_parents`` creates a missing parent folder; without it a missing folder is an
    InputError."""
    text = str(output)
    if text == STDOUT:
        return None
    if not text:
        raise InputError(Problem("-o", None, "no file name given"))
    if is_folder(text):
        folder = Path(text)
        make_folder(folder)
        return folder / safe_file_name(default_name)
    path = Path(text)
    if make_parents:
        make_folder(path.parent)
    elif not path.parent.is_dir():
        raise InputError(Problem(str(path), None, "the folder does not exist"))
    return path


def free_file(path: Path) -> Path:
    """``path`` when nothing is there, else the first free ``stem-2.ext``, ``stem-3.ext``…:
    a chosen name in a folder never replaces a file already written (a draft exported
    again with the same version keeps the first file as it was sent)."""
    if not path.exists():
        return path
    number = 2
    while True:
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        if not candidate.exists():
            return candidate
        number += 1


def safe_file_name(name: str) -> str:
    """``name`` if it is one plain file name (no folder, no ``..``, no NUL)."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name:
        raise InputError(Problem("-o", None, f"'{name}' cannot be used as a file name"))
    return name


@contextlib.contextmanager
def private_output(path: Path) -> Iterator[BinaryIO]:
    """A new private file beside ``path``, renamed to ``path`` when the block ends well.

    The block writes to the handle; an exception in it (or a failure to write) leaves
    ``path`` as it was and removes the temporary file."""
    temporary = _Temporary(path)
    try:
        yield temporary.file
        temporary.finish()
        temporary.commit()
    except OSError as err:
        raise _refuse(path, "cannot write", err) from None
    finally:
        temporary.discard()


def write_private(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``: mode 0600, atomic, through a fresh temporary file."""
    with private_output(path) as handle:
        handle.write(data)


@contextlib.contextmanager
def staged(path: Path, data: bytes) -> Iterator[Callable[[], None]]:
    """``data`` in a private temporary file beside ``path``; calling the yielded function
    puts it in place. Used with a database transaction that records the export: the file
    appears only if the entry can be written, the entry is kept only if the file was put
    in place. Without the call, nothing is left behind."""
    temporary = _Temporary(path)
    try:
        try:
            temporary.file.write(data)
            temporary.finish()
        except OSError as err:
            raise _refuse(path, "cannot write", err) from None
        yield temporary.commit
    finally:
        temporary.discard()


class _Temporary:
    """A private temporary file in the target's folder (mkstemp: O_EXCL, 0600)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        import tempfile  # here: most commands write no file (start-up)

        try:
            fd, self.name = tempfile.mkstemp(
                prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent
            )
        except OSError as err:
            raise _refuse(path, "cannot write", err) from None
        self.file: BinaryIO = os.fdopen(fd, "wb")
        self.done = False

    def finish(self) -> None:
        """Flush to disk and close."""
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()

    def commit(self) -> None:
        try:
            os.replace(self.name, self.path)
        except OSError as err:
            raise _refuse(self.path, "cannot write", err) from None
        self.done = True

    def discard(self) -> None:
        """Remove the temporary file unless it was put in place."""
        with contextlib.suppress(OSError):
            self.file.close()
        if not self.done:
            with contextlib.suppress(OSError):
                os.unlink(self.name)


def remove_temporaries(folder: Path) -> int:
    """Remove the temporary files :func:`write_private` and :func:`staged` left in
    ``folder`` (top level) when their process was killed between writing and renaming.
    Call only while holding the folder's lock: a live writer's file would go too.
    Returns how many were removed."""
    removed = 0
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            name = entry.name
            if (
                name.startswith(".")
                and name.endswith(TEMP_SUFFIX)
                and entry.is_file(follow_symlinks=False)
            ):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed += 1
    return removed


def append_private(path: Path, text: str) -> None:
    """Append ``text`` to ``path``, creating it 0600 (and its folder 0700); never follows
    a symbolic link at ``path``. Raises OSError (the caller decides what to do)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    try:
        os.fchmod(fd, 0o600)  # a log created 0644 by an older breachkit becomes private
        data = text.encode("utf-8", "replace")
        while data:
            data = data[os.write(fd, data) :]
    finally:
        os.close(fd)
