"""Notification drafts: the authority's template turned into blocks, Markdown and JSON.

A draft template (``notification_templates/<authority>/<language>/draft.md.j2``) places
the draft's values in the order of the authority's form by calling four functions:
``title(text)``, ``section(text)``, ``field(label, value)`` and ``text(value)``. Each call
records a :class:`Block` and leaves a marker in the output; text the template writes
between calls becomes paragraphs (a line starting with ``#`` or ``##`` a title or a
section). The blocks are the one source of truth: the Markdown portal sheet, the PDF and
the JSON are all built from them, and the content hash is computed over them. User
text is never parsed as Markdown, HTML or template code: it prints literally.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_time
from babel.numbers import format_decimal
from jinja2 import Undefined
from jinja2.sandbox import SandboxedEnvironment

from breachkit.core.drafts.content import Draft, Value
from breachkit.core.drafts.vocab import Vocabulary
from breachkit.core.errors import InputError, Problem
from breachkit.core.organisation.authorities import Authority
from breachkit.render.localdates import long_date
from breachkit.render.templates import environment, render_template

FORMAT = "breachkit-draft/1"
TEMPLATE = "{authority}/{language}/draft.md.j2"
_MARK = re.compile("\ue000(\\d+)\ue001")


class DraftFormatter:
    """Dates, numbers and country names the way the authority's locale writes them."""

    def __init__(self, locale: str, zone: str, vocab: Vocabulary) -> None:
        try:
            self.locale = Locale.parse(locale)
        except (UnknownLocaleError, ValueError):
            self.locale = Locale.parse(vocab.language)
        self.zone = ZoneInfo(zone)
        self.pattern = vocab.word("document", "datetime")

    def number(self, value: float) -> str:
        if float(value).is_integer():
            value = int(value)
        return str(format_decimal(value, locale=self.locale))

    def datetime(self, value: datetime) -> str:
        local = value.astimezone(self.zone)
        offset = local.strftime("%z")
        day = long_date(local.date(), self.locale)
        time = format_time(local, format="short", locale=self.locale)
        return f"{self.pattern.format(date=day, time=time)} (UTC{offset[:3]}:{offset[3:]})"

    def country(self, code: str) -> str:
        return str(self.locale.territories.get(code, code))

    def language(self, code: str) -> str:
        return str(self.locale.languages.get(code, code))


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of a draft, in the order the template placed it."""

    kind: str
    """``title``, ``section``, ``field`` or ``text``."""
    text: str
    """The title, section heading, field label or paragraph."""
    value: Value = None
    """A field's value: text, a list of items, or None (not stated)."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "text": self.text}
        if self.kind == "field":
            out["value"] = list(self.value) if isinstance(self.value, tuple) else self.value
        return out


class _Collector:
    def __init__(self) -> None:
        self.blocks: list[Block] = []

    def _add(self, block: Block) -> str:
        self.blocks.append(block)
        return f"\ue000{len(self.blocks) - 1}\ue001"

    def title(self, text: str) -> str:
        return self._add(Block("title", _label(text, "title")))

    def section(self, text: str) -> str:
        return self._add(Block("section", _label(text, "section")))

    def field(self, label: str, value: Any) -> str:
        return self._add(Block("field", _label(label, "field"), _value(value)))

    def text(self, value: Any) -> str:
        checked = _value(value)
        if checked is None:
            return ""
        if isinstance(checked, tuple):
            checked = "\n".join(checked)
        return self._add(Block("text", checked))


def _defined(value: Any) -> Any:
    """A missing value is an error naming it (StrictUndefined raises when printed)."""
    if isinstance(value, Undefined):
        str(value)
        raise InputError(Problem("draft template", None, "a value is undefined"))
    return value


def _label(text: Any, function: str) -> str:
    text = _defined(text)
    if not isinstance(text, str) or not text.strip():
        raise InputError(
            Problem("draft template", None, f"{function}() needs a non-empty text label")
        )
    return text.strip()


def _value(value: Any) -> Value:
    value = _defined(value)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise InputError(
        Problem(
            "draft template",
            None,
            f"field() takes text, a list of texts or none, not {type(value).__name__}",
        )
    )


def template_name(authority: str, language: str) -> str:
    return TEMPLATE.format(authority=authority, language=language)


def draft_environment(user_dir: Path | None) -> SandboxedEnvironment:
    return environment(user_dir)


def render_blocks(
    env: SandboxedEnvironment, draft: Draft, authority: Authority, vocab: Vocabulary
) -> tuple[Block, ...]:
    """Run the authority's template for the draft's language; returns its blocks."""
    collector = _Collector()
    context: dict[str, object] = {
        "d": dict(draft.values),
        "flags": dict(draft.flags),
        "a": _authority_context(authority, draft.language),
        "t": dict(vocab.terms),
        "title": collector.title,
        "section": collector.section,
        "field": collector.field,
        "text": collector.text,
    }
    output = render_template(env, template_name(authority.id, draft.language), context)
    blocks: list[Block] = []
    position = 0
    for match in _MARK.finditer(output):
        blocks.extend(_prose(output[position : match.start()]))
        blocks.append(collector.blocks[int(match.group(1))])
        position = match.end()
    blocks.extend(_prose(output[position:]))
    return tuple(blocks)


def _authority_context(authority: Authority, language: str) -> dict[str, object]:
    return {
        "id": authority.id,
        "short": authority.short,
        "name": authority.name_in(language),
        "address": "\n".join(authority.address),
        "phone": authority.phone,
        "email": authority.email,
        "website": authority.website,
        "filing": authority.filing,
        "registration_label": authority.registration_label,
    }


def _prose(text: str) -> list[Block]:
    """The template's own text between blocks: paragraphs, ``#`` titles, ``##`` sections."""
    out: list[Block] = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        if paragraph.startswith("## "):
            out.append(Block("section", paragraph[3:].strip()))
        elif paragraph.startswith("# "):
            out.append(Block("title", paragraph[2:].strip()))
        else:
            out.append(Block("text", paragraph))
    return out


# -- content, hash, Markdown, JSON -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DraftContent:
    """What the draft says, independent of its version, format and generation time."""

    draft: Draft
    authority: Authority
    locale: str
    blocks: tuple[Block, ...]
    vocab: Vocabulary

    @property
    def title(self) -> str:
        first = next((b for b in self.blocks if b.kind == "title"), None)
        return first.text if first else self.vocab.word("document", "draft")

    def to_json(self) -> dict[str, Any]:
        d = self.draft
        return {
            "format": FORMAT,
            "incident": d.incident_id,
            "authority": d.authority,
            "language": d.language,
            "locale": self.locale,
            "phase": d.phase.value,
            "complete": d.complete,
            "missing": [{"key": m.key, "label": m.label} for m in d.missing],
            "blocks": [b.to_json() for b in self.blocks],
            "values": {k: list(v) if isinstance(v, tuple) else v for k, v in d.values.items()},
            "flags": dict(d.flags),
        }

    @property
    def sha256(self) -> str:
        """SHA-256 of the canonical JSON of :meth:`to_json` (what every format shares)."""
        canonical = json.dumps(
            self.to_json(), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class DraftMeta:
    """What changes between exports of the same content."""

    version: int
    generated_at: datetime
    zone: str


def meta_lines(content: DraftContent, meta: DraftMeta) -> tuple[str, str]:
    """The two lines every format prints under the title."""
    v = content.vocab
    first = " · ".join(
        [
            v.word("document", "draft"),
            v.say("document", "version", version=str(meta.version)),
            v.word("phase", content.draft.phase.value),
            generated_text(content, meta),
        ]
    )
    second = (
        v.say("document", "incident", id=content.draft.incident_id) + " · " + hash_text(content)
    )
    return first, second


def generated_text(content: DraftContent, meta: DraftMeta) -> str:
    fmt = DraftFormatter(content.locale, meta.zone, content.vocab)
    return content.vocab.say("document", "generated", when=fmt.datetime(meta.generated_at))


def hash_text(content: DraftContent) -> str:
    return content.vocab.say("document", "content_hash", hash=content.sha256)


def missing_lines(content: DraftContent) -> list[str]:
    return [m.label for m in content.draft.missing]


def to_markdown(content: DraftContent, meta: DraftMeta) -> str:
    """The portal sheet: one field after another, in the form's order, values literal."""
    v = content.vocab
    not_stated = v.word("terms", "not_stated")
    lines: list[str] = []
    blocks = list(content.blocks)
    if blocks and blocks[0].kind == "title":
        lines.append(f"# {blocks.pop(0).text}")
    else:
        lines.append(f"# {content.title}")
    lines.append("")
    lines.extend(meta_lines(content, meta))
    if content.draft.missing:
        lines.append("")
        lines.append(f"**{v.word('document', 'incomplete_banner')}**")
        lines.extend(f"- {label}" for label in missing_lines(content))
    for block in blocks:
        lines.append("")
        if block.kind == "title":
            lines.append(f"# {block.text}")
        elif block.kind == "section":
            lines.append(f"## {block.text}")
        elif block.kind == "text":
            lines.append(block.text)
        else:
            lines.append(f"**{block.text}**")
            value = block.value
            if value is None:
                lines.append(f"({not_stated})")
            elif isinstance(value, tuple):
                lines.extend(f"- {item}" for item in value)
            else:
                lines.append(value)
    return "\n".join(lines).rstrip() + "\n"


def to_json_document(content: DraftContent, meta: DraftMeta) -> str:
    document = {
        "draft": {
            "incident": content.draft.incident_id,
            "authority": content.authority.id,
            "authority_name": content.authority.name_in(content.draft.language),
            "language": content.draft.language,
            "phase": content.draft.phase.value,
            "version": meta.version,
            "generated_at": meta.generated_at.astimezone(ZoneInfo(meta.zone)).isoformat(
                timespec="seconds"
            ),
            "complete": content.draft.complete,
            "title": content.title,
            "content_sha256": content.sha256,
        },
        "content": content.to_json(),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
