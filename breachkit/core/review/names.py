"""Who is a person, and how a person's name is found in free text (for redaction).

A recorded name is a person unless it is breachkit itself, a system account or only
role words (``IT operations``, ``CISO``). Names are compared folded: lowercase, accents
off (``Muller`` finds ``Müller``). :func:`name_patterns` gives the regexes that find one
person in folded text; :func:`titled_names` finds names that follow a title (``Mr``,
``Mme``, ``Herr``, ...). Pure: stdlib only.
"""

from __future__ import annotations

import re
import unicodedata

NOT_PEOPLE = frozenset({"system", "unknown", "root", "admin", "administrator", "breachkit"})
"""Actors that are not people (``breachkit``, ``breachkit demo`` and these)."""

ROLE_WORDS = frozenset(
    {
        "a",
        "and",
        "admin",
        "administrator",
        "administrators",
        "audit",
        "board",
        "care",
        "ceo",
        "cfo",
        "chief",
        "cio",
        "ciso",
        "comms",
        "communications",
        "compliance",
        "controller",
        "coo",
        "counsel",
        "cso",
        "cto",
        "customer",
        "data",
        "department",
        "desk",
        "dev",
        "development",
        "director",
        "dpo",
        "engineering",
        "external",
        "finance",
        "for",
        "head",
        "help",
        "helpdesk",
        "hr",
        "incident",
        "infrastructure",
        "internal",
        "it",
        "lead",
        "legal",
        "management",
        "manager",
        "managing",
        "marketing",
        "network",
        "noc",
        "of",
        "office",
        "officer",
        "on",
        "call",
        "on-call",
        "operations",
        "ops",
        "privacy",
        "processor",
        "procurement",
        "protection",
        "provider",
        "response",
        "responder",
        "responders",
        "risk",
        "sales",
        "security",
        "service",
        "soc",
        "support",
        "sysadmin",
        "team",
        "the",
        "vendor",
    }
)
"""Words of roles and teams: an owner made only of these is not a person, and none of them
is ever redacted on its own."""

_FOLD_EXTRA = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ß": "ss"})
_WORD = r"[^\W_]"
BEFORE = rf"(?<!{_WORD})"
"""Where a name may start: not right after a letter or digit."""
AFTER = rf"(?!{_WORD})"
"""Where a name may end: not right before a letter or digit."""
_SEP = r"[\s._'’-]*"

_TITLE = re.compile(
    r"(?<!\w)(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Mme|Mlle|Herr|Frau|Dhr|Mevr|Mw|Sr|Sra|Hr|Fr|M(?=\.))\.?"
    r"\s+([^\W\d_][\w'’-]*)"
)
_NEXT_WORD = re.compile(r"\s+([^\W\d_][\w'’-]*)")
_BRACKETED_ROLE = re.compile(r"\s*\(([^()]*)\)\s*$")


def fold(text: str) -> tuple[str, list[int] | None]:
    """Lowercase without accents, and where each folded character came from (None: 1:1)."""
    if text.isascii():
        return text.lower(), None
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        plain = unicodedata.normalize("NFKD", char.lower().translate(_FOLD_EXTRA))
        for part in plain:
            if not unicodedata.combining(part):
                out.append(part)
                where.append(index)
    where.append(len(text))
    return "".join(out), where


def name_tokens(name: str) -> list[str]:
    folded, _ = fold(name)
    return [t for t in re.split(r"[\W_]+", folded) if t]


def split_role(actor: str) -> tuple[str, str]:
    """``"a.schmit (CISO)"`` → (``"a.schmit"``, ``"CISO"``)."""
    match = _BRACKETED_ROLE.search(actor)
    if match:
        return actor[: match.start()].strip(), match.group(1).strip()
    return actor.strip(), ""


def is_person(name: str) -> bool:
    """Whether a recorded name is (probably) a person: not breachkit, not only role words."""
    core, _ = split_role(name)
    tokens = name_tokens(core)
    if not tokens:
        return False
    if tokens[0] == "breachkit" or " ".join(tokens) in NOT_PEOPLE:
        return False
    return not all(t in ROLE_WORDS for t in tokens)


def name_patterns(tokens: list[str]) -> list[str]:
    """Regex sources (over folded text) that find a person named by ``tokens``."""
    q = [re.escape(t) for t in tokens]
    out = []
    if len(q) > 1:
        out.append(_SEP.join(q))
        out.append(rf"{q[-1]},?\s*{_SEP.join(q[:-1])}")
        if len(tokens[0]) > 1:
            out.append(rf"{re.escape(tokens[0][0])}\.?{_SEP}{_SEP.join(q[1:])}")
    else:
        out.append(q[0])
    for token in tokens:
        if len(token) >= 3 and token not in ROLE_WORDS and not token.isdigit():
            out.append(re.escape(token))
    return list(dict.fromkeys(out))


def titled_names(text: str) -> list[str]:
    """Names that follow a title in ``text`` (``Mr. Lucien Kremer`` → ``Lucien Kremer``).

    The name is the capitalised words right after the title, at most three.
    """
    found = []
    for match in _TITLE.finditer(text):
        if not match.group(1)[0].isupper():
            continue
        words = [match.group(1)]
        end = match.end()
        while len(words) < 3:
            more = _NEXT_WORD.match(text, end)
            if more is None or not more.group(1)[0].isupper():
                break
            words.append(more.group(1))
            end = more.end()
        found.append(" ".join(words))
    return found
