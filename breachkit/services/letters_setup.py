"""Use-cases the letters build on: their words and setup, and the public notice.

:meth:`LetterSetupServices.letter_setup` gathers what every letter of an incident
shares (facts, organisation snapshot, authorities, the words of each language, the
incident's own text in each language, your own templates and words) and checks that the
organisation profile names the organisation and a lead authority.
:meth:`LetterSetupServices.letter_gaps` says what the letters in given languages would
lack under Art. 34(2); ``require_complete`` refuses them (exit 1) unless the person
accepts it. ``public_notice`` writes the Art. 34(3)(c) communication.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from breachkit.adapters import paths
from breachkit.adapters.userdir import files_inside, read_inside
from breachkit.core.clocks.ids import GDPR_ART33
from breachkit.core.enums import EntryKind
from breachkit.core.errors import CheckFailed, InputError, Problem
from breachkit.core.letters.complete import Gap, letter_gaps
from breachkit.core.letters.people import default_language
from breachkit.core.letters.plan import letter_facts
from breachkit.core.letters.texts import CustomText, LetterTexts, parse_custom, parse_texts
from breachkit.core.timeline.chain import EntryContent
from breachkit.core.timeline.changes import NoticeExported
from breachkit.core.times import utc_iso
from breachkit.services.base import Part, reads_once
from breachkit.services.letters_io import write_private

if TYPE_CHECKING:  # Jinja2 and reportlab are imported when letters are written
    from breachkit.render.letters.compose import LetterSetup


class LettersIncomplete(CheckFailed):
    """The letters would not say everything Art. 34(2) requires (exit code 1)."""

    def __init__(self, gaps: tuple[Gap, ...], what: str = "letters") -> None:
        self.gaps = gaps
        lines = [f"the {what} would not say everything Art. 34(2) requires; missing:"]
        for gap in gaps:
            lines.append(f"  - {gap.key}: {gap.why}")
            lines.append(f"      {gap.fix}")
        lines.append(
            "Nothing was written. Fill these in, or run again with --allow-incomplete "
            "(it is then recorded as incomplete on the timeline)."
        )
        super().__init__("\n".join(lines))


@dataclass(frozen=True, slots=True)
class NoticeFiles:
    language: str
    files: tuple[Path, ...]
    sha256: tuple[str, ...]


class LetterSetupServices(Part):
    # -- what letters can be written ----------------------------------------------------

    def letter_texts(self, templates: Path | None = None) -> dict[str, LetterTexts]:
        """The languages letters exist in, with their words (your templates first)."""
        found: dict[str, Path] = {}
        bundled = paths.bundled("notification_templates")
        folders = [(bundled, bundled / "letters")]
        if templates is not None:
            if not templates.is_dir():
                raise InputError(
                    Problem(str(templates), None, "the templates folder does not exist")
                )
            folders.append((templates, templates / "letters"))
        roots = {}
        for root, folder in folders:  # later folders win: the user's files replace bundled ones
            for path in files_inside(folder, "*.toml", root=root):  # no link out of root
                found[path.stem] = path
                roots[path.stem] = root
        return {
            lang: parse_texts(read_inside(roots[lang], path), str(path), lang)
            for lang, path in sorted(found.items())
        }

    @reads_once
    def letter_setup(
        self,
        incident_id: str,
        *,
        templates: Path | None = None,
        text: Path | None = None,
        sender: str | None = None,
        window: str = "left",
        started_at: datetime | None = None,
    ) -> LetterSetup:
        """Everything the letters of one incident share; raises InputError naming what
        the organisation profile or the files lack."""
        view = self.services.incident(incident_id)
        org = self.incident_organisation(view.organisation)[0]
        problems = []
        if org is None:
            raise InputError(
                Problem(
                    "organisation profile",
                    None,
                    "missing: letters need the organisation's "
                    "name and its DPO contact (breachkit org init)",
                )
            )
        for key, value in (
            ("organisation.name", org.name),
            ("authority.lead", org.lead_authority),
        ):
            if not value:
                problems.append(Problem("organisation profile", key, "is empty; letters name it"))
        if org.lead_authority and org.lead_authority not in self.authorities:
            problems.append(Problem("organisation profile", "authority.lead", "unknown authority"))
        if window not in ("left", "right"):
            problems.append(Problem("--window", None, "must be left or right"))
        if problems:
            raise InputError(problems)
        texts = self.letter_texts(templates)
        custom: dict[str, CustomText] = {}
        if text is not None:
            try:
                source = text.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as err:
                raise InputError(Problem(str(text), None, f"cannot read: {err}")) from None
            custom = parse_custom(source, str(text), frozenset(texts))
        by_country = {a.country: a.id for a in self.authorities.values() if a.country}
        reported = any(f.clock_id == GDPR_ART33 for f in self.services.filings(view.id))
        facts = view.facts
        lf = letter_facts(
            facts,
            lead_authority=org.lead_authority,
            authority_by_country=by_country,
            authority_reported=reported,
        )
        zone = view.zone
        began = facts.occurred_at.astimezone(zone).date() if facts.occurred_at else None
        found_at = facts.detected_at or facts.aware_at
        from breachkit.render.letters.compose import LetterSetup

        return LetterSetup(
            incident_id=view.id,
            organisation=org,
            facts=lf,
            authorities=dict(self.authorities),
            texts=texts,
            started_at=started_at or self.clock.now(),
            timezone=facts.timezone,
            began=began,
            found=found_at.astimezone(zone).date(),
            people_count=facts.data.data_subjects,
            groups=tuple(g.value for g in facts.data.subject_groups),
            custom=custom,
            template_dir=str(templates) if templates else None,
            window=window,
            sender=sender or org.dpo.email,
            free_text={lang: facts.text_in(lang) for lang in texts},
        )

    def letter_gaps(self, setup: LetterSetup, languages: Iterable[str]) -> tuple[Gap, ...]:
        """What letters in ``languages`` would lack under Art. 34(2) (empty: nothing)."""
        wanted = [lang for lang in languages if lang in setup.texts]
        return letter_gaps(
            setup.incident_id,
            setup.facts,
            setup.organisation,
            setup.free_text,
            wanted,
            setup.custom,
        )

    def require_complete(
        self,
        setup: LetterSetup,
        languages: Iterable[str],
        *,
        allow_incomplete: bool,
        what: str = "letters",
    ) -> tuple[Gap, ...]:
        """The gaps, if the person accepts them; else LettersIncomplete (exit 1)."""
        gaps = self.letter_gaps(setup, languages)
        if gaps and not allow_incomplete:
            raise LettersIncomplete(gaps, what)
        return gaps

    def default_letter_language(self, setup: LetterSetup) -> str:
        org = setup.organisation
        lead = self.authorities[org.lead_authority]
        return default_language(lead.languages, org.languages, setup.texts)

    # -- the public notice ------------------------------------------------------------------

    def public_notice(
        self,
        incident_id: str,
        out_dir: Path,
        *,
        languages: tuple[str, ...] = (),
        templates: Path | None = None,
        text: Path | None = None,
        allow_incomplete: bool = False,
    ) -> list[NoticeFiles]:
        """The public communication (Art. 34(3)(c)) as PDF, HTML and text, per language;
        recorded on the timeline (``notice.export``) with each file's SHA-256: from then
        on the Art. 34 clock counts as met. Refused (LettersIncomplete)
        when it would lack what Art. 34(2) requires, unless ``allow_incomplete``."""
        setup = self.letter_setup(incident_id, templates=templates, text=text)
        org = setup.organisation
        wanted = (
            languages
            or tuple(lang for lang in org.languages if lang in setup.texts)
            or (self.default_letter_language(setup),)
        )
        unknown = [lang for lang in wanted if lang not in setup.texts]
        if unknown:
            have = ", ".join(sorted(setup.texts))
            raise InputError(
                Problem("--lang", None, f"no notice in {', '.join(unknown)} (available: {have})")
            )
        gaps = self.require_complete(
            setup, wanted, allow_incomplete=allow_incomplete, what="public notice"
        )
        made = _write_notices(setup, wanted, out_dir)
        now = utc_iso(self.clock.now())
        listing = "; ".join(
            f"{f.name} {d[:12]}…" for n in made for f, d in zip(n.files, n.sha256, strict=True)
        )
        if gaps:
            listing += "; written although incomplete (Art. 34(2)): " + ", ".join(
                g.key for g in gaps
            )
        change = NoticeExported(
            out_dir=str(out_dir),
            files={f.name: d for n in made for f, d in zip(n.files, n.sha256, strict=True)},
            languages=tuple(wanted),
            incomplete=tuple(g.key for g in gaps),
        )
        with self.store.transaction() as tx:
            tx.record(
                setup.incident_id,
                EntryContent(
                    EntryKind.DOCUMENT,
                    f"Public notice (Art. 34(3)(c)) prepared in {', '.join(wanted)}: {listing}",
                    now,
                    now,
                    self.actor,
                    change.links(),
                ),
            )
        return made


def _write_notices(
    setup: LetterSetup, languages: tuple[str, ...], out_dir: Path
) -> list[NoticeFiles]:
    """The public notice as PDF, HTML and text in each language, written 0600."""
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    from breachkit.render.letters.compose import LetterRenderer

    renderer = LetterRenderer(setup)
    made: list[NoticeFiles] = []
    for language in languages:
        pdf, html, plain = renderer.notice(language)
        files, digests = [], []
        for suffix, data in (("pdf", pdf), ("html", html.encode()), ("txt", plain.encode())):
            path = out_dir / f"public-notice.{language}.{suffix}"
            write_private(path, data)
            files.append(path)
            digests.append(hashlib.sha256(data).hexdigest())
        made.append(NoticeFiles(language, tuple(files), tuple(digests)))
    return made


def fingerprint(setup: LetterSetup, formats: tuple[str, ...]) -> str:
    """SHA-256 of everything the letters say (not of when they were started)."""
    from breachkit.render.letters.compose import LetterRenderer

    renderer = LetterRenderer(setup)
    sources = {}
    assert renderer.env.loader is not None
    for name in renderer.env.loader.list_templates():
        if name.startswith("letters/") and name.endswith(".j2"):
            sources[name] = renderer.env.loader.get_source(renderer.env, name)[0]
    document = {
        "facts": asdict(setup.facts),
        "organisation": setup.organisation.to_document(),
        "authorities": {k: repr(v) for k, v in sorted(setup.authorities.items())},
        "texts": {k: v.sections for k, v in sorted(setup.texts.items())},
        "templates": sources,
        "custom": {k: asdict(v) for k, v in sorted(setup.custom.items())},
        "free_text": {k: asdict(v) for k, v in sorted(setup.free_text.items())},
        "dates": [str(setup.began), str(setup.found), setup.people_count, setup.groups],
        "window": setup.window,
        "sender": setup.sender,
        "formats": formats,
    }
    data = json.dumps(document, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()
