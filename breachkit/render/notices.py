"""A processor's notice to a controller as a PDF and as an e-mail (one recipient).

The notice's words and blocks come from :func:`breachkit.core.controllers.notice.compose_notice`;
this module lays them out with the letters' engine (same fonts, window address, page
footer) and writes the message with the letters' e-mail writer, whose header policy
refuses anything but exactly one ``To:`` mailbox.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal

from breachkit.core.controllers.model import Controller
from breachkit.core.controllers.notice import Notice
from breachkit.core.controllers.words import NoticeWords
from breachkit.core.letters.markup import Block, Kind
from breachkit.core.organisation.profile import Organisation
from breachkit.core.times import utc_iso
from breachkit.render.letters.eml import message
from breachkit.render.letters.forms import plain_text
from breachkit.render.letters.layout import Frame, layout_body, layout_personal
from breachkit.render.letters.pdfwriter import letter_pdf, pdf_date, stream
from breachkit.render.letters.truetype import rounded_glyphs
from breachkit.render.localdates import long_date

_TIME = {
    "en": "{date} at {h:02d}:{m:02d} (UTC{offset})",
    "fr": "{date} à {h} h {m:02d} (UTC{offset})",
    "de": "{date} um {h:02d}:{m:02d} Uhr (UTC{offset})",
    "da": "{date} kl. {h:02d}.{m:02d} (UTC{offset})",
    "nl": "{date} om {h:02d}.{m:02d} uur (UTC{offset})",
}


def time_writer(words: NoticeWords, zone: ZoneInfo) -> Callable[[datetime], str]:
    """A time the way the notice's language writes it, in the incident's zone, with its
    offset (so a controller in another zone reads it without doubt)."""
    pattern = _TIME.get(words.language, _TIME["en"])

    def write(instant: datetime) -> str:
        local = instant.astimezone(zone)
        offset = local.strftime("%z")
        offset = f"{offset[:3]}:{offset[3:]}" if offset else "+00:00"
        day = long_date(local.date(), words.locale)
        return pattern.format(date=day, h=local.hour, m=local.minute, offset=offset)

    return write


def number_writer(words: NoticeWords) -> Callable[[float], str]:
    def write(value: float) -> str:
        return str(format_decimal(value, locale=words.locale))

    return write


class NoticeRenderer:
    """Renders the notices of one run (the processor, the incident, the date are shared)."""

    def __init__(self, organisation: Organisation, incident_id: str, zone: ZoneInfo) -> None:
        self.org = organisation
        self.incident_id = incident_id
        self.zone = zone
        self._frames: dict[str, Frame] = {}

    def frame(self, words: NoticeWords, issued_at: datetime) -> Frame:
        found = self._frames.get(words.language)
        if found is None:
            org = self.org
            day = long_date(issued_at.astimezone(self.zone).date(), words.locale)
            lines = (" · ".join(org.address), org.website)
            found = Frame(
                sender=org.name,
                sender_lines=tuple(line for line in lines if line),
                return_line=" · ".join((org.name, *org.address)),
                info=(
                    (words.get("notice", "date"), day),
                    (words.get("notice", "our_reference"), self.incident_id),
                ),
                your_reference_label=words.get("notice", "your_reference"),
                footer=words.get("sentence", "footer", processor=org.name, id=self.incident_id),
                page_label=words.get("notice", "page"),
                colon=words.get("notice", "colon"),
            )
            self._frames[words.language] = found
        return found

    def pdf(
        self, notice: Notice, words: NoticeWords, controller: Controller, issued_at: datetime
    ) -> tuple[bytes, int]:
        """The notice as a PDF file, and its page count."""
        frame = self.frame(words, issued_at)
        body = layout_body(frame, notice.title, notice.blocks)
        personal = layout_personal(
            frame,
            body,
            address=notice.address,
            greeting=notice.greeting,
            reference=controller.contract_reference,
        )
        data = letter_pdf(
            tuple(stream(page) for page in body.pages),
            personal.pages,
            (rounded_glyphs(body.regular, personal.regular), body.bold),
            title=notice.title,
            author=self.org.name,
            created=pdf_date(utc_iso(issued_at)),
            language=words.language,
        )
        return data, len(body.pages)

    def eml(
        self,
        notice: Notice,
        words: NoticeWords,
        controller: Controller,
        issued_at: datetime,
        sender: str = "",
    ) -> bytes:
        colon = words.get("notice", "colon")
        opening = notice.greeting + "\n\n"
        if controller.contract_reference:
            label = words.get("notice", "your_reference")
            opening += f"{label}{colon}{controller.contract_reference}\n\n"
        text = plain_text(_spaced((Block(Kind.SUBHEADING, notice.title), *notice.blocks)))
        closing = (
            f"\n{words.get('notice', 'our_reference')}{colon}{self.incident_id}\n"
            + words.get("notice", "sent_to", email=controller.email)
            + "\n"
        )
        return message(
            sender_name=self.org.name,
            sender=sender or self.org.dpo.email,
            reply_to=self.org.dpo.email,
            recipient_name=controller.contact_name or controller.name,
            recipient=controller.email,
            subject=notice.subject,
            body=(opening, text, closing),
            language=words.language,
            date=issued_at,
            identity=f"{self.incident_id}/{controller.id}/{utc_iso(issued_at)}",
        )


def _spaced(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """An empty line after the title and after a list, for the plain-text e-mail."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1].kind if out else None
        after_title = previous is Kind.SUBHEADING and block.kind is not Kind.HEADING
        after_list = previous is Kind.ITEM and block.kind in (Kind.PARAGRAPH, Kind.LINE)
        if after_title or after_list:
            out.append(Block(Kind.GAP, ""))
        out.append(block)
    return tuple(out)
