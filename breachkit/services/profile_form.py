"""The organisation profile as a form: its fields, and the TOML file written back.

The TUI's profile form shows one field per key below; what is typed is read exactly as
the file would be (``parse_organisation_document``), so a bad country or e-mail reads
the same in the form as from ``breachkit org check``. Saving writes the values into the
file's own text, line by line, so its comments, its order and the keys the form does not
show (``[text.fr]``) stay; with no file yet, into the commented template ``org init``
writes. The result is read back and must give the very values typed before it replaces
the file (atomically, 0600).
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from breachkit.core.organisation.profile import Organisation
from breachkit.services.profile_texts import flat_tables, text_document, text_values


@dataclass(frozen=True, slots=True)
class ProfileField:
    """One key of the profile as the form shows it."""

    key: str
    """The file's key, ``dpo.email``."""
    label: str
    kind: str = "text"
    """``text``; ``lines`` (one per line: an address); ``list`` (``fr, en``); ``choice``;
    ``bool``; ``hours`` (a number, or empty)."""
    choices: tuple[str, ...] = ()
    hint: str = ""
    default: str = ""
    """What the field shows when the profile does not give the key."""


FIELDS: tuple[ProfileField, ...] = (
    ProfileField("organisation.name", "Legal name", hint="Example Managed Services S.A."),
    ProfileField("organisation.registration", "Registration number", hint="RCS B123456"),
    ProfileField("organisation.address", "Address (one line each)", "lines"),
    ProfileField("organisation.country", "Country of main establishment", hint="LU"),
    ProfileField("organisation.timezone", "Time zone", hint="Europe/Luxembourg"),
    ProfileField("organisation.languages", "Languages you write in", "list", hint="fr, en"),
    ProfileField("organisation.sector", "Sector", hint="managed ICT services"),
    ProfileField(
        "organisation.text_language",
        "Language of the sector and the DPO's own title",
        hint="en (ISO 639-1)",
        default="en",
    ),
    ProfileField("organisation.website", "Website"),
    ProfileField("authority.lead", "Lead supervisory authority", "choice"),
    ProfileField("dpo.name", "DPO or contact point: name"),
    ProfileField("dpo.email", "DPO: e-mail", hint="dpo@example.lu"),
    ProfileField("dpo.phone", "DPO: phone"),
    ProfileField("dpo.address", "DPO: address (one line each)", "lines"),
    ProfileField("dpo.role", "DPO: role", "choice", ("dpo", "contact_point")),
    ProfileField(
        "dpo.title_form", "DPO: title form", "choice", ("neutral", "feminine", "masculine")
    ),
    ProfileField("dpo.title", "DPO: own title (empty: the standard one)"),
    ProfileField("representative.name", "Legal representative: name"),
    ProfileField("representative.title", "Legal representative: title"),
    ProfileField("regimes.nis2", "NIS2 entity", "choice", ("none", "important", "essential")),
    ProfileField("regimes.eprivacy", "Public electronic communications provider", "bool"),
    ProfileField("regimes.dora", "Financial entity under DORA", "bool"),
    ProfileField(
        "processor.notify_controller_within_hours",
        "As processor: hours to tell the controller",
        "hours",
        hint="24 (empty: without undue delay)",
    ),
)


def form_values(org: Organisation | None) -> dict[str, str]:
    """What each field shows for ``org`` (empty for a new profile)."""
    doc = org.to_document() if org is not None else {}
    values = {}
    for field in FIELDS:
        table, _, name = field.key.partition(".")
        value = doc.get(table, {}).get(name)
        values[field.key] = _shown(field, value)
    values.update(text_values(org))
    return values


def _shown(field: ProfileField, value: Any) -> str:
    if value is None and field.default:
        return field.default
    if value is None:
        return {"bool": "false", "choice": field.choices[0] if field.choices else ""}.get(
            field.kind, ""
        )
    if field.kind == "lines":
        return "\n".join(value)
    if field.kind == "list":
        return ", ".join(value)
    if field.kind == "bool":
        return "true" if value else "false"
    if field.kind == "hours":
        return f"{value:g}"
    return str(value)


def document(values: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """The profile document the typed ``values`` make (unchecked)."""
    doc: dict[str, dict[str, Any]] = {}
    for field in FIELDS:
        table, _, name = field.key.partition(".")
        value = _typed(field, values.get(field.key, ""))
        if value is not None:
            doc.setdefault(table, {})[name] = value
    doc.setdefault("organisation", {})
    if texts := text_document(values):
        doc["text"] = texts
    return doc


def _typed(field: ProfileField, text: str) -> Any:
    text = text.strip()
    if field.kind == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if field.kind == "list":
        return [part.strip() for part in re.split(r"[,\s]+", text) if part.strip()]
    if field.kind == "bool":
        return text == "true"
    if field.kind == "hours":
        if not text:
            return None
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            return text  # the profile's own check says what is allowed
        return int(number) if number.is_integer() else number
    return text


# -- writing the values into the file's text ------------------------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)([^\[\]#]+)\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^(\s*)([A-Za-z0-9_-]+)(\s*=\s*)(.*)$")


def toml_value(value: Any) -> str:
    """``value`` written as TOML (a basic string's escapes are JSON's)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def fill(text: str, doc: Mapping[str, Mapping[str, Any]]) -> str:
    """``text`` (a profile file) with the values of ``doc`` put in: each key's line keeps
    its comment; a key not in the file is added at the end of its table (unless it is
    empty: not stated either way), a table not in the file at the end; a value over
    several lines becomes one line. ``doc["text"]`` gives one table per language."""
    lines = text.splitlines()
    out: list[str] = []
    pending = flat_tables(doc)
    section = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        if header := _HEADER.match(line):
            _close(out, section, pending)
            section = _section(header)
            out.append(line)
            index += 1
            continue
        key = _KEY.match(line)
        if key is None or key.group(2) not in pending.get(section, {}):
            out.append(line)
            index += 1
            continue
        end, comment = _value_end(lines, index, key.group(4))
        new = pending[section].pop(key.group(2))
        head = f"{key.group(1)}{key.group(2)}{key.group(3)}{toml_value(new)}"
        out.append(_with_comment(head, line, comment))
        index = end + 1
    _close(out, section, pending)
    for table, keys in pending.items():
        if new := _stated(keys):
            out += ["", f"[{table}]", *(f"{k} = {toml_value(v)}" for k, v in new.items())]
    return "\n".join(out) + "\n"


def _stated(keys: Mapping[str, Any]) -> dict[str, Any]:
    """The keys worth adding to a file: an empty one reads the same as none."""
    return {k: v for k, v in keys.items() if v not in ("", [])}


def _section(header: re.Match[str]) -> str:
    """A table header's name as ``doc`` names it: ``[ text."fr" ]`` is ``text.fr``; an
    array of tables (``[[x]]``) is none the form writes to."""
    name = re.sub(r"[\s\"']", "", header.group(2))
    return name if header.group(1) == "[" else f"[[{name}]]"


def _close(out: list[str], section: str, pending: dict[str, dict[str, Any]]) -> None:
    """Add the keys of ``section`` the file did not have, after its last line."""
    keys = pending.get(section)
    if not keys:
        return
    at = len(out)
    while at > 0 and not out[at - 1].strip():
        at -= 1
    out[at:at] = [f"{k} = {toml_value(v)}" for k, v in _stated(keys).items()]
    keys.clear()


def _value_end(lines: list[str], start: int, first: str) -> tuple[int, str]:
    """The last line of the value starting with ``first`` on line ``start``, and the
    comment after it."""
    text = first
    for end in range(start, min(start + 200, len(lines))):
        if end > start:
            text += "\n" + lines[end]
        for cut in [*(m.start() for m in re.finditer("#", text)), len(text)]:
            try:
                tomllib.loads("x = " + text[:cut])
            except tomllib.TOMLDecodeError:
                continue
            return end, text[cut:]
    return start, ""


def _with_comment(head: str, line: str, comment: str) -> str:
    """``head`` with the line's comment kept in its column where it fits."""
    if not comment.strip() or "\n" in comment:
        return head
    column = len(line) - len(comment)
    pad = max(column - len(head), 1) if column > len(head) else 1
    return head + " " * pad + comment.strip()
