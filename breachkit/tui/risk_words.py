"""How the TUI says a risk recommendation or decision: outcomes, levels, markers, grounds.

Shared by the Risk pane and the decision dialogs, so both use the same words.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from breachkit.core.risk.engine import Outcome, RiskLevel

OUTCOME_BANNERS: Mapping[str, tuple[str, str]] = {
    Outcome.RECORD_ONLY: (
        "RECORD ONLY",
        "document it in the breach register (Art. 33(5)); no notification",
    ),
    Outcome.NOTIFY_AUTHORITY: (
        "NOTIFY THE AUTHORITY",
        "within 72 hours of awareness (Art. 33)",
    ),
    Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS: (
        "NOTIFY THE AUTHORITY AND TELL THE PEOPLE",
        "Art. 33 and Art. 34",
    ),
    Outcome.NOTIFY_AUTHORITY_AND_PUBLIC: (
        "NOTIFY THE AUTHORITY AND INFORM THE PUBLIC",
        "a public communication instead of letters (Art. 34(3)(c))",
    ),
}
"""Outcome -> (what to do, in capitals; why and how, briefly)."""

OUTCOME_LABELS: Mapping[str, str] = {
    Outcome.RECORD_ONLY: "record only",
    Outcome.NOTIFY_AUTHORITY: "notify the authority",
    Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS: "notify the authority and tell the people",
    Outcome.NOTIFY_AUTHORITY_AND_PUBLIC: "notify the authority and inform the public",
}

OUTCOME_CLASSES: Mapping[str, str] = {
    Outcome.RECORD_ONLY: "-low",
    Outcome.NOTIFY_AUTHORITY: "-medium",
    Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS: "-high",
    Outcome.NOTIFY_AUTHORITY_AND_PUBLIC: "-high",
}
"""The CSS class that colours an outcome: green, amber, red (theme colours)."""

RISK_SENTENCES: Mapping[str, str] = {
    RiskLevel.UNLIKELY: "unlikely to result in a risk to people's rights and freedoms",
    RiskLevel.RISK: "likely to result in a risk to people's rights and freedoms",
    RiskLevel.HIGH: "likely to result in a high risk to people's rights and freedoms",
}

RISK_NAMES: Mapping[str, str] = {
    RiskLevel.UNLIKELY: "risk unlikely",
    RiskLevel.RISK: "a risk to people",
    RiskLevel.HIGH: "a high risk to people",
}
"""A risk level as a short phrase (never "risk level risk")."""

RISK_CHOICES: Mapping[str, str] = {
    RiskLevel.UNLIKELY: "unlikely — unlikely to result in a risk (record only)",
    RiskLevel.RISK: "risk — notify the authority",
    RiskLevel.HIGH: "high — notify the authority and tell the people",
}
"""A risk level as a choice in the override dialog, with what it usually means."""

DEFAULT_OUTCOMES: Mapping[str, str] = {
    RiskLevel.UNLIKELY: Outcome.RECORD_ONLY,
    RiskLevel.RISK: Outcome.NOTIFY_AUTHORITY,
    RiskLevel.HIGH: Outcome.NOTIFY_AUTHORITY_AND_SUBJECTS,
}
"""The outcome that follows a risk level when a person chooses only the level."""

MARKS: Mapping[str, tuple[str, str]] = {
    "raises": ("▲", "error"),
    "lowers": ("▼", "success"),
    "assumed": ("?", "warning"),
}
"""A reason's direction -> its marker and the theme colour of the marker."""

NOT_A_BREACH = ("NOT A PERSONAL DATA BREACH", "recorded under Art. 33(5); no notification")

GROUNDS: Mapping[str, str] = {
    "34(3)(a)": "the data were unintelligible to anyone not authorised (e.g. strong "
    "encryption, key safe): the people need not be told",
    "34(3)(b)": "measures taken since ensure the high risk is no longer likely to "
    "materialise: the people need not be told",
    "34(3)(c)": "telling each person would involve disproportionate effort: inform them "
    "by a public communication instead",
}

SEVERITY_BANDS = (("low", "< 2"), ("medium", "< 3"), ("high", "< 4"), ("very_high", "≥ 4"))


def outcome_label(outcome: str) -> str:
    return OUTCOME_LABELS.get(outcome, outcome.replace("_", " "))


def choice(risk: str, outcome: str) -> str:
    """A decision or recommendation in words: ``notify the authority (a risk to people)``."""
    return f"{outcome_label(outcome)} ({RISK_NAMES.get(risk, risk)})"


def level_label(level: str) -> str:
    """``very_high`` -> ``very high``."""
    return level.replace("_", " ")


def split_basis(text: str, basis: str) -> str:
    """A reason's sentence without the ``(basis).`` the engine appends (shown apart)."""
    suffix = f" ({basis})."
    if basis and text.endswith(suffix):
        return text[: -len(suffix)] + "."
    return text


def _flatten(document: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in document.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def changed_facts(then: Mapping[str, Any], now: Mapping[str, Any]) -> list[str]:
    """The dotted fact keys whose value differs between two incident documents."""
    old, new = (_flatten(json.loads(json.dumps(d, default=str))) for d in (then, now))
    return sorted(key for key in old.keys() | new.keys() if old.get(key) != new.get(key))
