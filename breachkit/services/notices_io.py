"""The files of a controllers' notices run: the words per language, what one controller gets.

Reading the words goes through the templates folder rules (``--templates`` first, never
out of it, then the bundled ``notification_templates/notices``). :class:`NoticeMaker`
turns one controller into its files (PDF, e-mail, JSON) and their manifest rows.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import threading
import time
import types
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from breachkit.adapters import paths
from breachkit.adapters.userdir import inside, read_inside
from breachkit.core.controllers.model import Controller
from breachkit.core.controllers.notice import NoticeRequest, compose_notice
from breachkit.core.controllers.words import NoticeWords, parse_notice_words
from breachkit.core.drafts.vocab import Vocabulary
from breachkit.core.errors import InputError, Problem
from breachkit.core.incident.model import IncidentFacts
from breachkit.core.letters.manifest import ManifestRow
from breachkit.core.letters.people import file_stem
from breachkit.core.organisation.profile import Organisation
from breachkit.services import letters_outdir
from breachkit.services.drafts_io import vocabulary

if TYPE_CHECKING:  # the renderer (reportlab, Babel) is imported when notices are written
    from multiprocessing.pool import Pool


def notice_words(language: str, user_dir: str) -> NoticeWords:
    """The notice words for ``language``: the user's copy if there is one, else ours."""
    name = Path("notices") / f"{language}.toml"
    bundled = paths.bundled("notification_templates")
    candidates = [(Path(user_dir), Path(user_dir) / name)] if user_dir else []
    candidates.append((bundled, bundled / name))
    for root, path in candidates:
        if path.is_file():
            inside(root, path)
            return _parsed(str(path), str(root), path.stat().st_mtime_ns)
    raise InputError(Problem(str(candidates[-1][1]), None, f"no notice words for '{language}'"))


@lru_cache(maxsize=16)
def _parsed(path: str, root: str, _mtime: int) -> NoticeWords:
    return parse_notice_words(read_inside(Path(root), Path(path)), path)


@dataclass(frozen=True)
class NoticeSetup:
    """What every notice of one run shares."""

    incident_id: str
    facts: IncidentFacts
    organisation: Organisation
    issued_at: datetime
    formats: tuple[str, ...]
    first_told: dict[str, datetime]
    """Complementary run: when each controller was first told."""
    complementary: bool = False
    next_update: datetime | None = None
    sender: str = ""
    user_dir: str = ""

    def fingerprint(self, languages: set[str]) -> str:
        """Everything the notices say: a resumed run must say the same."""
        words = {lang: notice_words(lang, self.user_dir).tables for lang in sorted(languages)}
        document = repr(
            (
                self.facts.to_document(),
                self.organisation,
                words,
                self.complementary,
                self.next_update,
                sorted(self.first_told.items()),
                self.sender,
            )
        )
        return hashlib.sha256(document.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class _Language:
    words: NoticeWords
    vocab: Vocabulary
    when: Callable[[datetime], str]
    number: Callable[[float], str]


class NoticeMaker:
    """One controller's files and manifest rows (the same input gives the same bytes)."""

    def __init__(self, setup: NoticeSetup) -> None:
        from breachkit.render.notices import NoticeRenderer

        self.setup = setup
        self.renderer = NoticeRenderer(
            setup.organisation, setup.incident_id, ZoneInfo(setup.facts.timezone)
        )
        self._languages: dict[str, _Language] = {}

    def _language(self, code: str) -> _Language:
        from breachkit.render.notices import number_writer, time_writer

        found = self._languages.get(code)
        if found is None:
            words = notice_words(code, self.setup.user_dir)
            found = self._languages[code] = _Language(
                words,
                vocabulary(code, self.setup.user_dir),
                lru_cache(maxsize=64)(time_writer(words, self.renderer.zone)),
                number_writer(words),
            )
        return found

    def files(
        self, controller: Controller, skip: int, written_at: str = ""
    ) -> tuple[list[tuple[str, bytes]], list[ManifestRow]]:
        """Files for ``controller`` whose format index is above ``skip`` (-1: all)."""
        s = self.setup
        language = self._language(controller.language)
        request = NoticeRequest(
            incident_id=s.incident_id,
            facts=s.facts,
            organisation=s.organisation,
            controller=controller,
            words=language.words,
            vocab=language.vocab,
            issued_at=s.issued_at,
            when=language.when,
            number=language.number,
            first_notice_at=s.first_told.get(controller.id),
            next_update=s.next_update,
        )
        words = language.words
        notice = compose_notice(request)
        stem = file_stem(controller.line, controller.id)
        files: list[tuple[str, bytes]] = []
        rows: list[ManifestRow] = []
        for index, fmt in enumerate(("pdf", "print", "eml", "json")):
            if fmt not in s.formats or index <= skip:
                continue
            if fmt == "eml" and not controller.email:
                continue
            pages = 1
            if fmt == "pdf":
                data, pages = self.renderer.pdf(notice, words, controller, s.issued_at)
            elif fmt == "eml":
                data = self.renderer.eml(notice, words, controller, s.issued_at, s.sender)
            else:
                text = json.dumps(notice.document, ensure_ascii=False, indent=2, sort_keys=True)
                data = (text + "\n").encode()
            rel = f"{fmt}/{stem}.{fmt}"
            files.append((rel, data))
            digest = hashlib.sha256(data).hexdigest()
            rows.append(
                ManifestRow(
                    controller.line,
                    controller.id,
                    controller.language,
                    fmt,
                    rel,
                    1,
                    pages,
                    digest,
                    len(data),
                    written_at,
                )
            )
        return files, rows


# -- workers ---------------------------------------------------------------------------------

_maker: NoticeMaker | None = None


def _start_worker(setup: NoticeSetup) -> None:
    """A worker process: its own maker; it lets go of the folder lock it inherited and
    ends itself if the run that started it is killed."""
    global _maker
    _maker = NoticeMaker(setup)
    inherited = letters_outdir.lock_fd()
    if inherited is not None:
        with contextlib.suppress(OSError):
            os.close(inherited)
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(0.2)
        if os.getppid() != parent:
            os._exit(1)


Task = list[tuple[Controller, int]]
Made = tuple[list[tuple[str, bytes]], list[ManifestRow]]


def make_chunk(task: Task) -> Made:
    """One chunk of controllers (each with the format index to skip up to) in a worker."""
    assert _maker is not None
    return chunk_files(_maker, task)


def chunk_files(maker: NoticeMaker, task: Task) -> Made:
    files: list[tuple[str, bytes]] = []
    rows: list[ManifestRow] = []
    for controller, skip in task:
        found, made = maker.files(controller, skip)
        files += found
        rows += made
    return files, rows


def worker_pool(count: int, setup: NoticeSetup) -> Pool:
    """Worker processes: forked from a single-threaded command, spawned (with a bare
    ``__main__``) from a thread such as the TUI's, as the letters do."""
    import multiprocessing

    if threading.active_count() == 1 and os.name == "posix":
        return multiprocessing.get_context("fork").Pool(
            count, initializer=_start_worker, initargs=(setup,)
        )
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        return multiprocessing.get_context("spawn").Pool(
            count, initializer=_start_worker, initargs=(setup,)
        )
    finally:
        sys.modules["__main__"] = main
