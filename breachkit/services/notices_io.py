"""The files of a controllers' notices run: the words per language, what one controller gets.

Reading the words goes through the templates folder rules (``--templates`` first, never
out of it, then the bundled ``notification_templates/notices``). :class:`NoticeMaker`
turns one controller into its files (PDF, e-mail, JSON) and their manifest rows.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from breachkit.adapters import paths
from breachkit.adapters.userdir import inside, read_inside
from breachkit.core.controllers.model import Controller
from breachkit.core.controllers.notice import NoticeRequest, compose_notice
from breachkit.core.controllers.words import NoticeWords, parse_notice_words
from breachkit.core.errors import InputError, Problem
from breachkit.core.incident.model import IncidentFacts
from breachkit.core.letters.manifest import ManifestRow
from breachkit.core.letters.people import file_stem
from breachkit.core.organisation.profile import Organisation
from breachkit.render.notices import NoticeRenderer, number_writer, time_writer
from breachkit.services.drafts_io import vocabulary


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


class NoticeMaker:
    """One controller's files and manifest rows (the same input gives the same bytes)."""

    def __init__(self, setup: NoticeSetup) -> None:
        self.setup = setup
        self.renderer = NoticeRenderer(
            setup.organisation, setup.incident_id, ZoneInfo(setup.facts.timezone)
        )

    def files(
        self, controller: Controller, skip: int, written_at: str = ""
    ) -> tuple[list[tuple[str, bytes]], list[ManifestRow]]:
        """Files for ``controller`` whose format index is above ``skip`` (-1: all)."""
        s = self.setup
        words = notice_words(controller.language, s.user_dir)
        request = NoticeRequest(
            incident_id=s.incident_id,
            facts=s.facts,
            organisation=s.organisation,
            controller=controller,
            words=words,
            vocab=vocabulary(controller.language, s.user_dir),
            issued_at=s.issued_at,
            when=time_writer(words, self.renderer.zone),
            number=number_writer(words),
            first_notice_at=s.first_told.get(controller.id),
            next_update=s.next_update,
        )
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
