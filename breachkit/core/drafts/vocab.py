"""The words of a notification draft in one language, as validated data.

Each language has a file ``notification_templates/language/<code>.toml`` holding the
words for the closed vocabularies (data categories, causes, parties, ...) and the
sentences breachkit writes from the facts (derived consequences, protection in place,
whether people are informed). :func:`parse_vocabulary` checks that every code of every
vocabulary has its words and that each sentence uses only the placeholders it is given,
so a missing translation is an error at load time, never a blank in a legal notice.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from enum import StrEnum

from breachkit.core import enums as e
from breachkit.core.errors import InputError, Problem
from breachkit.core.tomlpos import key_lines, load_toml


def _codes(enum: type[StrEnum]) -> dict[str, frozenset[str]]:
    return {member.value: frozenset() for member in enum}


def _keys(*names: str, fields: tuple[str, ...] = ()) -> dict[str, frozenset[str]]:
    return {name: frozenset(fields) for name in names}


# table -> key -> the placeholders the text may use ({n}, {when}, ...).
SCHEMA: dict[str, dict[str, frozenset[str]]] = {
    "terms": _keys(
        "breach",
        "regulation",
        "not_stated",
        "none",
        "yes",
        "no",
        "unknown",
        "incomplete",
        "contact_dpo",
        "contact_dpo_feminine",
        "contact_dpo_masculine",
        "contact_point",
        "list_separator",
        "last_separator",
    )
    | {"untranslated": frozenset({"language"})},
    "document": {
        **_keys("draft", "incomplete_banner"),
        "content_hash": frozenset({"hash"}),
        "version": frozenset({"version"}),
        "generated": frozenset({"when"}),
        "page": frozenset({"page", "pages"}),
        "incident": frozenset({"id"}),
        "datetime": frozenset({"date", "time"}),
    },
    "phase": _keys("initial", "complementary"),
    "role": _codes(e.Role),
    "breach_type": _codes(e.BreachType),
    "cause": _codes(e.Cause),
    "exfiltration": _codes(e.Exfiltration),
    "recipients": _codes(e.Recipients),
    "category": _codes(e.DataCategory),
    "group": _codes(e.SubjectGroup),
    "identifiability": _codes(e.Identifiability),
    "party": _codes(e.OtherParty),
    "risk": _keys("unlikely", "risk", "high"),
    "consequence": {
        **_keys(
            "phishing",
            "identity_theft",
            "financial_fraud",
            "account_takeover",
            "sensitive",
            "loss_of_control",
            "unavailable_permanent",
            "integrity",
            "misuse",
            "limited_encrypted",
            "limited_recipient",
        ),
        "unavailable_temporary": frozenset({"hours"}),
        "unavailable_temporary_unknown": frozenset(),
        "service_disruption": frozenset(),
    },
    "protection": _keys(
        "encryption_none",
        "encryption_weak",
        "encryption_state_of_the_art",
        "key_compromised",
        "password_plaintext",
        "password_weak_hash",
        "password_strong_salted_hash",
        "backup_none",
        "backup_available",
        "backup_also_affected",
        "restored",
        "not_restored",
    ),
    "informed": {
        **_keys(
            "done",
            "planned",
            "done_voluntary",
            "planned_voluntary",
            "not_yet_high",
            "public",
            "not_required_risk",
            "not_required_unlikely",
            "not_required",
            "ground_34_3_a",
            "ground_34_3_b",
            "ground_34_3_c",
        ),
        "decision": frozenset({"risk", "when"}),
    },
    "sentence": {
        "nature": frozenset({"types", "cause"}),
        "nature_no_cause": frozenset({"types"}),
        "malicious": frozenset(),
        "not_malicious": frozenset(),
        "unavailable_hours": frozenset({"hours"}),
        "cross_border_yes": frozenset({"countries"}),
        "cross_border_no": frozenset({"country"}),
        "main_establishment": frozenset({"country", "lead"}),
        "party_filed": frozenset({"party", "when"}),
    },
    "missing": {},  # free keys: labels for what is missing, see MISSING_KEYS in drafts.py
}


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The words for one language. ``word("cause", "ransomware")`` -> ``"rançongiciel"``."""

    language: str
    tables: dict[str, dict[str, str]]

    def word(self, table: str, key: str) -> str:
        return self.tables[table][key]

    def say(self, table: str, key: str, **values: str) -> str:
        """A sentence with its placeholders filled in."""
        return self.tables[table][key].format(**values)

    @property
    def terms(self) -> dict[str, str]:
        return self.tables["terms"]

    def join(self, items: list[str] | tuple[str, ...]) -> str:
        """``a, b and c`` the language's way."""
        items = [i for i in items if i]
        if len(items) <= 1:
            return "".join(items)
        sep, last = self.terms["list_separator"], self.terms["last_separator"]
        return sep.join(items[:-1]) + last + items[-1]


def parse_vocabulary(
    text: str, source: str, *, missing_keys: frozenset[str] = frozenset()
) -> Vocabulary:
    """Validate a language file; raises InputError naming every problem with its line."""
    raw = load_toml(text, source)
    lines = key_lines(text)
    problems: list[Problem] = []

    def add(key: str | None, message: str) -> None:
        problems.append(Problem(source, key, message, lines.get(key or "")))

    language = raw.get("language")
    if not isinstance(language, str) or not language.strip():
        add("language", "required key is missing (the ISO 639-1 code, e.g. fr)")
        language = ""
    tables: dict[str, dict[str, str]] = {}
    for name, wanted in SCHEMA.items():
        table = raw.get(name)
        if not isinstance(table, dict):
            add(name, f"required table [{name}] is missing")
            continue
        checked: dict[str, str] = {}
        expected = dict(wanted) if name != "missing" else dict.fromkeys(missing_keys, frozenset())
        for key, value in table.items():
            path = f"{name}.{key}"
            if key not in expected:
                add(path, f"unknown key; allowed here: {', '.join(sorted(expected))}")
            elif not isinstance(value, str) or not value.strip():
                add(path, "expected non-empty text")
            else:
                bad = _placeholder_problem(value, expected[key])
                if bad:
                    add(path, bad)
                checked[key] = value
        for key in expected:
            if key not in table:
                add(f"{name}.{key}", "required key is missing")
        tables[name] = checked
    for name in raw:
        if name not in SCHEMA and name != "language":
            add(name, f"unknown table; allowed: language, {', '.join(SCHEMA)}")
    if problems:
        raise InputError(problems)
    return Vocabulary(language=language.strip(), tables=tables)


def _placeholder_problem(value: str, allowed: frozenset[str]) -> str:
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(value) if f is not None]
    except ValueError as err:
        return f"bad placeholder ({err}); write a literal brace as {{{{ or }}}}"
    unknown = sorted({f for f in fields if f not in allowed})
    if unknown:
        allowed_text = ", ".join(f"{{{a}}}" for a in sorted(allowed)) or "none"
        return f"unknown placeholder {', '.join('{' + u + '}' for u in unknown)} (allowed: " + (
            allowed_text + ")"
        )
    return ""
