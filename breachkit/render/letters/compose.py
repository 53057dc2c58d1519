"""Letters from a setup and a person: PDF, e-mail text, and the pages of a print run.

:class:`LetterRenderer` renders the body of each distinct plan once (Jinja template,
blocks, layout, compressed page streams) and keeps it; a letter is then that shared
body plus the person's own layer. Everything a person supplies is printed as it is:
there is no markup in the PDF text, and the e-mail and HTML writers escape it.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.numbers import format_decimal
from jinja2 import TemplateNotFound, meta
from jinja2.sandbox import SandboxedEnvironment

from breachkit.core.incident.text import TextIn
from breachkit.core.letters.markup import Block, Kind, parse_blocks
from breachkit.core.letters.own import own_words, signatory
from breachkit.core.letters.people import Person
from breachkit.core.letters.plan import LetterFacts, LetterPlan, plan_letter, plan_notice
from breachkit.core.letters.texts import CustomText, LetterTexts, fill
from breachkit.core.organisation.authorities import Authority
from breachkit.core.organisation.profile import Organisation
from breachkit.render.letters.forms import html_page, plain_text
from breachkit.render.letters.layout import Body, Frame, layout_body, layout_personal
from breachkit.render.letters.pdfwriter import letter_pdf, pdf_date, stream
from breachkit.render.letters.truetype import rounded_glyphs
from breachkit.render.localdates import long_date
from breachkit.render.templates import environment, render_template

VARIANT_CACHE = 256


@dataclass(frozen=True)
class LetterSetup:
    """Everything the letters of one batch share; built by the services, picklable."""

    incident_id: str
    organisation: Organisation
    facts: LetterFacts
    authorities: Mapping[str, Authority]
    texts: Mapping[str, LetterTexts]
    started_at: datetime
    """When the batch began (aware); the letters' date."""
    timezone: str
    began: date | None = None
    found: date | None = None
    people_count: int | None = None
    groups: tuple[str, ...] = ()
    custom: Mapping[str, CustomText] = field(default_factory=dict)
    template_dir: str | None = None
    window: str = "left"
    sender: str = ""
    """The e-mail From address (default: the DPO's)."""
    free_text: Mapping[str, TextIn] = field(default_factory=dict)
    """The incident's own measures and consequences, per letter language."""

    @property
    def local_day(self) -> date:
        return self.started_at.astimezone(ZoneInfo(self.timezone)).date()


@dataclass(frozen=True, slots=True)
class Variant:
    """A rendered body, shared by every letter with the same plan."""

    title: str
    blocks: tuple[Block, ...]
    body: Body
    streams: tuple[bytes, ...]
    """Compressed page-stream objects of the body (for the PDF writers)."""
    digest: str
    text: str
    """The body as plain text (for e-mails), wrapped at 72 columns."""


@dataclass(frozen=True, slots=True)
class PrintLetter:
    """One letter's part in a print run: the shared body's streams and the person's."""

    digest: str
    streams: tuple[bytes, ...]
    personal: tuple[bytes, ...]
    regular: frozenset[int]
    bold: frozenset[int]


def oneline(value: object) -> str:
    """Free text on one line: a value can never start a heading or a list item."""
    return " ".join(str(value).split())


def _fill(template: str, **values: object) -> str:
    return fill(template, **values)


class LetterRenderer:
    """Renders the letters of one setup; caches bodies by plan."""

    def __init__(self, setup: LetterSetup) -> None:
        self.setup = setup
        folder = Path(setup.template_dir) if setup.template_dir else None
        self.env: SandboxedEnvironment = environment(folder)
        self.env.filters["fill"] = _fill
        self.env.filters["oneline"] = oneline
        self._variants: OrderedDict[Any, Variant] = OrderedDict()
        self._frames: dict[str, Frame] = {}
        self._personal_templates: dict[str, bool] = {}
        self._plans: dict[tuple[Any, ...], LetterPlan] = {}
        self._names: dict[str, str] = {}

    # -- plans and bodies ---------------------------------------------------------------

    def plan(self, person: Person) -> LetterPlan:
        key = (person.language, person.country, person.categories)
        found = self._plans.get(key)
        if found is None:
            found = plan_letter(
                self.setup.facts,
                language=person.language,
                country=person.country,
                categories=person.categories,
            )
            if len(self._plans) < 4096:
                self._plans[key] = found
        return found

    def variant(self, plan: LetterPlan, person: Person | None = None) -> Variant:
        name = self._template(plan.language, "letter")
        personal = person is not None and self._uses_subject(name)
        key: Any = (plan, person) if personal else plan
        found = self._variants.get(key)
        if found is not None:
            self._variants.move_to_end(key)
            return found
        context = self._context(plan)
        if personal and person is not None:
            context["subject"] = _subject_view(person)
        made = self._make_variant(plan.language, render_template(self.env, name, context))
        self._variants[key] = made
        if len(self._variants) > VARIANT_CACHE:
            self._variants.popitem(last=False)
        return made

    def _make_variant(self, language: str, text: str, *, letter: bool = True) -> Variant:
        blocks = parse_blocks(text)
        title = next((b.text for b in blocks if b.kind is Kind.TITLE), "")
        rest = tuple(b for b in blocks if b.kind is not Kind.TITLE)
        frame = self.frame(language)
        body = layout_body(frame if letter else replace(frame, letter=False), title, rest)
        streams = tuple(stream(page) for page in body.pages)
        digest = hashlib.sha256(b"\0".join(body.pages)).hexdigest()
        return Variant(title, rest, body, streams, digest, plain_text(rest))

    def personal(self, language: str) -> bool:
        """Whether letters in ``language`` are rendered person by person (the template
        uses ``subject``)."""
        return self._uses_subject(self._template(language, "letter"))

    def _template(self, language: str, kind: str) -> str:
        """``letters/<kind>.<lang>.j2`` if there is one, else ``letters/<kind>.j2``."""
        key = f"{kind}.{language}"
        found = self._names.get(key)
        if found is None:
            found = f"letters/{kind}.{language}.j2"
            try:
                self.env.get_template(found)
            except TemplateNotFound:
                found = f"letters/{kind}.j2"
            self._names[key] = found
        return found

    def _uses_subject(self, name: str) -> bool:
        """Whether a template (or one it imports) refers to ``subject``: then each
        person's body is rendered on its own, else it is shared."""
        known = self._personal_templates.get(name)
        if known is None:
            known = False
            pending, seen = [name], set()
            while pending and not known:
                current = pending.pop()
                if current in seen:
                    continue
                seen.add(current)
                assert self.env.loader is not None
                try:
                    source = self.env.loader.get_source(self.env, current)[0]
                except TemplateNotFound:
                    continue  # rendering names the missing template (exit 2)
                tree = self.env.parse(source)
                known = "subject" in meta.find_undeclared_variables(tree)
                pending += [t for t in meta.find_referenced_templates(tree) if t]
            self._personal_templates[name] = known
        return known

    def _context(self, plan: LetterPlan) -> dict[str, Any]:
        setup = self.setup
        texts = setup.texts[plan.language]
        org = setup.organisation
        authority = setup.authorities[plan.complaint_authority]
        lead = setup.authorities[setup.facts.lead_authority]
        locale = texts.locale
        began = _day(setup.began, locale)
        found = _day(setup.found, locale)
        groups = ", ".join(texts.sections["group"][g] for g in setup.groups)
        count = format_decimal(setup.people_count, locale=locale) if setup.people_count else ""
        return {
            "t": texts.sections,
            "lang": plan.language,
            "plan": plan,
            "facts": setup.facts,
            "org": org,
            "dpo": org.dpo,
            "authority": {
                "name": authority.name_in(plan.language),
                "short": authority.short,
                "address": list(authority.address),
                "website": authority.website,
            },
            "lead": {"name": lead.name_in(plan.language), "short": lead.short},
            "dates": {"began": began, "found": found, "same_day": bool(began) and began == found},
            "custom": setup.custom.get(plan.language, CustomText()),
            "own": own_words(setup.free_text.get(plan.language)),
            "signatory": signatory(org, texts),
            "incident_id": setup.incident_id,
            "groups": groups,
            "count": count,
            "today": _day(setup.local_day, locale),
        }

    def frame(self, language: str) -> Frame:
        found = self._frames.get(language)
        if found is None:
            setup = self.setup
            texts = setup.texts[language].sections["letter"]
            org = setup.organisation
            sender_lines = tuple(
                line
                for line in (" · ".join(org.address), " · ".join(filter(None, (org.website,))))
                if line
            )
            found = Frame(
                sender=org.name,
                sender_lines=sender_lines,
                return_line=" · ".join((org.name, *org.address)),
                info=(
                    (texts["date"], _day(setup.local_day, setup.texts[language].locale)),
                    (texts["our_reference"], setup.incident_id),
                ),
                your_reference_label=texts["your_reference"],
                colon=texts["colon"],
                footer=f"{org.name} · {setup.incident_id}",
                page_label=texts["page"],
                window=setup.window,
            )
            self._frames[language] = found
        return found

    # -- one letter ----------------------------------------------------------------------

    def greeting(self, person: Person) -> str:
        if person.salutation:
            return person.salutation
        template = self.setup.texts[person.language].sections["letter"]["salutation"]
        return fill(template, name=person.name)

    def address_lines(self, person: Person) -> list[str]:
        lines = [person.name, *person.address]
        place = " ".join(filter(None, (person.postal_code, person.city)))
        if person.country == "GB" and person.city and person.postal_code:
            lines += [person.city, person.postal_code]
        elif place:
            lines.append(place)
        home = self.setup.organisation.country
        if person.country and person.country != home:
            lines.append(country_name(person.country, self.setup.organisation.languages))
        return lines

    def print_letter(self, person: Person, variant: Variant | None = None) -> PrintLetter:
        variant = variant or self.variant(self.plan(person), person)
        personal = layout_personal(
            self.frame(person.language),
            variant.body,
            address=self.address_lines(person) if person.address else [person.name],
            greeting=self.greeting(person),
            reference=person.reference,
        )
        return PrintLetter(
            variant.digest,
            variant.streams,
            personal.pages,
            variant.body.regular | personal.regular,
            variant.body.bold,
        )

    def pdf(self, person: Person) -> tuple[bytes, int]:
        """One person's letter as a PDF file, and its page count."""
        variant = self.variant(self.plan(person), person)
        part = self.print_letter(person, variant)
        data = letter_pdf(
            part.streams,
            part.personal,
            (rounded_glyphs(variant.body.regular, part.regular), part.bold),
            title=variant.title,
            author=self.setup.organisation.name,
            created=pdf_date(self.setup.started_at.isoformat()),
            language=person.language,
        )
        return data, len(part.streams)

    def email_text(self, person: Person) -> tuple[str, tuple[str, str, str]]:
        """(subject line, (opening, shared body, closing)) of one person's e-mail."""
        variant = self.variant(self.plan(person), person)
        texts = self.setup.texts[person.language].sections["letter"]
        colon = texts["colon"]
        opening = ""
        if person.reference:  # above the greeting, as on paper: the body follows the greeting
            opening = f"{texts['your_reference']}{colon}{person.reference}\n\n"
        opening += self.greeting(person) + "\n\n"
        closing = (
            f"\n{texts['our_reference']}{colon}{self.setup.incident_id}\n"
            + fill(texts["sent_to"], email=person.email)
            + "\n"
        )
        subject = fill(texts["email_subject"], organisation=self.setup.organisation.name)
        return subject, (opening, variant.text, closing)

    # -- the public notice ------------------------------------------------------------------

    def notice(self, language: str) -> tuple[bytes, str, str]:
        """The public notice in ``language``: (PDF, HTML, plain text)."""
        plan = plan_notice(self.setup.facts, language=language)
        name = self._template(language, "notice")
        text = render_template(self.env, name, self._context(plan))
        variant = self._make_variant(language, text, letter=False)
        empty = tuple(b"" for _ in variant.streams)
        pdf = letter_pdf(
            variant.streams,
            empty,
            (variant.body.regular, variant.body.bold),
            title=variant.title,
            author=self.setup.organisation.name,
            created=pdf_date(self.setup.started_at.isoformat()),
            language=language,
        )
        return (
            pdf,
            html_page(variant.title, variant.blocks, language),
            variant.title + "\n\n" + (variant.text),
        )


def _day(value: date | None, locale: str) -> str:
    return long_date(value, locale) if value else ""


def country_name(code: str, languages: tuple[str, ...]) -> str:
    """A destination country for an envelope: in the sender's language, in capitals."""
    for language in (*languages, "en"):
        try:
            name = Locale.parse(language).territories.get(code)
        except (ValueError, TypeError):
            continue
        if name:
            return str(name).upper()
    return code


def _subject_view(person: Person) -> dict[str, Any]:
    return {
        "name": person.name,
        "email": person.email,
        "reference": person.reference,
        "language": person.language,
        "country": person.country,
        "extra": dict(person.extra),
    }
