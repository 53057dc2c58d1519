"""Content-addressed evidence files beside the database (``<db>-evidence/sha256/ab/...``)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from breachkit.store.db import StoreError

CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class StoredFile:
    sha256: str
    size: int
    path: Path
    new: bool = False
    """Placed by this call (False: the same content was already stored)."""


def evidence_root(db_path: Path) -> Path:
    return db_path.with_name(db_path.stem + "-evidence")


def sha256_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _copy(stream: IO[bytes], fd: int) -> tuple[str, int]:
    """Copy ``stream`` into the open file ``fd`` (closed after, flushed to disk)."""
    digest = hashlib.sha256()
    size = 0
    with os.fdopen(fd, "wb") as out:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest(), size


def _cannot_store(root: Path, err: OSError) -> StoreError:
    return StoreError(
        f"{root}: cannot store the evidence file ({err.strerror or err}); nothing was recorded"
    )


class EvidenceStore:
    """Files named by their SHA-256; written once, 0600, never overwritten."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        return self.root / "sha256" / sha256[:2] / sha256

    def put_file(self, source: Path) -> StoredFile:
        with source.open("rb") as handle:
            return self.put_stream(handle)

    def put_stream(self, stream: IO[bytes]) -> StoredFile:
        """Copy ``stream`` in, hashing as it goes; atomic (temp file, fsync, rename).

        A failure to write (a full disk, a read-only folder) is a StoreError naming the
        evidence folder, and leaves no temporary file."""
        tmp_dir = self.root / "tmp"
        try:
            tmp_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(self.root, 0o700)
            fd, tmp_name = tempfile.mkstemp(dir=tmp_dir)
        except OSError as err:
            raise _cannot_store(self.root, err) from None
        tmp = Path(tmp_name)
        try:
            digest, size = _copy(stream, fd)
            os.chmod(tmp, 0o600)
            target = self.path_for(digest)
            for folder in (target.parent.parent, target.parent):
                folder.mkdir(exist_ok=True, mode=0o700)
            new = not target.exists()
            if new:
                os.replace(tmp, target)
            else:
                tmp.unlink()
        except OSError as err:
            tmp.unlink(missing_ok=True)
            raise _cannot_store(self.root, err) from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return StoredFile(digest, size, target, new)

    def discard(self, stored: StoredFile) -> None:
        """Remove a file this process just placed, when what was to record it failed."""
        if stored.new:
            stored.path.unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # its folder, if nothing else is in it
                stored.path.parent.rmdir()

    def check(self, sha256: str) -> str | None:
        """None when the file is there and unchanged; otherwise what is wrong."""
        path = self.path_for(sha256)
        if not path.is_file():
            return "is missing"
        actual, _ = sha256_file(path)
        if actual != sha256:
            return f"was changed (its SHA-256 is now {actual[:12]}…)"
        return None
