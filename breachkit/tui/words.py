"""Plain words at the cockpit's boundary: what the services say, in the TUI's words.

The services speak the command line's language: flags (``--authority``, ``--reason``),
fact keys (``occurred_at``, ``breach.cause``) and choice ids (``notify_authority``).
Every message the cockpit shows goes through :func:`tui_words` (``feedback.py`` and
the dialogs' problem lines), which names the field or the key instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from breachkit.core.risk.engine import Outcome
from breachkit.tui.facts import BY_KEY
from breachkit.tui.risk_words import RISK_NAMES, outcome_label

OTHER_KEYS = {
    "people_informed": "whether the people were told (the Risk tab's decision)",
    "reasons_for_delay": "the reasons for the delay",
    "earlier_reference": "the authority's reference of the earlier filing",
    "justification": "the justification",
    "response.measures": "Measures taken or proposed",
    "sector": "Sector (organisation profile)",
    "dpo_title": "Contact point's title (organisation profile)",
}
"""Keys that are not facts of the incident file."""

FLAGS: list[tuple[str, str]] = [
    (r"name one with --authority\b", "choose one in the To field"),
    (r"give --from, or ", "add "),
    (r"\s*\(--(?:reason|owner)\)", ""),
    (r"\(--due YYYY-MM-DD\)", "(YYYY-MM-DD)"),
    (r"run again with --allow-incomplete", "tick “Export it anyway”"),
    (r"export with --allow-incomplete", "tick “Export it anyway”"),
    (r"--reasons-for-delay", "the reasons for the delay"),
    (r"Use a new --out folder", "Choose a new output folder"),
    (r"--format pdf or both", "the format PDF, or PDF and e-mail"),
    (r"--combined", "One print file"),
    (r"--format", "the format"),
    (r"--tz\b", "time zone"),
    (r"--role\b", "our role"),
    (r"\(breachkit contained ID --at TIME\)", "(m on the Review tab)"),
]


def missing_label(key: str) -> str:
    """A missing item of a draft (a fact key or another key), named for the reader."""
    return label(key).replace("“", "").replace("”", "")


def label(key: str) -> str:
    """A fact key (``breach.cause``, ``occurred_at``) as the field's name, quoted."""
    parts = key.split(".")
    if len(parts) == 3 and parts[0] == "text" and len(parts[1]) == 2:  # text.nl.measures
        return f"{label(parts[2])} (the {parts[1]} text)"
    spec = BY_KEY.get(key) or next(
        (s for k, s in BY_KEY.items() if k.rsplit(".", 1)[-1] == key), None
    )
    if spec is not None:
        return f"“{spec.label}”"
    return OTHER_KEYS.get(key, key if "." in key else key.replace("_", " "))


def _keys_pattern() -> re.Pattern[str]:
    names = {k for k in BY_KEY} | {k.rsplit(".", 1)[-1] for k in BY_KEY if "_" in k}
    names |= set(OTHER_KEYS)
    names = {n for n in names if "_" in n or "." in n}  # plain words stay words
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w.-])({alternatives})(?![\w-])")


_KEYS = _keys_pattern()
OUTCOMES = frozenset(o.value for o in Outcome)
_DECIDING = re.compile(r"\b(\w+) / (\w+)\b")


def _choice(match: re.Match[str]) -> str:
    risk, outcome = match.group(1), match.group(2)
    if risk in RISK_NAMES and outcome in OUTCOMES:
        return f"“{RISK_NAMES[risk]}, {outcome_label(outcome)}”"
    return match.group(0)


def tui_words(message: str) -> str:
    """``message`` with flags, fact keys and choice ids in the cockpit's words."""
    for pattern, replacement in FLAGS:
        message = re.sub(pattern, replacement, message)
    message = _DECIDING.sub(_choice, message)
    replace: Callable[[re.Match[str]], str] = lambda m: label(m.group(1))  # noqa: E731
    return _KEYS.sub(replace, message)
