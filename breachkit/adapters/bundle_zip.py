"""Opening a bundle file safely: the zip layer, before anything in it is believed.

A bundle is a zip with ``bundle.json`` and ``evidence/<sha256>`` members. It is read as
hostile input:

* **names**: exactly ``bundle.json`` and ``evidence/`` followed by 64 lowercase hex
  digits; nothing else (no ``..``, no absolute path, no backslash, no folder entry), no
  name twice (zip allows it; the last one would silently win), no symbolic link;
* **sizes**: at most :data:`MAX_MEMBERS` members; ``bundle.json`` at most
  :data:`MAX_DOCUMENT` bytes inflated; each evidence file at most :data:`MAX_EVIDENCE`,
  all of them :data:`MAX_TOTAL`; any member over :data:`MAX_RATIO` times its compressed
  size is refused (a zip bomb). Sizes are counted as the bytes come out, not taken
  from the zip's own (forgeable) headers;
* **evidence** is streamed into a private temporary file (0600, in the evidence
  store's own ``tmp`` folder, so a rename puts it in place), hashed as it goes, and must
  hash to its name. It is moved into the store only by :meth:`Bundle.place`, after the
  caller has checked the whole bundle; leaving the ``with`` block without placing it
  (a refusal, an error, Ctrl-C) removes every temporary file. A process killed in the
  middle leaves files named ``bundle-<pid>-…``: :func:`clean_stale` removes those of
  processes that are gone, at the next start.
* **the document** is parsed as JSON (nesting too deep is a clean refusal) and every
  field is checked by :func:`breachkit.core.bundle.check_document`.

Every refusal is an :class:`~breachkit.core.errors.InputError` (exit 2) with the reason.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from breachkit.core.bundle import SHA256, check_document
from breachkit.core.errors import InputError, Problem

DOCUMENT = "bundle.json"
EVIDENCE = "evidence/"
MAX_MEMBERS = 100_001
"""``bundle.json`` and up to 100,000 evidence files."""
MAX_DOCUMENT = 64 << 20
"""``bundle.json``, inflated: 64 MiB (some hundred thousand timeline entries)."""
MAX_EVIDENCE = 16 << 30
"""One evidence file, inflated: 16 GiB."""
MAX_TOTAL = 64 << 30
"""Everything in the bundle, inflated: 64 GiB."""
MAX_RATIO = 200
"""Inflated size over compressed size, for any member of more than 1 MiB inflated."""
RATIO_FLOOR = 1 << 20
CHUNK = 1 << 20
TEMP_PREFIX = "bundle-"
STALE_SECONDS = 24 * 3600


@dataclass
class EvidenceFile:
    """One evidence member, checked and held in a private temporary file."""

    sha256: str
    size: int
    path: Path


@dataclass
class Bundle:
    """What a bundle holds once its zip layer and fields are checked."""

    source: str
    document: dict[str, Any]
    evidence: dict[str, EvidenceFile] = field(default_factory=dict)
    placed: list[Path] = field(default_factory=list)
    """Evidence files this import put into the store (not there before)."""

    def place(self, path_for: Callable[[str], Path]) -> None:
        """Move every evidence file into the store (``path_for(sha256)``); a file the
        store already has is left as it is. Call :meth:`undo` if what follows fails."""
        for sha, held in sorted(self.evidence.items()):
            target = path_for(sha)
            if target.exists():
                continue
            for folder in (target.parent.parent, target.parent):
                with contextlib.suppress(FileExistsError):
                    folder.mkdir(mode=0o700)
            os.replace(held.path, target)
            self.placed.append(target)

    def undo(self) -> None:
        """Remove the evidence files :meth:`place` put into the store."""
        for path in self.placed:
            with contextlib.suppress(OSError):
                path.unlink()
        self.placed.clear()

    def discard(self) -> None:
        """Remove the temporary files that were not placed."""
        for held in self.evidence.values():
            with contextlib.suppress(OSError):
                held.path.unlink()


def _refuse(source: str, key: str | None, message: str) -> InputError:
    return InputError(Problem(source, key, message))


@contextlib.contextmanager
def read_bundle(
    path: Path, temp_dir: Path, accept: Callable[[dict[str, Any]], object] | None = None
) -> Iterator[Bundle]:
    """Open, check and hold a bundle; its temporary evidence files live until the block
    ends. ``accept`` sees the document first (its format and version: the caller knows
    which it reads). Raises InputError (exit 2) for anything that is not a sound bundle."""
    source = str(path)
    clean_stale(temp_dir)
    bundle = Bundle(source, {})
    try:
        with _open_zip(path) as archive:
            members = _members(archive, source)
            bundle.document = _document(archive, members.pop(DOCUMENT), source, accept)
            total = 0
            for _name, info in sorted(members.items()):
                held = _evidence(archive, info, temp_dir, source, MAX_TOTAL - total)
                total += held.size
                bundle.evidence[held.sha256] = held
        yield bundle
    finally:
        bundle.discard()


@contextlib.contextmanager
def _open_zip(path: Path) -> Iterator[zipfile.ZipFile]:
    source = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise _refuse(source, None, "no such file") from None
    except OSError as err:
        raise _refuse(source, None, f"cannot read: {err.strerror}") from None
    if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would never end
        raise _refuse(source, None, "not a breachkit bundle (not a regular file)")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _refuse(source, None, "not a breachkit bundle (not a zip file)") from None
    except (NotImplementedError, RuntimeError) as err:  # a zip version or feature we lack
        raise _refuse(source, None, f"not a zip file breachkit can read ({err})") from None
    with archive:
        yield archive


def _members(archive: zipfile.ZipFile, source: str) -> dict[str, zipfile.ZipInfo]:
    """The members by name, every name and kind checked."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _refuse(source, None, f"more than {MAX_MEMBERS:,} files in the bundle")
    names = [info.filename for info in infos]
    if DOCUMENT not in names:
        raise _refuse(source, None, "not a breachkit bundle (no bundle.json)")
    found: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        if name in found:
            raise _refuse(source, name, "appears twice in the bundle (which one is meant?)")
        if name != DOCUMENT and not (
            name.startswith(EVIDENCE) and SHA256.fullmatch(name[len(EVIDENCE) :])
        ):
            shown = name.encode("unicode_escape").decode("ascii")[:120]
            raise _refuse(source, shown, "not a file a bundle holds (bundle.json, evidence/…)")
        if stat.S_ISLNK(info.external_attr >> 16) or info.is_dir():
            raise _refuse(source, name, "is a link or a folder, not a file")
        if info.flag_bits & 0x1:
            raise _refuse(source, name, "is encrypted")
        found[name] = info
    return found


def _document(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    source: str,
    accept: Callable[[dict[str, Any]], object] | None,
) -> dict[str, Any]:
    data = bytearray()
    for chunk in _inflate(archive, info, source, MAX_DOCUMENT):
        data += chunk
    try:
        document = json.loads(bytes(data))
    except RecursionError:
        raise _refuse(source, DOCUMENT, "not valid JSON: nested too deeply") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise _refuse(source, DOCUMENT, f"not valid JSON: {err}") from None
    if not isinstance(document, dict):
        raise _refuse(source, DOCUMENT, "not a breachkit bundle (not a JSON object)")
    if document.get("format") != "breachkit-bundle":
        raise _refuse(source, "format", "not a breachkit bundle (format != breachkit-bundle)")
    if accept is not None:
        accept(document)
    check_document(document, source)
    return document


def _evidence(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, temp_dir: Path, source: str, room: int
) -> EvidenceFile:
    """Stream one evidence member into a private temporary file, hashing it."""
    expected = info.filename[len(EVIDENCE) :]
    try:
        temp_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=temp_dir)
    except OSError as err:
        raise _refuse(str(temp_dir), None, f"cannot hold evidence: {err.strerror}") from None
    path = Path(name)
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in _inflate(archive, info, source, min(MAX_EVIDENCE, room)):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != expected:
            raise _refuse(source, info.filename, "evidence file does not match its hash")
    except OSError as err:
        path.unlink(missing_ok=True)
        raise _refuse(str(temp_dir), None, f"cannot hold evidence: {err.strerror}") from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return EvidenceFile(expected, size, path)


def _inflate(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, limit: int
) -> Iterator[bytes]:
    """The member's bytes, counted as they come out: refused past ``limit`` or past
    :data:`MAX_RATIO` times the compressed size."""
    ceiling = min(limit, max(RATIO_FLOOR, info.compress_size * MAX_RATIO))
    if info.file_size > ceiling:
        raise _too_big(source, info, limit)
    produced = 0
    try:
        with archive.open(info) as stream:
            while chunk := _read(stream):
                produced += len(chunk)
                if produced > ceiling:
                    raise _too_big(source, info, limit)
                yield chunk
    except InputError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as err:
        raise _refuse(source, info.filename, f"damaged or truncated ({err})") from None
    except (RuntimeError, NotImplementedError) as err:  # encrypted, unknown compression
        raise _refuse(source, info.filename, f"cannot be read ({err})") from None


def _read(stream: IO[bytes]) -> bytes:
    return stream.read(CHUNK)


def _too_big(source: str, info: zipfile.ZipInfo, limit: int) -> InputError:
    return _refuse(
        source,
        info.filename,
        f"inflates to more than {limit:,} bytes or {MAX_RATIO} times its compressed size "
        "(a zip bomb?)",
    )


def clean_stale(temp_dir: Path) -> None:
    """Remove temporary files left by imports whose process is gone (killed, power cut),
    and any temporary file older than a day."""
    if not temp_dir.is_dir():
        return
    now = time.time()
    for path in temp_dir.iterdir():
        with contextlib.suppress(OSError, ValueError):
            if path.name.startswith(TEMP_PREFIX):
                pid = int(path.name[len(TEMP_PREFIX) :].split("-", 1)[0])
                if pid != os.getpid() and not _alive(pid):
                    path.unlink()
                    continue
            if now - path.lstat().st_mtime > STALE_SECONDS:
                path.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
